/// Primal network simplex for a minimum-cost circulation (all supplies zero, arc flows within
/// [0, capacity]). It keeps a spanning tree rooted at node 0 and ends with an optimal flow *and*
/// the optimal tree: the basis that GLPK is then handed as a warm start (see FlowBasis.swift).
/// The leaving arc follows Cunningham's rule, which rules out cycling once the tree is strongly
/// feasible.
struct NetworkSimplex {
    struct Arc {
        var from: Int
        var to: Int
        var capacity: Double  // may be .infinity
        var cost: Double
    }

    /// Everything a pivot reads or writes about one node, in one 64-byte record (one cache line):
    /// the subtree walk of a pivot touches each moved node once.
    struct Node {
        var potential = 0.0
        var parent = -1
        /// The tree arc between the node and its parent.
        var parentArc = -1
        /// Children as doubly linked sibling lists (O(1) to detach and attach, no allocations).
        var firstChild = -1
        var nextSibling = -1
        var previousSibling = -1
        /// For finding a pivot's join: 2 * stamp (+1 on the second side) when a side passed here,
        /// and the node's position in that side's path.
        var mark = 0
        var pathIndex = 0
    }

    private(set) var arcs: [Arc]
    private(set) var flow: [Double]
    /// Whether each arc is in the spanning tree.
    private(set) var inTree: [Bool]
    private var nodes: [Node]
    private var stamp = 0
    /// The two sides of the pivot cycle (kept, so a pivot allocates nothing).
    private var firstPath: [Int] = []
    private var secondPath: [Int] = []
    /// Pivots made so far (all calls of `solve`).
    private(set) var pivots = 0

    func potential(_ node: Int) -> Double { nodes[node].potential }

    /// Builds the problem from a feasible starting flow (zero by default). `rootArcs[v]` must be an
    /// arc between node v and the root 0. The starting tree holds every arc strictly between its
    /// bounds, which must form a forest (true of a greedy flow that fills an expert or a request
    /// with every pair it uses), and, for each component without such an arc to the root, the root
    /// arc of its first node; every other arc rests at a bound. With zero flow this is the star of
    /// root arcs. Returns nil when the flow is not feasible or its free arcs close a cycle.
    init?(nodes count: Int, arcs: [Arc], rootArcs: [Int], flow startingFlow: [Double]? = nil) {
        self.arcs = arcs
        let flow = startingFlow ?? [Double](repeating: 0, count: arcs.count)
        self.flow = flow
        inTree = [Bool](repeating: false, count: arcs.count)
        nodes = [Node](repeating: Node(), count: count)
        guard flow.count == arcs.count, rootArcs.count == count else { return nil }
        // Union-find over the free arcs: a cycle means the flow is not a tree solution.
        var component = Array(0..<count)
        func find(_ v: Int) -> Int {
            var v = v
            while component[v] != v { component[v] = component[component[v]]; v = component[v] }
            return v
        }
        var incident = [[Int]](repeating: [], count: count)
        for (a, arc) in arcs.enumerated() {
            let f = flow[a]
            guard f >= 0, f <= arc.capacity else { return nil }
            guard f > 0, f < arc.capacity else { continue }
            let (x, y) = (find(arc.from), find(arc.to))
            guard x != y else { return nil }
            component[x] = y
            inTree[a] = true
            incident[arc.from].append(a)
            incident[arc.to].append(a)
        }
        for v in 1..<count where find(v) != find(0) {
            let a = rootArcs[v]
            component[find(v)] = find(0)
            inTree[a] = true
            incident[v].append(a)
            incident[0].append(a)
        }
        // Hang the tree from the root: parents and potentials (tree arcs have reduced cost 0).
        var stack = [0]
        var seen = [Bool](repeating: false, count: count)
        seen[0] = true
        while let u = stack.popLast() {
            for a in incident[u].reversed() {
                let arc = arcs[a]
                let v = arc.from == u ? arc.to : arc.from
                guard !seen[v] else { continue }
                seen[v] = true
                nodes[v].parent = u
                nodes[v].parentArc = a
                nodes[v].potential = arc.from == v ? nodes[u].potential - arc.cost : nodes[u].potential + arc.cost
                attach(v, to: u)
                stack.append(v)
            }
        }
    }

