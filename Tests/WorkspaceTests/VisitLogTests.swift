import Foundation
import Scenarios
import TestSupport
import Testing
@testable import Workspace

/// The visit log on docs/examples/approvals.yaml: manager m-ana, accounts big (platinum: 2 visits a
/// week, every 7 / 2 = 3 days) and small (gold: 2 a month, every 30 / 2 = 15 days), no lastVisit.
/// Today is Wednesday 2026-12-02 (2026-W49). Logged: big done Thu 2026-11-26 and missed Wed
/// 2026-11-25 (last week), small done Mon 2026-11-30.
/// Cadence: big next due 11-26 + 3 = 11-29, before today: overdue by 3 days, 1 missed last week;
/// small next due 11-30 + 15 = 12-15, after this week's Sunday 12-06: on track.
/// Planning 2026-W50 (12-07 to 12-11): small's last visit is 11-30 from the log, + 15 = 12-15 is
/// after the week's last workday: no visit; without the log it has none, so it would be due.
@Suite("The visit log and the cadence view")
struct VisitLogTests {
    static let today = CalendarDate(year: 2026, month: 12, day: 2)!

    func log(_ space: PlanningWorkspace, _ account: String, _ date: String, _ outcome: VisitLogEntry.Outcome, by: String = "m-ana") throws -> VisitLogEntry {
        try space.logVisit(account: account, date: CalendarDate(date)!, outcome: outcome, note: nil, by: by, today: Self.today)
    }

