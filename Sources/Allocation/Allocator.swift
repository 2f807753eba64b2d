import Foundation
import LinearProgramming
import Scenarios

/// How to run the allocation.
public struct AllocationOptions: Sendable {
    /// Seconds for the whole solve; nil uses `policy.allocation.timeLimitSeconds`.
    public var timeLimit: Double?
    /// Copy GLPK's output to stderr.
    public var verbose: Bool
    /// Branch-and-bound progress (MIP only); return `.stop` to keep the best plan so far.
    public var progress: (@Sendable (MIPProgress) -> MIPProgress.Action)?
    /// Start GLPK from the min-cost-flow basis (pure LPs). Off: GLPK's plain cold primal simplex.
    public var warmStart: Bool
    /// The most candidate pairs (expert, request) a model may have: a larger book is refused
    /// before anything is built, instead of exhausting memory. GLPK's memory limit follows it.
    public var maxPairs: Int = AllocationOptions.defaultMaxPairs
    /// The plan to stay close to (re-planning): its hours are kept where `changePenalty` makes
    /// that worth it, and the plan lists what moved.
    public var reference: ReferencePlan?
    /// Read the shadow prices' ranges off the flow's tree when GLPK ends on the flow's basis
    /// (off: GLPK ranges them; the tests compare the two).
    public var rangesFromFlow = true

    /// 5 million pairs: about 4.4 times the largest generated book (XL, 1.1 million pairs, 725 MB).
    public static let defaultMaxPairs = 5_000_000

    /// GLPK's memory limit for `maxPairs` pairs: 2 KB a pair, at least 1 GB (XL needs about 0.4 KB).
    public var memoryLimitMB: Int { max(1024, min(Int(Int32.max), maxPairs / 512)) }

    public init(timeLimit: Double? = nil, verbose: Bool = false, warmStart: Bool = true,
                progress: (@Sendable (MIPProgress) -> MIPProgress.Action)? = nil) {
        self.timeLimit = timeLimit
        self.verbose = verbose
        self.warmStart = warmStart
        self.progress = progress
    }
}

public enum AllocationError: CategorizedError, Equatable {
    /// The solver stopped without any plan (a MIP before its first integer solution).
    case noPlan(String)
    /// The solver failed.
    case solver(LinearProgrammingError)
    /// The model would have more candidate pairs than allowed.
    case tooLarge(pairs: Int, limit: Int)
    /// Pins no plan can meet (each message names the pins).
    case pinsConflict([String])

    public var category: ErrorCategory {
        switch self {
        case .noPlan, .solver: .unavailable
        case .tooLarge, .pinsConflict: .invalid
        }
    }

    public var description: String {
        switch self {
        case .noPlan(let why): "no allocation found: \(why)"
        case .solver(let error): "the allocation could not be solved: \(error)"
        case .pinsConflict(let messages): "the pins cannot all be met: " + messages.joined(separator: "; ")
        case .tooLarge(let pairs, let limit):
            "the allocation would have \(pairs) candidate pairs (expert, request), more than the limit of \(limit); nothing was built. Raise it with --max-pairs if the machine has the memory (about 1 GB per 1.5 million pairs)"
        }
    }
}

/// Solves the weekly allocation and explains it.
public enum Allocator {
    /// Hours below this are treated as zero (solver noise).
    static let tolerance = 1e-6

    /// Builds, solves and explains the allocation of `scenario`.
    public static func allocate(_ scenario: Scenario, options: AllocationOptions = AllocationOptions()) throws -> AllocationPlan {
        try solve(try problem(scenario, options: options), options: options)
    }

