import Scenarios

/// A customer's financial health in one period: the five ratios and a score of 0 to 100
/// (docs/scenario-format.md, "Financial health"). Each ratio scores 0 to 20 points on its band of
/// `policy.health` (0 at `bad`, 20 at `good`, linear between); the score is the points over the
/// ratios that can be computed, scaled to 100 (all five: their sum).
public struct FinancialHealth: Sendable, Hashable {
    public typealias Ratio = HealthPolicy.Ratio

    /// One ratio: its value (nil when a figure it needs is missing or its divisor is not positive)
    /// and the points it scores.
    public struct Part: Sendable, Hashable {
        public var ratio: Ratio
        public var value: Double?
        public var points: Double?
        /// The figures it needs that the period lacks.
        public var missing: [FinancialPeriod.Figure]
    }

    public var period: String
    public var parts: [Part]
    /// 0 to 100; nil when no ratio can be computed.
    public var score: Double?

    public init(_ period: FinancialPeriod, policy: HealthPolicy) {
        self.period = period.period
        parts = Ratio.allCases.map { ratio in
            let (numerator, denominator, factor) = Self.formula(ratio)
            let missing = [numerator, denominator].filter { period[$0] == nil }
            guard missing.isEmpty, let top = period[numerator], let bottom = period[denominator], bottom > 0 else {
                return Part(ratio: ratio, value: nil, points: nil, missing: missing)
            }
            let value = top / bottom * factor
            return Part(ratio: ratio, value: value, points: policy[ratio].points(value), missing: [])
        }
        let known = parts.compactMap(\.points)
        score = known.isEmpty ? nil : known.reduce(0, +) / Double(known.count) * 5
    }

    /// The value of `ratio`, when it could be computed.
    public func value(_ ratio: Ratio) -> Double? { parts.first { $0.ratio == ratio }?.value }

    /// numerator / denominator x factor.
    public static func formula(_ ratio: Ratio) -> (FinancialPeriod.Figure, FinancialPeriod.Figure, Double) {
        switch ratio {
        case .currentRatio: (.currentAssets, .currentLiabilities, 1)
        case .netMargin: (.netProfit, .revenue, 1)
        case .returnOnAssets: (.netProfit, .totalAssets, 1)
        case .collectionDays: (.receivables, .revenue, 365)
        case .inventoryDays: (.inventory, .costOfSales, 365)
        }
    }

    /// "current assets / current liabilities", for the page.
    public static func formulaText(_ ratio: Ratio) -> String {
        let (top, bottom, factor) = formula(ratio)
        return "\(words(top)) / \(words(bottom))" + (factor == 1 ? "" : " x 365")
    }

    /// "current assets" from `currentAssets`.
    public static func words(_ figure: FinancialPeriod.Figure) -> String {
        var out = ""
        for character in figure.rawValue {
            if character.isUppercase { out += " " + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}
