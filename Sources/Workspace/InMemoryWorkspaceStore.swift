import Foundation
import Scenarios
import Synchronization

/// A workspace store in memory: the protocol's behaviour without a database, for tests (and a
/// reference for new stores). Every method holds one lock, so it is one transaction.
public final class InMemoryWorkspaceStore: WorkspaceStore {
    private struct State {
        var requests: [String: StoredRequest] = [:]
        var audit: [AuditEntry] = []
        var counter = 0
        var plans: [(plan: PublishedPlan, hours: [HistoryEntry], calendars: [String: String])] = []
        var reviewed: [ISOWeek: (fingerprint: String, at: Date)] = [:]
        var users: [String: User] = [:]
        var sessions: [String: WebSession] = [:]
        var idempotency: [IdempotencyKey.Scope: (bodyHash: String, request: String)] = [:]
        var controls: [ControlScope: PlannerControl] = [:]
        var visitLog: [VisitLogEntry] = []
    }

    private struct ControlScope: Hashable {
        var week: ISOWeek
        var key: String
    }

    private let state = Mutex(State())

    public init() {}

    public func fileRequest(_ request: ExpertRequest, week: ISOWeek, status: StoredRequest.Status, at: Date, idempotency: IdempotencyKey?,
                            detail: (StoredRequest) -> String) throws -> (request: StoredRequest, replayed: Bool) {
        try state.withLock { state in
            if let idempotency, let seen = state.idempotency[idempotency.scope] {
                guard seen.bodyHash == idempotency.bodyHash else { throw WorkspaceError.idempotencyKeyReused(idempotency.key) }
                return (state.requests[seen.request]!, true)
            }
            state.counter += 1
            var asked = request
            asked.id = "R" + String(zeroPadded: state.counter, width: 4)
            let published = state.plans.filter { $0.plan.week == week }.map(\.plan.version).max()
            let stored = StoredRequest(request: asked, week: week, status: status, createdAt: at, updatedAt: at, filedAfterVersion: published)
            state.requests[asked.id] = stored
            state.audit.append(AuditEntry(at: at, actor: stored.requester, action: "add", subject: asked.id, detail: detail(stored)))
            if let idempotency { state.idempotency[idempotency.scope] = (idempotency.bodyHash, asked.id) }
            return (stored, false)
        }
    }

    public func requests(week: ISOWeek?, account: String?, status: StoredRequest.Status?) throws -> [StoredRequest] {
        state.withLock { state in
            state.requests.values
                .filter { (week == nil || $0.week == week) && (account == nil || $0.account == account) && (status == nil || $0.status == status) }
                .sorted { $0.id < $1.id }
        }
    }

    public func request(_ id: String) throws -> (request: StoredRequest, audit: [AuditEntry])? {
        state.withLock { state in
            state.requests[id].map { ($0, state.audit.filter { $0.subject == id }) }
        }
    }

    public func updateRequest(_ id: String, actor: String, action: String, at: Date,
                              _ change: (inout StoredRequest) throws -> String) throws -> StoredRequest? {
        try state.withLock { state in
            guard var request = state.requests[id] else { return nil }
            let detail = try change(&request)
            request.updatedAt = at
            state.requests[id] = request
            state.audit.append(AuditEntry(at: at, actor: actor, action: action, subject: id, detail: detail))
            return request
        }
    }

    public func publish(_ publication: Publication, force: Bool) throws -> PublishedPlan {
        try state.withLock { state in
            let existing = state.plans.filter { $0.plan.week == publication.week }.map(\.plan).max { $0.version < $1.version }
            if let existing, !force {
                throw WorkspaceError.alreadyPublished(week: publication.week.description, version: existing.version, at: Timestamp.text(existing.publishedAt))
            }
            for index in state.plans.indices where state.plans[index].plan.week == publication.week { state.plans[index].plan.superseded = true }
            let plan = PublishedPlan(week: publication.week, version: (existing?.version ?? 0) + 1, publishedAt: publication.at,
                                     publishedBy: publication.by, superseded: false, objective: publication.objective, planJSON: publication.planJSON)
            state.plans.append((plan, publication.hours, Dictionary(publication.calendars, uniquingKeysWith: +)))
            for outcome in publication.outcomes {
                guard var request = state.requests[outcome.id] else { continue }
                (request.allocated, request.status, request.updatedAt) = (outcome.allocated, outcome.status, publication.at)
                state.requests[outcome.id] = request
            }
            state.audit.append(AuditEntry(at: publication.at, actor: publication.by, action: "publish", subject: publication.week.description,
                                          detail: publication.detail(plan.version)))
            return plan
        }
    }

    public func publishedPlans(week: ISOWeek) throws -> [PublishedPlan] {
        state.withLock { state in state.plans.map(\.plan).filter { $0.week == week }.sorted { $0.version < $1.version } }
    }

