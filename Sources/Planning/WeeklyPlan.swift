import Allocation
import Dispatch
import Scenarios
import Synchronization
import Visits

/// Everything kam decides for one scenario: tiers, the allocation and the visit calendar.
public struct WeeklyPlan: Sendable {
    public let scenario: Scenario
    public let tiers: [TierAssignment]
    public let allocation: AllocationPlan
    public let visits: VisitPlan
    /// What `kam recommend --plan` needs to answer against this plan without the scenario; kept
    /// only when asked for (`make(_:options:visitCache:keepingRecommendationState:)`), written by
    /// `PlanFiles` as recommend-state.bin.
    public var recommendationState: RecommendationState?

    public init(scenario: Scenario, tiers: [TierAssignment], allocation: AllocationPlan, visits: VisitPlan) {
        self.scenario = scenario
        self.tiers = tiers
        self.allocation = allocation
        self.visits = visits
    }

    /// Allocates and schedules `scenario` (the pipeline without its timings), with the plan's
    /// recommendation state when `keepingRecommendationState`.
    public static func make(_ scenario: Scenario, options: AllocationOptions = AllocationOptions(),
                            visitCache: VisitPlanCache? = nil, keepingRecommendationState: Bool = false) throws -> WeeklyPlan {
        try PlanningPipeline.run(scenario, options: options, visitCache: visitCache, keepingRecommendationState: keepingRecommendationState).plan
    }

    /// Plans of several scenarios (`kam compare`): the first's allocation alone, then the others
    /// side by side on every core with the first's visits, sharing them where their visit inputs
    /// are the same. Books with binaries are planned one after another, so no search's time limit
    /// is shared with another. Each outcome in input order.
    /// With `againstBase` (and no reference in `options`) the others are re-planned against the
    /// first's allocation: `changePenalty` applies to hours moved away from it, and each plan lists its moves.
    public static func make(_ scenarios: [Scenario], options: AllocationOptions = AllocationOptions(),
                            againstBase: Bool = false) -> [Result<WeeklyPlan, any Error>] {
        guard let first = scenarios.first else { return [] }
        let rest = Array(scenarios.dropFirst())
        return make(base: first, options: options, againstBase: againstBase) { rest }!
    }

    /// Loads `paths` and plans them as `make(_:options:againstBase:)` does, the others loading
    /// while the first is allocated (when the first has no binaries, whose search keeps the
    /// machine to itself). `plans` is nil when a file does not load; `loads` has every file's
    /// result (diagnostics included) in input order either way.
    public static func load(comparing paths: [String], options: AllocationOptions = AllocationOptions(),
                            againstBase: Bool = false) -> (loads: [LoadResult], plans: [Result<WeeklyPlan, any Error>]?) {
        guard let firstPath = paths.first else { return ([], []) }
        let first = ScenarioLoader.load(path: firstPath)
        let restPaths = Array(paths.dropFirst())
        guard let base = first.scenario else {
            return ([first] + ParallelChunks.map(restPaths) { ScenarioLoader.load(path: $0) }, nil)
        }
        let others = Mutex<[LoadResult]>([])
        let plans = make(base: base, options: options, againstBase: againstBase) {
            let loaded = ParallelChunks.map(restPaths) { ScenarioLoader.load(path: $0) }
            others.withLock { $0 = loaded }
            let scenarios = loaded.compactMap(\.scenario)
            return scenarios.count == loaded.count ? scenarios : nil
        }
        return ([first] + others.withLock { $0 }, plans)
    }

