import TestSupport
import Testing
@testable import LinearProgramming

/// Ranging of a row's active bound: the values it may take while the optimal basis stays optimal.
@Suite("Linear programs: ranging of the binding rows")
struct RangingTests {
    /// Wyndor (Fixtures.wyndor): x = 2, y = 6 with plants 2 and 3 binding, plant 1 slack.
    /// Plant 2 (2y <= b2, dual 1.5): y = b2 / 2 and x = (18 - b2) / 3 stay in the basis while
    /// 0 <= x <= 4, i.e. 6 <= b2 <= 18 (Hillier & Lieberman's own range for b2).
    /// Plant 3 (3x + 2y <= b3, dual 1): x = (b3 - 12) / 3 with 0 <= x <= 4, i.e. 12 <= b3 <= 24.
    /// Plant 1 is basic: no range (its dual is 0 while its activity stays below 4).
    @Test("Wyndor's two binding plants range over [6, 18] and [12, 24]; the slack plant has none",
          arguments: [(SolveOptions.Method.primalSimplex, false), (.dualSimplex, false), (.primalSimplex, true)])
    func wyndor(method: SolveOptions.Method, presolve: Bool) throws {
        let (model, _, _, rows) = Fixtures.wyndor()
        var options = SolveOptions(method: method, presolve: presolve)
        options.rangedConstraints = rows
        let solution = try solve(model, options: options)
        #expect(solution.status == .optimal)
        #expect(solution.boundRange(rows[0]) == nil)
        let plant2 = try #require(solution.boundRange(rows[1])), plant3 = try #require(solution.boundRange(rows[2]))
        #expect(close(plant2.lower, 6, tolerance: 1e-9) && close(plant2.upper, 18, tolerance: 1e-9))
        #expect(close(plant3.lower, 12, tolerance: 1e-9) && close(plant3.upper, 24, tolerance: 1e-9))
        // The objective moves by the dual per unit inside the range: at b2 = 18 it is 36 + 6 * 1.5 = 45.
        var wider = model
        wider.constraints[rows[1].index].bounds = .upper(18)
        #expect(close(try solve(wider).objective, 45, tolerance: 1e-9))
    }

    @Test("Nothing is ranged unless asked for; an unlimited side is infinite")
    func unlimited() throws {
        #expect(try solve(Fixtures.wyndor().model).boundRanges.isEmpty)
        // max x s.t. x <= 5: the bound may grow without limit (nothing else binds) and fall to 0 (x >= 0).
        var single = LinearModel(sense: .maximize)
        let x = single.addVariable("x", objective: 1)
        let row = single.addConstraint("cap", [(x, 1)], bounds: .upper(5))
        var options = SolveOptions()
        options.rangedConstraints = [row]
        let range = try #require(try solve(single, options: options).boundRange(row))
        #expect(range.lower == 0 && range.upper == .infinity)
    }

    @Test("A row that does not exist is refused before GLPK sees it")
    func missingRow() throws {
        let (model, _, _, _) = Fixtures.wyndor()
        var options = SolveOptions()
        options.rangedConstraints = [ConstraintID(index: 3)]
        #expect(throws: LinearProgrammingError.invalidOptions(["ranged constraint 3 does not exist; the model has 3 rows"])) {
            try solve(model, options: options)
        }
    }

    @Test("A MIP's ranges are those of the LP with the integers fixed")
    func mixedInteger() throws {
        // MixedIntegerTests.fixedDuals: min 3 open + 2 ship, ship >= 4, ship - 10 open <= 0, open binary.
        // With open fixed at 1, ship = b stays basic for 0 <= b <= 10 (the link row's slack runs out at 10).
        var model = LinearModel(sense: .minimize)
        let open = model.addVariable("open", kind: .binary, objective: 3)
        let ship = model.addVariable("ship", objective: 2)
        let demand = model.addConstraint("demand", [(ship, 1)], bounds: .lower(4))
        model.addConstraint("link", [(ship, 1), (open, -10)], bounds: .upper(0))
        var options = SolveOptions()
        options.rangedConstraints = [demand]
        let range = try #require(try solve(model, options: options).boundRange(demand))
        #expect(close(range.lower, 0, tolerance: 1e-9) && close(range.upper, 10, tolerance: 1e-9))
    }

    @Test("Solving from a basis with columns priced out ranges as the whole model does")
    func priced() throws {
        // PricedSolveTests.optimalBasis's basis of the transportation problem: A's supply row is tight.
        // Its range, from the whole model, is the priced solve's too (the left-out columns stay at 0).
        let (model, _, supplies, demands) = Fixtures.transportation()
        var options = SolveOptions()
        options.rangedConstraints = supplies + demands
        let priced = try solve(model, options: options, pricingFrom: PricedSolveTests.transportationBasis())
        let whole = try solve(model, options: options)
        // A ships 30 with Y taking the margin: A's supply may grow until B ships nothing to Y
        // (A's Y reaches 25 at supply 50) and fall until A ships nothing to Y (supply 25).
        let supplyA = try #require(priced.boundRange(supplies[0]))
        #expect(close(supplyA.lower, 25, tolerance: 1e-9) && close(supplyA.upper, 50, tolerance: 1e-9))
        #expect(priced.boundRanges == whole.boundRanges)
    }
}
