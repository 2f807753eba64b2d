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
public enum FlowBasis {
    /// The basis, or nil when the problem has binaries or the network simplex stalls.
    public static func basis(for problem: AllocationProblem) -> Basis? {
        guard problem.isPureNetwork else { return nil }
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
            arcs.append(.init(from: 0, to: expertNode[e], capacity: problem.capacity[e], cost: 0))
        }
        let pairBase = arcs.count
        for pair in problem.pairs {
            arcs.append(.init(from: expertNode[pair.expert], to: requestNode[pair.request], capacity: .infinity, cost: -pair.value))
        }
        var outArc = [Int](repeating: -1, count: scenario.requests.count)   // single arc, or A
        var restArc = [Int](repeating: -1, count: scenario.requests.count)  // B
        for (r, request) in scenario.requests.enumerated() where requestNode[r] > 0 {
            let node = requestNode[r]
            outArc[r] = arcs.count
            treeArc[node] = arcs.count
            if let level = problem.minimum[r] {
                let tier = problem.tiers[problem.accountOfRequest[r]].tier
                let penalty = policy.shortfallPenalty * policy.tierWeight[tier, default: 0]
                arcs.append(.init(from: node, to: 0, capacity: min(level, request.hours), cost: -penalty))
                if request.hours > level {
                    restArc[r] = arcs.count
                    arcs.append(.init(from: node, to: 0, capacity: request.hours - level, cost: 0))
                }
            } else {
                arcs.append(.init(from: node, to: 0, capacity: request.hours, cost: 0))
            }
        }
        var network = NetworkSimplex(nodes: nodes, arcs: arcs, treeArcs: treeArc)
        guard network.solve() else { return nil }

        // The tree as LP statuses.
        func nonbasic(flow: Double, capacity: Double) -> Basis.Status {
            capacity.isFinite && flow >= capacity && flow > 0 ? .atUpper : .atLower
        }
        var rows = [Basis.Status](repeating: .basic, count: problem.model.constraints.count)
        var columns = [Basis.Status](repeating: .atLower, count: problem.model.variables.count)
        for (index, variable) in problem.hoursVariable.enumerated() {
            let a = pairBase + index
            columns[variable.index] = network.inTree[a] ? .basic : .atLower
        }
        for e in scenario.experts.indices {
            guard let row = problem.capacityRow[e] else { continue }
            let a = capacityArc[e]
            rows[row.index] = network.inTree[a] ? .basic : nonbasic(flow: network.flow[a], capacity: arcs[a].capacity)
        }
        for (r, request) in scenario.requests.enumerated() {
            if requestNode[r] < 0 {
                // No candidates: the minimum row (if any) is basic at L, short fixed at L.
                if let short = problem.shortVariable[r] { columns[short.index] = .fixed }
                continue
            }
            let single = outArc[r]
            if let level = problem.minimum[r], let short = problem.shortVariable[r], let minimumRow = problem.minimumRow[r] {
                // short = L - flow(A): A at its upper bound means short at its lower bound.
                let fixedShort = max(0, level - request.hours) == level
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
        return Basis(rows: rows, columns: columns)
    }
}
