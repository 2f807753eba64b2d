import Foundation
import Testing

/// The workspace from the command line, with real processes: concurrency and a crash.
@Suite("kam init, request, publish, snapshot")
struct WorkspaceCommandTests {
    /// A week far enough ahead that "a week in the past" never applies, whenever the tests run.
    static let week = "2099-W10"

    func workspace() throws -> URL {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-wscli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        let output = try KamRunner.run(today: "2099-03-01", ["init", parent.appendingPathComponent("ws").path, "--from", "scenarios/baseline.yaml"])
        #expect(output.status == 0, "\(output.stderr)")
        // kam publish --by names a real planner.
        #expect(try KamRunner.run(today: "2099-03-01", ["user", "add", "--workspace", parent.appendingPathComponent("ws").path, "--id", "planner", "--role", "planner"]).status == 0)
        return parent
    }

    func process(_ arguments: [String], environment: [String: String] = [:]) -> Process {
        let process = Process()
        process.executableURL = KamRunner.executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["KAM_TODAY": "2099-03-01"].merging(environment) { $1 }) { $1 }
        process.standardOutput = Pipe()
        process.standardError = Pipe()
        process.standardInput = FileHandle.nullDevice
        return process
    }

    @Test("A new user's week: two managers request, the planner plans and publishes, the next week keeps the teams")
    func walkthrough() throws {
        let parent = try workspace()
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        let zhang = try KamRunner.run(today: "2099-03-01", ["request", "add", "--workspace", ws, "--account", "bank-hq", "--skill", "security", "--hours", "24",
                                       "--by", "m-zhang", "--week", Self.week, "--priority", "critical", "--onsite"])
        #expect(zhang.stdout == "R0001\n", "\(zhang.stderr)")
        let li = try KamRunner.run(today: "2099-03-01", ["request", "add", "--workspace", ws, "--account", "telecom-north", "--skill", "network", "--hours", "30",
                                    "--by", "m-li", "--week", Self.week])
        #expect(li.stdout == "R0002\n")
        let refused = try KamRunner.run(today: "2099-03-01", ["request", "add", "--workspace", ws, "--account", "bank-hq", "--skill", "network", "--hours", "8",
                                         "--by", "m-li", "--week", Self.week])
        #expect(refused.status == 1 && refused.stderr == "error: manager 'm-li' cannot request hours for account 'bank-hq': it is managed by 'm-zhang'\n")
        let plan = try KamRunner.run(today: "2099-03-01", ["plan", "--workspace", ws, "--week", Self.week])
        #expect(plan.status == 0 && plan.stdout.contains("wrote 10 files to \(ws)/plans/\(Self.week)/"), "\(plan.stderr)")
        let publish = try KamRunner.run(today: "2099-03-01", ["publish", "--workspace", ws, "--week", Self.week, "--by", "planner"])
        #expect(publish.status == 0 && publish.stdout.hasPrefix("published \(Self.week) version 1"), "\(publish.stderr)")
        let list = try KamRunner.run(today: "2099-03-01", ["request", "list", "--workspace", ws, "--status", "allocated"])
        #expect(list.stdout.contains("R0001") && list.stdout.contains("R0002"))
        let again = try KamRunner.run(today: "2099-03-01", ["publish", "--workspace", ws, "--week", Self.week, "--by", "planner"])
        #expect(again.status == 1 && again.stderr.contains("was already published (version 1"))
        // A request added after the planner's review: publishing the unreviewed plan is refused.
        _ = try KamRunner.run(today: "2099-03-01", ["request", "add", "--workspace", ws, "--account", "harbor-life", "--skill", "data", "--hours", "8",
                               "--by", "m-zhang", "--week", Self.week])
        let stale = try KamRunner.run(today: "2099-03-01", ["publish", "--workspace", ws, "--week", Self.week, "--force", "--by", "planner"])
        #expect(stale.status == 1 && stale.stderr.contains("the plan changed since kam plan wrote \(ws)/plans/\(Self.week)/plan.json (not in it: R0003, filed or approved since)"),
                "\(stale.stderr)")
        #expect(try KamRunner.run(today: "2099-03-01", ["plan", "--workspace", ws, "--week", Self.week]).status == 0)
        let republished = try KamRunner.run(today: "2099-03-01", ["publish", "--workspace", ws, "--week", Self.week, "--force", "--by", "planner"])
        #expect(republished.status == 0 && republished.stdout.hasPrefix("published \(Self.week) version 2"), "\(republished.stderr)")
        let snapshot = parent.appendingPathComponent("next.yaml").path
        let written = try KamRunner.run(today: "2099-03-01", ["snapshot", "--workspace", ws, "--week", "2099-W11", "--out", snapshot])
        #expect(written.status == 0, "\(written.stderr)")
        let validate = try KamRunner.run(today: "2099-03-01", ["validate", snapshot])
        #expect(validate.status == 0, "\(validate.stderr)")
        let text = try String(contentsOfFile: snapshot, encoding: .utf8)
        #expect(text.contains("history:") && text.contains("account: bank-hq"))
    }

    @Test("100 kam request add processes at once: all succeed, no request lost")
    func concurrentAdds() throws {
        let parent = try workspace()
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        let processes = (0..<100).map { i in
            process(["request", "add", "--workspace", ws, "--account", i % 2 == 0 ? "bank-hq" : "telecom-north",
                     "--skill", "network", "--hours", "\(1 + i % 8)", "--by", i % 2 == 0 ? "m-zhang" : "m-li", "--week", Self.week])
        }
        for p in processes { try p.run() }
        var ids: [String] = []
        for p in processes {
            let out = (p.standardOutput as! Pipe).fileHandleForReading.readDataToEndOfFile()
            let err = (p.standardError as! Pipe).fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(String(decoding: err, as: UTF8.self))")
            ids.append(String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(Set(ids).count == 100)
        #expect(Set(ids) == Set((1...100).map { "R" + String(repeating: "0", count: 4 - String($0).count) + String($0) }))
        let list = try KamRunner.run(today: "2099-03-01", ["request", "list", "--workspace", ws, "--week", Self.week])
        #expect(list.stdout.split(separator: "\n").count == 102)  // header, rule, 100 rows
    }
}
