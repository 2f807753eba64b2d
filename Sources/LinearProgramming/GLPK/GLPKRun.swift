internal import CGLPK
internal import GLPKShim

/// One solve of a loaded GLPK problem: runs the algorithms, maps GLPK's return codes and
/// statuses to `Solution.Status`, and reads the values.
struct GLPKRun {
    let problem: GLPKProblem
    let model: LinearModel
    let options: SolveOptions
    let clock: ContinuousClock
    let start: ContinuousClock.Instant

    private var messageLevel: Int32 { options.verbose ? GLP_MSG_ALL : GLP_MSG_ERR }

    /// Milliseconds left under the time limit (at least 1), or Int32.max without a limit.
    private var remainingMilliseconds: Int32 {
        guard let limit = options.timeLimit else { return Int32.max }
        let left = limit - Double(seconds: clock.now - start)
        return Int32(max(1, min(Double(Int32.max), (left * 1000).rounded(.up))))
    }

    // MARK: LP

    func solveLP() throws -> Solution {
        var solution = try optimizeLP()
        let onStartingBasis = options.rangesStartingBasis && solution.warmStarted && solution.iterations == 0
        if solution.status == .optimal && !onStartingBasis { try addRanges(to: &solution) }
        return solution
    }

    private func optimizeLP() throws -> Solution {
        if let solution = try warmStartIfGiven() { return solution }
        if options.method == .interiorPoint, let solution = try interiorPoint() {
            return solution
        }
        return try simplexToEnd(method: options.method, presolve: options.presolve)
    }

    /// Primal simplex from `options.startingBasis`, marked warm-started; nil when there is none or
    /// GLPK rejects it (the basis is then reset to the standard one, for a cold start).
    private func warmStartIfGiven() throws -> Solution? {
        guard let basis = options.startingBasis, !model.constraints.isEmpty else { return nil }
        guard var solution = try warmStart(basis) else {
            try problem.run { kam_glpk_std_basis($0) }
            return nil
        }
        solution.warmStarted = true
        return solution
    }

    /// Primal simplex from the given basis; nil when GLPK rejects the basis.
    private func warmStart(_ basis: Basis) throws -> Solution? {
        func code(_ status: Basis.Status) -> Int32 {
            switch status {
            case .basic: GLP_BS
            case .atLower: GLP_NL
            case .atUpper: GLP_NU
            case .free: GLP_NF
            case .fixed: GLP_NS
            }
        }
        let rows = basis.rows.map(code), columns = basis.columns.map(code)
        try problem.run { kam_glpk_set_basis($0, Int32(rows.count), rows, Int32(columns.count), columns) }
        let result = try simplex(method: .primalSimplex, presolve: false)
        guard result != GLP_EBADB && result != GLP_ESING && result != GLP_ECOND else { return nil }
        return try classify(result, presolve: false)
    }

    /// Interior point; nil when it did not prove optimality (simplex then classifies the problem).
    private func interiorPoint() throws -> Solution? {
        guard !model.constraints.isEmpty, !model.variables.isEmpty else { return nil }
        var params = kam_interior_params(msg_lev: messageLevel)
        var code: Int32 = 0
        try problem.run { kam_glpk_interior($0, &params, &code) }
        guard code == 0 else { return nil }
        var solution = try read(which: 1, withDuals: true)
        guard solution.info.status == GLP_OPT else { return nil }
        solution.solution.status = .optimal
        solution.solution.hasValues = true
        return solution.solution
    }

    /// Runs simplex and classifies the outcome as an LP result.
    private func simplexToEnd(method: SolveOptions.Method, presolve: Bool) throws -> Solution {
        // GLPK's presolver fails on a model without rows or columns; nothing to presolve then.
        let presolve = presolve && !model.constraints.isEmpty && !model.variables.isEmpty
        let code = try simplex(method: method, presolve: presolve)
        return try classify(code, presolve: presolve)
    }

