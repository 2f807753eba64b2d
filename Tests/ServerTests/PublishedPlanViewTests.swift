import Testing
@testable import Server
import Workspace

@Suite("What the web pages read from a published plan.json")
struct PublishedPlanViewTests {
    @Test("Calls join the visits by day and time, marked 'call' where the region goes")
    func calls() {
        let json = #"""
            {"visits": {"travelHours": 1,
              "scheduled": [{"manager": "m", "account": "a", "date": "2026-11-23", "region": "east", "hours": 2, "start": "09:00", "end": "11:00", "tier": "platinum"},
                            {"manager": "m", "account": "a", "date": "2026-11-26", "region": "east", "hours": 2, "start": "09:00", "end": "11:00", "tier": "platinum"}],
              "unscheduled": [],
              "calls": [{"manager": "m", "account": "b", "date": "2026-11-23", "hours": 0.25, "start": "11:00", "end": "11:15", "tier": "gold"}],
              "unscheduledCalls": []}}
            """#
        let view = PublishedPlanView(json: json)
        #expect(view.visits.map { "\($0.date) \($0.start) \($0.account) \($0.region)" } == [
            "2026-11-23 09:00 a east", "2026-11-23 11:00 b call", "2026-11-26 09:00 a east",
        ])
    }
}
