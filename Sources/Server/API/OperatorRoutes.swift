import Foundation
import HTTPTypes
import Hummingbird
import Scenarios
import Workspace

/// What an operator watches: `GET /api/health` (no sign-in: a load balancer's probe) says whether
/// the store answers and workspace.yaml reads (503 when not); `GET /metrics` is Prometheus' text
/// format, for planners or the metrics token (`KAM_METRICS_TOKEN`).
struct OperatorRoutes {
    let server: TeamServer

    func add(to router: Router<ServerContext>) {
        router.get("api/health") { _, _ in
            let checks = await Self.checks(server)
            let healthy = checks.allSatisfy { $0.1 == "ok" }
            return JSONResponse.make(.object([("status", .string(healthy ? "ok" : "unavailable"))] + checks.map { ($0.0, .string($0.1)) }),
                                     status: healthy ? .ok : .serviceUnavailable)
        }
        router.get("metrics") { _, context in
            if !context.metricsScraper { try server.workspace.requirePlanner(try context.user(), to: "read the server's metrics") }
            var response = Response(status: .ok, body: .init(byteBuffer: ByteBuffer(string: ServerMetrics.shared.exposition())))
            response.headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return response
        }
    }

    /// Each part the server needs, "ok" or what is wrong with it.
    static func checks(_ server: TeamServer) async -> [(String, String)] {
        func check(_ work: @escaping @Sendable (PlanningWorkspace) throws -> Void) async -> String {
            do {
                try await server.store(work)
                return "ok"
            } catch {
                return APIError.from(error)?.message ?? "\(error)"
            }
        }
        return [("store", await check { try $0.checkStore() }),
                ("workspace", await check { _ = try $0.organisation(week: PlanningWorkspace.anyWeek) })]
    }
}
