import Allocation
import ArgumentParser
import Foundation
import LinearProgramming
import Reports
import Scenarios

extension AllocationReport.Format: ExpressibleByArgument {}

/// Options every solving command shares.
struct SolveFlags: ParsableArguments {
    @Option(help: "Seconds the solver may take (default: policy.allocation.timeLimitSeconds, 60).")
    var timeLimit: Double?

    @Flag(help: "Show GLPK's own output on stderr.")
    var verbose = false

    @Option(help: "The most candidate pairs (expert, request) a book may have before it is refused unbuilt (default: \(AllocationOptions.defaultMaxPairs)).")
    var maxPairs: Int = AllocationOptions.defaultMaxPairs

    @Option(help: "A plan.json to re-plan against: policy.allocation.changePenalty is paid per hour moved away from it, and the plan lists every move.", completion: .file())
    var reference: String?

    func validate() throws {
        if let timeLimit, !(timeLimit > 0 && timeLimit <= 2_000_000) {
            throw ValidationError("--time-limit must be a number of seconds > 0")
        }
        if maxPairs < 1 { throw ValidationError("--max-pairs must be a whole number >= 1") }
    }

    /// Allocation options, with the `--reference` plan read (a located error on stderr, exit 1, if it
    /// cannot be); MIP progress goes to stderr when it is a terminal.
    func allocationOptions() throws -> AllocationOptions {
        var options = AllocationOptions(timeLimit: timeLimit, verbose: verbose, progress: isatty(2) == 1 ? ProgressLine.report : nil)
        options.maxPairs = maxPairs
        if let reference {
            do {
                options.reference = try ReferencePlan.read(path: reference)
            } catch {
                StandardError.write("\(error)\n")
                throw ExitCode(1)
            }
        }
        return options
    }
}

/// One line of branch-and-bound progress on a terminal, rewritten in place twice a second.
enum ProgressLine {
    static let report: @Sendable (MIPProgress) -> MIPProgress.Action = { progress in
        guard progress.elapsed >= 1 else { return .proceed }
        let incumbent = progress.incumbent.map { String(format: "%.2f", $0) } ?? "none yet"
        let gap = progress.gap.map { String(format: "%.2f%%", $0 * 100) } ?? "-"
        StandardError.writeControl(String(format: "\r  searching %.0fs: best plan %@, gap %@, %d nodes   ", progress.elapsed, incumbent, gap, progress.nodes))
        return .proceed
    }
}

extension Kam {
    struct Allocate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "allocate",
            abstract: "Allocate expert hours to platinum and gold accounts for the week (GLPK).",
            discussion: "Shows each account's virtual team, every unmet request with its reason, and each expert's utilization and shadow price (what one more hour of that expert is worth). --format json prints the plan format of docs/scenario-format.md.")

        @OptionGroup var source: ScenarioSource

        @Option(help: "Output format: \(AllocationReport.Format.allCases.map(\.rawValue).joined(separator: ", ")) (csv lists the assignments).")
        var format: AllocationReport.Format = .table

        @Option(help: "Also write the model for other solvers: a .mps (free MPS) or .lp (CPLEX LP) file.", completion: .file(extensions: ["mps", "lp"]))
        var exportModel: String?

        @OptionGroup var solve: SolveFlags

        func validate() throws {
            if let exportModel, ModelFileFormat(path: exportModel) == nil {
                throw ValidationError("--export-model must name a .mps or .lp file")
            }
        }

        func run() throws {
            let scenario = try source.load()
            let options = try solve.allocationOptions()
            let problem: AllocationProblem
            problem = try Allocator.problem(scenario, names: exportModel != nil, options: options)
            if let exportModel {
                do {
                    try export(problem.model, to: exportModel)
                } catch { throw fail("\(error)", .unavailable) }
                StandardError.write("wrote the model to \(exportModel): \(problem.model.variables.count) variables, \(problem.model.constraints.count) rows\(problem.model.sense == .maximize ? " (maximize)" : "")\n")
            }
            let plan = try runAllocation(problem, options)
            try emit(AllocationReport(scenario: scenario, plan: plan, tiers: problem.tiers).rendered(format), to: nil)
        }
    }
}

/// Solves, turning failures into a message and exit code 1.
func runAllocation(_ problem: AllocationProblem, _ options: AllocationOptions) throws -> AllocationPlan {
    try runTimedAllocation(problem, options).plan
}

/// `runAllocation`, with the flow basis the plan was solved from (`kam recommend` re-solves from it).
func runTimedAllocation(_ problem: AllocationProblem, _ options: AllocationOptions) throws -> (plan: AllocationPlan, flowBasis: Basis?) {
    let (plan, flowBasis) = try Allocator.solveKeepingFlowBasis(problem, options: options)
        if options.progress != nil && problem.binaryCount > 0 { StandardError.writeControl("\r\u{1B}[K") }
        if plan.status == .timeLimit {
            StandardError.write("warning: the time limit ended the search; this is the best plan found (gap \(String(format: "%.2f%%", plan.mipGap * 100)))\n")
        }
        return (plan, flowBasis)
}
