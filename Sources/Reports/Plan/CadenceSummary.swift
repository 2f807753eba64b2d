import Planning
import Scenarios
import Visits

/// The cadence view of one planned week: per tier and channel, how many accounts were overdue when
/// the week began, how many have a contact due this week, how many got every due contact scheduled
/// and how many fall behind; and the accounts that fall behind, the most late first.
public struct CadenceSummary: Sendable {
    public struct Row: Sendable, Hashable {
        public var tier: Tier
        public var channel: ContactChannel
        /// Accounts of the tier with a cadence on the channel.
        public var accounts: Int
        /// Next contact due before the week's Monday.
        public var overdue: Int
        /// Accounts with at least one contact due this week (docs/scenario-format.md's rule).
        public var due: Int
        /// Accounts with every due contact scheduled.
        public var kept: Int
        /// Accounts with a due contact that found no place this week.
        public var behind: Int
    }

    /// An account with a due contact left unscheduled this week.
    public struct Behind: Sendable, Hashable {
        public var account: String
        public var manager: String
        public var tier: Tier
        public var channel: ContactChannel
        public var lastContact: CalendarDate?
        public var nextDue: CalendarDate?
        /// Days from the next due date to the week's last workday (0 when due that day or never made).
        public var daysLate: Int
        /// Contacts due this week that found no place.
        public var missing: Int
        public var reason: VisitPlan.Reason
    }

    public let rows: [Row]
    /// Most late first, then tier, channel and account.
    public let behind: [Behind]

    public init(_ plan: WeeklyPlan) {
        let scenario = plan.scenario
        let statuses = CadenceView.statuses(scenario, tiers: plan.tiers, today: scenario.week.monday)
        let lastWorkday = DueVisits.workdays(scenario).last ?? scenario.week.date(of: .sunday)
        var scheduled: [CadenceView.Key: Int] = [:], left: [CadenceView.Key: (count: Int, reason: VisitPlan.Reason)] = [:]
        for (channel, list) in [(ContactChannel.visit, plan.visits.scheduled), (.call, plan.visits.calls)] {
            for contact in list { scheduled[CadenceView.Key(account: contact.account, channel: channel), default: 0] += 1 }
        }
        for (channel, list) in [(ContactChannel.visit, plan.visits.unscheduled), (.call, plan.visits.unscheduledCalls)] {
            for contact in list {
                let key = CadenceView.Key(account: contact.account, channel: channel)
                left[key] = ((left[key]?.count ?? 0) + 1, contact.reason)
            }
        }
        var rows: [Row] = []
        var behind: [Behind] = []
        for status in statuses {
            let key = CadenceView.Key(account: status.account, channel: status.channel)
            let index: Int
            if let found = rows.firstIndex(where: { $0.tier == status.tier && $0.channel == status.channel }) {
                index = found
            } else {
                rows.append(Row(tier: status.tier, channel: status.channel, accounts: 0, overdue: 0, due: 0, kept: 0, behind: 0))
                index = rows.count - 1
            }
            rows[index].accounts += 1
            if status.state == .overdue { rows[index].overdue += 1 }
            let missing = left[key]
            guard scheduled[key] != nil || missing != nil else { continue }
            rows[index].due += 1
            guard let missing else {
                rows[index].kept += 1
                continue
            }
            rows[index].behind += 1
            behind.append(Behind(account: status.account, manager: status.manager, tier: status.tier, channel: status.channel,
                                 lastContact: status.lastContact, nextDue: status.nextDue,
                                 daysLate: status.nextDue.map { max(0, $0.days(to: lastWorkday)) } ?? 0, missing: missing.count, reason: missing.reason))
        }
        let tierOrder = Dictionary(uniqueKeysWithValues: Tier.allCases.enumerated().map { ($0.element, $0.offset) })
        let channelOrder = Dictionary(uniqueKeysWithValues: ContactChannel.allCases.enumerated().map { ($0.element, $0.offset) })
        self.rows = rows.sorted { (tierOrder[$0.tier]!, channelOrder[$0.channel]!) < (tierOrder[$1.tier]!, channelOrder[$1.channel]!) }
        self.behind = behind.sorted {
            (-$0.daysLate, tierOrder[$0.tier]!, channelOrder[$0.channel]!, $0.account) < (-$1.daysLate, tierOrder[$1.tier]!, channelOrder[$1.channel]!, $1.account)
        }
    }
}
