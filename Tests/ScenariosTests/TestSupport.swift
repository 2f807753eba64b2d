import Foundation
import TestSupport
@testable import Scenarios


/// A small valid scenario; tests change one line at a time. Line numbers matter to the tests:
/// 1 week, 2 managers, 3 experts, 4 accounts, 5 requests.
let minimalScenario = """
    week: 2026-W48
    managers: [{id: m1, region: east}]
    experts: [{id: e1, skills: {network: 0.8}}]
    accounts: [{id: a1, manager: m1, region: east, revenue: 100}]
    requests: [{id: r1, account: a1, skill: network, hours: 8}]

    """

/// Loads text as if it were the file `file` (YAML or JSON by extension).
func load(_ text: String, file: String = "t.yaml") -> LoadResult {
    ScenarioLoader.load(bytes: Array(text.utf8), file: file)
}

/// The diagnostics as a user sees them.
func messages(_ result: LoadResult) -> [String] { result.diagnostics.map(\.description) }

/// A fresh temporary directory with the given files; removed by the caller.
func directory(with files: [String: String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-scenarios-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    for (name, text) in files {
        try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }
    return url
}
