import Allocation
import Foundation
import Scenarios
import Visits

/// The weekly pipeline, phase by phase, timed: load, build (the allocation model), solve (the
/// min-cost flow basis, then GLPK from it), explain (plan, reasons, shadow prices), visits (every manager's
/// MIP, in parallel) and write (whatever the caller renders or writes). `WeeklyPlan.make`,
/// `kam plan` and `kam bench` all run it, so what is measured is what runs.
public enum PlanningPipeline {
    /// Wall time of each phase.
    public struct Timings: Sendable {
        public var load = Duration.zero
        /// The load phase's parts (read, parse, decode and validate).
        public var loadPhases = LoadPhases()
        public var build = Duration.zero
        /// The network simplex that finds the starting basis (zero for a MIP).
        public var flow = Duration.zero
        /// GLPK from that basis (the columns at zero priced out), or from scratch.
        public var glpk = Duration.zero
        public var explain = Duration.zero
        public var visits = Duration.zero
        public var write = Duration.zero

        public var solve: Duration { flow + glpk }
        public var total: Duration { load + build + solve + explain + visits + write }
    }

    /// A plan with how it was made.
    public struct Run: Sendable {
        public var plan: WeeklyPlan
        public var timings: Timings
        public var candidatePairs: Int
        public var rows: Int
        /// GLPK's simplex iterations, and whether it started from the flow basis.
        public var iterations: Int
        public var warmStarted: Bool
        /// A flow basis was offered (a pure LP); false for a MIP.
        public var basisOffered: Bool
    }

    public enum Failure: CategorizedError {
        /// The scenario file has errors (each located).
        case invalidScenario(file: String, errors: [Diagnostic])

        public var category: ErrorCategory { .invalid }

        public var description: String {
            switch self {
            case .invalidScenario(let file, let errors):
                errors.map(\.description).joined(separator: "\n") + "\n\(file): \(NumberFormat.count(errors.count, "error")); nothing was planned"
            }
        }
    }

    /// Loads `file`, then runs the pipeline on it.
    public static func run(file: String, options: AllocationOptions = AllocationOptions(), visits: Bool = true,
                           write: ((WeeklyPlan) throws -> Void)? = nil) throws -> Run {
        let clock = ContinuousClock()
        var phases = LoadPhases()
        let start = clock.now
        let loaded = ScenarioLoader.load(path: file, phases: &phases)
        let load = clock.now - start
        guard let scenario = loaded.scenario else { throw Failure.invalidScenario(file: file, errors: loaded.errors) }
        var run = try self.run(scenario, options: options, visits: visits, write: write)
        run.timings.load = load
        run.timings.loadPhases = phases
        return run
    }

    /// Runs the pipeline on a scenario already loaded. With `visits: false` the plan has no visits.
    /// `visitCache` lends the visit plan of an earlier run with the same visit inputs.
    /// `keepingRecommendationState`: the plan carries its `RecommendationState` (for its plan directory).
    public static func run(_ scenario: Scenario, options: AllocationOptions = AllocationOptions(), visits: Bool = true,
                           visitCache: VisitPlanCache? = nil, keepingRecommendationState: Bool = false,
                           write: ((WeeklyPlan) throws -> Void)? = nil) throws -> Run {
        let clock = ContinuousClock()
        var timings = Timings()
        func lap<T>(_ phase: WritableKeyPath<Timings, Duration>, _ body: () throws -> T) rethrows -> T {
            let start = clock.now
            defer { timings[keyPath: phase] += clock.now - start }
            return try body()
        }
        let problem = try lap(\.build) { try Allocator.problem(scenario, options: options) }
        let timed = try Allocator.timedSolution(problem, options: options)
        let solution = timed.solution
        timings.flow = timed.flow
        timings.glpk = timed.glpk
        let allocation = try lap(\.explain) { try Allocator.plan(problem, solution) }
        let visitPlan = try lap(\.visits) {
            guard visits else { return VisitPlan.none }
            guard let visitCache else { return try VisitScheduler.schedule(scenario, tiers: problem.tiers) }
            return try visitCache.plan(for: VisitInputs(scenario)) { try VisitScheduler.schedule(scenario, tiers: problem.tiers) }
        }
        var plan = WeeklyPlan(scenario: scenario, tiers: problem.tiers, allocation: allocation, visits: visitPlan)
        if keepingRecommendationState {
            plan.recommendationState = lap(\.explain) {
                RecommendationState(problem: problem, plan: allocation, flowBasis: timed.flowBasis, options: options)
            }
        }
        if let write { try lap(\.write) { try write(plan) } }
        return Run(plan: plan, timings: timings, candidatePairs: problem.pairs.count, rows: problem.model.constraints.count,
                   iterations: solution.iterations, warmStarted: solution.warmStarted, basisOffered: timed.basisOffered)
    }
}
