import Scenarios

/// What a planner should look at again, per account (docs/scenario-format.md, "Accounts to
/// review"): the customer's health (`liquidityRisk`, `slowPayer`, `shrinking`) from its latest
/// financial period, and the signs of a "fake" key account (`volumeWithoutProfit`,
/// `marginSqueezer`) unless a planner marked it `strategic`, which is listed instead.
public struct AccountReview: Sendable, Hashable {
    public enum Flag: String, Sendable, Hashable, CaseIterable, Codable {
        /// Current ratio below `policy.health.currentRatio.bad`: it may not pay its bills.
        case liquidityRisk
        /// Collection days above `policy.health.collectionDays.bad`.
        case slowPayer
        /// Its revenue, or our sales to it, fell by more than `policy.health.shrinking` from the
        /// period before.
        case shrinking
        /// Among the top 20% by revenue, but its profit rank is at least `policy.health.rankGap`
        /// of the ranked accounts lower.
        case volumeWithoutProfit
        /// Our margin on it fell by at least `policy.health.marginDrop` while our sales to it grew.
        case marginSqueezer
        /// A planner's mark: kept for brand value despite low profit; never flagged as fake.
        case strategic
    }

    public struct Item: Sendable, Hashable {
        public var flag: Flag
        /// In words, with the figures that raised it.
        public var reason: String
    }

    public var account: String
    public var items: [Item]
    /// The latest period's health, when the account has financials.
    public var health: FinancialHealth?

    public var flags: [Flag] { items.map(\.flag) }

    /// Comparisons allow 1e-9 of floating-point noise: a value on a threshold is on it.
    static let tolerance = 1e-9

    /// Every account's review, in account order.
    public static func all(_ scenario: Scenario) -> [AccountReview] {
        let policy = scenario.policy.health
        let ranks = VolumeRanks(scenario)
        var files: [String: AccountFile] = [:]
        for file in scenario.accountFiles { files[file.account] = file }
        return scenario.accounts.enumerated().map { index, account in
            review(account, file: files[account.id], rank: ranks.gap(index), policy: policy)
        }
    }

    /// One account's review; `rank` is its (revenue rank, profit rank, ranked accounts) when it is
    /// in the top 20% by revenue.
    static func review(_ account: Account, file: AccountFile?, rank: (revenue: Int, profit: Int, of: Int)?, policy: HealthPolicy) -> AccountReview {
        var items: [Item] = []
        let periods = file?.financials ?? []
        let latest = periods.last.map { FinancialHealth($0, policy: policy) }
        if let latest {
            if let ratio = latest.value(.currentRatio), ratio < policy.currentRatio.bad - tolerance {
                items.append(Item(flag: .liquidityRisk, reason: "current ratio \(format(ratio)) in \(latest.period), below \(format(policy.currentRatio.bad))"))
            }
            if let days = latest.value(.collectionDays), days > policy.collectionDays.bad + tolerance {
                items.append(Item(flag: .slowPayer, reason: "collects in \(format(days, decimals: 0)) days in \(latest.period), more than \(format(policy.collectionDays.bad))"))
            }
        }
        if periods.count >= 2 {
            let (before, last) = (periods[periods.count - 2], periods[periods.count - 1])
            var falls: [String] = []
            for (figure, words) in [(FinancialPeriod.Figure.revenue, "its revenue"), (.ourRevenue, "our sales to it")] {
                guard let old = before[figure], let new = last[figure], old > 0 else { continue }
                let fall = (old - new) / old
                if fall > policy.shrinking + tolerance {
                    falls.append("\(words) fell \(NumberFormat.percent(fall)) from \(before.period) to \(last.period)")
                }
            }
            if !falls.isEmpty { items.append(Item(flag: .shrinking, reason: falls.joined(separator: "; "))) }
        }
        let strategic = file?.strategic ?? false
        if !strategic {
            if let rank, rank.profit - rank.revenue >= Tiering.ceiling(policy.rankGap * Double(rank.of)) {
                items.append(Item(flag: .volumeWithoutProfit,
                                  reason: "revenue rank \(rank.revenue) of \(rank.of), profit rank \(rank.profit)"))
            }
            if periods.count >= 2 {
                let (before, last) = (periods[periods.count - 2], periods[periods.count - 1])
                if let oldSales = before[.ourRevenue], let newSales = last[.ourRevenue], let oldProfit = before[.ourProfit], let newProfit = last[.ourProfit],
                   oldSales > 0, newSales > oldSales {
                    let (oldMargin, newMargin) = (oldProfit / oldSales, newProfit / newSales)
                    if oldMargin - newMargin >= policy.marginDrop - tolerance {
                        items.append(Item(flag: .marginSqueezer, reason: "our margin fell from \(NumberFormat.percent(oldMargin)) to \(NumberFormat.percent(newMargin)) (\(before.period) to \(last.period)) while our sales to it grew \(NumberFormat.percent(newSales / oldSales - 1))"))
                    }
                }
            }
        } else {
            items.append(Item(flag: .strategic, reason: "marked strategic: kept for brand value; not flagged as a fake key account"))
        }
        return AccountReview(account: account.id, items: items, health: latest)
    }

    static func format(_ value: Double, decimals: Int = 2) -> String { NumberFormat.plain(value, decimals: decimals) }
}

/// Revenue and profit ranks (descending, ties by id) of the accounts with revenue > 0.
struct VolumeRanks {
    /// By account index: ranks by revenue and by profit, for the top 20% by revenue only.
    private var ranks: [(revenue: Int, profit: Int)?]
    private let count: Int

    init(_ scenario: Scenario) {
        let accounts = scenario.accounts
        // Sorted over flat arrays of the figures (a closure reading whole accounts sorted 40,000
        // of them in twice the time); ties by id.
        let revenue = accounts.map(\.revenue)
        let profit = accounts.map { $0.profit ?? 0 }
        let ranked = accounts.indices.filter { revenue[$0] > 0 }
        count = ranked.count
        let byRevenue = ranked.sorted { revenue[$0] != revenue[$1] ? revenue[$0] > revenue[$1] : accounts[$0].id < accounts[$1].id }
        let byProfit = ranked.sorted { profit[$0] != profit[$1] ? profit[$0] > profit[$1] : accounts[$0].id < accounts[$1].id }
        var profitRank = [Int](repeating: 0, count: accounts.count)
        for (position, index) in byProfit.enumerated() { profitRank[index] = position + 1 }
        ranks = Array(repeating: nil, count: accounts.count)
        let top = Tiering.ceiling(0.2 * Double(count))
        for (position, index) in byRevenue.enumerated() where position < top {
            ranks[index] = (position + 1, profitRank[index])
        }
    }

    /// The account's ranks when it is in the top 20% by revenue.
    func gap(_ index: Int) -> (revenue: Int, profit: Int, of: Int)? {
        ranks[index].map { ($0.revenue, $0.profit, count) }
    }
}
