import Foundation
import Hummingbird
import Logging

/// One log line per request: method, path (without the query: it may hold a calendar token),
/// status and milliseconds (also as metadata, for `--log-format json`); and the request counted
/// in the server's metrics under its route.
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = ServerContext

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let response = try await next(request, context)
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        let text = String(format: "%.1f", milliseconds)
        context.logger.info("\(request.method) \(request.uri.path) \(response.status.code) \(text) ms",
                            metadata: ["event": "request", "method": "\(request.method)", "path": "\(request.uri.path)", "status": "\(response.status.code)", "ms": "\(text)"])
        ServerMetrics.shared.request(route: context.endpointPath ?? "NotFound", method: request.method.rawValue, status: Int(response.status.code), duration: elapsed)
        return response
    }
}