    /// Builds the problem of `scenario`, after checking its size against `options.maxPairs`, and
    /// its pins against the hours there are (files are checked when read; this catches code).
    public static func problem(_ scenario: Scenario, names: Bool = false, options: AllocationOptions) throws -> AllocationProblem {
        let tiers = Tiering.assign(scenario)  // once, for the count and the model
        let accountIndex = AllocationProblem.accountIndex(scenario)
        let pairs = AllocationProblem.candidatePairCount(scenario, tiers: tiers, accountIndex: accountIndex)
        if pairs > options.maxPairs { throw AllocationError.tooLarge(pairs: pairs, limit: options.maxPairs) }
        let problem = AllocationProblem(scenario, names: names, tiers: tiers, reference: options.reference, accountIndex: accountIndex)
        if let conflicts = PinConflicts.obvious(problem) { throw AllocationError.pinsConflict(conflicts) }
        return problem
    }

    public static func solveOptions(for problem: AllocationProblem, _ options: AllocationOptions) -> SolveOptions {
        let policy = problem.scenario.policy.allocation
        var solveOptions = solveOptions(timeLimit: policy.timeLimitSeconds, mipGap: policy.mipGap, binaries: problem.binaryCount, options)
        solveOptions.rangedConstraints = problem.capacityRow.compactMap { $0 }  // how far each shadow price holds
        return solveOptions
    }

    /// From this many binaries on, GLPK generates cuts (see `solveOptions(timeLimit:mipGap:binaries:_:)`).
    static let binariesForCuts = 300

    /// GLPK's options for an allocation model with `binaries` binaries under the policy's time
    /// limit and gap (`options.timeLimit` first), without ranging.
    static func solveOptions(timeLimit: Double, mipGap: Double, binaries: Int, _ options: AllocationOptions) -> SolveOptions {
        var solveOptions = SolveOptions(
            method: .primalSimplex, presolve: false, timeLimit: options.timeLimit ?? timeLimit,
            mipGap: mipGap, verbose: options.verbose, progress: options.progress)
            .with(memoryLimit: options.memoryLimitMB)
        // GLPK's cuts (MIR, Gomory, cover, clique) on books with many binaries: measured on generated
        // books (`make bench`), B6000 2.9 s -> 0.65 s and B20000 34 s -> 7.7 s to the same gap; without
        // them Driebeck-Tomlin branching evaluates tableau rows over hundreds of nodes. On a small
        // search the cut rounds cost more than they save (GLPK's time, best of 5, with / without
        // cuts: 107 binaries 6 / 4 ms, 165: 15 / 9, 245: 18 / 12, 359: 29 / 36, 431: 60 / 106 ms).
        solveOptions.cuts = binaries >= Self.binariesForCuts
        return solveOptions
    }

    /// Solves a built problem. A pure LP starts GLPK from the optimal basis of the equivalent
    /// min-cost flow (FlowBasis), unless `options.warmStart` is false.
    public static func solve(_ problem: AllocationProblem, options: AllocationOptions = AllocationOptions()) throws -> AllocationPlan {
        try plan(problem, solution(problem, options: options))
    }

    /// `solve`, with the flow basis the plan was solved from: `recommend` forces a request from it
    /// instead of solving the flow again (nil when GLPK was not started from a flow).
    public static func solveKeepingFlowBasis(_ problem: AllocationProblem, options: AllocationOptions = AllocationOptions()) throws
        -> (plan: AllocationPlan, flowBasis: Basis?) {
        let timed = try timedSolution(problem, options: options)
        return (try plan(problem, timed.solution), timed.flowBasis)
    }

    /// The solver's solution of `problem.model`.
    public static func solution(_ problem: AllocationProblem, options: AllocationOptions = AllocationOptions()) throws -> Solution {
        try timedSolution(problem, options: options).solution
    }

    /// A solution with the time its two halves took.
    public struct TimedSolution: Sendable {
        public var solution: Solution
        /// A flow basis was offered (a pure LP with `warmStart`); false for a MIP.
        public var basisOffered: Bool
        /// The min-cost flow that finds the basis.
        public var flow: Duration
        /// GLPK from that basis (or from scratch).
        public var glpk: Duration
        /// The flow's basis GLPK started from (for a MIP, of its LP relaxation; nil without
        /// `warmStart` or with side rows): a re-solve of the same problem with a row more
        /// (`recommend`) starts there too, as `FlowBasis.basis(for:)` would give it again.
        public var flowBasis: Basis?
    }

