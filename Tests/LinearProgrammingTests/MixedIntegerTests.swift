import TestSupport
import Synchronization
import Testing
@testable import LinearProgramming

@Suite("Mixed-integer programs")
struct MixedIntegerTests {
    @Test("0-1 knapsack reaches the optimum found by enumerating all 32 subsets")
    func knapsack() throws {
        // Independent check: enumerate every subset of the 5 items.
        var best = 0.0
        var bestItems: [Int] = []
        for mask in 0..<32 {
            let chosen = (0..<5).filter { mask & (1 << $0) != 0 }
            let weight = chosen.reduce(0.0) { $0 + Fixtures.knapsackWeights[$1] }
            let value = chosen.reduce(0.0) { $0 + Fixtures.knapsackValues[$1] }
            if weight <= Fixtures.knapsackCapacity && value > best { (best, bestItems) = (value, chosen) }
        }
        #expect(best == 26)  // items 0, 2, 4: weight 5 + 3 + 4 = 12, value 10 + 7 + 9
        let (model, items) = Fixtures.knapsack()
        let solution = try solve(model)
        #expect(solution.status == .optimal)
        #expect(close(solution.objective, best))
        #expect(items.indices.filter { solution[items[$0]] > 0.5 } == bestItems)
        #expect(solution.values.allSatisfy { $0 == 0 || $0 == 1 })
        #expect(solution.mipGap == 0)
        #expect(solution.bestBound == solution.objective)
    }

    @Test("Cutting planes change the search, not the optimum")
    func cuts() throws {
        var options = SolveOptions()
        options.cuts = true
        let solution = try solve(Fixtures.knapsack().model, options: options)
        #expect(solution.status == .optimal && close(solution.objective, 26))
    }

    @Test("MIP duals come from the LP with the integer variables fixed")
    func fixedDuals() throws {
        // min 3 open + 2 ship  s.t. ship >= 4 (demand), ship - 10 open <= 0 (only when open), open binary.
        // Optimum: open = 1, ship = 4, cost 11. With open fixed at 1 the LP's demand dual is 2 (one more
        // unit shipped costs 2) and the link row has slack (dual 0).
        var model = LinearModel(sense: .minimize)
        let open = model.addVariable("open", kind: .binary, objective: 3)
        let ship = model.addVariable("ship", objective: 2)
        let demand = model.addConstraint("demand", [(ship, 1)], bounds: .lower(4))
        let link = model.addConstraint("link", [(ship, 1), (open, -10)], bounds: .upper(0))
        let solution = try solve(model)
        #expect(solution.status == .optimal)
        #expect(close(solution.objective, 11))
        #expect(solution[open] == 1 && solution[ship] == 4)
        #expect(close(solution.dual(demand)!, 2))
        #expect(close(solution.dual(link)!, 0))
    }

    @Test("General integers: max x + y with 2x + 2y <= 7 has optimum 3, not the LP's 3.5")
    func integers() throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addVariable("x", bounds: .range(0, 10), kind: .integer, objective: 1)
        let y = model.addVariable("y", bounds: .range(0, 10), kind: .integer, objective: 1)
        model.addConstraint("c", [(x, 2), (y, 2)], bounds: .upper(7))
        let solution = try solve(model, options: SolveOptions(presolve: true))
        #expect(solution.status == .optimal)
        #expect(solution.objective == 3)
    }

    @Test("An infeasible MIP: 2x = 3 with x integer")
    func infeasibleMIP() throws {
        var model = LinearModel(sense: .minimize)
        let x = model.addVariable("x", bounds: .range(0, 5), kind: .integer, objective: 1)
        model.addConstraint("odd", [(x, 2)], bounds: .fixed(3))
        let solution = try solve(model)
        #expect(solution.status == .infeasible)
        #expect(!solution.hasValues)
    }

    @Test("A MIP whose relaxation is unbounded is reported unbounded")
    func unboundedMIP() throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addVariable("x", kind: .integer, objective: 1)
        let y = model.addVariable("y", objective: 1)
        model.addConstraint("c", [(x, 1), (y, -1)], bounds: .upper(0))
        #expect(try solve(model).status == .unbounded)
    }

    @Test("A MIP stopped by its time limit returns the best incumbent and its gap")
    func timeLimit() throws {
        let model = Fixtures.hardKnapsack()
        let solution = try solve(model, options: SolveOptions(timeLimit: 1.0))
        #expect(solution.status == .timeLimit)
        #expect(solution.hasValues)
        #expect(solution.wallTime < 10)
        // The incumbent is a real 0-1 point inside every constraint, and its objective adds up.
        #expect(solution.values.allSatisfy { $0 == 0 || $0 == 1 })
        for constraint in model.constraints {
            let activity = constraint.terms.reduce(0) { $0 + $1.coefficient * solution[$1.variable] }
            #expect(activity <= constraint.bounds.upperBound + 1e-9)
        }
        let objective = model.variables.indices.reduce(0) { $0 + model.variables[$1].objective * solution.values[$1] }
        #expect(close(solution.objective, objective))
        let gap = try #require(solution.mipGap)
        #expect(gap > 0 && gap < 0.5)
        let bound = try #require(solution.bestBound)
        #expect(bound >= solution.objective)
        #expect(solution.nodes > 0)
    }

    @Test("The progress callback sees incumbents and can stop the search")
    func progressStops() throws {
        let seen = Mutex<[MIPProgress]>([])
        let options = SolveOptions(timeLimit: 30) { progress in
            seen.withLock { $0.append(progress) }
            return progress.incumbent != nil ? .stop : .proceed
        }
        let solution = try solve(Fixtures.hardKnapsack(), options: options)
        #expect(solution.status == .feasible)
        #expect(solution.hasValues)
        #expect(solution.wallTime < 10)
        let reports = seen.withLock { $0 }
        let last = try #require(reports.last)
        #expect(last.incumbent != nil)
        #expect(close(last.incumbent!, solution.objective))
        #expect(last.gap != nil && last.bound != nil && last.bound! >= last.incumbent!)
    }

    @Test("Interior point is refused for a MIP with a clear message")
    func interiorRefused() {
        #expect(throws: LinearProgrammingError.invalidOptions([
            "interior point solves LPs only; this model has integer variables (use primal or dual simplex)",
        ])) {
            try solve(Fixtures.knapsack().model, options: SolveOptions(method: .interiorPoint))
        }
    }
}
