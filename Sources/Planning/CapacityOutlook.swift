import Allocation
import Scenarios

/// Where a horizon runs short, per skill and week, and how loaded each expert is per week: the
/// "hire or train for this skill" signal.
public struct CapacityOutlook: Sendable, Hashable {
    public struct SkillWeek: Sendable, Hashable {
        public var skill: String
        public var week: ISOWeek
        /// Hours requested for the skill that week.
        public var demand: Double
        /// Bookable hours of the experts who have the skill (an expert with several skills counts
        /// for each of them).
        public var supply: Double
        /// Hours the plan gave those requests.
        public var allocated: Double
        /// demand - allocated: the hours left unmet.
        public var shortage: Double { max(0, demand - allocated) }
        /// The mean shadow price of the experts who have the skill and hours that week (0 without any).
        public var averageShadowPrice: Double
    }

    public struct ExpertWeek: Sendable, Hashable {
        public var expert: String
        public var week: ISOWeek
        public var bookable: Double
        public var allocated: Double
        /// allocated / capacity, as the plan gives it (0 for a week without hours).
        public var utilization: Double
        public var shadowPrice: Double
    }

    /// By skill (alphabetical), then week.
    public var skills: [SkillWeek]
    /// By expert (input order), then week.
    public var experts: [ExpertWeek]

    public init(_ plans: [WeeklyPlan]) {
        var skills: [String: [SkillWeek]] = [:]
        var experts: [String: [ExpertWeek]] = [:]
        var expertOrder: [String] = []
        for plan in plans {
            let scenario = plan.scenario, allocation = plan.allocation
            let outcome = Dictionary(allocation.experts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            var demand: [String: Double] = [:], allocated: [String: Double] = [:]
            for (request, result) in zip(scenario.requests, allocation.requests) {
                demand[request.skill, default: 0] += request.hours
                allocated[request.skill, default: 0] += result.allocated
            }
            var supply: [String: Double] = [:], prices: [String: [Double]] = [:]
            for expert in scenario.experts {
                guard let result = outcome[expert.id] else { continue }
                for skill in expert.skills {
                    supply[skill.name, default: 0] += result.bookable
                    if result.bookable > 0 { prices[skill.name, default: []].append(result.shadowPrice) }
                }
                if experts[expert.id] == nil { expertOrder.append(expert.id) }
                experts[expert.id, default: []].append(ExpertWeek(
                    expert: expert.id, week: scenario.week, bookable: result.bookable, allocated: result.allocated,
                    utilization: result.utilization, shadowPrice: result.shadowPrice))
            }
            for skill in Set(demand.keys).union(supply.keys) {
                let found = prices[skill] ?? []
                skills[skill, default: []].append(SkillWeek(
                    skill: skill, week: scenario.week, demand: demand[skill] ?? 0, supply: supply[skill] ?? 0,
                    allocated: allocated[skill] ?? 0,
                    averageShadowPrice: found.isEmpty ? 0 : ((found.reduce(0, +) / Double(found.count)) * 1e6).rounded() / 1e6))
            }
        }
        self.skills = skills.keys.sorted().flatMap { skills[$0]! }
        self.experts = expertOrder.flatMap { experts[$0]! }
    }
}
