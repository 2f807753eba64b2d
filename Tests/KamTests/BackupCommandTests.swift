import Foundation
import Testing

/// `kam workspace backup` and `restore`, with real processes.
@Suite("kam workspace backup and restore")
struct BackupCommandTests {
    static let today = "2099-03-01", week = "2099-W10"

    func kam(_ arguments: [String]) throws -> KamRunner.Output { try KamRunner.run(today: Self.today, arguments) }

    @Test("A backup holds the store and workspace.yaml; restore brings both back (the replaced yaml kept); a file is never overwritten; a non-backup is refused")
    func roundTrip() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path, file = parent.appendingPathComponent("ws.backup").path
        #expect(try kam(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        for account in ["bank-hq", "harbor-life"] {
            #expect(try kam(["request", "add", "--workspace", ws, "--account", account, "--skill", "network", "--hours", "4", "--by", "m-zhang", "--week", Self.week]).status == 0)
        }
        let yaml = try String(contentsOfFile: ws + "/workspace.yaml", encoding: .utf8)
        let backup = try kam(["workspace", "backup", "--workspace", ws, "--to", file])
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("backed up \(ws) to \(file):\n") && backup.stdout.contains("requests  ") && backup.stdout.contains("workspace.yaml bytes"),
                "\(backup.stdout)")
        let requestsLine = backup.stdout.split(separator: "\n").first { $0.hasPrefix("requests ") }
        #expect(requestsLine?.split(separator: " ").last == "2", "\(backup.stdout)")

        // Changes after the backup: a third request, an edited workspace.yaml.
        #expect(try kam(["request", "add", "--workspace", ws, "--account", "swiftship", "--skill", "network", "--hours", "4", "--by", "m-zhang", "--week", Self.week]).status == 0)
        try (yaml + "# edited after the backup\n").write(toFile: ws + "/workspace.yaml", atomically: true, encoding: .utf8)

        let again = try kam(["workspace", "backup", "--workspace", ws, "--to", file])
        #expect(again.status != 0 && again.stderr.contains("the file already exists; name a new one"), "\(again.stderr)")

        let restored = try kam(["workspace", "restore", "--workspace", ws, "--from", file])
        #expect(restored.status == 0, "\(restored.stderr)")
        let list = try kam(["request", "list", "--workspace", ws, "--format", "csv"])
        #expect(list.stdout.split(separator: "\n").count == 3, "\(list.stdout)")  // a header and R0001, R0002
        #expect(!list.stdout.contains("swiftship"))
        #expect(try String(contentsOfFile: ws + "/workspace.yaml", encoding: .utf8) == yaml)
        #expect(try String(contentsOfFile: ws + "/workspace.yaml.before-restore", encoding: .utf8).hasSuffix("# edited after the backup\n"))
        // Ids continue from the backup's counter.
        let next = try kam(["request", "add", "--workspace", ws, "--account", "swiftship", "--skill", "network", "--hours", "4", "--by", "m-zhang", "--week", Self.week])
        #expect(next.stdout == "R0003\n", "\(next.stderr)")

        let notABackup = try kam(["workspace", "restore", "--workspace", ws, "--from", ws + "/workspace.yaml"])
        #expect(notABackup.status != 0 && notABackup.stderr.contains("it is not a kam workspace backup"), "\(notABackup.stderr)")
    }

    @Test("A backup taken while 40 kam request add processes write is consistent: its requests are R0001 to Rn, no gap, and restore reads them")
    func whileWriting() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-backup-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path, file = parent.appendingPathComponent("live.backup").path
        #expect(try kam(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        let writers = (0..<40).map { _ in
            let process = Process()
            process.executableURL = KamRunner.executable
            process.arguments = ["request", "add", "--workspace", ws, "--account", "bank-hq", "--skill", "network", "--hours", "1", "--by", "m-zhang", "--week", Self.week]
            process.environment = ProcessInfo.processInfo.environment.merging(["KAM_TODAY": Self.today]) { $1 }
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            return process
        }
        for (index, writer) in writers.enumerated() {
            try writer.run()
            if index == 20 { #expect(try kam(["workspace", "backup", "--workspace", ws, "--to", file]).status == 0) }
        }
        for writer in writers { writer.waitUntilExit() }
        let copy = parent.appendingPathComponent("copy").path
        #expect(try kam(["init", copy, "--from", "scenarios/baseline.yaml"]).status == 0)
        #expect(try kam(["workspace", "restore", "--workspace", copy, "--from", file]).status == 0)
        let ids = try kam(["request", "list", "--workspace", copy, "--format", "csv"]).stdout.split(separator: "\n").dropFirst().map { String($0.prefix(5)) }
        #expect(ids == (0..<ids.count).map { "R" + String(format: "%04d", $0 + 1) }, "\(ids)")
    }
}
