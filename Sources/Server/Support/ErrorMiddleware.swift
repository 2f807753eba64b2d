import Hummingbird
import Logging

/// Turns every error a route throws into an answer: JSON (`{"error": ...}`) under /api and for API
/// clients, a short page for browsers. An error that is not the client's doing is logged in full
/// and answered with a plain 500 that tells nothing about the inside.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    /// The router's routes: a known path asked with another method answers 405 with Allow.
    let routes: RouteTable

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var answer: APIError
            var allow: String?
            if let error = error as? HTTPError, error.status == .notFound, case let methods = routes.methods(at: request.uri.path),
               !methods.isEmpty, !methods.contains(request.method.rawValue) {
                allow = methods.joined(separator: ", ")
                answer = APIError(.methodNotAllowed, code: "methodNotAllowed", "\(request.uri.path) answers \(methods.joined(separator: ", ")), not \(request.method)")
            } else if let known = APIError.from(error) {
                answer = known
            } else {
                context.logger.error("internal error", metadata: ["error": "\(String(reflecting: error))", "path": "\(request.uri.path)"])
                answer = APIError(.internalServerError, code: "internal", "something went wrong on the server; the request was not carried out (see the server log)")
            }
            if let allow { answer.headers[.allow] = allow }
            var response = Self.wantsHTML(request) ? Pages.error(answer, signedIn: context.identity != nil) : answer.response
            for field in answer.headers { response.headers[field.name] = field.value }
            if Self.wantsHTML(request) { return response }
            if answer.status == .unauthorized { response.headers[.wwwAuthenticate] = "Bearer realm=\"kam\"" }
            return response
        }
    }

    /// Browsers asking for a page (not the API, not a calendar, not the metrics) get HTML errors.
    static func wantsHTML(_ request: Request) -> Bool {
        let path = request.uri.path
        if path.hasPrefix("/api/") || path.hasPrefix("/calendars/") || path == "/openapi.yaml" || path == "/metrics" { return false }
        return true
    }
}
