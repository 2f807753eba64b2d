import Testing
@testable import Scenarios

/// Every validation rule of docs/scenario-format.md, with the exact text a user sees.
@Suite("Validation messages")
struct ValidationTests {
    @Test("The minimal scenario is valid and decodes with defaults")
    func minimal() throws {
        let result = load(minimalScenario)
        #expect(messages(result) == [])
        let scenario = try #require(result.scenario)
        #expect(scenario.name == "t")
        #expect(scenario.week.description == "2026-W48")
        #expect(scenario.experts[0].weeklyHours == 40)
        #expect(scenario.requests[0].priority == .normal)
        #expect(scenario.accounts[0].stage == .stabilize)
        #expect(scenario.policy == Policy())
    }

    @Test("Each invalid field gets one located message", arguments: [
        // (line to replace, replacement, expected diagnostics)
        (3, "experts: [{id: e1, weeklyHour: 40, skills: {network: 0.8}}]",
         ["t.yaml:3:20: error: unknown key 'weeklyHour' in expert 'e1'; did you mean 'weeklyHours'?"]),
        (3, "experts: [{id: e1, colour: red, skills: {network: 0.8}}]",
         ["t.yaml:3:20: error: unknown key 'colour' in expert 'e1'; expected one of: id, name, region, weeklyHours, skills, unavailableWeeks, maxAccounts, maxUtilization"]),
        (4, "accounts: [{id: a1, region: east, revenue: 100}]",
         ["t.yaml:4:12: error: account 'a1' has no 'manager'; expected the id of the account's manager"]),
        (5, "requests: [{id: r1, account: a1, skill: network, hours: -4}]",
         ["t.yaml:5:57: error: 'hours' of request 'r1' is -4, expected a finite number > 0"]),
        (5, "requests: [{id: r1, account: a1, skill: network, hours: eight}]",
         ["t.yaml:5:57: error: 'hours' of request 'r1' is text 'eight', expected a finite number > 0"]),
        (5, "requests: [{id: r1, account: a1, skill: network, hours: \"8\"}]",
         ["t.yaml:5:57: error: 'hours' of request 'r1' is text '8', expected a finite number > 0"]),
        (3, "experts: [{id: e1, weeklyHours: .nan, skills: {network: 0.8}}]",
         ["t.yaml:3:33: error: 'weeklyHours' of expert 'e1' is .nan, expected a finite number >= 0"]),
        (4, "accounts: [{id: a1, manager: m1, region: east, revenue: 1e400}]",
         ["t.yaml:4:57: error: 'revenue' of account 'a1' is 1e400, expected a finite number >= 0"]),
        (3, "experts: [{id: e1, skills: {network: 1.5}}]",
         ["t.yaml:3:38: error: proficiency of skill 'network' for expert 'e1' is 1.5, expected a number in (0, 1]"]),
        (3, "experts: [{id: e1, skills: {network: 0}}]",
         ["t.yaml:3:38: error: proficiency of skill 'network' for expert 'e1' is 0, expected a number in (0, 1]"]),
        (3, "experts: [{id: e1, skills: [network]}]",
         ["t.yaml:3:28: error: 'skills' of expert 'e1' is a list, expected a mapping of skill to proficiency, like {network: 0.8}"]),
        (3, "experts: [{id: e1, skills: {}}]",
         ["t.yaml:3:28: error: expert 'e1' has no skills; expected at least one, like {network: 0.8}",
          "t.yaml:5:12: warning: request 'r1' needs skill 'network', which no expert has"]),
        (1, "week: 2026-W60",
         ["t.yaml:1:7: error: 'week' is text '2026-W60', expected an ISO week like 2026-W48 (2026 has 53 weeks)"]),
        (1, "week: 2025-W53",
         ["t.yaml:1:7: error: 'week' is text '2025-W53', expected an ISO week like 2026-W48 (2025 has 52 weeks)"]),
        (4, "accounts: [{id: a1, manager: m1, region: east, lastVisit: 2026-02-30}]",
         ["t.yaml:4:59: error: 'lastVisit' of account 'a1' is text '2026-02-30', expected a date like 2026-11-23"]),
        (4, "accounts: [{id: a1, manager: m1, region: east, tier: platnum}]",
         ["t.yaml:4:54: error: 'tier' of account 'a1' is 'platnum', expected platinum, gold, iron or lead; did you mean 'platinum'?"]),
        (5, "requests: [{id: r1, account: a1, skill: network, hours: 8, onsite: maybe}]",
         ["t.yaml:5:68: error: 'onsite' of request 'r1' is text 'maybe', expected true or false"]),
        (4, "accounts: [{id: a1, manager: m9, region: east}]",
         ["t.yaml:4:12: error: account 'a1' names unknown manager 'm9'; did you mean 'm1'?"]),
        (5, "requests: [{id: r1, account: acme, skill: network, hours: 8}]",
         ["t.yaml:5:12: error: request 'r1' names unknown account 'acme'"]),
        (5, "requests: [{id: r1, account: a1, skill: network, hours: 8, requestedBy: m7}]",
         ["t.yaml:5:12: error: request 'r1' is requested by unknown manager 'm7'; did you mean 'm1'?"]),
        (3, "experts: [{id: e1, skills: {network: 0.8}, maxAccounts: 0}]",
         ["t.yaml:3:57: error: 'maxAccounts' of expert 'e1' is a number (0), expected a whole number >= 1"]),
        (2, "managers: [{id: m1, region: east}, {id: m1}]",
         ["t.yaml:2:36: error: duplicate manager id 'm1'; first defined at t.yaml:2:12"]),
        (2, "managers: [{region: east}]",
         ["t.yaml:2:12: error: manager #1 has no 'id'; expected an identifier of letters, digits, '-', '_' and '.'",
          "t.yaml:4:12: error: account 'a1' names unknown manager 'm1'"]),
        (2, "managers: {id: m1}",
         ["t.yaml:2:11: error: 'managers' of the scenario is a mapping, expected a list",
          "t.yaml:4:12: error: account 'a1' names unknown manager 'm1'"]),
        (1, "weak: 2026-W48",
         ["t.yaml:1:1: error: unknown key 'weak' in the scenario; did you mean 'week'?",
          "t.yaml:1:1: error: the scenario has no 'week'; expected the ISO week being planned, like 2026-W48"]),
    ] as [(Int, String, [String])])
    func invalidField(line: Int, replacement: String, expected: [String]) {
        var lines = minimalScenario.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[line - 1] = replacement
        let result = load(lines.joined(separator: "\n"))
        #expect(messages(result) == expected)
        #expect(result.scenario == nil)
    }

