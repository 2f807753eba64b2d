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

        init(workspace: String, port: Int, environment: [String: String]) throws {
            let out: Pipe
            (process, out) = try KamRunner.start(["serve", "--workspace", workspace, "--port", String(port)], environment: environment)
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
        let client = Process()
        client.executableURL = URL(fileURLWithPath: Self.python!)
        client.arguments = [repositoryRoot.appendingPathComponent("Tests/Live/intake_client.py").path, String(port), token, "200", "2026-W49"]
        let out = Pipe()
        client.standardOutput = out
        client.standardError = FileHandle.nullDevice
        try client.run()

        // Read the client's lines; kill the server once 40 requests are acknowledged.
        var lines: [String] = [], buffer = Data(), killed = false
        let reader = out.fileHandleForReading
        while true {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            buffer.append(chunk)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                lines.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
            if !killed && lines.filter({ $0.hasPrefix("ack ") }).count >= 40 {
                #expect(server.kill(SIGKILL) == SIGKILL)
                killed = true
                server = try RunningServer(workspace: ws, port: port, environment: env)
            }
        }
        client.waitUntilExit()
        #expect(killed)

        var acknowledged: [Int: String] = [:]
        for line in lines where line.hasPrefix("ack ") {
            let parts = line.split(separator: " ")
            #expect(acknowledged[Int(parts[1])!] == nil, "acknowledged twice: \(line)")
            acknowledged[Int(parts[1])!] = String(parts[2])
        }
        #expect(!lines.contains { $0.hasPrefix("refused") || $0.hasPrefix("gave up") }, "\(lines.filter { !$0.hasPrefix("ack") })")
        #expect(acknowledged.count == 200)
        let storedLine = try #require(lines.first { $0.hasPrefix("stored ") })
        let stored = try #require(try JSONSerialization.jsonObject(with: Data(storedLine.dropFirst(7).utf8)) as? [[Any]])
        // Exactly once: one stored request per note, and it is the one acknowledged.
        var byNote: [String: [String]] = [:]
        for entry in stored { byNote[entry[1] as? String ?? "", default: []].append(entry[0] as? String ?? "") }
        #expect(stored.count == 200)
        for (index, id) in acknowledged {
            #expect(byNote["live \(index)"] == [id], "live \(index)")
        }
        // A graceful stop: SIGTERM ends the server with status 0.
        #expect(server.kill(SIGTERM) == 0)
    }
}
