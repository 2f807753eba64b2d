import Foundation
import TestSupport
import Testing
@testable import Scenarios

@Suite("Recurring requests")
struct RecurringTests {
    static let text = minimalScenario + """
        recurring:
          - {id: rr-net, account: a1, skill: network, hours: 4, from: 2026-W47, to: 2026-W50, priority: high}
          - {id: rr-later, account: a1, skill: network, hours: 2, from: 2026-W49, to: 2026-W49}

        """

    @Test("The ones covering the week join its requests as ID-WEEK; other weeks get theirs from inWeek")
    func expansion() throws {
        let result = load(Self.text)
        let scenario = try #require(result.scenario, "\(messages(result))")
        #expect(scenario.requests.map(\.id) == ["r1", "rr-net-2026-W48"])
        let made = scenario.requests[1]
        #expect(made.hours == 4 && made.priority == .high && made.recurring == "rr-net" && made.account == "a1")
        #expect(scenario.inWeek(ISOWeek(year: 2026, week: 49)!).requests.map(\.id) == ["rr-net-2026-W49", "rr-later-2026-W49"])
        #expect(scenario.inWeek(ISOWeek(year: 2026, week: 51)!).requests.isEmpty)
        #expect(scenario.inWeek(scenario.week) == scenario)
    }

    @Test("Written and read back: the same scenario, the recurring entries written once")
    func roundTrip() throws {
        let scenario = try #require(load(Self.text).scenario)
        let written = ScenarioWriter.render(scenario, as: .yaml)
        #expect(!written.contains("rr-net-2026-W48"))
        #expect(load(written).scenario == scenario)
    }

    @Test("Located errors: from after to, a missing week, an id the week already has, an unknown account")
    func errors() {
        func errors(_ line: String) -> [String] {
            messages(load(minimalScenario.replacingOccurrences(of: "requests: [{id: r1, account: a1, skill: network, hours: 8}]",
                                                               with: "requests: [{id: r1, account: a1, skill: network, hours: 8}, {id: rr-2026-W48, account: a1, skill: network, hours: 1}]")
                          + "recurring:\n  - \(line)\n")).filter { $0.contains("error") }
        }
        #expect(errors("{id: rr, account: a1, skill: network, hours: 4, from: 2026-W50, to: 2026-W49}")
                == ["t.yaml:7:73: error: recurring request 'rr' runs from 2026-W50 to 2026-W49; expected 'from' no later than 'to'"])
        #expect(errors("{id: rr, account: a1, skill: network, hours: 4, to: 2026-W49}")
                == ["t.yaml:7:5: error: recurring request 'rr' has no 'from'; expected the first ISO week it covers, like 2026-W48"])
        #expect(errors("{id: rr, account: a1, skill: network, hours: 4, from: 2026-W48, to: 2026-W49}")
                == ["t.yaml:7:5: error: recurring request 'rr' makes request 'rr-2026-W48' in 2026-W48, but that id is taken by the request at t.yaml:5:61; rename one"])
        #expect(errors("{id: rq, account: a2, skill: network, hours: 4, from: 2026-W48, to: 2026-W49}")
                == ["t.yaml:7:5: error: recurring request 'rq' names unknown account 'a2'; did you mean 'a1'?"])
    }

    @Test("Overlays merge them by id; removing an account removes its recurring requests")
    func overlays() throws {
        let folder = try directory(with: ["base.yaml": Self.text, "change.yaml": """
            extends: base.yaml
            recurring:
              - {id: rr-net, hours: 6}

            """, "gone.yaml": """
            extends: base.yaml
            remove: {accounts: [a1]}

            """])
        defer { try? FileManager.default.removeItem(at: folder) }
        let changed = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("change.yaml").path).scenario)
        #expect(changed.recurring.map(\.template.hours) == [6, 2])
        let gone = try #require(ScenarioLoader.load(path: folder.appendingPathComponent("gone.yaml").path).scenario)
        #expect(gone.recurring.isEmpty && gone.requests.isEmpty)
    }
}
