/// Primal network simplex for a minimum-cost circulation (all supplies zero, arc flows within
/// [0, capacity]). It keeps a spanning tree rooted at node 0 (a strongly feasible tree, so
/// degenerate pivots cannot cycle) and ends with an optimal flow *and* the optimal tree: the
/// basis that GLPK is then handed as a warm start (see FlowBasis.swift).
struct NetworkSimplex {
    struct Arc {
        var from: Int
        var to: Int
        var capacity: Double  // may be .infinity
        var cost: Double
    }

    private(set) var arcs: [Arc]
    let nodeCount: Int
    private(set) var flow: [Double]
    /// Whether each arc is in the spanning tree.
    private(set) var inTree: [Bool]
    private(set) var potential: [Double]

    // Tree structure: parent node, the arc to the parent, and whether that arc points up (child -> parent).
    private var parent: [Int]
    private var parentArc: [Int]
    private var depth: [Int]
    /// Children as doubly linked sibling lists (O(1) to detach and attach, no allocations).
    private var firstChild: [Int]
    private var nextSibling: [Int]
    private var previousSibling: [Int]
    /// Scratch stack for subtree walks, and the two sides of the pivot cycle (kept, so a pivot allocates nothing).
    private var stack: [Int] = []
    private var firstPath: [Int] = []
    private var secondPath: [Int] = []

    /// Builds the problem with an initial tree of one arc per non-root node; `treeArcs[v]` must
    /// be an arc between node v and the root 0, with zero flow (a feasible start).
    init(nodes: Int, arcs: [Arc], treeArcs: [Int]) {
        nodeCount = nodes
        self.arcs = arcs
        flow = [Double](repeating: 0, count: arcs.count)
        inTree = [Bool](repeating: false, count: arcs.count)
        potential = [Double](repeating: 0, count: nodes)
        parent = [Int](repeating: -1, count: nodes)
        parentArc = [Int](repeating: -1, count: nodes)
        depth = [Int](repeating: 0, count: nodes)
        firstChild = [Int](repeating: -1, count: nodes)
        nextSibling = [Int](repeating: -1, count: nodes)
        previousSibling = [Int](repeating: -1, count: nodes)
        // Star tree: every node hangs from the root.
        for v in 1..<nodes {
            let a = treeArcs[v]
            parent[v] = 0
            parentArc[v] = a
            depth[v] = 1
            inTree[a] = true
            // Potential so that the tree arc's reduced cost is 0: c + pi(from) - pi(to) = 0.
            potential[v] = arcs[a].from == v ? -arcs[a].cost : arcs[a].cost
        }
        for v in stride(from: nodes - 1, to: 0, by: -1) { attach(v, to: 0) }
    }

    /// c(a) + pi(from) - pi(to): negative means more flow would lower the cost.
    @inline(__always) private func reducedCost(_ a: Int) -> Double {
        arcs[a].cost + potential[arcs[a].from] - potential[arcs[a].to]
    }

    /// Runs to optimality. Returns false if a pivot limit was hit (numerical trouble).
    mutating func solve(tolerance: Double = 1e-9, maximumPivots: Int = 50_000_000) -> Bool {
        let blockSize = max(64, Int(0.3 * Double(arcs.count).squareRoot()))  // 0.3: measured best of 0.03 to 3 on L and XL
        var next = 0
        var pivots = 0
        while pivots < maximumPivots {
            let entering: Int
            (entering, next) = price(from: next, blockSize: blockSize, tolerance: tolerance)
            guard entering >= 0 else { return true }
            pivot(entering)
            pivots += 1
        }
        return false
    }

    /// Block search pricing: from arc `start` on, block by block, the most violating arc of the first
    /// block that has one (-1 when no arc violates: optimal), and where the next search starts.
    /// The hot loop of the solver, so it reads the arrays through unsafe buffers (no bounds checks).
    private func price(from start: Int, blockSize: Int, tolerance: Double) -> (entering: Int, next: Int) {
        arcs.withUnsafeBufferPointer { arcs in
            inTree.withUnsafeBufferPointer { inTree in
                flow.withUnsafeBufferPointer { flow in
                    potential.withUnsafeBufferPointer { potential in
                        let count = arcs.count
                        var next = start, scanned = 0, entering = -1, best = 0.0
                        while scanned < count {
                            let end = min(scanned + blockSize, count)
                            while scanned < end {
                                let a = next
                                next += 1
                                if next == count { next = 0 }
                                scanned += 1
                                if inTree[a] { continue }
                                let arc = arcs[a]
                                let rc = arc.cost + potential[arc.from] - potential[arc.to]
                                let f = flow[a]
                                let violation = f <= 0 ? -rc : (f >= arc.capacity ? rc : abs(rc))
                                if violation > best + tolerance * max(1, abs(arc.cost)) {
                                    best = violation
                                    entering = a
                                }
                            }
                            if entering >= 0 { break }
                        }
                        return (entering, next)
                    }
                }
            }
        }
    }

