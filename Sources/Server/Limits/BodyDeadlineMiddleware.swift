import Hummingbird
import NIOCore

/// Reads a request's body (up to the largest accepted) before the route runs, within `limit`: a
/// client that trickles its body byte by byte gets 408 instead of holding a connection and a
/// task for as long as it likes. Routes then read the body from memory.
struct BodyDeadlineMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let limit: Duration

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        var request = request
        let body = request.body, maximum = context.maxUploadSize, limit = limit
        let buffer = try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: maximum) }
            group.addTask { try await Task.sleep(for: limit); return nil }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else {
                throw APIError(.requestTimeout, code: "bodyTimeout", "the request's body did not arrive within \(limit.components.seconds) s; nothing was carried out")
            }
            return buffer
        }
        request.body = .init(buffer: buffer)
        return try await next(request, context)
    }
}
