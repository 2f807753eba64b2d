import Foundation
import Scenarios

/// The weeks a workspace works on: `policy.weeks` (default 8 weeks back to 60 ahead of the
/// current week). Requests, plans, publishing, pins, logged contacts and the team server's pages
/// and calls are refused outside it, so a typo (9999-W52, 0001-01-01) is an error in words, not a
/// plan of a week nobody meant.
extension PlanningWorkspace {
    /// The window around `today`.
    public func weekWindow(today: CalendarDate) throws -> ClosedRange<ISOWeek> {
        try organisation(week: Self.anyWeek).policy.weeks.range(today: today)
    }

    /// `week`, when it is in the window around `today`; `weekOutsideWindow` otherwise.
    @discardableResult
    public func requireWeekInWindow(_ week: ISOWeek, today: CalendarDate) throws -> ISOWeek {
        let window = try weekWindow(today: today)
        guard window.contains(week) else {
            throw WorkspaceError.weekOutsideWindow(week: week, first: window.lowerBound, last: window.upperBound)
        }
        return week
    }

    /// A contact's date is no earlier than the window's first Monday (and, logged, no later than today).
    func requireDateInWindow(_ date: CalendarDate, today: CalendarDate) throws {
        let first = try weekWindow(today: today).lowerBound.monday
        guard date >= first else { throw WorkspaceError.dateOutsideWindow(date: date.description, first: first.description) }
    }
}