    @Test("Logged visits set the cadence view and the last visit the next weeks are planned from (derived above)", arguments: StoreKind.tested)
    func cadenceAndPlanning(store: StoreKind) throws {
        let (space, url) = try approvalWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        let week50 = ISOWeek(year: 2026, week: 50)!
        let before = try space.planWeek(week50).plan.visits.scheduled.filter { $0.account == "small" }
        #expect(before.count == 1)  // never visited: due

        _ = try log(space, "big", "2026-11-25", .missed)
        _ = try log(space, "big", "2026-11-26", .done)
        _ = try log(space, "small", "2026-11-30", .done)
        let rows = try space.cadence(today: Self.today)
        #expect(rows.map { "\($0.account) \($0.state.rawValue) \($0.daysLate) \($0.missedLastWeek) \($0.nextDue?.description ?? "-")" }
                == ["big overdue 3 1 2026-11-29", "small onTrack 0 0 2026-12-15"])
        #expect(try space.scenario(week: week50).accounts.first { $0.id == "small" }?.lastVisit == CalendarDate(year: 2026, month: 11, day: 30))
        let after = try space.planWeek(week50).plan.visits.scheduled.filter { $0.account == "small" }
        #expect(after.isEmpty)
        // Read back from the store, by date; each entry audited under the manager.
        #expect(try space.visitLog().map { "\($0.account) \($0.date) \($0.outcome.rawValue)" }
                == ["big 2026-11-25 missed", "big 2026-11-26 done", "small 2026-11-30 done"])
        #expect(try space.store.snapshot().audit.filter { $0.action == "visit" }.map(\.actor) == ["m-ana", "m-ana", "m-ana"])
    }

    /// The same workspace with a call a month for gold (every 30 days). small's call logged done
    /// Tue 12-01 and one missed Wed 11-25 (last week); big has no call cadence.
    /// Cadence today (Wed 12-02): big visit due (never visited), small visit due (never visited),
    /// small call next due 12-01 + 30 = 12-31: on track, 1 missed last week (the call's, not the visit's).
    /// Planning W50: without the log small's call is due (never called); with it, 12-31 is after
    /// Fri 12-11: no call.
    @Test("Logged calls: their own cadence row, and the last call the next weeks are planned from (derived above)", arguments: StoreKind.tested)
    func calls(store: StoreKind) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-calls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        var scenario = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("docs/examples/approvals.yaml").path).scenario)
        scenario.policy.visits.calls[.gold] = Cadence(count: 1, per: .month)
        let space = try PlanningWorkspace.create(at: url.path, from: scenario, store: store.makeStore)
        let week50 = ISOWeek(year: 2026, week: 50)!
        #expect(try space.planWeek(week50).plan.visits.calls.map(\.account) == ["small"])

        _ = try space.logVisit(account: "small", date: CalendarDate("2026-11-25")!, outcome: .missed, channel: .call, note: nil, by: "m-ana", today: Self.today)
        _ = try space.logVisit(account: "small", date: CalendarDate("2026-12-01")!, outcome: .done, channel: .call, note: "renewal", by: "m-ana", today: Self.today)
        let rows = try space.cadence(today: Self.today)
        #expect(rows.map { "\($0.account) \($0.channel.rawValue) \($0.state.rawValue) \($0.missedLastWeek) \($0.lastContact?.description ?? "-") \($0.nextDue?.description ?? "-")" }
                == ["big visit due 0 - -", "small visit due 0 - -", "small call onTrack 1 2026-12-01 2026-12-31"])
        let planned = try space.scenario(week: week50).accounts.first { $0.id == "small" }
        #expect(planned?.lastCall == CalendarDate("2026-12-01") && planned?.lastVisit == nil)
        #expect(try space.planWeek(week50).plan.visits.calls.isEmpty)
        // Read back with the channel; audited as calls.
        #expect(try space.visitLog().map { "\($0.account) \($0.date) \($0.channel.rawValue) \($0.outcome.rawValue)" }
                == ["small 2026-11-25 call missed", "small 2026-12-01 call done"])
        #expect(try space.store.snapshot().audit.filter { $0.action == "visit" }.map(\.detail) == ["call missed on 2026-11-25", "call done on 2026-12-01: renewal"])
    }

    @Test("An overdue account whose visit this week's published plan already holds says when", arguments: StoreKind.tested)
    func plannedThisWeek(store: StoreKind) throws {
        let (space, url) = try approvalWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try log(space, "big", "2026-11-26", .done)  // next due 11-29: overdue on 12-02
        _ = try space.addUser(id: "ana", role: .planner, manager: nil, by: "test", today: Self.today)
        let week49 = ISOWeek(year: 2026, week: 49)!
        let published = try space.publishWeek(week49, by: try space.actingUser("ana", role: .planner, to: "publish"), force: false, today: Self.today)
        // The published plan's own visits to big from today on, read from its plan.json here.
        let root = try JSONSerialization.jsonObject(with: Data(published.record.planJSON.utf8)) as? [String: Any]
        let scheduled = ((root?["visits"] as? [String: Any])?["scheduled"] as? [[String: Any]]) ?? []
        let ahead = scheduled.filter { $0["account"] as? String == "big" }.compactMap { $0["date"] as? String }.filter { $0 >= "2026-12-02" }.sorted()
        #expect(!ahead.isEmpty, "the plan should visit big again this week: \(scheduled)")
        let rows = try space.cadence(today: Self.today)
        let big = try #require(rows.first { $0.account == "big" && $0.channel == .visit })
        #expect(big.state == .overdue && big.planned?.description == ahead.first)
        #expect(rows.first { $0.account == "small" }?.planned == nil || scheduled.contains { $0["account"] as? String == "small" })
        // Before publishing nothing is planned: a fresh workspace's view has no dates.
        let (fresh, freshURL) = try approvalWorkspace(store)
        defer { try? FileManager.default.removeItem(at: freshURL) }
        #expect(try fresh.cadence(today: Self.today).allSatisfy { $0.planned == nil })
    }

    @Test("Refused: a day after today, an account of another manager, an unknown account", arguments: StoreKind.tested)
    func refused(store: StoreKind) throws {
        let (space, url) = try approvalWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(refusal { try log(space, "big", "2026-12-03", .done) } == "invalid: the visit is on 2026-12-03, after today (2026-12-02); log a visit once it has happened")
        #expect(refusal { try log(space, "bigg", "2026-12-01", .done) } == "notFound: unknown account 'bigg'; did you mean 'big'?")
        #expect(refusal { try log(space, "big", "2026-12-01", .done, by: "m-bob") }?.hasPrefix("notFound: unknown manager 'm-bob'") == true)
        #expect(try space.visitLog().isEmpty)
    }
}
