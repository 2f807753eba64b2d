import Foundation
import Scenarios
import Visits

/// The visit log and the cadence view: managers record what happened at their visits; a `done`
/// visit becomes the account's last visit when weeks are planned, and the cadence view says, per
/// account, whether it is on track, due or overdue.
extension PlanningWorkspace {
    /// Records what happened at a visit to `account` on `date`, as its manager `manager`. The date
    /// may not be after `today` (a visit is logged once it happened).
    public func logVisit(account: String, date: CalendarDate, outcome: VisitLogEntry.Outcome, channel: ContactChannel = .visit,
                         note: String?, by manager: String, today: CalendarDate) throws -> VisitLogEntry {
        guard date <= today else { throw WorkspaceError.visitInFuture(date: date.description, today: today.description) }
        try requireDateInWindow(date, today: today)
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
        let note = note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        if let note, let control = TextSafety.firstControl(in: note) {
            throw WorkspaceError.controlCharacter(field: "note", character: TextSafety.visible(control))
        }
        let entry = VisitLogEntry(account: account, date: date, outcome: outcome, channel: channel, note: note, by: manager, at: Date())
        try store.logVisit(entry)
        return entry
    }

    /// The visit log, one account's or all.
    public func visitLog(account: String? = nil) throws -> [VisitLogEntry] { try store.visitLog(account: account) }

    /// Each account's last visit and last call as the log has them, for planning `week`: the
    /// latest `done` contact on each channel before the week, where it is later than the
    /// organisation's `lastVisit` / `lastCall`.
    func applyVisitLog(to scenario: inout Scenario, week: ISOWeek) throws {
        Self.applyVisitLog(try store.visitLog(account: nil), to: &scenario, week: week)
    }

    static func applyVisitLog(_ log: [VisitLogEntry], to scenario: inout Scenario, week: ISOWeek) {
        for channel in ContactChannel.allCases {
            var last: [String: CalendarDate] = [:]
            for entry in log where entry.channel == channel && entry.outcome == .done && entry.date < week.monday {
                last[entry.account] = max(last[entry.account] ?? entry.date, entry.date)
            }
            scenario.recordVisits(last, channel: channel)
        }
    }

    /// The cadence view of `today`'s week: every account with a visit or call cadence (a
    /// manager's own when `manager` is given), by manager, tier and channel, the most late first.
    public func cadence(manager: String? = nil, today: CalendarDate) throws -> [CadenceStatus] {
        let week = ISOWeek(containing: today)
        var (scenario, tiers) = try organisationAndTiers(week: week)
        let log = try store.visitLog(account: nil)
        Self.applyVisitLog(log, to: &scenario, week: week.adding(weeks: 1))  // contacts done up to the end of this week count
        let lastWeek = week.adding(weeks: -1)
        var missed: [CadenceView.Key: Int] = [:]
        for entry in log where entry.outcome == .missed && lastWeek.contains(entry.date) {
            missed[CadenceView.Key(account: entry.account, channel: entry.channel), default: 0] += 1
        }
        // Contacts the week's published plan still has ahead (today included).
        var planned: [CadenceView.Key: CalendarDate] = [:]
        if let latest = try latestPublishedView(week) {
            for visit in latest.view.visits where manager == nil || visit.manager == manager {
                guard let date = CalendarDate(visit.date), date >= today else { continue }
                let key = CadenceView.Key(account: visit.account, channel: visit.channel)
                planned[key] = min(planned[key] ?? date, date)
            }
        }
        return CadenceView.statuses(scenario, tiers: tiers, today: today, manager: manager, missedLastWeek: missed, planned: planned)
    }
}
