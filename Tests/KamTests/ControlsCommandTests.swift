import Foundation
import TestSupport
import Testing

/// The planner's controls from the command line: re-planning against a plan.json, and a
/// reference that cannot be read.
@Suite("kam plan --reference and the controls")
struct ControlsCommandTests {
    @Test("Re-planning the urgent request against the baseline's plan.json moves nothing and adds 8 h; plan.json says so")
    func replan() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-replan-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let base = parent.appendingPathComponent("base").path, urgent = parent.appendingPathComponent("urgent").path
        #expect(try KamRunner.run(["plan", "scenarios/baseline.yaml", "--out", base]).status == 0)
        let run = try KamRunner.run(["plan", "scenarios/urgent-request.yaml", "--reference", base + "/plan.json", "--out", urgent])
        #expect(run.status == 0, "\(run.stderr)")
        let plan = try #require(try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: urgent + "/plan.json")!) as? [String: Any])
        let allocation = try #require(plan["allocation"] as? [String: Any])
        let changes = try #require(allocation["changes"] as? [String: Any])
        // changePenalty 1 is above what any move gains here, so the 8 urgent hours come from idle
        // hours only (e-wu and e-huang had 8 and 4 idle in the baseline).
        #expect(changes["movedHours"] as? Double == 0 && changes["addedHours"] as? Double == 8 && changes["penalty"] as? Double == 0)
        let moves = try #require(changes["moves"] as? [[String: Any]])
        #expect(moves.allSatisfy { $0["request"] as? String == "r-hosp-urgent" && ($0["from"] as? Double) == 0 })
        #expect(changes["reference"] as? String == base + "/plan.json")
        let report = try String(contentsOfFile: urgent + "/report.html", encoding: .utf8)
        #expect(report.contains("Changes against the reference plan"))
        // Same input, same bytes.
        let again = parent.appendingPathComponent("again").path
        #expect(try KamRunner.run(["plan", "scenarios/urgent-request.yaml", "--reference", base + "/plan.json", "--out", again]).status == 0)
        #expect(FileManager.default.contents(atPath: again + "/plan.json") == FileManager.default.contents(atPath: urgent + "/plan.json"))
    }

    @Test("A reference that is not a plan.json is a located error, and nothing is planned")
    func badReference() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-badref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let bad = parent.appendingPathComponent("plan.json").path
        try Data(#"{"allocation": {"assignments": [{"expert": "e-wang", "request": "r-bank-sec", "hours": "many"}]}}"#.utf8).write(to: URL(fileURLWithPath: bad))
        let run = try KamRunner.run(["allocate", "scenarios/urgent-request.yaml", "--reference", bad])
        #expect(run.status == 1)
        #expect(run.stderr.hasSuffix("\(bad):1:88: error: 'hours' of assignment 1 of the reference plan is missing or not a finite number >= 0\n"), "\(run.stderr)")
        let missing = try KamRunner.run(["allocate", "scenarios/urgent-request.yaml", "--reference", parent.appendingPathComponent("none.json").path])
        #expect(missing.status == 1 && missing.stderr.contains("cannot read the reference plan"))
    }
}
