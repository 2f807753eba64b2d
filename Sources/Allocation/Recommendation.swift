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
        /// The plan with the request met in full.
        case forced(objective: Double, lost: Double, changes: [Change], plan: AllocationPlan)
    }

    public var request: ExpertRequest
    public var outcome: AllocationPlan.RequestOutcome
    /// Best value per hour first.
    public var candidates: [Candidate]
    public var baseObjective: Double
    public var forcing: Forcing
}

extension Allocator {
    /// Ranks the candidates of request `id` and re-solves with the request forced to its full hours.
    /// `flowBasis`: the flow basis `plan` was solved from (`TimedSolution.flowBasis`), when the
    /// caller has it; otherwise the flow is solved again to find it.
    public static func recommend(_ problem: AllocationProblem, plan: AllocationPlan, request id: String,
                                 options: AllocationOptions = AllocationOptions(), flowBasis: Basis? = nil) throws -> Recommendation {
        let scenario = problem.scenario
        guard let r = scenario.requests.firstIndex(where: { $0.id == id }) else {
            throw AllocationError.noPlan("the scenario has no request '\(id)'")
        }
        let request = scenario.requests[r]
        let outcome = plan.requests[r]
        let assigned = Dictionary(plan.assignments.filter { $0.request == id }.map { ($0.expert, $0.hours) }, uniquingKeysWith: +)
        let candidates = problem.pairRanges[r].map { index -> Recommendation.Candidate in
            let pair = problem.pairs[index]
            let expert = scenario.experts[pair.expert]
            let used = plan.experts[pair.expert].allocated
            return Recommendation.Candidate(
                expert: expert.id, name: expert.name, valuePerHour: pair.value, shadowPrice: plan.experts[pair.expert].shadowPrice,
                capacity: problem.capacity[pair.expert], hoursHere: assigned[expert.id] ?? 0, idle: max(0, problem.capacity[pair.expert] - used))
        }.sorted { $0.valuePerHour != $1.valuePerHour ? $0.valuePerHour > $1.valuePerHour : $0.expert < $1.expert }

        let forcing: Recommendation.Forcing
        if outcome.unmet == 0 {
            forcing = .alreadyMet
        } else if candidates.isEmpty {
            forcing = .impossible("no expert can work on it (\(outcome.reason?.rawValue ?? "no candidates"))")
        } else if request.singleExpert, candidates.allSatisfy({ $0.capacity < request.hours }) {
            forcing = .impossible("no single candidate has \(request.hours) hours")
        } else if candidates.reduce(0, { $0 + $1.capacity }) < request.hours {
            forcing = .impossible("the candidates have \(candidates.reduce(0) { $0 + $1.capacity }) hours in all, fewer than the \(request.hours) requested")
        } else {
            let forced = try solveForcing(problem, request: r, options: options, flowBasis: flowBasis)
            let changes = scenario.requests.indices.compactMap { other -> Recommendation.Change? in
                guard other != r, forced.requests[other].allocated < plan.requests[other].allocated - 1e-9 else { return nil }
                return Recommendation.Change(request: scenario.requests[other].id, account: scenario.requests[other].account,
                                             before: plan.requests[other].allocated, after: forced.requests[other].allocated)
            }
            forcing = .forced(objective: forced.objective, lost: plan.objective - forced.objective, changes: changes, plan: forced)
        }
        return Recommendation(request: request, outcome: outcome, candidates: candidates, baseObjective: plan.objective, forcing: forcing)
    }
}

extension Allocator {
    /// The plan with request `r` met in full, re-solved from the plan's own flow basis: the forcing
    /// row starts basic (it is violated there, so GLPK's primal simplex repairs it), the request's
    /// candidates are given to GLPK, and every other pair left at zero is priced in rounds
    /// (LinearProgramming's `solve(_:options:pricingFrom:keeping:)`). A MIP is solved from scratch.
    static func solveForcing(_ problem: AllocationProblem, request r: Int, options: AllocationOptions,
                             flowBasis: Basis? = nil) throws -> AllocationPlan {
        let forced = problem.forcing(request: r)
        guard options.warmStart, let base = flowBasis ?? FlowBasis.basis(for: problem) else { return try solve(forced, options: options) }
        let basis = Basis(rows: base.rows + [.basic], columns: base.columns)
        let candidates = problem.pairRanges[r].map { problem.hoursVariable[$0].index }
        return try plan(forced, solution(forced, options: options, startingBasis: basis, keeping: candidates))
    }
}

extension AllocationProblem {
    /// The same problem with request `r` required in full: sum_e x(e, r) >= hours(r).
    public func forcing(request r: Int) -> AllocationProblem {
        var copy = self
        copy.addRow(Constraint(
            name: nil, terms: pairRanges[r].map { Term(variable: hoursVariable[$0], coefficient: 1) },
            bounds: .lower(scenario.requests[r].hours)))
        return copy
    }
}
