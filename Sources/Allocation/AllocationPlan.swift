import Scenarios

/// The week's allocation: who works how many hours on which request, what is unmet and why,
/// and what one more hour of each expert is worth.
public struct AllocationPlan: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        /// Proven optimal (a MIP: within the policy's MIP gap).
        case optimal
        /// A MIP search that stopped with a solution but without proof (cancelled).
        case feasible
        /// The time limit ended the search; the best plan found is given.
        case timeLimit
    }

    public struct Assignment: Sendable, Hashable {
        public var expert: String
        public var request: String
        public var account: String
        public var hours: Double
        /// w(e, r): the value of one hour of this expert on this request.
        public var valuePerHour: Double
        /// Why this expert: the hour's value here against its best use elsewhere.
        public var reason: AssignmentReason
    }

    /// Why a request did not get all its hours.
    public enum UnmetReason: String, Sendable, Hashable, CaseIterable {
        case ineligibleTier, noSkill, unavailable, noOnsiteExpert, singleExpertTooLarge, outbid
        /// The planner excluded every candidate expert from the account.
        case excluded
        /// The planner's pins fix the hours of every candidate expert.
        case pinned
    }

    public struct RequestOutcome: Sendable, Hashable {
        public var id: String
        public var account: String
        public var requested: Double
        public var allocated: Double
        public var unmet: Double
        /// Set when `unmet` > 0.
        public var reason: UnmetReason?
        public var detail: String?
        /// Hours below the minimum service level (paid for as a penalty); 0 when none.
        public var shortfall: Double
    }

    public struct ExpertOutcome: Sendable, Hashable {
        public var id: String
        public var capacity: Double
        public var allocated: Double
        /// allocated / capacity; 0 when the capacity is 0.
        public var utilization: Double
        /// The dual value of the expert's capacity row: what one more hour is worth.
        public var shadowPrice: Double
        /// Hours that may be booked: the capacity times the utilization cap.
        public var bookable: Double
        /// Over how many bookable hours more and fewer `shadowPrice` holds; nil when not known
        /// (a MIP search stopped before its optimum).
        public var priceRange: PriceRange? = nil

        public init(id: String, capacity: Double, allocated: Double, utilization: Double, shadowPrice: Double, bookable: Double? = nil) {
            self.id = id
            self.capacity = capacity
            self.allocated = allocated
            self.utilization = utilization
            self.shadowPrice = shadowPrice
            self.bookable = bookable ?? capacity
        }
    }

    public struct TeamMember: Sendable, Hashable {
        public var expert: String
        public var hours: Double
    }

    /// An account's virtual team: its manager plus the experts lent to it this week.
    public struct Team: Sendable, Hashable {
        public var account: String
        public var manager: String
        public var experts: [TeamMember]
    }

    public var status: Status
    /// Value of the assignments minus the shortfall penalties.
    public var objective: Double
    /// The relative MIP gap (0 for an LP or a proven optimum).
    public var mipGap: Double
    public var assignments: [Assignment]
    public var requests: [RequestOutcome]
    public var experts: [ExpertOutcome]
    public var teams: [Team]
    /// Model size and solve figures.
    public var statistics: Statistics
    /// What moved against the reference plan; nil when planned without one.
    public var changes: PlanChanges? = nil

    public struct Statistics: Sendable, Hashable {
        public var candidatePairs: Int
        public var variables: Int
        public var constraints: Int
        public var binaries: Int
        public var iterations: Int
        public var nodes: Int
        public var solveSeconds: Double
    }
}