    /// The plans of `first` and of what `rest` gives (nil: nothing is planned). `rest` runs on
    /// another thread while `first` is allocated, unless `first` has binaries.
    static func make(base first: Scenario, options: AllocationOptions, againstBase: Bool,
                     rest loadRest: @escaping @Sendable () -> [Scenario]?) -> [Result<WeeklyPlan, any Error>]? {
        let visits = VisitPlanCache()
        let allocated: Result<PlanningPipeline.Run, any Error>
        let rest: [Scenario]?
        if first.hasBinaries {
            rest = loadRest()
            guard rest != nil else { return nil }
            allocated = Result { try PlanningPipeline.run(first, options: options, visits: false) }
        } else {
            let loaded = Mutex<[Scenario]?>(nil)
            let group = DispatchGroup()
            DispatchQueue.global().async(group: group) { loaded.withLock { $0 = loadRest() } }
            allocated = Result { try PlanningPipeline.run(first, options: options, visits: false) }
            group.wait()
            rest = loaded.withLock { $0 }
        }
        guard let rest else { return nil }
        var options = options
        if againstBase, options.reference == nil, case .success(let run) = allocated {
            options.reference = ReferencePlan(source: "the base plan (\(first.name))", plan: run.plan.allocation)
        }
        // The first plan: its allocation with its visits (what planning it alone gives).
        let base = { @Sendable () -> Result<WeeklyPlan, any Error> in
            allocated.flatMap { run in
                Result {
                    let plan = run.plan
                    let schedule = try visits.plan(for: VisitInputs(first)) { try VisitScheduler.schedule(first, tiers: plan.tiers) }
                    return WeeklyPlan(scenario: first, tiers: plan.tiers, allocation: plan.allocation, visits: schedule)
                }
            }
        }
        if first.hasBinaries || rest.contains(where: \.hasBinaries) {
            return [base()] + rest.map { scenario in Result { try make(scenario, options: options, visitCache: visits) } }
        }
        // The first's visits beside the others' allocations; a what-if with the same visit inputs waits for them.
        let quiet = { var quiet = options; quiet.progress = nil; return quiet }()  // one progress line cannot show several searches
        return ParallelChunks.map([nil] + rest.map(Optional.some)) { (scenario: Scenario?) -> Result<WeeklyPlan, any Error> in
            guard let scenario else { return base() }
            return Result { try make(scenario, options: quiet, visitCache: visits) }
        }
    }

    /// Tier of each account id.
    public var tierOfAccount: [String: Tier] { Self.tierOfAccount(scenario, tiers) }

    public static func tierOfAccount(_ scenario: Scenario, _ tiers: [TierAssignment]) -> [String: Tier] {
        Dictionary(uniqueKeysWithValues: zip(scenario.accounts.map(\.id), tiers.map(\.tier)))
    }

    /// Requested and allocated hours per tier (every tier, zeros included).
    public static func hoursByTier(_ allocation: AllocationPlan, _ tierOf: [String: Tier]) -> [Tier: Hours] {
        var byTier: [Tier: Hours] = [:]
        for tier in Tier.allCases { byTier[tier] = Hours(requested: 0, allocated: 0) }
        for outcome in allocation.requests {
            let tier = tierOf[outcome.account] ?? .lead
            byTier[tier]!.requested += outcome.requested
            byTier[tier]!.allocated += outcome.allocated
        }
        return byTier
    }

    /// Headline figures, shared by the summary, the HTML report and comparisons.
    /// Hours requested and allocated.
    public struct Hours: Sendable, Hashable {
        public var requested: Double
        public var allocated: Double

        /// allocated / requested, or nil when nothing was requested.
        public var coverage: Double? { requested > 0 ? allocated / requested : nil }
    }

    public struct Figures: Sendable, Hashable {
        public var objective: Double
        public var requested: Double
        public var allocated: Double
        /// Requested and allocated hours per tier (every tier, zeros included).
        public var byTier: [Tier: Hours]
        public var unmetHours: Double
        public var unmetRequests: Int
        public var unmetPlatinumHours: Double
        public var visitsScheduled: Int
        public var visitsUnscheduled: Int
        public var travelHours: Double
    }

    public var figures: Figures {
        let tierOf = tierOfAccount
        let byTier = Self.hoursByTier(allocation, tierOf)
        let unmet = allocation.requests.filter { $0.unmet > 0 }
        return Figures(
            objective: allocation.objective,
            requested: allocation.requests.reduce(0) { $0 + $1.requested },
            allocated: allocation.requests.reduce(0) { $0 + $1.allocated },
            byTier: byTier,
            unmetHours: unmet.reduce(0) { $0 + $1.unmet }, unmetRequests: unmet.count,
            unmetPlatinumHours: unmet.filter { tierOf[$0.account] == .platinum }.reduce(0) { $0 + $1.unmet },
            visitsScheduled: visits.scheduled.count, visitsUnscheduled: visits.unscheduled.count, travelHours: visits.travelHours)
    }
}

extension Scenario {
    /// Requests for a single expert, or experts with a cap on accounts: the allocation is a MIP.
    var hasBinaries: Bool { requests.contains(where: \.singleExpert) || experts.contains { $0.maxAccounts != nil } }
}
