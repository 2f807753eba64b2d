import TestSupport
import Testing
@testable import LinearProgramming

@Suite("Linear programs")
struct LinearProgramTests {
    @Test("Wyndor Glass: optimum, values and duals", arguments: SolveOptions.Method.allCases)
    func wyndor(method: SolveOptions.Method) throws {
        let (model, x, y, rows) = Fixtures.wyndor()
        let solution = try solve(model, options: SolveOptions(method: method))
        #expect(solution.status == .optimal)
        #expect(solution.hasValues)
        #expect(close(solution.objective, 36))
        #expect(close(solution[x], 2, tolerance: 1e-6))
        #expect(close(solution[y], 6, tolerance: 1e-6))
        let duals = rows.map { solution.dual($0) ?? .nan }
        #expect(close(duals[0], 0, tolerance: 1e-6))
        #expect(close(duals[1], 1.5, tolerance: 1e-6))
        #expect(close(duals[2], 1, tolerance: 1e-6))
        #expect(close(solution.activity(rows[2]) ?? .nan, 18, tolerance: 1e-6))
    }

    @Test("Presolve gives the same optimum and duals")
    func presolve() throws {
        let (model, _, _, rows) = Fixtures.wyndor()
        let solution = try solve(model, options: SolveOptions(presolve: true))
        #expect(solution.status == .optimal)
        #expect(close(solution.objective, 36))
        #expect(close(solution.dual(rows[1]) ?? .nan, 1.5))
    }

    @Test("Transportation: cost, shipments, duals and reduced costs")
    func transportation() throws {
        let (model, routes, supplies, demands) = Fixtures.transportation()
        let solution = try solve(model)
        #expect(solution.status == .optimal)
        #expect(close(solution.objective, 130))
        let shipped = routes.map { $0.map { solution[$0] } }
        #expect(shipped == [[10, 5, 15], [0, 20, 0]])
        #expect(supplies.map { solution.dual($0)! }.elementsEqual([-1, 0], by: { close($0, $1) }))
        #expect(demands.map { solution.dual($0)! }.elementsEqual([3, 4, 2], by: { close($0, $1) }))
        #expect(close(solution.reducedCost(routes[1][0])!, 2))
        #expect(close(solution.reducedCost(routes[1][2])!, 6))
        #expect(solution.iterations > 0)
        #expect(solution.mipGap == nil)
    }

    @Test("Infeasible LP: x + y <= 1 and x + y >= 2", arguments: [false, true])
    func infeasible(presolve: Bool) throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addVariable("x", objective: 1)
        let y = model.addVariable("y", objective: 1)
        model.addConstraint("atMostOne", [(x, 1), (y, 1)], bounds: .upper(1))
        model.addConstraint("atLeastTwo", [(x, 1), (y, 1)], bounds: .lower(2))
        let solution = try solve(model, options: SolveOptions(presolve: presolve))
        #expect(solution.status == .infeasible)
        #expect(!solution.hasValues)
        #expect(solution.values.isEmpty)
    }

    @Test("Unbounded LP: max x + y with x - y <= 1", arguments: [false, true])
    func unbounded(presolve: Bool) throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addVariable("x", objective: 1)
        let y = model.addVariable("y", objective: 1)
        model.addConstraint("difference", [(x, 1), (y, -1)], bounds: .upper(1))
        let solution = try solve(model, options: SolveOptions(presolve: presolve))
        #expect(solution.status == .unbounded)
        #expect(!solution.hasValues)
    }

    @Test("Interior point on an infeasible LP falls back to simplex to classify it")
    func interiorInfeasible() throws {
        var model = LinearModel(sense: .minimize)
        let x = model.addVariable("x", objective: 1)
        model.addConstraint("low", [(x, 1)], bounds: .upper(1))
        model.addConstraint("high", [(x, 1)], bounds: .lower(2))
        let solution = try solve(model, options: SolveOptions(method: .interiorPoint))
        #expect(solution.status == .infeasible)
    }

    @Test("Every bound type reaches GLPK as meant")
    func boundTypes() throws {
        // min a - b + c + d + e  with a free but a >= -3 by a row, b <= 7, c in [2, 5], d fixed 4, e >= 1.
        // Optimum: a = -3, b = 7, c = 2, d = 4, e = 1: -3 - 7 + 2 + 4 + 1 = -3, plus constant 10.
        var model = LinearModel(sense: .minimize, objectiveConstant: 10)
        let a = model.addVariable("a", bounds: .free, objective: 1)
        let b = model.addVariable("b", bounds: .upper(7), objective: -1)
        let c = model.addVariable("c", bounds: .range(2, 5), objective: 1)
        let d = model.addVariable("d", bounds: .fixed(4), objective: 1)
        let e = model.addVariable("e", bounds: .lower(1), objective: 1)
        model.addConstraint("aFloor", [(a, 1)], bounds: .range(-3, 100))
        model.addConstraint("bPositive", [(b, 1)], bounds: .lower(0))
        model.addConstraint("equalRange", [(c, 1), (d, -1)], bounds: .range(-2, -2))
        let solution = try solve(model)
        #expect(solution.status == .optimal)
        #expect(close(solution.objective, 7))
        #expect([a, b, c, d, e].map { solution[$0] } == [-3, 7, 2, 4, 1])
    }

    @Test("A model without constraints or variables still solves")
    func emptyModels() throws {
        var model = LinearModel(sense: .minimize, objectiveConstant: 5)
        #expect(try solve(model).objective == 5)
        let x = model.addVariable("x", bounds: .range(1, 2), objective: 3)
        let solution = try solve(model, options: SolveOptions(presolve: true))
        #expect(solution.status == .optimal)
        #expect(solution[x] == 1)
        #expect(close(solution.objective, 8))
    }

    @Test("Duplicate terms given to addConstraint are summed")
    func mergedTerms() throws {
        var model = LinearModel(sense: .maximize)
        let x = model.addVariable("x", objective: 1)
        let row = model.addConstraint("twice", [(x, 1), (x, 1)], bounds: .upper(10))
        #expect(model.constraints[row.index].terms == [Term(variable: x, coefficient: 2)])
        #expect(try solve(model)[x] == 5)
    }

    @Test("GLPK's output is captured: the verbose log has the simplex report, the quiet one does not")
    func log() throws {
        let quiet = try solve(Fixtures.wyndor().model)
        #expect(!quiet.log.contains("OPTIMAL"))
        #expect(quiet.wallTime > 0)
        let verbose = try solve(Fixtures.wyndor().model, options: SolveOptions(verbose: true))
        #expect(verbose.log.contains("OPTIMAL LP SOLUTION FOUND"))
    }
}
