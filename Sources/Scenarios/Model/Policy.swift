/// Tiering, allocation and visit rules; every field has the default of docs/scenario-format.md.
public struct Policy: Sendable, Hashable {
    public var tiering = TieringPolicy()
    public var allocation = AllocationPolicy()
    public var visits = VisitPolicy()
    public var requests = RequestPolicy()
    public var health = HealthPolicy()
    public var weeks = WeekWindow()

    public init() {}
}

/// The weeks a workspace plans, files requests for and takes pins for, around today: `back`
/// weeks before the current one to `ahead` weeks after it (a typo such as 9999-W52 is refused
/// instead of planned).
public struct WeekWindow: Sendable, Hashable {
    public var back = 8
    public var ahead = 60

    public init() {}

    /// The first and last week of the window around `today`.
    public func range(today: CalendarDate) -> ClosedRange<ISOWeek> {
        let current = ISOWeek(containing: today)
        return current.adding(weeks: -back)...current.adding(weeks: ahead)
    }
}

/// Whether a request filed in a workspace needs a planner's approval before it is planned.
public enum ApprovalRule: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every filed request is planned (the default, and how kam always worked).
    case auto
    /// A filed request waits (`submitted`) until a planner approves it; rejected ones are never planned.
    case required
}

/// Rules for requests filed in a workspace (requests written in a scenario file are the planner's own).
public struct RequestPolicy: Sendable, Hashable {
    public var approval = ApprovalRule.auto

    public init() {}
}

/// What tiers are ranked by.
public enum ValueBasisKind: String, Sendable, Hashable, CaseIterable, Codable {
    case revenue, profit, value
}

public enum TieringMethod: String, Sendable, Hashable, CaseIterable, Codable {
    /// Revenue pyramid: top 1%, next 4%, next 15%, the rest.
    case pyramid
    /// 80/20: tiers by cumulative share of the basis.
    case pareto
}

/// A number for platinum, gold and iron (lead is the rest).
public struct TierThresholds: Sendable, Hashable {
    public var platinum: Double
    public var gold: Double
    public var iron: Double

    public init(platinum: Double, gold: Double, iron: Double) {
        (self.platinum, self.gold, self.iron) = (platinum, gold, iron)
    }
}

public struct TieringPolicy: Sendable, Hashable {
    public var method: TieringMethod = .pyramid
    /// nil: revenue for the pyramid, profit for Pareto.
    public var by: ValueBasisKind?
    /// Shares of the ranked accounts: platinum 1%, gold the next 4%, iron the next 15%.
    public var pyramid = TierThresholds(platinum: 0.01, gold: 0.04, iron: 0.15)
    /// Cumulative shares of the basis below which an account gets the tier.
    public var pareto = TierThresholds(platinum: 0.5, gold: 0.8, iron: 0.95)
    /// Profit / revenue below this flags an account `lowMargin`.
    public var lowMargin = 0.05

    public init() {}

    /// The basis actually used.
    public var effectiveBasis: ValueBasisKind { by ?? (method == .pyramid ? .revenue : .profit) }
}

public struct AllocationPolicy: Sendable, Hashable {
    public var eligibleTiers: [Tier] = [.platinum, .gold]
    public var tierWeight: [Tier: Double] = [.platinum: 4, .gold: 2, .iron: 1, .lead: 0.5]
    public var stageWeight: [Stage: Double] = [.establish: 1.25, .stabilize: 1.0, .strengthen: 1.1]
    public var priorityWeight: [Priority: Double] = [.low: 0.5, .normal: 1, .high: 1.5, .critical: 2]
    public var valueExponent = 0.5
    public var continuityBonus = 0.2
    /// Share of a request's hours that must be met (or paid for as shortfall), by tier.
    public var minimumService: [Tier: Double] = [.platinum: 0.75]
    public var shortfallPenalty = 100.0
    public var timeLimitSeconds = 60.0
    public var mipGap = 0.0001
    /// The share of each expert's hours that may be booked (an expert's `maxUtilization` overrides it).
    public var maxUtilization = 1.0
    /// Value given up per hour moved away from a reference plan (re-planning a published week).
    public var changePenalty = 0.0
    /// Extra value for key accounts at financial risk: an account's value is multiplied by
    /// 1 + (healthWeight - 1) x (1 - health score / 100); 1 (the default) changes nothing.
    public var healthWeight = 1.0

    public init() {}
}

public enum CadencePeriod: String, Sendable, Hashable, CaseIterable, Codable {
    case week, month, quarter, year

    /// Days in the period: week 7, month 30, quarter 91, year 365.
    public var days: Int {
        switch self {
        case .week: 7
        case .month: 30
        case .quarter: 91
        case .year: 365
        }
    }
}

/// How a manager keeps in touch with an account: a visit (travel, a slot in the visit plan) or a
/// call (no travel; placed in the days' time left after the visits).
public enum ContactChannel: String, Sendable, Hashable, CaseIterable, Codable {
    case visit, call
}

/// `count` visits (or calls) `per` period.
public struct Cadence: Sendable, Hashable {
    public var count: Int
    public var per: CadencePeriod

    public init(count: Int, per: CadencePeriod) {
        self.count = count
        self.per = per
    }
}

/// A time of day, "HH:MM".
public struct TimeOfDay: Sendable, Hashable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init?(hour: Int, minute: Int) {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        (self.hour, self.minute) = (hour, minute)
    }

    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else { return nil }
        self.init(hour: hour, minute: minute)
    }

    public var description: String { String(format2: hour) + ":" + String(format2: minute) }
}

public struct VisitPolicy: Sendable, Hashable {
    /// nil for a tier means no visits (`none`).
    public var cadence: [Tier: Cadence?] = [
        .platinum: Cadence(count: 2, per: .week), .gold: Cadence(count: 2, per: .month),
        .iron: Cadence(count: 2, per: .quarter), .lead: nil,
    ]
    /// Calls per tier (a cadence entry with `channel: call`); a tier not listed gets none.
    public var calls: [Tier: Cadence] = [:]
    /// Hours one visit takes, by tier.
    public var duration: [Tier: Double] = [.platinum: 2, .gold: 1.5, .iron: 1, .lead: 1]
    /// Hours one call takes, by tier.
    public var callDuration: [Tier: Double] = [.platinum: 0.25, .gold: 0.25, .iron: 0.25, .lead: 0.25]
    public var workdays: [Weekday] = [.monday, .tuesday, .wednesday, .thursday, .friday]
    /// Charged once for each (region, day) a manager visits.
    public var travelHours = 1.0
    public var managerHoursPerDay = 8.0
    public var dayStart = TimeOfDay(hour: 9, minute: 0)!
    /// Seconds one manager's scheduling MIP may take (an addition to docs/scenario-format.md's keys).
    public var timeLimitSeconds = 10.0

    public init() {}

    /// The tier's cadence on `channel`, nil when it has none.
    public func cadence(_ tier: Tier, _ channel: ContactChannel) -> Cadence? {
        switch channel {
        case .visit: cadence[tier] ?? nil
        case .call: calls[tier]
        }
    }

    /// Hours one contact on `channel` takes for `tier`.
    public func duration(_ tier: Tier, _ channel: ContactChannel) -> Double {
        switch channel {
        case .visit: duration[tier] ?? 1
        case .call: callDuration[tier] ?? 0.25
        }
    }
}
