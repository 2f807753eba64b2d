/// Solves `model` with GLPK and returns the solution; check `status` before reading values.
///
/// The model and options are validated first (nothing invalid reaches GLPK); a GLPK error
/// comes back as a thrown `LinearProgrammingError.solverError`, never as a crash. The GLPK
/// problem is created, solved, read and deleted inside this one synchronous call, so
/// independent models may be solved on several threads (or tasks) at once.
/// Do not call `solve` from inside a `SolveOptions.progress` callback.
public func solve(_ model: LinearModel, options: SolveOptions = SolveOptions()) throws -> Solution {
    let clock = ContinuousClock()
    let start = clock.now
    try model.validate()
    let problems = options.validationProblems(for: model)
    if !problems.isEmpty { throw LinearProgrammingError.invalidOptions(problems) }

    return try GLPKSession.run(verbose: options.verbose, memoryLimit: options.memoryLimit) {
        let problem = try GLPKProblem()
        defer { problem.close() }
        try problem.load(model)
        let run = GLPKRun(problem: problem, model: model, options: options, clock: clock, start: start)
        var solution = model.isMixedInteger ? try run.solveMIP() : try run.solveLP()
        solution.wallTime = Double(seconds: clock.now - start)
        solution.log = GLPKSession.log()
        return solution
    }
}

extension Double {
    /// A duration in seconds (the one conversion every module uses).
    public init(seconds duration: Duration) {
        let (seconds, attoseconds) = duration.components
        self = Double(seconds) + Double(attoseconds) * 1e-18
    }
}
