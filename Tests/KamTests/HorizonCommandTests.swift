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
        let first = try KamRunner.run(["plan", "scenarios/quarter.yaml", "--out", a, "--weeks", "13"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.hasPrefix("Northwind, the quarter ahead: 13 weeks, 2026-W48 to 2027-W07\n"))
        #expect(first.stdout.contains("open \(a)/horizon.html"))
        _ = try KamRunner.run(["plan", "scenarios/quarter.yaml", "--out", b, "--weeks", "13"])
        for name in ["horizon.json", "horizon.html", "outlook-skills.csv", "outlook-experts.csv", "2026-W48/plan.json", "2027-W07/plan.json", "2027-W01/report.html"] {
            let x = FileManager.default.contents(atPath: a + "/" + name), y = FileManager.default.contents(atPath: b + "/" + name)
            #expect(x != nil && x == y, "\(name)")
        }
        let horizon = try #require(try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: a + "/horizon.json")!) as? [String: Any])
        #expect((horizon["weeks"] as? [[String: Any]])?.map { $0["week"] as? String ?? "" }.last == "2027-W07")
        // Wang Fang is away in 2026-W53 and 2027-W01: no hours those weeks, in the outlook too.
        let wang = ((horizon["experts"] as? [[String: Any]]) ?? []).filter { $0["expert"] as? String == "e-wang" }
        #expect(wang.filter { ($0["bookable"] as? Double) == 0 }.map { $0["week"] as? String ?? "" } == ["2026-W53", "2027-W01"])

        let tooMany = try KamRunner.run(["plan", "scenarios/quarter.yaml", "--out", a, "--weeks", "14"])
        #expect(tooMany.status == 1 && tooMany.stderr.hasSuffix("error: --weeks is 14; expected 1 to 13 (a quarter)\n"), "\(tooMany.stderr)")
        let workspace = try KamRunner.run(["plan", "--workspace", parent.path, "--weeks", "2"])
        #expect(workspace.status == 64 && workspace.stderr.contains("--weeks plans a scenario file"))
    }
}
