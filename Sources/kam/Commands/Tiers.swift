import ArgumentParser
import Reports
import Scenarios

extension TierReport.Format: ExpressibleByArgument {}

extension Kam {
    struct Tiers: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tiers",
            abstract: "Tier the accounts (platinum, gold, iron, lead) and show the 80/20 view.",
            discussion: "Per account: tier, where it came from (pyramid, pareto or explicit), the basis it was ranked by, its rank and flags (lowMargin, unprofitable, oneOff); with account files, the health score and what to review. Then accounts and shares of revenue and profit per tier; with --previous, who moved up or down since and the watch list.")

        @OptionGroup var source: ScenarioSource

        @Option(help: "Output format: \(TierReport.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: TierReport.Format = .table

        @Option(help: ArgumentHelp("A scenario of an earlier period, to compare tiers with (repeat it, most recent first: two give the watch list of accounts sliding two periods in a row).",
                                   valueName: "file"), completion: .file(extensions: ["yaml", "yml", "json"]))
        var previous: [String] = []

        @Option(help: ArgumentHelp("With a workspace: an earlier week whose published plan's tiers to compare with (repeat it, most recent first).",
                                   valueName: "week"), transform: parseWeek)
        var previousWeek: [ISOWeek] = []

        func validate() throws {
            if !previousWeek.isEmpty && source.workspaceDirectory == nil { throw ValidationError("--previous-week goes with a workspace; with a file, give --previous FILE") }
            if !previousWeek.isEmpty && !previous.isEmpty { throw ValidationError("give --previous FILE or --previous-week WEEK, not both") }
        }

        func run() throws {
            let (scenario, workspace) = try source.loadWithWorkspace()
            if let workspace, !previousWeek.isEmpty {
                let recorded = try previousWeek.map { try workspace.publishedTiers(week: $0) }
                try emit(TierReport(scenario, recorded: recorded).rendered(format), to: nil)
                return
            }
            let earlier = try previous.map { try loadScenario($0) }
            try emit(TierReport(scenario, previous: earlier).rendered(format), to: nil)
        }
    }
}
