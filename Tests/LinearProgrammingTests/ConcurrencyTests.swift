import Foundation
import Synchronization
import Testing
@testable import LinearProgramming

/// GLPK 5.0 keeps its environment per thread; `solve` keeps each problem on one thread, so
/// independent models can be solved at the same time.
@Suite("Solving in parallel")
struct ConcurrencyTests {
    /// Eight different models: transportation problems of several sizes and costs, and knapsacks.
    static let models: [LinearModel] = (0..<8).map { (i: Int) -> LinearModel in
        if i % 4 == 3 { return Fixtures.knapsack().model }
        let scale = Double(i + 1)
        let perturbation = 0.01 * Double(i)
        return Fixtures.transportation(scale: scale, perturbation: perturbation).model
    }

    struct Answer: Equatable {
        var status: Solution.Status
        var objective: Double
        var values: [Double]
        var duals: [Double]
        init(_ solution: Solution) {
            (status, objective, values, duals) = (solution.status, solution.objective, solution.values, solution.duals)
        }
    }

    @Test("8 models solved concurrently in a task group give the same answers as serially")
    func taskGroup() async throws {
        let serial = try Self.models.map { Answer(try solve($0)) }
        #expect(serial[0].objective == 130)
        for _ in 0..<5 {
            let concurrent = try await withThrowingTaskGroup(of: (Int, Answer).self) { group in
                for (index, model) in Self.models.enumerated() {
                    group.addTask { (index, Answer(try solve(model))) }
                }
                var answers = [Answer?](repeating: nil, count: Self.models.count)
                for try await (index, answer) in group { answers[index] = answer }
                return answers.compactMap { $0 }
            }
            #expect(concurrent == serial)
        }
    }

    @Test("8 threads solving at once, one of them provoking GLPK errors, do not disturb each other")
    func threads() throws {
        let serial = try Self.models.map { Answer(try solve($0)) }
        let results = Mutex<[Int: [Answer]]>([:])
        let errors = Mutex<[String]>([])
        let group = DispatchGroup()
        for index in 0..<8 {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                var answers: [Answer] = []
                for round in 0..<25 {
                    do {
                        if index == 7 && round % 2 == 0 {
                            // A GLPK error on this thread frees only this thread's environment.
                            var bad = LinearModel()
                            _ = bad.addVariable(bounds: .range(.nan, 1))
                            _ = try? solve(bad)
                            try GLPKSession.run(verbose: false) {
                                let problem = try GLPKProblem()
                                _ = try? problem.setRow(3, .free, name: nil)
                            }
                        }
                        answers.append(Answer(try solve(Self.models[index])))
                    } catch {
                        errors.withLock { $0.append("\(error)") }
                    }
                }
                results.withLock { $0[index] = answers }
            }
            thread.start()
        }
        group.wait()
        #expect(errors.withLock { $0 } == [])
        let answers = results.withLock { $0 }
        for index in 0..<8 {
            #expect(answers[index]?.count == 25)
            #expect(answers[index]?.allSatisfy { $0 == serial[index] } == true)
        }
    }
}
