import Scenarios
import Testing

/// Cadence entries that name a channel (visit or call), `callDuration` and `lastCall`.
@Suite("Call cadence in the scenario format")
struct CallCadenceTests {
    @Test("A tier lists one entry per channel; a single entry may be a call; a tier's value replaces both channels")
    func decoded() throws {
        let text = minimalScenario.replacingOccurrences(of: "revenue: 100}", with: "revenue: 100, lastCall: 2026-11-02}") + """
            policy:
              visits:
                cadence:
                  gold: [{count: 1, per: month, channel: call}, {count: 1, per: quarter}]
                  iron: {count: 1, per: quarter, channel: call}
                  platinum: none
                callDuration: {gold: 0.5}
            """
        let scenario = try #require(load(text).scenario)
        let visits = scenario.policy.visits
        #expect(visits.cadence(.gold, .call) == Cadence(count: 1, per: .month))
        #expect(visits.cadence(.gold, .visit) == Cadence(count: 1, per: .quarter))
        // iron names only a call: it has no visits any more.
        #expect(visits.cadence(.iron, .call) == Cadence(count: 1, per: .quarter))
        #expect(visits.cadence(.iron, .visit) == nil)
        #expect(visits.cadence(.platinum, .visit) == nil && visits.cadence(.platinum, .call) == nil)
        // lead keeps its default (none), and no tier has calls unless named.
        #expect(visits.cadence(.lead, .call) == nil)
        #expect(visits.callDuration == [.platinum: 0.25, .gold: 0.5, .iron: 0.25, .lead: 0.25])
        #expect(scenario.accounts[0].lastCall == CalendarDate(year: 2026, month: 11, day: 2))
        #expect(scenario.accounts[0].lastContact(.call) == CalendarDate(year: 2026, month: 11, day: 2))
        #expect(scenario.accounts[0].lastContact(.visit) == nil)
    }

    @Test("Bad entries are located errors: a channel twice, an unknown channel, an empty list, a missing count")
    func errors() {
        let text = minimalScenario + """
            policy:
              visits:
                cadence:
                  gold: [{count: 1, per: month, channel: call}, {count: 2, per: month, channel: call}]
                  iron: {count: 1, per: quarter, channel: email}
                  lead: []
                  platinum: [{per: week, channel: call}]
            """
        #expect(messages(load(text)) == [
            "t.yaml:9:53: error: policy.visits.cadence.gold names channel call twice; expected at most one visit and one call cadence per tier",
            "t.yaml:10:47: error: 'channel' of policy.visits.cadence.iron is 'email', expected visit or call",
            "t.yaml:11:13: error: policy.visits.cadence.lead is an empty list; expected cadence entries like {count: 1, per: month, channel: call}, or none",
            "t.yaml:12:18: error: entry 1 of policy.visits.cadence.platinum has no 'count'; expected a whole number >= 1, or write none",
        ])
    }

    @Test("Calls, call durations and lastCall survive a round trip in every format")
    func roundTrip() throws {
        var scenario = try #require(load(minimalScenario).scenario)
        scenario.policy.visits.calls[.gold] = Cadence(count: 1, per: .month)
        scenario.policy.visits.calls[.iron] = Cadence(count: 2, per: .quarter)
        scenario.policy.visits.cadence[.iron] = .some(nil)
        scenario.policy.visits.callDuration[.gold] = 0.5
        scenario.accounts[0].lastCall = CalendarDate(year: 2026, month: 10, day: 30)
        for format in ScenarioWriter.Format.allCases {
            let written = ScenarioWriter.render(scenario, as: format)
            #expect(load(written, file: "c.\(format.rawValue)").scenario == scenario, "\(written)")
        }
        let yaml = ScenarioWriter.render(scenario, as: .yaml)
        #expect(yaml.contains("channel: call"))
    }
}
