import Scenarios

/// Where an account stands against its tier's cadence on one channel (visit or call) on a day.
public struct CadenceStatus: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        /// The next contact is due after this week.
        case onTrack
        /// Due this week (or never made).
        case due
        /// The next contact was due before the day.
        case overdue
    }

    public var account: String
    public var manager: String
    public var tier: Tier
    public var channel: ContactChannel
    /// The last contact on the channel (`lastVisit` or `lastCall`); nil when there was none.
    public var lastContact: CalendarDate?
    /// Days between contacts: the cadence's period over its count (platinum 2 a week: 3).
    public var interval: Int
    public var nextDue: CalendarDate?
    public var state: State
    /// Days past `nextDue` (overdue only).
    public var daysLate: Int
    /// Contacts logged `missed` in the week before the day's.
    public var missedLastWeek: Int
    /// The next contact on the channel that the week's published plan has on or after the day
    /// (an overdue account may already be on the manager's calendar); nil when none is.
    public var planned: CalendarDate? = nil
}

/// The cadence view: every account with a cadence, per channel, against the day's week.
public enum CadenceView {
    /// What a missed-contacts count is keyed by.
    public struct Key: Hashable, Sendable {
        public var account: String
        public var channel: ContactChannel

        public init(account: String, channel: ContactChannel) { (self.account, self.channel) = (account, channel) }
    }

    /// Each account (a manager's own when `manager` is given) on each channel its tier has a cadence
    /// on, as of `today`: overdue when lastContact + interval is before `today`, due when it is on
    /// or before the Sunday of `today`'s week (or there was no contact), else on track. Sorted by
    /// manager, tier, channel (visits first), the most late first, then account.
    /// `planned`: the first contact on each account and channel that the week's published plan has
    /// on or after `today`.
    public static func statuses(_ scenario: Scenario, tiers: [TierAssignment], today: CalendarDate, manager: String? = nil,
                                missedLastWeek: [Key: Int] = [:], planned: [Key: CalendarDate] = [:]) -> [CadenceStatus] {
        let sunday = ISOWeek(containing: today).date(of: .sunday)
        var rows: [CadenceStatus] = []
        for (index, account) in scenario.accounts.enumerated() where manager == nil || account.manager == manager {
            let tier = tiers[index].tier
            for channel in ContactChannel.allCases {
                guard let cadence = scenario.policy.visits.cadence(tier, channel) else { continue }
                let interval = max(1, cadence.per.days / cadence.count)
                let last = account.lastContact(channel)
                let next = last?.adding(days: interval)
                let state: CadenceStatus.State
                var late = 0
                if let next, next < today {
                    state = .overdue
                    late = next.days(to: today)
                } else if next == nil || next! <= sunday {
                    state = .due
                } else {
                    state = .onTrack
                }
                let key = Key(account: account.id, channel: channel)
                rows.append(CadenceStatus(account: account.id, manager: account.manager, tier: tier, channel: channel, lastContact: last,
                                          interval: interval, nextDue: next, state: state, daysLate: late,
                                          missedLastWeek: missedLastWeek[key] ?? 0, planned: planned[key]))
            }
        }
        let tierOrder = Dictionary(uniqueKeysWithValues: Tier.allCases.enumerated().map { ($0.element, $0.offset) })
        let channelOrder = Dictionary(uniqueKeysWithValues: ContactChannel.allCases.enumerated().map { ($0.element, $0.offset) })
        return rows.sorted {
            ($0.manager, tierOrder[$0.tier]!, channelOrder[$0.channel]!, -$0.daysLate, $0.account)
                < ($1.manager, tierOrder[$1.tier]!, channelOrder[$1.channel]!, -$1.daysLate, $1.account)
        }
    }
}
