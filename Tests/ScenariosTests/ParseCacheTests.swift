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

/// Overlays that leave a long list alone share its decoding (DecodedListCache); what they load is
/// what decoding everything again would give.
@Suite("Decoding a shared base list once")
struct DecodedListCacheTests {
    typealias Registered = (result: [Account], register: [String: Scenarios.SourceLocation], skillNames: Set<String>)

    /// A base of `count` accounts and requests (long enough to be decoded in chunks and cached).
    func base(count: Int) -> String {
        var text = "week: 2026-W48\nmanagers: [{id: m}]\nexperts:\n  - {id: e1, skills: {network: 1}}\n  - {id: e2, skills: {network: 0.5}}\naccounts:\n"
        for i in 0..<count { text += "  - {id: a\(i), manager: m, revenue: \(100 + i)}\n" }
        text += "requests:\n"
        for i in 0..<count { text += "  - {id: r\(i), account: a\(i), skill: network, hours: 2}\n" }
        return text
    }

    @Test("an overlay reuses the base's decoded accounts and requests, and loads what a full copy loads")
    func sharedLists() throws {
        let count = 2 * 4096 * max(1, ParallelChunks.cores / 2) + 10
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let baseText = base(count: count)
        try baseText.write(to: dir.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
        // The overlay takes network away from every expert: its requests must warn, although the
        // base's cached requests were decoded when both experts had it.
        let change = "name: no network\nexperts:\n  - {id: e1, skills: {data: 1}}\n  - {id: e2, skills: {data: 1}}\n"
        try ("extends: base.yaml\n" + change).write(to: dir.appendingPathComponent("what-if.yaml"), atomically: true, encoding: .utf8)
        let flat = baseText.replacingOccurrences(of: "experts:\n  - {id: e1, skills: {network: 1}}\n  - {id: e2, skills: {network: 0.5}}\n",
                                                 with: "experts:\n  - {id: e1, skills: {data: 1}}\n  - {id: e2, skills: {data: 1}}\n")
            .replacingOccurrences(of: "week: 2026-W48\n", with: "week: 2026-W48\nname: no network\n")
        try flat.write(to: dir.appendingPathComponent("flat.yaml"), atomically: true, encoding: .utf8)

        let base = ScenarioLoader.load(path: dir.appendingPathComponent("base.yaml").path)
        #expect(base.warnings.isEmpty && base.scenario?.accounts.count == count)
        let overlay = ScenarioLoader.load(path: dir.appendingPathComponent("what-if.yaml").path)
        let full = ScenarioLoader.load(path: dir.appendingPathComponent("flat.yaml").path)
        #expect(overlay.scenario == full.scenario)
        #expect(overlay.warnings.count == Diagnostics.limit + 1)  // every request warns (to the limit, then the count)
        #expect(overlay.warnings.first?.message.contains("which no expert has") == true)

        // The overlay's accounts are the base's document list, found in the cache. The caches are
        // shared by the whole process and hold a few entries: tests loading scenarios in parallel
        // may evict this one between the load and the lookup, so the load is repeated a few times.
        var found = false
        for _ in 0..<5 where !found {
            _ = ScenarioLoader.load(path: dir.appendingPathComponent("what-if.yaml").path)
            var diagnostics = Diagnostics()
            let root = try #require(ScenarioLoader.parseCached(Array(baseText.utf8), file: dir.appendingPathComponent("base.yaml").path, &diagnostics))
            let accounts = try #require(root["accounts"]?.elements)
            found = DecodedListCache.lookup(kind: "account", accounts, as: [(value: Account?, diagnostics: [Diagnostic])].self) != nil
                // and its outcome: the accounts with their ids registered, so the requests' references resolve
                && DecodedListCache.lookup(kind: "account (registered)", accounts, as: Registered.self) != nil
        }
        #expect(found)
    }
}
