import Foundation
import Testing
@testable import Scenarios

/// Pins and exclusions: every rule of docs/scenario-format.md ("pins and exclusions"), with the
/// exact, located text a planner sees.
@Suite("Validation of pins and exclusions")
struct ControlsValidationTests {
    /// e1: network, 10 h, east. e2: security, 20 h, west, at most 1 account. a1 platinum (east),
    /// a2 gold, a3 iron (not planned). r2 takes all its hours from one expert; r4 is on site in east.
    static let book = """
        week: 2026-W48
        managers: [{id: m1, region: east}]
        experts:
          - {id: e1, region: east, weeklyHours: 10, skills: {network: 0.8}}
          - {id: e2, region: west, weeklyHours: 20, skills: {security: 0.9, network: 0.5}, maxAccounts: 1}
        accounts:
          - {id: a1, manager: m1, region: east, revenue: 100, tier: platinum}
          - {id: a2, manager: m1, region: east, revenue: 50, tier: gold}
          - {id: a3, manager: m1, region: east, revenue: 10, tier: iron}
        requests:
          - {id: r1, account: a1, skill: network, hours: 8}
          - {id: r2, account: a2, skill: network, hours: 6, singleExpert: true}
          - {id: r3, account: a3, skill: network, hours: 4}
          - {id: r4, account: a1, skill: security, hours: 5, onsite: true}

        """

    static func check(_ controls: String) -> [String] {
        messages(load(book + controls))
    }

