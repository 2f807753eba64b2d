import Allocation
import Foundation
import Scenarios

/// Weeks planned one after the other (`kam plan FILE --weeks N`): W, W+1, ... W+N-1. Each week is
/// the scenario in that week (`Scenario.inWeek`: its recurring requests; the one-off requests and
/// pins belong to the first week), with what the week before left behind: its teams' hours as
/// history (continuity) and each account's last scheduled visit as `lastVisit`, so cadences run on
/// across the weeks. Experts' `unavailableWeeks` and managers' days off apply week by week.
public struct HorizonPlan: Sendable {
    /// The weeks' plans, in order.
    public var weeks: [WeeklyPlan]

    /// 13 weeks: a quarter.
    public static let maximumWeeks = 13

    public enum Failure: CategorizedError, Equatable {
        case weeksOutOfRange(Int)

        public var category: ErrorCategory { .invalid }

        public var description: String {
            switch self {
            case .weeksOutOfRange(let weeks):
                "--weeks is \(weeks); expected 1 to \(HorizonPlan.maximumWeeks) (a quarter)"
            }
        }
    }

    /// Plans `count` weeks from `scenario.week`. `options.reference` applies to the first week only.
    public static func make(_ scenario: Scenario, weeks count: Int, options: AllocationOptions = AllocationOptions()) throws -> HorizonPlan {
        try make(from: scenario.week, weeks: count, options: options) { scenario.inWeek($0) }
    }

    /// Plans `count` weeks from `first`, each from `scenario(week)` (a workspace's week: its own
    /// requests and controls), with the history, last visits and last calls the week before left
    /// behind; the first week keeps its own.
    public static func make(from first: ISOWeek, weeks count: Int, options: AllocationOptions = AllocationOptions(),
                            scenario: (ISOWeek) throws -> Scenario) throws -> HorizonPlan {
        guard (1...maximumWeeks).contains(count) else { throw Failure.weeksOutOfRange(count) }
        var plans: [WeeklyPlan] = []
        var visited: [String: CalendarDate] = [:]  // each account's last visit scheduled so far
        var called: [String: CalendarDate] = [:]  // and last call
        var history: [HistoryEntry]?
        var weekOptions = options
        for k in 0..<count {
            var weekly = try scenario(first.adding(weeks: k))
            weekly.recordVisits(visited)
            weekly.recordVisits(called, channel: .call)
            if let history { weekly.history = history }
            let plan = try WeeklyPlan.make(weekly, options: weekOptions)
            plans.append(plan)
            weekOptions.reference = nil
            history = carriedHistory(plan)
            for visit in plan.visits.scheduled { visited[visit.account] = max(visited[visit.account] ?? visit.date, visit.date) }
            for call in plan.visits.calls { called[call.account] = max(called[call.account] ?? call.date, call.date) }
        }
        return HorizonPlan(weeks: plans)
    }

    /// The week's teams as next week's history.
    static func carriedHistory(_ plan: WeeklyPlan) -> [HistoryEntry] {
        plan.allocation.teams.flatMap { team in team.experts.map { HistoryEntry(expert: $0.expert, account: team.account, hours: $0.hours) } }
    }
}
