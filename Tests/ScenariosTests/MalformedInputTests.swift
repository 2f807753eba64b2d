import Foundation
import TestSupport
import Testing
@testable import Scenarios

/// Nothing in a malformed file may crash or hang the loader: each case ends in located errors.
@Suite("Malformed input")
struct MalformedInputTests {
    @Test("YAML syntax errors are located")
    func yamlSyntax() {
        #expect(messages(load("week: [2026-W48\nmanagers: []\n")) == [
            "t.yaml:2:9: error: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence)",
        ])
        #expect(messages(load("week: 2026-W48\n  managers: x\n")) == [
            "t.yaml:2:11: error: malformed YAML: mapping values are not allowed in this context",
        ])
    }

    @Test("A truncated file at every tenth byte ends in errors, never a crash")
    func truncated() throws {
        let text = try String(contentsOf: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml"), encoding: .utf8)
        let bytes = Array(text.utf8)
        for cut in stride(from: 0, to: bytes.count, by: 10) {
            let result = ScenarioLoader.load(bytes: Array(bytes[..<cut]), file: "cut.yaml")
            // Either valid (cut at a clean place) or errors; always something to say when invalid.
            #expect(result.scenario != nil || !result.errors.isEmpty)
        }
    }

    @Test("Binary garbage is refused with a located message", arguments: ["g.yaml", "g.json"])
    func garbage(file: String) {
        var random = SplitMix64(seed: 42)
        for _ in 0..<50 {
            let bytes = (0..<(1 + random.below(2000))).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let result = ScenarioLoader.load(bytes: bytes, file: file)
            #expect(result.scenario == nil)
            #expect(!result.errors.isEmpty)
            #expect(result.errors.allSatisfy { $0.description.hasPrefix("\(file):") })
        }
    }

    @Test("Invalid UTF-8 in YAML is located")
    func invalidUTF8() {
        let bytes = Array("week: 2026-W48\nname: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let result = ScenarioLoader.load(bytes: bytes, file: "u.yaml")
        #expect(messages(result).count == 1)
        #expect(messages(result).first?.hasPrefix("u.yaml:2:8: error: malformed YAML: invalid trailing UTF-8 octet") == true)
    }

    @Test("Empty documents", arguments: ["", "\n\n# only a comment\n", "---\n", "null\n", "~\n"])
    func empty(text: String) {
        #expect(messages(load(text)) == ["t.yaml:1:1: error: the file is empty; expected a scenario: a mapping with at least 'week'"])
    }

    @Test("A document that is not a mapping")
    func notAMapping() {
        #expect(messages(load("- a\n- b\n")) == ["t.yaml:1:1: error: the file holds a list, expected a scenario: a mapping with at least 'week'"])
        #expect(messages(load("42", file: "t.json")) == ["t.json:1:1: error: the file holds a number (42), expected a scenario: a mapping with at least 'week'"])
    }

    @Test("Two YAML documents in one file")
    func twoDocuments() {
        #expect(messages(load("week: 2026-W48\n---\nweek: 2026-W49\n")) == [
            "t.yaml:2:1: error: a second YAML document ('---') in one file; a scenario is one document",
        ])
    }

    @Test("Duplicate keys are errors, in YAML and JSON")
    func duplicateKeys() {
        #expect(messages(load("week: 2026-W48\nweek: 2026-W49\n")) == [
            "t.yaml:2:1: error: duplicate key 'week' (first at line 1, column 1)",
        ])
        #expect(messages(load("{\"week\": \"2026-W48\", \"week\": \"2026-W49\"}", file: "t.json")) == [
            "t.json:1:22: error: duplicate key 'week' (first at line 1, column 2)",
        ])
    }

    /// Deeply nested documents, built in the test so the test log stays short.
    static func nested(_ kind: String) -> (file: String, text: String) {
        switch kind {
        case "yaml flow": ("deep.yaml", String(repeating: "[", count: 100_000))
        case "json": ("deep.json", String(repeating: "[", count: 100_000))
        case "yaml block sequences": ("deep.yaml", String(repeating: "- ", count: 10_000) + "x\n")
        default: ("deep.yaml", (0..<200).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n") + " x\n")
        }
    }

    @Test("Deep nesting is refused, not recursed into", arguments: ["yaml flow", "json", "yaml block sequences", "yaml block mappings"])
    func deepNesting(kind: String) {
        let (file, text) = Self.nested(kind)
        let result = ScenarioLoader.load(bytes: Array(text.utf8), file: file)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message == "nesting deeper than 64 levels; a scenario needs far fewer")
    }

    @Test("A billion-laughs alias bomb is refused quickly")
    func aliasBomb() {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        let start = ContinuousClock.now
        let result = load(text)
        #expect(ContinuousClock.now - start < .seconds(30))
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.message.hasPrefix("aliases expand this document beyond 1000000 nodes") == true)
    }

    @Test("Small aliases are fine: an anchored policy block reused")
    func aliases() throws {
        let text = minimalScenario.replacingOccurrences(of: "experts: [{id: e1, skills: {network: 0.8}}]",
                                                        with: "experts: [{id: e1, skills: &s {network: 0.8}}, {id: e2, skills: *s}]")
        let scenario = try #require(load(text).scenario)
        #expect(scenario.experts[1].skills == [Skill("network", proficiency: 0.8)])
    }

    @Test("A 50 MB file loads in bounded time and says what is wrong")
    func hugeFile() {
        // One 50 MB scalar: the reader must cope with the size without building millions of nodes.
        let text = "name: \"" + String(repeating: "x", count: 50 * 1024 * 1024) + "\"\n"
        let start = ContinuousClock.now
        let result = load(text)
        #expect(ContinuousClock.now - start < .seconds(60))
        #expect(messages(result) == ["t.yaml:1:1: error: the scenario has no 'week'; expected the ISO week being planned, like 2026-W48"])
    }

    @Test("Thousands of bad lines: the first 1000 problems, then a count of the rest")
    func manyErrors() {
        let text = "week: 2026-W48\naccounts:\n" + (0..<3000).map { "  - {id: a\($0), manager: m, revenue: -1}" }.joined(separator: "\n")
        let result = load(text)
        #expect(result.diagnostics.count == 1001)
        #expect(result.diagnostics.last?.description == "t.yaml: error: 5000 more problems (5000 errors) not shown; fix these first")
    }

    @Test("Numbers out of range or not numbers at all", arguments: [
        ("1e400", "1e400"), ("-.inf", "-.inf"), (".NaN", ".NaN"), ("0x10", "text '0x10'"), ("nan", "text 'nan'"),
    ])
    func numbers(value: String, shown: String) {
        let text = minimalScenario.replacingOccurrences(of: "hours: 8", with: "hours: \(value)")
        let expected = "'hours' of request 'r1' is \(shown), expected a finite number > 0"
        #expect(load(text).errors.map(\.message) == [expected])
    }

    @Test("JSON syntax errors are located", arguments: [
        ("{\"week\": \"2026-W48\",}", "t.json:1:21: error: malformed JSON: unexpected '}', expected a key in double quotes"),
        ("{\"week\": 01}", "t.json:1:10: error: malformed JSON: numbers cannot have leading zeros"),
        ("{\"week\": \"a\\qb\"}", "t.json:1:13: error: malformed JSON: invalid escape '\\q' in a string"),
        ("{\"week\": \"2026\n\"}", "t.json:1:15: error: malformed JSON: control character in a string (escape it, e.g. \\n)"),
        ("{\"week\": \"2026-W48\"} x", "t.json:1:22: error: malformed JSON: unexpected 'x' after the end of the JSON value"),
        ("{\"week\" \"2026-W48\"}", "t.json:1:9: error: malformed JSON: unexpected '\"', expected ':' after key \"week\""),
        ("{\"a\": \"\\ud800\"}", "t.json:1:14: error: malformed JSON: unpaired UTF-16 surrogate in \\u escape"),
        ("{\"week\": tru}", "t.json:1:10: error: malformed JSON: unexpected 't', expected a value"),
        ("[1, 2", "t.json:1:6: error: malformed JSON: unexpected end of file, expected ',' or ']'"),
    ])
    func jsonSyntax(text: String, expected: String) {
        #expect(messages(load(text, file: "t.json")) == [expected])
    }

    @Test("Files that cannot be read")
    func unreadable() throws {
        let folder = try directory(with: ["notes.txt": "week: 2026-W48\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.yaml").path
        #expect(messages(ScenarioLoader.load(path: missing)) == ["\(missing): error: cannot read scenario: no such file"])
        #expect(messages(ScenarioLoader.load(path: folder.path)) == ["\(folder.path): error: cannot read scenario: it is a directory, expected a .yaml, .yml or .json file"])
        let text = folder.appendingPathComponent("notes.txt").path
        #expect(messages(ScenarioLoader.load(path: text)) == ["\(text): error: unknown scenario format; expected a .yaml, .yml or .json file"])
    }
}
