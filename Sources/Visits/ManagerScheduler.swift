import Foundation
import LinearProgramming
import Scenarios

/// One manager's week. Objective (lexicographic by weights): 1000 * tierWeight per visit, minus
/// 10 * travelHours per region-day; then the days of the optimum are ordered for 0.05 * tierWeight
/// per day between an account's visits (up to 7 / visits a week: two visits a week are best three
/// days apart) minus 0.01 * tierWeight * dayIndex (valuable accounts early).
///
/// The exact region-day program (RegionDayProgram.swift) finds the optimum of the first two terms
/// and, among equal ones, the schedule on the fewest days; a week in one region goes to its own
/// exact program over the days (OneRegionProgram.swift, all three terms); a week neither takes
/// (hours that are not whole minutes, a search beyond its budget) goes to a MIP over the same
/// counts with all three terms, within the time limit.
struct ManagerScheduler {
    let manager: Manager
    let visits: [DueVisit]
    /// Days the manager can visit, with their index among the week's workdays.
    let days: [(date: CalendarDate, index: Int)]
    let hoursPerDay: Double
    let policy: Policy
    let tierWeight: [Tier: Double]
    /// How the week is solved: the exact region-day program, with the MIP when the program gives
    /// up (`automatic`), or the MIP alone (tests compare the two).
    var method = Method.automatic
    /// Each account's key dates in the week (day numbers): a visit there is preferred when the
    /// days of an optimal schedule are ordered (`keyDateWeight`).
    var keyDates: [String: Set<Int>] = [:]