    @Test("A request by another account's manager is refused")
    func requestedByOtherManager() {
        let text = minimalScenario
            .replacingOccurrences(of: "managers: [{id: m1, region: east}]", with: "managers: [{id: m1, region: east}, {id: m2}]")
            .replacingOccurrences(of: "hours: 8}", with: "hours: 8, requestedBy: m2}")
        #expect(messages(load(text)) == ["t.yaml:5:12: error: request 'r1' is requested by manager 'm2', but account 'a1' is managed by 'm1'"])
    }

    @Test("History must name known experts and accounts, once per pair")
    func history() {
        let text = minimalScenario + """
            history:
              - {expert: e1, account: a1, hours: 8}
              - {expert: e2, account: a1, hours: 4}
              - {expert: e1, account: a1, hours: 2}
              - {expert: e1, account: a2, hours: -1}
            """
        #expect(messages(load(text)) == [
            "t.yaml:8:5: error: history entry names unknown expert 'e2'; did you mean 'e1'?",
            "t.yaml:9:5: error: duplicate history entry for expert 'e1' and account 'a1'; first defined at t.yaml:7:5",
            "t.yaml:10:38: error: 'hours' of history entry 4 is -1, expected a finite number >= 0",
        ])
    }

    @Test("Every error of a file is reported at once, in file order")
    func allErrorsTogether() {
        let text = """
            week: 2026-W48
            managers: [{id: m1}, {id: m1}]
            experts: [{id: e1, skills: {network: 2}}]
            accounts: [{id: a1, manager: m1, revenue: -5}]
            requests: [{id: r1, account: a1, skill: network, hours: 0}]
            """
        #expect(messages(load(text)) == [
            "t.yaml:2:22: error: duplicate manager id 'm1'; first defined at t.yaml:2:12",
            "t.yaml:3:38: error: proficiency of skill 'network' for expert 'e1' is 2, expected a number in (0, 1]",
            "t.yaml:4:43: error: 'revenue' of account 'a1' is -5, expected a finite number >= 0",
            "t.yaml:5:57: error: 'hours' of request 'r1' is 0, expected a finite number > 0",
        ])
    }

    @Test("Warnings: a skill nobody has, a manager without region, an expert without capacity")
    func warnings() throws {
        let text = """
            week: 2026-W48
            managers: [{id: m1, unavailableDays: [2026-12-25]}]
            experts: [{id: e1, skills: {network: 0.8}}, {id: e2, weeklyHours: 0, skills: {cloud: 1}}, {id: e3, unavailableWeeks: [2026-W48], skills: {data: 1}}]
            accounts: [{id: a1, manager: m1, region: east}]
            requests: [{id: r1, account: a1, skill: netwrk, hours: 8}]
            """
        let result = load(text)
        #expect(messages(result) == [
            "t.yaml:2:12: warning: unavailable day 2026-12-25 of manager 'm1' is not in 2026-W48; it is ignored",
            "t.yaml:3:45: warning: expert 'e2' has no capacity this week (0 weekly hours)",
            "t.yaml:3:91: warning: expert 'e3' has no capacity this week (unavailable in 2026-W48)",
            "t.yaml:4:12: warning: account 'a1' is in region 'east' but its manager 'm1' has no region",
            "t.yaml:5:12: warning: request 'r1' needs skill 'netwrk', which no expert has; did you mean 'network'?",
        ])
        #expect(result.scenario != nil)
    }

    @Test("Policy values are checked: shares, weights, cadence, workdays, times")
    func policy() {
        let text = minimalScenario + """
            policy:
              tiering: {method: pyramid, pyramid: {platinum: 0.5, gold: 0.4, iron: 0.3}}
              allocation: {tierWeight: {platinum: -1}, minimumService: {gold: 1.5}, eligibleTiers: [gold, gold], timeLimitSeconds: 0}
              visits: {cadence: {gold: {count: 0, per: fortnight}}, workdays: [mon, funday], dayStart: "25:00", travelHours: .inf}
            """
        #expect(messages(load(text)) == [
            "t.yaml:7:39: error: policy.tiering.pyramid shares add up to 1.2, expected at most 1 (platinum, gold and iron are consecutive shares of the accounts)",
            "t.yaml:8:39: error: 'platinum' of policy.allocation.tierWeight is -1, expected a finite number >= 0",
            "t.yaml:8:67: error: 'gold' of policy.allocation.minimumService is 1.5, expected a number in [0, 1]",
            "t.yaml:8:95: error: 'eligibleTiers' of policy.allocation names gold twice",
            "t.yaml:8:120: error: 'timeLimitSeconds' of policy.allocation is 0, expected a finite number > 0",
            "t.yaml:9:36: error: 'count' of policy.visits.cadence.gold is a number (0), expected a whole number from 1 to 365",
            "t.yaml:9:44: error: 'per' of policy.visits.cadence.gold is 'fortnight', expected week, month, quarter or year",
            "t.yaml:9:73: error: 'workdays' entry 2 of policy.visits is text 'funday', expected a weekday: mon, tue, wed, thu, fri, sat or sun",
            "t.yaml:9:92: error: 'dayStart' of policy.visits is text '25:00', expected a time like 09:00",
            "t.yaml:9:114: error: 'travelHours' of policy.visits is .inf, expected a number of hours in [0, 24]",
        ])
    }

    @Test("Policy keys merge over the defaults")
    func policyDefaults() throws {
        let text = minimalScenario + """
            policy:
              allocation: {tierWeight: {gold: 3}, minimumService: {gold: 0.5}}
              visits: {cadence: {iron: none, lead: {count: 1, per: year}}, workdays: [fri, mon]}
            """
        let policy = try #require(load(text).scenario).policy
        #expect(policy.allocation.tierWeight == [.platinum: 4, .gold: 3, .iron: 1, .lead: 0.5])
        #expect(policy.allocation.minimumService == [.platinum: 0.75, .gold: 0.5])
        #expect(policy.visits.cadence[.iron] == .some(nil))
        #expect(policy.visits.cadence[.lead] == Cadence(count: 1, per: .year))
        #expect(policy.visits.cadence[.platinum] == Cadence(count: 2, per: .week))
        #expect(policy.visits.workdays == [.monday, .friday])
    }
}
