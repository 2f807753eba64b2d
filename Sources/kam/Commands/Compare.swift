import Planning
import Allocation
import ArgumentParser
import Foundation
import Reports
import Scenarios

extension PlanComparison.Format: ExpressibleByArgument {}

extension Kam {
    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "compare",
            abstract: "Plan several scenario files and compare them side by side (what-ifs against the first).",
            discussion: "Objective, hours and coverage per tier, unmet hours and requests, each expert's utilization and shadow price, team changes, visits and travel. Works for any files, overlays or not.")

        @Argument(help: "Two or more scenario files; the first is the base of the comparison.", completion: .file(extensions: ["yaml", "yml", "json"]))
        var files: [String]

        @Option(help: "Output format: \(PlanComparison.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: PlanComparison.Format = .table

        @Option(help: "Write to this file instead of standard output.")
        var out: String?

        @OptionGroup var solve: SolveFlags

        func validate() throws {
            guard files.count >= 2 else { throw ValidationError("give at least two scenario files to compare") }
        }

        func run() throws {
            let (loads, outcomes) = WeeklyPlan.load(comparing: files, options: try solve.allocationOptions(), againstBase: true)
            var shown = Set<String>()  // overlays repeat their base's warnings: show each once
            for result in loads {
                for diagnostic in result.diagnostics where shown.insert(diagnostic.description).inserted {
                    StandardError.write("\(diagnostic)\n")
                }
            }
            guard let outcomes else {
                StandardError.write("nothing was compared: fix the errors above\n")
                throw ExitCode(1)
            }
            var plans: [WeeklyPlan] = []
            for (result, outcome) in zip(loads, outcomes) {
                switch outcome {
                case .success(let plan): plans.append(plan)
                case .failure(let error):
                    StandardError.write("error: \(result.scenario?.name ?? ""): \(error)\n")
                    throw ExitCode(1)
                }
            }
            try emit(PlanComparison(plans: plans, files: files).rendered(format), to: out)
            if let out { StandardError.write("wrote \(out)\n") }
        }
    }
}
