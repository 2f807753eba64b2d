import LinearProgramming

/// An optimal simplex basis for the allocation LP, found as a min-cost circulation.
///
/// Without binaries the allocation is a network flow (PERFORMANCE-NOTES.md): a root node G,
/// one node per expert and per request with candidates; arcs G -> expert (capacity hours),
/// expert -> request (the pair, profit w), and request -> G: one arc of capacity `hours` or, under
/// minimum service, arc A (capacity min(L, hours), profit = the shortfall penalty) and arc B (the
/// rest, profit 0). Network simplex finds the optimal flow and spanning tree in a fraction of
/// GLPK's time; each tree arc is a basic LP variable:
///
///   pair arc -> x(e, r);  G -> e -> capacity row of e;  single r -> G -> request row of r;
///   A -> short(r) (short = L - flow(A));  B -> minimum row of r (its activity = L + flow(B));
///   and a request under minimum service also keeps its request row basic.
///
/// GLPK then only has to confirm optimality and compute the duals (the shadow prices).
///
/// The planner's controls keep this shape (PairControls): an exclusion removes a pair arc, the
/// utilization cap lowers an expert's arc, a request pin's floor is flow sent in advance around
/// G -> e -> r -> G (each arc's capacity lowered by it; the LP's rows carry it as their lower
/// bound), a pair fixed by a pin has no arc, and a reference assignment under a change penalty
/// is a parallel arc (kept) worth the penalty more. Account pins are rows of their own: their
/// slacks start basic and GLPK's primal simplex takes it from there.
public enum FlowBasis {
    /// The basis, or nil when the problem has side rows or the network simplex stalls. With
    /// `singleExpert` and `maxAccounts` binaries it is a basis of the LP relaxation (see
    /// `addLinks`): the network part from the flow, each binary basic at the share it must have.
    public static func basis(for problem: AllocationProblem) -> Basis? {
        solve(problem)?.basis
    }