    enum Method { case automatic, mip }

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
    }

    /// Reward per day between two visits of one account, times the tier weight: below travel
    /// (10 * travelHours a region-day), above the day order (0.01 * tierWeight * dayIndex), which
    /// would otherwise always put a second visit on the next day.
    static let spreadWeight = 0.05

    /// Reward, times the tier weight, for an account visited on one of its key dates (a customer's
    /// anniversary, a contact's birthday): above the spread and the day order (at most 0.35 and
    /// 0.06 times the weight), below a visit or a region-day, which ordering days never changes.
    static let keyDateWeight = 1.0

    /// Groups visits by (region, tier): the MIP counts visits per group and day instead of
    /// choosing each visit's day, which removes the symmetry between interchangeable visits.
    private func groups(regionOf: [Int]) -> [Group] {
        var result: [Group] = []
        for (v, visit) in visits.enumerated() {
            if let g = result.firstIndex(where: { $0.region == regionOf[v] && $0.tier == visit.tier }) {
                result[g].members.append(v)
            } else {
                result.append(Group(region: regionOf[v], tier: visit.tier, hours: visit.hours,
                                    weight: tierWeight[visit.tier, default: 0], members: [v], accounts: 0))
            }
        }
        for g in result.indices {
            result[g].accounts = Set(result[g].members.map { visits[$0].account }).count
            // Most overdue first: never visited, then the longest ago; then input order.
            result[g].members.sort { a, b in
                let (da, db) = (visits[a].lastVisit?.dayNumber ?? Int.min, visits[b].lastVisit?.dayNumber ?? Int.min)
                return da != db ? da < db : a < b
            }
        }
        return result
    }

    /// The region-day program first; for a week it does not take, the MIP over counts: n(k, d)
    /// visits of group k on day d, y(g, d) region g visited on day d.
    ///   maximize  sum n(k, d) (1000 w_k - 0.01 w_k dayIndex(d)) - sum y(g, d) 10 travelHours
    ///   subject to sum_d n(k, d) <= visits due in k;  n(k, d) <= accounts(k) y(g(k), d)
    ///              sum_k hours_k n(k, d) + travelHours sum_g y(g, d) <= hoursPerDay
    ///              sum_k w_k n(k, d) >= sum_k w_k n(k, d + 1)   (days are interchangeable: every
    ///              day holds the same hours, so sorting them by value loses nothing)
    /// Visits are then given to days account by account, at most one per account per day, and
    /// because the days are interchangeable, the days of the solution are finally put in the order
    /// that best spreads each account's visits (see `bestDayOrder`).
    func schedule(timeLimit: Double, mipGap: Double) throws -> Result {
        let start = ContinuousClock.now
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
        // One region needs no packing of regions into days, and the region-day program's profiles
        // could run into millions there (many visits of several tiers): a week in one region goes
        // to its own exact program over the days (OneRegionProgram.swift), the MIP when too large.
        if method == .automatic && regions.count == 1,
           let program = OneRegionProgram(groups: groups, dayIndices: days.map(\.index), hoursPerDay: hoursPerDay, travelHours: travel) {
            return result(counts: mostValuableFirst(program.solve(), groups), groups: groups, regionOf: regionOf, status: .optimal, gap: 0, start: start)
        }
        if method == .automatic && regions.count > 1 {
            if let program = RegionDayProgram(groups: groups, dayCount: days.count, hoursPerDay: hoursPerDay, travelHours: travel),
               let counts = program.solve() {
                return result(counts: mostValuableFirst(counts, groups), groups: groups, regionOf: regionOf, status: .optimal, gap: 0, start: start)
            }
        }
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
        for d in days.indices {
            let terms = groups.indices.map { (n[$0][d], groups[$0].hours) } + regions.indices.map { (y[$0][d], travel) }
            model.addConstraint(terms, bounds: .upper(hoursPerDay))
            if d + 1 < days.count {
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
        let counts = groups.indices.map { k in days.indices.map { d in Int(solution[n[k][d]].rounded()) } }
        let status: VisitPlan.ManagerSummary.Status = solution.status == .optimal ? .optimal : solution.status == .timeLimit ? .timeLimit : .feasible
        return result(counts: counts, groups: groups, regionOf: regionOf, status: status, gap: solution.mipGap ?? 0, start: start)
    }

    /// The days of a program's counts in the MIP's order (its days are interchangeable): the most
    /// valuable first, then calendar order.
    private func mostValuableFirst(_ counts: [[Int]], _ groups: [Group]) -> [[Int]] {
        let value = days.indices.map { d in groups.indices.reduce(0.0) { $0 + Double(counts[$1][d]) * groups[$1].weight } }
        let order = days.indices.sorted { value[$0] != value[$1] ? value[$0] > value[$1] : $0 < $1 }
        return counts.map { row in order.map { row[$0] } }
    }

    /// The schedule from visits per group and day: counts become visits, days are ordered, times set.
    private func result(counts: [[Int]], groups: [Group], regionOf: [Int], status: VisitPlan.ManagerSummary.Status,
                        gap: Double, start: ContinuousClock.Instant) -> Result {
        let dayDates = days.map(\.date)
        // Counts to visits: on each day, the group's accounts with the most visits still to place
        // (then the most overdue) get one each, so no account is visited twice on a day.
        var dayOfVisit = [Int?](repeating: nil, count: visits.count)
        for (k, group) in groups.enumerated() {
            var remaining = group.members  // most overdue first
            for d in days.indices {
                let count = counts[k][d]
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
        // The solution's days are interchangeable: order them to spread each account's visits.
        let order = bestDayOrder(dayOfVisit)
        dayOfVisit = dayOfVisit.map { $0.map { order[$0] } }
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
        return Result(scheduled: scheduled, unscheduled: unscheduled,
                      summary: summary(status, gap: gap, regionDays: regionDays, start: start))
    }

    /// Where each of the solution's days goes: `order[d]` is the calendar day (index into `days`)
    /// that the solution's day d becomes. Every day holds the same hours, so any order keeps the
    /// visits and region-days; the best one maximises 0.05 * tierWeight per day between an account's
    /// visits (each gap counted up to 7 / visits that week: two a week are best three days apart)
    /// minus 0.01 * tierWeight * dayIndex per visit, plus 1 * tierWeight for an account visited on
    /// one of its key dates. Orders are tried in lexicographic order (at most 7! = 5,040) and the
    /// first best is kept, so the result is deterministic.
    func bestDayOrder(_ dayOfVisit: [Int?]) -> [Int] {
        // Each account's slots (solution days) in visit order, flattened: the score of an order is
        // evaluated up to 5,040 times, so it reads arrays by index and allocates nothing.
        var accountIndex: [String: Int] = [:]
        var slotsOf: [[Int]] = []
        var weights: [Double] = []
        var keyMasks: [Int] = []  // bit c: calendar day c (an index into `days`) is one of the account's key dates
        for (v, slot) in dayOfVisit.enumerated() {
            guard let slot else { continue }
            let account = visits[v].account
            let a: Int
            if let known = accountIndex[account] {
                a = known
            } else {
                a = slotsOf.count
                accountIndex[account] = a
                slotsOf.append([])
                weights.append(0)
                var mask = 0
                if let dates = keyDates[account] {
                    for (c, day) in days.enumerated() where dates.contains(day.date.dayNumber) { mask |= 1 << c }
                }
                keyMasks.append(mask)
            }
            slotsOf[a].append(slot)
            weights[a] = tierWeight[visits[v].tier, default: 0]
        }
        let starts = slotsOf.reduce(into: [0]) { $0.append($0.last! + $1.count) }
        let slots = slotsOf.flatMap { $0 }
        let dayNumbers = days.map(\.date.dayNumber), dayIndices = days.map(\.index)
        var dates = [Int](repeating: 0, count: days.count)
        func score(_ order: [Int]) -> Double {
            var total = 0.0
            for a in weights.indices {
                let weight = weights[a]
                let count = starts[a + 1] - starts[a]
                // The account's dates in this order, sorted (insertion sort: at most seven).
                for i in 0..<count {
                    let date = dayNumbers[order[slots[starts[a] + i]]]
                    var j = i
                    while j > 0 && dates[j - 1] > date { dates[j] = dates[j - 1]; j -= 1 }
                    dates[j] = date
                }
                let target = max(1, 7 / count)
                if count > 1 {
                    for i in 1..<count { total += Self.spreadWeight * weight * Double(min(dates[i] - dates[i - 1], target)) }
                }
                var onKeyDate = false
                for i in 0..<count {
                    let day = order[slots[starts[a] + i]]
                    total -= 0.01 * weight * Double(dayIndices[day])
                    if keyMasks[a] & (1 << day) != 0 { onKeyDate = true }
                }
                if onKeyDate { total += Self.keyDateWeight * weight }
            }
            return total
        }
        var order = Array(days.indices)
        var best = order, bestScore = score(order)
        while Self.advance(&order) {
            let value = score(order)
            if value > bestScore + 1e-9 { (best, bestScore) = (order, value) }
        }
        return best
    }

    /// Steps `a` to the next permutation in lexicographic order; false after the last.
    static func advance(_ a: inout [Int]) -> Bool {
        guard var i = a.indices.last, i > 0 else { return false }
        while i > 0 && a[i - 1] >= a[i] { i -= 1 }
        guard i > 0 else { return false }
        var j = a.count - 1
        while a[j] <= a[i - 1] { j -= 1 }
        a.swapAt(i - 1, j)
        a[i...].reverse()
        return true
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
            seconds: Double(seconds: elapsed))
    }
}
