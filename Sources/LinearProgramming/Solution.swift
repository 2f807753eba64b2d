/// The outcome of `solve(_:options:)`. Check `status` (or `hasValues`) before reading values.
public struct Solution: Sendable {
    public enum Status: String, Sendable, Hashable, Codable {
        /// Proven optimal (for a MIP: within `SolveOptions.mipGap`; see `mipGap`).
        case optimal
        /// A feasible solution that is not proven optimal (a stopped MIP search).
        case feasible
        /// The time limit was reached; `hasValues` tells whether an incumbent exists.
        case timeLimit
        /// No point satisfies the constraints.
        case infeasible
        /// The objective improves without limit.
        case unbounded
        /// The solver ended without a usable answer (iteration limit, numerical trouble,
        /// or a MIP stopped before it found any integer solution).
        case noSolution
    }

    public var status: Status
    /// True when `values` holds a primal solution (optimal, feasible, or a time-limited incumbent).
    public var hasValues: Bool
    /// The objective value, including the model's constant (meaningful when `hasValues`).
    public var objective: Double
    /// The value of each variable, by `VariableID.index` (empty without values).
    public var values: [Double]
    /// The activity of each constraint row, by `ConstraintID.index` (empty without values).
    public var rowActivities: [Double]
    /// The dual value of each row: the change of the objective per unit increase of the
    /// row's binding bound. For a MIP, from the LP re-solved with the integer variables fixed.
    /// Empty when no duals are known.
    public var duals: [Double]
    /// The reduced cost of each variable (same conventions as `duals`).
    public var reducedCosts: [Double]
    /// For a MIP with a solution: the relative gap |bound - incumbent| / (|incumbent| + eps); 0 when proven optimal.
    public var mipGap: Double?
    /// For a MIP: the best bound known when the search ended.
    public var bestBound: Double?
    /// Simplex iterations (the LP, or the root relaxation and the fixed re-solve of a MIP).
    public var iterations: Int
    /// Branch-and-bound nodes created (0 for an LP).
    public var nodes: Int
    /// The ranging of each row of `SolveOptions.rangedConstraints` that is non-basic in the optimal
    /// basis, by `ConstraintID.index` (for a MIP: of the LP with the integer variables fixed). A
    /// basic row is absent: its dual is 0 for as long as its activity stays within its bounds.
    public var boundRanges: [Int: BoundRange] = [:]
    /// True when the simplex started from `SolveOptions.startingBasis` (GLPK accepted it).
    public var warmStarted: Bool = false
    /// Wall-clock seconds spent in `solve`, including building the GLPK problem.
    public var wallTime: Double
    /// GLPK's terminal output during the solve.
    public var log: String

    /// The value of a variable; 0 when the solution has no values.
    public subscript(_ variable: VariableID) -> Double {
        values.indices.contains(variable.index) ? values[variable.index] : 0
    }

    /// The dual value of a constraint; nil when duals are not known.
    public func dual(_ constraint: ConstraintID) -> Double? {
        duals.indices.contains(constraint.index) ? duals[constraint.index] : nil
    }

    /// The activity of a constraint; nil when the solution has no values.
    public func activity(_ constraint: ConstraintID) -> Double? {
        rowActivities.indices.contains(constraint.index) ? rowActivities[constraint.index] : nil
    }

    /// The ranging of a constraint's active bound; nil when it was not asked for, the row is basic
    /// or the solution has no optimal basis.
    public func boundRange(_ constraint: ConstraintID) -> BoundRange? {
        boundRanges[constraint.index]
    }

    /// The reduced cost of a variable; nil when not known.
    public func reducedCost(_ variable: VariableID) -> Double? {
        reducedCosts.indices.contains(variable.index) ? reducedCosts[variable.index] : nil
    }
}
