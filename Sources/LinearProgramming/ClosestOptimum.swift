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
/// For a MIP the duals are those of the LP with the integer columns fixed, so the integer columns
/// are kept as they are and the face is that LP's.
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
            let (lower, upper) = (bounds.lowerBound, bounds.upperBound)
            guard let target = targets[j] else {
                below[j] = face.addVariable(bounds: bounds).index
                continue
            }
            if upper <= target {
                below[j] = face.addVariable(bounds: bounds, objective: -1).index
            } else if lower >= target {
                below[j] = face.addVariable(bounds: bounds, objective: 1).index
            } else {
                below[j] = face.addVariable(bounds: .range(lower, target), objective: -1).index
                above[j] = face.addVariable(bounds: upper.isFinite ? .range(0, upper - target) : .lower(0), objective: 1).index
            }
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