    /// The LP outcome of a simplex run that returned `code`.
    private func classify(_ code: Int32, presolve: Bool) throws -> Solution {
        switch code {
        case 0:
            break
        case GLP_ENOPFS where presolve:
            return Self.empty(.infeasible, model: model)
        case GLP_ENODFS where presolve:
            // No dual feasible solution: unbounded or infeasible. Simplex without presolve tells which.
            return try simplexToEnd(method: .primalSimplex, presolve: false)
        case GLP_ETMLIM, GLP_EITLIM:
            let limited = code == GLP_ETMLIM ? Solution.Status.timeLimit : .noSolution
            var result = try read(which: 0, withDuals: false)
            let feasible = result.info.primal_status == GLP_FEAS
            result.solution.status = limited
            result.solution.hasValues = feasible
            return feasible ? result.solution.droppingDuals() : Self.empty(limited, model: model, iterations: Int(result.info.iterations))
        default:
            throw LinearProgrammingError.solverError("glp_simplex failed: \(Self.describe(code))")
        }
        var result = try read(which: 0, withDuals: true)
        let status: Solution.Status
        switch result.info.status {
        case GLP_OPT: status = .optimal
        case GLP_FEAS: status = .feasible
        case GLP_NOFEAS: status = .infeasible
        case GLP_UNBND: status = .unbounded
        default:
            status = result.info.primal_status == GLP_NOFEAS ? .infeasible
                : result.info.dual_status == GLP_NOFEAS ? .unbounded : .noSolution
        }
        guard status == .optimal || status == .feasible else {
            return Self.empty(status, model: model, iterations: Int(result.info.iterations))
        }
        result.solution.status = status
        result.solution.hasValues = true
        return result.solution
    }

    private func simplex(method: SolveOptions.Method, presolve: Bool, limited: Bool = true) throws -> Int32 {
        var params = kam_simplex_params(
            method: method == .dualSimplex ? GLP_DUALP : GLP_PRIMAL,
            presolve: presolve ? 1 : 0,
            msg_lev: messageLevel,
            tm_lim: limited ? remainingMilliseconds : Int32.max)
        var code: Int32 = 0
        try problem.run { kam_glpk_simplex($0, &params, &code) }
        return code
    }

    // MARK: MIP

    func solveMIP() throws -> Solution {
        // 1. The LP relaxation, from the starting basis when there is one GLPK accepts; if it has
        // no optimum, neither has the MIP (as far as we can tell).
        let method = options.method == .interiorPoint ? .primalSimplex : options.method
        let warm = try warmStartIfGiven()
        let relaxation = try warm ?? simplexToEnd(method: method, presolve: options.presolve)
        guard relaxation.status == .optimal else {
            return Self.empty(relaxation.status, model: model, iterations: relaxation.iterations)
        }
        // 2. Branch and bound.
        let relay = options.progress.map { ProgressRelay(callback: $0, clock: clock, start: start) }
        var params = kam_mip_params()
        params.presolve = options.presolve ? 1 : 0
        params.msg_lev = messageLevel
        params.tm_lim = remainingMilliseconds
        params.mip_gap = options.mipGap
        params.cuts = options.cuts ? 1 : 0
        if let relay {
            params.progress = ProgressRelay.trampoline
            params.progress_context = Unmanaged.passUnretained(relay).toOpaque()
        }
        var code: Int32 = 0
        try withExtendedLifetime(relay) {
            try problem.run { kam_glpk_intopt($0, &params, &code) }
        }
        let last = params.last
        var result = try read(which: 2, withDuals: false)
        let hasIncumbent = result.info.status == GLP_OPT || result.info.status == GLP_FEAS
        var status: Solution.Status
        switch code {
        case 0:
            status = result.info.status == GLP_OPT ? .optimal
                : result.info.status == GLP_NOFEAS ? .infeasible : .noSolution
        case GLP_EMIPGAP: status = .optimal
        case GLP_ETMLIM: status = .timeLimit
        case GLP_ESTOP: status = hasIncumbent ? .feasible : .noSolution
        case GLP_ENOPFS: status = .infeasible
        case GLP_ENODFS: status = .unbounded
        default:
            throw LinearProgrammingError.solverError("glp_intopt failed: \(Self.describe(code))")
        }
        guard hasIncumbent else {
            var empty = Self.empty(status, model: model, iterations: Int(result.info.iterations))
            empty.nodes = Int(last.nodes)
            return empty
        }
        let provenOptimal = code == 0 && result.info.status == GLP_OPT
        result.solution.status = status
        result.solution.hasValues = true
        result.solution.warmStarted = warm != nil
        result.solution.nodes = Int(last.nodes)
        result.solution.mipGap = provenOptimal ? 0 : (last.has_incumbent != 0 && last.gap < .greatestFiniteMagnitude ? last.gap : nil)
        result.solution.bestBound = provenOptimal ? result.solution.objective : (last.has_bound != 0 ? last.bound : nil)
        // 3. Duals and their ranges: the LP with every integer variable fixed at its value.
        try addFixedDuals(to: &result.solution)
        try addRanges(to: &result.solution)
        return result.solution
    }

