import ArgumentParser
import Foundation
import Reports
import Scenarios

/// Standard error, for diagnostics and progress.
enum StandardError {
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
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
        FileHandle.standardOutput.write(Data(text.utf8))
        return
    }
    do {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    } catch {
        throw fail("cannot write '\(path)': \(error.localizedDescription)")
    }
}
