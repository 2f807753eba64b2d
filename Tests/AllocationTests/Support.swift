import Foundation
import Scenarios
@testable import Allocation

/// Builds small scenarios whose optimum can be worked out by hand. Account value is switched off
/// (valueExponent 0, so V(a) = 1), leaving w(e, r) = tierWeight * stage * priority * proficiency * continuity.
struct Book {
    var scenario: Scenario

    init() {
        var policy = Policy()
        policy.allocation.valueExponent = 0
        scenario = Scenario(name: "hand", week: ISOWeek(year: 2026, week: 48)!, policy: policy, managers: [Manager(id: "m", region: "east")])
    }

    mutating func account(_ id: String, _ tier: Tier, region: String = "east", stage: Stage = .stabilize) {
        scenario.accounts.append(Account(id: id, manager: "m", region: region, revenue: 100, tier: tier, stage: stage))
    }

    mutating func expert(_ id: String, hours: Double, _ skills: [String: Double], region: String = "east", maxAccounts: Int? = nil, away: Bool = false) {
        scenario.experts.append(Expert(
            id: id, region: region, weeklyHours: hours, skills: skills.keys.sorted().map { Skill($0, proficiency: skills[$0]!) },
            unavailableWeeks: away ? [scenario.week] : [], maxAccounts: maxAccounts))
    }

    mutating func request(_ id: String, _ account: String, _ skill: String, hours: Double, priority: Priority = .normal, onsite: Bool = false, single: Bool = false) {
        scenario.requests.append(ExpertRequest(id: id, account: account, skill: skill, hours: hours, priority: priority, onsite: onsite, singleExpert: single))
    }

    func allocate() throws -> AllocationPlan { try Allocator.allocate(scenario) }
}

extension AllocationPlan {
    func hours(_ expert: String, _ request: String) -> Double {
        assignments.first { $0.expert == expert && $0.request == request }?.hours ?? 0
    }

    func outcome(_ request: String) -> RequestOutcome { requests.first { $0.id == request }! }

    func shadowPrice(_ expert: String) -> Double { experts.first { $0.id == expert }!.shadowPrice }
}


