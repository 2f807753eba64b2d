import Foundation
import Scenarios
import Testing
@testable import Reports

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func baselinePlan() throws -> WeeklyPlan {
    let scenario = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
    return try WeeklyPlan.make(scenario)
}

/// Checks that every opened element is closed in order (void elements excepted).
func balancedTags(_ html: String) -> (ok: Bool, problem: String) {
    let void: Set<String> = ["meta", "br", "hr", "img", "input", "link", "circle", "line", "rect", "polyline", "path"]
    var stack: [String] = []
    var rest = Substring(html)
    while let open = rest.firstIndex(of: "<") {
        guard let close = rest[open...].firstIndex(of: ">") else { return (false, "unclosed <") }
        let tag = rest[rest.index(after: open)..<close]
        rest = rest[rest.index(after: close)...]
        if tag.hasPrefix("!") { continue }
        let selfClosing = tag.hasSuffix("/")
        let name = tag.drop(while: { $0 == "/" }).prefix { $0.isLetter || $0.isNumber }.lowercased()
        if tag.hasPrefix("/") {
            guard stack.last == name else { return (false, "</\(name)> closes <\(stack.last ?? "nothing")>") }
            stack.removeLast()
        } else if !selfClosing && !void.contains(name) {
            stack.append(name)
            if name == "style" || name == "title" {
                // Raw text: skip to its end tag.
                guard let end = rest.range(of: "</\(name)>") else { return (false, "no </\(name)>") }
                rest = rest[end.lowerBound...]
            }
        }
    }
    return (stack.isEmpty, stack.isEmpty ? "" : "unclosed: \(stack)")
}

@Suite("Plan output")
struct PlanOutputTests {
    @Test("report.html is well-formed, self-contained and has every section")
    func html() throws {
        let page = HTMLReport(try baselinePlan()).rendered()
        let check = balancedTags(page)
        #expect(check.ok, "\(check.problem)")
        for id in ["summary", "teams", "unmet", "experts", "tiers", "pareto", "visits"] {
            #expect(page.contains("id=\"\(id)\""), "missing section \(id)")
        }
        #expect(page.contains("<svg") && page.contains("<polyline"))
        #expect(!page.contains("http://") && !page.contains("https://") && !page.contains("<script"))
        #expect(page.contains("@media print"))
        #expect(page.contains("Eastbank head office 东方银行总行"))
    }

    @Test("Text in the report is escaped")
    func escaping() throws {
        var scenario = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
        scenario.accounts[0].name = "<script>alert('x')</script> & Co"
        let page = HTMLReport(try WeeklyPlan.make(scenario)).rendered()
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"))
        #expect(balancedTags(page).ok)
    }

    @Test("The plan files: same input, same bytes")
    func deterministic() throws {
        let first = PlanFiles.files(for: try baselinePlan())
        let second = PlanFiles.files(for: try baselinePlan())
        #expect(first.map(\.path) == ["plan.json", "assignments.csv", "teams.csv", "unmet.csv", "visits.csv", "report.html",
                                      "calendars/m-zhang.ics", "calendars/m-li.ics", "calendars/m-chen.ics"])
        #expect(first.map(\.data) == second.map(\.data))
        let unmet = String(decoding: first[3].data, as: UTF8.self)
        #expect(unmet.hasPrefix("request,account,requested,allocated,unmet,reason,detail\nr-hosp-net,city-hospital,12,10,2,outbid,"))
        let teams = String(decoding: first[2].data, as: UTF8.self)
        #expect(teams.hasPrefix("account,tier,manager,expert,hours\nbank-hq,platinum,m-zhang,e-wang,40\n"))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("A failing write leaves the old plan intact, and no staging files behind")
    func atomic() throws {
        let parent = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("plan").path
        let old: [(path: String, data: Data)] = [("plan.json", Data("{\"week\": \"2026-W48\"}".utf8)), ("teams.csv", Data("old\n".utf8))]
        try PlanWriter().write(old, to: out, week: "2026-W48", force: false)
        var failing = PlanWriter()
        failing.failAfter = 1
        let new: [(path: String, data: Data)] = [("plan.json", Data("{\"week\": \"2026-W48\", \"new\": 1}".utf8)), ("teams.csv", Data("new\n".utf8))]
        #expect(throws: PlanWriter.Failure.write("simulated failure writing teams.csv")) {
            try failing.write(new, to: out, week: "2026-W48", force: false)
        }
        #expect(FileManager.default.contents(atPath: out + "/teams.csv") == Data("old\n".utf8))
        #expect(FileManager.default.contents(atPath: out + "/plan.json") == old[0].data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["plan"])
        // A successful write replaces the whole set.
        try PlanWriter().write(new, to: out, week: "2026-W48", force: false)
        #expect(FileManager.default.contents(atPath: out + "/teams.csv") == Data("new\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["plan"])
    }

    @Test("Another week's plan, or a directory of other files, is not replaced")
    func refusals() throws {
        let parent = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("plan").path
        try PlanWriter().write([("plan.json", Data("{\"week\": \"2026-W47\"}".utf8))], to: out, week: "2026-W47", force: false)
        let files: [(path: String, data: Data)] = [("plan.json", Data("{\"week\": \"2026-W48\"}".utf8))]
        #expect(throws: PlanWriter.Failure.otherWeek(directory: out, existing: "2026-W47", new: "2026-W48")) {
            try PlanWriter().write(files, to: out, week: "2026-W48", force: false)
        }
        try PlanWriter().write(files, to: out, week: "2026-W48", force: true)
        #expect(PlanWriter.existingWeek(in: out) == "2026-W48")
        let documents = parent.appendingPathComponent("documents")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: documents.appendingPathComponent("thesis.txt"))
        #expect(throws: PlanWriter.Failure.write("\(documents.path) holds files that are not part of a kam plan (thesis.txt); choose a new or empty directory")) {
            try PlanWriter().write(files, to: documents.path, week: "2026-W48", force: true)
        }
        #expect(FileManager.default.contents(atPath: documents.path + "/thesis.txt") == Data("keep me".utf8))
    }
}