    /// How far a non-tree arc's flow can rise (`up`) and fall (`down`) with the tree kept: the
    /// change closes its cycle through the tree path between the arc's ends, and the first tree arc
    /// to reach a bound stops it (the ranging of the arc's bound in the simplex sense; infinity
    /// when nothing stops it). Only for an arc from the root, as an expert's hours arc is.
    func treeRange(ofRootArc a: Int) -> (up: Double, down: Double) {
        var up = Double.infinity, down = Double.infinity
        // Flow entering the arc's head returns to the root along the tree path.
        var v = arcs[a].to
        while v != 0, nodes[v].parent >= 0 {
            let t = nodes[v].parentArc
            let along = arcs[t].from == v  // pushing toward the root runs along the arc
            let room = arcs[t].capacity - flow[t], back = flow[t]
            up = min(up, along ? room : back)
            down = min(down, along ? back : room)
            v = nodes[v].parent
        }
        return (up, down)
    }

    /// Adds arcs at their lower bound (zero flow, out of the tree): the tree and flow stay feasible,
    /// so `solve` continues from where it stopped. Used to price a large arc set in rounds.
    mutating func add(_ newArcs: [Arc]) {
        arcs.append(contentsOf: newArcs)
        flow.append(contentsOf: repeatElement(0, count: newArcs.count))
        inTree.append(contentsOf: repeatElement(false, count: newArcs.count))
    }

    /// c(a) + pi(from) - pi(to): negative means more flow would lower the cost.
    @inline(__always) private func reducedCost(_ a: Int) -> Double {
        arcs[a].cost + nodes[arcs[a].from].potential - nodes[arcs[a].to].potential
    }

