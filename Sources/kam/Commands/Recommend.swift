import Allocation
import ArgumentParser
import Foundation
import Reports
import Scenarios

extension Kam {
    struct Recommend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recommend",
            abstract: "Who fits a request: candidates ranked by value per hour against their shadow price, and what meeting it in full would cost.",
            discussion: "With --plan DIR it answers against a plan kam plan wrote, from the solver state the plan keeps (\(RecommendationState.fileName)): the scenario is not read again, and meeting the request in full is re-solved from the plan's own basis.")

        @OptionGroup var source: ScenarioSource

        @Option(help: "The request id.")
        var request: String

        @Option(help: "A plan directory written by kam plan: answer against that plan without reading the scenario again (give no scenario file or workspace with it).", completion: .directory)
        var plan: String?

        @OptionGroup var solve: SolveFlags

        func validate() throws {
            guard plan != nil else { return }
            if source.file != nil || source.workspace != nil || source.week != nil || source.database.database != nil {
                throw ValidationError("--plan DIR answers against that plan: give it without a scenario file, --workspace, --week or --database")
            }
            if solve.reference != nil || solve.maxPairs != AllocationOptions.defaultMaxPairs {
                throw ValidationError("--reference and --max-pairs shape the plan: they go to kam plan, not to recommend --plan")
            }
        }

        func run() throws {
            let options = try solve.allocationOptions()
            if let plan {
                let state = try Self.readState(plan)
                try Self.warnIfChanged(state, plan: plan)
                try check(state.requests.map(\.id), in: "the plan in \(plan)")
                try emit(RecommendationReport(try state.recommend(request: request, options: options)).rendered(), to: nil)
                return
            }
            let scenario = try source.load()
            try check(scenario.requests.map(\.id), in: source.file ?? scenario.name + " " + scenario.week.description)
            let problem = try Allocator.problem(scenario, options: options)
            let (plan, flowBasis) = try runTimedAllocation(problem, options)
            let recommendation = try Allocator.recommend(problem, plan: plan, request: request, options: options, flowBasis: flowBasis)
            try emit(RecommendationReport(recommendation).rendered(), to: nil)
        }

        /// The request must be one of `ids`; else an error naming the closest.
        private func check(_ ids: [String], in what: String) throws {
            guard !ids.contains(request) else { return }
            let hint = Suggestion.closest(to: request, in: ids).map { "; did you mean '\($0)'?" }
                ?? (ids.isEmpty ? "; it has no requests" : "; its requests are \(ids.prefix(5).joined(separator: ", "))\(ids.count > 5 ? ", ..." : "")")
            throw fail("\(what) has no request '\(request)'\(hint)")
        }

        /// The solver state of the plan in `directory`.
        static func readState(_ directory: String) throws -> RecommendationState {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw fail("\(directory): no such plan directory; give the --out DIR of kam plan")
            }
            let path = (directory as NSString).appendingPathComponent(RecommendationState.fileName)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw fail("\(path): no solver state here; kam plan writes it with every weekly plan (a --weeks horizon's weeks have none): run kam plan again")
            }
            do {
                return try RecommendationState(bytes: [UInt8](data))
            } catch {
                throw fail("\(path): \(error)")
            }
        }

        /// A warning on stderr when the scenario file the plan was made from has changed or is gone.
        static func warnIfChanged(_ state: RecommendationState, plan: String) throws {
            guard let source = state.source, !source.matchesFile() else { return }
            let what = FileManager.default.fileExists(atPath: source.path) ? "has changed since" : "is gone since"
            StandardError.write("warning: \(source.path) \(what) the plan in \(plan) was made; this answer is about the plan as it was made (run kam plan again for the file as it is now)\n")
        }
    }
}
