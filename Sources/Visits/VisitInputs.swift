import Scenarios

/// Everything a week's visit plan is computed from: the week, the policy (visits, tiering, tier
/// weights, gap), the managers and the accounts (tiers come from accounts and policy). Two
/// scenarios with equal inputs get the same visit plan, so `kam compare` schedules the visits of
/// what-ifs that change only experts or requests once.
public struct VisitInputs: Hashable, Sendable {
    public let week: ISOWeek
    public let policy: Policy
    public let managers: [Manager]
    public let accounts: [Account]

    public init(_ scenario: Scenario) {
        week = scenario.week
        policy = scenario.policy
        managers = scenario.managers
        accounts = scenario.accounts
    }
}
