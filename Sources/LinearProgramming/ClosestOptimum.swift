/// The lexicographic second stage of an LP: among all optimal solutions of a model, one closest to
/// a target point in the sum of absolute differences (L1), decided exactly.
///
/// The optimal solutions of an LP are its **optimal face**: by complementary slackness, a feasible
/// x is optimal if and only if it is complementary to one (any) optimal dual solution y. So with
/// the duals and reduced costs of one optimum:
/// - a column whose reduced cost is not zero stays at the bound it rests on (its value there);
/// - a row whose dual is not zero stays at the bound it is active at (its activity);
/// - everything else is free within its bounds.
/// No objective row "value >= optimum - epsilon" is needed: the face is the set of optima, not an
/// approximation of it, and what is left of the model is usually small (most columns have a
/// nonzero reduced cost). Over it kam minimises sum_j |x_j - t_j| for the columns with a target
/// t_j: a column whose bounds straddle its target is split into a part below the target (cost -1,
/// filled first) and a part above it (cost +1), both with the column's row terms.
///
/// For a MIP the optimal plans are not a face: another choice of the integer columns may reach the
/// same value closer to the targets. The second stage is then a MIP of its own: the model with a
/// row that keeps the value at least the optimum's and the distance to minimise (within the same
/// time limit and gap). Its integer columns are then fixed, the LP left over is solved for its
/// duals (the plan's prices), and the distance is minimised on that LP's optimal face as above.
/// When that MIP finds nothing closer, the first stage's integer columns are kept as they are and
/// the face is that of the LP with them fixed (whose duals `optimum` carries).
public struct ClosestOptimum: Sendable {
    /// The model's columns and rows that are free on the face, and how many of them; for tests and
    /// the log line of a re-plan.
    public var freeColumns: Int
    public var freeRows: Int
    /// The second stage's simplex iterations.
    public var iterations: Int
    /// The distance of the optimum handed in and of the closest one, sum |x - t| over the targets.
    public var distanceBefore: Double
    public var distanceAfter: Double
    /// The closest optimum: `optimum` with its values and row activities replaced (duals, reduced
    /// costs and ranging stay: they are optimal duals of every optimal solution).
    public var solution: Solution

    /// A reduced cost or dual of at most this (relative to 1 + |objective coefficient|) counts as
    /// zero. GLPK's own dual tolerance is 1e-7; the values of one model differ by far more than 1e-9
    /// when they differ at all (products of a few factors), and equal values meet with noise of
    /// about 1e-15.
    public static let zeroTolerance = 1e-9

    /// Solves the second stage. `targets[j]` is column j's target (nil: no target, cost 0).
    /// Returns nil when `optimum` is not an optimal solution with duals and reduced costs, when
    /// no column with a target is free on the face (nothing to choose), or when the second stage
    /// does not end optimal (then the optimum handed in stands).
    public static func find(_ model: LinearModel, optimum: Solution, targets: [Double?], options: SolveOptions) throws -> ClosestOptimum? {
        if model.isMixedInteger, let across = try acrossChoices(model, optimum: optimum, targets: targets, options: options) { return across }
        return try onFace(model, optimum: optimum, targets: targets, options: options)
    }

