@testable import Planning
import Foundation
import TestSupport
import Scenarios
import Synchronization
import Testing
import Visits
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

    @Test("kam compare's files: the others load while the first is allocated; each plan is the plan made alone, against the base")
    func loadingOverlapped() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ScenarioGenerator(customers: 1200, experts: 50, seed: 5, week: ISOWeek("2026-W48")!).generate()
        try ScenarioWriter.render(base, as: .yaml).write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        // The two busiest experts of the base plan: one on leave, one cut to 4 hours, so all three plans differ.
        let busiest = try WeeklyPlan.make(base).allocation.experts.sorted { $0.allocated > $1.allocated }.map(\.id)
        let leave = "extends: base.yaml\nname: leave\nexperts:\n  - {id: \(busiest[0]), unavailableWeeks: [2026-W48]}\n"
        let cut = "extends: base.yaml\nname: cut\nexperts:\n  - {id: \(busiest[1]), weeklyHours: 4}\n"
        try leave.write(to: dir.appendingPathComponent("leave.yaml"), atomically: true, encoding: .utf8)
        try cut.write(to: dir.appendingPathComponent("cut.yaml"), atomically: true, encoding: .utf8)
        let paths = ["base.yaml", "leave.yaml", "cut.yaml"].map { dir.appendingPathComponent($0).path }

        let (loads, outcomes) = WeeklyPlan.load(comparing: paths, againstBase: true)
        #expect(loads.count == 3 && loads.allSatisfy { $0.scenario != nil })
        let plans = try #require(outcomes).map { try $0.get() }
        let alone = try WeeklyPlan.make(try #require(loads[0].scenario))
        #expect(plans[0].document().json().rendered() == alone.document().json().rendered())
        // The what-ifs against the base's allocation, as `make` plans them from the loaded scenarios.
        let together = try WeeklyPlan.make(loads.map { try #require($0.scenario) }, againstBase: true).map { try $0.get() }
        for (plan, expected) in zip(plans, together) {
            #expect(plan.document().json().rendered() == expected.document().json().rendered(), "\(plan.scenario.name)")
        }
        #expect(Set(plans.map(\.allocation.objective)).count == 3)

        // A file that does not load: nothing is planned, and every file's diagnostics are there.
        try "extends: base.yaml\nexperts:\n  - {id: e-new, weeklyHours: -3}\n".write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let failed = WeeklyPlan.load(comparing: paths + [dir.appendingPathComponent("bad.yaml").path])
        #expect(failed.plans == nil)
        #expect(failed.loads.count == 4 && failed.loads[3].scenario == nil && !failed.loads[3].errors.isEmpty)
    }

    @Test("a visit plan being made is waited for: made once for every caller with the same inputs")
    func visitPlanMadeOnce() throws {
        let week = ScenarioGenerator(customers: 300, experts: 10, seed: 3, week: ISOWeek("2026-W48")!).generate()
        let cache = VisitPlanCache()
        let made = Mutex(0)
        let inputs = VisitInputs(week)
        let plans = ParallelChunks.map(Array(0..<6)) { _ in
            cache.plan(for: inputs) {
                made.withLock { $0 += 1 }
                Thread.sleep(forTimeInterval: 0.05)  // long enough for the others to find it being made
                return (try? VisitScheduler.schedule(week)) ?? VisitPlan.none
            }
        }
        #expect(made.withLock { $0 } == 1)
        #expect(Set(plans.map(\.scheduled.count)).count == 1 && plans[0].scheduled.count > 0)
    }
}
