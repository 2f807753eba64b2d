@testable import Planning
import Foundation
import TestSupport
import Scenarios
import Testing
@testable import Reports

/// `kam compare` plans its what-ifs side by side (issue 14); each plan must be the one planning
/// that scenario alone gives, in the order given.
@Suite("Planning several scenarios")
struct PlanSetTests {
    @Test("what-ifs planned side by side: each plan.json byte for byte the plan made alone, in input order")
    func sideBySide() throws {
        let base = ScenarioGenerator(customers: 1500, experts: 60, seed: 8, week: ISOWeek("2026-W48")!).generate()
        var hire = base, leave = base, cut = base
        hire.name = "hire"
        hire.experts.append(Expert(id: "e-new", name: "New", region: "east", weeklyHours: 40,
                                   skills: base.experts[0].skills, unavailableWeeks: [], maxAccounts: nil))
        leave.name = "leave"
        leave.experts[1].unavailableWeeks = [base.week]
        cut.name = "part time"
        cut.experts[2].weeklyHours = 8
        let scenarios = [base, hire, leave, cut]
        let together = WeeklyPlan.make(scenarios)
        #expect(together.count == 4)
        for (scenario, outcome) in zip(scenarios, together) {
            let plan = try outcome.get()
            let alone = try WeeklyPlan.make(scenario)
            #expect(plan.scenario.name == scenario.name)
            #expect(plan.document().json().rendered() == alone.document().json().rendered(), "\(scenario.name)")
        }
        // The what-ifs do differ (else the comparison above proves little).
        let objectives = try together.map { try $0.get().allocation.objective }
        #expect(Set(objectives).count == 4)
    }
}
