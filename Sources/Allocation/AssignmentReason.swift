import Scenarios

/// Why an expert's hours went to a request, in the linear program's own terms.
///
/// The expert's shadow price λ(e) is what one of their hours earns at the margin in the best
/// other use the plan has for it. An hour here is worth w(e, r), so `margin` = w(e, r) − λ(e) is
/// what this request gains over that alternative: at the optimum it is never negative unless a
/// pin (or a change penalty keeping a published assignment) holds the hours here. The best other
/// candidate e' of the request nets w(e', r) − λ(e'); the chosen expert's margin is at least that
/// (both are the request's own dual at the optimum): the gap is the runner-up's reduced cost.
public struct AssignmentReason: Sendable, Hashable {
    /// The best other candidate expert of the request, by margin.
    public struct Alternative: Sendable, Hashable {
        public var expert: String
        public var valuePerHour: Double
        public var shadowPrice: Double
        public var margin: Double { valuePerHour - shadowPrice }

        public init(expert: String, valuePerHour: Double, shadowPrice: Double) {
            (self.expert, self.valuePerHour, self.shadowPrice) = (expert, valuePerHour, shadowPrice)
        }
    }

    public var valuePerHour: Double
    /// The expert's shadow price: the value of their hour in its best use elsewhere.
    public var shadowPrice: Double
    public var alternative: Alternative?
    /// Hours the planner pinned on this pair (fixed or floored); 0 when none.
    public var pinnedHours: Double
    /// Hours kept from the reference plan by the change penalty (they earn the penalty too).
    public var keptHours: Double

    public init(valuePerHour: Double, shadowPrice: Double, alternative: Alternative?, pinnedHours: Double = 0, keptHours: Double = 0) {
        (self.valuePerHour, self.shadowPrice, self.alternative) = (valuePerHour, shadowPrice, alternative)
        (self.pinnedHours, self.keptHours) = (pinnedHours, keptHours)
    }

    /// What an hour here earns over the expert's best use elsewhere.
    public var margin: Double { valuePerHour - shadowPrice }

    /// Values within this of each other are a tie (the plan's numbers are cleaned to 1e-6).
    static let tie = 1e-6

    /// The reason in words, as the table, plan.json and the report give it.
    public var words: String {
        let v = Self.number(valuePerHour), s = Self.number(shadowPrice), m = Self.number(abs(margin))
        var text: String
        if shadowPrice <= Self.tie {
            text = "\(v)/h here; the expert has hours to spare (shadow price 0)"
        } else if margin > Self.tie {
            text = "\(v)/h here, \(m)/h more than the expert's hour earns at the margin (shadow price \(s))"
        } else if margin < -Self.tie {
            text = "\(v)/h here, \(m)/h less than the expert's hour earns at the margin (shadow price \(s))"
        } else {
            text = "\(v)/h here, the marginal use of the expert (it sets their shadow price \(s)): one hour less of them comes from here"
        }
        if pinnedHours > 0 { text += "; \(Self.number(pinnedHours)) h pinned by the planner" }
        if keptHours > 0 { text += "; \(Self.number(keptHours)) h kept from the reference plan" }
        if let other = alternative {
            text += "; next best \(other.expert) nets \(Self.number(other.margin))/h (\(Self.number(other.valuePerHour))/h here, shadow price \(Self.number(other.shadowPrice)))"
        } else {
            text += "; no other expert can do it"
        }
        return text
    }

    /// 2 decimals at most, no trailing zeros: 1.5, 0.25, 3 (what "%.2f" gives, trimmed).
    /// Every assignment's reason has five of them: `NumberFormat.plain` makes the digits, not
    /// `String(format:)` (formatting them was a quarter of making L's plan.json, by a profile).
    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        guard abs(rounded) < 1e12 else {
            // Beyond any real figure (and beyond Int64): printf's digits, trimmed.
            var text = String(format: "%.2f", rounded)
            if text.contains(".") { while text.hasSuffix("0") { text.removeLast() } }
            if text.hasSuffix(".") { text.removeLast() }
            return text
        }
        return NumberFormat.plain(rounded, decimals: 2)
    }
}
