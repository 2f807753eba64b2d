import LinearProgramming
import Scenarios

/// What `recommend` needs of a solved week, and nothing of the scenario beyond it: the requests
/// and experts it names, the plan's outcomes and hours, the candidate pairs, and the model with
/// the flow basis its plan was solved from.
///
/// Made from a problem and its plan (`init(problem:plan:flowBasis:options:)`), or read back from
/// a plan directory (`RecommendationState(bytes:)`, written by `kam plan` as recommend-state.bin),
/// so `kam recommend --plan DIR` re-solves from the plan's own basis without reading the book.
/// Both ways answer through `recommend(request:options:)`: one code path.
public struct RecommendationState: Sendable, Hashable {
    /// One expert as a candidate sees it.
    public struct ExpertFacts: Sendable, Hashable {
        public var id: String
        public var name: String
        public var capacity: Double
        /// Hours allocated in the plan.
        public var allocated: Double
        public var shadowPrice: Double
    }

    /// The week's requests (scenario order) and their outcomes in the plan.
    public internal(set) var requests: [ExpertRequest]
    public internal(set) var outcomes: [AllocationPlan.RequestOutcome]
    public internal(set) var experts: [ExpertFacts]
    /// Candidate pairs grouped by request, as in `AllocationProblem.pairs`.
    public internal(set) var pairs: [AllocationProblem.Pair]
    /// The hours of each pair in the plan.
    public internal(set) var planHours: [Double]
    /// x(e, r) of each pair, and its kept(e, r) under a change penalty (-1: none): column indices.
    var hoursVariable: [Int]
    var keptVariable: [Int]
    /// Reference hours of each pair, and the reference's hours that have no pair this week, when
    /// the plan was made against a reference (`PlanChanges`); both empty otherwise.
    var reference: [Double]
    var unplaceable: [Double]
    var hasReference: Bool
    var changePenalty: Double
    public internal(set) var model: LinearModel
    /// The flow basis the plan was solved from; nil when there is none (side rows, no warm start).
    public internal(set) var basis: Basis?
    var binaryCount: Int
    /// policy.allocation.timeLimitSeconds and mipGap.
    var timeLimit: Double
    var mipGap: Double
    /// The plan's objective.
    public internal(set) var objective: Double
    /// The scenario file the plan was made from, when it was one: `kam recommend --plan` warns when
    /// the file has changed since.
    public var source: FileStamp?

    /// The pairs of request r are `pairs[pairRanges[r]]`.
    public private(set) var pairRanges: [Range<Int>] = []

    /// The state of `plan`, solved from `problem` (`flowBasis`: the basis it was solved from, as
    /// `Allocator.solveKeepingFlowBasis` gives it; without it the flow is solved again here when
    /// `options.warmStart`).
    public init(problem: AllocationProblem, plan: AllocationPlan, flowBasis: Basis?, options: AllocationOptions = AllocationOptions()) {
        let scenario = problem.scenario
        let policy = scenario.policy.allocation
        requests = scenario.requests
        outcomes = plan.requests
        experts = scenario.experts.indices.map { e in
            ExpertFacts(id: scenario.experts[e].id, name: scenario.experts[e].name, capacity: problem.capacity[e],
                        allocated: plan.experts[e].allocated, shadowPrice: plan.experts[e].shadowPrice)
        }
        pairs = problem.pairs
        // The plan's hours by pair: its assignments are the pairs with hours, one per (expert, request).
        var requestIndex: [String: Int] = [:]
        for (r, request) in scenario.requests.enumerated() where requestIndex[request.id] == nil { requestIndex[request.id] = r }
        var assigned: [Int: Double] = [:]
        for assignment in plan.assignments {
            guard let e = problem.expertIndex[assignment.expert], let r = requestIndex[assignment.request] else { continue }
            assigned[e * scenario.requests.count + r, default: 0] += assignment.hours
        }
        planHours = problem.pairs.map { assigned[$0.expert * scenario.requests.count + $0.request] ?? 0 }
        hoursVariable = problem.hoursVariable.map(\.index)
        keptVariable = problem.pairs.indices.map { problem.keptVariable.isEmpty ? -1 : problem.keptVariable[$0]?.index ?? -1 }
        let controls = problem.controls
        hasReference = controls.referenceSource != nil
        reference = hasReference ? controls.reference : []
        unplaceable = hasReference ? controls.unplaceable.map(\.hours) : []
        changePenalty = controls.changePenalty
        model = problem.model
        basis = flowBasis ?? (options.warmStart ? FlowBasis.basis(for: problem) : nil)
        binaryCount = problem.binaryCount
        timeLimit = policy.timeLimitSeconds
        mipGap = policy.mipGap
        objective = plan.objective
        pairRanges = problem.pairRanges
    }

    /// The state's parts as read back (`RecommendationState(bytes:)`), checked there.
    init(requests: [ExpertRequest], outcomes: [AllocationPlan.RequestOutcome], experts: [ExpertFacts], pairs: [AllocationProblem.Pair],
         planHours: [Double], hoursVariable: [Int], keptVariable: [Int], reference: [Double], unplaceable: [Double], hasReference: Bool,
         changePenalty: Double, model: LinearModel, basis: Basis?, binaryCount: Int, timeLimit: Double, mipGap: Double,
         objective: Double, source: FileStamp?) {
        (self.requests, self.outcomes, self.experts, self.pairs, self.planHours) = (requests, outcomes, experts, pairs, planHours)
        (self.hoursVariable, self.keptVariable, self.reference, self.unplaceable) = (hoursVariable, keptVariable, reference, unplaceable)
        (self.hasReference, self.changePenalty, self.model, self.basis) = (hasReference, changePenalty, model, basis)
        (self.binaryCount, self.timeLimit, self.mipGap, self.objective, self.source) = (binaryCount, timeLimit, mipGap, objective, source)
        pairRanges = Self.ranges(pairs, requests: requests.count)
    }