    public func latestPublishedVersions() throws -> [ISOWeek: Int] {
        state.withLock { state in
            var latest: [ISOWeek: Int] = [:]
            for (plan, _, _) in state.plans { latest[plan.week] = max(latest[plan.week] ?? 0, plan.version) }
            return latest
        }
    }

    public func calendarEvents(manager: String) throws -> [String] {
        state.withLock { state in
            state.plans.filter { !$0.plan.superseded }.sorted { $0.plan.week < $1.plan.week }.compactMap { $0.calendars[manager] }
        }
    }

    public func history(before week: ISOWeek) throws -> [HistoryEntry] {
        state.withLock { state in
            state.plans.filter { $0.plan.week < week && !$0.plan.superseded }
                .max { ($0.plan.week, $0.plan.version) < ($1.plan.week, $1.plan.version) }?.hours ?? []
        }
    }

    public func setReviewed(week: ISOWeek, fingerprint: String, at: Date) throws {
        state.withLock { state in state.reviewed[week] = (fingerprint, at) }
    }

    public func reviewedFingerprint(week: ISOWeek) throws -> String? {
        state.withLock { state in state.reviewed[week]?.fingerprint }
    }

    public func addUser(_ user: User, actor: String, at: Date) throws {
        try state.withLock { state in
            guard state.users[user.id] == nil else { throw WorkspaceError.userExists(user.id) }
            state.users[user.id] = user
            state.audit.append(AuditEntry(at: at, actor: actor, action: "user add", subject: user.id, detail: User.auditDetail(user)))
        }
    }

    public func users() throws -> [User] {
        state.withLock { state in state.users.values.sorted { $0.id < $1.id } }
    }

    public func user(_ id: String) throws -> User? {
        state.withLock { state in state.users[id] }
    }

    public func user(tokenHash: String) throws -> User? {
        state.withLock { state in state.users.values.first { $0.tokenHash == tokenHash } }
    }

    public func checkReachable() throws {}

    public func changeStamp() throws -> String {
        state.withLock { "audit \($0.audit.count) plans \($0.plans.count)" }
    }

    public func user(feedTokenHash: String) throws -> User? {
        state.withLock { state in state.users.values.first { $0.feedTokenHash == feedTokenHash } }
    }

    public func updateUser(_ id: String, actor: String, action: String, at: Date, _ change: (inout User) throws -> String) throws -> User? {
        try state.withLock { state in
            guard var user = state.users[id] else { return nil }
            let detail = try change(&user)
            state.users[id] = user
            if !user.isActive { state.sessions = state.sessions.filter { $0.value.user != id } }
            state.audit.append(AuditEntry(at: at, actor: actor, action: action, subject: id, detail: detail))
            return user
        }
    }

    public func createSession(_ session: WebSession) throws {
        state.withLock { state in state.sessions[session.idHash] = session }
    }

    public func session(idHash: String, now: Date) throws -> WebSession? {
        state.withLock { state in state.sessions[idHash].flatMap { $0.expiresAt > now ? $0 : nil } }
    }

    public func deleteSession(idHash: String) throws {
        state.withLock { state in _ = state.sessions.removeValue(forKey: idHash) }
    }

    public func deleteSessions(user: String) throws {
        state.withLock { state in state.sessions = state.sessions.filter { $0.value.user != user } }
    }

    public func setControl(_ control: PlannerControl, action: String, detail: String) throws {
        state.withLock { state in
            state.controls[ControlScope(week: control.week, key: control.key)] = control
            state.audit.append(AuditEntry(at: control.setAt, actor: control.setBy, action: action, subject: control.week.description, detail: detail))
        }
    }

    public func removeControl(week: ISOWeek, key: String, actor: String, at: Date, action: String, detail: String) throws -> Bool {
        state.withLock { state in
            guard state.controls.removeValue(forKey: ControlScope(week: week, key: key)) != nil else { return false }
            state.audit.append(AuditEntry(at: at, actor: actor, action: action, subject: week.description, detail: detail))
            return true
        }
    }

    public func controls(week: ISOWeek?) throws -> [PlannerControl] {
        state.withLock { state in
            state.controls.values.filter { week == nil || $0.week == week }.sorted { ($0.week, $0.key) < ($1.week, $1.key) }
        }
    }

    public func logVisit(_ entry: VisitLogEntry) throws {
        state.withLock { state in
            state.visitLog.append(entry)
            state.audit.append(AuditEntry(at: entry.at, actor: entry.by, action: "visit", subject: entry.account, detail: entry.auditDetail))
        }
    }

    public func visitLog(account: String?) throws -> [VisitLogEntry] {
        state.withLock { state in Self.byDate(state.visitLog.filter { account == nil || $0.account == account }) }
    }

