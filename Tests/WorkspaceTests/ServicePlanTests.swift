import Foundation
import Scenarios
import TestSupport
import Testing
@testable import Workspace

/// `kam request from-plan` on a workspace made from the baseline: Eastbank's service plan
/// (scenarios/files/bank-hq.yaml) needs security 24 h (high, on site), network 16 h and compliance
/// 12 h a week; Zhang Wei's other accounts have no service plan. North Telecom's is Li Na's.
@Suite("Service plans file the week's requests")
struct ServicePlanTests {
    static let today = CalendarDate(year: 2026, month: 11, day: 23)!
    static let week = ISOWeek(year: 2026, week: 49)!

    static func workspace(_ store: StoreKind) throws -> (PlanningWorkspace, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-plans-\(UUID().uuidString)")
        let scenario = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
        return (try PlanningWorkspace.create(at: url.path, from: scenario, store: store.makeStore), url)
    }

    @Test("One request per team entry, once; a cancelled one is filed again; only for one's own accounts", arguments: StoreKind.tested)
    func fromPlan(store: StoreKind) throws {
        let (space, url) = try Self.workspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        // The files live in the workspace: workspace.yaml carries them.
        #expect(try space.organisation(week: Self.week).accountFile("bank-hq")?.servicePlan?.team.count == 3)

        let first = try space.requestsFromPlans(week: Self.week, by: "m-zhang", today: Self.today)
        let filed = first.compactMap { result -> StoredRequest? in if case .filed(let f) = result.outcome { return f.request } else { return nil } }
        #expect(filed.map { "\($0.account) \($0.skill) \($0.hours) \($0.priority.rawValue) \($0.onsite) \($0.requester)" } == [
            "bank-hq security 24.0 high true m-zhang", "bank-hq network 16.0 normal false m-zhang", "bank-hq compliance 12.0 normal false m-zhang",
        ])
        #expect(filed[0].note == "from the service plan: audit preparation")

        let again = try space.requestsFromPlans(week: Self.week, by: "m-zhang", today: Self.today)
        #expect(again.allSatisfy { if case .alreadyFiled = $0.outcome { true } else { false } })
        #expect(try space.requests(week: Self.week).count == 3)

        _ = try space.cancel(filed[1].id, by: "m-zhang")
        let refiled = try space.requestsFromPlans(week: Self.week, by: "m-zhang", account: "bank-hq", today: Self.today)
        #expect(refiled.compactMap { if case .filed(let f) = $0.outcome { f.request.skill } else { nil } } == ["network"])

        #expect(refusal { try space.requestsFromPlans(week: Self.week, by: "m-li", account: "bank-hq", today: Self.today) }?
                    .hasPrefix("forbidden:") == true)
        #expect(try space.requestsFromPlans(week: Self.week, by: "m-chen", today: Self.today).isEmpty)
    }
}
