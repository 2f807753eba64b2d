import Foundation
import Planning
import Scenarios
import TestSupport
import Testing
@testable import Reports

/// A gold account A (an hour is worth 2 x proficiency: valueExponent 0, no continuity bonus) and
/// three experts of 10 h: eN network 1 (away in W49), eS security 1, eB network 0.5 and security 0.5.
/// Every week asks 15 h of network and 8 of security (recurring).
/// W48: eN gives network 10 (2/h), eB the other 5 (1/h); eS security 8. eN's next hour would free
/// one of eB's: price 2 - 1 = 1; eB and eS have hours to spare: 0. All met.
/// W49: eN away; eB's 10 go to network (1/h), 5 short; eS security 8. eB's next hour: 1; eS 0.
/// Network supply 20 then 10 (bookable hours of eN and eB), security 20 both weeks; the average
/// shadow price of a skill is over its experts with hours: network 0.5 then 1 (eB alone),
/// security 0 then 0.5.
@Suite("A horizon of weeks")
struct HorizonTests {
    static let book = """
        name: Two skills
        week: 2026-W48
        policy:
          allocation: {valueExponent: 0, continuityBonus: 0}
        managers: [{id: m, region: east}]
        experts:
          - {id: eN, region: east, weeklyHours: 10, skills: {network: 1}, unavailableWeeks: [2026-W49]}
          - {id: eS, region: east, weeklyHours: 10, skills: {security: 1}}
          - {id: eB, region: east, weeklyHours: 10, skills: {network: 0.5, security: 0.5}}
        accounts:
          - {id: A, manager: m, region: east, revenue: 100, tier: gold}
        recurring:
          - {id: net, account: A, skill: network, hours: 15, from: 2026-W48, to: 2026-W52}
          - {id: sec, account: A, skill: security, hours: 8, from: 2026-W48, to: 2026-W52}

        """

    static func scenario(_ text: String = book) throws -> Scenario {
        let result = ScenarioLoader.load(bytes: Array(text.utf8), file: "two-skills.yaml")
        return try #require(result.scenario, "\(result.errors)")
    }

    @Test("The outlook per skill and week and per expert and week (derived above)")
    func outlook() throws {
        let horizon = try HorizonPlan.make(try Self.scenario(), weeks: 2)
        let outlook = CapacityOutlook(horizon.weeks)
        let skills = outlook.skills.map { "\($0.skill) \($0.week): demand \($0.demand) supply \($0.supply) allocated \($0.allocated) short \($0.shortage) price \($0.averageShadowPrice)" }
        #expect(skills == [
            "network 2026-W48: demand 15.0 supply 20.0 allocated 15.0 short 0.0 price 0.5",
            "network 2026-W49: demand 15.0 supply 10.0 allocated 10.0 short 5.0 price 1.0",
            "security 2026-W48: demand 8.0 supply 20.0 allocated 8.0 short 0.0 price 0.0",
            "security 2026-W49: demand 8.0 supply 20.0 allocated 8.0 short 0.0 price 0.5",
        ])
        let experts = outlook.experts.map { "\($0.expert) \($0.week): \($0.allocated)/\($0.bookable) price \($0.shadowPrice)" }
        #expect(experts == [
            "eN 2026-W48: 10.0/10.0 price 1.0", "eN 2026-W49: 0.0/0.0 price 0.0",
            "eS 2026-W48: 8.0/10.0 price 0.0", "eS 2026-W49: 8.0/10.0 price 0.0",
            "eB 2026-W48: 5.0/10.0 price 0.0", "eB 2026-W49: 10.0/10.0 price 1.0",
        ])
        // The weeks' own requests are the recurring ones of each week.
        #expect(horizon.weeks.map { $0.scenario.requests.map(\.id) } == [["net-2026-W48", "sec-2026-W48"], ["net-2026-W49", "sec-2026-W49"]])
        let csv = HorizonReport(horizon).skillsCSV()
        #expect(csv.contains("network,2026-W49,15,10,10,5,1\n"))
        // The page: network's 5 h short in W49 is tinted, its 0 in W48 and security's zeros are not;
        // experts by name (eN has none but its id, so the id alone).
        let page = HorizonReport(horizon).page()
        let skillsTable = String(page[page.range(of: "Shortage by skill")!.lowerBound..<page.range(of: "Utilization by expert")!.lowerBound])
        #expect(skillsTable.components(separatedBy: "style=\"background").count - 1 == 1, "\(skillsTable)")
        #expect(skillsTable.contains("<td class=\"n\" title=\"network, 2026-W48: demand 15 h, supply 20 h, allocated 15 h, average shadow price 0.5\">0</td>"))
        var named = try Self.scenario()
        named.experts[1].name = "Sun Hao"
        let namedPage = HorizonReport(try HorizonPlan.make(named, weeks: 2)).page()
        #expect(namedPage.contains("<tr><td>Sun Hao <span class=\"muted\">eS</span></td>") && namedPage.contains("<tr><td>eN</td>"))
    }

    @Test("Each week starts from the week before: its teams as history, its visits as lastVisit")
    func carried() throws {
        let horizon = try HorizonPlan.make(try Self.scenario(), weeks: 2)
        let teams = horizon.weeks[0].allocation.teams.flatMap { team in team.experts.map { "\($0.expert) \(team.account) \($0.hours)" } }
        #expect(horizon.weeks[1].scenario.history.map { "\($0.expert) \($0.account) \($0.hours)" } == teams)
        // A gold account without a last visit is due in W48; visited there, it is not due again
        // within 15 days (2 a month: 30 / 2), so W49 has no visit (without the carry it would).
        let visited = try #require(horizon.weeks[0].visits.scheduled.first { $0.account == "A" })
        #expect(horizon.weeks[1].scenario.accounts[0].lastVisit == visited.date)
        #expect(horizon.weeks[1].visits.scheduled.isEmpty)
    }

    /// Gold is due when lastVisit + 15 days is on or before the week's last workday.
    /// lastVisit Thu 2026-11-19: + 15 = Fri 2026-12-04, W49's last workday: due in W49 (not W48).
    /// lastVisit Fri 2026-11-20: + 15 = Sat 2026-12-05: not in W49; due in W50.
    @Test("A gold visit's due week at the boundary: last visited 15 days before a Friday, or 14", arguments: [("2026-11-19", 1), ("2026-11-20", 2)])
    func goldBoundary(lastVisit: String, dueWeek: Int) throws {
        let text = Self.book.replacingOccurrences(of: "tier: gold}", with: "tier: gold, lastVisit: \(lastVisit)}")
        let horizon = try HorizonPlan.make(try Self.scenario(text), weeks: 3)
        let weeks = horizon.weeks.indices.filter { !horizon.weeks[$0].visits.scheduled.isEmpty }
        #expect(weeks == [dueWeek])
    }

    /// A gold account with a call a month (30 days) and no visits, never called: called in W48 on
    /// Monday 11-23; + 30 = Wed 12-23, in W52 (the fifth week): called again there and in no week
    /// between. Without the carry every week would call it.
    @Test("Calls keep their cadence across the weeks: the last call of a week is the next one's lastCall")
    func callsCarried() throws {
        let text = Self.book.replacingOccurrences(of: "  allocation: {valueExponent: 0, continuityBonus: 0}",
                                                  with: "  allocation: {valueExponent: 0, continuityBonus: 0}\n  visits: {cadence: {gold: {count: 1, per: month, channel: call}}}")
        let horizon = try HorizonPlan.make(try Self.scenario(text), weeks: 5)
        #expect(horizon.weeks.allSatisfy { $0.visits.scheduled.isEmpty })
        #expect(horizon.weeks.indices.filter { !horizon.weeks[$0].visits.calls.isEmpty } == [0, 4])
        #expect(horizon.weeks[0].visits.calls.map(\.date.description) == ["2026-11-23"])
        #expect(horizon.weeks[1].scenario.accounts[0].lastCall == CalendarDate(year: 2026, month: 11, day: 23))
        let page = HorizonReport(horizon).page()
        #expect(page.contains("Visits and calls by tier: scheduled of due"))
    }

    @Test("1 to 13 weeks; more or fewer is refused")
    func limits() throws {
        let scenario = try Self.scenario()
        for weeks in [0, 14] {
            #expect(throws: HorizonPlan.Failure.weeksOutOfRange(weeks)) { try HorizonPlan.make(scenario, weeks: weeks) }
        }
        #expect(HorizonPlan.Failure.weeksOutOfRange(14).description == "--weeks is 14; expected 1 to 13 (a quarter)")
    }
}

