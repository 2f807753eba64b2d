import Foundation
import TestSupport
import Testing
@testable import Scenarios

/// Overlays of one base parse it once per process (ParseCache); what they load is what a fresh
/// parse gives: a changed base is read anew, and a base with problems reports them every time.
@Suite("Parsing a shared base once")
struct ParseCacheTests {
    @Test("A base changed between loads is parsed anew; its warnings come with every load")
    func changedBase() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = dir.appendingPathComponent("base.yaml"), overlay = dir.appendingPathComponent("what-if.yaml")
        func write(_ hours: Int, extra: String = "") throws {
            try """
            week: 2026-W48
            managers: [{id: m}]
            experts: [{id: e, weeklyHours: \(hours), skills: {network: 1}}]
            accounts: [{id: A, manager: m, revenue: 100}]\(extra)

            """.write(to: base, atomically: true, encoding: .utf8)
        }
        try "extends: base.yaml\nname: what-if\n".write(to: overlay, atomically: true, encoding: .utf8)
        try write(40)
        #expect(ScenarioLoader.load(path: overlay.path).scenario?.experts.first?.weeklyHours == 40)
        #expect(ScenarioLoader.load(path: base.path).scenario?.experts.first?.weeklyHours == 40)
        try write(24)  // same file name, other bytes
        #expect(ScenarioLoader.load(path: overlay.path).scenario?.experts.first?.weeklyHours == 24)
        // A duplicate key is a parse problem: never cached, so reported on every load.
        try write(24, extra: "\nweek: 2026-W49")
        for _ in 0..<2 {
            let errors = ScenarioLoader.load(path: overlay.path).errors.map(\.description)
            #expect(errors.contains { $0.hasSuffix("base.yaml:5:1: error: duplicate key 'week' (first at line 1, column 1)") }, "\(errors)")
        }
    }
}
