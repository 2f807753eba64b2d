import Testing
@testable import Scenarios

@Suite("Tiers")
struct TieringTests {
    /// `count` accounts a001... with revenues count, count-1, ..., 1 (distinct, descending by id).
    static func scenario(revenues: [Double], profits: [Double?]? = nil, method: TieringMethod = .pyramid) -> Scenario {
        var policy = Policy()
        policy.tiering.method = method
        let width = String(revenues.count).count
        let accounts = revenues.indices.map { i in
            Account(id: "a" + String(zeroPadded: i + 1, width: max(3, width)), manager: "m", revenue: revenues[i], profit: profits?[i])
        }
        return Scenario(name: "t", week: ISOWeek(year: 2026, week: 48)!, policy: policy, managers: [Manager(id: "m")], accounts: accounts)
    }

    static func counts(_ assignments: [TierAssignment]) -> [Int] {
        Tier.allCases.map { tier in assignments.filter { $0.tier == tier }.count }
    }

    // Pyramid cut-offs are ceil(0.01 n), ceil(0.05 n), ceil(0.20 n), each as ceil(x - 1e-9):
    //   n = 1:   1, 1, 1        -> platinum 1
    //   n = 20:  1, 1, 4        -> 1 platinum, 0 gold, 3 iron, 16 lead (0.05 * 20 is 1, not 2)
    //   n = 100: 1, 5, 20       -> 1, 4, 15, 80
    //   n = 101: 2, 6, 21       -> 2, 4, 15, 80 (1.01 rounds up)
    //   n = 300: 3, 15, 60      -> 3, 12, 45, 240 (0.2 * 300 = 60.00000000000001 in floating point: still 60)
    @Test("Pyramid cut-offs at 1%, 5% and 20%", arguments: [
        (1, [1, 0, 0, 0]), (20, [1, 0, 3, 16]), (100, [1, 4, 15, 80]), (101, [2, 4, 15, 80]), (300, [3, 12, 45, 240]),
    ])
    func pyramid(n: Int, expected: [Int]) {
        let revenues = (0..<n).map { Double(n - $0) }
        let assignments = Tiering.assign(Self.scenario(revenues: revenues))
        #expect(Self.counts(assignments) == expected)
        #expect(assignments.map(\.rank) == (1...n).map { Optional($0) })
        #expect(assignments.allSatisfy { $0.source == .pyramid })
    }

    @Test("The last tiers are kept by the account list's storage: a changed list or policy is tiered again")
    func keptByStorage() {
        var scenario = Self.scenario(revenues: (0..<100).map { Double(100 - $0) })
        let first = Tiering.assign(scenario)
        #expect(first[0].tier == .platinum && first[99].tier == .lead)
        #expect(Tiering.assign(scenario) == first)
        // A copy that changes one account has storage of its own: a100 (revenue 1000) now ranks first.
        scenario.accounts[99].revenue = 1000
        let second = Tiering.assign(scenario)
        #expect(second[99].tier == .platinum && second[0].tier == .gold)
        let fresh = second == Tiering.computeTiers(scenario)
        #expect(fresh)
        scenario.policy.tiering.method = .pareto
        let paretoFresh = Tiering.assign(scenario) == Tiering.computeTiers(scenario)
        #expect(paretoFresh)
        #expect(Tiering.assign(scenario).allSatisfy { $0.source == .pareto })
    }

    @Test("Ties are broken by id, ascending")
    func ties() {
        let assignments = Tiering.assign(Self.scenario(revenues: Array(repeating: 10, count: 100)))
        #expect(assignments[0].tier == .platinum)
        #expect(assignments[0].account == "a001")
        #expect(assignments[1...4].allSatisfy { $0.tier == .gold })
        #expect(assignments.map(\.rank) == (1...100).map { Optional($0) })
    }

    @Test("A basis of 0 or less is lead and not counted in n")
    func nonPositive() {
        // 100 positive accounts and 50 with revenue 0: n = 100, so still 1 platinum and 4 gold.
        let revenues = (0..<100).map { Double(100 - $0) } + Array(repeating: 0, count: 50)
        let assignments = Tiering.assign(Self.scenario(revenues: revenues))
        #expect(Self.counts(assignments) == [1, 4, 15, 130])
        #expect(assignments[100...].allSatisfy { $0.tier == .lead && $0.rank == nil })
    }

    @Test("Pareto: the first tier whose threshold exceeds the share ranked above")
    func pareto() {
        // Ranked profits 50, 30, 10, 5 (a001), 5 (a004: the tie goes by id), total 100.
        // Share above each: 0, 0.5, 0.8, 0.9, 0.95.
        // 0 < 0.5 platinum; 0.5 < 0.8 gold; 0.8 < 0.95 iron; 0.9 < 0.95 iron; 0.95 is not < 0.95: lead.
        // The -20 account is lead without a rank; the revenue-only one has profit 0: lead.
        let scenario = Self.scenario(revenues: [1, 1, 1, 1, 1, 1, 500], profits: [5, 30, 50, 5, 10, -20, nil], method: .pareto)
        let assignments = Tiering.assign(scenario)
        #expect(assignments.map(\.tier) == [.iron, .gold, .platinum, .lead, .iron, .lead, .lead])
        #expect(assignments.map(\.rank) == [4, 2, 1, 5, 3, nil, nil])
        #expect(assignments.map(\.basis) == [5, 30, 50, 5, 10, -20, 0])
    }

