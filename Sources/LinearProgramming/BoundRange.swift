/// Primal ranging of one row's active bound: the values the bound may take while the optimal
/// basis stays optimal, so the row's dual (and every other dual) holds and the objective moves by
/// exactly the dual per unit (GLPK's `glp_analyze_bound`). In a degenerate optimum another
/// optimal basis may hold over a wider range: the range is where the dual is sure to hold.
public struct BoundRange: Sendable, Hashable {
    /// The lowest value of the bound; -infinity when nothing limits it.
    public var lower: Double
    /// The highest value of the bound; +infinity when nothing limits it.
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }
}
