import Foundation
import Scenarios

/// A request for expert hours as stored: the scenario's request shape, its week and its state.
@dynamicMemberLookup
public struct StoredRequest: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Waiting for a planner's approval (`policy.requests.approval: required`): not planned.
        case submitted
        /// Approved (or filed under `approval: auto`), not in a published plan yet.
        case open
        /// Fully met in the published plan.
        case allocated
        /// Partly met.
        case partial
        /// Not met at all.
        case unmet
        case cancelled
        /// Turned down by a planner, with a reason: never planned.
        case rejected
    }

    /// What was asked (its `id` is the request's id, `requestedBy` the manager who asked).
    public var request: ExpertRequest
    public var week: ISOWeek
    public var status: Status
    /// Hours allocated in the published plan.
    public var allocated: Double
    public var createdAt: Date
    public var updatedAt: Date
    /// The week's latest published version when the request was filed (nil: filed before any).
    /// Such a request is not in that plan: it is planned when the week is published again.
    public var filedAfterVersion: Int?
    /// Why a planner rejected the request (status `rejected`).
    public var rejectionReason: String?

    public init(request: ExpertRequest, week: ISOWeek, status: Status = .open, allocated: Double = 0,
                createdAt: Date, updatedAt: Date, filedAfterVersion: Int? = nil, rejectionReason: String? = nil) {
        self.request = request
        self.week = week
        self.status = status
        self.allocated = allocated
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.filedAfterVersion = filedAfterVersion
        self.rejectionReason = rejectionReason
    }

    /// True when the week's plan includes the request: approved (or auto) and not cancelled.
    public var isPlanned: Bool { ![.submitted, .cancelled, .rejected].contains(status) }

    /// True when a published plan gave the request an outcome (allocated, partial or unmet).
    public var hasOutcome: Bool { [.allocated, .partial, .unmet].contains(status) }

    /// The request's own fields: `stored.account`, `stored.hours`, ...
    public subscript<T>(dynamicMember keyPath: KeyPath<ExpertRequest, T>) -> T { request[keyPath: keyPath] }

    /// The manager who made the request.
    public var requester: String { request.requestedBy ?? "" }

    /// True for a request that is to be planned but is not in its week's latest published version
    /// (`latest`: week -> version): publishing gives every planned request an outcome, so an open
    /// request of a published week came after it, filed then or approved then (a request waiting
    /// for approval before the publication has no `filedAfterVersion`, yet missed the plan too).
    public func arrivedAfterPublication(_ latest: [ISOWeek: Int]) -> Bool {
        status == .open && latest[week] != nil
    }
}

/// One line of the audit trail: who did what, when.
public struct AuditEntry: Sendable, Hashable {
    public var at: Date
    public var actor: String
    public var action: String
    /// A request id or a week.
    public var subject: String
    public var detail: String

    public init(at: Date, actor: String, action: String, subject: String, detail: String) {
        (self.at, self.actor, self.action, self.subject, self.detail) = (at, actor, action, subject, detail)
    }
}

/// A published plan version.
public struct PublishedPlan: Sendable, Hashable {
    public var week: ISOWeek
    public var version: Int
    public var publishedAt: Date
    public var publishedBy: String
    /// True once a newer version of the same week was published (kept, never deleted).
    public var superseded: Bool
    public var objective: Double
    public var planJSON: String

    public init(week: ISOWeek, version: Int, publishedAt: Date, publishedBy: String, superseded: Bool, objective: Double, planJSON: String) {
        (self.week, self.version, self.publishedAt, self.publishedBy) = (week, version, publishedAt, publishedBy)
        (self.superseded, self.objective, self.planJSON) = (superseded, objective, planJSON)
    }
}

/// What publishing a week stores, in one transaction.
public struct Publication: Sendable {
    public var week: ISOWeek
    public var by: String
    public var at: Date
    public var objective: Double
    public var planJSON: String
    /// The teams' hours: next week's history.
    public var hours: [HistoryEntry]
    /// Each planned request's outcome.
    public var outcomes: [(id: String, allocated: Double, status: StoredRequest.Status)]
    /// The audit line's detail, given the new version number.
    public var detail: @Sendable (Int) -> String
    /// Each manager's visits as iCalendar VEVENT blocks (the calendar feed of the team server).
    public var calendars: [(manager: String, events: String)]

    public init(week: ISOWeek, by: String, at: Date, objective: Double, planJSON: String, hours: [HistoryEntry],
                outcomes: [(id: String, allocated: Double, status: StoredRequest.Status)],
                calendars: [(manager: String, events: String)] = [], detail: @escaping @Sendable (Int) -> String) {
        (self.week, self.by, self.at, self.objective, self.planJSON) = (week, by, at, objective, planJSON)
        (self.hours, self.outcomes, self.calendars, self.detail) = (hours, outcomes, calendars, detail)
    }
}

/// A plan fingerprint: FNV-1a (64 bit) of its bytes and their count, in hex. Equal plan files give
/// equal fingerprints; it is a check that a reviewed plan is the one published, not a secret.
public func fingerprint(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var count = 0
    for byte in text.utf8 {
        hash ^= UInt64(byte)
        hash = hash &* 0x0000_0100_0000_01B3
        count += 1
    }
    return String(hash, radix: 16) + "-" + String(count)
}
