import Testing
@testable import Scenarios
@testable import Visits

@Suite("The one-region program: exact on all three terms of the visit objective")
struct OneRegionProgramTests {
    func group(hours: Double, weight: Double, count: Int, accounts: Int) -> ManagerScheduler.Group {
        ManagerScheduler.Group(region: 0, tier: .gold, hours: hours, weight: weight, members: Array(0..<count), accounts: accounts)
    }

    /// docs/scenario-format.md's visit objective for counts per group and day, as the MIP states it:
    /// sum n(k, d) (1000 w_k - 0.01 w_k dayIndex(d)) - 10 * travelHours per day with a visit.
    func objective(_ counts: [[Int]], _ groups: [ManagerScheduler.Group], dayIndices: [Int], travel: Double) -> Double {
        var total = 0.0
        for d in dayIndices.indices {
            var visited = false
            for k in groups.indices where counts[k][d] > 0 {
                total += Double(counts[k][d]) * (1000 * groups[k].weight - 0.01 * groups[k].weight * Double(dayIndices[d]))
                visited = true
            }
            if visited { total -= 10 * travel }
        }
        return total
    }

    /// Each day's hours (visits and one travel) within the day, one visit per account a day, no
    /// more visits of a group than it has.
    func feasible(_ counts: [[Int]], _ groups: [ManagerScheduler.Group], hoursPerDay: Double, travel: Double) -> Bool {
        let days = counts.first?.count ?? 0
        for d in 0..<days {
            let hours = groups.indices.reduce(0.0) { $0 + Double(counts[$1][d]) * groups[$1].hours }
            let visited = groups.indices.contains { counts[$0][d] > 0 }
            if visited && hours + travel > hoursPerDay + 1e-9 { return false }
            if groups.indices.contains(where: { counts[$0][d] > groups[$0].accounts }) { return false }
        }
        return groups.indices.allSatisfy { counts[$0].reduce(0, +) <= groups[$0].members.count }
    }

    @Test("Two days: the heavier visits go on the first day, by the third term")
    func handComputed() throws {
        // 8-hour days, 1 h travel: 7 h of visits a day. Platinum (weight 4, 2 h) three accounts;
        // iron (weight 1, 1 h) four. All ten hours need both days: 1000 * (3 * 4 + 4 * 1) - 2 * 10 = 15,980
        // before the third term. The first day holds the most weight that fits 7 h: three platinum
        // and one iron (6 + 1 h, weight 13), leaving three iron (weight 3) for the second day:
        // 0.01 * 3 * 1 = 0.03, so 15,979.97. Two platinum and three iron first (7 h, weight 11)
        // would leave weight 5 for day two: 15,979.95.
        let groups = [group(hours: 2, weight: 4, count: 3, accounts: 3), group(hours: 1, weight: 1, count: 4, accounts: 4)]
        let program = try #require(OneRegionProgram(groups: groups, dayIndices: [0, 1], hoursPerDay: 8, travelHours: 1))
        let counts = program.solve()
        #expect(counts == [[3, 0], [1, 3]])
        #expect(abs(objective(counts, groups, dayIndices: [0, 1], travel: 1) - 15_979.97) < 1e-9)
        // The second workday off (dayIndex 2 for the other day): the same counts, the third term doubled.
        let away = try #require(OneRegionProgram(groups: groups, dayIndices: [0, 2], hoursPerDay: 8, travelHours: 1)).solve()
        #expect(away == [[3, 0], [1, 3]])
        #expect(abs(objective(away, groups, dayIndices: [0, 2], travel: 1) - 15_979.94) < 1e-9)
    }

    @Test("A visit not worth its travel is left out, and a day that needs none stays empty")
    func fewestDays() throws {
        // Weight 0.001: 1000 * 0.001 = 1 per visit, less than the 10 a day of travel costs.
        let cheap = [group(hours: 1, weight: 0.001, count: 2, accounts: 2)]
        let none = try #require(OneRegionProgram(groups: cheap, dayIndices: [0, 1, 2], hoursPerDay: 8, travelHours: 1)).solve()
        #expect(none == [[0, 0, 0]])
        // Two gold visits to two accounts fit one day: one day of travel, not two.
        let gold = [group(hours: 1.5, weight: 2, count: 2, accounts: 2)]
        let one = try #require(OneRegionProgram(groups: gold, dayIndices: [0, 1, 2], hoursPerDay: 8, travelHours: 1)).solve()
        #expect(one == [[2, 0, 0]])
        // One account due twice: never twice on a day, so two days.
        let twice = [group(hours: 2, weight: 4, count: 2, accounts: 1)]
        let two = try #require(OneRegionProgram(groups: twice, dayIndices: [0, 1, 2], hoursPerDay: 8, travelHours: 1)).solve()
        #expect(two == [[1, 1, 0]])
    }

