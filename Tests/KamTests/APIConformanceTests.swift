import Foundation
import TestSupport
import Testing

/// schemathesis (PyPI, installed by make test) against a live `kam serve`: the served openapi.yaml
/// must state every rule the server applies. As a manager, a planner and a viewer in turn, every
/// check (server errors, status codes, content types, headers, response schemas, schema-valid
/// requests accepted and schema-invalid ones refused, unsupported methods, auth, use after delete)
/// in all four phases (examples, coverage, fuzzing, stateful), seeded so a run repeats.
/// Tests/Live/schemathesis.toml gives it the baseline's ids half the time. Each role's report is kept
/// in .build/test-artifacts/schemathesis/ROLE.txt.
@Suite("Team server API against its OpenAPI document (schemathesis)")
struct APIConformanceTests {
    /// True when python3 can import schemathesis.
    static let hasSchemathesis = ServerLiveTests.canImport("schemathesis.cli")

    /// Examples per operation and phase: enough to reach every rule, little enough for make test (about 30 s a role).
    static let examples = ProcessInfo.processInfo.environment["KAM_SCHEMATHESIS_EXAMPLES"] ?? "50"

    @Test("schemathesis finds no failure as manager, planner or viewer",
          .enabled(if: hasSchemathesis, "schemathesis missing (make test installs it)"), .timeLimit(.minutes(10)))
    func conformance() throws {
        let folder = try scratchDirectory("kam-schemathesis")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws").path
        let env = ["KAM_TODAY": "2026-11-23"]
        #expect(try KamRunner.run(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        var tokens: [String: String] = [:]
        for (id, role) in [("zhang", "manager"), ("ana", "planner"), ("vic", "viewer")] {
            var arguments = ["user", "add", "--workspace", ws, "--id", id, "--role", role]
            if role == "manager" { arguments += ["--manager", "m-zhang"] }
            let added = try KamRunner.run(arguments)
            #expect(added.status == 0)
            tokens[id] = added.stdout.split(separator: "\n").first.map(String.init)
        }
        // No rate limit: schemathesis sends hundreds of calls a second, and a 429 is not what is tested here (LimitTests is).
        let server = try ServerLiveTests.RunningServer(workspace: ws, port: 0, environment: env, arguments: ["--rate-limit", "0"])
        defer { _ = server.kill(SIGTERM) }
        let base = "http://127.0.0.1:\(server.port)"
        let artifacts = repositoryRoot.appendingPathComponent(".build/test-artifacts/schemathesis")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        // The manager first: the requests it files are what the planner's and the viewer's runs find.
        for (user, seed) in [("zhang", 1), ("ana", 2), ("vic", 3)] {
            let token = try #require(tokens[user], "no token printed for \(user)")
            let run = Process()
            // At a lower priority: the run keeps both cores busy for a minute, and the tests running beside
            // it (real sockets, timeouts) must still get theirs.
            run.executableURL = URL(fileURLWithPath: "/usr/bin/nice")
            run.arguments = ["-n", "15", ServerLiveTests.python!, "-c", "import sys; from schemathesis.cli import schemathesis; sys.argv[0] = 'st'; schemathesis()",
                             "--config-file", repositoryRoot.appendingPathComponent("Tests/Live/schemathesis.toml").path,
                             "run", "\(base)/openapi.yaml", "--url", base, "-H", "Authorization: Bearer \(token)",
                             "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
                             "--max-examples", Self.examples, "--seed", String(seed), "--workers", "1", "--no-color"]
            run.environment = ProcessInfo.processInfo.environment.merging(["SCHEMATHESIS_TELEMETRY": "false", "NO_COLOR": "1"]) { $1 }
            let out = Pipe()
            run.standardOutput = out
            run.standardError = out
            try run.run()
            let report = out.fileHandleForReading.readDataToEndOfFile()
            run.waitUntilExit()
            try report.write(to: artifacts.appendingPathComponent("\(user).txt"))
            let text = String(decoding: report, as: UTF8.self)
            #expect(run.terminationStatus == 0, "schemathesis as \(user) (seed \(seed)):\n\(text.suffix(6000))")
            #expect(text.contains("Stateful") && text.contains("Coverage"), "\(text.suffix(2000))")
        }
    }
}
