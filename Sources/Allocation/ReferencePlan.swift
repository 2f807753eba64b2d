import Scenarios

/// The plan a re-plan starts from (a published plan): hours per (expert, request). With
/// `policy.allocation.changePenalty` every hour taken away from one of these assignments costs
/// the penalty, so the new plan keeps what it can; either way the plan lists what moved.
public struct ReferencePlan: Sendable, Hashable {
    public struct Assignment: Sendable, Hashable {
        public var expert: String
        public var request: String
        public var account: String
        public var hours: Double

        public init(expert: String, request: String, account: String, hours: Double) {
            self.expert = expert
            self.request = request
            self.account = account
            self.hours = hours
        }
    }

    /// Where the reference came from, for messages ("plans/2026-W48/plan.json").
    public var source: String
    public var assignments: [Assignment]

    public init(source: String, assignments: [Assignment]) {
        self.source = source
        self.assignments = assignments
    }

    /// The assignments of an allocation.
    public init(source: String, plan: AllocationPlan) {
        self.init(source: source, assignments: plan.assignments.map {
            Assignment(expert: $0.expert, request: $0.request, account: $0.account, hours: $0.hours)
        })
    }
}
