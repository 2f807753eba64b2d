import Foundation
import Scenarios

/// What happened at a planned visit (or call), as a manager records it (`kam visit log`,
/// `POST /api/visits`). A `done` visit is the account's last visit from then on; a `done` call its
/// last call.
public struct VisitLogEntry: Sendable, Hashable {
    public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
        /// The visit took place.
        case done
        /// It did not, and was not moved.
        case missed
        /// It was moved to another day (log that day's visit when it happens).
        case moved
    }

    public var account: String
    public var date: CalendarDate
    public var outcome: Outcome
    /// A visit (the default) or a call.
    public var channel: ContactChannel
    public var note: String?
    /// The manager who logged it, and when.
    public var by: String
    public var at: Date

    public init(account: String, date: CalendarDate, outcome: Outcome, channel: ContactChannel = .visit, note: String? = nil, by: String, at: Date) {
        (self.account, self.date, self.outcome, self.channel, self.note, self.by, self.at) = (account, date, outcome, channel, note, by, at)
    }

    /// The audit line's detail: "done on 2026-11-24", "call done on 2026-11-24".
    public var auditDetail: String { (channel == .call ? "call " : "") + "\(outcome.rawValue) on \(date)" + (note.map { ": \($0)" } ?? "") }
}
