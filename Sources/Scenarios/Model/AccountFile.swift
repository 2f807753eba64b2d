/// What kam knows about a key account beyond its numbers (the scenario's `accountFiles`, one per
/// account, inline or in a file of its own): the people, the dates that matter to them, where the
/// relationship stands and has been, who competes for it, and the customer's financial figures.
/// Personal data: reports show contacts only to the account's manager and planners.
public struct AccountFile: Sendable, Hashable {
    public var account: String
    /// A planner's mark: kept for brand value despite low profit; never flagged as a fake key account.
    public var strategic: Bool
    public var contacts: [Contact]
    public var keyDates: [KeyDate]
    /// The relationship's stages, oldest first.
    public var stages: [StageChange]
    public var competitors: [String]
    public var notes: String?
    /// The customer's figures per period, oldest first.
    public var financials: [FinancialPeriod]
    public var servicePlan: ServicePlan?

    public init(account: String, strategic: Bool = false, contacts: [Contact] = [], keyDates: [KeyDate] = [], stages: [StageChange] = [],
                competitors: [String] = [], notes: String? = nil, financials: [FinancialPeriod] = [], servicePlan: ServicePlan? = nil) {
        self.account = account
        self.strategic = strategic
        self.contacts = contacts
        self.keyDates = keyDates
        self.stages = stages
        self.competitors = competitors
        self.notes = notes
        self.financials = financials
        self.servicePlan = servicePlan
    }
}

/// A person at the customer.
public struct Contact: Sendable, Hashable {
    public enum Influence: String, Sendable, Hashable, CaseIterable, Codable {
        case decisionMaker, influencer, user, gatekeeper
    }

    public var name: String
    public var role: String?
    public var influence: Influence?
    public var notes: String?

    public init(name: String, role: String? = nil, influence: Influence? = nil, notes: String? = nil) {
        (self.name, self.role, self.influence, self.notes) = (name, role, influence, notes)
    }
}

/// A date that matters to the customer. Birthdays and anniversaries come back every year (a full
/// date gives the year it started); a contract renewal or another date written in full happens
/// once, written as MM-DD every year.
public struct KeyDate: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable, Codable {
        case birthday, companyAnniversary, contractRenewal, partnershipAnniversary, other

        /// Whether a full date still comes back every year (birthdays and anniversaries).
        public var isYearly: Bool { self != .contractRenewal && self != .other }
    }

    public var kind: Kind
    public var month: Int
    public var day: Int
    /// The year, when the date was written in full.
    public var year: Int?
    /// Whose date it is (a contact's name), for birthdays.
    public var contact: String?
    public var note: String?

    public init(kind: Kind, month: Int, day: Int, year: Int? = nil, contact: String? = nil, note: String? = nil) {
        (self.kind, self.month, self.day, self.year, self.contact, self.note) = (kind, month, day, year, contact, note)
    }

    /// Whether it comes back every year: yearly kinds, and any date written without a year.
    public var recurs: Bool { year == nil || kind.isYearly }

    /// The days of `week` it falls on (none or one); 29 February only in leap years.
    public func occurrence(in week: ISOWeek) -> CalendarDate? {
        for offset in 0..<7 {
            let date = week.monday.adding(days: offset)
            guard date.month == month, date.day == day else { continue }
            if recurs ? (year.map { date.year >= $0 } ?? true) : date.year == year { return date }
        }
        return nil
    }

    /// The first day on or after `date` it falls on (a yearly date within the next eight years,
    /// so a 29 February is found); nil for a one-off date already past.
    public func next(onOrAfter date: CalendarDate) -> CalendarDate? {
        guard recurs else {
            guard let year, let day = CalendarDate(year: year, month: month, day: self.day) else { return nil }
            return day >= date ? day : nil
        }
        for year in max(date.year, self.year ?? date.year)...(max(date.year, self.year ?? date.year) + 8) {
            if let day = CalendarDate(year: year, month: month, day: self.day), day >= date { return day }
        }
        return nil
    }

    /// "03-14" or "2027-03-31", as written.
    public var text: String {
        let monthDay = String(zeroPadded: month, width: 2) + "-" + String(zeroPadded: day, width: 2)
        return year.map { String(zeroPadded: $0, width: 4) + "-" + monthDay } ?? monthDay
    }
}

/// The relationship entered `stage` on `from`.
public struct StageChange: Sendable, Hashable {
    public var stage: Stage
    public var from: CalendarDate

    public init(stage: Stage, from: CalendarDate) { (self.stage, self.from) = (stage, from) }
}

/// The customer's figures for one period (a year, a half, a quarter: its label is free text), and
/// our own sales to it and profit on them. Any figure may be missing; a ratio needing it is then
/// not computed.
public struct FinancialPeriod: Sendable, Hashable {
    public enum Figure: String, Sendable, Hashable, CaseIterable, Codable {
        case currentAssets, currentLiabilities, netProfit, revenue, totalAssets, receivables, inventory, costOfSales
        /// Our sales to the customer in the period, and our profit on them.
        case ourRevenue, ourProfit
    }

    public var period: String
    public var figures: [Figure: Double]

    public init(period: String, figures: [Figure: Double] = [:]) { (self.period, self.figures) = (period, figures) }

    public subscript(_ figure: Figure) -> Double? {
        get { figures[figure] }
        set { figures[figure] = newValue }
    }
}
