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
    /// requests and controls), with the history and last visits the week before left behind; the
    /// first week keeps its own.
    public static func make(from first: ISOWeek, weeks count: Int, options: AllocationOptions = AllocationOptions(),
                            scenario: (ISOWeek) throws -> Scenario) throws -> HorizonPlan {
        guard (1...maximumWeeks).contains(count) else { throw Failure.weeksOutOfRange(count) }
        var plans: [WeeklyPlan] = []
        var accounts: [Account]?
        var history: [HistoryEntry]?
        var weekOptions = options
        for k in 0..<count {
            var weekly = try scenario(first.adding(weeks: k))
            if let accounts { weekly.accounts = Self.lastVisits(from: accounts, onto: weekly.accounts) }
            if let history { weekly.history = history }
            let plan = try WeeklyPlan.make(weekly, options: weekOptions)
            plans.append(plan)
            weekOptions.reference = nil
            history = carriedHistory(plan)
            accounts = carriedVisits(plan, accounts: weekly.accounts)
        }
        return HorizonPlan(weeks: plans)
    }

    /// `next`'s accounts with the later of their own last visit and the one carried in `carried`.
    static func lastVisits(from carried: [Account], onto next: [Account]) -> [Account] {
        let last = Dictionary(carried.compactMap { account in account.lastVisit.map { (account.id, $0) } }, uniquingKeysWith: max)
        return next.map { account in
            guard let date = last[account.id], account.lastVisit.map({ date > $0 }) ?? true else { return account }
            var visited = account
            visited.lastVisit = date
            return visited
        }
    }

    /// The week's teams as next week's history.
    static func carriedHistory(_ plan: WeeklyPlan) -> [HistoryEntry] {
        plan.allocation.teams.flatMap { team in team.experts.map { HistoryEntry(expert: $0.expert, account: team.account, hours: $0.hours) } }
    }

    /// The accounts with each one's last scheduled visit of the week as `lastVisit`.
    static func carriedVisits(_ plan: WeeklyPlan, accounts: [Account]) -> [Account] {
        var last: [String: CalendarDate] = [:]
        for visit in plan.visits.scheduled where last[visit.account].map({ visit.date > $0 }) ?? true {
            last[visit.account] = visit.date
        }
        guard !last.isEmpty else { return accounts }
        return accounts.map { account in
            guard let date = last[account.id], account.lastVisit.map({ date > $0 }) ?? true else { return account }
            var visited = account
            visited.lastVisit = date
            return visited
        }
    }
}
