@testable import Planning
import Foundation
import TestSupport
import Scenarios
import Testing
@testable import Reports


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
            if name == "style" || name == "title" || name == "script" {
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
        for id in ["summary", "teams", "unmet", "experts", "expert-weeks", "tiers", "pareto", "visits"] {
            #expect(page.contains("id=\"\(id)\""), "missing section \(id)")
            if id != "pareto" { #expect(page.contains("<a href=\"#\(id)\">"), "no contents entry for \(id)") }
        }
        #expect(page.contains("<svg") && page.contains("<polyline"))
        #expect(!page.contains("http://") && !page.contains("https://"))
        // One inline script (sorting and filtering), and every row is in the page without it.
        #expect(page.components(separatedBy: "<script>").count == 2)
        #expect(page.contains("<table class=\"data\">"))
        #expect(page.contains("@media print"))
        #expect(page.contains("Eastbank head office 东方银行总行"))
        // Counts agree with their nouns: "1 region-day", never "1 region-days".
        // (The baseline has a manager with one region-day and two with two.)
        #expect(page.contains("· 1 region-day</span>") && page.contains("· 2 region-days</span>") && !page.contains(" 1 region-days"))
    }

    @Test("The Pareto chart's rotated axis title is clear of the tick labels")
    func paretoAxis() throws {
        let page = HTMLReport(try baselinePlan()).rendered()
        // Tick labels end at x (text-anchor end) and are at most "100%" wide: about 4 x 7 px at the
        // page's 12 px; the rotated title's baseline sits at y (its x on screen) and its glyphs
        // reach about 3 px past it. The two must not meet.
        let tick = try #require(page.firstMatch(of: /<text x="([\d.]+)" y="[\d.]+" text-anchor="end">50%<\/text>/))
        let title = try #require(page.firstMatch(of: /<text transform="rotate\(-90\)" x="[-\d.]+" y="([\d.]+)"/))
        let tickStart = try #require(Double(tick.1)) - 4 * 7, titleEnd = try #require(Double(title.1)) + 3
        #expect(titleEnd < tickStart, "axis title ends at \(titleEnd), tick labels start at \(tickStart)")
    }

    @Test("The report orders by tier and value, draws the Pareto curve on the tiering basis, and shows notes, leave and each expert's week")
    func reportContent() throws {
        var scenario = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
        scenario.requests[scenario.requests.firstIndex { $0.id == "r-hosp-net" }!].note = "MRI network upgrade before the audit"
        scenario.experts[scenario.experts.firstIndex { $0.id == "e-huang" }!].unavailableWeeks = [scenario.week]
        let plan = try WeeklyPlan.make(scenario)
        let page = HTMLReport(plan).rendered()
        // The note is in plan.json beside its request, and survives a scenario written and read back.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.document().json().rendered().utf8)) as? [String: Any])
        let outcomes = try #require((json["allocation"] as? [String: Any])?["requests"] as? [[String: Any]])
        #expect(outcomes.first { $0["id"] as? String == "r-hosp-net" }?["note"] as? String == "MRI network upgrade before the audit")
        #expect(outcomes.filter { $0["note"] != nil }.count == 1)
        let reread = try #require(ScenarioLoader.load(bytes: Array(ScenarioWriter.render(scenario, as: .yaml).utf8), file: "snapshot.yaml").scenario)
        #expect(reread.requests.first { $0.id == "r-hosp-net" }?.note == "MRI network upgrade before the audit")
        // Tiered by pareto on profit: the curve says so, and its platinum mark is on profit: the 3 of
        // 15 accounts (20%) hold 1,050 + 620 + 480 = 2,150 of the 3,695 positive profit (58%; the
        // table's 58.8% counts the one loss-maker's -40 in the total), not revenue's 46.5% (or 55%).
        #expect(page.contains("Pareto curve: share of profit by share of accounts"))
        #expect(page.contains("platinum 20% → 58%"))
        #expect(!page.contains("platinum 20% → 55%"))
        // Teams: platinum first, then by value (profit): bank-hq 1,050, telecom-north 620, harbor-life 480.
        let teams = try #require(page.range(of: "id=\"teams\"")).upperBound
        let bank = try #require(page.range(of: "<div class=\"muted\">bank-hq</div>", range: teams..<page.endIndex)).lowerBound
        let telecom = try #require(page.range(of: "<div class=\"muted\">telecom-north</div>", range: teams..<page.endIndex)).lowerBound
        let megamart = try #require(page.range(of: "<div class=\"muted\">megamart</div>", range: teams..<page.endIndex)).lowerBound
        #expect(bank < telecom && telecom < megamart)
        // The note travels with the request, into the unmet table and the notes section.
        #expect(page.contains("<div class=\"request-note\">note: MRI network upgrade before the audit</div>"))
        #expect(page.contains("id=\"notes\"") && page.contains("<td class=\"request-note\">MRI network upgrade before the audit</td>"))
        // An expert on leave says so; each expert's week lists the accounts and hours.
        #expect(page.contains("<td class=\"n muted\" data-sort=\"0\">on leave</td>"))
        #expect(page.contains("Wang Fang 王芳<div class=\"muted\">e-wang</div></td><td>east</td><td class=\"n\">40</td><td class=\"n\">40</td><td class=\"n\">100%</td>"))
        #expect(page.contains("</td><td>Eastbank head office 东方银行总行 <span class=\"muted\">40 h</span></td></tr>"))
    }

    @Test("Text in the report is escaped")
    func escaping() throws {
        var scenario = try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
        scenario.accounts[0].name = "<script>alert('x')</script> & Co"
        let page = HTMLReport(try WeeklyPlan.make(scenario)).rendered()
        #expect(!page.contains("<script>alert"))
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


    @Test("A failing write leaves the old plan intact, and no staging files behind")
    func atomic() throws {
        let parent = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: parent) }
        let out = parent.appendingPathComponent("plan").path
        let old: [(path: String, data: Data)] = [("plan.json", Data("{\"week\": \"2026-W48\"}".utf8)), ("teams.csv", Data("old\n".utf8))]
        try PlanWriter().write(old, to: out, week: "2026-W48", force: false)
        var failing = PlanWriter()
        failing.failAfter = 1
        let new: [(path: String, data: Data)] = [("plan.json", Data("{\"week\": \"2026-W48\", \"new\": 1}".utf8)), ("teams.csv", Data("new\n".utf8))]
        #expect(throws: PlanWriter.Failure.writeFailed(directory: out, reason: "simulated failure writing teams.csv")) {
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
        let parent = try scratchDirectory()
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
        #expect(throws: PlanWriter.Failure.foreignFiles(directory: documents.path, names: ["thesis.txt"])) {
            try PlanWriter().write(files, to: documents.path, week: "2026-W48", force: true)
        }
        #expect(FileManager.default.contents(atPath: documents.path + "/thesis.txt") == Data("keep me".utf8))
    }
}
