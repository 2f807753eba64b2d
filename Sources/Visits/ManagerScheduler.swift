import Foundation
import LinearProgramming
import Scenarios

/// One manager's week as a small MIP. Objective (lexicographic by weights): 1000 * tierWeight per
/// visit, minus 10 * travelHours per region-day, plus 0.05 * tierWeight per day between an account's
/// visits in the week (up to 7 / visits a week: two visits a week are best three days apart),
/// minus 0.01 * tierWeight * dayIndex (valuable accounts early in the week).
struct ManagerScheduler {
    let manager: Manager
    let visits: [DueVisit]
    /// Days the manager can visit, with their index among the week's workdays.
    let days: [(date: CalendarDate, index: Int)]
    let hoursPerDay: Double
    let policy: Policy
    let tierWeight: [Tier: Double]

    /// Regions in order of first appearance; nil is "no region".
    private var regions: [String?] {
        var seen: [String?] = []
        for visit in visits where !seen.contains(visit.region) { seen.append(visit.region) }
        return seen
    }

    struct Result {
        var scheduled: [VisitPlan.Scheduled]
        var unscheduled: [VisitPlan.Unscheduled]
        var summary: VisitPlan.ManagerSummary
    }

    /// Visits of one region and tier: interchangeable for the objective (same hours, same weight).
    struct Group {
        var region: Int
        var tier: Tier
        var hours: Double
        var weight: Double
        /// Indices into `visits`, most overdue account first.
        var members: [Int]
        /// Accounts in the group: at most one visit to each per day.
        var accounts: Int
        /// Visits due per account this week (the same for every account of a tier).
        var perAccount: Int
    }

    /// Reward per day between two visits of one account, times the tier weight: below travel
    /// (10 * travelHours a region-day), above the day order (0.01 * tierWeight * dayIndex), which
    /// would otherwise always put a second visit on the next day.
    static let spreadWeight = 0.05

    /// The days (indices into `days`) an account of `group` may be visited on: every set of 1 to
    /// `perAccount` days, with its spread reward: the days between consecutive visits, each gap
    /// counted up to 7 / perAccount.
    private func patterns(_ group: Group) -> [(days: [Int], spread: Double)] {
        let target = max(1, 7 / group.perAccount)
        var result: [(days: [Int], spread: Double)] = []
        for mask in 1..<(1 << days.count) where mask.nonzeroBitCount <= group.perAccount {
            let chosen = days.indices.filter { mask & (1 << $0) != 0 }
            let spread = zip(chosen, chosen.dropFirst()).reduce(0) { total, pair in
                total + min(days[pair.1].date.dayNumber - days[pair.0].date.dayNumber, target)
            }
            result.append((chosen, Double(spread)))
        }
        return result
    }

    /// Groups visits by (region, tier): the MIP counts visits per group and day instead of
    /// choosing each visit's day, which removes the symmetry between interchangeable visits.
    private func groups(regionOf: [Int]) -> [Group] {
        var result: [Group] = []
        for (v, visit) in visits.enumerated() {
            if let g = result.firstIndex(where: { $0.region == regionOf[v] && $0.tier == visit.tier }) {
                result[g].members.append(v)
            } else {
                result.append(Group(region: regionOf[v], tier: visit.tier, hours: visit.hours,
                                    weight: tierWeight[visit.tier, default: 0], members: [v], accounts: 0, perAccount: 1))
            }
        }
        for g in result.indices {
            result[g].accounts = Set(result[g].members.map { visits[$0].account }).count
            result[g].perAccount = Dictionary(grouping: result[g].members, by: { visits[$0].account }).values.map(\.count).max() ?? 1
            // Most overdue first: never visited, then the longest ago; then input order.
            result[g].members.sort { a, b in
                let (da, db) = (visits[a].lastVisit?.dayNumber ?? Int.min, visits[b].lastVisit?.dayNumber ?? Int.min)
                return da != db ? da < db : a < b
            }
        }
        return result
    }

