/// How evenly the week's work is spread: the lowest, median and highest utilization over the
/// experts with hours this week (utilization is booked hours / capacity).
public struct LoadSpread: Sendable, Hashable {
    public var minimum: Double
    public var median: Double
    public var maximum: Double
    /// Experts counted (those with capacity > 0).
    public var experts: Int

    /// nil when no expert has hours this week.
    public init?(_ experts: [AllocationPlan.ExpertOutcome]) {
        let loads = experts.filter { $0.capacity > 0 }.map(\.utilization).sorted()
        guard let first = loads.first, let last = loads.last else { return nil }
        let middle = loads.count / 2
        minimum = first
        maximum = last
        median = loads.count % 2 == 1 ? loads[middle] : (loads[middle - 1] + loads[middle]) / 2
        self.experts = loads.count
    }
}

extension AllocationPlan {
    public var loadSpread: LoadSpread? { LoadSpread(experts) }
}
