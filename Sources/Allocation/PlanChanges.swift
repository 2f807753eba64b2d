import Scenarios

/// What a plan changed against its reference plan (re-planning a published week): each
/// (expert, request) whose hours differ, the hours moved away from reference assignments, the
/// hours added, and what the moves bought.
public struct PlanChanges: Sendable, Hashable {
    public struct Move: Sendable, Hashable {
        public var expert: String
        public var request: String
        public var account: String
        /// Hours in the reference plan, and now.
        public var from: Double
        public var to: Double
        /// Why a reference assignment could not be kept at all (the request or expert is gone,
        /// or the pair is no longer possible); nil when the plan chose the move.
        public var forced: String?

        /// In words: the forced reason, else "added" or "moved away".
        public var why: String { forced ?? (to > from ? "added" : "moved away") }
    }

    /// Where the reference came from.
    public var reference: String
    /// Pairs whose hours changed: the scenario's pairs in request and expert order, then the
    /// reference assignments this week cannot have.
    public var moves: [Move]
    /// Hours taken away from reference assignments (what `changePenalty` is paid on).
    public var movedHours: Double
    /// Hours given beyond the reference.
    public var addedHours: Double
    /// changePenalty * movedHours: what the solver paid for the moves.
    public var penalty: Double
    /// The plan's objective minus the objective the reference would have this week (kept as it
    /// was on the pairs still possible): what the moves bought. nil when the reference no longer
    /// fits this week (an expert has fewer hours, a request asks for fewer).
    public var valueGained: Double?

    static func make(_ problem: AllocationProblem, hours: [Double]) -> PlanChanges {
        let scenario = problem.scenario
        let controls = problem.controls
        var moves: [Move] = []
        var added = 0.0
        for (index, pair) in problem.pairs.enumerated() {
            let from = controls.reference[index], to = hours[index]
            guard abs(from - to) > Allocator.tolerance else { continue }
            let request = scenario.requests[pair.request]
            moves.append(Move(expert: scenario.experts[pair.expert].id, request: request.id, account: request.account,
                              from: from, to: to, forced: nil))
            if to >= from { added += to - from }
        }
        let moved = movedHours(reference: controls.reference, hours: hours, unplaceable: controls.unplaceable.map(\.hours))
        let requestIndex = Dictionary(scenario.requests.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        for assignment in controls.unplaceable {
            let why: String
            if problem.expertIndex[assignment.expert] == nil {
                why = "expert '\(assignment.expert)' is not in this scenario"
            } else if requestIndex[assignment.request] == nil {
                why = "request '\(assignment.request)' is not in this scenario"
            } else {
                why = "expert '\(assignment.expert)' can no longer work on request '\(assignment.request)'"
            }
            moves.append(Move(expert: assignment.expert, request: assignment.request, account: assignment.account,
                              from: assignment.hours, to: 0, forced: why))
        }
        let penalty = controls.changePenalty
        return PlanChanges(
            reference: controls.referenceSource ?? "", moves: moves, movedHours: Allocator.clean(moved), addedHours: Allocator.clean(added),
            penalty: Allocator.clean(penalty * moved), valueGained: gained(problem, hours: hours))
    }

    /// Hours taken away from the reference (not rounded): what each pair lost beyond the tolerance,
    /// in pair order, then every reference hour no pair of this week can hold. What `changePenalty`
    /// is paid on, by a plan (`make`) and by a forced re-solve (`RecommendationState`).
    static func movedHours(reference: [Double], hours: [Double], unplaceable: [Double]) -> Double {
        var moved = 0.0
        for index in reference.indices {
            let from = reference[index], to = hours[index]
            if abs(from - to) > Allocator.tolerance, to < from { moved += from - to }
        }
        for hours in unplaceable { moved += hours }
        return moved
    }

    /// The plan's objective minus the reference's on this week's pairs, when the reference fits
    /// this week's capacities and requests.
    private static func gained(_ problem: AllocationProblem, hours: [Double]) -> Double? {
        let reference = problem.controls.reference
        var perExpert = [Double](repeating: 0, count: problem.scenario.experts.count)
        var perRequest = [Double](repeating: 0, count: problem.scenario.requests.count)
        for (index, pair) in problem.pairs.enumerated() where reference[index] > 0 {
            perExpert[pair.expert] += reference[index]
            perRequest[pair.request] += reference[index]
        }
        for e in perExpert.indices where perExpert[e] > problem.bookable[e] + Allocator.tolerance { return nil }
        for (r, request) in problem.scenario.requests.enumerated() where perRequest[r] > request.hours + Allocator.tolerance { return nil }
        return Allocator.clean(problem.objective(hours: hours) - problem.objective(hours: reference))
    }
}
