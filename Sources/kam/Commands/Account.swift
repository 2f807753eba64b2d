import ArgumentParser
import Planning
import Reports
import Scenarios

extension AccountReport.Format: ExpressibleByArgument {}

extension Kam {
    struct AccountCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "account",
            abstract: "One key account: its tier and why, health, what to review, its file, this week's team and visits.",
            subcommands: [Show.self])

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "show",
                abstract: "Show an account's page (table, json or html).",
                discussion: "Plans the week (allocation and visits) to show the account's team, requests, visits and calls. Contacts are personal data: the page is for the account's manager and planners.")
            @OptionGroup var source: ScenarioSource
            @Option(help: "The account's id.") var account: String
            @Option(help: "Output format: \(AccountReport.Format.allCases.map(\.rawValue).joined(separator: ", ")).") var format: AccountReport.Format = .table
            @Option(help: "Write to this file instead of standard output.") var out: String?

            func run() throws {
                let scenario = try source.load()
                // An unknown account is found before the week is planned.
                try AccountReport.check(account, in: scenario)
                let report = try AccountReport(plan: try WeeklyPlan.make(scenario), account: account)
                try emit(report.rendered(format), to: out)
            }
        }
    }
}
