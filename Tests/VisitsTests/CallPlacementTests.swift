import Testing
import Scenarios
@testable import Visits

/// Calls: due by the call cadence from `lastCall`, placed after the visits in the time the days
/// have left, without travel (docs/scenario-format.md, "Visits").
@Suite("Calls besides visits")
struct CallPlacementTests {
    /// 2026-W48 with two workdays, Mon 11-23 and Tue 11-24; 4 h a day, 1 h travel a region-day.
    /// Platinum: 1 visit a week (2 h) and 2 calls a week; gold: 1 call a month (no visits). Calls
    /// take 0.5 h. Accounts p1 (platinum), g1, g2, g3 (gold, never called: each due once).
    static func week() -> Week {
        var week = Week(hoursPerDay: 4)
        week.scenario.policy.visits.workdays = [.monday, .tuesday]
        week.scenario.policy.visits.cadence[.platinum] = Cadence(count: 1, per: .week)
        week.scenario.policy.visits.cadence[.gold] = .some(nil)
        week.scenario.policy.visits.calls = [.platinum: Cadence(count: 2, per: .week), .gold: Cadence(count: 1, per: .month)]
        week.scenario.policy.visits.callDuration = [.platinum: 0.5, .gold: 0.5]
        week.account("p1", .platinum)
        for id in ["g1", "g2", "g3"] { week.account(id, .gold) }
        return week
    }

    @Test("Placed by tier weight, earliest day with room, never beside another contact with the account (derived by hand)")
    func placement() throws {
        // The visit: p1 on Monday (valuable early) 09:00-11:00, plus 1 h travel: Monday has 1 h left,
        // Tuesday 4 h. Calls by tier weight (platinum 4 before gold 2), then account order:
        //   p1 call 1: Monday holds p1's visit, so Tuesday 09:00-09:30 (Tuesday 3.5 h left);
        //   p1 call 2: Monday has the visit, Tuesday call 1: no day, unscheduled (capacity);
        //   g1: Monday, 1 h left >= 0.5, after the visit: 11:00-11:30 (0.5 h left);
        //   g2: Monday 11:30-12:00 (0 left); g3: Tuesday after p1's call, 09:30-10:00.
        let plan = try Self.week().schedule()
        #expect(plan.scheduled.map { "\($0.account) \($0.date) \(VisitReportClock.text($0.startMinute))" } == ["p1 2026-11-23 09:00"])
        #expect(plan.calls.map { "\($0.account) \($0.ordinal) \($0.date) \(VisitReportClock.text($0.startMinute))-\(VisitReportClock.text($0.endMinute))" } == [
            "g1 1 2026-11-23 11:00-11:30", "g2 1 2026-11-23 11:30-12:00",
            "p1 1 2026-11-24 09:00-09:30", "g3 1 2026-11-24 09:30-10:00",
        ])
        #expect(plan.unscheduledCalls.map { "\($0.account) \($0.ordinal) \($0.reason.rawValue)" } == ["p1 2 capacity"])
        // Calls take no travel and move no visit.
        #expect(plan.travelHours == 1)
        var visitsOnly = Self.week()
        visitsOnly.scenario.policy.visits.calls = [:]
        let without = try visitsOnly.schedule()
        #expect(without.scheduled == plan.scheduled && without.calls.isEmpty && without.unscheduledCalls.isEmpty)
    }

    @Test("A call is due when lastCall + floor(period / count) is on or before the last workday (Tue 11-24)")
    func dueBoundary() throws {
        var week = Self.week()
        // 10-25 + 30 = 11-24, the last workday: due. 10-26 + 30 = 11-25: not yet.
        week.scenario.accounts[1].lastCall = CalendarDate(year: 2026, month: 10, day: 25)
        week.scenario.accounts[2].lastCall = CalendarDate(year: 2026, month: 10, day: 26)
        let due = DueVisits.compute(week.scenario, tiers: Tiering.assign(week.scenario), channel: .call)
        #expect(due.map { "\($0.account) \($0.ordinal)" } == ["p1 1", "p1 2", "g1 1", "g3 1"])
        #expect(due.allSatisfy { $0.hours == 0.5 })
        // The visits' rule reads lastVisit, not lastCall: nothing changes there.
        #expect(DueVisits.compute(week.scenario, tiers: Tiering.assign(week.scenario)).map(\.account) == ["p1"])
    }

    @Test("A manager away all week: every call unscheduled with noWorkdays")
    func away() throws {
        var week = Self.week()
        week.scenario.managers[0].unavailableDays = [CalendarDate(year: 2026, month: 11, day: 23)!, CalendarDate(year: 2026, month: 11, day: 24)!]
        let plan = try week.schedule()
        #expect(plan.calls.isEmpty)
        #expect(plan.unscheduledCalls.map { "\($0.account) \($0.reason.rawValue)" } == ["p1 noWorkdays", "p1 noWorkdays", "g1 noWorkdays", "g2 noWorkdays", "g3 noWorkdays"])
    }

    @Test("Calendars show calls as short events without a location, after the day's visits")
    func calendar() throws {
        let week = Self.week()
        let plan = try week.schedule()
        let ics = ICalendar.calendar(for: week.scenario.managers[0], plan: plan, scenario: week.scenario)
        let events = ics.components(separatedBy: "BEGIN:VEVENT").dropFirst()
        #expect(events.count == 5)
        let summaries = events.compactMap { $0.split(separator: "\r\n").first { $0.hasPrefix("SUMMARY:") } }
        #expect(summaries == ["SUMMARY:Visit p1 (platinum)", "SUMMARY:Call g1 (gold)", "SUMMARY:Call g2 (gold)", "SUMMARY:Call p1 (platinum)", "SUMMARY:Call g3 (gold)"])
        let g1 = try #require(events.first { $0.contains("SUMMARY:Call g1") })
        #expect(g1.contains("DTSTART:20261123T110000") && g1.contains("DTEND:20261123T113000"))
        #expect(!g1.contains("LOCATION:") && g1.contains("CATEGORIES:gold\\,call") == false && g1.contains("CATEGORIES:gold,call"))
        #expect(g1.contains("UID:2026-W48-m-g1-call-1@kam"))
    }
}

/// "09:30" from minutes after midnight.
enum VisitReportClock {
    static func text(_ minute: Int) -> String {
        String(zeroPadded: minute / 60, width: 2) + ":" + String(zeroPadded: minute % 60, width: 2)
    }
}
