/// How a customer's financial health is judged (`policy.health`, docs/scenario-format.md): each of
/// the five ratios scores 0 to 20 points, 0 at its `bad` end and 20 at its `good` end, linearly in
/// between; and the thresholds of the flags.
public struct HealthPolicy: Sendable, Hashable {
    /// A ratio's scale: 0 points at `bad` (and beyond), 20 at `good` (and beyond). `good` may be
    /// below `bad` (days: fewer is better).
    public struct Band: Sendable, Hashable {
        public var bad: Double
        public var good: Double

        public init(bad: Double, good: Double) { (self.bad, self.good) = (bad, good) }

        /// Points out of `maximum` for `value`.
        public func points(_ value: Double, maximum: Double = 20) -> Double {
            let share = (value - bad) / (good - bad)
            return maximum * min(1, max(0, share))
        }
    }

    /// Current assets / current liabilities; `liquidityRisk` below `bad`.
    public var currentRatio = Band(bad: 1, good: 2)
    /// Net profit / revenue.
    public var netMargin = Band(bad: 0, good: 0.1)
    /// Net profit / total assets.
    public var returnOnAssets = Band(bad: 0, good: 0.08)
    /// Receivables / revenue x 365; `slowPayer` above `bad`.
    public var collectionDays = Band(bad: 90, good: 30)
    /// Inventory / cost of sales x 365.
    public var inventoryDays = Band(bad: 120, good: 45)
    /// `shrinking`: the customer's revenue, or our sales to it, fell by more than this share from
    /// one period to the next.
    public var shrinking = 0.05
    /// `volumeWithoutProfit`: the profit rank is at least this share of the ranked accounts below
    /// the revenue rank (of an account in the top 20% by revenue).
    public var rankGap = 0.25
    /// `marginSqueezer`: our margin on the account fell by at least this much (0.02 = 2 points)
    /// from one period to the next while our sales to it grew.
    public var marginDrop = 0.02

    public init() {}

    /// The five ratios of a customer's health, in the documented order.
    public enum Ratio: String, Sendable, Hashable, CaseIterable, Codable {
        case currentRatio, netMargin, returnOnAssets, collectionDays, inventoryDays
    }

    /// The band of `ratio`.
    public subscript(_ ratio: Ratio) -> Band {
        get {
            switch ratio {
            case .currentRatio: currentRatio
            case .netMargin: netMargin
            case .returnOnAssets: returnOnAssets
            case .collectionDays: collectionDays
            case .inventoryDays: inventoryDays
            }
        }
        set {
            switch ratio {
            case .currentRatio: currentRatio = newValue
            case .netMargin: netMargin = newValue
            case .returnOnAssets: returnOnAssets = newValue
            case .collectionDays: collectionDays = newValue
            case .inventoryDays: inventoryDays = newValue
            }
        }
    }
}
