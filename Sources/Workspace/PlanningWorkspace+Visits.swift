import Foundation
import Scenarios

/// The visit log and the cadence view: managers record what happened at their visits; a `done`
/// visit becomes the account's last visit when weeks are planned, and the cadence view says, per
/// account, whether it is on track, due or overdue.
extension PlanningWorkspace {
    /// Records what happened at a visit to `account` on `date`, as its manager `manager`. The date
    /// may not be after `today` (a visit is logged once it happened).
    public func logVisit(account: String, date: CalendarDate, outcome: VisitLogEntry.Outcome, note: String?,
                         by manager: String, today: CalendarDate) throws -> VisitLogEntry {
        let organisation = try organisation(week: ISOWeek(containing: date))
        guard let found = organisation.accounts.first(where: { $0.id == account }) else {
            throw WorkspaceError.unknownAccount(account, hint: Suggestion.hint(for: account, in: organisation.accounts.map(\.id)))
        }
        guard organisation.managers.contains(where: { $0.id == manager }) else {
            throw WorkspaceError.unknownManager(manager, hint: Suggestion.hint(for: manager, in: organisation.managers.map(\.id)))
        }
        guard found.manager == manager else {
            throw WorkspaceError.notTheVisitingManager(manager: manager, account: account, owner: found.manager)
        }
        guard date <= today else { throw WorkspaceError.visitInFuture(date: date.description, today: today.description) }
        let note = note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        if let note, let control = TextSafety.firstControl(in: note) {
            throw WorkspaceError.controlCharacter(field: "note", character: TextSafety.visible(control))
        }
        let entry = VisitLogEntry(account: account, date: date, outcome: outcome, note: note, by: manager, at: Date())
        try store.logVisit(entry)
        return entry
    }

    /// The visit log, one account's or all.
    public func visitLog(account: String? = nil) throws -> [VisitLogEntry] { try store.visitLog(account: account) }

    /// Each account's last visit as the log has it, for planning `week`: the latest `done` visit
    /// before the week, where it is later than the organisation's `lastVisit`.
    func applyVisitLog(to scenario: inout Scenario, week: ISOWeek) throws {
        Self.applyVisitLog(try store.visitLog(account: nil), to: &scenario, week: week)
    }

    static func applyVisitLog(_ log: [VisitLogEntry], to scenario: inout Scenario, week: ISOWeek) {
        var last: [String: CalendarDate] = [:]
        for entry in log where entry.outcome == .done && entry.date < week.monday {
            last[entry.account] = max(last[entry.account] ?? entry.date, entry.date)
        }
        scenario.recordVisits(last)
    }

    /// Where an account stands against its tier's visit cadence on `today`.
    public struct CadenceStatus: Sendable, Hashable {
        public enum State: String, Sendable, Hashable {
            /// The next visit is due after this week.
            case onTrack
            /// Due this week (or never visited).
            case due
            /// The next visit was due before today.
            case overdue
        }

        public var account: String
        public var manager: String
        public var tier: Tier
        /// The last `done` visit (the log's, or the organisation's lastVisit); nil when never visited.
        public var lastVisit: CalendarDate?
        /// Days between visits: the cadence's period over its count (platinum 2 a week: 3).
        public var interval: Int
        public var nextDue: CalendarDate?
        public var state: State
        /// Days past `nextDue` (overdue only).
        public var daysLate: Int
        /// Visits logged `missed` in the week before today's.
        public var missedLastWeek: Int
    }

    /// The cadence view of `today`'s week: every account with a visit cadence (a manager's own
    /// when `manager` is given), by manager, then tier, then the most late first.
    public func cadence(manager: String? = nil, today: CalendarDate) throws -> [CadenceStatus] {
        let week = ISOWeek(containing: today)
        var (scenario, tiers) = try organisationAndTiers(week: week)
        let log = try store.visitLog(account: nil)
        Self.applyVisitLog(log, to: &scenario, week: week.adding(weeks: 1))  // visits done up to the end of this week count
        let lastWeek = week.adding(weeks: -1)
        var missed: [String: Int] = [:]
        for entry in log where entry.outcome == .missed && lastWeek.contains(entry.date) {
            missed[entry.account, default: 0] += 1
        }
        let sunday = week.date(of: .sunday)
        var rows: [CadenceStatus] = []
        for (index, account) in scenario.accounts.enumerated() where manager == nil || account.manager == manager {
            let tier = tiers[index].tier
            guard let cadence = scenario.policy.visits.cadence[tier] ?? nil else { continue }
            let interval = max(1, cadence.per.days / cadence.count)
            let next = account.lastVisit?.adding(days: interval)
            let state: CadenceStatus.State
            var late = 0
            if let next, next < today {
                state = .overdue
                late = next.days(to: today)
            } else if next == nil || next! <= sunday {
                state = .due
            } else {
                state = .onTrack
            }
            rows.append(CadenceStatus(account: account.id, manager: account.manager, tier: tier, lastVisit: account.lastVisit,
                                      interval: interval, nextDue: next, state: state, daysLate: late, missedLastWeek: missed[account.id] ?? 0))
        }
        return rows.sorted {
            ($0.manager, Tier.allCases.firstIndex(of: $0.tier)!, -$0.daysLate, $0.account)
                < ($1.manager, Tier.allCases.firstIndex(of: $1.tier)!, -$1.daysLate, $1.account)
        }
    }
}