    /// The solver's solution of `problem.model`: for a pure LP with `options.warmStart`, GLPK
    /// starts from the min-cost flow's optimal basis and is given only the columns that are not
    /// nonbasic at zero; the others are priced with its duals (LinearProgramming's
    /// `solve(_:options:pricingFrom:)`). Otherwise GLPK solves the whole model.
    public static func timedSolution(_ problem: AllocationProblem, options: AllocationOptions = AllocationOptions()) throws -> TimedSolution {
        let clock = ContinuousClock()
        let start = clock.now
        let flow = options.warmStart ? FlowBasis.solve(problem) : nil
        let flowDone = clock.now
        var solution = try self.solution(problem, options: options, startingBasis: flow?.basis,
                                         rangesOfBasis: options.rangesFromFlow ? flow?.capacityRanges : nil)
        if let closest = try closestToReference(problem, solution, options: options) { solution = closest.solution }
        return TimedSolution(solution: solution, basisOffered: flow != nil, flow: flowDone - start, glpk: clock.now - flowDone,
                             flowBasis: flow?.basis)
    }

    /// The solver's solution of `problem.model` from `startingBasis` (the flow basis, found by the
    /// caller), GLPK given only the columns not at zero in it and `keeping`, the others priced.
    /// `rangesOfBasis`: the capacity rows' ranging of `startingBasis` (from the flow's tree), so GLPK
    /// ranges only if it leaves that basis (a pure LP only).
    public static func solution(_ problem: AllocationProblem, options: AllocationOptions, startingBasis: Basis?,
                                keeping: [Int] = [], rangesOfBasis: [Int: BoundRange]? = nil) throws -> Solution {
        let ranges = problem.binaryCount == 0 ? rangesOfBasis : nil
        var solution = try solveModel(problem, options: options, startingBasis: startingBasis, keeping: keeping, rangesOfBasis: ranges != nil)
        // GLPK confirmed the basis without a pivot: the tree's ranging is the basis's.
        if let ranges, solution.status == .optimal, solution.warmStarted, solution.iterations == 0 {
            solution.boundRanges = ranges
        }
        return solution
    }

    /// With a reference plan, the optimum that moves the fewest hours away from it: among the
    /// plans of the same (optimal) objective, the least sum over pairs of |hours - reference hours|
    /// (ClosestOptimum: the optimal face of `solution`, exactly, then that distance minimised over it).
    /// A pair's hours are x, or x + kept under a change penalty (kept in [.., ref] is filled first,
    /// so |x + kept - ref| = x + (ref - kept) at the closest optimum). nil without a reference, or
    /// when the solution is not optimal or nothing on the face can move.
    public static func closestToReference(_ problem: AllocationProblem, _ solution: Solution,
                                          options: AllocationOptions) throws -> ClosestOptimum? {
        guard problem.controls.referenceSource != nil, solution.status == .optimal else { return nil }
        var targets = [Double?](repeating: nil, count: problem.model.variables.count)
        let reference = problem.controls.reference
        for index in problem.pairs.indices {
            if let kept = problem.keptVariable[index] {
                targets[kept.index] = reference[index]
                targets[problem.hoursVariable[index].index] = 0
            } else {
                targets[problem.hoursVariable[index].index] = reference[index]
            }
        }
        do {
            return try ClosestOptimum.find(problem.model, optimum: solution, targets: targets, options: solveOptions(for: problem, options))
        } catch let error as LinearProgrammingError {
            throw AllocationError.solver(error)
        }
    }

