/// Solving a large LP from a known (or nearly known) optimal basis without loading every column
/// into GLPK.
///
/// Most columns of kam's allocation (pairs that get no hours) are nonbasic at zero in the flow's
/// optimal basis. GLPK only needs the others to confirm the basis and compute the duals; each
/// column left out is then priced with those duals here (d = c - sum a * y, the reduced cost
/// GLPK would report). When none of them could improve the objective, the solution is optimal for
/// the whole model: values, duals and reduced costs are those of the whole model. Columns that
/// could improve it join the small model, which is solved again from the basis (column
/// generation); after `maximumRounds` rounds, or if the small model has no optimum, the whole
/// model is solved from the basis as `solve` would.
///
/// `keeping` lists columns to give GLPK from the start even if the basis has them at zero (a
/// request that `kam recommend` forces needs its candidates).
public func solve(_ model: LinearModel, options: SolveOptions, pricingFrom basis: Basis, keeping: [Int] = [],
                  maximumRounds: Int = 20) throws -> Solution {
    var full = options
    full.startingBasis = basis
    guard !model.isMixedInteger, basis.columns.count == model.variables.count, basis.rows.count == model.constraints.count else {
        return try solve(model, options: full)
    }
    // Columns that may be left out: nonbasic at a lower bound of exactly 0, so their value is 0 either way.
    var leftOut = model.variables.indices.map { j in
        basis.columns[j] == .atLower && model.variables[j].bounds.lowerBound == 0
    }
    for j in keeping where model.variables.indices.contains(j) { leftOut[j] = false }
    let clock = ContinuousClock()
    let start = clock.now
    let improving: (Double) -> Bool = model.sense == .maximize ? { $0 > 0 } : { $0 < 0 }
    var iterations = 0
    for _ in 0..<maximumRounds {
        let kept = leftOut.indices.filter { !leftOut[$0] }
        guard kept.count < model.variables.count else { break }
        var restricted = options
        restricted.startingBasis = Basis(rows: basis.rows, columns: kept.map { basis.columns[$0] })
        let small = try solve(model.keepingColumns(kept), options: restricted)
        iterations += small.iterations
        guard small.status == .optimal, small.duals.count == model.constraints.count else { break }

        // Reduced costs of every column with the small model's duals.
        var reducedCosts = model.variables.map(\.objective)
        for (row, constraint) in model.constraints.enumerated() {
            let y = small.duals[row]
            guard y != 0 else { continue }
            for term in constraint.terms { reducedCosts[term.variable.index] -= term.coefficient * y }
        }
        var entering: [Int] = []
        for j in model.variables.indices where leftOut[j] {
            let tolerance = 1e-7 * (1 + abs(model.variables[j].objective))
            if improving(reducedCosts[j]) && abs(reducedCosts[j]) > tolerance { entering.append(j) }
        }
        if !entering.isEmpty {
            for j in entering { leftOut[j] = false }
            continue
        }
        var values = [Double](repeating: 0, count: model.variables.count)
        for (k, j) in kept.enumerated() {
            values[j] = small.values[k]
            reducedCosts[j] = small.reducedCosts[k]
        }
        var solution = small
        solution.values = values
        solution.reducedCosts = reducedCosts
        solution.iterations = iterations
        solution.wallTime = Double(seconds: clock.now - start)
        return solution
    }
    var solution = try solve(model, options: full)
    solution.iterations += iterations
    return solution
}

extension LinearModel {
    /// The model with only `columns` (ascending indices), renumbered in that order; every row kept.
    func keepingColumns(_ columns: [Int]) -> LinearModel {
        var position = [Int](repeating: -1, count: variables.count)
        for (k, j) in columns.enumerated() { position[j] = k }
        var model = LinearModel(sense: sense, objectiveConstant: objectiveConstant)
        model.variables = columns.map { variables[$0] }
        model.constraints = constraints.map { constraint in
            var copy = constraint
            copy.terms = constraint.terms.compactMap { term in
                let k = position[term.variable.index]
                return k >= 0 ? Term(variable: VariableID(index: k), coefficient: term.coefficient) : nil
            }
            return copy
        }
        return model
    }
}
