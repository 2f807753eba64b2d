import Foundation
import Testing

/// Nothing from input reaches the terminal as a control sequence: a note with escape sequences is
/// refused when filed, and one already stored (by an older kam) is shown escaped.
@Suite("Terminal safety")
struct TerminalSafetyTests {
    static let hostile = "\u{1B}]0;pwned\u{07}\u{1B}[31mRED"

    @Test("A note with control characters is refused; one already stored prints escaped", .enabled(if: hasSQLite3, "python3's sqlite3 is missing"))
    func notes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-term-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws").path
        #expect(try KamRunner.run(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        let env = ["KAM_WORKSPACE": ws, "KAM_TODAY": "2026-11-23"]
        let refused = try KamRunner.run(["request", "add", "--account", "bank-hq", "--skill", "security", "--hours", "4", "--by", "m-zhang", "--note", Self.hostile], environment: env)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: the note contains the control character \\e; write printable text (newlines and tabs are fine)\n")
        let unknown = try KamRunner.run(["request", "add", "--account", "bank\u{1B}[2J", "--skill", "security", "--hours", "4", "--by", "m-zhang"], environment: env)
        #expect(unknown.status == 1 && unknown.stderr.contains("unknown account 'bank\\e[2J'") && !unknown.stderr.contains("\u{1B}"))
        // An older kam stored such a note: write it straight into the database.
        let added = try KamRunner.run(["request", "add", "--account", "bank-hq", "--skill", "security", "--hours", "4", "--by", "m-zhang", "--note", "fine"], environment: env)
        #expect(added.stdout == "R0001\n")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('UPDATE request SET note=?', (sys.argv[2],)); c.commit()",
                            ws + "/kam.sqlite", Self.hostile]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        for command in [["request", "show", "R0001"], ["request", "list"]] {
            let output = try KamRunner.run(command, environment: env)
            #expect(output.status == 0)
            #expect(!output.stdout.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(command)")
            #expect(output.stdout.contains("\\e]0;pwned\\a\\e[31mRED"), "\(command): \(output.stdout)")
        }
    }
}

let hasSQLite3: Bool = {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import sqlite3"]
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}()
