import Foundation
import Scenarios
import TestSupport
import Testing

/// `accountFiles`: decoded, checked with located errors, kept in files of their own, merged by
/// overlays, written back.
@Suite("Account files in the scenario format")
struct AccountFileTests {
    static let file = """
        accountFiles:
          - account: a1
            strategic: true
            contacts:
              - {name: Liu Yang, role: CIO, influence: decisionMaker}
              - {name: Wu Min, role: buyer, influence: gatekeeper, notes: prefers mornings}
            keyDates:
              - {kind: birthday, date: 03-14, contact: Liu Yang}
              - {kind: contractRenewal, date: 2027-03-31, note: three-year frame contract}
              - {kind: companyAnniversary, date: 1998-11-25}
            stages:
              - {stage: establish, from: 2023-02-01}
              - {stage: stabilize, from: 2024-06-15}
            competitors: [Acme Networks]
            notes: Buys centrally for 40 branches.
            financials:
              - {period: 2024, revenue: 900, netProfit: 50, ourRevenue: 100, ourProfit: 12}
              - {period: 2025, revenue: 1000, netProfit: -20, currentAssets: 300, currentLiabilities: 250}

        """

    @Test("Every field decoded")
    func decoded() throws {
        let scenario = try #require(load(minimalScenario + Self.file).scenario)
        let file = try #require(scenario.accountFile("a1"))
        #expect(file.strategic)
        #expect(file.contacts.map { "\($0.name) \($0.role ?? "-") \($0.influence?.rawValue ?? "-")" } == ["Liu Yang CIO decisionMaker", "Wu Min buyer gatekeeper"])
        #expect(file.keyDates.map { "\($0.kind.rawValue) \($0.text) \($0.recurs)" } == [
            "birthday 03-14 true", "contractRenewal 2027-03-31 false", "companyAnniversary 1998-11-25 true",
        ])
        #expect(file.stages.map { "\($0.stage.rawValue) \($0.from)" } == ["establish 2023-02-01", "stabilize 2024-06-15"])
        #expect(file.competitors == ["Acme Networks"] && file.notes == "Buys centrally for 40 branches.")
        #expect(file.financials.map(\.period) == ["2024", "2025"])
        #expect(file.financials[1][.netProfit] == -20 && file.financials[1][.totalAssets] == nil)
    }

    /// 2026-W48 is Mon 11-23 to Sun 11-29: the company's anniversary (11-25, every year since 1998)
    /// falls on Wednesday; the birthday (03-14) and the renewal (2027) do not.
    @Test("A key date's day in a week: yearly ones every year from theirs, a full date once, 02-29 in leap years only")
    func occurrences() {
        let w48 = ISOWeek(year: 2026, week: 48)!
        #expect(KeyDate(kind: .companyAnniversary, month: 11, day: 25, year: 1998).occurrence(in: w48) == CalendarDate(year: 2026, month: 11, day: 25))
        #expect(KeyDate(kind: .companyAnniversary, month: 11, day: 25, year: 2027).occurrence(in: w48) == nil)  // not founded yet
        #expect(KeyDate(kind: .contractRenewal, month: 11, day: 24, year: 2026).occurrence(in: w48) == CalendarDate(year: 2026, month: 11, day: 24))
        #expect(KeyDate(kind: .contractRenewal, month: 11, day: 24, year: 2025).occurrence(in: w48) == nil)
        #expect(KeyDate(kind: .other, month: 11, day: 29).occurrence(in: w48) == CalendarDate(year: 2026, month: 11, day: 29))
        let leap = ISOWeek(containing: CalendarDate(year: 2028, month: 2, day: 29)!)
        #expect(KeyDate(kind: .birthday, month: 2, day: 29).occurrence(in: leap) == CalendarDate(year: 2028, month: 2, day: 29))
        #expect(KeyDate(kind: .birthday, month: 2, day: 29).occurrence(in: ISOWeek(containing: CalendarDate(year: 2027, month: 3, day: 1)!)) == nil)
    }

    @Test("Mistakes are located errors: an unknown account, a second file, bad dates and kinds, stages out of order, a period twice")
    func errors() {
        let text = minimalScenario + """
            accountFiles:
              - {account: a2}
              - account: a1
                contacts: [{role: CIO}, {name: Liu, influence: boss}]
                keyDates: [{kind: birthday, date: 02-30}, {date: 03-01}, {kind: other, date: 03-01, contact: Li}]
                stages: [{stage: stabilize, from: 2024-01-01}, {stage: establish, from: 2023-01-01}]
                financials: [{period: 2025, revenue: -1}, {period: 2025}]
              - {account: a1}

            """
        #expect(messages(load(text)) == [
            "t.yaml:7:15: error: account file #1 names unknown account 'a2'; did you mean 'a1'?",
            "t.yaml:9:16: error: contact 1 of the account file of 'a1' has no 'name'; expected the person's name",
            "t.yaml:9:52: error: 'influence' of contact 2 of the account file of 'a1' is 'boss', expected decisionMaker, influencer, user or gatekeeper",
            "t.yaml:10:39: error: 'date' of key date 1 of the account file of 'a1' is text '02-30', expected a day like 03-14 (every year) or 2027-03-31",
            "t.yaml:10:47: error: key date 2 of the account file of 'a1' has no 'kind'; expected birthday, companyAnniversary, contractRenewal, partnershipAnniversary, other",
            "t.yaml:10:98: warning: key date 3 of the account file of 'a1' names contact 'Li', who is not among the file's contacts; did you mean 'Liu'?",
            "t.yaml:11:77: error: stage 2 of the account file of 'a1' begins 2023-01-01, not after the stage before it (2024-01-01); list the stages oldest first",
            "t.yaml:12:42: error: 'revenue' of financial period 1 of the account file of 'a1' is -1, expected a finite number >= 0",
            "t.yaml:12:56: error: the account file of 'a1' lists period '2025' twice",
            "t.yaml:13:5: error: account 'a1' has a second account file; the first is at line 8",
        ])
    }

    @Test("A file of its own: read relative to the scenario, its keys under the entry's; a missing one is reported at 'file'")
    func include() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("files"), withIntermediateDirectories: true)
        try "contacts: [{name: Liu Yang, role: CIO}]\nnotes: from the file\ncompetitors: [Acme]\n"
            .write(to: dir.appendingPathComponent("files/a1.yaml"), atomically: true, encoding: .utf8)
        let scenario = minimalScenario + "accountFiles:\n  - {account: a1, file: files/a1.yaml, notes: from the entry}\n"
        try scenario.write(to: dir.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        let result = ScenarioLoader.load(path: dir.appendingPathComponent("s.yaml").path)
        let file = try #require(result.scenario?.accountFile("a1"), "\(result.errors)")
        #expect(file.contacts.map(\.name) == ["Liu Yang"] && file.competitors == ["Acme"] && file.notes == "from the entry")

        try (minimalScenario + "accountFiles:\n  - {account: a1, file: files/none.yaml}\n").write(to: dir.appendingPathComponent("m.yaml"), atomically: true, encoding: .utf8)
        let missing = ScenarioLoader.load(path: dir.appendingPathComponent("m.yaml").path)
        #expect(missing.errors.map(\.description) == ["\(dir.path)/m.yaml:7:25: error: cannot read account file '\(dir.path)/files/none.yaml': no such file"])
    }

    @Test("Overlays merge account files by account (fields replaced), and removing an account removes its file")
    func overlays() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = minimalScenario.replacingOccurrences(of: "accounts: [{id: a1, manager: m1, region: east, revenue: 100}]",
                                                        with: "accounts: [{id: a1, manager: m1, region: east, revenue: 100}, {id: a2, manager: m1, revenue: 50}]")
            + "accountFiles:\n  - {account: a1, notes: base, competitors: [Acme]}\n  - {account: a2, notes: second}\n"
        try base.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        try "extends: base.yaml\naccountFiles: [{account: a1, notes: overlay}]\nremove: {accounts: [a2]}\n"
            .write(to: dir.appendingPathComponent("o.yaml"), atomically: true, encoding: .utf8)
        let result = ScenarioLoader.load(path: dir.appendingPathComponent("o.yaml").path)
        let scenario = try #require(result.scenario, "\(result.errors)")
        #expect(scenario.accountFiles.map { "\($0.account) \($0.notes ?? "") \($0.competitors)" } == ["a1 overlay [\"Acme\"]"])
    }

    @Test("Account files and policy.health survive a round trip in every format")
    func roundTrip() throws {
        var scenario = try #require(load(minimalScenario + Self.file).scenario)
        scenario.policy.health.currentRatio = HealthPolicy.Band(bad: 0.8, good: 1.5)
        scenario.policy.health.marginDrop = 0.03
        for format in ScenarioWriter.Format.allCases {
            let written = ScenarioWriter.render(scenario, as: format)
            #expect(load(written, file: "f.\(format.rawValue)").scenario == scenario, "\(written)")
        }
    }

    @Test("A service plan: goals, the weekly team, actions; located errors and a warning for an unknown skill")
    func servicePlan() throws {
        let good = minimalScenario + """
            accountFiles:
              - account: a1
                servicePlan:
                  situation: Renewal year.
                  goals: [{goal: Renew, measure: contract signed, due: 2027-03-31}]
                  team: [{skill: network, hours: 8, priority: high, onsite: true, note: audit}]
                  actions: [{action: QBR, owner: m1, due: 2026-12-10, done: true}]

            """
        let plan = try #require(load(good).scenario?.accountFile("a1")?.servicePlan)
        #expect(plan.situation == "Renewal year." && plan.goals.map(\.goal) == ["Renew"] && plan.actions.map(\.done) == [true])
        #expect(plan.team == [ServicePlan.TeamNeed(skill: "network", hours: 8, priority: .high, onsite: true, note: "audit")])
        let bad = minimalScenario + """
            accountFiles:
              - account: a1
                servicePlan:
                  team: [{skill: netwrk, hours: 8}, {skill: netwrk, hours: 0}, {hours: 4}]
                  goals: [{measure: x}]

            """
        #expect(messages(load(bad)) == [
            "t.yaml:9:22: warning: team entry 1 of the service plan of 'a1' needs skill 'netwrk', which no expert has; did you mean 'network'?",
            "t.yaml:9:64: error: 'hours' of team entry 2 of the service plan of 'a1' is 0, expected a finite number > 0",
            "t.yaml:9:68: error: team entry 3 of the service plan of 'a1' has no 'skill'; expected the skill the account needs",
            "t.yaml:10:15: error: goal 1 of the service plan of 'a1' has no 'goal'; expected what the goal is",
        ])
    }

    @Test("policy.health: bands need two different ends; shares in [0, 1]")
    func healthPolicy() {
        let text = minimalScenario + "policy:\n  health: {currentRatio: {bad: 1, good: 1}, shrinking: 2, netMargin: {good: 0.2}}\n"
        #expect(messages(load(text)) == [
            "t.yaml:7:26: error: policy.health.currentRatio has bad = good = 1; expected two different ends of the scale",
            "t.yaml:7:56: error: 'shrinking' of policy.health is 2, expected a number in [0, 1]",
        ])
        let ok = load(minimalScenario + "policy:\n  health: {netMargin: {good: 0.2}}\n").scenario
        #expect(ok?.policy.health.netMargin == HealthPolicy.Band(bad: 0, good: 0.2))
    }
}
