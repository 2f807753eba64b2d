import Foundation
import Scenarios
import TestSupport
import Testing
import Workspace
import WorkspacePostgres
import WorkspaceSQLite

/// The WorkspaceStore protocol itself, the same calls on every store (in memory, SQLite,
/// PostgreSQL): what each call returns, what it refuses, and that a refusal writes nothing.
@Suite("Workspace store contract")
struct StoreContractTests {
    let at = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T...Z, whole seconds (stores keep seconds)

    func store(_ kind: StoreKind) throws -> (any WorkspaceStore, URL) {
        let directory = try scratchDirectory("kam-store")
        return (try kind.makeStore(directory.path), directory)
    }

    func request(_ account: String, hours: Double = 8, by manager: String = "m-zhang") -> ExpertRequest {
        ExpertRequest(id: "", account: account, skill: "network", hours: hours, priority: .high, onsite: true, singleExpert: false,
                      requestedBy: manager, note: "note for \(account)")
    }

    func user(_ id: String, at: Date) -> User {
        User(id: id, role: .manager, manager: "m-\(id)", tokenHash: "token-\(id)", feedTokenHash: "feed-\(id)", createdAt: at)
    }

    @Test("Requests get R0001, R0002, ...; an idempotency key replays its request and refuses another body", arguments: StoreKind.tested)
    func filing(kind: StoreKind) throws {
        let (store, directory) = try store(kind)
        defer { try? FileManager.default.removeItem(at: directory) }
        let week = ISOWeek(year: 2026, week: 49)!
        let first = try store.fileRequest(request("bank-hq"), week: week, at: at, idempotency: nil) { "filed \($0.id)" }
        let key = IdempotencyKey(user: "u1", key: "k1", bodyHash: "h1")
        let second = try store.fileRequest(request("telecom-north"), week: week, at: at, idempotency: key) { "filed \($0.id)" }
        let replay = try store.fileRequest(request("telecom-north"), week: week, at: at, idempotency: key) { "filed \($0.id)" }
        #expect(first.request.id == "R0001" && !first.replayed)
        #expect(second.request.id == "R0002" && !second.replayed)
        #expect(replay.request == second.request && replay.replayed)
        #expect(refusal { try store.fileRequest(request("x"), week: week, at: at, idempotency: IdempotencyKey(user: "u1", key: "k1", bodyHash: "other")) { _ in "" } }
                == "conflict: Idempotency-Key 'k1' was used before for a different request; use a new key for a new request")
        // The same key of another user is another key.
        let other = try store.fileRequest(request("x"), week: week, at: at, idempotency: IdempotencyKey(user: "u2", key: "k1", bodyHash: "h1")) { _ in "" }
        #expect(other.request.id == "R0003" && !other.replayed)
        #expect(try store.requests(week: week, account: nil, status: nil).map(\.id) == ["R0001", "R0002", "R0003"])
        #expect(try store.requests(week: nil, account: "telecom-north", status: .open).map(\.id) == ["R0002"])
        #expect(try store.requests(week: ISOWeek(year: 2026, week: 50)!, account: nil, status: nil).isEmpty)
        let shown = try #require(try store.request("R0001"))
        #expect(shown.request.note == "note for bank-hq" && shown.request.onsite && shown.request.priority == .high && shown.request.createdAt == at)
        #expect(shown.audit.map(\.detail) == ["filed R0001"])
        #expect(try store.request("R0009") == nil)
    }

    @Test("A change that throws writes nothing, not even its audit line", arguments: StoreKind.tested)
    func refusedChange(kind: StoreKind) throws {
        let (store, directory) = try store(kind)
        defer { try? FileManager.default.removeItem(at: directory) }
        let week = ISOWeek(year: 2026, week: 49)!
        _ = try store.fileRequest(request("bank-hq"), week: week, at: at, idempotency: nil) { _ in "add" }
        struct No: Error {}
        #expect(throws: No.self) { try store.updateRequest("R0001", actor: "m-zhang", action: "cancel", at: at) { $0.status = .cancelled; throw No() } }
        #expect(try store.request("R0001")?.request.status == .open)
        #expect(try store.request("R0001")?.audit.count == 1)
        let later = at.addingTimeInterval(3600)
        let changed = try store.updateRequest("R0001", actor: "m-zhang", action: "cancel", at: later) { $0.status = .cancelled; return "cancelled" }
        #expect(changed?.status == .cancelled && changed?.updatedAt == later)
        #expect(try store.request("R0001")?.audit.map(\.action) == ["add", "cancel"])
        #expect(try store.updateRequest("R0404", actor: "x", action: "cancel", at: at) { _ in "" } == nil)
    }

    @Test("Publishing keeps every version, supersedes the old, stores hours, outcomes and calendars", arguments: StoreKind.tested)
    func publishing(kind: StoreKind) throws {
        let (store, directory) = try store(kind)
        defer { try? FileManager.default.removeItem(at: directory) }
        let week = ISOWeek(year: 2026, week: 49)!
        _ = try store.fileRequest(request("bank-hq"), week: week, at: at, idempotency: nil) { _ in "" }
        func publication(_ hours: Double, calendar: String) -> Publication {
            Publication(week: week, by: "planner", at: at, objective: hours * 10, planJSON: "{\"hours\": \(hours)}",
                        hours: [HistoryEntry(expert: "e-b", account: "bank-hq", hours: hours), HistoryEntry(expert: "e-a", account: "bank-hq", hours: 1)],
                        outcomes: [(id: "R0001", allocated: hours, status: hours >= 8 ? .allocated : .partial)],
                        calendars: [(manager: "m-zhang", events: calendar), (manager: "m-li", events: "li-\(calendar)")]) { "version \($0)" }
        }
        #expect(try store.publish(publication(5, calendar: "v1"), force: false).version == 1)
        #expect(try store.request("R0001")?.request.status == .partial)
        #expect(refusal { try store.publish(publication(8, calendar: "v2"), force: false) }?.hasPrefix("conflict: 2026-W49 was already published (version 1, ") == true)
        let second = try store.publish(publication(8, calendar: "v2"), force: true)
        #expect(second.version == 2 && !second.superseded && second.planJSON == "{\"hours\": 8.0}")
        #expect(try store.publishedPlans(week: week).map { [$0.version, $0.superseded ? 1 : 0] } == [[1, 1], [2, 0]])
        #expect(try store.latestPublishedVersions() == [week: 2])
        #expect(try store.request("R0001")?.request.status == .allocated && store.request("R0001")?.request.allocated == 8)
        #expect(try store.calendarEvents(manager: "m-zhang") == ["v2"])
        // Next week's history is the latest version's hours, in the order published.
        #expect(try store.history(before: ISOWeek(year: 2026, week: 50)!) == [HistoryEntry(expert: "e-b", account: "bank-hq", hours: 8),
                                                                               HistoryEntry(expert: "e-a", account: "bank-hq", hours: 1)])
        #expect(try store.history(before: week).isEmpty)
        // A request filed after publication remembers the version it missed.
        let late = try store.fileRequest(request("bank-hq"), week: week, at: at, idempotency: nil) { _ in "" }
        #expect(late.request.filedAfterVersion == 2)
        try store.setReviewed(week: week, fingerprint: "f1", at: at)
        try store.setReviewed(week: week, fingerprint: "f2", at: at)
        #expect(try store.reviewedFingerprint(week: week) == "f2")
        #expect(try store.reviewedFingerprint(week: ISOWeek(year: 2026, week: 50)!) == nil)
    }

    @Test("Users: one per id, found by token and feed token; revoking ends their sessions", arguments: StoreKind.tested)
    func users(kind: StoreKind) throws {
        let (store, directory) = try store(kind)
        defer { try? FileManager.default.removeItem(at: directory) }
        try store.addUser(user("ann", at: at), actor: "admin", at: at)
        try store.addUser(user("bob", at: at), actor: "admin", at: at)
        #expect(refusal { try store.addUser(user("ann", at: at), actor: "admin", at: at) }?.hasPrefix("conflict: there is already a user 'ann'") == true)
        #expect(try store.users().map(\.id) == ["ann", "bob"])
        #expect(try store.user(tokenHash: "token-bob")?.id == "bob")
        #expect(try store.user(feedTokenHash: "feed-ann")?.id == "ann")
        #expect(try store.user("carl") == nil && store.user(tokenHash: "nope") == nil)
        let session = WebSession(idHash: "s1", user: "ann", csrfToken: "c", createdAt: at, expiresAt: at.addingTimeInterval(3600))
        try store.createSession(session)
        #expect(try store.session(idHash: "s1", now: at.addingTimeInterval(60)) == session)
        #expect(try store.session(idHash: "s1", now: at.addingTimeInterval(7200)) == nil)  // expired
        let revoked = try store.updateUser("ann", actor: "admin", action: "user revoke", at: at) { $0.revokedAt = at; return "revoked" }
        #expect(revoked?.isActive == false)
        #expect(try store.session(idHash: "s1", now: at.addingTimeInterval(60)) == nil)
        try store.createSession(WebSession(idHash: "s2", user: "bob", csrfToken: "c", createdAt: at, expiresAt: at.addingTimeInterval(3600)))
        try store.deleteSession(idHash: "s2")
        #expect(try store.session(idHash: "s2", now: at) == nil)
        #expect(try store.updateUser("zed", actor: "admin", action: "x", at: at) { _ in "" } == nil)
    }

    /// A store with a bit of everything, for the copy tests.
    func fill(_ store: any WorkspaceStore) throws {
        let week = ISOWeek(year: 2026, week: 49)!
        try store.addUser(user("ann", at: at), actor: "admin", at: at)
        _ = try store.fileRequest(request("bank-hq"), week: week, at: at, idempotency: IdempotencyKey(user: "ann", key: "k", bodyHash: "h")) { _ in "add" }
        _ = try store.fileRequest(request("telecom-north", hours: 4), week: week, at: at, idempotency: nil) { _ in "add" }
        _ = try store.updateRequest("R0002", actor: "m-zhang", action: "cancel", at: at) { $0.status = .cancelled; return "cancelled" }
        _ = try store.publish(Publication(week: week, by: "planner", at: at, objective: 80, planJSON: "{}",
                                          hours: [HistoryEntry(expert: "e1", account: "bank-hq", hours: 8)],
                                          outcomes: [(id: "R0001", allocated: 8, status: .allocated)],
                                          calendars: [(manager: "m-zhang", events: "EVENTS")]) { "v\($0)" }, force: false)
        try store.setReviewed(week: week, fingerprint: "abc-1", at: at)
        _ = try store.fileRequest(request("bank-hq", hours: 2), week: week, at: at, idempotency: nil) { _ in "add" }
        try store.setControl(PlannerControl(week: week, rule: .pin(Pin(expert: "e1", target: .request("R0001"), hours: 4, mode: .atLeast)),
                                            setBy: "ann", setAt: at), action: "pin", detail: "pin")
        try store.setControl(PlannerControl(week: week, rule: .exclusion(Exclusion(expert: "e2", account: "bank-hq")), setBy: "ann", setAt: at),
                             action: "exclude", detail: "exclude")
        try store.logVisit(VisitLogEntry(account: "bank-hq", date: CalendarDate(year: 2026, month: 11, day: 30)!, outcome: .done, note: "met the CFO", by: "m-zhang", at: at))
        try store.logVisit(VisitLogEntry(account: "bank-hq", date: CalendarDate(year: 2026, month: 11, day: 24)!, outcome: .missed, by: "m-zhang", at: at))
    }

    @Test("Controls: one per week and key (setting again replaces), listed by week then key, removed once; each change audited",
          arguments: StoreKind.tested)
    func controls(kind: StoreKind) throws {
        let (store, url) = try store(kind)
        defer { try? FileManager.default.removeItem(at: url) }
        let w49 = ISOWeek(year: 2026, week: 49)!, w50 = ISOWeek(year: 2026, week: 50)!
        func pin(_ hours: Double, _ week: ISOWeek, account: String? = nil) -> PlannerControl {
            PlannerControl(week: week, rule: .pin(Pin(expert: "e1", target: account.map { .account($0) } ?? .request("R0001"), hours: hours)),
                           setBy: "ann", setAt: at)
        }
        try store.setControl(pin(4, w50), action: "pin", detail: "a")
        try store.setControl(pin(4, w49), action: "pin", detail: "b")
        try store.setControl(pin(6, w49), action: "pin", detail: "c")  // replaces the 4 h pin of w49
        try store.setControl(pin(2, w49, account: "bank-hq"), action: "pin", detail: "d")
        #expect(try store.controls(week: nil).map { "\($0.week) \($0.key)" } == [
            "2026-W49 pin e1 account bank-hq", "2026-W49 pin e1 request R0001", "2026-W50 pin e1 request R0001",
        ])
        #expect(try store.controls(week: w49).map(\.rule) == [pin(2, w49, account: "bank-hq").rule, pin(6, w49).rule])
        #expect(try store.removeControl(week: w49, key: "pin e1 request R0001", actor: "bob", at: at, action: "unpin", detail: "e"))
        #expect(try store.removeControl(week: w49, key: "pin e1 request R0001", actor: "bob", at: at, action: "unpin", detail: "f") == false)
        #expect(try store.controls(week: w49).map(\.key) == ["pin e1 account bank-hq"])
        let audit = try store.snapshot().audit
        #expect(audit.map(\.detail) == ["a", "b", "c", "d", "e"])
        #expect(audit.last?.actor == "bob" && audit.last?.subject == "2026-W49")
    }

    @Test("A snapshot restored into an empty store of any kind reads back the same; ids continue", arguments: StoreKind.tested, StoreKind.tested)
    func copy(from source: StoreKind, to target: StoreKind) throws {
        let (from, one) = try store(source)
        let (to, two) = try store(target)
        defer { try? FileManager.default.removeItem(at: one); try? FileManager.default.removeItem(at: two) }
        try fill(from)
        let snapshot = try from.snapshot()
        #expect(snapshot.counts.map(\.count) == [3, 10, 1, 1, 1, 1, 1, 1, 2, 2])  // 3 adds + cancel + publish + user add + 2 controls + 2 visits in the audit trail
        #expect(snapshot.visitLog.map(\.date.description) == ["2026-11-24", "2026-11-30"])  // by date
        #expect(snapshot.lastRequestNumber == 3)
        try to.restore(snapshot)
        #expect(try to.snapshot() == snapshot)
        #expect(try to.fileRequest(request("bank-hq"), week: ISOWeek(year: 2026, week: 50)!, at: at, idempotency: nil) { _ in "" }.request.id == "R0004")
        #expect(try to.fileRequest(request("bank-hq"), week: ISOWeek(year: 2026, week: 49)!, at: at,
                                   idempotency: IdempotencyKey(user: "ann", key: "k", bodyHash: "h")) { _ in "" } .replayed)
        // Into a store that holds a workspace: refused, and nothing written.
        #expect(refusal { try to.restore(snapshot) }?.hasPrefix("conflict: ") == true)
        #expect(try to.requests(week: nil, account: nil, status: nil).count == 4)
    }
}
