import LinearProgramming
import Scenarios

/// Over how many bookable hours an expert's shadow price holds: within the range, each hour more
/// (or fewer) changes the objective by exactly the price; beyond it an hour may be worth less (more
/// hours) or more (fewer hours). The ranging of the capacity row in the optimal basis (`BoundRange`,
/// from GLPK or the flow's tree): in a degenerate optimum the price may hold further than the
/// range says, never less far.
public struct PriceRange: Sendable, Hashable {
    /// Hours below the bookable hours down to which the price surely holds (0: not even one for sure).
    public var fewer: Double
    /// Hours above the bookable hours up to which the price holds; nil when any number does
    /// (a price of 0 stays 0: hours nobody needs).
    public var more: Double?

    public init(fewer: Double, more: Double?) {
        self.fewer = fewer
        self.more = more
    }

    /// The range of an expert's price: `range` is the ranging of the capacity row (nil when the
    /// row is basic, or absent because the expert is no candidate anywhere); `floor` the hours the
    /// expert's pins book at least. Nil when the price is positive and no ranging is known (a
    /// stopped MIP search).
    static func of(price: Double, bookable: Double, allocated: Double, floor: Double, range: BoundRange?) -> PriceRange? {
        let lowest = max(0, floor)
        guard let range else {
            // A slack row: the price 0 holds while the hours cover what is booked.
            return price > 0 ? nil : PriceRange(fewer: max(0, bookable - max(allocated, lowest)), more: nil)
        }
        let fewer = max(0, bookable - max(range.lower, lowest))
        // The objective is concave in the hours: once an hour is worth 0, every further hour is too.
        guard price > 0 else { return PriceRange(fewer: fewer, more: nil) }
        return PriceRange(fewer: fewer, more: range.upper.isFinite ? max(0, range.upper - bookable) : nil)
    }

    /// The table's cell: "-4 .. +12", "-32 .. +any", "0 .. +3".
    public var cell: String {
        (fewer > 0 ? "-\(NumberFormat.plain(fewer))" : "0") + " .. +" + (more.map { NumberFormat.plain($0) } ?? "any")
    }

    /// "for at least 12 more hours and 4 fewer", "for any number of more hours and at least 4 fewer".
    public var words: String {
        let up: String
        switch more {
        case nil: up = "any number of more hours"
        case let hours? where hours <= 0: up = "no more hours for sure"
        case let hours?: up = "at least \(NumberFormat.plain(hours)) more hours"
        }
        let down = fewer <= 0 ? "no fewer for sure" : "at least \(NumberFormat.plain(fewer)) fewer"
        return "for \(up) and \(down)"
    }
}