    /// The LP's optimal face (for a MIP: the face of the LP with the integer columns as `optimum` has them).
    static func onFace(_ model: LinearModel, optimum: Solution, targets: [Double?], options: SolveOptions) throws -> ClosestOptimum? {
        let n = model.variables.count, m = model.constraints.count
        guard optimum.status == .optimal, optimum.values.count == n, optimum.reducedCosts.count == n,
              optimum.duals.count == m, targets.count == n else { return nil }
        let values = optimum.values
        // Which columns and rows are free on the face.
        var free = [Bool](repeating: false, count: n)
        var anyTargetFree = false
        for j in 0..<n {
            let variable = model.variables[j]
            guard variable.kind == .continuous, variable.bounds.lowerBound < variable.bounds.upperBound else { continue }
            let d = optimum.reducedCosts[j]
            if abs(d) > zeroTolerance * (1 + abs(variable.objective)) { continue }
            free[j] = true
            if targets[j] != nil { anyTargetFree = true }
        }
        let before = distance(values, targets)
        guard anyTargetFree else { return nil }

        // The face model: free columns (targeted ones that straddle their target split in two),
        // rows over them with the fixed columns' part moved into the bounds.
        var face = LinearModel(sense: .minimize)
        var below = [Int](repeating: -1, count: n)  // the face column of each free column (or its part below its target)
        var above = [Int](repeating: -1, count: n)  // the part above its target, when split
        var freeColumns = 0
        for j in 0..<n where free[j] {
            freeColumns += 1
            let bounds = model.variables[j].bounds
            guard let target = targets[j] else {
                below[j] = face.addVariable(bounds: bounds).index
                continue
            }
            (below[j], above[j]) = addDistanceColumns(&face, bounds: bounds, target: target)
        }
        var faceRows: [Int] = []
        for (i, constraint) in model.constraints.enumerated() {
            var terms: [Term] = []
            var fixedPart = 0.0, activity = 0.0
            for term in constraint.terms {
                let j = term.variable.index
                activity += term.coefficient * values[j]
                if free[j] {
                    terms.append(Term(variable: VariableID(index: below[j]), coefficient: term.coefficient))
                    if above[j] >= 0 { terms.append(Term(variable: VariableID(index: above[j]), coefficient: term.coefficient)) }
                } else {
                    fixedPart += term.coefficient * values[j]
                }
            }
            guard !terms.isEmpty else { continue }
            let bounds: Bounds
            if abs(optimum.duals[i]) > zeroTolerance {
                bounds = .fixed(activity - fixedPart)
            } else {
                let lower = constraint.bounds.lowerBound - fixedPart, upper = constraint.bounds.upperBound - fixedPart
                switch (lower.isFinite, upper.isFinite) {
                case (true, true): bounds = lower == upper ? .fixed(lower) : .range(lower, max(lower, upper))
                case (true, false): bounds = .lower(lower)
                case (false, true): bounds = .upper(upper)
                case (false, false): bounds = .free
                }
            }
            face.addConstraint(Constraint(terms: terms, bounds: bounds))
            faceRows.append(i)
        }

        var stage = options
        stage.startingBasis = nil
        stage.rangedConstraints = []
        stage.rangesStartingBasis = false
        stage.progress = nil
        // From GLPK's standard basis the face is far from primal feasible (its rows are fixed at the
        // optimum's activities). On L's one-expert what-ifs (about 11,900 free columns, 17,700 face
        // columns with the splits, 7,400 rows) the dual simplex after presolve takes 23-341
        // iterations, 0.02-0.08 s; without presolve 0.14-0.23 s; the primal simplex 12,000
        // iterations, 1.3 s (release build, 2026-12-07).
        stage.method = .dualSimplex
        stage.presolve = true
        let result = try solve(face, options: stage)
        guard result.status == .optimal, result.values.count == face.variables.count else { return nil }

        var closest = values
        for j in 0..<n where free[j] {
            closest[j] = result.values[below[j]] + (above[j] >= 0 ? result.values[above[j]] : 0)
        }
        // The face keeps the objective; a check against drift beyond the solver's tolerances.
        let objectiveBefore = objective(model, values), objectiveAfter = objective(model, closest)
        guard abs(objectiveAfter - objectiveBefore) <= 1e-7 * (1 + abs(objectiveBefore)) else { return nil }
        var solution = optimum
        solution.values = closest
        solution.rowActivities = model.constraints.map { constraint in
            constraint.terms.reduce(0.0) { $0 + $1.coefficient * closest[$1.variable.index] }
        }
        // `iterations` stays the first stage's (whether GLPK confirmed the flow's basis); the time is both stages'.
        solution.wallTime += result.wallTime
        return ClosestOptimum(freeColumns: freeColumns, freeRows: faceRows.count, iterations: result.iterations, distanceBefore: before,
                              distanceAfter: distance(closest, targets), solution: solution)
    }