/// The cadence rule, recomputed independently over a horizon of five weeks (a month with five
/// Mondays) of scenarios/quarter.yaml: an account of a tier with a longer period is visited in
/// week k exactly when its last visit (the original lastVisit, or the last one scheduled in an
/// earlier week) plus the period over the count (gold 30 / 2 = 15 days, iron 91 / 2 = 45) is on or
/// before week k's last workday, or it was never visited. Platinum gets its 2 every week.
@Suite("Cadence across the weeks of a horizon")
struct HorizonCadenceTests {
    @Test("Five weeks of the quarter: every account visited exactly in the weeks its cadence makes it due")
    func fiveWeeks() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let scenario = try #require(ScenarioLoader.load(path: root.appendingPathComponent("scenarios/quarter.yaml").path).scenario)
        let horizon = try HorizonPlan.make(scenario, weeks: 5)
        #expect(horizon.weeks.allSatisfy { $0.visits.unscheduled.isEmpty })
        let tiers = horizon.weeks[0].tierOfAccount
        var last = Dictionary(scenario.accounts.compactMap { a in a.lastVisit.map { (a.id, $0) } }, uniquingKeysWith: max)
        var checked = 0
        for plan in horizon.weeks {
            let friday = plan.scenario.week.date(of: .friday)
            let visited = Dictionary(grouping: plan.visits.scheduled, by: \.account)
            for account in scenario.accounts {
                guard let tier = tiers[account.id], let cadence = scenario.policy.visits.cadence[tier] ?? nil else { continue }
                if cadence.per == .week {
                    #expect(visited[account.id]?.count == cadence.count, "\(account.id) in \(plan.scenario.week)")
                } else {
                    let due = last[account.id].map { $0.adding(days: cadence.per.days / cadence.count) <= friday } ?? true
                    #expect((visited[account.id] != nil) == due, "\(account.id) (\(tier)) in \(plan.scenario.week): last \(last[account.id]?.description ?? "never")")
                    checked += 1
                }
                if let latest = visited[account.id]?.map(\.date).max() { last[account.id] = latest }
            }
        }
        #expect(checked == 35)  // 7 gold and iron accounts, 5 weeks
    }
}
