import Foundation
import TestSupport
import Testing

/// kill -9 at random moments while managers file requests and the planner publishes: the database
/// stays intact and every acknowledged request and version is there.
@Suite("Crash loops")
struct CrashLoopTests {
    /// The same moments on every run: a small linear congruential generator.
    struct Moments {
        var state: UInt64 = 20261123
        mutating func next(below bound: UInt64) -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return (state >> 33) % bound
        }
    }

    func start(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe) {
        try KamRunner.start(arguments, environment: environment)
    }

    @Test("50 rounds of SIGKILL during request add and publish: integrity_check ok, nothing acknowledged is lost",
          .enabled(if: hasSQLite3, "python3's sqlite3 is missing"), .timeLimit(.minutes(3)))
    func crashLoop() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws").path
        #expect(try KamRunner.run(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        #expect(try KamRunner.run(["user", "add", "--workspace", ws, "--id", "planner", "--role", "planner"]).status == 0)  // --by names a real planner
        let env = ["KAM_WORKSPACE": ws, "KAM_TODAY": "2099-03-01"]
        var moments = Moments()
        var acknowledgedRequests: [String] = [], acknowledgedVersions: [Int] = [], killed = 0
        let deadline = ContinuousClock.now + .seconds(120)
        for round in 0..<50 where ContinuousClock.now < deadline {
            let adder = try start(["request", "add", "--account", "bank-hq", "--skill", "security", "--hours", "2", "--by", "m-zhang",
                                   "--note", "round \(round)"], environment: env)
            let publisher = try start(["publish", "--force", "--by", "planner"], environment: env)
            // Kill one of the two (or neither) after 0 to 150 ms (a run takes about 100 to 300 ms).
            Thread.sleep(forTimeInterval: Double(moments.next(below: 150)) / 1000)
            let victim = moments.next(below: 3)
            if victim < 2 { kill((victim == 0 ? adder : publisher).0.processIdentifier, SIGKILL) }
            for (process, out) in [adder, publisher] {
                let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                process.waitUntilExit()
                if process.terminationReason == .uncaughtSignal { killed += 1; continue }
                guard process.terminationStatus == 0 else { continue }
                if process === adder.0 {
                    acknowledgedRequests.append(text.trimmingCharacters(in: .whitespacesAndNewlines))
                } else if let version = text.split(separator: " ").firstIndex(of: "version").map({ Int(text.split(separator: " ")[$0 + 1].dropLast()) }) ?? nil {
                    acknowledgedVersions.append(version)
                }
            }
        }
        #expect(killed >= 5, "only \(killed) processes were killed mid-run")
        // The database is intact.
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print(c.execute('PRAGMA integrity_check').fetchone()[0]); print(','.join(r[0] for r in c.execute('SELECT id FROM request'))); print(','.join(str(r[0]) for r in c.execute('SELECT version FROM plan')))", ws + "/kam.sqlite"]
        let out = Pipe()
        check.standardOutput = out
        try check.run()
        let lines = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).components(separatedBy: "\n")
        check.waitUntilExit()
        #expect(lines.first == "ok")
        let stored = Set(lines.count > 1 ? lines[1].split(separator: ",").map(String.init) : [])
        let versions = Set(lines.count > 2 ? lines[2].split(separator: ",").compactMap { Int($0) } : [])
        #expect(!acknowledgedRequests.isEmpty && !acknowledgedVersions.isEmpty)
        #expect(Set(acknowledgedRequests).isSubset(of: stored), "lost: \(Set(acknowledgedRequests).subtracting(stored))")
        #expect(Set(acknowledgedVersions).isSubset(of: versions), "lost versions: \(Set(acknowledgedVersions).subtracting(versions))")
        // Versions are whole: numbered 1, 2, ... without holes.
        #expect(versions == Set(1...max(1, versions.max() ?? 0)) || versions.isEmpty)
        // And the workspace still works.
        let after = try KamRunner.run(["request", "list"], environment: env)
        #expect(after.status == 0)
    }
}
