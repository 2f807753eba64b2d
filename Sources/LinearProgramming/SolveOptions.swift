/// How `solve(_:options:)` runs GLPK.
public struct SolveOptions: Sendable {
    /// The LP algorithm (for a MIP: the one for the root relaxation).
    public enum Method: String, Sendable, Hashable, CaseIterable {
        /// GLPK's primal simplex: the fastest here from a cold start (see PERFORMANCE-NOTES.md).
        case primalSimplex
        /// GLPK's dual simplex, falling back to primal when the start is not dual feasible.
        case dualSimplex
        /// GLPK's interior point. No basis: if it does not prove optimality, primal simplex
        /// takes over to classify the problem. LP only.
        case interiorPoint
    }

    public var method: Method
    /// Let GLPK's presolver simplify the problem first.
    public var presolve: Bool
    /// Wall-clock limit in seconds for the whole solve; nil for none.
    public var timeLimit: Double?
    /// Relative MIP gap at which branch and bound stops (GLPK's mip_gap).
    public var mipGap: Double
    /// Let branch and bound generate GLPK's cutting planes (MIR, Gomory, cover, clique).
    public var cuts: Bool = false
    /// Copy GLPK's output to stderr as it is produced (it is always captured in `Solution.log`).
    public var verbose: Bool
    /// A starting basis for the simplex (LP only), for example from a combinatorial algorithm.
    /// When GLPK rejects it (wrong size, singular), the solve starts from the standard basis.
    public var startingBasis: Basis?
    /// Called during branch and bound; return `.stop` to end the search with the best
    /// solution found so far. Runs on the solving thread; it must not block for long.
    public var progress: (@Sendable (MIPProgress) -> MIPProgress.Action)?
    /// Rows whose active bound is ranged after an optimal simplex (`Solution.boundRanges`).
    public var rangedConstraints: [ConstraintID] = []
    /// The caller ranges `startingBasis` itself (a network's tree gives it for free): GLPK ranges
    /// only when it did not end on that basis (it pivoted, or refused the basis).
    public var rangesStartingBasis = false
    /// The most memory GLPK may allocate, in megabytes; beyond it the solve fails with
    /// `solverError` ("glp_alloc: memory allocation limit exceeded") instead of exhausting the machine. nil: no limit.
    public var memoryLimit: Int?

    public init(
        method: Method = .primalSimplex, presolve: Bool = false, timeLimit: Double? = nil,
        mipGap: Double = 0.0001, verbose: Bool = false,
        progress: (@Sendable (MIPProgress) -> MIPProgress.Action)? = nil
    ) {
        self.method = method
        self.presolve = presolve
        self.timeLimit = timeLimit
        self.mipGap = mipGap
        self.verbose = verbose
        self.progress = progress
    }

    /// These options with GLPK's memory limit set to `megabytes`.
    public func with(memoryLimit megabytes: Int?) -> SolveOptions {
        var copy = self
        copy.memoryLimit = megabytes
        return copy
    }

    /// The longest time limit GLPK can take (it counts milliseconds in an int).
    static let maximumTimeLimit = Double(Int32.max) / 1000

    /// The problems with these options for `model`, if any.
    func validationProblems(for model: LinearModel) -> [String] {
        var problems: [String] = []
        if let timeLimit, !(timeLimit > 0 && timeLimit <= Self.maximumTimeLimit) {
            problems.append("time limit is \(timeLimit) s, expected more than 0 and at most \(Int(Self.maximumTimeLimit)) s")
        }
        if let memoryLimit, !(memoryLimit >= 1 && memoryLimit <= Int(Int32.max)) {
            problems.append("memory limit is \(memoryLimit) MB, expected at least 1")
        }
        if !(mipGap >= 0 && mipGap.isFinite) {
            problems.append("MIP gap is \(mipGap), expected a finite number >= 0")
        }
        if let startingBasis, startingBasis.rows.count != model.constraints.count || startingBasis.columns.count != model.variables.count {
            problems.append("starting basis has \(startingBasis.rows.count) rows and \(startingBasis.columns.count) columns; the model has \(model.constraints.count) and \(model.variables.count)")
        }
        if let bad = rangedConstraints.first(where: { !model.constraints.indices.contains($0.index) }) {
            problems.append("ranged constraint \(bad.index) does not exist; the model has \(model.constraints.count) rows")
        }
        if method == .interiorPoint && model.isMixedInteger {
            problems.append("interior point solves LPs only; this model has integer variables (use primal or dual simplex)")
        }
        return problems
    }
}

/// A simplex basis: the status of every row (its activity) and column.
public struct Basis: Sendable, Hashable {
    public enum Status: Sendable, Hashable {
        case basic
        /// Non-basic at the lower bound.
        case atLower
        /// Non-basic at the upper bound.
        case atUpper
        /// Non-basic free (at zero).
        case free
        /// Non-basic fixed.
        case fixed
    }

    public var rows: [Status]
    public var columns: [Status]

    public init(rows: [Status], columns: [Status]) {
        self.rows = rows
        self.columns = columns
    }
}

/// The state of a branch-and-bound search, as passed to `SolveOptions.progress`.
public struct MIPProgress: Sendable, Hashable {
    /// What the progress callback asks the solver to do.
    public enum Action: Sendable { case proceed, stop }

    /// The objective of the best integer solution so far.
    public var incumbent: Double?
    /// The best bound over the open nodes.
    public var bound: Double?
    /// The relative gap between the two (GLPK's definition); nil before an incumbent exists.
    public var gap: Double?
    /// Nodes created so far.
    public var nodes: Int
    /// A better incumbent was just found.
    public var improved: Bool
    /// Seconds since the solve began.
    public var elapsed: Double
}
