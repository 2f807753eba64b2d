import LinearProgramming
import Scenarios
import Testing
@testable import Allocation

/// The fast path (network simplex, then GLPK warm-started from its optimal tree) against the
/// plain path (GLPK's cold primal simplex) and against docs/scenario-format.md's formulation as written.
@Suite("Allocation: the flow-basis fast path")
struct FastPathTests {
    static let week = ISOWeek(year: 2026, week: 48)!

    /// docs/scenario-format.md's LP as written: rows without the extra bounds kam adds, short(r) >= 0 unbounded.
    static func specModel(_ problem: AllocationProblem) -> LinearModel {
        specModelAndHours(problem, hoursOf: { problem.capacity[$0] }).model
    }

    /// The same, with each expert's hours from `hoursOf`, and the x(e, r) of each pair.
    static func specModelAndHours(_ problem: AllocationProblem, hoursOf: (Int) -> Double) -> (model: LinearModel, x: [VariableID]) {
        let scenario = problem.scenario
        let policy = scenario.policy.allocation
        var model = LinearModel(sense: .maximize)
        let x = problem.pairs.map { model.addVariable(objective: $0.value) }
        for e in scenario.experts.indices {
            let terms = problem.pairs.indices.filter { problem.pairs[$0].expert == e }.map { (x[$0], 1.0) }
            if !terms.isEmpty { model.addConstraint(terms, bounds: .upper(hoursOf(e))) }
        }
        for (r, request) in scenario.requests.enumerated() {
            let terms = problem.pairRanges[r].map { (x[$0], 1.0) }
            if !terms.isEmpty { model.addConstraint(terms, bounds: .upper(request.hours)) }
            if let level = problem.minimum[r] {
                let tier = problem.tiers[problem.accountOfRequest[r]].tier
                let short = model.addVariable(objective: -policy.shortfallPenalty * policy.tierWeight[tier, default: 0])
                model.addConstraint(terms + [(short, 1.0)], bounds: .lower(level))
            }
        }
        return (model, x)
    }

    @Test("Fast and plain paths reach the same optimum; the fast one starts GLPK at the optimum",
          arguments: [(1, 3000, 80), (2, 5000, 120), (3, 2000, 40), (4, 8000, 200)] as [(UInt64, Int, Int)])
    func agree(seed: UInt64, customers: Int, experts: Int) throws {
        let scenario = ScenarioGenerator(customers: customers, experts: experts, seed: seed, week: Self.week).generate()
        let problem = AllocationProblem(scenario)
        #expect(problem.binaryCount == 0)
        let fast = try Allocator.solution(problem, options: AllocationOptions(warmStart: true))
        let plain = try Allocator.solution(problem, options: AllocationOptions(warmStart: false))
        #expect(fast.status == .optimal && plain.status == .optimal)
        #expect(fast.warmStarted && !plain.warmStarted)
        #expect(abs(fast.objective - plain.objective) <= 1e-9 * max(1, abs(plain.objective)), "\(fast.objective) vs \(plain.objective)")
        #expect(fast.iterations <= 10, "GLPK needed \(fast.iterations) iterations from the flow basis")
        // The spec's formulation, solved cold, has the same optimum: kam's extra bounds cut off nothing optimal.
        let spec = try LinearProgramming.solve(Self.specModel(problem))
        #expect(abs(spec.objective - plain.objective) <= 1e-9 * max(1, abs(plain.objective)))
        // Both plans respect every constraint; hours are integral (integral data, a network LP).
        let plan = try Allocator.plan(problem, fast)
        GeneratedScenarioTests.checkConstraints(scenario, problem, plan)
        #expect(plan.assignments.allSatisfy { $0.hours == $0.hours.rounded() })
        #expect(plan.experts.allSatisfy { $0.shadowPrice >= 0 })
    }

    @Test("Network simplex on the transportation example: optimal flow and tree")
    func transportation() {
        // Root 0; supplies A (1), B (2) as arcs root -> A/B with capacity 30 each; demands X (3),
        // Y (4), Z (5) as arcs to the root with capacity 10, 25, 15 and a large profit (-100 cost) to
        // make them worth serving; routes cost 2, 3, 1 (A) and 5, 4, 8 (B). Optimum as in the LP test:
        // A -> X 10, A -> Y 5, A -> Z 15, B -> Y 20; cost 130 - 100 * 50.
        let arcs = Self.transportationArcs()
        var network = NetworkSimplex(nodes: 6, arcs: arcs, rootArcs: [-1, 0, 1, 2, 3, 4])!
        let solved = network.solve()
        #expect(solved)
        let routes = (5..<11).map { network.flow[$0] }
        #expect(routes == [10, 5, 15, 0, 20, 0])
        let cost = zip(arcs, network.flow).reduce(0.0) { $0 + $1.0.cost * $1.1 }
        #expect(cost == 130 - 5000)
        #expect(network.inTree.filter { $0 }.count == 5)  // a spanning tree of 6 nodes
    }

