import LinearProgramming
import Scenarios

/// The planner's controls as they fall on candidate pairs: request pins (a floor, or fixed
/// hours), and the reference plan's hours for re-planning. Account pins are rows of their own
/// (AllocationProblem); exclusions and the utilization cap act before (no pair, fewer hours).
///
/// The model's columns for pair (e, r) with floor f (0 without a pin), reference ref and change
/// penalty p > 0 with ref > 0 are kept(e, r) in [min(f, ref), ref], worth w + p, and x(e, r) in
/// [max(0, f - ref), inf), worth w: the pair's hours x + kept are at least f, kept fills first
/// (it is worth more), so ref - kept is the hours moved away, and the objective's constant
/// -p * (all reference hours - what pinned-fixed pairs keep) makes the total the value minus p
/// per hour moved. Without a penalty, or ref = 0, x alone in [f, inf); fixed by an `exactly`
/// pin, x alone, fixed.
/// Every floor is flow the network sends in advance: `expertFloor` and `requestFloor` are what
/// it takes off each expert's and request's arc (FlowBasis), and the rows' lower bounds.
public struct PairControls: Sendable {
    /// The floor a request pin puts on each pair (0 without one).
    public let floor: [Double]
    /// Pairs fixed by an `exactly` pin (hours = floor).
    public let fixed: [Bool]
    /// Reference hours of each pair (0 when the reference has none, or there is no reference).
    public let reference: [Double]
    /// Reference hours that pairs fixed by a pin keep whatever the plan does: min(pin, ref).
    public let keptByFixedPins: Double
    /// Where the reference plan came from; nil without one.
    public let referenceSource: String?
    /// All hours of the reference plan, including those on pairs this week cannot have.
    public let referenceHours: Double
    /// Reference assignments that are not candidate pairs of this scenario: they move whatever
    /// the plan does (the request or expert is gone, or the pair is no longer possible).
    public let unplaceable: [ReferencePlan.Assignment]
    /// Sum of the floors of each expert's pairs, and of each request's pairs.
    public let expertFloor: [Double]
    public let requestFloor: [Double]
    /// `policy.allocation.changePenalty`: what each hour moved away from the reference costs.
    public let changePenalty: Double
    /// Whether any pair has a kept column (a change penalty with a reference).
    public let hasKeptColumns: Bool
    /// Pins that do not fall on a candidate pair (a scenario built in code; files are checked
    /// when they are read).
    public let misplacedPins: [Pin]

    init(scenario: Scenario, pairs: [AllocationProblem.Pair], pairRanges: [Range<Int>], accountOfRequest: [Int],
         expertIndex: [String: Int], accountIndex: [String: Int], reference plan: ReferencePlan?) {
        var floor = [Double](repeating: 0, count: pairs.count)
        var fixed = [Bool](repeating: false, count: pairs.count)
        var reference = [Double](repeating: 0, count: pairs.count)
        var requestIndex: [String: Int] = [:]
        if !scenario.pins.isEmpty || plan != nil {
            requestIndex.reserveCapacity(scenario.requests.count)
            for (r, request) in scenario.requests.enumerated() { requestIndex[request.id] = r }
        }
        /// The pair of (expert, request), if it is a candidate.
        func pairIndex(_ expert: String, _ request: String) -> Int? {
            guard let e = expertIndex[expert], let r = requestIndex[request] else { return nil }
            return pairRanges[r].first { pairs[$0].expert == e }
        }
        var misplaced: [Pin] = []
        for pin in scenario.pins {
            switch pin.target {
            case .request(let id):
                guard let index = pairIndex(pin.expert, id) else {
                    if pin.hours > 0 || pin.mode == .atLeast { misplaced.append(pin) }
                    continue
                }
                floor[index] = pin.hours
                fixed[index] = pin.mode == .exactly
            case .account(let id):
                if expertIndex[pin.expert] == nil || accountIndex[id] == nil { misplaced.append(pin) }
            }
        }
        var total = 0.0
        var unplaceable: [ReferencePlan.Assignment] = []
        for assignment in plan?.assignments ?? [] where assignment.hours > 0 {
            total += assignment.hours
            if let index = pairIndex(assignment.expert, assignment.request) {
                reference[index] += assignment.hours
            } else {
                unplaceable.append(assignment)
            }
        }
        var expertFloor = [Double](repeating: 0, count: scenario.experts.count)
        var requestFloor = [Double](repeating: 0, count: scenario.requests.count)
        for (index, pair) in pairs.enumerated() where floor[index] > 0 {
            expertFloor[pair.expert] += floor[index]
            requestFloor[pair.request] += floor[index]
        }
        self.floor = floor
        self.fixed = fixed
        self.reference = reference
        self.referenceHours = total
        self.referenceSource = plan?.source
        self.keptByFixedPins = pairs.indices.reduce(0.0) { $0 + (fixed[$1] ? min(floor[$1], reference[$1]) : 0) }
        self.unplaceable = unplaceable
        self.expertFloor = expertFloor
        self.requestFloor = requestFloor
        self.changePenalty = scenario.policy.allocation.changePenalty
        self.hasKeptColumns = changePenalty > 0 && reference.contains { $0 > 0 }
        self.misplacedPins = misplaced
    }

    /// The bounds of x(e, r) and, when the pair has one, of kept(e, r).
    func columns(of index: Int) -> (hours: Bounds, kept: Bounds?) {
        let f = floor[index], ref = reference[index]
        if fixed[index] { return (.fixed(f), nil) }
        guard changePenalty > 0, ref > 0 else { return (.lower(f), nil) }
        return (.lower(max(0, f - ref)), .range(min(f, ref), ref))
    }
}
