import Scenarios
import Testing
@testable import Accounts

/// The five ratios and the score on figures worked out by hand, and every flag on both sides of
/// its threshold (the default `policy.health`).
@Suite("Financial health and accounts to review")
struct HealthTests {
    static func period(_ figures: [FinancialPeriod.Figure: Double], name: String = "2025") -> FinancialPeriod {
        FinancialPeriod(period: name, figures: figures)
    }

    /// current ratio 150 / 100 = 1.5: 20 x (1.5 - 1) / (2 - 1) = 10 points
    /// net margin 6 / 100 = 0.06: 20 x 0.06 / 0.1 = 12
    /// return on assets 6 / 200 = 0.03: 20 x 0.03 / 0.08 = 7.5
    /// collection days 20 / 100 x 365 = 73: 20 x (73 - 90) / (30 - 90) = 5.667
    /// inventory days 10 / 73 x 365 = 50: 20 x (50 - 120) / (45 - 120) = 18.667
    /// score 10 + 12 + 7.5 + 5.667 + 18.667 = 53.833; without total assets the four others,
    /// 46.333 of 80, scaled: 57.917.
    static let figures: [FinancialPeriod.Figure: Double] = [
        .currentAssets: 150, .currentLiabilities: 100, .netProfit: 6, .revenue: 100, .totalAssets: 200,
        .receivables: 20, .inventory: 10, .costOfSales: 73,
    ]

    @Test("The five ratios, their points and the score (derived above)")
    func ratios() {
        let health = FinancialHealth(Self.period(Self.figures), policy: HealthPolicy())
        let expected: [(HealthPolicy.Ratio, Double, Double)] = [
            (.currentRatio, 1.5, 10), (.netMargin, 0.06, 12), (.returnOnAssets, 0.03, 7.5),
            (.collectionDays, 73, 20 * 17 / 60.0), (.inventoryDays, 50, 20 * 70 / 75.0),
        ]
        for (ratio, value, points) in expected {
            let part = health.parts.first { $0.ratio == ratio }!
            #expect(abs(part.value! - value) < 1e-9, "\(ratio)")
            #expect(abs(part.points! - points) < 1e-9, "\(ratio)")
        }
        #expect(abs(health.score! - 53.833333333333336) < 1e-9)

        var partial = Self.figures
        partial[.totalAssets] = nil
        let missing = FinancialHealth(Self.period(partial), policy: HealthPolicy())
        let roa: FinancialHealth.Part? = missing.parts.first { $0.ratio == .returnOnAssets }
        #expect(roa?.missing == [FinancialPeriod.Figure.totalAssets])
        let fourParts: Double = 10 + 12 + 20 * 17 / 60.0 + 20 * 70 / 75.0
        #expect(abs(missing.score! - fourParts / 4 * 5) < 1e-9)
        #expect(FinancialHealth(Self.period([:]), policy: HealthPolicy()).score == nil)
    }

    /// A one-account scenario with an account file holding `periods`.
    static func review(_ periods: [FinancialPeriod], strategic: Bool = false) -> AccountReview {
        var scenario = Scenario(name: "t", week: ISOWeek(year: 2026, week: 48)!, managers: [Manager(id: "m")],
                                accounts: [Account(id: "a", manager: "m", revenue: 100, profit: 1)])
        scenario.accountFiles = [AccountFile(account: "a", strategic: strategic, financials: periods)]
        return AccountReview.all(scenario)[0]
    }

    @Test("liquidityRisk below a current ratio of 1, not at 1", arguments: [(100.0, false), (99.0, true)])
    func liquidity(currentAssets: Double, flagged: Bool) {
        let review = Self.review([Self.period([.currentAssets: currentAssets, .currentLiabilities: 100])])
        #expect(review.flags.contains(.liquidityRisk) == flagged)
    }