    /// A MIP's second stage over every choice of its integer columns: minimise the distance under
    /// a row keeping the value at the optimum's; then, with the integer columns so chosen, the LP's
    /// optimum (its duals) and the closest point of its face. nil when that finds nothing closer
    /// than `optimum`.
    static func acrossChoices(_ model: LinearModel, optimum: Solution, targets: [Double?], options: SolveOptions) throws -> ClosestOptimum? {
        let n = model.variables.count
        guard optimum.status == .optimal, optimum.values.count == n, targets.count == n else { return nil }
        let before = distance(optimum.values, targets)
        guard before > 1e-9 else { return nil }
        let value = optimum.objective - model.objectiveConstant
        let slack = zeroTolerance * (1 + abs(value))
        // The distance model: every column (targeted ones split at their target), every row, and the value row.
        var stage = LinearModel(sense: .minimize)
        var below = [Int](repeating: -1, count: n), above = [Int](repeating: -1, count: n)
        for (j, variable) in model.variables.enumerated() {
            let (lower, upper) = (variable.bounds.lowerBound, variable.bounds.upperBound)
            guard let target = targets[j], variable.kind == .continuous, lower < upper else {
                below[j] = stage.addVariable(bounds: variable.bounds, kind: variable.kind).index
                continue
            }
            (below[j], above[j]) = addDistanceColumns(&stage, bounds: variable.bounds, target: target)
        }
        func mapped(_ terms: [Term]) -> [Term] {
            terms.flatMap { term -> [Term] in
                let j = term.variable.index
                let first = Term(variable: VariableID(index: below[j]), coefficient: term.coefficient)
                return above[j] < 0 ? [first] : [first, Term(variable: VariableID(index: above[j]), coefficient: term.coefficient)]
            }
        }
        for constraint in model.constraints { stage.addConstraint(Constraint(terms: mapped(constraint.terms), bounds: constraint.bounds)) }
        let objectiveTerms = mapped(model.variables.enumerated().compactMap { j, v in v.objective == 0 ? nil : Term(variable: VariableID(index: j), coefficient: v.objective) })
        stage.addConstraint(Constraint(terms: objectiveTerms, bounds: model.sense == .maximize ? .lower(value - slack) : .upper(value + slack)))
        var mipOptions = options
        mipOptions.startingBasis = nil
        mipOptions.rangedConstraints = []
        mipOptions.rangesStartingBasis = false
        mipOptions.progress = nil
        // Measured on a generated book of 6,000 accounts with binaries, one expert on leave (20,114
        // columns, 3,101 rows): with cuts 8.5 s, without 4.2 s, without and with GLPK's MIP presolver
        // 2.8 s (debug build; GLPK's time). Fixing columns by the relaxation's reduced costs (the
        // value may fall by at most the first stage's gap) fixed none there: the gap left 0.42 of value.
        mipOptions.cuts = false
        mipOptions.presolve = true
        let chosen = try solve(stage, options: mipOptions)
        guard chosen.hasValues, chosen.values.count == stage.variables.count else { return nil }
        var candidate = [Double](repeating: 0, count: n)
        for j in 0..<n { candidate[j] = chosen.values[below[j]] + (above[j] >= 0 ? chosen.values[above[j]] : 0) }
        guard distance(candidate, targets) < before - 1e-6 else { return nil }

        // The integer columns as chosen, fixed; the LP left over for its optimum and duals.
        var fixed = model
        for (j, variable) in model.variables.enumerated() where variable.kind != .continuous {
            fixed.variables[j].kind = .continuous
            fixed.variables[j].bounds = .fixed(candidate[j].rounded())
        }
        var lpOptions = options
        lpOptions.startingBasis = nil
        lpOptions.rangesStartingBasis = false
        lpOptions.progress = nil
        let lp = try solve(fixed, options: lpOptions)
        // At least the first stage's value: more when the first stage stopped within its gap of the
        // optimum and these choices are better (their LP then has the higher value, and its face is
        // that value's).
        let worse = model.sense == .maximize ? optimum.objective - lp.objective : lp.objective - optimum.objective
        guard lp.status == .optimal, worse <= 1e-7 * (1 + abs(optimum.objective)) else { return nil }
        var result = try onFace(fixed, optimum: lp, targets: targets, options: options)
            ?? ClosestOptimum(freeColumns: 0, freeRows: 0, iterations: 0, distanceBefore: before, distanceAfter: distance(lp.values, targets), solution: lp)
        guard result.distanceAfter < before - 1e-6 else { return nil }
        // The plan's solution: the values and duals found here, the first stage's search figures.
        var solution = result.solution
        solution.objective = worse > 0 ? optimum.objective : lp.objective
        solution.mipGap = optimum.mipGap
        solution.bestBound = optimum.bestBound
        solution.nodes = optimum.nodes
        solution.iterations = optimum.iterations
        solution.warmStarted = optimum.warmStarted
        solution.log = optimum.log
        solution.wallTime = optimum.wallTime + chosen.wallTime + lp.wallTime + (result.solution.wallTime - lp.wallTime)
        result.distanceBefore = before
        result.iterations += chosen.iterations + lp.iterations
        result.solution = solution
        return result
    }

    /// The columns standing for one with `bounds` whose distance to `target` is minimised: one
    /// column costing -1 (all below the target) or +1 (all above), or, when the bounds straddle the
    /// target, a part below it (-1, filled first) and a part above it (+1). Returns their indices
    /// (-1: no part above).
    static func addDistanceColumns(_ model: inout LinearModel, bounds: Bounds, target: Double) -> (below: Int, above: Int) {
        let (lower, upper) = (bounds.lowerBound, bounds.upperBound)
        if upper <= target { return (model.addVariable(bounds: bounds, objective: -1).index, -1) }
        if lower >= target { return (model.addVariable(bounds: bounds, objective: 1).index, -1) }
        let below = model.addVariable(bounds: .range(lower, target), objective: -1).index
        return (below, model.addVariable(bounds: upper.isFinite ? .range(0, upper - target) : .lower(0), objective: 1).index)
    }

    /// sum_j |x_j - t_j| over the columns with a target.
    static func distance(_ values: [Double], _ targets: [Double?]) -> Double {
        var total = 0.0
        for (j, target) in targets.enumerated() { if let target { total += abs(values[j] - target) } }
        return total
    }

    /// The model's objective at `values`, with its constant.
    static func objective(_ model: LinearModel, _ values: [Double]) -> Double {
        var total = model.objectiveConstant
        for (j, variable) in model.variables.enumerated() where variable.objective != 0 { total += variable.objective * values[j] }
        return total
    }
}