    @Test("An explicit tier always wins; flags are reported beside tiers")
    func explicitAndFlags() {
        var scenario = Self.scenario(revenues: [1000, 500, 200, 100], profits: [10, -5, 50, nil])
        scenario.accounts[3].tier = .platinum
        scenario.accounts[3].oneOffPurchase = true
        let assignments = Tiering.assign(scenario)
        #expect(assignments[3].tier == .platinum && assignments[3].source == .explicit)
        #expect(assignments[3].rank == 4)  // explicit accounts still take their place in the ranking
        #expect(assignments[0].flags == [.lowMargin])          // 10 / 1000 = 1% < 5%
        #expect(assignments[1].flags == [.lowMargin, .unprofitable])
        #expect(assignments[2].flags == [])                    // 25%
        #expect(assignments[3].flags == [.oneOff])             // no profit: no margin flag
    }

    @Test("Tiering by value uses value, then profit, then revenue")
    func byValue() {
        var scenario = Self.scenario(revenues: [100, 100, 100], profits: [10, nil, 10])
        scenario.accounts[2].value = 999
        scenario.policy.tiering.by = .value
        #expect(Tiering.assign(scenario).map(\.basis) == [10, 100, 999])
    }

    @Test("The summary adds up the 80/20 view")
    func summary() {
        let scenario = Self.scenario(revenues: (0..<100).map { Double(100 - $0) }, profits: Array(repeating: 1, count: 100))
        let summary = TierSummary(scenario, Tiering.assign(scenario))
        // Revenue 100 + 99 + ... + 1 = 5050; platinum is the 100 account; gold 99..96 = 390.
        #expect(summary.totalRevenue == 5050)
        #expect(summary.rows[0].accounts == 1 && summary.rows[0].revenue == 100)
        #expect(summary.rows[1].revenue == 390)
        #expect(abs(summary.rows[1].revenueShare - 390.0 / 5050) < 1e-12)
        #expect(summary.rows[3].profitShare == 0.8)
    }
}

/// Tiers against an independent reference on random books: ranks by counting who is ahead,
/// cut-offs in integer arithmetic (ceil(k n / 100) = (k n + 99) / 100), Pareto shares by summing.
@Suite("Tiers against a reference implementation")
struct TieringReferenceTests {
    static func reference(_ scenario: Scenario) -> [(Tier, Int?)] {
        let basis = scenario.accounts.map { $0.revenue }
        let positive = scenario.accounts.indices.filter { basis[$0] > 0 }
        let n = positive.count
        return scenario.accounts.indices.map { i in
            guard basis[i] > 0 else { return (scenario.accounts[i].tier ?? .lead, nil) }
            let ahead = positive.filter { basis[$0] > basis[i] || (basis[$0] == basis[i] && scenario.accounts[$0].id < scenario.accounts[i].id) }
            let rank = ahead.count + 1
            let computed: Tier
            if scenario.policy.tiering.method == .pyramid {
                computed = rank <= (n + 99) / 100 ? .platinum : rank <= (5 * n + 99) / 100 ? .gold : rank <= (20 * n + 99) / 100 ? .iron : .lead
            } else {
                let share = ahead.reduce(0.0) { $0 + basis[$1] } / positive.reduce(0.0) { $0 + basis[$1] }
                computed = share < 0.5 ? .platinum : share < 0.8 ? .gold : share < 0.95 ? .iron : .lead
            }
            return (scenario.accounts[i].tier ?? computed, rank)
        }
    }

    @Test("Random books, both methods, with ties, zeros and explicit tiers", arguments: 0..<40)
    func random(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        let count = 1 + random.below(700)
        var policy = Policy()
        policy.tiering.method = seed % 2 == 0 ? .pyramid : .pareto
        policy.tiering.by = .revenue
        let accounts = (0..<count).map { i -> Account in
            // Few distinct values, so ties are common; some zero or negative-profit-free zeros.
            let revenue = random.below(10) == 0 ? 0 : Double(1 + random.below(seed % 3 == 0 ? 5 : 5000)) * 10
            var account = Account(id: "acct\(random.below(100_000))-\(i)", manager: "m", revenue: revenue)
            if random.below(50) == 0 { account.tier = Tier.allCases[random.below(4)] }
            return account
        }
        let scenario = Scenario(name: "r", week: ISOWeek(year: 2026, week: 48)!, policy: policy, managers: [Manager(id: "m")], accounts: accounts)
        let expected = Self.reference(scenario)
        let actual = Tiering.assign(scenario)
        #expect(actual.map(\.tier) == expected.map(\.0))
        #expect(actual.map(\.rank) == expected.map(\.1))
    }
}
