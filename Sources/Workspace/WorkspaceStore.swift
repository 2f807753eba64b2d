import Foundation
import Scenarios

/// Where a workspace keeps its requests, audit trail, published plans and reviewed plans. Every
/// method is one transaction: it happens whole or not at all, even when the process is killed.
/// Implementations: `InMemoryWorkspaceStore` (tests) and the SQLite store (`WorkspaceSQLite`).
/// Rules about who may do what live in `PlanningWorkspace`; a store only keeps things consistent
/// (ids never reused, versions numbered 1, 2, ...).
public protocol WorkspaceStore: Sendable {
    /// Stores a new request with the next id (R0001, R0002, ...), the week's latest published
    /// version, and an "add" audit entry whose detail `detail` gives for the stored request.
    /// With an idempotency key that was seen before, stores nothing and returns the request filed
    /// then (`replayed`); the same key with another body is refused (`idempotencyKeyReused`).
    /// `status` is `open`, or `submitted` when the request waits for a planner's approval.
    func fileRequest(_ request: ExpertRequest, week: ISOWeek, status: StoredRequest.Status, at: Date, idempotency: IdempotencyKey?,
                     detail: (StoredRequest) -> String) throws -> (request: StoredRequest, replayed: Bool)

    /// Requests in id order, filtered by any of week, account and status.
    func requests(week: ISOWeek?, account: String?, status: StoredRequest.Status?) throws -> [StoredRequest]

    /// One request and its audit trail (oldest first), or nil.
    func request(_ id: String) throws -> (request: StoredRequest, audit: [AuditEntry])?

    /// Changes one request: `change` sees the stored record and returns the audit detail, or throws to
    /// refuse (nothing is then written). Returns nil when there is no such request.
    func updateRequest(_ id: String, actor: String, action: String, at: Date,
                       _ change: (inout StoredRequest) throws -> String) throws -> StoredRequest?

    /// Publishes a week: a new version (the old ones marked superseded, never deleted), its hours,
    /// the requests' outcomes and an audit entry. Refuses an already published week unless `force`.
    func publish(_ publication: Publication, force: Bool) throws -> PublishedPlan

    /// The versions of a week, oldest first.
    func publishedPlans(week: ISOWeek) throws -> [PublishedPlan]

    /// A manager's published visits: the VEVENT blocks of the latest version of every published
    /// week, oldest week first.
    func calendarEvents(manager: String) throws -> [String]

    /// The latest published version of each week that has one.
    func latestPublishedVersions() throws -> [ISOWeek: Int]

    /// The hours of the latest published plan of a week before `week` (its history).
    func history(before week: ISOWeek) throws -> [HistoryEntry]

    /// Records the fingerprint of the plan a planner reviewed for `week` (kam plan).
    func setReviewed(week: ISOWeek, fingerprint: String, at: Date) throws

    /// The fingerprint of the reviewed plan of `week`, if any.
    func reviewedFingerprint(week: ISOWeek) throws -> String?

    // MARK: Planner controls

    /// Adds `control` to its week, replacing the one with the same key, with an audit entry
    /// (`action`, subject the week, `detail`).
    func setControl(_ control: PlannerControl, action: String, detail: String) throws

    /// Removes the control of `week` with `key`, with an audit entry; false (nothing written) when
    /// there is none.
    func removeControl(week: ISOWeek, key: String, actor: String, at: Date, action: String, detail: String) throws -> Bool

    /// The controls of `week` (every week when nil), by week, then key.
    func controls(week: ISOWeek?) throws -> [PlannerControl]

    // MARK: Visit log

    /// Records a visit's outcome, with an audit entry (action "visit", subject the account).
    func logVisit(_ entry: VisitLogEntry) throws

    /// The visit log, by date, then in the order logged; one account's when `account` is given.
    func visitLog(account: String?) throws -> [VisitLogEntry]

    // MARK: Users and sessions

    /// Stores a new user and an audit entry by `actor`; an existing id is refused (`userExists`).
    func addUser(_ user: User, actor: String, at: Date) throws

    /// Every user (revoked ones too), in id order.
    func users() throws -> [User]

    func user(_ id: String) throws -> User?

    /// The user whose API token hashes to `tokenHash`.
    func user(tokenHash: String) throws -> User?

    /// The user whose calendar feed token hashes to `feedTokenHash`.
    func user(feedTokenHash: String) throws -> User?

    /// Changes one user: `change` returns the audit detail or throws to refuse. Nil when there is no such user.
    func updateUser(_ id: String, actor: String, action: String, at: Date, _ change: (inout User) throws -> String) throws -> User?

    func createSession(_ session: WebSession) throws

    /// The session with that id hash, if it has not expired at `now`.
    func session(idHash: String, now: Date) throws -> WebSession?

    func deleteSession(idHash: String) throws

    /// Ends every web session of `user` (a new password, a revoke).
    func deleteSessions(user: String) throws

    // MARK: Moving a workspace

    /// Everything but web sessions, in a fixed order: what `kam workspace migrate` copies.
    func snapshot() throws -> WorkspaceSnapshot

    /// Writes `snapshot` into this store in one transaction: the ids, versions and audit order stay
    /// as they were, and new request ids continue above `lastRequestNumber`. Refused
    /// (`storeNotEmpty`) unless the store holds no requests, audit entries, plans or users.
    func restore(_ snapshot: WorkspaceSnapshot) throws

    /// Throws (a storage error that says why) unless the store answers a trivial query now: the
    /// team server's health check.
    func checkReachable() throws

    /// A text that changes whenever anything a plan is made from changes in the store: every
    /// change to requests, pins and exclusions and the visit log writes an audit entry, and
    /// publishing a plan row, in the same transaction; both are only ever appended, so their
    /// counts (and last ids) name the store's state. Views compare it instead of re-reading the week.
    func changeStamp() throws -> String
}

extension WorkspaceStore {
    /// Files an `open` request (one that needs no approval).
    public func fileRequest(_ request: ExpertRequest, week: ISOWeek, at: Date, idempotency: IdempotencyKey?,
                            detail: (StoredRequest) -> String) throws -> (request: StoredRequest, replayed: Bool) {
        try fileRequest(request, week: week, status: .open, at: at, idempotency: idempotency, detail: detail)
    }
}
