import Foundation
import TestSupport
import Testing
@testable import Scenarios

/// docs/scenario-format.md is the format's reference: every key the decoder accepts is documented there.
@Suite("Format documentation")
struct FormatDocumentationTests {
    static let document = (try? String(contentsOf: repositoryRoot.appendingPathComponent("docs/scenario-format.md"), encoding: .utf8)) ?? ""

    @Test("Every key of every section is in docs/scenario-format.md",
          arguments: [
            ("top level", ScenarioDecoder.topLevelKeys), ("managers", ScenarioDecoder.managerKeys),
            ("experts", ScenarioDecoder.expertKeys), ("accounts", ScenarioDecoder.accountKeys),
            ("requests", ScenarioDecoder.requestKeys), ("recurring", ScenarioDecoder.recurringKeys), ("history", ScenarioDecoder.historyKeys),
            ("policy", PolicyDecoder.keys), ("policy.tiering", PolicyDecoder.tieringKeys),
            ("policy.allocation", PolicyDecoder.allocationKeys), ("policy.visits", PolicyDecoder.visitKeys),
            ("policy.requests", PolicyDecoder.requestKeys), ("policy.health", PolicyDecoder.healthKeys),
            ("accountFiles", ScenarioDecoder.accountFileKeys + ["file"]), ("contacts", ScenarioDecoder.contactKeys),
            ("keyDates", ScenarioDecoder.keyDateKeys), ("stages", ScenarioDecoder.stageKeys),
            ("financials", ["period"] + FinancialPeriod.Figure.allCases.map(\.rawValue)),
            ("servicePlan", ScenarioDecoder.servicePlanKeys), ("goals", ScenarioDecoder.goalKeys),
            ("team", ScenarioDecoder.teamNeedKeys), ("actions", ScenarioDecoder.actionKeys),
          ])
    func keysDocumented(section: String, keys: [String]) {
        #expect(!Self.document.isEmpty, "docs/scenario-format.md is missing")
        for key in keys {
            #expect(Self.document.contains("`\(key)`") || Self.document.contains("`policy.\(key)`"), "\(section): '\(key)' is not documented")
        }
    }

    @Test("Every default the document states for policy is the code's default")
    func defaults() {
        let policy = Policy()
        let rows: [(String, String)] = [
            ("`lowMargin` | \(NumberText.plain(policy.tiering.lowMargin))", "lowMargin"),
            ("`valueExponent` | \(NumberText.plain(policy.allocation.valueExponent))", "valueExponent"),
            ("`continuityBonus` | \(NumberText.plain(policy.allocation.continuityBonus))", "continuityBonus"),
            ("`shortfallPenalty` | \(NumberText.plain(policy.allocation.shortfallPenalty))", "shortfallPenalty"),
            ("`timeLimitSeconds` | \(NumberText.plain(policy.allocation.timeLimitSeconds))", "allocation timeLimitSeconds"),
            ("`mipGap` | \(NumberText.plain(policy.allocation.mipGap))", "mipGap"),
            ("`travelHours` | \(NumberText.plain(policy.visits.travelHours))", "travelHours"),
            ("`managerHoursPerDay` | \(NumberText.plain(policy.visits.managerHoursPerDay))", "managerHoursPerDay"),
            ("`dayStart` | `\(policy.visits.dayStart)`", "dayStart"),
            ("`timeLimitSeconds` | \(NumberText.plain(policy.visits.timeLimitSeconds))", "visits timeLimitSeconds"),
        ]
        for (row, name) in rows {
            #expect(Self.document.contains(row), "\(name): the document does not say \(row)")
        }
    }
}

/// Numbers as the document writes them: 0.2, 100, 0.0001.
enum NumberText {
    static func plain(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