    /// Runs to optimality. Returns false if a pivot limit was hit (numerical trouble).
    mutating func solve(tolerance: Double = 1e-9, maximumPivots: Int = 50_000_000) -> Bool {
        let blockSize = max(64, Int(0.3 * Double(arcs.count).squareRoot()))  // 0.3: measured best of 0.03 to 10 on L and XL
        var next = 0
        var pivots = 0
        while pivots < maximumPivots {
            let entering: Int
            (entering, next) = price(from: next, blockSize: blockSize, tolerance: tolerance)
            guard entering >= 0 else { return true }
            pivot(entering)
            pivots += 1
            self.pivots += 1
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
                    nodes.withUnsafeBufferPointer { nodes in
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
                                if arc.capacity <= 0 { continue }  // fixed at 0 (a pin's arc with no room left): never enters
                                let rc = arc.cost + nodes[arc.from].potential - nodes[arc.to].potential
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
    /// blocking arc met when walking the cycle in that direction from the join (Cunningham's rule).
    private mutating func pivot(_ entering: Int) {
        let arc = arcs[entering]
        let forward = reducedCost(entering) < 0  // more flow on the arc; else less (it is at its upper bound)
        let (first, second) = forward ? (arc.from, arc.to) : (arc.to, arc.from)
        findJoin(first, second)
        // Room on each arc of the cycle, in walking order from the join.
        enum Side { case first, entering, second }
        var delta = Double.infinity
        var leaving = -1, leavingNode = -1
        var side = Side.entering
        func consider(_ room: Double, _ a: Int, _ node: Int, _ where_: Side) {
            if room <= delta { (delta, leaving, leavingNode, side) = (room, a, node, where_) }
        }
        for w in firstPath.reversed() {  // join down to first: push parent -> w
            let a = nodes[w].parentArc
            consider(arcs[a].to == w ? arcs[a].capacity - flow[a] : flow[a], a, w, .first)
        }
        consider(forward ? arc.capacity - flow[entering] : flow[entering], entering, -1, .entering)
        for w in secondPath {  // second up to join: push w -> parent
            let a = nodes[w].parentArc
            consider(arcs[a].from == w ? arcs[a].capacity - flow[a] : flow[a], a, w, .second)
        }
        if delta.isInfinite { delta = 0 }  // an uncapacitated cycle of negative cost cannot occur here
        if delta > 0 {
            flow[entering] += forward ? delta : -delta
            for w in firstPath {
                let a = nodes[w].parentArc
                flow[a] += arcs[a].to == w ? delta : -delta
            }
            for w in secondPath {
                let a = nodes[w].parentArc
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

    /// Fills `firstPath` and `secondPath` with the nodes from `first` (and from `second`) up to
    /// their deepest common ancestor, exclusive. Both sides climb in turn and mark what they pass;
    /// the first node already marked by the other side is the join. No depths are kept, so a
    /// pivot only has to shift the potentials of the subtree it moves.
    private mutating func findJoin(_ first: Int, _ second: Int) {
        firstPath.removeAll(keepingCapacity: true)
        secondPath.removeAll(keepingCapacity: true)
        stamp += 1
        let (markFirst, markSecond) = (2 * stamp, 2 * stamp + 1)
        var u = first, v = second
        nodes[u].mark = markFirst
        nodes[u].pathIndex = 0
        nodes[v].mark = markSecond
        nodes[v].pathIndex = 0
        while true {
            if u != 0 && climb(&u, first: true, mark: markFirst, other: markSecond) { return }
            if v != 0 && climb(&v, first: false, mark: markSecond, other: markFirst) { return }
        }
    }

    /// One step up from `node` for one side of `findJoin` (the first path or the second); true when
    /// it reached the other side's path (the join), which is then cut back to the nodes below it.
    @inline(__always) private mutating func climb(_ node: inout Int, first: Bool, mark: Int, other: Int) -> Bool {
        if first { firstPath.append(node) } else { secondPath.append(node) }
        node = nodes[node].parent
        if nodes[node].mark == other {
            let keep = nodes[node].pathIndex
            if first { secondPath.removeLast(secondPath.count - keep) } else { firstPath.removeLast(firstPath.count - keep) }
            return true
        }
        nodes[node].mark = mark
        nodes[node].pathIndex = first ? firstPath.count : secondPath.count
        return false
    }

    @inline(__always) private mutating func attach(_ child: Int, to node: Int) {
        let head = nodes[node].firstChild
        nodes[child].nextSibling = head
        nodes[child].previousSibling = -1
        if head >= 0 { nodes[head].previousSibling = child }
        nodes[node].firstChild = child
    }

    @inline(__always) private mutating func detach(_ child: Int, from node: Int) {
        let before = nodes[child].previousSibling, after = nodes[child].nextSibling
        if before >= 0 { nodes[before].nextSibling = after } else { nodes[node].firstChild = after }
        if after >= 0 { nodes[after].previousSibling = before }
        nodes[child].nextSibling = -1
        nodes[child].previousSibling = -1
    }

    /// Reverses the parent pointers on the path newRoot -> ... -> subtreeTop, hangs newRoot from
    /// attachTo via the entering arc, and shifts the potentials of the moved subtree by one
    /// constant (its tree arcs keep reduced cost 0; the entering arc gets reduced cost 0).
    private mutating func reroot(subtreeTop: Int, newRoot: Int, attachTo: Int, via entering: Int) {
        let rc = reducedCost(entering)
        let shift = arcs[entering].to == newRoot ? rc : -rc
        detach(subtreeTop, from: nodes[subtreeTop].parent)
        var node = newRoot
        var newParentNode = attachTo
        var newArc = entering
        while true {
            let oldParent = nodes[node].parent
            let oldArc = nodes[node].parentArc
            if node != subtreeTop { detach(node, from: oldParent) }
            nodes[node].parent = newParentNode
            nodes[node].parentArc = newArc
            attach(node, to: newParentNode)
            if node == subtreeTop { break }
            newParentNode = node
            newArc = oldArc
            node = oldParent
        }
        // Preorder walk of the subtree without a stack: down to the first child, else on to the
        // next sibling, climbing back up as far as needed.
        nodes.withUnsafeMutableBufferPointer { nodes in
            var w = newRoot
            while true {
                nodes[w].potential += shift
                if nodes[w].firstChild >= 0 {
                    w = nodes[w].firstChild
                    continue
                }
                while w != newRoot && nodes[w].nextSibling < 0 { w = nodes[w].parent }
                if w == newRoot { return }
                w = nodes[w].nextSibling
            }
        }
    }
}
