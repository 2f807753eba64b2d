import Foundation
import Visits

/// Visit plans already made in this process, by their inputs (`VisitInputs`): several plans of
/// one run (`kam compare`) that share managers, accounts and policy schedule the visits once.
/// A run holds a few plans, so the inputs are compared, not hashed: what-ifs that leave the
/// accounts alone share the base's account list, and comparing a list with itself is immediate,
/// where hashing would walk its 40,000 accounts for every plan.
public final class VisitPlanCache: @unchecked Sendable {
    private let lock = NSLock()
    private var plans: [(inputs: VisitInputs, plan: VisitPlan)] = []

    public init() {}

    /// The cached plan for `inputs`, or `make()`'s (then cached).
    func plan(for inputs: VisitInputs, make: () throws -> VisitPlan) rethrows -> VisitPlan {
        if let plan = lock.withLock({ plans.first { $0.inputs == inputs }?.plan }) { return plan }
        let plan = try make()
        lock.withLock { plans.append((inputs, plan)) }
        return plan
    }
}