    /// The MIP over counts: n(k, d) visits of group k on day d, y(g, d) region g visited on day d.
    ///   maximize  sum n(k, d) (1000 w_k - 0.01 w_k dayIndex(d)) - sum y(g, d) 10 travelHours
    ///   subject to sum_d n(k, d) <= visits due in k;  n(k, d) <= accounts(k) y(g(k), d)
    ///              sum_k hours_k n(k, d) + travelHours sum_g y(g, d) <= hoursPerDay
    ///              sum_k w_k n(k, d) >= sum_k w_k n(k, d + 1)   (when no account has two visits in
    ///              the week, days are interchangeable; sorting them by value loses nothing)
    /// A group whose accounts have several visits this week (platinum, twice a week) chooses day
    /// patterns instead: p(k, S) accounts are visited on exactly the days S, n(k, d) = sum_{S ∋ d} p(k, S),
    /// sum_S p(k, S) <= accounts(k), and each pattern earns its spread reward.
    /// Visits are then given to days account by account, at most one per account per day.
    func schedule(timeLimit: Double, mipGap: Double) throws -> Result {
        let start = ContinuousClock.now
        let dayDates = days.map(\.date)
        guard !visits.isEmpty else {
            return Result(scheduled: [], unscheduled: [], summary: summary(.nothingDue, gap: 0, regionDays: 0, start: start))
        }
        guard !days.isEmpty else {
            let unscheduled = visits.map { VisitPlan.Unscheduled(manager: manager.id, account: $0.account, ordinal: $0.ordinal, reason: .noWorkdays) }
            return Result(scheduled: [], unscheduled: unscheduled, summary: summary(.noWorkdays, gap: 0, regionDays: 0, start: start))
        }
        let regions = self.regions
        let regionOf = visits.map { visit in regions.firstIndex(of: visit.region)! }
        let groups = self.groups(regionOf: regionOf)
        let travel = policy.visits.travelHours
        var model = LinearModel(sense: .maximize)
        // At most one visit per account and day, and no more than fit in a day with one travel charge:
        // the tighter this bound, the tighter the link n(k, d) <= bound * y(g, d) and the LP relaxation.
        let most = groups.map { group in
            min(Double(group.accounts), max(0, ((hoursPerDay - travel) / group.hours + 1e-9).rounded(.down)))
        }
        let n = groups.indices.map { k in
            let group = groups[k]
            return days.map { day in
                model.addVariable(bounds: .range(0, most[k]), kind: .integer,
                                  objective: 1000 * group.weight - 0.01 * group.weight * Double(day.index))
            }
        }
        let y = regions.map { _ in days.map { _ in model.addVariable(kind: .binary, objective: -10 * travel) } }
        for (k, group) in groups.enumerated() {
            model.addConstraint(n[k].map { ($0, 1.0) }, bounds: .upper(Double(group.members.count)))
            for d in days.indices {
                model.addConstraint([(n[k][d], 1), (y[group.region][d], -most[k])], bounds: .upper(0))
            }
        }
        // Day patterns for accounts with several visits this week.
        var patternsOf = [[(days: [Int], variable: VariableID)]](repeating: [], count: groups.count)
        for (k, group) in groups.enumerated() where group.perAccount > 1 {
            for pattern in patterns(group) {
                let variable = model.addVariable(bounds: .range(0, Double(group.accounts)), kind: .integer,
                                                 objective: Self.spreadWeight * group.weight * pattern.spread)
                patternsOf[k].append((pattern.days, variable))
            }
            model.addConstraint(patternsOf[k].map { ($0.variable, 1.0) }, bounds: .upper(Double(group.accounts)))
            for d in days.indices {
                model.addConstraint([(n[k][d], 1.0)] + patternsOf[k].filter { $0.days.contains(d) }.map { ($0.variable, -1.0) }, bounds: .fixed(0))
            }
        }
        let interchangeableDays = groups.allSatisfy { $0.perAccount == 1 }
        for d in days.indices {
            let terms = groups.indices.map { (n[$0][d], groups[$0].hours) } + regions.indices.map { (y[$0][d], travel) }
            model.addConstraint(terms, bounds: .upper(hoursPerDay))
            if interchangeableDays && d + 1 < days.count {
                model.addConstraint(groups.indices.map { (n[$0][d], groups[$0].weight) } + groups.indices.map { (n[$0][d + 1], -groups[$0].weight) },
                                    bounds: .lower(0))
            }
        }
        // Cuts cost a little on easy weeks and find better schedules on crowded ones (measured on
        // four 30-account managers in 6 regions: 7 region-days instead of 8 within the time limit).
        var options = SolveOptions(timeLimit: timeLimit, mipGap: mipGap)
        options.cuts = true
        let solution = try LinearProgramming.solve(model, options: options)
        guard solution.hasValues else {
            let unscheduled = visits.map { VisitPlan.Unscheduled(manager: manager.id, account: $0.account, ordinal: $0.ordinal, reason: .capacity) }
            return Result(scheduled: [], unscheduled: unscheduled, summary: summary(.timeLimit, gap: 1, regionDays: 0, start: start))
        }
        // Counts to visits: on each day, the group's accounts with the most visits still to place
        // (then the most overdue) get one each, so no account is visited twice on a day.
        var dayOfVisit = [Int?](repeating: nil, count: visits.count)
        for (k, group) in groups.enumerated() where group.perAccount > 1 {
            // Patterns to accounts: the most overdue accounts get the patterns with the most visits.
            var chosen: [[Int]] = []
            for pattern in patternsOf[k] { chosen += Array(repeating: pattern.days, count: Int(solution[pattern.variable].rounded())) }
            chosen.sort { $0.count != $1.count ? $0.count > $1.count : $0.lexicographicallyPrecedes($1) }
            var accountOrder: [String] = []
            var visitsOf: [String: [Int]] = [:]
            for v in group.members {
                if visitsOf[visits[v].account] == nil { accountOrder.append(visits[v].account) }
                visitsOf[visits[v].account, default: []].append(v)
            }
            for (account, pattern) in zip(accountOrder, chosen) {
                let mine = visitsOf[account]!.sorted { visits[$0].ordinal < visits[$1].ordinal }
                for (v, d) in zip(mine, pattern) { dayOfVisit[v] = d }
            }
        }
        for (k, group) in groups.enumerated() where group.perAccount == 1 {
            var remaining = group.members  // most overdue first
            for d in days.indices {
                let count = Int(solution[n[k][d]].rounded())
                guard count > 0 else { continue }
                var placedAccounts = Set<String>()
                var chosen: [Int] = []
                var left: [String: Int] = [:]
                for v in remaining { left[visits[v].account, default: 0] += 1 }
                let byNeed = remaining.enumerated().sorted { a, b in
                    let (la, lb) = (left[visits[a.element].account]!, left[visits[b.element].account]!)
                    return la != lb ? la > lb : a.offset < b.offset
                }
                for (_, v) in byNeed where chosen.count < count && !placedAccounts.contains(visits[v].account) {
                    chosen.append(v)
                    placedAccounts.insert(visits[v].account)
                }
                for v in chosen { dayOfVisit[v] = d }
                remaining.removeAll { chosen.contains($0) }
            }
        }
        // Each account's visits in day order get ordinals 1, 2, ... (the first visit first).
        var scheduled: [VisitPlan.Scheduled] = []
        var regionDays = 0
        for d in days.indices {
            let today = visits.indices.filter { dayOfVisit[$0] == d }
            regionDays += Set(today.map { regionOf[$0] }).count
            scheduled.append(contentsOf: timetable(today, on: dayDates[d], regionOf: regionOf))
        }
        var ordinal: [String: Int] = [:]
        for index in scheduled.indices {
            ordinal[scheduled[index].account, default: 0] += 1
            scheduled[index].ordinal = ordinal[scheduled[index].account]!
        }
        let unscheduled = visits.indices.filter { dayOfVisit[$0] == nil }.map { v -> VisitPlan.Unscheduled in
            ordinal[visits[v].account, default: 0] += 1
            return VisitPlan.Unscheduled(manager: manager.id, account: visits[v].account, ordinal: ordinal[visits[v].account]!, reason: .capacity)
        }
        let status: VisitPlan.ManagerSummary.Status = solution.status == .optimal ? .optimal : solution.status == .timeLimit ? .timeLimit : .feasible
        return Result(scheduled: scheduled, unscheduled: unscheduled,
                      summary: summary(status, gap: solution.mipGap ?? 0, regionDays: regionDays, start: start))
    }

