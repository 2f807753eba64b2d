import Scenarios

/// Which visits fall due in the plan week (docs/scenario-format.md, "Visits").
public enum DueVisits {
    /// The workdays of the plan week, as dates (policy workdays; managers' absences not removed).
    public static func workdays(_ scenario: Scenario) -> [CalendarDate] {
        scenario.policy.visits.workdays.sorted().map { scenario.week.date(of: $0) }
    }

    /// Due visits (or calls) in account order. `per: week` gives `count` contacts; longer periods
    /// give one when the last contact on the channel (`lastVisit`, `lastCall`) is absent or it
    /// + floor(period / count) days is on or before the last workday of the week. A tier without a
    /// cadence on the channel (lead's `none`; calls unless a cadence entry names them) gives none.
    public static func compute(_ scenario: Scenario, tiers: [TierAssignment], channel: ContactChannel = .visit) -> [DueVisit] {
        let policy = scenario.policy.visits
        let lastWorkday = workdays(scenario).last ?? scenario.week.date(of: .sunday)
        var visits: [DueVisit] = []
        for (index, account) in scenario.accounts.enumerated() {
            let tier = tiers[index].tier
            guard let cadence = policy.cadence(tier, channel) else { continue }
            let lastContact = account.lastContact(channel)
            let count: Int
            if cadence.per == .week {
                count = cadence.count
            } else if let last = lastContact {
                let interval = cadence.per.days / cadence.count
                count = last.adding(days: interval) <= lastWorkday ? 1 : 0
            } else {
                count = 1
            }
            guard count > 0 else { continue }
            let hours = policy.duration(tier, channel)
            for ordinal in 1...count {
                visits.append(DueVisit(manager: account.manager, account: account.id, ordinal: ordinal, tier: tier, region: account.region,
                                       hours: hours, lastVisit: lastContact))
            }
        }
        return visits
    }
}
