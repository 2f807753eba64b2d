import Allocation
import Scenarios
import Visits

/// Everything kam decides for one scenario: tiers, the allocation and the visit calendar.
public struct WeeklyPlan: Sendable {
    public let scenario: Scenario
    public let tiers: [TierAssignment]
    public let allocation: AllocationPlan
    public let visits: VisitPlan

    public init(scenario: Scenario, tiers: [TierAssignment], allocation: AllocationPlan, visits: VisitPlan) {
        self.scenario = scenario
        self.tiers = tiers
        self.allocation = allocation
        self.visits = visits
    }

    /// Allocates and schedules `scenario` (the pipeline without its timings).
    public static func make(_ scenario: Scenario, options: AllocationOptions = AllocationOptions(),
                            visitCache: VisitPlanCache? = nil) throws -> WeeklyPlan {
        try PlanningPipeline.run(scenario, options: options, visitCache: visitCache).plan
    }

    /// Plans of several scenarios (`kam compare`): the first alone, then the others side by side
    /// on every core, sharing the first's visits where their visit inputs are the same. Books with
    /// binaries are planned one after another, so no search's time limit is shared with another.
    /// Each outcome in input order.
    /// With `againstBase` (and no reference in `options`) the others are re-planned against the
    /// first's allocation: `changePenalty` applies to hours moved away from it, and each plan lists its moves.
    public static func make(_ scenarios: [Scenario], options: AllocationOptions = AllocationOptions(),
                            againstBase: Bool = false) -> [Result<WeeklyPlan, any Error>] {
        guard let first = scenarios.first else { return [] }
        let visits = VisitPlanCache()
        let base = Result { try make(first, options: options, visitCache: visits) }
        var options = options
        if againstBase, options.reference == nil, case .success(let plan) = base {
            options.reference = ReferencePlan(source: "the base plan (\(first.name))", plan: plan.allocation)
        }
        let rest = Array(scenarios.dropFirst())
        let hasBinaries = scenarios.contains { scenario in
            scenario.requests.contains(where: \.singleExpert) || scenario.experts.contains { $0.maxAccounts != nil }
        }
        if hasBinaries || rest.count < 2 {
            return [base] + rest.map { scenario in Result { try make(scenario, options: options, visitCache: visits) } }
        }
        let quiet = { var quiet = options; quiet.progress = nil; return quiet }()  // one progress line cannot show several searches
        return [base] + ParallelChunks.map(rest) { scenario in Result { try make(scenario, options: quiet, visitCache: visits) } }
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
