import Testing
import Scenarios
@testable import Visits

/// A key date in the week (the account file's) moves a visit onto it when the days of an optimal
/// schedule can be reordered so: docs/scenario-format.md, "Visits".
@Suite("Key dates in the visit week")
struct KeyDateVisitTests {
    /// One platinum account p in one region: 2 visits a week (tier weight 4), 8 h days Mon-Fri.
    /// Orders of the two days score 0.05 x 4 x min(gap, 3) - 0.01 x 4 x (dayIndex sum), plus 1 x 4
    /// when a visit is on p's key date:
    ///   no key date: Mon + Thu = 0.6 - 0.12 = 0.48, the best (Mon + Wed: 0.4 - 0.08 = 0.32);
    ///   key date Wed 11-25: Mon + Wed = 4 + 0.32 = 4.32 beats Wed + Fri (4 + 0.4 - 0.24 = 4.16)
    ///   and Mon + Thu (0.48).
    static func week(keyDate: String?, away: [String] = []) -> Week {
        var week = Week(away: away)
        week.account("p", .platinum)
        if let keyDate {
            let day = CalendarDate(keyDate)!
            week.scenario.accountFiles = [AccountFile(account: "p", keyDates: [KeyDate(kind: .companyAnniversary, month: day.month, day: day.day, year: 1999)])]
        }
        return week
    }

    @Test("The anniversary on Wednesday moves a visit from Thursday to it (derived above)")
    func moves() throws {
        #expect(try Self.week(keyDate: nil).schedule().scheduled.map(\.date.description) == ["2026-11-23", "2026-11-26"])
        let plan = try Self.week(keyDate: "1999-11-25").schedule()
        #expect(plan.scheduled.map(\.date.description) == ["2026-11-23", "2026-11-25"])
        #expect(plan.scheduled.count == 2 && plan.travelHours == 2)  // the same visits and region-days
    }

    @Test("A key date the manager is away on, or outside the week, changes nothing")
    func noEffect() throws {
        #expect(try Self.week(keyDate: "1999-11-25", away: ["2026-11-25"]).schedule().scheduled.map(\.date.description) == ["2026-11-23", "2026-11-26"])
        #expect(try Self.week(keyDate: "1999-12-25").schedule().scheduled.map(\.date.description) == ["2026-11-23", "2026-11-26"])
    }

    @Test("Key dates are part of the visit inputs: a what-if that adds one is scheduled again")
    func inputs() {
        #expect(VisitInputs(Self.week(keyDate: nil).scenario) != VisitInputs(Self.week(keyDate: "1999-11-25").scenario))
    }
}
