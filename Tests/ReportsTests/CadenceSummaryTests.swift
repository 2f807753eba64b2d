import Foundation
import Planning
import Scenarios
import Testing
@testable import Reports

/// The weekly report's cadence view on a hand-made week: manager m works only Friday 2026-11-27
/// (4 h, 1 h travel), everything in one region.
/// - p1 platinum, 2 visits a week of 2 h: one fits Friday (2 + 1 travel = 3 h), the second needs
///   another day: behind by 1 (never visited: next due "now", 0 days late).
/// - g1 gold, last visit 11-01: next due 11-01 + 15 = 11-16, before Monday 11-23: overdue; its
///   1.5 h visit does not fit Friday's last hour: behind, 11-16 to Friday 11-27 = 11 days late.
/// - g2 gold, last visit 11-20: next due 12-05, after the week: on track, not due.
/// - i1 iron, last visit 10-10: next due 10-10 + 45 = 11-24, in the week: due, and its 1 h visit
///   takes Friday's last hour (p1 + i1 = 5,000 beats p1 + g1, which does not fit, and g1 + i1 = 3,000).
/// - l1 lead with a call a month (0.25 h), never called: due; Friday is full: behind.
@Suite("The weekly report's cadence view")
struct CadenceSummaryTests {
    static let book = """
        name: Cadence week
        week: 2026-W48
        policy:
          visits:
            cadence: {lead: {count: 1, per: month, channel: call}}
        managers: [{id: m, region: east, hoursPerDay: 4, unavailableDays: [2026-11-23, 2026-11-24, 2026-11-25, 2026-11-26]}]
        experts: [{id: e, region: east, weeklyHours: 10, skills: {network: 1}}]
        accounts:
          - {id: p1, manager: m, region: east, revenue: 100, tier: platinum}
          - {id: g1, manager: m, region: east, revenue: 100, tier: gold, lastVisit: 2026-11-01}
          - {id: g2, manager: m, region: east, revenue: 100, tier: gold, lastVisit: 2026-11-20}
          - {id: i1, manager: m, region: east, revenue: 100, tier: iron, lastVisit: 2026-10-10}
          - {id: l1, manager: m, region: east, revenue: 100, tier: lead}

        """

    static func plan() throws -> WeeklyPlan {
        let result = ScenarioLoader.load(bytes: Array(book.utf8), file: "cadence.yaml")
        return try WeeklyPlan.make(try #require(result.scenario, "\(result.errors)"))
    }

    @Test("Per tier and channel: overdue at Monday, due, kept, behind; the accounts behind, most late first (derived above)")
    func summary() throws {
        let plan = try Self.plan()
        #expect(plan.visits.scheduled.map(\.account) == ["p1", "i1"])
        let summary = CadenceSummary(plan)
        #expect(summary.rows.map { "\($0.tier.rawValue) \($0.channel.rawValue) \($0.accounts) \($0.overdue) \($0.due) \($0.kept) \($0.behind)" } == [
            "platinum visit 1 0 1 0 1", "gold visit 2 1 1 0 1", "iron visit 1 0 1 1 0", "lead call 1 0 1 0 1",
        ])
        #expect(summary.behind.map { "\($0.account) \($0.channel.rawValue) \($0.daysLate) \($0.missing) \($0.nextDue?.description ?? "now")" } == [
            "g1 visit 11 1 2026-11-16", "p1 visit 0 1 now", "l1 call 0 1 now",
        ])
    }

    @Test("report.html has the cadence section with the accounts behind, and calls.csv comes with a call cadence")
    func report() throws {
        let plan = try Self.plan()
        let page = HTMLReport(plan).rendered()
        #expect(page.contains("<h2 id=\"cadence\">") || page.contains("id=\"cadence\""))
        #expect(page.contains("Falling behind this week"))
        #expect(page.contains("<td class=\"n\">11</td>"))
        let files = PlanFiles.files(for: plan).map(\.path)
        #expect(files.contains("calls.csv"))
        let json = plan.document().json().rendered()
        #expect(json.contains("\"unscheduledCalls\""))
    }
}
