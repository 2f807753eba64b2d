import Foundation
import Scenarios

/// Everything a store keeps that outlives a sign-in: what `kam workspace migrate` copies from one
/// store into an empty other. Web sessions are left out on purpose (they expire within hours; users
/// sign in again after a move).
public struct WorkspaceSnapshot: Sendable, Hashable {
    /// A published version with the rows that hang off it.
    public struct Plan: Sendable, Hashable {
        public var plan: PublishedPlan
        public var hours: [HistoryEntry]
        /// (manager, VEVENT blocks), in manager order.
        public var calendars: [Calendar]

        public init(plan: PublishedPlan, hours: [HistoryEntry], calendars: [Calendar]) {
            (self.plan, self.hours, self.calendars) = (plan, hours, calendars)
        }
    }

    public struct Calendar: Sendable, Hashable {
        public var manager: String
        public var events: String
        public init(manager: String, events: String) { (self.manager, self.events) = (manager, events) }
    }

    public struct Reviewed: Sendable, Hashable {
        public var week: ISOWeek
        public var fingerprint: String
        public var at: Date
        public init(week: ISOWeek, fingerprint: String, at: Date) { (self.week, self.fingerprint, self.at) = (week, fingerprint, at) }
    }

    /// Requests in id order.
    public var requests: [StoredRequest] = []
    /// The audit trail, oldest first.
    public var audit: [AuditEntry] = []
    /// Published versions by week, then version.
    public var plans: [Plan] = []
    /// Reviewed fingerprints by week.
    public var reviewed: [Reviewed] = []
    /// Users in id order (revoked ones too).
    public var users: [User] = []
    /// An idempotency key seen (user, key, body hash) with the request it filed.
    public struct SeenKey: Sendable, Hashable {
        public var key: IdempotencyKey
        public var request: String
        public init(key: IdempotencyKey, request: String) { (self.key, self.request) = (key, request) }
    }

    /// Idempotency keys seen, by user then key.
    public var idempotency: [SeenKey] = []
    /// Planner controls by week, then key.
    public var controls: [PlannerControl] = []
    /// The visit log, by date, then in the order logged.
    public var visitLog: [VisitLogEntry] = []
    /// The highest request number handed out (ids continue above it, even if that request is gone).
    public var lastRequestNumber = 0

    public init() {}

    /// What a copy must reproduce: a count per kind of record.
    public var counts: [(kind: String, count: Int)] {
        [("requests", requests.count), ("audit entries", audit.count), ("published plans", plans.count),
         ("plan hour rows", plans.reduce(0) { $0 + $1.hours.count }), ("calendars", plans.reduce(0) { $0 + $1.calendars.count }),
         ("reviewed weeks", reviewed.count), ("users", users.count), ("idempotency keys", idempotency.count), ("planner controls", controls.count), ("logged visits", visitLog.count)]
    }
}
