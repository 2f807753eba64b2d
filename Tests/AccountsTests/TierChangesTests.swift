import Scenarios
import Testing
@testable import Accounts

/// Dynamic tiers on ten accounts, pyramid shares of 10% each: rank 1 platinum, 2 gold, 3 iron,
/// the rest lead. Revenue of a, b, c over three periods (d..j 100 throughout):
///   2024: a 1000, b 900, c 800    2025: a 950, b 1100, c 800    now: a 900, b 1200, c 1300
/// 2025 to now: b platinum -> gold (rank 1 -> 2), a gold -> iron (rank 2 -> 3), c iron -> platinum
/// (rank 3 -> 1). a's revenue fell two periods in a row (1000, 950, 900): watch list; b and c grew.
@Suite("Dynamic tiers")
struct TierChangesTests {
    static func period(_ name: String, _ a: Double, _ b: Double, _ c: Double) -> Scenario {
        let revenue: [String: Double] = ["a": a, "b": b, "c": c]
        var scenario = Scenario(name: name, week: ISOWeek(year: 2026, week: 48)!, managers: [Manager(id: "m")],
                                accounts: "abcdefghij".map { id in Account(id: String(id), manager: "m", revenue: revenue[String(id)] ?? 100) })
        scenario.policy.tiering.pyramid = TierThresholds(platinum: 0.1, gold: 0.1, iron: 0.1)
        return scenario
    }

    @Test("Who moved up or down since the last period, and who slid two periods in a row (derived above)")
    func changes() {
        let changes = TierChanges(current: Self.period("now", 900, 1200, 1300),
                                  previous: [Self.period("2025", 950, 1100, 800), Self.period("2024", 1000, 900, 800)])
        #expect(changes.since == "2025")
        #expect(changes.moves.map { "\($0.account) \($0.direction.rawValue) \($0.from.rawValue)->\($0.to.rawValue): \($0.why)" } == [
            "a down gold->iron: revenue 950 → 900, rank 2 → 3",
            "b down platinum->gold: revenue 1,100 → 1,200, rank 1 → 2; overtaken by c",
            "c up iron->platinum: revenue 800 → 1,300, rank 3 → 1",
        ])
        #expect(changes.watch.map { "\($0.account) \($0.bases)" } == ["a [1000.0, 950.0, 900.0]"])
    }

    @Test("One earlier period: moves, no watch list; an account new this period is no move; a tier set by hand says so")
    func onePeriod() {
        var now = Self.period("now", 900, 1200, 1300)
        now.accounts.append(Account(id: "k", manager: "m", revenue: 5000))
        now.accounts[0].tier = .platinum
        let changes = TierChanges(current: now, previous: [Self.period("2025", 950, 1100, 800)])
        #expect(changes.watch.isEmpty)
        #expect(!changes.moves.contains { $0.account == "k" })
        #expect(changes.moves.first { $0.account == "a" }?.why == "set by hand to platinum")
    }

    @Test("A move the account did not make: the cut moved (one more account ranked), or others crossed it")
    func cutAndCrossings() {
        // 2025: b 1100 (rank 1, platinum), a 950 (2, gold), c 800 (3, iron), d..j 100 (lead), 10
        // ranked. Now the same plus k (50): 11 ranked, so platinum takes ceil(1.1) = 2 accounts, gold
        // 3, iron 4: a, c and d move up with the same revenue and rank: each tier's cut moved.
        var now = Self.period("now", 950, 1100, 800)
        now.accounts.append(Account(id: "k", manager: "m", revenue: 50))
        let grown = TierChanges(current: now, previous: [Self.period("2025", 950, 1100, 800)])
        #expect(grown.moves.map { "\($0.account) \($0.cause.rawValue): \($0.why)" } == [
            "a cut: revenue 950 → 950, rank 2 → 2; the platinum cut moved, not the account: from rank 1 (revenue 1,100) of 10 ranked to rank 2 (revenue 950) of 11 ranked",
            "c cut: revenue 800 → 800, rank 3 → 3; the gold cut moved, not the account: from rank 2 (revenue 950) of 10 ranked to rank 3 (revenue 800) of 11 ranked",
            "d cut: revenue 100 → 100, rank 4 → 4; the iron cut moved, not the account: from rank 3 (revenue 800) of 10 ranked to rank 4 (revenue 100) of 11 ranked",
        ])
        // b falls from 1100 to 700: a (950) and c (800) move up a rank each without growing: b fell behind them.
        let fell = TierChanges(current: Self.period("now", 950, 700, 800), previous: [Self.period("2025", 950, 1100, 800)])
        #expect(fell.moves.map { "\($0.account) \($0.cause.rawValue): \($0.why)" } == [
            "a passed: revenue 950 → 950, rank 2 → 1; b fell behind it",
            "b basis: revenue 1,100 → 700, rank 1 → 3",
            "c passed: revenue 800 → 800, rank 3 → 2; b fell behind it",
        ])
    }
}
