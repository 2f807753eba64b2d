import Foundation
import TestSupport
import Testing
@testable import Scenarios

@Suite("What-if overlays")
struct OverlayTests {
    static let base = """
        name: Base
        week: 2026-W48
        policy:
          allocation: {tierWeight: {gold: 3}, shortfallPenalty: 50}
        managers: [{id: m1, region: east}, {id: m2, region: north}]
        experts:
          - {id: e1, name: Wang, region: east, weeklyHours: 40, skills: {network: 0.9}}
          - {id: e2, region: north, skills: {cloud: 0.7}}
        accounts:
          - {id: a1, manager: m1, region: east, revenue: 100}
          - {id: a2, manager: m2, region: north, revenue: 50}
        requests:
          - {id: r1, account: a1, skill: network, hours: 8}
          - {id: r2, account: a2, skill: cloud, hours: 4}
        history:
          - {expert: e1, account: a1, hours: 6}
          - {expert: e2, account: a2, hours: 2}

        """

    @Test("Lists merge by id, fields merge within an entry, policy merges deeply")
    func merge() throws {
        let folder = try directory(with: ["base.yaml": Self.base, "what-if.yaml": """
            extends: base.yaml
            experts:
              - {id: e1, weeklyHours: 20}
              - {id: e3, skills: {data: 0.8}}
            requests:
              - {id: r2, hours: 10, priority: high}
            history:
              - {expert: e1, account: a1, hours: 12}
            policy:
              allocation: {tierWeight: {platinum: 6}}
            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = ScenarioLoader.load(path: folder.appendingPathComponent("what-if.yaml").path)
        #expect(result.diagnostics.isEmpty)
        let scenario = try #require(result.scenario)
        #expect(scenario.name == "Base")  // taken from the base: the overlay gives none
        #expect(scenario.experts.map(\.id) == ["e1", "e2", "e3"])
        #expect(scenario.experts[0].weeklyHours == 20)
        #expect(scenario.experts[0].name == "Wang")  // untouched field kept
        #expect(scenario.experts[0].skills == [Skill("network", proficiency: 0.9)])
        #expect(scenario.requests[1] == ExpertRequest(id: "r2", account: "a2", skill: "cloud", hours: 10, priority: .high))
        #expect(scenario.history == [HistoryEntry(expert: "e1", account: "a1", hours: 12), HistoryEntry(expert: "e2", account: "a2", hours: 2)])
        #expect(scenario.policy.allocation.tierWeight == [.platinum: 6, .gold: 3, .iron: 1, .lead: 0.5])
        #expect(scenario.policy.allocation.shortfallPenalty == 50)
    }

    @Test("Overlays chain: name and week from the nearest file that gives them")
    func chain() throws {
        let folder = try directory(with: [
            "base.yaml": Self.base,
            "middle.yaml": "extends: base.yaml\nname: Middle\nweek: 2026-W49\n",
            "top.yaml": "extends: middle.yaml\nexperts: [{id: e2, weeklyHours: 8}]\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenario = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("top.yaml").path).scenario)
        #expect(scenario.name == "Middle")
        #expect(scenario.week.description == "2026-W49")
        #expect(scenario.experts[1].weeklyHours == 8)
    }

    @Test("remove deletes ids after merging; an account takes its requests and history with it")
    func remove() throws {
        let folder = try directory(with: ["base.yaml": Self.base, "drop.yaml": """
            extends: base.yaml
            requests: [{id: r3, account: a2, skill: cloud, hours: 2}]
            remove: {accounts: [a2], experts: [e1]}
            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = ScenarioLoader.load(path: folder.appendingPathComponent("drop.yaml").path)
        let scenario = try #require(result.scenario)
        #expect(scenario.accounts.map(\.id) == ["a1"])
        #expect(scenario.requests.map(\.id) == ["r1"])  // r2 and the overlay's own r3 were for a2
        #expect(scenario.experts.map(\.id) == ["e2"])
        #expect(scenario.history == [])  // e1's and a2's history went with them
        #expect(messages(result) == ["\(folder.path)/base.yaml:13:5: warning: request 'r1' needs skill 'network', which no expert has"])
    }

    @Test("remove errors: an unknown id, a wrong kind, and remove without extends")
    func removeErrors() throws {
        let folder = try directory(with: [
            "base.yaml": Self.base,
            "bad.yaml": "extends: base.yaml\nremove: {experts: [e9], accounts: [a1x], teams: [t1]}\n",
            "alone.yaml": Self.base + "remove: {experts: [e1]}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.yaml").path
        #expect(messages(ScenarioLoader.load(path: bad)) == [
            "\(bad):2:20: error: 'remove' names expert 'e9', which the scenario does not have; did you mean 'e1'?",
            "\(bad):2:36: error: 'remove' names account 'a1x', which the scenario does not have; did you mean 'a1'?",
            "\(bad):2:42: error: unknown key 'teams' in 'remove'; expected one of: experts, accounts, managers, requests",
        ])
        let alone = folder.appendingPathComponent("alone.yaml").path
        #expect(messages(ScenarioLoader.load(path: alone)) == [
            "\(alone):18:9: error: 'remove' needs 'extends': there is no base scenario to remove from",
        ])
    }

    @Test("An extends cycle is reported with the chain")
    func cycle() throws {
        let folder = try directory(with: [
            "a.yaml": "extends: b.yaml\nweek: 2026-W48\n",
            "b.yaml": "extends: c.yaml\n",
            "c.yaml": "extends: a.yaml\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = ScenarioLoader.load(path: folder.appendingPathComponent("a.yaml").path)
        #expect(messages(result) == ["\(folder.path)/c.yaml:1:10: error: 'extends' makes a cycle: a.yaml -> b.yaml -> c.yaml -> a.yaml"])
        let selfLoop = try directory(with: ["self.yaml": "extends: self.yaml\n"])
        defer { try? FileManager.default.removeItem(at: selfLoop) }
        #expect(messages(ScenarioLoader.load(path: selfLoop.appendingPathComponent("self.yaml").path)) == [
            "\(selfLoop.path)/self.yaml:1:10: error: 'extends' makes a cycle: self.yaml -> self.yaml",
        ])
    }

    @Test("A missing base file is reported where extends names it")
    func missingBase() throws {
        let folder = try directory(with: ["what-if.yaml": "# a what-if\nextends: nowhere.yaml\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("what-if.yaml").path
        #expect(messages(ScenarioLoader.load(path: path)) == [
            "\(path):2:10: error: cannot read base scenario '\(folder.path)/nowhere.yaml': no such file",
        ])
    }

    @Test("Errors in a base file are reported with the base's path, overlay errors with the overlay's")
    func errorsInBoth() throws {
        let folder = try directory(with: [
            "base.yaml": Self.base.replacingOccurrences(of: "revenue: 50", with: "revenue: -50"),
            "top.yaml": "extends: base.yaml\nexperts: [{id: e1, weeklyHours: lots}]\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(messages(ScenarioLoader.load(path: folder.appendingPathComponent("top.yaml").path)) == [
            "\(folder.path)/base.yaml:11:51: error: 'revenue' of account 'a2' is -50, expected a finite number >= 0",
            "\(folder.path)/top.yaml:2:33: error: 'weeklyHours' of expert 'e1' is text 'lots', expected a finite number >= 0",
        ])
    }

    @Test("The repository's scenarios are all valid", arguments: ["baseline", "hire-network-expert", "expert-on-leave", "demand-surge", "drop-megamart", "urgent-request", "steered"])
    func repositoryScenarios(name: String) throws {
        let path = repositoryRoot.appendingPathComponent("scenarios/\(name).yaml").path
        let result = ScenarioLoader.load(path: path)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let scenario = try #require(result.scenario)
        #expect(scenario.week.description == "2026-W48")
        if name == "hire-network-expert" { #expect(scenario.experts.contains { $0.id == "e-ma" }) }
        if name == "expert-on-leave" { #expect(scenario.experts.first { $0.id == "e-wang" }?.capacity(in: scenario.week) == 0) }
        if name == "drop-megamart" { #expect(!scenario.accounts.contains { $0.id == "megamart" } && !scenario.requests.contains { $0.account == "megamart" }) }
        if name == "demand-surge" { #expect(scenario.requests.first { $0.id == "r-bank-sec" }?.hours == 36) }
    }
}
