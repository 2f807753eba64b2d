import Foundation
import TestSupport
import Testing

/// The real `kam serve` process on 127.0.0.1: 200 concurrent request POSTs from another process,
/// SIGKILL in the middle, a restart, and every acknowledged request stored exactly once.
@Suite("Team server, live")
struct ServerLiveTests {
    /// A running `kam serve`, its port read from the line it prints when it listens.
    final class RunningServer: @unchecked Sendable {
        let process: Process
        private(set) var port = 0

        init(workspace: String, port: Int, environment: [String: String], arguments: [String] = []) throws {
            let out: Pipe
            (process, out) = try KamRunner.start(["serve", "--workspace", workspace, "--port", String(port)] + arguments, environment: environment)
            // "kam serve: DIR on http://127.0.0.1:PORT/ (N users); Ctrl-C stops"
            var line = Data()
            while !line.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                line.append(chunk)
            }
            let text = String(decoding: line, as: UTF8.self)
            guard let range = text.range(of: #"127\.0\.0\.1:(\d+)/"#, options: .regularExpression) else {
                throw ServerError.noPort(text)
            }
            self.port = Int(text[range].dropFirst("127.0.0.1:".count).dropLast())!
        }

        func kill(_ signal: Int32) -> Int32 {
            Foundation.kill(process.processIdentifier, signal)
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    enum ServerError: Error { case noPort(String) }

    /// The python3 on PATH: the one make test installs PyPI packages for.
    static let python = ((ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map { "\($0)/python3" } + ["/usr/bin/python3"])
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Whether that python3 can import `module` (a PyPI package make test installs).
    static func canImport(_ module: String) -> Bool {
        guard let python else { return false }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: python)
        check.arguments = ["-c", "import \(module)"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        guard (try? check.run()) != nil else { return false }
        check.waitUntilExit()
        return check.terminationStatus == 0
    }

    /// What the load client reports: acknowledgements (request index -> id) and what was stored (id, note).
    struct Intake {
        var lines: [String]
        var acknowledged: [Int: String] = [:]
        var stored: [[Any]] = []
    }

    /// Runs Tests/Live/intake_client.py against `ports` (200 requests of week 2026-W49); `onLine`
    /// sees the lines so far after each chunk (the tests kill a server from there).
    static func intake(ports: [Int], token: String, onLine: (_ lines: [String]) throws -> Void) throws -> Intake {
        let client = Process()
        client.executableURL = URL(fileURLWithPath: python!)
        client.arguments = [repositoryRoot.appendingPathComponent("Tests/Live/intake_client.py").path, ports.map(String.init).joined(separator: ","),
                            token, "200", "2026-W49"]
        let out = Pipe()
        client.standardOutput = out
        client.standardError = FileHandle.nullDevice
        try client.run()
        var lines: [String] = [], buffer = Data()
        let reader = out.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
            try onLine(lines)
        }
        client.waitUntilExit()
        var intake = Intake(lines: lines)
        for line in lines where line.hasPrefix("ack ") {
            let parts = line.split(separator: " ")
            #expect(intake.acknowledged[Int(parts[1])!] == nil, "acknowledged twice: \(line)")
            intake.acknowledged[Int(parts[1])!] = String(parts[2])
        }
        if let storedLine = lines.first(where: { $0.hasPrefix("stored ") }) {
            intake.stored = (try JSONSerialization.jsonObject(with: Data(storedLine.dropFirst(7).utf8)) as? [[Any]]) ?? []
        }
        return intake
    }

    /// Every one of the 200 requests acknowledged, and stored exactly once: one stored request per
    /// note, and it is the one acknowledged.
    static func expectExactlyOnce(_ intake: Intake) {
        #expect(!intake.lines.contains { $0.hasPrefix("refused") || $0.hasPrefix("gave up") }, "\(intake.lines.filter { !$0.hasPrefix("ack") })")
        #expect(intake.acknowledged.count == 200)
        var byNote: [String: [String]] = [:]
        for entry in intake.stored { byNote[entry[1] as? String ?? "", default: []].append(entry[0] as? String ?? "") }
        #expect(intake.stored.count == 200)
        for (index, id) in intake.acknowledged {
            #expect(byNote["live \(index)"] == [id], "live \(index)")
        }
    }

    @Test("SIGKILL while 200 POSTs arrive: after a restart every acknowledged request is stored exactly once",
          .enabled(if: python != nil, "no python3 for the load client"), .timeLimit(.minutes(4)))
    func killDuringIntake() throws {
        let folder = try scratchDirectory("kam-live")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws").path
        let env = ["KAM_TODAY": "2026-11-23"]
        #expect(try KamRunner.run(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        let added = try KamRunner.run(["user", "add", "--workspace", ws, "--id", "zhang", "--role", "manager", "--manager", "m-zhang"])
        #expect(added.status == 0)
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        var server = try RunningServer(workspace: ws, port: 0, environment: env)
        let port = server.port
        // Kill the server once 40 requests are acknowledged, and start it again on the same port.
        var killed = false
        let intake = try Self.intake(ports: [port], token: token) { lines in
            if !killed && lines.filter({ $0.hasPrefix("ack ") }).count >= 40 {
                #expect(server.kill(SIGKILL) == SIGKILL)
                killed = true
                server = try RunningServer(workspace: ws, port: port, environment: env)
            }
        }
        #expect(killed)
        Self.expectExactlyOnce(intake)
        // A graceful stop: SIGTERM ends the server with status 0.
        #expect(server.kill(SIGTERM) == 0)
    }

    @Test("Two servers on one PostgreSQL database, 200 POSTs split across them, one SIGKILLed: every acknowledged request stored exactly once",
          .enabled(if: python != nil, "no python3 for the load client"), .enabled(if: PostgresTestServer.enabled, "no PostgreSQL here"),
          .timeLimit(.minutes(4)))
    func twoInstancesOnePostgres() throws {
        let folder = try scratchDirectory("kam-live")
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try PostgresTestServer.newDatabase()
        let env = ["KAM_TODAY": "2026-11-23", "KAM_DATABASE_URL": database]
        // Each instance has its own copy of workspace.yaml (as on two machines) and the same database.
        let first = folder.appendingPathComponent("one").path, second = folder.appendingPathComponent("two").path
        #expect(try KamRunner.run(["init", first, "--from", "scenarios/baseline.yaml"], environment: env).status == 0)
        try FileManager.default.createDirectory(atPath: second, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: first + "/workspace.yaml", toPath: second + "/workspace.yaml")
        let added = try KamRunner.run(["user", "add", "--workspace", first, "--id", "zhang", "--role", "manager", "--manager", "m-zhang"], environment: env)
        #expect(added.status == 0)
        let token = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let one = try RunningServer(workspace: first, port: 0, environment: env)
        let two = try RunningServer(workspace: second, port: 0, environment: env)
        var killed = false
        let intake = try Self.intake(ports: [one.port, two.port], token: token) { lines in
            if !killed && lines.filter({ $0.hasPrefix("ack ") }).count >= 60 {
                #expect(one.kill(SIGKILL) == SIGKILL)
                killed = true
            }
        }
        #expect(killed)
        Self.expectExactlyOnce(intake)
        // Both instances took requests before the kill, and the ids are R0001... with no duplicate.
        let ports = Set(intake.lines.filter { $0.hasPrefix("ack ") }.compactMap { $0.split(separator: " ").last.flatMap { Int($0) } })
        #expect(ports == [one.port, two.port])
        #expect(Set(intake.acknowledged.values).count == 200)
        #expect(two.kill(SIGTERM) == 0)
    }
}
