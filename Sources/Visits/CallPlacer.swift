import Scenarios

/// Places one manager's due calls in the time the week's days have left after the visits. Calls
/// take no travel. Rule (documented in docs/scenario-format.md): calls in order of tier weight
/// (highest first), then account order, then ordinal; each goes to the earliest workday whose
/// remaining hours (the day's hours less its visits and their travel, less the calls placed
/// before it) hold it and on which the account has neither a visit nor another call; it starts
/// when the day's last visit (or call) ends, or at the day's start. A call with no such day is
/// unscheduled (`capacity`; `noWorkdays` when the manager has no workday).
struct CallPlacer {
    let manager: String
    /// The days the manager works, in date order.
    let days: [CalendarDate]
    let hoursPerDay: Double
    let travelHours: Double
    let dayStart: TimeOfDay
    let tierWeight: [Tier: Double]

    func place(_ calls: [DueVisit], after visits: [VisitPlan.Scheduled]) -> (scheduled: [VisitPlan.Scheduled], unscheduled: [VisitPlan.Unscheduled]) {
        guard !calls.isEmpty else { return ([], []) }
        guard !days.isEmpty else {
            return ([], calls.map { VisitPlan.Unscheduled(manager: manager, account: $0.account, ordinal: $0.ordinal, reason: .noWorkdays) })
        }
        var left = [CalendarDate: Double]()
        var nextMinute = [CalendarDate: Int]()
        var busy = Set<Busy>()
        let start = dayStart.hour * 60 + dayStart.minute
        for day in days {
            let today = visits.filter { $0.date == day }
            let regions = Set(today.map(\.region)).count
            left[day] = hoursPerDay - today.reduce(0) { $0 + $1.hours } - Double(regions) * travelHours
            nextMinute[day] = today.map(\.endMinute).max() ?? start
            for visit in today { busy.insert(Busy(account: visit.account, date: day)) }
        }
        let order = calls.indices.sorted { a, b in
            let (wa, wb) = (tierWeight[calls[a].tier, default: 0], tierWeight[calls[b].tier, default: 0])
            return wa != wb ? wa > wb : a < b
        }
        var scheduled: [VisitPlan.Scheduled] = []
        var unscheduled: [(index: Int, call: VisitPlan.Unscheduled)] = []
        for index in order {
            let call = calls[index]
            guard let day = days.first(where: { left[$0]! + 1e-9 >= call.hours && !busy.contains(Busy(account: call.account, date: $0)) }) else {
                unscheduled.append((index, VisitPlan.Unscheduled(manager: manager, account: call.account, ordinal: call.ordinal, reason: .capacity)))
                continue
            }
            let minutes = Int((call.hours * 60).rounded())
            let from = nextMinute[day]!
            scheduled.append(VisitPlan.Scheduled(
                manager: manager, account: call.account, ordinal: call.ordinal, tier: call.tier, date: day, region: call.region,
                hours: call.hours, startMinute: from, endMinute: from + minutes))
            left[day]! -= call.hours
            nextMinute[day] = from + minutes
            busy.insert(Busy(account: call.account, date: day))
        }
        scheduled.sort { ($0.date, $0.startMinute) < ($1.date, $1.startMinute) }
        // Unscheduled calls in account order, as the visits' are.
        return (scheduled, unscheduled.sorted { $0.index < $1.index }.map(\.call))
    }

    /// An account's contact on a day: at most one.
    private struct Busy: Hashable {
        var account: String
        var date: CalendarDate
    }
}
