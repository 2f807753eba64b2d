import ArgumentParser
import LinearProgramming

@main
struct Kam: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kam",
        abstract: "Key-account management planner: expert hours for key accounts and a visit calendar per manager, for one ISO week.",
        discussion: """
            kam reads a scenario file (managers, experts, accounts, requests, policy) and plans the week:
            a linear program solved with GLPK lends shared experts' hours to platinum and gold accounts by
            value, explains every unmet request and what one more hour of each expert is worth, and
            schedules each manager's visits by tier cadence, grouped by region.

            Solver: \(SolverInfo.description)
            """,
        version: KamVersion.string
    )
}
