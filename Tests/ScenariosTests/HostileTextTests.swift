import Foundation
import Testing
@testable import Scenarios

/// Identifiers from a safe set, free text without control characters, and messages that show what
/// is left instead of sending it to the terminal.
@Suite("Hostile text")
struct HostileTextTests {
    func messages(_ result: LoadResult) -> [String] { result.errors.map(\.description) }

    func replacing(line: Int, with text: String) -> LoadResult {
        var lines = minimalScenario.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[line - 1] = text
        return load(lines.joined(separator: "\n"))
    }

    @Test("An id outside letters, digits, '-', '_' and '.' is a located error",
          arguments: ["=HYPERLINK(x)", "+1", "@sum", "m li", "m:li", "a/b", "m;rm"])
    func unsafeIdentifier(id: String) {
        let result = replacing(line: 2, with: "managers: [{id: \"\(id)\", region: east}]")
        #expect(result.scenario == nil)
        #expect(messages(result).first == "t.yaml:2:17: error: id '\(id)' has characters other than letters, digits, '-', '_' and '.'")
    }

    @Test("Letters of any script, digits, '-', '_' and '.' are fine")
    func safeIdentifiers() {
        for id in ["m-zhang", "m_li.2", "经理1", "C00042"] { #expect(TextSafety.isSafeIdentifier(id), "\(id)") }
        #expect(!TextSafety.isSafeIdentifier(""))
    }

    @Test("A control character in free text is refused, and the message shows it escaped")
    func controlCharacters() {
        // YAML's double-quoted "\e" is ESC, "\a" is BEL: a terminal title and a colour change.
        let result = replacing(line: 4, with: "accounts: [{id: a1, name: \"\\e]0;pwned\\a\\e[31mRED\", manager: m1, region: east, revenue: 100}]")
        let errors = messages(result)
        #expect(result.scenario == nil)
        #expect(errors == ["t.yaml:4:27: error: 'name' of account 'a1' contains the control character \\e; expected printable text (newlines and tabs are fine)"])
        #expect(!errors.joined().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
        // Newlines and tabs are text.
        let note = replacing(line: 5, with: "requests: [{id: r1, account: a1, skill: network, hours: 8, note: \"line one\\n\\tline two\"}]")
        #expect(note.scenario?.requests.first?.note == "line one\n\tline two")
    }

    @Test("Terminal form: every control character visible, newlines and tabs kept")
    func terminalForm() {
        #expect(TextSafety.terminal("\u{1B}]0;pwned\u{07}\u{1B}[31mRED\r\n\tok\u{9B}") == "\\e]0;pwned\\a\\e[31mRED\\r\n\tok\\u{9b}")
        #expect(TextSafety.withoutControls("a\u{1B}b\u{7F}c\n") == "abc\n")
    }
}