    /// The basis, and the ranging of every capacity row at a bound in it, by row index: the LP's
    /// own `BoundRange` of that basis (`glp_analyze_bound` gives the same; FlowPriceRangeTests),
    /// read off the tree. Rows whose hours arc is in the tree are basic (absent).
    static func solve(_ problem: AllocationProblem) -> (basis: Basis, capacityRanges: [Int: BoundRange])? {
        guard problem.rowFamily.allSatisfy({ $0 != .side }) else { return nil }
        let controls = problem.controls
        let scenario = problem.scenario
        let policy = scenario.policy.allocation
        // Nodes: 0 = G, then experts with a capacity row, then requests with candidates.
        var expertNode = [Int](repeating: -1, count: scenario.experts.count)
        var nodes = 1
        for e in scenario.experts.indices where problem.capacityRow[e] != nil {
            expertNode[e] = nodes
            nodes += 1
        }
        var requestNode = [Int](repeating: -1, count: scenario.requests.count)
        for r in scenario.requests.indices where !problem.pairRanges[r].isEmpty {
            requestNode[r] = nodes
            nodes += 1
        }
        var arcs: [NetworkSimplex.Arc] = []
        arcs.reserveCapacity(problem.pairs.count + nodes * 2)
        var treeArc = [Int](repeating: -1, count: nodes)
        var capacityArc = [Int](repeating: -1, count: scenario.experts.count)
        for e in scenario.experts.indices where expertNode[e] > 0 {
            capacityArc[e] = arcs.count
            treeArc[expertNode[e]] = arcs.count
            arcs.append(.init(from: 0, to: expertNode[e], capacity: max(0, problem.bookable[e] - controls.expertFloor[e]), cost: 0))
        }
        var outArc = [Int](repeating: -1, count: scenario.requests.count)   // single arc, or A
        var restArc = [Int](repeating: -1, count: scenario.requests.count)  // B
        for (r, request) in scenario.requests.enumerated() where requestNode[r] > 0 {
            let node = requestNode[r]
            outArc[r] = arcs.count
            treeArc[node] = arcs.count
            let floor = controls.requestFloor[r]
            if let level = problem.minimum[r] {
                let tier = problem.tiers[problem.accountOfRequest[r]].tier
                let penalty = policy.shortfallPenalty * policy.tierWeight[tier, default: 0]
                let share = min(level, request.hours)
                arcs.append(.init(from: node, to: 0, capacity: share - min(floor, share), cost: -penalty))
                if request.hours > level {
                    restArc[r] = arcs.count
                    arcs.append(.init(from: node, to: 0, capacity: request.hours - level - max(0, floor - share), cost: 0))
                }
            } else {
                arcs.append(.init(from: node, to: 0, capacity: request.hours - floor, cost: 0))
            }
        }
        guard let (network, pairArc, keptArc) = solveInRounds(
            problem, arcs: arcs, rootArcs: treeArc, expertNode: expertNode, requestNode: requestNode,
            capacityArc: capacityArc, outArc: outArc, restArc: restArc) else { return nil }

        // The tree as LP statuses (an arc of capacity 0 is a fixed row or column).
        func nonbasic(flow: Double, capacity: Double) -> Basis.Status {
            capacity <= 0 ? .fixed : capacity.isFinite && flow >= capacity && flow > 0 ? .atUpper : .atLower
        }
        var rows = [Basis.Status](repeating: .basic, count: problem.model.constraints.count)
        var columns = [Basis.Status](repeating: .atLower, count: problem.model.variables.count)
        for (index, variable) in problem.hoursVariable.enumerated() {
            let a = pairArc[index]
            columns[variable.index] = controls.fixed[index] ? .fixed : a >= 0 && network.inTree[a] ? .basic : .atLower
            if let kept = problem.keptVariable[index] {
                let k = keptArc[index]
                columns[kept.index] = k < 0 ? .fixed : network.inTree[k] ? .basic : nonbasic(flow: network.flow[k], capacity: network.arcs[k].capacity)
            }
        }
        for e in scenario.experts.indices {
            guard let row = problem.capacityRow[e] else { continue }
            let a = capacityArc[e]
            rows[row.index] = network.inTree[a] ? .basic : nonbasic(flow: network.flow[a], capacity: arcs[a].capacity)
        }
        for r in scenario.requests.indices {
            if requestNode[r] < 0 {
                // No candidates: the minimum row (if any) is basic at L, short fixed at L.
                if let short = problem.shortVariable[r] { columns[short.index] = .fixed }
                continue
            }
            let single = outArc[r]
            if let short = problem.shortVariable[r], let minimumRow = problem.minimumRow[r] {
                // short = L - floor - flow(A): A at its upper bound means short at its lower bound.
                let fixedShort = arcs[single].capacity <= 0
                columns[short.index] = network.inTree[single] ? .basic
                    : fixedShort ? .fixed : (network.flow[single] >= arcs[single].capacity ? .atLower : .atUpper)
                if restArc[r] >= 0 {
                    let b = restArc[r]
                    rows[minimumRow.index] = network.inTree[b] ? .basic : nonbasic(flow: network.flow[b], capacity: arcs[b].capacity)
                } else {
                    rows[minimumRow.index] = .fixed
                }
                // The request row stays basic.
            } else if let requestRow = problem.requestRow[r] {
                rows[requestRow.index] = network.inTree[single] ? .basic : nonbasic(flow: network.flow[single], capacity: arcs[single].capacity)
            }
        }
        let hours = problem.pairs.indices.map { index in
            controls.floor[index] + (pairArc[index] >= 0 ? network.flow[pairArc[index]] : 0) + (keptArc[index] >= 0 ? network.flow[keptArc[index]] : 0)
        }
        addLinks(problem, hours: hours, rows: &rows, columns: &columns)
        // Ranging of the hours arcs out of the tree, at either bound: the row's value (the floor plus
        // the arc's flow) moves with the arc's flow around its cycle through the tree.
        var ranges: [Int: BoundRange] = [:]
        for e in scenario.experts.indices {
            guard let row = problem.capacityRow[e], !network.inTree[capacityArc[e]] else { continue }
            let a = capacityArc[e]
            let value = controls.expertFloor[e] + network.flow[a]
            let (up, down) = network.treeRange(ofRootArc: a)
            ranges[row.index] = BoundRange(lower: value - down, upper: value + up)
        }
        return (Basis(rows: rows, columns: columns), ranges)
    }