    @Test("slowPayer above 90 collection days, not at 90 (receivables 90 or 91 of a revenue of 365)", arguments: [(90.0, false), (91.0, true)])
    func slowPayer(receivables: Double, flagged: Bool) {
        let review = Self.review([Self.period([.receivables: receivables, .revenue: 365])])
        #expect(review.flags.contains(.slowPayer) == flagged)
        if flagged { #expect(review.items.first { $0.flag == .slowPayer }?.reason == "collects in 91 days in 2025, more than 90") }
    }

    @Test("shrinking when revenue or our sales fall more than 5%: 100 to 95 is not, to 94.9 is",
          arguments: [(FinancialPeriod.Figure.revenue, 95.0, false), (.revenue, 94.9, true), (.ourRevenue, 95.0, false), (.ourRevenue, 94.9, true)])
    func shrinking(figure: FinancialPeriod.Figure, now: Double, flagged: Bool) {
        let review = Self.review([Self.period([figure: 100], name: "2024"), Self.period([figure: now], name: "2025")])
        #expect(review.flags.contains(.shrinking) == flagged)
    }

    /// Our margin 12 / 100 = 12% in 2024; in 2025 sales 110 and profit 11: 10%, a fall of exactly
    /// 2 points (flagged); profit 11.11: 10.1%, 1.9 points (not); sales flat at 100 with profit 10:
    /// 10%, but volume did not grow (not).
    @Test("marginSqueezer: our margin falls at least 2 points while our sales grow",
          arguments: [(110.0, 11.0, true), (110.0, 11.11, false), (100.0, 10.0, false)])
    func squeezer(sales: Double, profit: Double, flagged: Bool) {
        let periods = [Self.period([.ourRevenue: 100, .ourProfit: 12], name: "2024"), Self.period([.ourRevenue: sales, .ourProfit: profit], name: "2025")]
        #expect(Self.review(periods).flags.contains(.marginSqueezer) == flagged)
        // A strategic account is never flagged; the mark is listed instead.
        #expect(Self.review(periods, strategic: true).flags == [.strategic])
    }

    /// Eight accounts a..h with revenue 800, 700, ..., 100: the top 20% are ceil(1.6) = 2 (a, b);
    /// the gap needed is ceil(0.25 x 8) = 2. Profits c 70, b 60, a 50, d 45, ...: a is revenue 1st,
    /// profit 3rd (gap 2): flagged; b is 2nd on both. With a's profit 65 it is 2nd: gap 1, not.
    @Test("volumeWithoutProfit: a top-20% account whose profit rank is at least a quarter of the book lower", arguments: [(50.0, true), (65.0, false)])
    func volume(profitOfA: Double, flagged: Bool) {
        let profits: [Double] = [profitOfA, 60, 70, 45, 40, 30, 20, 10]
        let accounts = (0..<8).map { i in
            Account(id: String(UnicodeScalar(UInt8(97 + i))), manager: "m", revenue: Double(800 - 100 * i), profit: profits[i])
        }
        var scenario = Scenario(name: "t", week: ISOWeek(year: 2026, week: 48)!, managers: [Manager(id: "m")], accounts: accounts)
        let reviews = AccountReview.all(scenario)
        #expect(reviews[0].flags.contains(.volumeWithoutProfit) == flagged)
        #expect(reviews.dropFirst().allSatisfy { !$0.flags.contains(.volumeWithoutProfit) })
        if flagged { #expect(reviews[0].items[0].reason == "revenue rank 1 of 8, profit rank 3") }
        scenario.accountFiles = [AccountFile(account: "a", strategic: true)]
        #expect(AccountReview.all(scenario)[0].flags == [.strategic])
    }

    @Test("A strategic account keeps no tier flags (lowMargin, unprofitable, oneOff)")
    func strategicTierFlags() {
        var scenario = Scenario(name: "t", week: ISOWeek(year: 2026, week: 48)!, managers: [Manager(id: "m")],
                                accounts: [Account(id: "a", manager: "m", revenue: 100, profit: -5, oneOffPurchase: true)])
        #expect(Tiering.assign(scenario)[0].flags == [.lowMargin, .unprofitable, .oneOff])
        scenario.accountFiles = [AccountFile(account: "a", strategic: true)]
        #expect(Tiering.assign(scenario)[0].flags.isEmpty)
    }
}
