import Accounts
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
        return try accountReport(id, for: user, from: try viewPlan(week: week))
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
    public func accountReport(_ id: String, for user: User, from plan: ViewPlan) throws -> AccountReport {
        try AccountReport(plan: plan.plan, account: id, personal: user.role != .viewer, reviews: plan.reviews)
    }
}

/// A week's plan as the views read it: the plan and every account's review flags (worked out once
/// for all the pages: reviewing 40,000 accounts per page view cost each view a tenth of a second).
public struct ViewPlan: Sendable {
    public var plan: WeeklyPlan
    public var reviews: [AccountReview]
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
    public func keptViewPlan(_ key: ViewPlanKey) -> ViewPlan? {
        guard !key.file.isEmpty else { return nil }
        return viewPlans.withLock { $0.first { $0.key == key }?.plan }
    }

    /// The plan kept for `key`'s week and workspace.yaml under an older store stamp, made less than
    /// `within` ago: while a week keeps changing (requests filed into it all day), its views read
    /// this instead of solving again for every change. Never across an edit of workspace.yaml.
    public func recentViewPlan(_ key: ViewPlanKey, within: Duration) -> ViewPlan? {
        guard within > .zero, !key.file.isEmpty else { return nil }
        let now = ContinuousClock.now
        return viewPlans.withLock { kept in
            kept.last { $0.key.week == key.week && $0.key.file == key.file && now - $0.madeAt < within }?.plan
        }
    }

    /// `week`'s plan for the views: the one kept under the week's key now, else the week solved
    /// now (as `kam plan` plans it, against its latest published plan) and kept under that key.
    /// The key is taken before the week is read, so a plan kept under a key is never older than
    /// the key says; a caller who took its key earlier gets a plan at least as new as its key.
    public func viewPlan(week: ISOWeek) throws -> ViewPlan {
        let key = try viewPlanKey(week)
        if let kept = keptViewPlan(key) { return kept }
        let made = try weekPlan(key.week, options: AllocationOptions())
        let plan = ViewPlan(plan: made, reviews: AccountReview.all(made.scenario))
        // A plan that stopped at the time limit is not kept: a later view may have the time to finish.
        guard made.allocation.status == .optimal, !key.file.isEmpty else { return plan }
        viewPlans.withLock { kept in
            kept.removeAll { $0.key.week == key.week }
            kept.append((key, plan, ContinuousClock.now))
            if kept.count > 2 { kept.removeFirst(kept.count - 2) }
        }
        return plan
    }
}
