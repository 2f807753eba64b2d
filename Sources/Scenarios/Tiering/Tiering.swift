import Synchronization

/// Where an account's tier came from.
public enum TierSource: String, Sendable, Hashable, Codable {
    case pyramid, pareto, explicit
}

/// Flags reported beside tiers: "fake key accounts" and accounts to review.
public enum AccountFlag: String, Sendable, Hashable, CaseIterable, Codable {
    /// profit / revenue below `policy.tiering.lowMargin` (revenue > 0).
    case lowMargin
    /// profit < 0.
    case unprofitable
    /// A one-off purchase (`oneOffPurchase: true`).
    case oneOff
}

/// One account's tier and why.
public struct TierAssignment: Sendable, Hashable {
    public var account: String
    public var tier: Tier
    public var source: TierSource
    /// The number the account was ranked by.
    public var basis: Double
    /// 1-based rank among accounts with basis > 0 (descending, ties by id); nil for basis <= 0.
    public var rank: Int?
    public var flags: [AccountFlag]

    public init(account: String, tier: Tier, source: TierSource, basis: Double, rank: Int?, flags: [AccountFlag]) {
        (self.account, self.tier, self.source, self.basis, self.rank, self.flags) = (account, tier, source, basis, rank, flags)
    }
}

/// Tiers for every account of a scenario (docs/scenario-format.md, "Tiers").
public enum Tiering {
    /// Every `ceil` is taken as ceil(x - 1e-9), so float noise such as 5.000000000000001 does not round up.
    public static func ceiling(_ x: Double) -> Int { Int(ceilingValue(x)) }

    /// The same rounding for any size of number (hours may be large), as a Double.
    public static func ceilingValue(_ x: Double) -> Double { (x - 1e-9).rounded(.up) }

    /// The tier of each account, in the scenario's account order. The last result is kept by the
    /// storage of the accounts and account files it came from (`SharedStorage`) and the policy:
    /// `kam compare` plans a base and what-ifs that share one decoded account list, and each plan's
    /// allocation and visits ask for the tiers.
    public static func assign(_ scenario: Scenario) -> [TierAssignment] {
        if let kept = last.withLock({ memo in
            memo.flatMap { SharedStorage.same($0.accounts, scenario.accounts) && SharedStorage.same($0.files, scenario.accountFiles)
                && $0.policy == scenario.policy.tiering ? $0.tiers : nil }
        }) {
            return kept
        }
        let tiers = computeTiers(scenario)
        last.withLock { $0 = Memo(accounts: scenario.accounts, files: scenario.accountFiles, policy: scenario.policy.tiering, tiers: tiers) }
        return tiers
    }

    private struct Memo: Sendable {
        var accounts: [Account]
        var files: [AccountFile]
        var policy: TieringPolicy
        var tiers: [TierAssignment]
    }
    private static let last = Mutex<Memo?>(nil)

    static func computeTiers(_ scenario: Scenario) -> [TierAssignment] {
        let policy = scenario.policy.tiering
        let accounts = scenario.accounts
        let basis = accounts.map { basisValue($0, policy.effectiveBasis) }
        // Rank the accounts with a positive basis: descending, ties by id ascending.
        let ranked = accounts.indices.filter { basis[$0] > 0 }.sorted {
            basis[$0] != basis[$1] ? basis[$0] > basis[$1] : accounts[$0].id < accounts[$1].id
        }
        var rank = [Int?](repeating: nil, count: accounts.count)
        var computed = [Tier](repeating: .lead, count: accounts.count)
        let n = ranked.count
        switch policy.method {
        case .pyramid:
            let shares = policy.pyramid
            let platinum = ceiling(shares.platinum * Double(n))
            let gold = ceiling((shares.platinum + shares.gold) * Double(n))
            let iron = ceiling((shares.platinum + shares.gold + shares.iron) * Double(n))
            for (position, index) in ranked.enumerated() {
                let i = position + 1
                rank[index] = i
                computed[index] = i <= platinum ? .platinum : i <= gold ? .gold : i <= iron ? .iron : .lead
            }
        case .pareto:
            let total = ranked.reduce(0.0) { $0 + basis[$1] }
            var above = 0.0
            let t = policy.pareto
            for (position, index) in ranked.enumerated() {
                rank[index] = position + 1
                let share = total > 0 ? above / total : 1
                computed[index] = share < t.platinum ? .platinum : share < t.gold ? .gold : share < t.iron ? .iron : .lead
                above += basis[index]
            }
        }
        // A planner's `strategic` mark (its account file): kept for brand value, never flagged.
        let strategic = Set(scenario.accountFiles.filter(\.strategic).map(\.account))
        return accounts.indices.map { index in
            let account = accounts[index]
            return TierAssignment(
                account: account.id, tier: account.tier ?? computed[index],
                source: account.tier != nil ? .explicit : (policy.method == .pyramid ? .pyramid : .pareto),
                basis: basis[index], rank: rank[index],
                flags: strategic.contains(account.id) ? [] : flags(account, lowMargin: policy.lowMargin))
        }
    }

    /// The number an account is ranked by. A missing profit counts as 0; `value` falls back
    /// to profit, then revenue (the allocation's value basis, unclamped).
    public static func basisValue(_ account: Account, _ kind: ValueBasisKind) -> Double {
        switch kind {
        case .revenue: account.revenue
        case .profit: account.profit ?? 0
        case .value: account.value ?? account.profit ?? account.revenue
        }
    }

    public static func flags(_ account: Account, lowMargin: Double) -> [AccountFlag] {
        var flags: [AccountFlag] = []
        if let profit = account.profit, account.revenue > 0, profit / account.revenue < lowMargin { flags.append(.lowMargin) }
        if let profit = account.profit, profit < 0 { flags.append(.unprofitable) }
        if account.oneOffPurchase { flags.append(.oneOff) }
        return flags
    }
}

/// The 80/20 view: how many accounts each tier has and what share of revenue and profit.
public struct TierSummary: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var tier: Tier
        public var accounts: Int
        public var accountShare: Double
        public var revenue: Double
        public var revenueShare: Double
        public var profit: Double
        /// nil when the total profit is not positive (a share would mislead).
        public var profitShare: Double?
    }

    public var rows: [Row]
    public var totalAccounts: Int
    public var totalRevenue: Double
    public var totalProfit: Double

    public init(_ scenario: Scenario, _ assignments: [TierAssignment]) {
        let accounts = scenario.accounts
        totalAccounts = accounts.count
        totalRevenue = accounts.reduce(0) { $0 + $1.revenue }
        totalProfit = accounts.reduce(0) { $0 + ($1.profit ?? 0) }
        rows = Tier.allCases.map { tier in
            let members = accounts.indices.filter { assignments[$0].tier == tier }
            let revenue = members.reduce(0.0) { $0 + accounts[$1].revenue }
            let profit = members.reduce(0.0) { $0 + (accounts[$1].profit ?? 0) }
            return Row(
                tier: tier, accounts: members.count,
                accountShare: accounts.isEmpty ? 0 : Double(members.count) / Double(accounts.count),
                revenue: revenue, revenueShare: 0, profit: profit, profitShare: nil)
        }
        for index in rows.indices {
            rows[index].revenueShare = totalRevenue > 0 ? rows[index].revenue / totalRevenue : 0
            rows[index].profitShare = totalProfit > 0 ? rows[index].profit / totalProfit : nil
        }
    }
}
