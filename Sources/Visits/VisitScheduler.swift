import Foundation
import LinearProgramming
import Scenarios
import Synchronization

/// Schedules every manager's visits for the week, each manager on its own (the region-day program,
/// or a MIP when it gives up), in parallel on all cores (each GLPK solve stays on its thread).
public enum VisitScheduler {
    public static func schedule(_ scenario: Scenario, tiers: [TierAssignment]? = nil) throws -> VisitPlan {
        try schedule(scenario, tiers: tiers, method: .automatic)
    }

    /// Each account's key dates that fall in the scenario's week (its account file's), in the
    /// file's order.
    public static func keyDates(_ scenario: Scenario) -> [String: [(date: CalendarDate, keyDate: KeyDate)]] {
        var result: [String: [(date: CalendarDate, keyDate: KeyDate)]] = [:]
        for file in scenario.accountFiles {
            for keyDate in file.keyDates {
                if let day = keyDate.occurrence(in: scenario.week) { result[file.account, default: []].append((day, keyDate)) }
            }
        }
        return result
    }

    /// `method`: the MIP alone, for tests that compare it with the region-day program.
    static func schedule(_ scenario: Scenario, tiers: [TierAssignment]?, method: ManagerScheduler.Method) throws -> VisitPlan {
        let tiers = tiers ?? Tiering.assign(scenario)
        let due = DueVisits.compute(scenario, tiers: tiers)
        var byManager: [String: [DueVisit]] = [:]
        for visit in due { byManager[visit.manager, default: []].append(visit) }
        let policy = scenario.policy
        let workdays = DueVisits.workdays(scenario)
        var keyDays: [String: Set<Int>] = [:]
        for (account, dates) in keyDates(scenario) { keyDays[account] = Set(dates.map(\.date.dayNumber)) }
        let schedulers = scenario.managers.map { manager in
            let away = Set(manager.unavailableDays)
            let days = workdays.enumerated().filter { !away.contains($0.element) }.map { (date: $0.element, index: $0.offset) }
            return ManagerScheduler(
                manager: manager, visits: byManager[manager.id] ?? [], days: days,
                hoursPerDay: manager.hoursPerDay ?? policy.visits.managerHoursPerDay,
                policy: policy, tierWeight: policy.allocation.tierWeight, method: method, keyDates: keyDays)
        }
        // Largest problems first, so a big one does not start last and hold up the end.
        let order = schedulers.indices.sorted { schedulers[$0].visits.count > schedulers[$1].visits.count }
        let results = Mutex<[ManagerScheduler.Result?]>(Array(repeating: nil, count: schedulers.count))
        let failure = Mutex<(manager: String, error: Error)?>(nil)
        ParallelChunks.concurrentPerform(iterations: order.count) { position in
            let index = order[position]
            do {
                let result = try schedulers[index].schedule(timeLimit: policy.visits.timeLimitSeconds, mipGap: policy.allocation.mipGap)
                results.withLock { $0[index] = result }
            } catch {
                failure.withLock { $0 = $0 ?? (schedulers[index].manager.id, error) }
            }
        }
        if let error = failure.withLock({ $0 }) { throw VisitsError.solver(manager: error.manager, error.error) }
        let all = results.withLock { $0.map { $0! } }
        // Calls go into the time each manager's days have left after the visits.
        var callsByManager: [String: [DueVisit]] = [:]
        if !policy.visits.calls.isEmpty {
            for call in DueVisits.compute(scenario, tiers: tiers, channel: .call) { callsByManager[call.manager, default: []].append(call) }
        }
        var calls: [VisitPlan.Scheduled] = []
        var unscheduledCalls: [VisitPlan.Unscheduled] = []
        if !callsByManager.isEmpty {
            for (scheduler, result) in zip(schedulers, all) {
                guard let due = callsByManager[scheduler.manager.id] else { continue }
                let placer = CallPlacer(manager: scheduler.manager.id, days: scheduler.days.map(\.date), hoursPerDay: scheduler.hoursPerDay,
                                        travelHours: policy.visits.travelHours, dayStart: policy.visits.dayStart, tierWeight: policy.allocation.tierWeight)
                let placed = placer.place(due, after: result.scheduled)
                calls += placed.scheduled
                unscheduledCalls += placed.unscheduled
            }
        }
        return VisitPlan(
            travelHours: all.reduce(0) { $0 + $1.summary.travelHours },
            scheduled: all.flatMap(\.scheduled), unscheduled: all.flatMap(\.unscheduled), managers: all.map(\.summary),
            calls: calls, unscheduledCalls: unscheduledCalls)
    }
}