    private static func solveModel(_ problem: AllocationProblem, options: AllocationOptions, startingBasis: Basis?,
                                   keeping: [Int], rangesOfBasis: Bool) throws -> Solution {
        var solveOptions = solveOptions(for: problem, options)
        solveOptions.rangesStartingBasis = rangesOfBasis
        do {
            if let startingBasis, problem.binaryCount > 0 {
                // A MIP: the relaxation starts from the basis; branch and bound needs every column.
                solveOptions.startingBasis = startingBasis
                return try LinearProgramming.solve(problem.model, options: solveOptions)
            }
            if let startingBasis {
                return try LinearProgramming.solve(problem.model, options: solveOptions, pricingFrom: startingBasis, keeping: keeping)
            }
            return try LinearProgramming.solve(problem.model, options: solveOptions)
        } catch let error as LinearProgrammingError {
            throw AllocationError.solver(error)
        }
    }

    /// Reads a plan out of a solution of `problem.model`.
    public static func plan(_ problem: AllocationProblem, _ solution: Solution) throws -> AllocationPlan {
        let status: AllocationPlan.Status
        switch solution.status {
        case .optimal: status = .optimal
        case .feasible: status = .feasible
        case .timeLimit where solution.hasValues: status = .timeLimit
        case .timeLimit: throw AllocationError.noPlan("the time limit ended the search before any plan was found; raise policy.allocation.timeLimitSeconds or --time-limit")
        case .noSolution: throw AllocationError.noPlan("the search stopped before any plan was found")
        case .infeasible where !problem.scenario.pins.isEmpty:
            // Without pins x = 0 with full shortfall is feasible: the pins conflict.
            throw AllocationError.pinsConflict(PinConflicts.explain(problem))
        case .infeasible, .unbounded:
            // Cannot happen: x = 0 with full shortfall is always feasible and every x is bounded.
            throw AllocationError.noPlan("the solver reported the model \(solution.status.rawValue)")
        }
        let scenario = problem.scenario
        let hours = problem.pairHours { solution[$0] }.map(clean)
        // One more hour never lowers the value: a row resting at its lower bound 0 (an idle expert)
        // may carry a negative dual for that bound, which is not the capacity's price.
        let shadowPrices = problem.capacityRow.map { row in row.flatMap { solution.dual($0) }.map { clean(max(0, $0)) } ?? 0 }

        var assignments: [AllocationPlan.Assignment] = []
        var allocatedToRequest = [Double](repeating: 0, count: scenario.requests.count)
        var allocatedToExpert = [Double](repeating: 0, count: scenario.experts.count)
        let controls = problem.controls
        for (index, pair) in problem.pairs.enumerated() where hours[index] > 0 {
            let request = scenario.requests[pair.request]
            let pinned = controls.fixed[index] ? hours[index] : controls.floor[index]
            let reason = AssignmentReason(
                valuePerHour: pair.value, shadowPrice: shadowPrices[pair.expert],
                alternative: alternative(problem, request: pair.request, besides: pair.expert, shadowPrices: shadowPrices),
                pinnedHours: pinned, keptHours: controls.changePenalty > 0 ? min(controls.reference[index], hours[index]) : 0)
            assignments.append(AllocationPlan.Assignment(
                expert: scenario.experts[pair.expert].id, request: request.id, account: request.account,
                hours: hours[index], valuePerHour: pair.value, reason: reason))
            allocatedToRequest[pair.request] += hours[index]
            allocatedToExpert[pair.expert] += hours[index]
        }
        let explainer = UnmetExplainer(problem: problem, hours: hours, shadowPrices: shadowPrices)
        let requests = scenario.requests.enumerated().map { r, request -> AllocationPlan.RequestOutcome in
            let allocated = clean(allocatedToRequest[r])
            let unmet = clean(max(0, request.hours - allocated))
            let shortfall = problem.minimum[r].map { clean(max(0, $0 - allocated)) } ?? 0
            let why = unmet > 0 ? explainer.explain(r) : nil
            return AllocationPlan.RequestOutcome(
                id: request.id, account: request.account, requested: request.hours, allocated: allocated, unmet: unmet,
                reason: why?.reason, detail: why?.detail, shortfall: shortfall)
        }
        let experts = scenario.experts.enumerated().map { e, expert in
            let allocated = clean(allocatedToExpert[e])
            let capacity = problem.capacity[e]
            var outcome = AllocationPlan.ExpertOutcome(
                id: expert.id, capacity: capacity, allocated: allocated,
                utilization: capacity > 0 ? allocated / capacity : 0, shadowPrice: shadowPrices[e], bookable: problem.bookable[e])
            outcome.priceRange = PriceRange.of(
                price: shadowPrices[e], bookable: problem.bookable[e], allocated: allocated, floor: problem.controls.expertFloor[e],
                range: problem.capacityRow[e].flatMap { solution.boundRange($0) }.map { BoundRange(lower: clean($0.lower), upper: clean($0.upper)) })
            return outcome
        }
        let changes = problem.controls.referenceSource != nil
            ? PlanChanges.make(problem, hours: hours) : nil
        // The objective of docs/scenario-format.md (value minus shortfall penalties): the solver's also pays
        // the change penalty for every hour moved.
        let objective = solution.objective + problem.controls.changePenalty * (changes?.movedHours ?? 0)
        return AllocationPlan(
            status: status, objective: objective, mipGap: solution.mipGap ?? 0,
            assignments: assignments, requests: requests, experts: experts,
            teams: teams(problem, hours),
            statistics: AllocationPlan.Statistics(
                candidatePairs: problem.pairs.count, variables: problem.model.variables.count,
                constraints: problem.model.constraints.count, binaries: problem.binaryCount,
                iterations: solution.iterations, nodes: solution.nodes, solveSeconds: solution.wallTime),
            changes: changes)
    }