    /// Fixes the integer variables at their MIP values and re-solves the LP for duals and reduced costs.
    private func addFixedDuals(to solution: inout Solution) throws {
        for (index, variable) in model.variables.enumerated() where variable.kind != .continuous {
            try problem.setColumn(index, variable, bounds: .fixed(solution.values[index].rounded()))
        }
        let code = try simplex(method: .primalSimplex, presolve: false, limited: false)
        guard code == 0 else { return }
        let fixed = try read(which: 0, withDuals: true)
        guard fixed.info.status == GLP_OPT else { return }
        solution.duals = fixed.solution.duals
        solution.reducedCosts = fixed.solution.reducedCosts
        solution.iterations = fixed.solution.iterations
    }

    // MARK: Ranging

    /// Ranges the active bounds of `options.rangedConstraints` in GLPK's current basis, when it is
    /// optimal (after an interior point solve or a stopped search there is none: nothing is added).
    private func addRanges(to solution: inout Solution) throws {
        let rows = options.rangedConstraints.map { Int32($0.index + 1) }
        guard !rows.isEmpty else { return }
        var lower = [Double](repeating: 0, count: rows.count), upper = lower
        var status = [Int32](repeating: 0, count: rows.count)
        try problem.run { kam_glpk_analyze_rows($0, Int32(rows.count), rows, &lower, &upper, &status) }
        for k in rows.indices where status[k] == 0 {
            solution.boundRanges[Int(rows[k]) - 1] = BoundRange(
                lower: lower[k] <= -.greatestFiniteMagnitude ? -.infinity : lower[k],
                upper: upper[k] >= .greatestFiniteMagnitude ? .infinity : upper[k])
        }
    }

    // MARK: Reading

    /// Reads a solution (which: 0 simplex, 1 interior, 2 MIP); status is left for the caller.
    private func read(which: Int32, withDuals: Bool) throws -> (solution: Solution, info: kam_solution_info) {
        let columns = model.variables.count
        let rows = model.constraints.count
        var values = [Double](repeating: 0, count: columns)
        var activities = [Double](repeating: 0, count: rows)
        var reducedCosts = [Double](repeating: 0, count: withDuals ? columns : 0)
        var duals = [Double](repeating: 0, count: withDuals ? rows : 0)
        var info = kam_solution_info()
        try values.withUnsafeMutableBufferPointer { values in
            try activities.withUnsafeMutableBufferPointer { activities in
                try reducedCosts.withUnsafeMutableBufferPointer { reducedCosts in
                    try duals.withUnsafeMutableBufferPointer { duals in
                        try problem.run {
                            kam_glpk_read_solution(
                                $0, which, &info, values.baseAddress,
                                withDuals ? reducedCosts.baseAddress : nil,
                                activities.baseAddress, withDuals ? duals.baseAddress : nil)
                        }
                    }
                }
            }
        }
        let solution = Solution(
            status: .noSolution, hasValues: false, objective: info.objective, values: values,
            rowActivities: activities, duals: duals, reducedCosts: reducedCosts, mipGap: nil,
            bestBound: nil, iterations: Int(info.iterations), nodes: 0, wallTime: 0, log: "")
        return (solution, info)
    }

