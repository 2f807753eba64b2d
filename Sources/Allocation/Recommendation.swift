import LinearProgramming
import Scenarios

/// `kam recommend`: who fits a request, and what meeting it in full would cost.
public struct Recommendation: Sendable {
    /// One expert who could work on the request.
    public struct Candidate: Sendable, Hashable {
        public var expert: String
        public var name: String
        /// w(e, r): what one hour of this expert is worth on this request.
        public var valuePerHour: Double
        /// What one more hour of this expert is worth in the current plan.
        public var shadowPrice: Double
        public var capacity: Double
        /// Hours of this expert on the request now.
        public var hoursHere: Double
        /// Hours not assigned anywhere.
        public var idle: Double
    }

    /// Another request that gives up hours when this one is forced.
    public struct Change: Sendable, Hashable {
        public var request: String
        public var account: String
        public var before: Double
        public var after: Double

        public init(request: String, account: String, before: Double, after: Double) {
            (self.request, self.account, self.before, self.after) = (request, account, before, after)
        }
    }

    /// What forcing the request to its full hours does to the plan.
    public enum Forcing: Sendable {
        /// Already fully met: nothing to force.
        case alreadyMet
        /// The candidates cannot supply the hours (or there are none).
        case impossible(String)
        /// The plan with the request met in full: its objective, what that loses against the
        /// plan's, and the requests that give up hours.
        case forced(objective: Double, lost: Double, changes: [Change])
    }

    public var request: ExpertRequest
    public var outcome: AllocationPlan.RequestOutcome
    /// Best value per hour first.
    public var candidates: [Candidate]
    public var baseObjective: Double
    public var forcing: Forcing
}

extension Allocator {
    /// Ranks the candidates of request `id` and re-solves with the request forced to its full hours
    /// (`RecommendationState.recommend`). `flowBasis`: the flow basis `plan` was solved from
    /// (`TimedSolution.flowBasis`), when the caller has it; otherwise the flow is solved again to find it.
    public static func recommend(_ problem: AllocationProblem, plan: AllocationPlan, request id: String,
                                 options: AllocationOptions = AllocationOptions(), flowBasis: Basis? = nil) throws -> Recommendation {
        try RecommendationState(problem: problem, plan: plan, flowBasis: flowBasis, options: options).recommend(request: id, options: options)
    }
}

extension AllocationProblem {
    /// The same problem with request `r` required in full: its hours (x, and kept under a change
    /// penalty) >= hours(r). The cold way to what `RecommendationState` re-solves warm.
    public func forcing(request r: Int) -> AllocationProblem {
        var copy = self
        let kept = keptVariable.isEmpty ? [] : pairRanges[r].compactMap { keptVariable[$0] }
        copy.addRow(Constraint(
            name: nil, terms: pairRanges[r].map { Term(variable: hoursVariable[$0], coefficient: 1) } + kept.map { Term(variable: $0, coefficient: 1) },
            bounds: .lower(scenario.requests[r].hours)))
        return copy
    }
}
