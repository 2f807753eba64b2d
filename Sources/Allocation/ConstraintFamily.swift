/// The kinds of rows in the allocation model. Each has one builder in `AllocationProblem`; a new
/// rule (a pin, an exclusion, a utilization cap) is a new family and a new builder.
public enum ConstraintFamily: String, Sendable, Hashable, CaseIterable {
    /// sum_r x(e, r) <= capacity(e).
    case capacity
    /// sum_e x(e, r) <= hours(r).
    case request
    /// sum_e x(e, r) + short(r) >= ceil(m * hours(r)).
    case minimumService
    /// All hours of a request from one expert (binaries).
    case singleExpert
    /// At most maxAccounts accounts per expert (binaries).
    case maxAccounts
    /// A planner's pin on an expert's hours for one account's requests together.
    case accountPin
    /// A row added for an analysis (forcing a request in `recommend`).
    case side

    /// Rows of this family are arcs of the min-cost flow network.
    public var isNetwork: Bool {
        switch self {
        case .capacity, .request, .minimumService: true
        case .singleExpert, .maxAccounts, .accountPin, .side: false
        }
    }
}
