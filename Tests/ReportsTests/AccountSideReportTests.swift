import Foundation
import Planning
import Scenarios
import TestSupport
import Testing
@testable import Reports

/// The account side of the weekly report on the baseline (scenarios/files/): Harbor Life's 30th
/// company anniversary (1996-11-26) is Thursday of 2026-W48, where its second visit is (11:00, after
/// Eastbank's); Wu Gang's birthday (11-27) is Friday, and Jade River Motors has no visit that day
/// (its manager Chen Jie is at a trade fair). North Telecom and MegaMart are to review.
@Suite("The weekly report's account side")
struct AccountSideReportTests {
    static func plan() throws -> WeeklyPlan {
        let result = ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path)
        return try WeeklyPlan.make(try #require(result.scenario, "\(result.errors)"))
    }

    @Test("Key dates of the week per manager, with the reminder and the visit that day")
    func keyDates() throws {
        let dates = KeyDatesThisWeek(try Self.plan())
        #expect(dates.entries.map { "\($0.manager) \($0.date) \($0.account) \($0.what) | \($0.reminder) | \($0.visit.map(VisitReport.clock) ?? "none")" } == [
            "m-zhang 2026-11-26 harbor-life company anniversary (the 30th): gala dinner for staff and partners | send congratulations | 11:00",
            "m-chen 2026-11-27 jade-motors Wu Gang 吴刚's birthday | send greetings to Wu Gang 吴刚 | none",
        ])
    }

    @Test("report.html lists the accounts to review and the key dates; plan.json carries the review")
    func report() throws {
        let plan = try Self.plan()
        let page = HTMLReport(plan).rendered()
        #expect(page.contains("<section id=\"review\">") && page.contains("<section id=\"keydates\">"))
        #expect(page.contains("slowPayer: collects in 104 days in 2025, more than 90"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(plan.document().json().rendered().utf8)) as? [String: Any])
        let tiers = try #require(json["tiers"] as? [[String: Any]])
        let reviewed = tiers.filter { $0["review"] != nil }.map { entry in
            "\(entry["account"] as? String ?? "") " + ((entry["review"] as? [[String: Any]]) ?? []).map { $0["flag"] as? String ?? "" }.joined(separator: ",")
        }
        #expect(reviewed == ["telecom-north slowPayer,shrinking", "megamart volumeWithoutProfit,marginSqueezer"])
    }
}
