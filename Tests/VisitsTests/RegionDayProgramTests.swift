import Testing
@testable import Scenarios
@testable import Visits

@Suite("The region-day program: exact, and the MIP's equal")
struct RegionDayProgramTests {
    /// A group of `count` interchangeable visits (the tier only names it: weight and hours are given).
    func group(region: Int, hours: Double, weight: Double, count: Int, accounts: Int) -> ManagerScheduler.Group {
        ManagerScheduler.Group(region: region, tier: .gold, hours: hours, weight: weight, members: Array(0..<count), accounts: accounts)
    }

    /// The visit objective's first two terms for the program's counts: 1000 * tierWeight per visit
    /// minus 10 * travelHours per (region, day) with a visit.
    func value(_ counts: [[Int]], _ groups: [ManagerScheduler.Group], travel: Double) -> Double {
        var total = 0.0
        var regionDays = Set<[Int]>()
        for (g, row) in counts.enumerated() {
            for (d, count) in row.enumerated() where count > 0 {
                total += 1000 * groups[g].weight * Double(count)
                regionDays.insert([groups[g].region, d])
            }
        }
        return total - 10 * travel * Double(regionDays.count)
    }

    @Test("A week where the regions do not fit one day each: a region split beats a gold visit left out")
    func handComputed() throws {
        // Two 8-hour days, 1 h travel a region-day. A: three gold (1.5 h), B: three gold, C: two iron (1 h).
        // One region a day leaves 7 h, so A (4.5 h) and B cannot share a day (9 + 2 > 8), nor can
        // A or B share one with all of C (4.5 + 2 + 2 = 8.5 > 8). With each region on one day, some
        // day holds two regions: impossible, so 3 region-days cannot hold all 8 visits. Best: C split,
        // one iron beside A and one beside B (4.5 + 1 + 2 = 7.5 a day): 4 region-days, every visit:
        // 1000 * (6 * 2 + 2 * 1) - 10 * 4 = 13,960. Leaving out a gold visit to save the region-day
        // would give 12,000 - 30 = 11,970.
        let groups = [
            group(region: 0, hours: 1.5, weight: 2, count: 3, accounts: 3),
            group(region: 1, hours: 1.5, weight: 2, count: 3, accounts: 3),
            group(region: 2, hours: 1, weight: 1, count: 2, accounts: 2),
        ]
        let program = try #require(RegionDayProgram(groups: groups, dayCount: 2, hoursPerDay: 8, travelHours: 1))
        let counts = try #require(program.solve())
        #expect(value(counts, groups, travel: 1) == 13_960)
        #expect(counts[2].sorted() == [1, 1])
        // Day capacity: visits plus one travel per region visited.
        for d in 0..<2 {
            let hours = groups.indices.reduce(0.0) { $0 + Double(counts[$1][d]) * groups[$1].hours }
            let regions = Set(groups.indices.filter { counts[$0][d] > 0 }.map { groups[$0].region }).count
            #expect(hours + Double(regions) <= 8)
        }
    }

    @Test("At most one visit per account and day: two platinum visits to one account need two days")
    func oneVisitPerAccountAndDay() throws {
        // One platinum account due twice (2 h each): one day holds both by hours (4 + 1 <= 8) but not
        // by the rule, so two region-days: 8,000 - 20 = 7,980. With one day only, one visit: 3,990.
        let groups = [group(region: 0, hours: 2, weight: 4, count: 2, accounts: 1)]
        let two = try #require(RegionDayProgram(groups: groups, dayCount: 2, hoursPerDay: 8, travelHours: 1)?.solve())
        #expect(value(two, groups, travel: 1) == 7_980)
        let one = try #require(RegionDayProgram(groups: groups, dayCount: 1, hoursPerDay: 8, travelHours: 1)?.solve())
        #expect(value(one, groups, travel: 1) == 3_990)
    }

    @Test("Random weeks: the program's schedule is worth exactly what GLPK's proven MIP optimum is", arguments: 0..<4)
    func agreesWithMIP(seed: UInt64) throws {
        var random = SplitMix64(seed: seed &+ 0x9E37_79B9_7F4A_7C15)
        for _ in 0..<10 {
            var week = Week(hoursPerDay: [5.0, 6, 8][below(&random, 3)],
                            away: ["2026-11-24", "2026-11-25", "2026-11-26"].filter { _ in below(&random, 3) == 0 })
            week.scenario.policy.allocation.mipGap = 0
            week.scenario.policy.visits.timeLimitSeconds = 600
            week.scenario.policy.visits.travelHours = [0.5, 1, 1.5][below(&random, 3)]
            let tiers: [Tier] = [.platinum, .gold, .iron]
            for a in 0..<(4 + below(&random, 9)) {
                let tier = tiers[below(&random, 3)], regions = 1 + below(&random, 4)
                week.account("a\(a)", tier, region: "r\(below(&random, regions))")
            }
            let program = try VisitScheduler.schedule(week.scenario, tiers: nil, method: .automatic)
            let mip = try VisitScheduler.schedule(week.scenario, tiers: nil, method: .mip)
            #expect(program.managers[0].status == .optimal && mip.managers[0].status == .optimal)
            let worth = { (plan: VisitPlan) in
                plan.scheduled.reduce(0.0) { $0 + 1000 * week.scenario.policy.allocation.tierWeight[$1.tier]! }
                    - 10 * plan.travelHours
            }
            #expect(abs(worth(program) - worth(mip)) < 1e-6, "seed \(seed): \(week.scenario.accounts.map { "\($0.id) \($0.tier!) \($0.region!)" })")
            for date in program.managers[0].days {
                let today = program.scheduled.filter { $0.date == date }
                let hours = today.reduce(0) { $0 + $1.hours } + Double(Set(today.map { $0.region ?? "" }).count) * week.scenario.policy.visits.travelHours
                #expect(hours <= program.managers[0].hoursPerDay + 1e-9)
                #expect(Set(today.map(\.account)).count == today.count)
            }
        }
    }

    @Test("Hours that are not whole minutes, or a search beyond its budget: the MIP schedules the week")
    func givesUp() throws {
        let groups = [
            group(region: 0, hours: 1.0001, weight: 1, count: 3, accounts: 3),
            group(region: 1, hours: 2, weight: 4, count: 2, accounts: 1),
        ]
        #expect(RegionDayProgram(groups: groups, dayCount: 5, hoursPerDay: 8, travelHours: 1) == nil)
        var whole = groups
        whole[0].hours = 1
        #expect(RegionDayProgram(groups: whole, dayCount: 5, hoursPerDay: 8, travelHours: 1)?.solve() != nil)
        #expect(RegionDayProgram(groups: whole, dayCount: 5, hoursPerDay: 8, travelHours: 1, budget: 3)?.solve() == nil)
        // Through the scheduler: a 1.0001-hour iron visit still gets its day, from the MIP.
        var week = Week()
        week.scenario.policy.visits.duration[.iron] = 1.0001
        week.account("i", .iron)
        week.account("p", .platinum, region: "west")
        let plan = try week.schedule()
        #expect(plan.scheduled.count == 3 && plan.managers[0].status == .optimal)
    }
}

/// A number in 0 ..< n from the generator of `kam generate`, so the random weeks are the same on every run.
func below(_ random: inout SplitMix64, _ n: Int) -> Int { Int(random.next() % UInt64(n)) }
