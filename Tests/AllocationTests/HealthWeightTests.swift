import Scenarios
import Testing
@testable import Allocation

/// `policy.allocation.healthWeight`: accounts at financial risk get more value.
/// Two gold accounts A and B (valueExponent 0: V = 1), one expert with 10 h and proficiency 1, each
/// account asking 10 h; A's request is low priority: w(A) = 1 x 2 x 1 x 0.5 = 1, w(B) = 2.
/// A's file has a current ratio of 1.25 only: 20 x 0.25 = 5 points of 20, score 25; B has no file.
/// healthWeight 1: B gets the 10 h (objective 20). healthWeight 4: H(A) = 1 + 3 x (1 - 0.25) = 3.25,
/// w(A) = 3.25 > 2: A gets them (objective 32.5).
@Suite("healthWeight")
struct HealthWeightTests {
    static func scenario(healthWeight: Double) -> Scenario {
        var scenario = Scenario(name: "t", week: ISOWeek(year: 2026, week: 48)!, managers: [Manager(id: "m")],
                                experts: [Expert(id: "e", weeklyHours: 10, skills: [Skill("net", proficiency: 1)])],
                                accounts: [Account(id: "A", manager: "m", revenue: 100, tier: .gold), Account(id: "B", manager: "m", revenue: 100, tier: .gold)],
                                requests: [ExpertRequest(id: "rA", account: "A", skill: "net", hours: 10, priority: .low),
                                           ExpertRequest(id: "rB", account: "B", skill: "net", hours: 10)])
        scenario.policy.allocation.valueExponent = 0
        scenario.policy.allocation.minimumService = [:]
        scenario.policy.allocation.healthWeight = healthWeight
        scenario.accountFiles = [AccountFile(account: "A", financials: [FinancialPeriod(period: "2025", figures: [.currentAssets: 125, .currentLiabilities: 100])])]
        return scenario
    }

    @Test("The default changes nothing; 4 turns the hours to the account at risk (derived above)", arguments: [(1.0, "rB", 20.0), (4.0, "rA", 32.5)])
    func weight(healthWeight: Double, served: String, objective: Double) throws {
        let plan = try Allocator.allocate(Self.scenario(healthWeight: healthWeight))
        #expect(plan.assignments.map { "\($0.request) \($0.hours)" } == ["\(served) 10.0"])
        #expect(abs(plan.objective - objective) < 1e-9)
    }
}