    /// Extends the network's basis over the binaries' rows (their slacks start basic, the binaries
    /// at 0). singleExpert: x - hours y = 0 pins y = x / hours, so y is made basic and the row
    /// nonbasic; y <= 1 and sum y <= 1 hold because the request row holds. maxAccounts: z(e, a) is
    /// made basic on the link of the account's pair with the largest x / bound, that row nonbasic
    /// at its bound 0; the other links then hold, and sum z <= maxAccounts may not (GLPK's primal
    /// simplex starts with that infeasibility). Each binary takes the place of exactly one row's
    /// slack, so the basis stays square, and nonsingular: the binary's column is the only basic
    /// one in that row apart from the network's.
    static func addLinks(_ problem: AllocationProblem, hours: [Double], rows: inout [Basis.Status], columns: inout [Basis.Status]) {
        for link in problem.singleExpertLinks {
            rows[link.row.index] = .fixed
            columns[link.choice.index] = .basic
        }
        for account in problem.accountLinks {
            guard let tightest = account.links.max(by: { hours[$0.pair] / $0.bound < hours[$1.pair] / $1.bound }) else { continue }
            rows[tightest.row.index] = .atUpper
            columns[account.serves.index] = .basic
        }
    }

    /// Pairs the first round starts with: each request's best few by value.
    static let firstRoundPairsPerRequest = 6
    /// The most violating pairs a pricing round adds per request.
    static let pairsAddedPerRequest = 16

    /// Solves the flow over all candidate pairs without handing them all to the network simplex:
    /// the first round holds each request's best pairs; after each round every pair left out is
    /// priced with the round's potentials, and the most violating ones of each request join the
    /// network, which continues from its tree. When no pair left out can improve the flow, the
    /// tree is optimal for the whole set (a pair left out is nonbasic at 0 with a reduced cost of
    /// the right sign). Most pairs never carry flow (XL: 17k of 1.13M), so the rounds touch a
    /// small network. The first round starts from a greedy flow (see `greedyFlow`) rather than
    /// from zero. Returns the network and the arc of every pair (-1 for pairs left out), nil on a stall.
    static func solveInRounds(_ problem: AllocationProblem, arcs structural: [NetworkSimplex.Arc], rootArcs: [Int],
                              expertNode: [Int], requestNode: [Int],
                              capacityArc: [Int], outArc: [Int], restArc: [Int]) -> (NetworkSimplex, [Int], [Int])? {
        let pairs = problem.pairs
        let controls = problem.controls
        var pairArc = [Int](repeating: -1, count: pairs.count)
        var keptArc = [Int](repeating: -1, count: pairs.count)
        func arc(_ index: Int) -> NetworkSimplex.Arc {
            let pair = pairs[index]
            return .init(from: expertNode[pair.expert], to: requestNode[pair.request], capacity: .infinity, cost: -pair.value)
        }
        // Round one: the best pairs of each request (value, then input order), from a greedy flow.
        // A pair fixed by a pin has no arc (its hours are sent in advance).
        let anyFixed = controls.fixed.contains(true)
        let priced: (Int) -> Bool = anyFixed ? { !controls.fixed[$0] } : { _ in true }
        var added: [Int] = []
        func addBest(of open: some Collection<Int>) {
            if open.count <= firstRoundPairsPerRequest {
                added.append(contentsOf: open)
            } else {
                added.append(contentsOf: open.sorted { (pairs[$0].value, $1) > (pairs[$1].value, $0) }.prefix(firstRoundPairsPerRequest))
            }
        }
        for range in problem.pairRanges where !range.isEmpty {
            if anyFixed { addBest(of: range.filter(priced)) } else { addBest(of: range) }
        }
        var arcs = structural
        arcs.reserveCapacity(structural.count + added.count)
        var greedyArcs: [(arc: Int, pair: Int)] = []
        greedyArcs.reserveCapacity(added.count)
        // Reference assignments under a change penalty: the kept arc, worth the penalty more,
        // with room for the reference hours above the pin's part of them.
        let penalty = controls.changePenalty
        for (index, kept) in problem.keptVariable.enumerated() {
            guard let kept, problem.model.variables[kept.index].bounds.upperBound > problem.model.variables[kept.index].bounds.lowerBound else { continue }
            let bounds = problem.model.variables[kept.index].bounds
            keptArc[index] = arcs.count
            greedyArcs.append((arcs.count, index))
            arcs.append(.init(from: expertNode[pairs[index].expert], to: requestNode[pairs[index].request],
                              capacity: bounds.upperBound - bounds.lowerBound, cost: -(pairs[index].value + penalty)))
        }
        for index in added {
            pairArc[index] = arcs.count
            greedyArcs.append((arcs.count, index))
            arcs.append(arc(index))
        }
        let flow = greedyFlow(problem, arcs: arcs, candidates: greedyArcs,
                              capacityArc: capacityArc, outArc: outArc, restArc: restArc)
        guard var network = NetworkSimplex(nodes: rootArcs.count, arcs: arcs, rootArcs: rootArcs, flow: flow)
                ?? NetworkSimplex(nodes: rootArcs.count, arcs: arcs, rootArcs: rootArcs) else { return nil }
        var violating: [(rc: Double, index: Int)] = []
        while true {
            guard network.solve() else { return nil }
            added.removeAll(keepingCapacity: true)
            for range in problem.pairRanges where !range.isEmpty {
                violating.removeAll(keepingCapacity: true)
                let requestPotential = network.potential(requestNode[pairs[range.lowerBound].request])
                for index in range where pairArc[index] < 0 && priced(index) {
                    let pair = pairs[index]
                    // Reduced cost of the pair arc: -w + pi(expert) - pi(request); negative improves.
                    let rc = -pair.value + network.potential(expertNode[pair.expert]) - requestPotential
                    if rc < -1e-9 * max(1, pair.value) { violating.append((rc, index)) }
                }
                if violating.count > pairsAddedPerRequest {
                    violating.sort { ($0.rc, $0.index) < ($1.rc, $1.index) }
                    violating.removeLast(violating.count - pairsAddedPerRequest)
                }
                added.append(contentsOf: violating.map(\.index))
            }
            if added.isEmpty { return (network, pairArc, keptArc) }
            var next = network.arcs.count
            for index in added {
                pairArc[index] = next
                next += 1
            }
            network.add(added.map(arc))
        }
    }

