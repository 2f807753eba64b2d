import Foundation
import TestSupport
import Testing

@Suite("kam plan --weeks")
struct HorizonCommandTests {
    @Test("A quarter of scenarios/quarter.yaml: each week's plan in its folder, the horizon's files, the same bytes twice; the limit is checked")
    func quarter() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-horizon-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let a = parent.appendingPathComponent("a").path, b = parent.appendingPathComponent("b").path
        let first = try KamRunner.run(today: "2099-03-01", ["plan", "scenarios/quarter.yaml", "--out", a, "--weeks", "13"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Northwind, the quarter ahead: 13 weeks, 2026-W48 to 2027-W07\n"))
        #expect(first.stdout.contains("open \(a)/horizon.html"))
        _ = try KamRunner.run(today: "2099-03-01", ["plan", "scenarios/quarter.yaml", "--out", b, "--weeks", "13"])
        for name in ["horizon.json", "horizon.html", "outlook-skills.csv", "outlook-experts.csv", "2026-W48/plan.json", "2027-W07/plan.json", "2027-W01/report.html"] {
            let x = FileManager.default.contents(atPath: a + "/" + name), y = FileManager.default.contents(atPath: b + "/" + name)
            #expect(x != nil && x == y, "\(name)")
        }
        let horizon = try #require(try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: a + "/horizon.json")!) as? [String: Any])
        #expect((horizon["weeks"] as? [[String: Any]])?.map { $0["week"] as? String ?? "" }.last == "2027-W07")
        // Wang Fang is away in 2026-W53 and 2027-W01: no hours those weeks, in the outlook too.
        let wang = ((horizon["experts"] as? [[String: Any]]) ?? []).filter { $0["expert"] as? String == "e-wang" }
        #expect(wang.filter { ($0["bookable"] as? Double) == 0 }.map { $0["week"] as? String ?? "" } == ["2026-W53", "2027-W01"])

        let tooMany = try KamRunner.run(today: "2099-03-01", ["plan", "scenarios/quarter.yaml", "--out", a, "--weeks", "14"])
        #expect(tooMany.status == 1 && tooMany.stderr.hasSuffix("error: --weeks is 14; expected 1 to 13 (a quarter)\n"), "\(tooMany.stderr)")
    }

    @Test("A workspace's weeks ahead: each week its own requests, written to DIR/plans/horizon-WEEK")
    func workspace() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-horizon-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        #expect(try KamRunner.run(today: "2099-03-01", ["init", ws, "--from", "docs/examples/approvals.yaml"]).status == 0)
        #expect(try KamRunner.run(today: "2099-03-01", ["user", "add", "--workspace", ws, "--id", "ana", "--role", "planner"]).status == 0)  // --by names a real planner
        for (week, hours) in [("2099-W10", "8"), ("2099-W11", "6")] {
            _ = try KamRunner.run(today: "2099-03-01", ["request", "add", "--workspace", ws, "--account", "big", "--skill", "network", "--hours", hours, "--by", "m-ana", "--week", week])
        }
        for id in ["R0001", "R0002"] { _ = try KamRunner.run(today: "2099-03-01", ["request", "approve", id, "--by", "ana", "--workspace", ws]) }
        let planned = try KamRunner.run(today: "2099-03-01", ["plan", "--workspace", ws, "--week", "2099-W10", "--weeks", "3"])
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.hasPrefix("Approvals example: 3 weeks, 2099-W10 to 2099-W12\n"))
        func requests(_ week: String) throws -> [String] {
            let data = try #require(FileManager.default.contents(atPath: "\(ws)/plans/horizon-2099-W10/\(week)/plan.json"))
            let plan = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            return ((plan["allocation"] as? [String: Any])?["requests"] as? [[String: Any]] ?? []).map { $0["id"] as? String ?? "" }
        }
        #expect(try requests("2099-W10") == ["R0001"] && requests("2099-W11") == ["R0002"] && requests("2099-W12") == [])
        #expect(planned.stdout.contains("open \(ws)/plans/horizon-2099-W10/horizon.html"))
    }
}