    /// By date, then in the order logged (a stable sort).
    static func byDate(_ entries: [VisitLogEntry]) -> [VisitLogEntry] {
        entries.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    public func snapshot() throws -> WorkspaceSnapshot {
        state.withLock { state in
            var snapshot = WorkspaceSnapshot()
            snapshot.requests = state.requests.values.sorted { $0.id < $1.id }
            snapshot.audit = state.audit
            snapshot.plans = state.plans.sorted { ($0.plan.week, $0.plan.version) < ($1.plan.week, $1.plan.version) }.map { entry in
                .init(plan: entry.plan, hours: entry.hours,
                      calendars: entry.calendars.sorted { $0.key < $1.key }.map { .init(manager: $0.key, events: $0.value) })
            }
            snapshot.reviewed = state.reviewed.sorted { $0.key < $1.key }.map { .init(week: $0.key, fingerprint: $0.value.fingerprint, at: $0.value.at) }
            snapshot.users = state.users.values.sorted { $0.id < $1.id }
            snapshot.idempotency = state.idempotency.sorted { ($0.key.user, $0.key.key) < ($1.key.user, $1.key.key) }
                .map { .init(key: IdempotencyKey(user: $0.key.user, key: $0.key.key, bodyHash: $0.value.bodyHash), request: $0.value.request) }
            snapshot.controls = state.controls.values.sorted { ($0.week, $0.key) < ($1.week, $1.key) }
            snapshot.visitLog = Self.byDate(state.visitLog)
            snapshot.lastRequestNumber = state.counter
            return snapshot
        }
    }

    public func restore(_ snapshot: WorkspaceSnapshot) throws {
        try state.withLock { state in
            guard state.requests.isEmpty, state.audit.isEmpty, state.plans.isEmpty, state.users.isEmpty else {
                throw WorkspaceError.storeNotEmpty(store: "the in-memory store")
            }
            for request in snapshot.requests { state.requests[request.id] = request }
            state.audit = snapshot.audit
            state.plans = snapshot.plans.map { ($0.plan, $0.hours, Dictionary($0.calendars.map { ($0.manager, $0.events) }, uniquingKeysWith: +)) }
            for reviewed in snapshot.reviewed { state.reviewed[reviewed.week] = (reviewed.fingerprint, reviewed.at) }
            for user in snapshot.users { state.users[user.id] = user }
            for seen in snapshot.idempotency { state.idempotency[seen.key.scope] = (seen.key.bodyHash, seen.request) }
            for control in snapshot.controls { state.controls[ControlScope(week: control.week, key: control.key)] = control }
            state.visitLog = snapshot.visitLog
            state.counter = snapshot.lastRequestNumber
        }
    }
}

/// Timestamps as kam shows and stores them: ISO 8601 in UTC, to the second (2026-11-23T14:04:28Z).
/// Written and read by hand: a Foundation date formatter costs about as much to make as a whole
/// request takes otherwise, and the server formats several per request.
public enum Timestamp {
    public static func text(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let day = CalendarDate(dayNumber: Self.epochDay + Int((Double(seconds) / 86_400).rounded(.down)))
        let inDay = seconds - Int((Double(seconds) / 86_400).rounded(.down)) * 86_400
        return "\(day)T\(String(zeroPadded: inDay / 3600, width: 2)):\(String(zeroPadded: inDay / 60 % 60, width: 2)):\(String(zeroPadded: inDay % 60, width: 2))Z"
    }

    public static func date(_ text: String) -> Date? {
        // Every timestamp kam writes has this one form: read from its 20 bytes (a server's request
        // list reads two per request); anything else goes the general way below.
        if let date = canonicalDate(text) { return date }
        return dateBySplitting(text)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ` exactly, read byte by byte; nil for any other text (or a day or
    /// time out of range, which `dateBySplitting` then refuses too).
    static func canonicalDate(_ text: String) -> Date? {
        let utf8 = text.utf8
        guard utf8.count == 20 else { return nil }
        return utf8.withContiguousStorageIfAvailable { bytes -> Date? in
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let byte = bytes[index]
                    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                    value = value * 10 + Int(byte - UInt8(ascii: "0"))
                }
                return value
            }
            guard bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
                  bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
                  let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
                  let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
                  let date = CalendarDate(year: year, month: month, day: day),
                  hour < 24, minute < 60, second < 61 else { return nil }
            return Date(timeIntervalSince1970: Double((date.dayNumber - Self.epochDay) * 86_400 + hour * 3600 + minute * 60 + second))
        } ?? nil
    }

    /// The general reading: a `YYYY-MM-DD` day, `T`, hours, minutes and seconds as whole numbers, `Z`.
    static func dateBySplitting(_ text: String) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = CalendarDate(String(parts[0])), parts[1].hasSuffix("Z") else { return nil }
        let clock = parts[1].dropLast().split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard clock.count == 3, let hour = clock[0], let minute = clock[1], let second = clock[2],
              (0..<24).contains(hour), (0..<60).contains(minute), (0..<61).contains(second) else { return nil }
        return Date(timeIntervalSince1970: Double((day.dayNumber - Self.epochDay) * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// The day number of 1970-01-01.
    private static let epochDay = CalendarDate(year: 1970, month: 1, day: 1)!.dayNumber
}
