import Foundation
import Testing

/// `kam account show` on the baseline. MegaMart's score, by hand from scenarios/files/megamart.yaml:
/// 2025: current ratio 9400 / 8800 = 1.068 -> 1.364 points; net margin 450 / 31500 = 1.43% -> 2.857;
/// return on assets 450 / 22000 = 2.05% -> 5.114; collection days 1700 / 31500 x 365 = 19.7 -> 20;
/// inventory days 7300 / 26000 x 365 = 102.5 -> 20 x (120 - 102.5) / 75 = 4.672; sum 34.007 -> 34.
/// 2024: 1.951 + 2.8 + 5 + 20 + 4.984 = 34.735 -> 35.
@Suite("kam account show")
struct AccountCommandTests {
    @Test("The table: health with its parts and the periods before, what to review, people and dates")
    func table() throws {
        let output = try KamRunner.run(["account", "show", "scenarios/baseline.yaml", "--account", "megamart"])
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        #expect(text.contains("tier gold: set by hand in the scenario; flags lowMargin"))
        #expect(text.contains("health 34 of 100 in 2025 (2024: 35)"))
        #expect(text.contains("inventoryDays   inventory / cost of sales x 365         102  4.7 / 20  120    45"))
        #expect(text.contains("marginSqueezer: our margin fell from 6% to 2.5% (2024 to 2025) while our sales to it grew 20%"))
        #expect(text.contains("Gao Jie 高杰  purchasing director  decisionMaker  negotiates every renewal down"))
        // Harbor Life's 30th anniversary is on Wednesday of the plan week.
        let harbor = try KamRunner.run(["account", "show", "scenarios/baseline.yaml", "--account", "harbor-life"])
        #expect(harbor.stdout.contains("1996-11-26  company anniversary (the 30th): gala dinner for staff and partners  2026-11-26 (this week)"), "\(harbor.stdout)")
    }

    @Test("JSON has the health of every period, the review and this week's team; HTML reads as a page; byte-identical")
    func formats() throws {
        let json = try KamRunner.run(["account", "show", "scenarios/baseline.yaml", "--account", "megamart", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(json.stdout == (try KamRunner.run(["account", "show", "scenarios/baseline.yaml", "--account", "megamart", "--format", "json"])).stdout)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let health = try #require(page["health"] as? [[String: Any]])
        #expect(health.map { $0["period"] as? String } == ["2024", "2025"])
        #expect(abs((health[1]["score"] as? Double ?? 0) - 34.007) < 0.001)
        let review = try #require((page["tier"] as? [String: Any])?["review"] as? [[String: Any]])
        #expect(review.map { $0["flag"] as? String } == ["volumeWithoutProfit", "marginSqueezer"])
        #expect((page["team"] as? [[String: Any]])?.first?["expert"] as? String == "e-wu")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kam-account-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("megamart.html").path
        let html = try KamRunner.run(["account", "show", "scenarios/baseline.yaml", "--account", "megamart", "--format", "html", "--out", file])
        #expect(html.status == 0, "\(html.stderr)")
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(text.contains("<h2>Financial health in 2025</h2>") && text.contains("<b>marginSqueezer</b>") && text.contains("Gao Jie 高杰"))
    }

    @Test("An unknown account is an error with a suggestion, exit 1")
    func unknown() throws {
        let output = try KamRunner.run(["account", "show", "scenarios/baseline.yaml", "--account", "megamat"])
        #expect(output.status == 1)
        #expect(output.stderr.hasSuffix("error: unknown account 'megamat'; did you mean 'megamart'?\n"), "\(output.stderr)")
    }
}
