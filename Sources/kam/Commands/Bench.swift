import Allocation
import ArgumentParser
import Foundation
import LinearProgramming
import Reports
import Scenarios
import Visits

extension Kam {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure kam's phases on scenario files (build with -c release for real figures).",
            discussion: "For each file: wall time of load (read, parse, decode and validate), build (the allocation model), solve (GLPK), explain (plan, reasons, shadow prices), visits (every manager's MIP, in parallel) and write (plan JSON), the best of --repeat runs; the model size; and the process's peak memory.")

        @Argument(help: "Scenario files.")
        var files: [String]

        @Option(help: "How many times to run each file; the best time of each phase is kept.")
        var `repeat`: Int = 1

        @Flag(help: "Skip the visit schedule.")
        var noVisits = false

        func validate() throws {
            guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
        }

        func run() throws {
            var table = TextTable([("file", .left), ("MB", .right), ("accounts", .right), ("experts", .right), ("pairs", .right),
                                   ("rows", .right), ("load", .right), ("build", .right), ("solve", .right), ("explain", .right),
                                   ("visits", .right), ("write", .right), ("total", .right), ("peak MB", .right)])
            var notes: [String] = []
            for file in files {
                var best = [Double](repeating: .infinity, count: 7)
                var bestLoad = LoadPhases()
                var bestLoadTotal = Double.infinity
                var solveNote = ""
                var size = (accounts: 0, experts: 0, pairs: 0, rows: 0)
                for _ in 0..<`repeat` {
                    var times = [Double]()
                    let clock = ContinuousClock()
                    func lap<T>(_ body: () throws -> T) rethrows -> T {
                        let start = clock.now
                        let value = try body()
                        times.append(Self.seconds(clock.now - start))
                        return value
                    }
                    var phases = LoadPhases()
                    let loaded = lap { ScenarioLoader.load(path: file, phases: &phases) }
                    if times[0] < bestLoadTotal { (bestLoad, bestLoadTotal) = (phases, times[0]) }
                    guard let scenario = loaded.scenario else {
                        for diagnostic in loaded.errors { StandardError.write("\(diagnostic)\n") }
                        throw ExitCode(1)
                    }
                    let problem = lap { AllocationProblem(scenario) }
                    let flowStart = clock.now
                    let basis = FlowBasis.basis(for: problem)
                    let flowSeconds = Self.seconds(clock.now - flowStart)
                    var options = Allocator.solveOptions(for: problem, AllocationOptions())
                    options.startingBasis = basis
                    let glpkStart = clock.now
                    let solution = try LinearProgramming.solve(problem.model, options: options)
                    times.append(flowSeconds + Self.seconds(clock.now - glpkStart))
                    solveNote = String(format: "solve = min-cost flow %.3f + GLPK %.3f (%d iterations, %@)", flowSeconds,
                                       Self.seconds(clock.now - glpkStart), solution.iterations,
                                       solution.warmStarted ? "warm start from the flow basis" : (basis == nil ? "cold: a MIP" : "cold: basis refused"))
                    let plan = try lap { try Allocator.plan(problem, solution) }
                    let visits = try lap { noVisits ? nil : try VisitScheduler.schedule(scenario, tiers: problem.tiers) }
                    _ = lap { PlanDocument(scenario: scenario, tiers: problem.tiers, allocation: plan, visits: visits).json().rendered() }
                    times.append(times.reduce(0, +))
                    best = zip(best, times).map { min($0, $1) }
                    size = (scenario.accounts.count, scenario.experts.count, problem.pairs.count, problem.model.constraints.count)
                }
                let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1_048_576
                table.add([file, String(format: "%.1f", megabytes), "\(size.accounts)", "\(size.experts)", "\(size.pairs)", "\(size.rows)"]
                          + best.map { String(format: "%.2f", $0) } + [String(format: "%.0f", Self.peakMegabytes())])
                notes.append(String(format: "%@: load = read %.3f + parse %.3f + decode and validate %.3f; ", file,
                                    Self.seconds(bestLoad.read), Self.seconds(bestLoad.parse), Self.seconds(bestLoad.decode)) + solveNote)
            }
            print(table.rendered(), terminator: "")
            notes.forEach { print($0) }
            print("seconds, best of \(`repeat`); peak MB is the whole process so far (getrusage); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        }

        /// The process's peak resident memory in MB (Linux reports ru_maxrss in KB).
        static func peakMegabytes() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_maxrss) / 1024
        }
    }
}
