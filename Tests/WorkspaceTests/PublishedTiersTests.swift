import Foundation
import Scenarios
import TestSupport
import Testing
@testable import Reports
@testable import Workspace

/// Dynamic tiers from a workspace's history. Published 2026-W49 records the baseline's tiers
/// (Harbor Life platinum: profit 480, rank 3). Then its profit drops to 100 in workspace.yaml: by
/// pareto on profit, the ranked total is 3,695 - 380 = 3,315 and the accounts above it (bank 1,050,
/// telecom 620, jade 330, hospital 300, metro 210, swiftship 160, polytechnic 150, lakeside 140) hold
/// 2,960 / 3,315 = 89%: between 80% and 95%, iron, rank 9. SwiftShip (160) moves the other way:
/// the accounts above it held 2,990 / 3,695 = 80.9% (iron) and now 2,510 / 3,315 = 75.7% (gold),
/// rank 7 -> 6.
@Suite("Tiers against a published week")
struct PublishedTiersTests {
    @Test("2026-W50 against the tiers published for 2026-W49 (derived above); a week never published is not found", arguments: StoreKind.tested)
    func published(store: StoreKind) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-tiers-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let scenario = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
        let space = try PlanningWorkspace.create(at: url.path, from: scenario, store: store.makeStore)
        let w49 = ISOWeek(year: 2026, week: 49)!, w50 = ISOWeek(year: 2026, week: 50)!
        _ = try space.addUser(id: "ana", role: .planner, manager: nil, by: "test", today: today)
        _ = try space.publishWeek(w49, by: try space.actingUser("ana", role: .planner, to: "publish a week"), force: false, today: today)

        let path = url.appendingPathComponent("workspace.yaml").path
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let harbor = try #require(text.range(of: "  - id: harbor-life\n"))
        let profit = try #require(text.range(of: "    profit: 480\n", range: harbor.upperBound..<text.endIndex))
        text.replaceSubrange(profit, with: "    profit: 100\n")
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let recorded = try space.publishedTiers(week: w49)
        #expect(recorded.name == "2026-W49 (published v1)" && recorded.tiers.count == 15)
        let report = TierReport(try space.scenario(week: w50), recorded: [recorded])
        let changes = try #require(report.changes)
        #expect(changes.moves.map { "\($0.account) \($0.direction.rawValue) \($0.from.rawValue)->\($0.to.rawValue): \($0.why)" }
                == ["harbor-life down platinum->iron: profit 480 → 100, rank 3 → 9", "swiftship up iron->gold: profit 160 → 160, rank 7 → 6; harbor-life fell behind it"])
        #expect(refusal { try space.publishedTiers(week: w50) } == "notFound: 2026-W50 has no published plan yet")
    }
}
