import Foundation
import TestSupport
import Testing

@Suite("kam plan and compare")
struct PlanCommandTests {
    static let whatIfs = ["baseline", "hire-network-expert", "expert-on-leave", "demand-surge", "drop-megamart"].map { "scenarios/\($0).yaml" }
    static let fixtures = KamRunner.repositoryRoot.appendingPathComponent("Tests/Fixtures/compare")

    @Test("kam plan writes every file, twice the same bytes")
    func plan() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-plancli-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: parent) }
        let a = parent.appendingPathComponent("a").path, b = parent.appendingPathComponent("b").path
        let first = try KamRunner.run(["plan", "scenarios/baseline.yaml", "--out", a])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Northwind baseline, 2026-W48: allocation optimal, value 1,097.53"))
        #expect(first.stdout.contains("open \(a)/report.html"))
        _ = try KamRunner.run(["plan", "scenarios/baseline.yaml", "--out", b])
        let names = ["plan.json", "assignments.csv", "teams.csv", "unmet.csv", "visits.csv", "report.html", "calendars/m-zhang.ics", "calendars/m-li.ics", "calendars/m-chen.ics"]
        for name in names {
            let x = FileManager.default.contents(atPath: a + "/" + name), y = FileManager.default.contents(atPath: b + "/" + name)
            #expect(x != nil && x == y, "\(name)")
        }
        let plan = try #require(try JSONSerialization.jsonObject(with: FileManager.default.contents(atPath: a + "/plan.json")!) as? [String: Any])
        #expect(Set(plan.keys) == ["scenario", "week", "allocation", "tiers", "visits"])
        // Re-planning into the same directory replaces it; another week needs --force.
        #expect(try KamRunner.run(["plan", "scenarios/baseline.yaml", "--out", a]).status == 0)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-w49-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "extends: \(KamRunner.repositoryRoot.path)/scenarios/baseline.yaml\nweek: 2026-W49\n".write(to: folder.appendingPathComponent("next.yaml"), atomically: true, encoding: .utf8)
        let other = try KamRunner.run(["plan", folder.appendingPathComponent("next.yaml").path, "--out", a])
        #expect(other.status == 1)
        #expect(other.stderr.contains("holds the plan of 2026-W48; this plan is for 2026-W49. Use --force"))
        #expect(try KamRunner.run(["plan", folder.appendingPathComponent("next.yaml").path, "--out", a, "--force"]).status == 0)
    }

    @Test("kam compare on the what-ifs matches the golden files (KAM_UPDATE_GOLDEN=1 rewrites them)", arguments: ["table", "markdown", "json"])
    func compare(format: String) throws {
        let output = try KamRunner.run(["compare"] + Self.whatIfs + ["--format", format])
        #expect(output.status == 0, "\(output.stderr)")
        let golden = Self.fixtures.appendingPathComponent("what-ifs.\(format == "markdown" ? "md" : format == "json" ? "json" : "txt")")
        if ProcessInfo.processInfo.environment["KAM_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.fixtures, withIntermediateDirectories: true)
            try Data(output.stdout.utf8).write(to: golden)
        }
        #expect(output.stdout == (try String(contentsOf: golden, encoding: .utf8)))
    }

    @Test("kam compare --format html --out FILE; errors in any file stop it")
    func compareHTML() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-cmp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("compare.html").path
        let output = try KamRunner.run(["compare", Self.whatIfs[0], Self.whatIfs[2], "--format", "html", "--out", out])
        #expect(output.status == 0)
        let page = try String(contentsOfFile: out, encoding: .utf8)
        #expect(page.contains("<td class=\"n worse\">891.52 (-206.02)</td>"))
        // Shares change by percentage points; an expert on leave says so; experts by name.
        #expect(page.contains("<td class=\"n worse\">96.9% (-3.1 pp)</td>"))
        #expect(page.contains("<td>Wang Fang 王芳<div class=\"muted\">e-wang</div></td>"))
        #expect(page.contains("<td class=\"n changed\">on leave</td>"))
        #expect(page.contains("<li>Wang Fang 王芳 leaves Eastbank head office 东方银行总行 (was 40 h)</li>"))
        try "week: 2026-W48\nexperts: 3\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let bad = try KamRunner.run(["compare", Self.whatIfs[0], folder.appendingPathComponent("bad.yaml").path])
        #expect(bad.status == 1 && bad.stderr.contains("'experts' of the scenario is a number (3), expected a list"))
        let one = try KamRunner.run(["compare", Self.whatIfs[0]])
        #expect(one.status != 0 && one.stderr.contains("give at least two scenario files to compare"))
    }
}
