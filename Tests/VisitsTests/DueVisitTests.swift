import Testing
import Scenarios
@testable import Visits

@Suite("Due visits")
struct DueVisitTests {
    /// 2026-W48 runs Monday 2026-11-23 to Sunday 2026-11-29; its last workday (mon..fri) is Friday the 27th.
    /// Gold: 2 per month -> every floor(30 / 2) = 15 days: due when lastVisit + 15 <= 11-27, i.e. lastVisit <= 11-12.
    /// Iron: 2 per quarter -> every floor(91 / 2) = 45 days: due when lastVisit <= 2026-10-13.
    @Test("Boundaries: exactly on the interval is due, a day later is not", arguments: [
        (Tier.gold, "2026-11-12", 1), (.gold, "2026-11-13", 0),
        (.iron, "2026-10-13", 1), (.iron, "2026-10-14", 0),
        (.gold, nil, 1), (.iron, nil, 1),
        (.platinum, "2026-11-22", 2), (.platinum, nil, 2),
        (.lead, nil, 0), (.lead, "2020-01-01", 0),
    ] as [(Tier, String?, Int)])
    func boundaries(tier: Tier, lastVisit: String?, expected: Int) {
        var week = Week()
        week.account("a", tier, lastVisit: lastVisit)
        let due = DueVisits.compute(week.scenario, tiers: Tiering.assign(week.scenario))
        #expect(due.count == expected)
        #expect(due.map(\.ordinal) == Array(1...max(1, expected)).prefix(expected).map { $0 })
    }

    @Test("The last workday follows policy.visits.workdays")
    func workdays() {
        // Workdays mon, tue: the last is Tuesday 2026-11-24, so gold is due when lastVisit <= 11-09.
        var week = Week()
        week.scenario.policy.visits.workdays = [.monday, .tuesday]
        week.account("due", .gold, lastVisit: "2026-11-09")
        week.account("notDue", .gold, lastVisit: "2026-11-10")
        #expect(DueVisits.compute(week.scenario, tiers: Tiering.assign(week.scenario)).map(\.account) == ["due"])
    }

    @Test("Cadence and duration come from the policy")
    func policy() {
        var week = Week()
        week.scenario.policy.visits.cadence[.lead] = Cadence(count: 1, per: .year)
        week.scenario.policy.visits.cadence[.platinum] = Cadence(count: 3, per: .week)
        week.scenario.policy.visits.duration[.platinum] = 2.5
        week.account("p", .platinum)
        week.account("l", .lead, lastVisit: "2025-11-27")  // + 365 days = 2026-11-27: due
        let due = DueVisits.compute(week.scenario, tiers: Tiering.assign(week.scenario))
        #expect(due.map(\.account) == ["p", "p", "p", "l"])
        #expect(due[0].hours == 2.5)
    }
}
