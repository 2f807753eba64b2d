/// An account manager (大客户经理): leads the virtual teams of their accounts and visits them.
public struct Manager: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var region: String?
    /// Hours of visits and travel a day; nil means `policy.visits.managerHoursPerDay`.
    public var hoursPerDay: Double?
    /// Days of the plan week the manager is away.
    public var unavailableDays: [CalendarDate]

    public init(id: String, name: String? = nil, region: String? = nil, hoursPerDay: Double? = nil, unavailableDays: [CalendarDate] = []) {
        self.id = id
        self.name = name ?? id
        self.region = region
        self.hoursPerDay = hoursPerDay
        self.unavailableDays = unavailableDays
    }
}

/// A skill an expert has, with a proficiency in (0, 1].
public struct Skill: Sendable, Hashable {
    public var name: String
    public var proficiency: Double

    public init(_ name: String, proficiency: Double) {
        self.name = name
        self.proficiency = proficiency
    }
}

/// A shared specialist lent to accounts' virtual teams for a number of hours a week.
public struct Expert: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var region: String?
    public var weeklyHours: Double
    /// In the order the file gives them.
    public var skills: [Skill]
    public var unavailableWeeks: [ISOWeek]
    /// At most this many distinct accounts in the week.
    public var maxAccounts: Int?
    /// The share of the week's hours that may be booked; nil means `policy.allocation.maxUtilization`.
    public var maxUtilization: Double?

    public init(id: String, name: String? = nil, region: String? = nil, weeklyHours: Double = 40, skills: [Skill],
                unavailableWeeks: [ISOWeek] = [], maxAccounts: Int? = nil, maxUtilization: Double? = nil) {
        self.id = id
        self.name = name ?? id
        self.region = region
        self.weeklyHours = weeklyHours
        self.skills = skills
        self.unavailableWeeks = unavailableWeeks
        self.maxAccounts = maxAccounts
        self.maxUtilization = maxUtilization
    }

    /// The proficiency in `skill`, or nil when the expert does not have it.
    public func proficiency(in skill: String) -> Double? {
        skills.first { $0.name == skill }?.proficiency
    }

    /// Hours available in `week`: 0 when the expert is unavailable that week.
    public func capacity(in week: ISOWeek) -> Double {
        unavailableWeeks.contains(week) ? 0 : weeklyHours
    }

    /// Hours that may be booked in `week`: the capacity times the utilization cap (the expert's
    /// own, else `policyCap`).
    public func bookableHours(in week: ISOWeek, policyCap: Double) -> Double {
        capacity(in: week) * (maxUtilization ?? policyCap)
    }
}

/// A customer.
public struct Account: Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    /// The id of the account's manager.
    public var manager: String
    public var region: String?
    public var revenue: Double
    public var profit: Double?
    /// An explicit value basis overriding profit and revenue.
    public var value: Double?
    /// An explicit tier; wins over the tiering method.
    public var tier: Tier?
    public var stage: Stage
    public var lastVisit: CalendarDate?
    /// The last call, for a tier's call cadence (an addition to docs/scenario-format.md's account fields).
    public var lastCall: CalendarDate?
    public var oneOffPurchase: Bool

    public init(id: String, name: String? = nil, manager: String, region: String? = nil, revenue: Double = 0,
                profit: Double? = nil, value: Double? = nil, tier: Tier? = nil, stage: Stage = .stabilize,
                lastVisit: CalendarDate? = nil, lastCall: CalendarDate? = nil, oneOffPurchase: Bool = false) {
        self.id = id
        self.name = name ?? id
        self.manager = manager
        self.region = region
        self.revenue = revenue
        self.profit = profit
        self.value = value
        self.tier = tier
        self.stage = stage
        self.lastVisit = lastVisit
        self.lastCall = lastCall
        self.oneOffPurchase = oneOffPurchase
    }

    /// The last contact on `channel`: `lastVisit` or `lastCall`.
    public func lastContact(_ channel: ContactChannel) -> CalendarDate? {
        switch channel {
        case .visit: lastVisit
        case .call: lastCall
        }
    }

    /// The allocation's value basis: `value`, else `profit`, else `revenue`, clamped at 0.
    public var valueBasis: Double { max(0, value ?? profit ?? revenue) }
}

/// A manager's request for expert hours for one account this week.
public struct ExpertRequest: Sendable, Hashable, Identifiable {
    public var id: String
    public var account: String
    public var skill: String
    public var hours: Double
    public var priority: Priority
    /// The expert must be in the account's region.
    public var onsite: Bool
    /// All hours from one expert, or none.
    public var singleExpert: Bool
    public var requestedBy: String?
    /// The manager's note for the planner (free text), carried to lists, plan.json and reports.
    public var note: String?
    /// The id of the `recurring` entry this week's request comes from; nil for a one-off request.
    public var recurring: String? = nil

    public init(id: String, account: String, skill: String, hours: Double, priority: Priority = .normal,
                onsite: Bool = false, singleExpert: Bool = false, requestedBy: String? = nil, note: String? = nil) {
        self.id = id
        self.account = account
        self.skill = skill
        self.hours = hours
        self.priority = priority
        self.onsite = onsite
        self.singleExpert = singleExpert
        self.requestedBy = requestedBy
        self.note = note
    }
}

/// Last week's hours of one expert on one account, for continuity.
public struct HistoryEntry: Sendable, Hashable {
    public var expert: String
    public var account: String
    public var hours: Double

    public init(expert: String, account: String, hours: Double) {
        self.expert = expert
        self.account = account
        self.hours = hours
    }
}

/// One planning problem for one ISO week.
public struct Scenario: Sendable, Hashable {
    public var name: String
    public var week: ISOWeek
    public var policy: Policy
    public var managers: [Manager]
    public var experts: [Expert]
    public var accounts: [Account]
    public var requests: [ExpertRequest]
    public var history: [HistoryEntry]
    /// The planner's pins and exclusions (Controls.swift).
    public var pins: [Pin]
    public var exclusions: [Exclusion]
    /// Requests that repeat every week of a span; those of `week` are also in `requests`.
    public var recurring: [RecurringRequest] = []
    /// What kam knows about key accounts beyond their numbers, at most one file per account.
    public var accountFiles: [AccountFile] = []

    /// The account file of `account`, if it has one.
    public func accountFile(_ account: String) -> AccountFile? { accountFiles.first { $0.account == account } }

    public init(name: String, week: ISOWeek, policy: Policy = Policy(), managers: [Manager] = [], experts: [Expert] = [],
                accounts: [Account] = [], requests: [ExpertRequest] = [], history: [HistoryEntry] = [],
                pins: [Pin] = [], exclusions: [Exclusion] = []) {
        self.name = name
        self.week = week
        self.policy = policy
        self.managers = managers
        self.experts = experts
        self.accounts = accounts
        self.requests = requests
        self.history = history
        self.pins = pins
        self.exclusions = exclusions
    }
}
