import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Scenarios
import Testing
import Workspace

/// The weeks a workspace works on (policy.weeks, default 8 back and 60 ahead). The fixture's today
/// is 2026-11-23, in 2026-W48. By hand: 8 back is 2026-W40; ahead, 2026 has 53 ISO weeks (it ends
/// on a Thursday), so W48 + 5 = 2026-W53, + 52 more = 2027-W52 (2027 ends on a Friday: 52 weeks),
/// + 3 = 2028-W03: the window is 2026-W40 to 2028-W03.
@Suite("The workspace's week window")
struct WeekWindowTests {
    @Test("Weeks outside 2026-W40...2028-W03 are refused (422 weekOutsideWindow) on every way in; the edges are accepted; visits dated before the window too")
    func window() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        #expect(try f.workspace.weekWindow(today: ServerFixture.today) == ISOWeek("2026-W40")!...ISOWeek("2028-W03")!)
        try await f.test { client in
            let (ana, zhang) = (f.tokens["ana"]!, f.tokens["zhang"]!)
            func file(_ week: String) async throws -> TestResponse {
                try await client.call(.post, "/api/requests", token: zhang, json: #"{"account": "bank-hq", "skill": "network", "hours": 2, "week": "\#(week)"}"#)
            }
            #expect(try await file("2028-W03").status == .created)
            for week in ["2028-W04", "9999-W52"] {
                let refused = try await file(week)
                #expect(refused.status == .unprocessableContent && refused.errorCode == "weekOutsideWindow" && refused.errorField == "week", "\(week)")
            }
            let message = try await file("9999-W52").object["error"] as? [String: Any]
            #expect(message?["message"] as? String == "week 9999-W52 is outside the weeks this workspace works on, 2026-W40 to 2028-W03 (policy.weeks in workspace.yaml)")
            for (method, uri, token) in [(HTTPRequest.Method.post, "/api/weeks/9999-W52/plan", ana), (.get, "/api/accounts/bank-hq?week=2028-W04", zhang),
                                         (.get, "/api/accounts?week=2026-W39", zhang), (.get, "/api/weeks/2099-W10/plan", ana),
                                         (.post, "/api/weeks/9999-W52/publish", ana)] {
                let refused = try await client.call(method, uri, token: token, json: method == .post ? #"{"fingerprint": "x"}"# : nil)
                #expect(refused.status == .unprocessableContent && refused.errorCode == "weekOutsideWindow", "\(uri): \(refused.text)")
            }
            let pin = try await client.call(.post, "/api/pins", token: ana, json: #"{"week": "2030-W01", "expert": "e-wang", "account": "bank-hq", "hours": 4}"#)
            #expect(pin.status == .unprocessableContent && pin.errorCode == "weekOutsideWindow")
            #expect(try await client.call(.get, "/api/accounts?week=2026-W40", token: zhang).status == .ok)

            // Contacts: no later than today, no earlier than the window's first Monday, 2026-09-28.
            func visit(_ date: String) async throws -> TestResponse {
                try await client.call(.post, "/api/visits", token: zhang, json: #"{"account": "bank-hq", "date": "\#(date)", "outcome": "done"}"#)
            }
            let ancient = try await visit("0001-01-01")
            #expect(ancient.status == .unprocessableContent && ancient.errorCode == "dateOutsideWindow" && ancient.errorField == "date")
            #expect(try await visit("2026-09-27").errorCode == "dateOutsideWindow")
            #expect(try await visit("2026-09-28").status == .created)
        }
    }

    @Test("policy.weeks narrows or widens the window; a bad value is a located error")
    func policy() throws {
        let narrow = try requireScenario(ScenarioLoader.load(bytes: Array("""
            name: w
            week: 2026-W49
            policy: {weeks: {back: 0, ahead: 2}}
            managers: []
            experts: []
            accounts: []
            """.utf8), file: "w.yaml").scenario)
        #expect(narrow.policy.weeks.range(today: ServerFixture.today) == ISOWeek("2026-W48")!...ISOWeek("2026-W50")!)
        // Written back out, the setting stays.
        #expect(ScenarioWriter.render(narrow, as: .yaml).contains("weeks:"))
        let bad = ScenarioLoader.load(bytes: Array("name: w\nweek: 2026-W49\npolicy: {weeks: {ahead: 0}}\nmanagers: []\nexperts: []\naccounts: []\n".utf8), file: "w.yaml")
        #expect(bad.diagnostics.map(\.description).contains { $0.hasPrefix("w.yaml:3:") && $0.contains("ahead") })
    }
}
