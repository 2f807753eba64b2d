import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Server
import Testing
import Synchronization
import Workspace

/// An operator's tools: the health check, the metrics, the JSON log.
@Suite("Operating the team server")
struct OperatorTests {
    @Test("GET /api/health: 200 while the store answers and workspace.yaml reads; 503 saying which does not")
    func health() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            #expect(try await client.call(.get, "/api/health").status == .ok)
            // The store stops answering the query the check makes (its schema table gone).
            let database = try DatabaseQueue(path: PlanningWorkspace.databasePath(f.workspace.directory))
            try await database.write { db in try db.execute(sql: "ALTER TABLE grdb_migrations RENAME TO gone") }
            let down = try await client.call(.get, "/api/health")
            #expect(down.status == .serviceUnavailable && down.object["status"] as? String == "unavailable")
            #expect((down.object["store"] as? String ?? "ok") != "ok" && down.object["workspace"] as? String == "ok")
            try await database.write { db in try db.execute(sql: "ALTER TABLE gone RENAME TO grdb_migrations") }
            #expect(try await client.call(.get, "/api/health").status == .ok)
            // workspace.yaml broken.
            try Data("managers: [".utf8).write(to: URL(fileURLWithPath: f.workspace.configurationPath))
            let broken = try await client.call(.get, "/api/health")
            #expect(broken.status == .serviceUnavailable && (broken.object["workspace"] as? String ?? "ok") != "ok", "\(broken.text)")
        }
    }

    @Test("GET /metrics: Prometheus text for planners and the metrics token (403 for a manager, 401 for a wrong token); requests counted by route and status")
    func metrics() async throws {
        let f = try ServerFixture(metricsToken: "scrape-secret-1234567890")
        defer { f.remove() }
        try await f.test { client in
            let ana = f.tokens["ana"]!
            func count(_ text: String, _ series: String) -> Double {
                text.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last!) } ?? 0
            }
            let before = try await client.call(.get, "/metrics", token: ana)
            #expect(before.status == .ok && before.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let series = #"kam_http_requests_total{route="/api/requests/{id}",method="GET",status="404"}"#
            for _ in 0..<3 { _ = try await client.call(.get, "/api/requests/R0999", token: ana) }
            let after = try await client.call(.get, "/metrics", headers: [.authorization: "Bearer scrape-secret-1234567890"])
            #expect(after.status == .ok)
            // At least these 3 (the registry is the process's: other tests running alongside may add to it).
            #expect(count(after.text, series) - count(before.text, series) >= 3, "\(after.text.prefix(2000))")
            #expect(after.text.contains("# TYPE kam_http_request_duration_seconds histogram"))
            #expect(after.text.contains("kam_store_call_duration_seconds_count"))
            #expect(after.text.contains("kam_solve_queue_depth"))
            let manager = try await client.call(.get, "/metrics", token: f.tokens["zhang"]!)
            #expect(manager.status == .forbidden)
            let wrong = try await client.call(.get, "/metrics", headers: [.authorization: "Bearer not-the-secret"])
            #expect(wrong.status == .unauthorized)
        }
    }

    @Test("--log-format json: one JSON object per line with time, level, label, message and the request's fields; text keeps one readable line")
    func jsonLog() throws {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "kam") { label in
            KamLogHandler(label: label, format: .json, logLevel: .info) { line in lines.withLock { $0.append(line) } }
        }
        logger.info("GET /api/me 200 1.5 ms", metadata: ["event": "request", "method": "GET", "path": "/api/me", "status": "200", "ms": "1.5"])
        let text = Logger(label: "kam") { label in
            KamLogHandler(label: label, format: .text, logLevel: .info) { line in lines.withLock { $0.append(line) } }
        }
        text.info("GET /api/me 200 1.5 ms", metadata: ["event": "request", "method": "GET"])
        text.error("internal error", metadata: ["path": "/x"])
        logger.logLevel = .info
        let written = lines.withLock { $0 }
        #expect(written.count == 3 && written.allSatisfy { $0.hasSuffix("\n") && $0.dropLast().firstIndex(of: "\n") == nil })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(written[0].utf8)) as? [String: String])
        #expect(object["level"] == "info" && object["label"] == "kam" && object["message"] == "GET /api/me 200 1.5 ms")
        #expect(object["method"] == "GET" && object["status"] == "200" && object["ms"] == "1.5" && object["time"]?.hasSuffix("Z") == true)
        #expect(written[1].hasSuffix(" info kam: GET /api/me 200 1.5 ms\n"))
        #expect(written[2].hasSuffix(" error kam: internal error path=/x\n"))
    }
}