    @Test("Random weeks: the program's optimum is brute force's, term for term", arguments: 0..<4)
    func agreesWithBruteForce(seed: UInt64) throws {
        var random = SplitMix64(seed: seed &+ 0x5151_7A7A)
        for _ in 0..<25 {
            let groups = (0..<(1 + below(&random, 3))).map { _ -> ManagerScheduler.Group in
                let count = below(&random, 5)
                return group(hours: [0.5, 1, 1.5, 2, 2.5][below(&random, 5)], weight: [1, 2, 4, 8][below(&random, 4)],
                             count: count, accounts: count == 0 ? 0 : 1 + below(&random, count))
            }
            let days = 1 + below(&random, 3)
            var indices: [Int] = []
            for _ in 0..<days { indices.append((indices.last.map { $0 + 1 } ?? 0) + below(&random, 2)) }
            let hoursPerDay = [4.0, 5, 6, 8][below(&random, 4)], travel = [0.5, 1, 1.5][below(&random, 3)]
            let program = try #require(OneRegionProgram(groups: groups, dayIndices: indices, hoursPerDay: hoursPerDay, travelHours: travel))
            let counts = program.solve()
            #expect(feasible(counts, groups, hoursPerDay: hoursPerDay, travel: travel))
            let best = bruteForce(groups, days: days) { objective($0, groups, dayIndices: indices, travel: travel) }
                feasible: { feasible($0, groups, hoursPerDay: hoursPerDay, travel: travel) }
            #expect(abs(objective(counts, groups, dayIndices: indices, travel: travel) - best) < 1e-6,
                    "seed \(seed): \(groups.map { ($0.hours, $0.weight, $0.members.count, $0.accounts) }) days \(indices) \(hoursPerDay) h, travel \(travel)")
        }
    }

    /// The best objective over every feasible table of counts (each group's counts over the days
    /// enumerated in full).
    func bruteForce(_ groups: [ManagerScheduler.Group], days: Int, objective: ([[Int]]) -> Double,
                    feasible: ([[Int]]) -> Bool) -> Double {
        var best = -Double.infinity
        var counts = groups.map { _ in [Int](repeating: 0, count: days) }
        func fill(_ cell: Int) {
            if cell == groups.count * days {
                if feasible(counts) { best = max(best, objective(counts)) }
                return
            }
            let (k, d) = (cell / days, cell % days)
            let used = counts[k][..<d].reduce(0, +)
            for n in 0...(groups[k].members.count - used) {
                counts[k][d] = n
                fill(cell + 1)
            }
            counts[k][d] = 0
        }
        fill(0)
        return best
    }

    @Test("Through the scheduler: one-region weeks are proven optimal and worth what GLPK's proven MIP optimum is", arguments: 0..<3)
    func agreesWithMIP(seed: UInt64) throws {
        var random = SplitMix64(seed: seed &+ 0x0E0E_1234)
        for _ in 0..<8 {
            var week = Week(hoursPerDay: [5.0, 6, 8][below(&random, 3)],
                            away: ["2026-11-24", "2026-11-26"].filter { _ in below(&random, 3) == 0 })
            week.scenario.policy.allocation.mipGap = 0
            week.scenario.policy.visits.timeLimitSeconds = 600
            week.scenario.policy.visits.travelHours = [0.5, 1, 1.5][below(&random, 3)]
            let tiers: [Tier] = [.platinum, .gold, .iron]
            for a in 0..<(3 + below(&random, 10)) { week.account("a\(a)", tiers[below(&random, 3)]) }
            let program = try VisitScheduler.schedule(week.scenario, tiers: nil, method: .automatic)
            let mip = try VisitScheduler.schedule(week.scenario, tiers: nil, method: .mip)
            #expect(program.managers[0].status == .optimal && mip.managers[0].status == .optimal)
            let worth = { (plan: VisitPlan) in
                plan.scheduled.reduce(0.0) { $0 + 1000 * week.scenario.policy.allocation.tierWeight[$1.tier]! } - 10 * plan.travelHours
            }
            #expect(abs(worth(program) - worth(mip)) < 1e-6)
            for date in program.managers[0].days {
                let today = program.scheduled.filter { $0.date == date }
                #expect(Set(today.map(\.account)).count == today.count)
                let hours = today.reduce(0) { $0 + $1.hours } + (today.isEmpty ? 0 : week.scenario.policy.visits.travelHours)
                #expect(hours <= program.managers[0].hoursPerDay + 1e-9)
            }
        }
    }

    @Test("A week too large for the program goes to the MIP")
    func givesUp() throws {
        // 4 groups of 60 visits: 61^4 = 13.8 million states, over the program's limit.
        let groups = (0..<4).map { _ in group(hours: 1, weight: 1, count: 60, accounts: 60) }
        #expect(OneRegionProgram(groups: groups, dayIndices: [0, 1, 2, 3, 4], hoursPerDay: 8, travelHours: 1) == nil)
        let small = (0..<4).map { _ in group(hours: 1, weight: 1, count: 3, accounts: 3) }
        #expect(OneRegionProgram(groups: small, dayIndices: [0, 1, 2, 3, 4], hoursPerDay: 8, travelHours: 1) != nil)
    }
}
