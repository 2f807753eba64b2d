import Foundation
import TestSupport
import Testing
@testable import Scenarios

@Suite("YAML, JSON and the generator")
struct RoundTripTests {
    @Test("The same scenario in JSON and YAML loads to the same value")
    func jsonYAMLEquivalence() throws {
        let json = """
            {"week": "2026-W48",
             "managers": [{"id": "m1", "region": "east"}],
             "experts": [{"id": "e1", "skills": {"network": 0.8}}],
             "accounts": [{"id": "a1", "manager": "m1", "region": "east", "revenue": 100}],
             "requests": [{"id": "r1", "account": "a1", "skill": "network", "hours": 8}]}
            """
        let fromJSON = try #require(load(json, file: "t.json").scenario)
        let fromYAML = try #require(load(minimalScenario, file: "t.yaml").scenario)
        #expect(fromJSON == fromYAML)
    }

    @Test("The baseline written back as YAML and as JSON loads to the same scenario", arguments: ScenarioWriter.Format.allCases)
    func writerRoundTrip(format: ScenarioWriter.Format) throws {
        let baseline = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
        let text = ScenarioWriter.render(baseline, as: format)
        let reloaded = load(text, file: "copy.\(format.rawValue)")
        #expect(reloaded.errors.isEmpty, "\(reloaded.errors)")
        #expect(reloaded.scenario == baseline)
    }

    @Test("Every policy field survives a round trip")
    func policyRoundTrip() throws {
        var scenario = try #require(load(minimalScenario).scenario)
        scenario.policy.tiering.method = .pareto
        scenario.policy.tiering.by = .value
        scenario.policy.tiering.pareto = TierThresholds(platinum: 0.4, gold: 0.7, iron: 0.9)
        scenario.policy.allocation.eligibleTiers = [.platinum, .gold, .iron]
        scenario.policy.allocation.stageWeight[.establish] = 2
        scenario.policy.allocation.mipGap = 0.01
        scenario.policy.visits.cadence[.gold] = .some(nil)
        scenario.policy.visits.workdays = [.monday, .wednesday]
        scenario.policy.visits.dayStart = TimeOfDay(hour: 8, minute: 30)!
        scenario.policy.requests.approval = .required
        for format in ScenarioWriter.Format.allCases {
            #expect(load(ScenarioWriter.render(scenario, as: format), file: "p.\(format.rawValue)").scenario == scenario)
        }
    }

    @Test("policy.requests.approval: auto or required; anything else is a located error")
    func approvalPolicy() throws {
        let required = load(minimalScenario + "policy:\n  requests:\n    approval: required\n")
        #expect(required.scenario?.policy.requests.approval == .required)
        #expect(load(minimalScenario).scenario?.policy.requests.approval == .auto)
        let bad = load(minimalScenario + "policy:\n  requests:\n    approval: sometimes\n    quorum: 2\n")
        #expect(bad.errors.map(\.description).sorted() == [
            "t.yaml:8:15: error: 'approval' of policy.requests is 'sometimes', expected auto or required",
            "t.yaml:9:5: error: unknown key 'quorum' in policy.requests; expected one of: approval",
        ])
    }

    @Test("Strings that YAML would misread are quoted")
    func quoting() throws {
        var scenario = try #require(load(minimalScenario).scenario)
        let tricky = ["yes", "null", "12", "2026-11-23", "a: b", "#x", " lead", "x #y", "\"q\"", "line\nbreak", "中文名称", "-1", "~", "@at"]
        for (index, text) in tricky.enumerated() {
            scenario.managers.append(Manager(id: "mq\(index)", name: text, region: text))
        }
        let reloaded = load(ScenarioWriter.render(scenario, as: .yaml)).scenario
        #expect(reloaded?.managers.map(\.name) == scenario.managers.map(\.name))
        #expect(reloaded?.managers.map(\.region) == scenario.managers.map(\.region))
    }

    @Test("Generated scenarios: same seed, same file; valid; shaped like a customer book")
    func generator() throws {
        let week = ISOWeek(year: 2026, week: 48)!
        let first = ScenarioWriter.render(ScenarioGenerator(customers: 800, experts: 40, seed: 7, week: week).generate(), as: .yaml)
        let again = ScenarioWriter.render(ScenarioGenerator(customers: 800, experts: 40, seed: 7, week: week).generate(), as: .yaml)
        let other = ScenarioWriter.render(ScenarioGenerator(customers: 800, experts: 40, seed: 8, week: week).generate(), as: .yaml)
        #expect(first == again)
        #expect(first != other)
        let result = load(first, file: "generated.yaml")
        #expect(result.errors.isEmpty, "\(result.errors.prefix(3))")
        let scenario = try #require(result.scenario)
        #expect(scenario.accounts.count == 800 && scenario.experts.count == 40 && scenario.managers.count == 8)
        #expect(!scenario.requests.isEmpty && !scenario.history.isEmpty)
        // 80/20: the top 20% of accounts hold most of the revenue.
        let revenues = scenario.accounts.map(\.revenue).sorted(by: >)
        let top = revenues.prefix(160).reduce(0, +) / revenues.reduce(0, +)
        #expect(top > 0.6)
        // Requests come from key accounts: every requesting account is in the top 20% by revenue.
        let cutoff = revenues[159]
        let revenueOf = Dictionary(uniqueKeysWithValues: scenario.accounts.map { ($0.id, $0.revenue) })
        #expect(scenario.requests.allSatisfy { revenueOf[$0.account]! >= cutoff })
        #expect(scenario.requests.allSatisfy { !$0.singleExpert } && scenario.experts.allSatisfy { $0.maxAccounts == nil })
        let binaries = ScenarioGenerator(customers: 2000, experts: 100, seed: 7, week: week, withBinaries: true).generate()
        #expect(binaries.requests.contains { $0.singleExpert } && binaries.experts.contains { $0.maxAccounts != nil })
        // A manager owns accounts of the own region only; a crowded book's managers own accounts in
        // several regions, one manager per ~160 customers (3,200 customers: 20 managers, 8 regions).
        func regionsPerManager(_ scenario: Scenario) -> [Int] {
            Dictionary(grouping: scenario.accounts, by: \.manager).values.map { Set($0.map(\.region)).count }
        }
        #expect(regionsPerManager(scenario).allSatisfy { $0 == 1 })
        let crowded = ScenarioGenerator(customers: 3200, experts: 100, seed: 7, week: week, crowdedVisits: true).generate()
        #expect(crowded.managers.count == 20)
        #expect(regionsPerManager(crowded).allSatisfy { $0 >= 6 })
    }

    @Test("ISO weeks and dates")
    func calendar() {
        #expect(ISOWeek("2026-W48")!.monday.description == "2026-11-23")
        #expect(ISOWeek("2026-W01")!.monday.description == "2025-12-29")
        #expect(ISOWeek("2026-W53")!.monday.description == "2026-12-28")
        #expect(ISOWeek("2027-W53") == nil)
        #expect(ISOWeek(containing: CalendarDate("2027-01-01")!).description == "2026-W53")
        #expect(ISOWeek(containing: CalendarDate("2024-12-30")!).description == "2025-W01")
        #expect(CalendarDate("2024-02-29") != nil && CalendarDate("2025-02-29") == nil)
        #expect(CalendarDate("2026-11-23")!.weekday == .monday)
        #expect(CalendarDate("2026-11-23")!.adding(days: 30).description == "2026-12-23")
        #expect(ISOWeek("2026-w48") == nil && ISOWeek("2026-W4") == nil && CalendarDate("2026-1-5") == nil)
    }
}