    @Test("Valid pins and exclusions load, with their modes")
    func valid() throws {
        let result = load(Self.book + """
            pins:
              - {expert: e1, request: r1, hours: 4}
              - {expert: e2, account: a1, hours: 2, mode: atLeast}
            exclusions: [{expert: e2, account: a2}]
            """)
        #expect(messages(result) == [])
        let scenario = try #require(result.scenario)
        #expect(scenario.pins == [Pin(expert: "e1", target: .request("r1"), hours: 4, mode: .exactly),
                                  Pin(expert: "e2", target: .account("a1"), hours: 2, mode: .atLeast)])
        #expect(scenario.exclusions == [Exclusion(expert: "e2", account: "a2")])
    }

    @Test("Each bad pin gets one located message", arguments: [
        ("pins: [{expert: e9, request: r1, hours: 1}]",
         ["t.yaml:15:8: error: pin of expert 'e9' on request 'r1' names unknown expert 'e9'; did you mean 'e1'?"]),
        ("pins: [{expert: e1, request: r7, hours: 1}]",
         ["t.yaml:15:8: error: pin of expert 'e1' on request 'r7' names unknown request 'r7'; did you mean 'r1'?"]),
        ("pins: [{expert: e1, hours: 1}]",
         ["t.yaml:15:8: error: pin 1 names no request and no account; expected 'request: ID' or 'account: ID'"]),
        ("pins: [{expert: e1, request: r1, account: a1, hours: 1}]",
         ["t.yaml:15:8: error: pin 1 names both a request and an account; expected one of them"]),
        ("pins: [{expert: e1, request: r1, hours: 1, mode: always}]",
         ["t.yaml:15:50: error: 'mode' of pin 1 is 'always', expected exactly or atLeast"]),
        ("pins: [{expert: e1, request: r3, hours: 1}]",
         ["t.yaml:15:8: error: pin of expert 'e1' on request 'r3' is not on a candidate pair: account 'a3' is iron, which policy.allocation.eligibleTiers does not plan"]),
        ("pins: [{expert: e1, request: r4, hours: 1}]",
         ["t.yaml:15:8: error: pin of expert 'e1' on request 'r4' is not on a candidate pair: expert 'e1' does not have skill 'security'"]),
        ("pins: [{expert: e2, request: r4, hours: 1}]",
         ["t.yaml:15:8: error: pin of expert 'e2' on request 'r4' is not on a candidate pair: request 'r4' is on site in region 'east', and expert 'e2' is in region 'west'"]),
        ("pins: [{expert: e1, request: r1, hours: 9}]",
         ["t.yaml:15:8: error: pin of expert 'e1' on request 'r1' asks for 9 h, more than the 8 h the request asks for"]),
        ("pins: [{expert: e1, account: a2, hours: 7}]",
         ["t.yaml:15:8: error: pin of expert 'e1' on account 'a2' asks for 7 h, more than the 6 h of the account's requests the expert can work on"]),
        ("pins: [{expert: e2, request: r2, hours: 3}]",
         ["t.yaml:15:8: error: pin of expert 'e2' on request 'r2' fixes 3 h, but request 'r2' takes all its 6 h from one expert or none; expected 6 or 0"]),
        ("policy: {allocation: {maxUtilization: 0.5}}\npins: [{expert: e1, request: r1, hours: 6}]",
         ["t.yaml:16:8: error: pin of expert 'e1' on request 'r1' asks for 6 h, more than the expert's 5 h bookable this week"]),
        ("pins: [{expert: e1, request: r1, hours: 1}]\nexclusions: [{expert: e1, account: a1}]",
         ["t.yaml:15:8: error: pin of expert 'e1' on request 'r1' is on a pair that an exclusion forbids (expert 'e1' from account 'a1', at t.yaml:16:14); remove one of them"]),
        ("pins: [{expert: e1, request: r1, hours: 1}, {expert: e1, request: r1, hours: 2}]",
         ["t.yaml:15:45: error: duplicate pin of expert 'e1' on request 'r1'; first defined at t.yaml:15:8"]),
        ("exclusions: [{expert: e1, account: a8}, {expert: e1, account: a8}]",
         ["t.yaml:15:14: error: exclusion names unknown account 'a8'; did you mean 'a1'?",
          "t.yaml:15:41: error: duplicate exclusion of expert 'e1' from account 'a8'; first defined at t.yaml:15:14"]),
        ("policy: {allocation: {maxUtilization: 0}}",
         ["t.yaml:15:39: error: 'maxUtilization' of policy.allocation is 0, expected a number in (0, 1]"]),
    ] as [(String, [String])])
    func located(controls: String, expected: [String]) {
        #expect(Self.check(controls) == expected)
    }

    @Test("Pins that cannot hold together are one conflict naming each pin and where it is")
    func conflicts() {
        #expect(Self.check("pins: [{expert: e1, request: r1, hours: 6}, {expert: e1, account: a2, hours: 5, mode: atLeast}]") == [
            "t.yaml:15:8: error: pins conflict: expert 'e1' is pinned for 11 h in all, more than 10 h bookable this week: pin of expert 'e1' on request 'r1' (6 h, at t.yaml:15:8); pin of expert 'e1' on account 'a2' (5 h, at t.yaml:15:45)",
        ])
        #expect(Self.check("pins: [{expert: e1, request: r1, hours: 5}, {expert: e2, request: r1, hours: 4}]") == [
            "t.yaml:15:8: error: pins conflict: request 'r1' asks for 8 h and its pins add up to 9 h: pin of expert 'e1' on request 'r1' (5 h, at t.yaml:15:8); pin of expert 'e2' on request 'r1' (4 h, at t.yaml:15:45)",
        ])
        #expect(Self.check("pins: [{expert: e1, request: r2, hours: 6}, {expert: e2, request: r2, hours: 0}, {expert: e2, request: r1, hours: 1}, {expert: e2, account: a2, hours: 1, mode: atLeast}]") == [
            "t.yaml:15:45: error: pins conflict: expert 'e2' is pinned on 2 accounts, more than maxAccounts 1: pin of expert 'e2' on request 'r2' (0 h, at t.yaml:15:45); pin of expert 'e2' on request 'r1' (1 h, at t.yaml:15:82); pin of expert 'e2' on account 'a2' (1 h, at t.yaml:15:119)",
        ])
    }

    @Test("Overlays merge pins by (expert, request or account); removing a request removes its pins")
    func overlays() throws {
        let folder = try directory(with: [
            "base.yaml": Self.book + "pins: [{expert: e1, request: r1, hours: 4}, {expert: e2, request: r2, hours: 6}]\nexclusions: [{expert: e2, account: a1}]\n",
            "what-if.yaml": "extends: base.yaml\npins: [{expert: e1, request: r1, hours: 2, mode: atLeast}]\nremove: {requests: [r2]}\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = ScenarioLoader.load(path: folder.appendingPathComponent("what-if.yaml").path)
        #expect(result.errors.isEmpty, "\(result.errors)")
        let scenario = try #require(result.scenario)
        #expect(scenario.pins == [Pin(expert: "e1", target: .request("r1"), hours: 2, mode: .atLeast)])
        #expect(scenario.exclusions == [Exclusion(expert: "e2", account: "a1")])
    }
}
