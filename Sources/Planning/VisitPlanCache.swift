import Foundation
import Visits

/// Visit plans already made in this process, by their inputs (`VisitInputs`): several plans of
/// one run (`kam compare`) that share managers, accounts and policy schedule the visits once.
/// A run holds a few plans, so the inputs are compared, not hashed: what-ifs that leave the
/// accounts alone share the base's account list, and comparing a list with itself is immediate,
/// where hashing would walk its 40,000 accounts for every plan. A plan being made is waited
/// for, not made a second time beside it.
public final class VisitPlanCache: @unchecked Sendable {
    private let condition = NSCondition()
    /// nil while its plan is being made.
    private var plans: [(inputs: VisitInputs, plan: VisitPlan?)] = []

    public init() {}

    /// The cached plan for `inputs`, or `make()`'s (then cached).
    func plan(for inputs: VisitInputs, make: () throws -> VisitPlan) rethrows -> VisitPlan {
        condition.lock()
        while let entry = plans.first(where: { $0.inputs == inputs }) {
            if let plan = entry.plan {
                condition.unlock()
                return plan
            }
            condition.wait()
        }
        plans.append((inputs, nil))
        condition.unlock()
        func settle(_ plan: VisitPlan?) {
            condition.lock()
            if let index = plans.firstIndex(where: { $0.plan == nil && $0.inputs == inputs }) {
                if let plan { plans[index].plan = plan } else { plans.remove(at: index) }
            }
            condition.broadcast()
            condition.unlock()
        }
        do {
            let plan = try make()
            settle(plan)
            return plan
        } catch {
            settle(nil)  // another caller makes it again, and meets the error itself
            throw error
        }
    }
}
