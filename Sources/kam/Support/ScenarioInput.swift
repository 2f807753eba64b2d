import ArgumentParser
import Foundation
import Reports
import Scenarios

/// Standard error, for diagnostics and progress. Control characters that came from input (a name,
/// a note) are shown escaped (`\e`), never sent to the terminal.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(TextSafety.terminal(text).utf8))
    }

    /// kam's own terminal controls (the progress line rewritten in place), unescaped.
    static func writeControl(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// Every line kam prints on standard output goes through here: control characters that came from
/// input are shown escaped (`\e`, `\a`), so a hostile name or note cannot retitle, recolour or
/// rewrite the reader's terminal. (In this module it stands in for the standard library's print.)
func print(_ text: String, terminator: String = "\n") {
    FileHandle.standardOutput.write(Data((TextSafety.terminal(text) + terminator).utf8))
}

/// Loads a scenario for a command: warnings and errors go to stderr as `file:line:column: ...`;
/// any error ends the command with exit code 1.
func loadScenario(_ path: String) throws -> Scenario {
    let result = ScenarioLoader.load(path: path)
    for diagnostic in result.diagnostics { StandardError.write("\(diagnostic)\n") }
    guard let scenario = result.scenario else {
        StandardError.write("\(path): \(NumberFormat.count(result.errors.count, "error")); nothing was planned\n")
        throw ExitCode(1)
    }
    return scenario
}

/// Writes `text` to `path` atomically, or to stdout when `path` is nil.
func emit(_ text: String, to path: String?) throws {
    guard let path else {
        print(text, terminator: "")
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw fail("cannot write '\(path)': \(error.localizedDescription)", .unavailable)
    }
}
