import Allocation
import ArgumentParser
import Reports
import Scenarios

extension Kam {
    struct Recommend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Who fits a request: candidates ranked by value per hour against their shadow price, and what meeting it in full would cost.")

        @Argument(help: "A scenario file.")
        var file: String

        @Option(help: "The request id.")
        var request: String

        @OptionGroup var solve: SolveFlags

        func run() throws {
            let scenario = try loadScenario(file)
            guard scenario.requests.contains(where: { $0.id == request }) else {
                let hint = scenario.requests.map(\.id).min { a, b in a.commonPrefix(with: request).count > b.commonPrefix(with: request).count }
                throw ValidationError("\(file) has no request '\(request)'\(hint.map { "; requests include '\($0)'" } ?? "")")
            }
            let problem = AllocationProblem(scenario)
            let plan = try runAllocation(problem, solve.allocationOptions())
            do {
                let recommendation = try Allocator.recommend(problem, plan: plan, request: request, options: solve.allocationOptions())
                try emit(RecommendationReport(recommendation).rendered(), to: nil)
            } catch let error as AllocationError {
                StandardError.write("error: \(error)\n")
                throw ExitCode(1)
            }
        }
    }
}
