import ArgumentParser
import Foundation
import Reports
import Scenarios

extension Kam {
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract: "Write a realistic synthetic scenario, for demos and benchmarks.",
            discussion: "Skewed revenues (80/20), regions, a manager per ~100 customers, experts with 1-3 skills, requests for the top 5% of accounts, some history. The same options give the same file.")

        @Option(help: "Number of customers (accounts).")
        var customers: Int

        @Option(help: "Number of experts.")
        var experts: Int

        @Option(help: "Random seed.")
        var seed: UInt64 = 1

        @Option(help: "The ISO week to plan, like 2026-W48.")
        var week: String = "2026-W48"

        @Flag(help: "Add singleExpert requests and maxAccounts experts (the allocation becomes a MIP).")
        var withBinaries = false

        @Flag(help: "Crowded visit weeks: a manager per ~160 customers with accounts in every region (the visits benchmark).")
        var crowdedVisits = false

        @Option(help: "Output file (.yaml, .yml or .json); standard output (YAML) when omitted.")
        var out: String?

        func validate() throws {
            guard customers >= 1, customers <= 10_000_000 else { throw ValidationError("--customers must be between 1 and 10000000") }
            guard experts >= 1, experts <= 1_000_000 else { throw ValidationError("--experts must be between 1 and 1000000") }
            guard ISOWeek(week) != nil else { throw ValidationError("--week '\(week)' is not an ISO week like 2026-W48") }
            if let out {
                let ext = (out as NSString).pathExtension.lowercased()
                guard ["yaml", "yml", "json"].contains(ext) else { throw ValidationError("--out must end in .yaml, .yml or .json") }
            }
        }

        func run() throws {
            let generator = ScenarioGenerator(customers: customers, experts: experts, seed: seed, week: ISOWeek(week)!,
                                           withBinaries: withBinaries, crowdedVisits: crowdedVisits)
            let scenario = generator.generate()
            let format: ScenarioWriter.Format = out.map { ($0 as NSString).pathExtension.lowercased() == "json" ? .json : .yaml } ?? .yaml
            try emit(ScenarioWriter.render(scenario, as: format), to: out)
            if let out {
                StandardError.write("wrote \(out): \(NumberFormat.count(scenario.managers.count, "manager")), \(NumberFormat.count(scenario.experts.count, "expert")), \(NumberFormat.count(scenario.accounts.count, "account")), \(NumberFormat.count(scenario.requests.count, "request"))\n")
            }
        }
    }
}
