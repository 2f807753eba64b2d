import Planning
import Scenarios
import Visits

/// The key dates of a plan's week (its accounts' files), per manager, with what each calls for:
/// a greeting for a birthday or an anniversary, preparation for a renewal.
public struct KeyDatesThisWeek: Sendable {
    public struct Entry: Sendable, Hashable {
        public var manager: String
        public var account: String
        public var date: CalendarDate
        /// "Lu Yao 陆瑶's birthday", "company anniversary (the 30th): gala dinner".
        public var what: String
        public var reminder: String
        /// The start minute of a visit to the account that day, if one is planned.
        public var visit: Int?
    }

    /// By manager (scenario order), then date, then account order.
    public let entries: [Entry]

    public init(_ plan: WeeklyPlan) { self.init(plan.scenario, visits: plan.visits) }

    /// The key dates of `scenario`'s week; `visits`, when planned, say whether a visit is that day.
    public init(_ scenario: Scenario, visits: VisitPlan?) {
        let dates = VisitScheduler.keyDates(scenario)
        let managerOrder = Dictionary(scenario.managers.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var entries: [(entry: Entry, order: (Int, Int, Int))] = []
        for (position, account) in scenario.accounts.enumerated() {
            for (date, keyDate) in dates[account.id] ?? [] {
                let what = AccountReport.what(keyDate, on: date)
                let visit = visits?.scheduled.first { $0.account == account.id && $0.date == date }?.startMinute
                entries.append((Entry(manager: account.manager, account: account.id, date: date, what: what,
                                      reminder: Self.reminder(keyDate), visit: visit),
                                (managerOrder[account.manager] ?? Int.max, date.dayNumber, position)))
            }
        }
        self.entries = entries.sorted { $0.order < $1.order }.map(\.entry)
    }

    static func reminder(_ date: KeyDate) -> String {
        switch date.kind {
        case .birthday: "send greetings" + (date.contact.map { " to \($0)" } ?? "")
        case .companyAnniversary, .partnershipAnniversary: "send congratulations"
        case .contractRenewal: "prepare the renewal"
        case .other: "mark the day"
        }
    }
}