    /// Times for one day: regions in order of their most valuable visit, visits by value within a
    /// region, back to back from the day start, with the travel time between regions.
    private func timetable(_ today: [Int], on date: CalendarDate, regionOf: [Int]) -> [VisitPlan.Scheduled] {
        let weight = { (v: Int) in tierWeight[visits[v].tier, default: 0] }
        let ordered = today.sorted { a, b in
            let (ra, rb) = (regionOf[a], regionOf[b])
            if ra != rb {
                let best = { (r: Int) in today.filter { regionOf[$0] == r }.map(weight).max() ?? 0 }
                let (wa, wb) = (best(ra), best(rb))
                return wa != wb ? wa > wb : ra < rb
            }
            return weight(a) != weight(b) ? weight(a) > weight(b) : a < b
        }
        var minute = policy.visits.dayStart.hour * 60 + policy.visits.dayStart.minute
        var previousRegion: Int?
        var result: [VisitPlan.Scheduled] = []
        for v in ordered {
            if let previousRegion, previousRegion != regionOf[v] {
                minute += Int((policy.visits.travelHours * 60).rounded())
            }
            previousRegion = regionOf[v]
            let length = Int((visits[v].hours * 60).rounded())
            result.append(VisitPlan.Scheduled(
                manager: manager.id, account: visits[v].account, ordinal: visits[v].ordinal, tier: visits[v].tier,
                date: date, region: visits[v].region, hours: visits[v].hours, startMinute: minute, endMinute: minute + length))
            minute += length
        }
        return result
    }

    private func summary(_ status: VisitPlan.ManagerSummary.Status, gap: Double, regionDays: Int, start: ContinuousClock.Instant) -> VisitPlan.ManagerSummary {
        let elapsed = ContinuousClock.now - start
        return VisitPlan.ManagerSummary(
            manager: manager.id, status: status, mipGap: gap, days: days.map(\.date), hoursPerDay: hoursPerDay,
            regionDays: regionDays, travelHours: Double(regionDays) * policy.visits.travelHours,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
}
