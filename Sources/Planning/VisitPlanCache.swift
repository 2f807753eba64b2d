import Foundation
import Visits

/// Visit plans already made in this process, by their inputs (`VisitInputs`): several plans of
/// one run (`kam compare`) that share managers, accounts and policy schedule the visits once.
public final class VisitPlanCache: @unchecked Sendable {
    private let lock = NSLock()
    private var plans: [VisitInputs: VisitPlan] = [:]

    public init() {}

    /// The cached plan for `inputs`, or `make()`'s (then cached).
    func plan(for inputs: VisitInputs, make: () throws -> VisitPlan) rethrows -> VisitPlan {
        if let plan = lock.withLock({ plans[inputs] }) { return plan }
        let plan = try make()
        lock.withLock { plans[inputs] = plan }
        return plan
    }
}