    /// Sends flow around the cycle the entering arc closes and updates the tree.
    ///
    /// Flow goes along the entering arc from `first` to `second`, then back through the tree:
    /// up from `second` to the join, down from the join to `first`. The leaving arc is the last
    /// blocking arc met when walking the cycle in that direction from the join (Cunningham's rule
    /// for strongly feasible trees, which rules out cycling on degenerate pivots).
    private mutating func pivot(_ entering: Int) {
        let arc = arcs[entering]
        let forward = reducedCost(entering) < 0  // more flow on the arc; else less (it is at its upper bound)
        let (first, second) = forward ? (arc.from, arc.to) : (arc.to, arc.from)
        // Nodes from `first` (and from `second`) up to the join, exclusive.
        firstPath.removeAll(keepingCapacity: true)
        secondPath.removeAll(keepingCapacity: true)
        var u = first, v = second
        while u != v {
            if depth[u] >= depth[v] { firstPath.append(u); u = parent[u] } else { secondPath.append(v); v = parent[v] }
        }
        // Room on each arc of the cycle, in walking order from the join.
        enum Side { case first, entering, second }
        var delta = Double.infinity
        var leaving = -1, leavingNode = -1
        var side = Side.entering
        func consider(_ room: Double, _ a: Int, _ node: Int, _ where_: Side) {
            if room <= delta { (delta, leaving, leavingNode, side) = (room, a, node, where_) }
        }
        for w in firstPath.reversed() {  // join down to first: push parent -> w
            let a = parentArc[w]
            consider(arcs[a].to == w ? arcs[a].capacity - flow[a] : flow[a], a, w, .first)
        }
        consider(forward ? arc.capacity - flow[entering] : flow[entering], entering, -1, .entering)
        for w in secondPath {  // second up to join: push w -> parent
            let a = parentArc[w]
            consider(arcs[a].from == w ? arcs[a].capacity - flow[a] : flow[a], a, w, .second)
        }
        if delta.isInfinite { delta = 0 }  // an uncapacitated cycle of negative cost cannot occur here
        if delta > 0 {
            flow[entering] += forward ? delta : -delta
            for w in firstPath {
                let a = parentArc[w]
                flow[a] += arcs[a].to == w ? delta : -delta
            }
            for w in secondPath {
                let a = parentArc[w]
                flow[a] += arcs[a].from == w ? delta : -delta
            }
        }
        // Snap the leaving arc exactly onto the bound it reached.
        let bound = arcs[leaving].capacity
        flow[leaving] = bound.isFinite && abs(flow[leaving] - bound) < abs(flow[leaving]) ? bound : 0
        guard side != .entering else { return }  // the entering arc moved from bound to bound
        inTree[leaving] = false
        inTree[entering] = true
        let (newRoot, attachTo) = side == .first ? (first, second) : (second, first)
        reroot(subtreeTop: leavingNode, newRoot: newRoot, attachTo: attachTo, via: entering)
    }

    @inline(__always) private mutating func attach(_ child: Int, to node: Int) {
        let head = firstChild[node]
        nextSibling[child] = head
        previousSibling[child] = -1
        if head >= 0 { previousSibling[head] = child }
        firstChild[node] = child
    }

    @inline(__always) private mutating func detach(_ child: Int, from node: Int) {
        let before = previousSibling[child], after = nextSibling[child]
        if before >= 0 { nextSibling[before] = after } else { firstChild[node] = after }
        if after >= 0 { previousSibling[after] = before }
        nextSibling[child] = -1
        previousSibling[child] = -1
    }

    /// Reverses the parent pointers on the path newRoot -> ... -> subtreeTop, hangs newRoot from
    /// attachTo via the entering arc, and recomputes depth and potentials of the moved subtree.
    private mutating func reroot(subtreeTop: Int, newRoot: Int, attachTo: Int, via entering: Int) {
        detach(subtreeTop, from: parent[subtreeTop])
        var node = newRoot
        var newParentNode = attachTo
        var newArc = entering
        while true {
            let oldParent = parent[node]
            let oldArc = parentArc[node]
            if node != subtreeTop { detach(node, from: oldParent) }
            parent[node] = newParentNode
            parentArc[node] = newArc
            attach(node, to: newParentNode)
            if node == subtreeTop { break }
            newParentNode = node
            newArc = oldArc
            node = oldParent
        }
        // Tree arcs have zero reduced cost, so the whole moved subtree shifts by one constant;
        // depths change along the reversed path, so both are recomputed top-down.
        stack.removeAll(keepingCapacity: true)
        stack.append(newRoot)
        while let w = stack.popLast() {
            let p = parent[w]
            let a = parentArc[w]
            depth[w] = depth[p] + 1
            potential[w] = arcs[a].from == w ? potential[p] - arcs[a].cost : potential[p] + arcs[a].cost
            var child = firstChild[w]
            while child >= 0 {
                stack.append(child)
                child = nextSibling[child]
            }
        }
    }
}
