import LinearProgramming
import Testing

@Suite("Linear programs: solving from a basis with the columns at zero priced out")
struct PricedSolveTests {
    /// The optimal basis of Fixtures.transportation (derived there): the four routes used and B's
    /// supply row basic, A's supply tight, the demands at their minimum, B -> X and B -> Z at 0.
    static func transportationBasis() -> Basis {
        let (model, routes, supplies, demands) = Fixtures.transportation()
        var rows = [Basis.Status](repeating: .basic, count: model.constraints.count)
        rows[supplies[0].index] = .atUpper
        for demand in demands { rows[demand.index] = .atLower }
        var columns = [Basis.Status](repeating: .basic, count: model.variables.count)
        columns[routes[1][0].index] = .atLower
        columns[routes[1][2].index] = .atLower
        return Basis(rows: rows, columns: columns)
    }

    @Test("From the optimal basis: the same values, duals and reduced costs as the whole model")
    func optimalBasis() throws {
        // Fixtures.transportation: A ships X 10, Y 5, Z 15, B ships Y 20 (cost 130). Basic: those four
        // routes and B's supply row (B keeps 10); A's supply row is tight at 30, the demand rows at their
        // minimum. B -> X and B -> Z are nonbasic at 0, so GLPK never sees them: their reduced costs
        // 5 - 3 = 2 and 8 - 2 = 6 (duals v_X = 3, v_Z = 2, u_B = 0) are computed from GLPK's duals.
        let (model, routes, _, _) = Fixtures.transportation()
        let priced = try solve(model, options: SolveOptions(), pricingFrom: Self.transportationBasis())
        let whole = try solve(model)
        #expect(priced.status == .optimal && priced.objective == 130 && priced.iterations == 0)
        #expect(priced.values == whole.values)
        #expect(zip(priced.duals, whole.duals).allSatisfy { abs($0 - $1) < 1e-9 })
        #expect(abs(priced.reducedCosts[routes[1][0].index] - 2) < 1e-9)
        #expect(abs(priced.reducedCosts[routes[1][2].index] - 6) < 1e-9)
        #expect(zip(priced.reducedCosts, whole.reducedCosts).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test("A column left out that would improve the objective joins the small model (or, out of rounds, the whole model is solved)",
          arguments: [1, 20])
    func improvingColumnLeftOut(rounds: Int) throws {
        // Wyndor from the basis "x = 4, y = 0": y is left out, and the small model's optimum is
        // x = 4 (objective 12, plant 1's dual 3). y prices at 5 - 0 * 2 - 0 * 2 = 5 > 0: the basis is
        // not optimal for the whole model. With 20 rounds y joins and round two finds the optimum;
        // with one round the whole model is solved. Either way x = 2, y = 6, objective 36.
        let (model, x, y, plants) = Fixtures.wyndor()
        var rows = [Basis.Status](repeating: .basic, count: 3)
        rows[plants[0].index] = .atUpper
        var columns = [Basis.Status](repeating: .atLower, count: 2)
        columns[x.index] = .basic
        let priced = try solve(model, options: SolveOptions(), pricingFrom: Basis(rows: rows, columns: columns), maximumRounds: rounds)
        #expect(priced.status == .optimal)
        #expect(abs(priced.objective - 36) < 1e-9)
        #expect(abs(priced[x] - 2) < 1e-9 && abs(priced[y] - 6) < 1e-9)
    }
}
