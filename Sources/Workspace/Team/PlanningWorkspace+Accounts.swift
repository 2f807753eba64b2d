import Allocation
import Foundation
import Planning
import Reports
import Scenarios

extension PlanningWorkspace {
    /// An account's page for `week` as `user` may see it: planners every account; a manager their
    /// own (403 otherwise); a viewer every account without personal data (contacts, birthdays).
    /// The week is planned as `kam plan` plans it (against its published plan, if any), once for
    /// as long as its inputs stay as they are (`viewPlan`).
    public func accountReport(_ id: String, week: ISOWeek, for user: User) throws -> AccountReport {
        try requireAccountAccess(id, week: week, for: user)
        return try accountReport(id, for: user, from: try viewPlan(try viewPlanKey(week)))
    }

    /// Throws unless `user` may see account `id`'s page (checked before anything is planned).
    public func requireAccountAccess(_ id: String, week: ISOWeek, for user: User) throws {
        let organisation = try organisation(week: week)
        try AccountReport.check(id, in: organisation)
        let owner = organisation.accounts.first { $0.id == id }!.manager
        if user.role == .manager, user.manager != owner {
            throw AccessError.notYourAccount(account: id, manager: user.manager ?? user.id)
        }
    }

    /// Account `id`'s page from a plan of its week, as `user` may see it (after `requireAccountAccess`).
    public func accountReport(_ id: String, for user: User, from plan: WeeklyPlan) throws -> AccountReport {
        try AccountReport(plan: plan, account: id, personal: user.role != .viewer)
    }
}

/// What a week's plan for the views depends on: the week's scenario as the workspace makes it
/// (workspace.yaml, requests, pins and exclusions, the visit log, the history) and the published
/// version it is re-planned against. Equal keys give equal plans.
public struct ViewPlanKey: Sendable, Equatable {
    public var scenario: Scenario
    public var publishedVersion: Int?
}

extension PlanningWorkspace {
    /// The key of `week`'s plan now (store reads, no solve).
    public func viewPlanKey(_ week: ISOWeek) throws -> ViewPlanKey {
        ViewPlanKey(scenario: try scenario(week: week), publishedVersion: try publishedPlans(week: week).last?.version)
    }

    /// The plan kept for `key`, if there is one: what a view reads without solving.
    public func keptViewPlan(_ key: ViewPlanKey) -> WeeklyPlan? {
        viewPlans.withLock { $0.first { $0.key == key }?.plan }
    }

    /// The plan for `key`: the kept one, else solved now (as `kam plan` plans the week) and kept.
    public func viewPlan(_ key: ViewPlanKey) throws -> WeeklyPlan {
        if let kept = keptViewPlan(key) { return kept }
        var options = AllocationOptions()
        if let version = key.publishedVersion, let published = try publishedPlans(week: key.scenario.week).first(where: { $0.version == version }) {
            let source = "the published plan of \(key.scenario.week) (version \(version))"
            options.reference = try ReferencePlan.parse(Array(published.planJSON.utf8), file: source)
        }
        let plan = try WeeklyPlan.make(key.scenario, options: options)
        // A plan that stopped at the time limit is not kept: a later view may have the time to finish.
        guard plan.allocation.status == .optimal else { return plan }
        viewPlans.withLock { kept in
            kept.removeAll { $0.key.scenario.week == key.scenario.week }
            kept.append((key, plan))
            if kept.count > 2 { kept.removeFirst(kept.count - 2) }
        }
        return plan
    }
}
