import Scenarios

/// One visit that falls due this week.
public struct DueVisit: Sendable, Hashable {
    public var manager: String
    public var account: String
    /// 1 for the first visit to this account this week, 2 for the second...
    public var ordinal: Int
    public var tier: Tier
    /// The account's region, or nil ("no region": all such accounts count as one region).
    public var region: String?
    /// Hours the visit takes.
    public var hours: Double
    /// The account's last visit (for a due call: its last call) before this week, if known.
    public var lastVisit: CalendarDate?
}

/// The week's visit calendar for every manager.
public struct VisitPlan: Sendable, Hashable {
    public struct Scheduled: Sendable, Hashable {
        public var manager: String
        public var account: String
        public var ordinal: Int
        public var tier: Tier
        public var date: CalendarDate
        public var region: String?
        public var hours: Double
        /// Minutes after midnight, local (floating) time.
        public var startMinute: Int
        public var endMinute: Int
    }

    public enum Reason: String, Sendable, Hashable {
        /// The manager's days are full.
        case capacity
        /// The manager has no workday this week.
        case noWorkdays
    }

    public struct Unscheduled: Sendable, Hashable {
        public var manager: String
        public var account: String
        public var ordinal: Int
        public var reason: Reason
    }

    /// How one manager's schedule was solved.
    public struct ManagerSummary: Sendable, Hashable {
        public enum Status: String, Sendable, Hashable { case optimal, feasible, timeLimit, nothingDue, noWorkdays }
        public var manager: String
        public var status: Status
        public var mipGap: Double
        public var days: [CalendarDate]
        public var hoursPerDay: Double
        public var regionDays: Int
        public var travelHours: Double
        public var seconds: Double
    }

    /// Total travel hours: one charge per (manager, region, day) visited.
    public var travelHours: Double
    /// In manager order (input), then date, then start time.
    public var scheduled: [Scheduled]
    public var unscheduled: [Unscheduled]
    public var managers: [ManagerSummary]
    /// Calls (tiers with a call cadence), placed after the visits in the time the days have left:
    /// in manager order, then date, then start time.
    public var calls: [Scheduled]
    public var unscheduledCalls: [Unscheduled]

    public init(travelHours: Double, scheduled: [Scheduled], unscheduled: [Unscheduled], managers: [ManagerSummary],
                calls: [Scheduled] = [], unscheduledCalls: [Unscheduled] = []) {
        (self.travelHours, self.scheduled, self.unscheduled, self.managers) = (travelHours, scheduled, unscheduled, managers)
        (self.calls, self.unscheduledCalls) = (calls, unscheduledCalls)
    }
}

extension VisitPlan {
    /// No visits (a plan made without the visit phase).
    public static let none = VisitPlan(travelHours: 0, scheduled: [], unscheduled: [], managers: [])
}