    /// The candidate of request `r` other than expert `e` whose hour nets the most there after
    /// its shadow price (the first in input order among equals); nil when there is none.
    static func alternative(_ problem: AllocationProblem, request r: Int, besides e: Int, shadowPrices: [Double]) -> AssignmentReason.Alternative? {
        var best: (pair: Int, margin: Double)?
        for index in problem.pairRanges[r] where problem.pairs[index].expert != e {
            let margin = problem.pairs[index].value - shadowPrices[problem.pairs[index].expert]
            if best == nil || margin > best!.margin + AssignmentReason.tie { best = (index, margin) }
        }
        return best.map { found in
            let pair = problem.pairs[found.pair]
            return AssignmentReason.Alternative(expert: problem.scenario.experts[pair.expert].id, valuePerHour: pair.value,
                                                shadowPrice: shadowPrices[pair.expert])
        }
    }

    /// Each account's virtual team: its manager and the experts with their hours (input order).
    static func teams(_ problem: AllocationProblem, _ hours: [Double]) -> [AllocationPlan.Team] {
        let scenario = problem.scenario
        var byAccount: [Int: [Int: Double]] = [:]
        for (index, pair) in problem.pairs.enumerated() where hours[index] > 0 {
            byAccount[problem.accountOfRequest[pair.request], default: [:]][pair.expert, default: 0] += hours[index]
        }
        return scenario.accounts.indices.compactMap { a in
            guard let members = byAccount[a] else { return nil }
            let account = scenario.accounts[a]
            return AllocationPlan.Team(
                account: account.id, manager: account.manager,
                experts: members.keys.sorted().map { AllocationPlan.TeamMember(expert: scenario.experts[$0].id, hours: clean(members[$0]!)) })
        }
    }

    /// Solver noise removed: values within 1e-6 of a multiple of 1e-6 are snapped to it, and -0 is 0.
    static func clean(_ value: Double) -> Double {
        let snapped = (value * 1e6).rounded() / 1e6
        let result = abs(snapped) < tolerance ? 0 : snapped
        return result == 0 ? 0 : result
    }
}
