import Allocation
import ArgumentParser
import Reports
import Scenarios

extension Kam {
    struct Recommend: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "recommend",
            abstract: "Who fits a request: candidates ranked by value per hour against their shadow price, and what meeting it in full would cost.")

        @OptionGroup var source: ScenarioSource

        @Option(help: "The request id.")
        var request: String

        @OptionGroup var solve: SolveFlags

        func run() throws {
            let scenario = try source.load()
            guard scenario.requests.contains(where: { $0.id == request }) else {
                let ids = scenario.requests.map(\.id)
                let hint = Suggestion.closest(to: request, in: ids).map { "; did you mean '\($0)'?" }
                    ?? (ids.isEmpty ? "; it has no requests" : "; its requests are \(ids.prefix(5).joined(separator: ", "))\(ids.count > 5 ? ", ..." : "")")
                throw fail("\(source.file ?? scenario.name + " " + scenario.week.description) has no request '\(request)'\(hint)")
            }
            let problem: AllocationProblem
            problem = try Allocator.problem(scenario, options: try solve.allocationOptions())
            let (plan, flowBasis) = try runTimedAllocation(problem, try solve.allocationOptions())
            let recommendation = try Allocator.recommend(problem, plan: plan, request: request, options: try solve.allocationOptions(),
                                                         flowBasis: flowBasis)
            try emit(RecommendationReport(recommendation).rendered(), to: nil)
        }
    }
}