    /// The transportation example's arcs: 0-1 root -> A/B, 2-4 X/Y/Z -> root, 5-10 the routes A->X..B->Z.
    static func transportationArcs() -> [NetworkSimplex.Arc] {
        var arcs: [NetworkSimplex.Arc] = [
            .init(from: 0, to: 1, capacity: 30, cost: 0), .init(from: 0, to: 2, capacity: 30, cost: 0),
            .init(from: 3, to: 0, capacity: 10, cost: -100), .init(from: 4, to: 0, capacity: 25, cost: -100),
            .init(from: 5, to: 0, capacity: 15, cost: -100),
        ]
        let costs = [[2.0, 3, 1], [5.0, 4, 8]]
        for i in 0..<2 { for j in 0..<3 { arcs.append(.init(from: 1 + i, to: 3 + j, capacity: .infinity, cost: costs[i][j])) } }
        return arcs
    }

    @Test("Started from a greedy flow, the network simplex reaches the same optimum in fewer pivots")
    func greedyStart() {
        let arcs = Self.transportationArcs()
        // A greedy flow by route cost: A -> Z 15 (cost 1), A -> X 10 (cost 2), then B -> Y 25 (A has 5
        // left, Y takes all 25 from B). Free arcs (strictly inside their bounds): root -> A (25 of 30),
        // A -> X, A -> Z, root -> B (25 of 30), B -> Y; X, Y, Z are full. No cycle: a starting tree.
        var flow = [Double](repeating: 0, count: arcs.count)
        flow[0] = 25; flow[5] = 10; flow[7] = 15   // A: X 10, Z 15 (A has 5 left: root -> A free)
        flow[1] = 25; flow[9] = 25                 // B: Y 25 (Y full)
        flow[2] = 10; flow[3] = 25; flow[4] = 15   // X, Y, Z full
        var greedy = NetworkSimplex(nodes: 6, arcs: arcs, rootArcs: [-1, 0, 1, 2, 3, 4], flow: flow)!
        var star = NetworkSimplex(nodes: 6, arcs: arcs, rootArcs: [-1, 0, 1, 2, 3, 4])!
        #expect(greedy.solve() && star.solve())
        // The optimum (cost 130 - 5000): A -> X 10, A -> Y 5, A -> Z 15, B -> Y 20.
        #expect((5..<11).map { greedy.flow[$0] } == [10, 5, 15, 0, 20, 0])
        #expect(greedy.pivots < star.pivots, "greedy \(greedy.pivots) pivots, star \(star.pivots)")
        #expect(greedy.inTree.filter { $0 }.count == 5)
    }

    @Test("A starting flow that is not a tree solution is refused (free arcs in a cycle, or out of bounds)")
    func startingFlowChecked() {
        let arcs = Self.transportationArcs()
        // A -> X 5 and B -> X 5: root -> A, A -> X, B -> X, root -> B are all strictly inside their bounds: a cycle.
        var cycle = [Double](repeating: 0, count: arcs.count)
        cycle[0] = 5; cycle[1] = 5; cycle[5] = 5; cycle[8] = 5; cycle[2] = 10
        #expect(NetworkSimplex(nodes: 6, arcs: arcs, rootArcs: [-1, 0, 1, 2, 3, 4], flow: cycle) == nil)
        var over = [Double](repeating: 0, count: arcs.count)
        over[0] = 31; over[5] = 31  // root -> A above its 30
        #expect(NetworkSimplex(nodes: 6, arcs: arcs, rootArcs: [-1, 0, 1, 2, 3, 4], flow: over) == nil)
        #expect(NetworkSimplex(nodes: 6, arcs: arcs, rootArcs: [-1, 0, 1, 2, 3, 4], flow: [0]) == nil)
    }
}

@Suite("Allocation: fast path edge cases")
struct FastPathEdgeTests {
    @Test("Fractional hours with a minimum above the hours (ceil(1.0 * 7.5) = 8): fast, plain and spec agree")
    func minimumAboveHours() throws {
        // e1 (5 h) and e2 (0.5 h) both go to rP (platinum, 7.5 h, w = 4): 5.5 h give 22. The minimum is
        // ceil(1.0 * 7.5) = 8, so 2.5 h are short: 100 * 4 * 2.5 = 1000. Objective 22 - 1000 = -978.
        // rQ (gold) gets nothing: an hour on rP is worth 4 + 400.
        var book = Book()
        book.scenario.policy.allocation.minimumService = [.platinum: 1]
        book.account("P", .platinum)
        book.account("G", .gold)
        book.expert("e1", hours: 5, ["network": 1])
        book.expert("e2", hours: 0.5, ["network": 1])
        book.request("rP", "P", "network", hours: 7.5)
        book.request("rQ", "G", "network", hours: 2.5)
        let problem = AllocationProblem(book.scenario)
        let fast = try Allocator.solution(problem, options: AllocationOptions(warmStart: true))
        let plain = try Allocator.solution(problem, options: AllocationOptions(warmStart: false))
        let spec = try LinearProgramming.solve(FastPathTests.specModel(problem))
        #expect(abs(fast.objective - -978) < 1e-9 && abs(plain.objective - -978) < 1e-9 && abs(spec.objective - -978) < 1e-9)
        #expect(fast.warmStarted)
    }
}
