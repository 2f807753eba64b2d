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

/// What a week's plan for the views depends on, told apart cheaply: the week, workspace.yaml's
/// identity (as the organisation cache reads it) and the store's change stamp (every change to
/// requests, pins, exclusions, the visit log or published plans changes it). Equal keys give
/// equal plans; a view computes its key with two small queries, not by building the week.
public struct ViewPlanKey: Sendable, Hashable {
    public var week: ISOWeek
    public var file: [String]
    public var store: String
}

extension PlanningWorkspace {
    /// The key of `week`'s plan now (no solve, no scenario built).
    public func viewPlanKey(_ week: ISOWeek) throws -> ViewPlanKey {
        ViewPlanKey(week: week, file: Self.stamp(configurationPath), store: try store.changeStamp())
    }

    /// The plan kept for `key`, if there is one: what a view reads without solving.
    public func keptViewPlan(_ key: ViewPlanKey) -> WeeklyPlan? {
        guard !key.file.isEmpty else { return nil }
        return viewPlans.withLock { $0.first { $0.key == key }?.plan }
    }

    /// The plan for `key`: the kept one, else the week solved now (as `kam plan` plans it, against
    /// its latest published plan) and kept under `key`. The week is read after the key was taken,
    /// so a plan kept under a key is never older than the key says.
    public func viewPlan(_ key: ViewPlanKey) throws -> WeeklyPlan {
        if let kept = keptViewPlan(key) { return kept }
        let plan = try makePlan(key.week, options: AllocationOptions()).plan
        // A plan that stopped at the time limit is not kept: a later view may have the time to finish.
        guard plan.allocation.status == .optimal, !key.file.isEmpty else { return plan }
        viewPlans.withLock { kept in
            kept.removeAll { $0.key.week == key.week }
            kept.append((key, plan))
            if kept.count > 2 { kept.removeFirst(kept.count - 2) }
        }
        return plan
    }
}
