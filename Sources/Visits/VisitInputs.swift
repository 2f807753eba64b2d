import Scenarios

/// Everything a week's visit plan is computed from: the week, the policy (visits, tiering, tier
/// weights, gap), the managers, the accounts (tiers come from accounts and policy) and the
/// accounts' key dates in the week. Two
/// scenarios with equal inputs get the same visit plan, so `kam compare` schedules the visits of
/// what-ifs that change only experts or requests once.
public struct VisitInputs: Equatable, Sendable {
    public let week: ISOWeek
    public let policy: Policy
    public let managers: [Manager]
    public let accounts: [Account]
    /// The week's key dates per account (they order the days of a schedule).
    public let keyDates: [String: [CalendarDate]]

    public init(_ scenario: Scenario) {
        week = scenario.week
        policy = scenario.policy
        managers = scenario.managers
        accounts = scenario.accounts
        keyDates = VisitScheduler.keyDates(scenario).mapValues { $0.map(\.date) }
    }
}
