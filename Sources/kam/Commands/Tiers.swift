import ArgumentParser
import Reports
import Scenarios

extension TierReport.Format: ExpressibleByArgument {}

extension Kam {
    struct Tiers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tier the accounts (platinum, gold, iron, lead) and show the 80/20 view.",
            discussion: "Per account: tier, where it came from (pyramid, pareto or explicit), the basis it was ranked by, its rank and flags (lowMargin, unprofitable, oneOff). Then accounts and shares of revenue and profit per tier.")

        @OptionGroup var source: ScenarioSource

        @Option(help: "Output format: \(TierReport.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: TierReport.Format = .table

        func run() throws {
            let scenario = try source.load()
            try emit(TierReport(scenario).rendered(format), to: nil)
        }
    }
}