    /// A solution without values.
    static func empty(_ status: Solution.Status, model: LinearModel, iterations: Int = 0) -> Solution {
        Solution(
            status: status, hasValues: false, objective: .nan, values: [], rowActivities: [], duals: [],
            reducedCosts: [], mipGap: nil, bestBound: nil, iterations: iterations, nodes: 0,
            wallTime: 0, log: "")
    }

    /// GLPK's return codes in words.
    static func describe(_ code: Int32) -> String {
        switch code {
        case GLP_EBADB: "GLP_EBADB (invalid initial basis)"
        case GLP_ESING: "GLP_ESING (singular basis matrix)"
        case GLP_ECOND: "GLP_ECOND (ill-conditioned basis matrix)"
        case GLP_EBOUND: "GLP_EBOUND (incorrect bounds)"
        case GLP_EFAIL: "GLP_EFAIL (solver failure)"
        case GLP_EOBJLL: "GLP_EOBJLL (objective lower limit reached)"
        case GLP_EOBJUL: "GLP_EOBJUL (objective upper limit reached)"
        case GLP_EITLIM: "GLP_EITLIM (iteration limit exceeded)"
        case GLP_ETMLIM: "GLP_ETMLIM (time limit exceeded)"
        case GLP_ENOPFS: "GLP_ENOPFS (no primal feasible solution)"
        case GLP_ENODFS: "GLP_ENODFS (no dual feasible solution)"
        case GLP_EROOT: "GLP_EROOT (root LP optimum not provided)"
        case GLP_ESTOP: "GLP_ESTOP (search terminated by application)"
        case GLP_EMIPGAP: "GLP_EMIPGAP (relative MIP gap tolerance reached)"
        case GLP_ENOCVG: "GLP_ENOCVG (no convergence)"
        case GLP_EINSTAB: "GLP_EINSTAB (numerical instability)"
        default: "return code \(code)"
        }
    }
}

extension Solution {
    /// The same solution without duals and reduced costs (they mean nothing for a non-optimal basis).
    func droppingDuals() -> Solution {
        var copy = self
        copy.duals = []
        copy.reducedCosts = []
        return copy
    }
}

/// Carries the Swift progress callback through GLPK's C callback.
final class ProgressRelay {
    let callback: @Sendable (MIPProgress) -> MIPProgress.Action
    let clock: ContinuousClock
    let start: ContinuousClock.Instant

    init(callback: @escaping @Sendable (MIPProgress) -> MIPProgress.Action, clock: ContinuousClock, start: ContinuousClock.Instant) {
        self.callback = callback
        self.clock = clock
        self.start = start
    }

    /// The C function GLPK's shim calls; it only converts numbers and asks the Swift callback.
    static let trampoline: kam_mip_progress_fn = { context, progress in
        guard let context, let progress else { return 0 }
        let relay = Unmanaged<ProgressRelay>.fromOpaque(context).takeUnretainedValue()
        let p = progress.pointee
        let report = MIPProgress(
            incumbent: p.has_incumbent != 0 ? p.incumbent : nil,
            bound: p.has_bound != 0 ? p.bound : nil,
            gap: p.has_incumbent != 0 && p.gap < .greatestFiniteMagnitude ? p.gap : nil,
            nodes: Int(p.nodes), improved: p.improved != 0,
            elapsed: Double(seconds: relay.clock.now - relay.start))
        return relay.callback(report) == .stop ? 1 : 0
    }
}