    /// A feasible flow to start from: pairs by value (highest first, then input order), each given
    /// all the hours its expert and its request still have. Every pair used fills its expert or its
    /// request, so the pairs with flow form a forest and each of its trees has at most one node
    /// left partly filled: the free arcs are a forest, as the network simplex's starting tree needs.
    static func greedyFlow(_ problem: AllocationProblem, arcs: [NetworkSimplex.Arc], candidates: [(arc: Int, pair: Int)],
                           capacityArc: [Int], outArc: [Int], restArc: [Int]) -> [Double] {
        let pairs = problem.pairs
        var flow = [Double](repeating: 0, count: arcs.count)
        // What the arcs have left once the pins' floors are sent (their capacities).
        var expertLeft = capacityArc.map { $0 >= 0 ? arcs[$0].capacity : 0 }
        let requestRoom = problem.scenario.requests.indices.map { r in
            outArc[r] < 0 ? 0 : arcs[outArc[r]].capacity + (restArc[r] >= 0 ? arcs[restArc[r]].capacity : 0)
        }
        var requestLeft = requestRoom
        // By value per hour (-cost), highest first, then arc order. A kept arc may fill itself
        // instead of its expert or request: then it rests at its upper bound, out of the tree.
        let order = candidates.filter { arcs[$0.arc].cost < 0 }.sorted { (-arcs[$0.arc].cost, $1.arc) > (-arcs[$1.arc].cost, $0.arc) }
        for (a, index) in order {
            let pair = pairs[index]
            let hours = min(expertLeft[pair.expert], requestLeft[pair.request], arcs[a].capacity)
            guard hours > 0, capacityArc[pair.expert] >= 0 else { continue }
            expertLeft[pair.expert] -= hours
            requestLeft[pair.request] -= hours
            flow[a] = hours
            flow[capacityArc[pair.expert]] += hours
        }
        // Requests send their hours on to the root: the minimum-service arc first, then the rest.
        for r in problem.scenario.requests.indices where outArc[r] >= 0 {
            let total = requestRoom[r] - requestLeft[r]
            let first = min(total, arcs[outArc[r]].capacity)
            flow[outArc[r]] = first
            if restArc[r] >= 0 { flow[restArc[r]] = total - first }
        }
        return flow
    }
}