    /// The range of each request's pairs (pairs are grouped by request in request order).
    static func ranges(_ pairs: [AllocationProblem.Pair], requests: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        ranges.reserveCapacity(requests)
        var index = 0
        for r in 0..<requests {
            let start = index
            while index < pairs.count && pairs[index].request == r { index += 1 }
            ranges.append(start..<index)
        }
        return ranges
    }
}

extension RecommendationState {
    /// Ranks the candidates of request `id` and re-solves with the request forced to its full
    /// hours, from the plan's flow basis (GLPK's primal simplex repairs the forcing row, which
    /// starts basic; a MIP's relaxation starts there and branch and bound runs as for the plan).
    public func recommend(request id: String, options: AllocationOptions = AllocationOptions()) throws -> Recommendation {
        guard let r = requests.firstIndex(where: { $0.id == id }) else {
            throw AllocationError.noPlan("the scenario has no request '\(id)'")
        }
        let request = requests[r]
        let outcome = outcomes[r]
        let candidates = pairRanges[r].map { index -> Recommendation.Candidate in
            let expert = experts[pairs[index].expert]
            return Recommendation.Candidate(
                expert: expert.id, name: expert.name, valuePerHour: pairs[index].value, shadowPrice: expert.shadowPrice,
                capacity: expert.capacity, hoursHere: planHours[index], idle: max(0, expert.capacity - expert.allocated))
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
        } else if let forced = try forcedAllocation(request: r, options: options) {
            let changes = requests.indices.compactMap { other -> Recommendation.Change? in
                guard other != r, forced.allocated[other] < outcomes[other].allocated - 1e-9 else { return nil }
                return Recommendation.Change(request: requests[other].id, account: requests[other].account,
                                             before: outcomes[other].allocated, after: forced.allocated[other])
            }
            forcing = .forced(objective: forced.objective, lost: objective - forced.objective, changes: changes)
        } else {
            forcing = .impossible("its candidates cannot give it \(NumberFormat.grouped(request.hours)) hours within their bookable hours (the utilization cap) and the pins")
        }
        return Recommendation(request: request, outcome: outcome, candidates: candidates, baseObjective: objective, forcing: forcing)
    }

    /// The objective and each request's hours with request `r` met in full; nil when no plan
    /// meets it (the pins or the utilization cap leave its candidates too few hours).
    func forcedAllocation(request r: Int, options: AllocationOptions) throws -> (objective: Double, allocated: [Double])? {
        var model = self.model
        // Its hours are x + kept on each pair (kept: the hours held from a reference plan).
        var terms = pairRanges[r].map { Term(variable: VariableID(index: hoursVariable[$0]), coefficient: 1) }
        terms += pairRanges[r].compactMap { keptVariable[$0] >= 0 ? Term(variable: VariableID(index: keptVariable[$0]), coefficient: 1) : nil }
        model.addConstraint(Constraint(name: nil, terms: terms, bounds: .lower(requests[r].hours)))
        var solveOptions = Allocator.solveOptions(timeLimit: timeLimit, mipGap: mipGap, binaries: binaryCount, options)
        let solution: Solution
        do {
            if options.warmStart, let basis {
                let start = Basis(rows: basis.rows + [.basic], columns: basis.columns)
                if binaryCount > 0 {
                    solveOptions.startingBasis = start
                    solution = try LinearProgramming.solve(model, options: solveOptions)
                } else {
                    solution = try LinearProgramming.solve(model, options: solveOptions, pricingFrom: start,
                                                           keeping: pairRanges[r].map { hoursVariable[$0] })
                }
            } else {
                solution = try LinearProgramming.solve(model, options: solveOptions)
            }
        } catch let error as LinearProgrammingError {
            throw AllocationError.solver(error)
        }
        switch solution.status {
        case .optimal, .feasible: break
        case .timeLimit where solution.hasValues: break
        case .infeasible: return nil
        case .timeLimit: throw AllocationError.noPlan("the time limit ended the search before any plan was found; raise policy.allocation.timeLimitSeconds or --time-limit")
        case .noSolution: throw AllocationError.noPlan("the search stopped before any plan was found")
        case .unbounded: throw AllocationError.noPlan("the solver reported the model \(solution.status.rawValue)")
        }
        // As `Allocator.plan` reads a plan: each pair's hours cleaned, summed per request in pair order.
        let hours = pairs.indices.map { index in
            Allocator.clean(solution[VariableID(index: hoursVariable[index])]
                + (keptVariable[index] >= 0 ? solution[VariableID(index: keptVariable[index])] : 0))
        }
        var allocated = [Double](repeating: 0, count: requests.count)
        for (index, pair) in pairs.enumerated() where hours[index] > 0 { allocated[pair.request] += hours[index] }
        // The objective of docs/scenario-format.md: the solver's also paid the change penalty for every hour moved.
        let moved = hasReference ? PlanChanges.movedHours(reference: reference, hours: hours, unplaceable: unplaceable) : 0
        let objective = solution.objective + (hasReference ? changePenalty * Allocator.clean(moved) : 0)
        return (objective, allocated.map(Allocator.clean))
    }
}
