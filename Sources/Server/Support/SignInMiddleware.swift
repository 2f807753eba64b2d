import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Workspace

/// Finds who is calling: an API token (`Authorization: Bearer TOKEN`), else a web session cookie.
/// A token that matches no active user is refused at once (401), so a typo never falls back to
/// acting as nobody in particular; a stale cookie is just ignored (the page asks to sign in).
///
/// A cookie is sent by the browser whoever made the page that sends it, so an API call that
/// changes something (any method but GET and HEAD) on a session cookie must also carry the
/// session's CSRF token in `X-CSRF-Token` (403 `badCSRFToken`; `GET /api/me` gives it) and, when it
/// has a body type, `application/json` (415): a form on another site can do neither. Bearer
/// tokens are never sent by a browser on its own, so they need neither.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let workspace: PlanningWorkspace
    /// Requests per signed-in user (throttled, then 429 with Retry-After beyond it).
    let limiter: RateLimiter
    let limits: ServerLimits
    /// The token a Prometheus server scrapes `/metrics` with (KAM_METRICS_TOKEN), if any.
    let metricsToken: String?

    static let cookieName = "kam_session"

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if request.uri.path == "/metrics", let metricsToken, let bearer = request.headers.bearer,
           Credentials.constantTimeEqual(bearer.token, metricsToken) {
            context.metricsScraper = true
            return try await next(request, context)
        }
        if request.headers[.authorization] != nil {
            guard let bearer = request.headers.bearer, !bearer.token.isEmpty else {
                throw APIError(.unauthorized, code: "notSignedIn", "the Authorization header must be 'Bearer TOKEN'")
            }
            let token = bearer.token
            context.identity = try await StoreCalls.run { [workspace] in try workspace.authenticate(token: token) }
        } else if let cookie = request.cookies[Self.cookieName]?.value,
                  let (session, user) = try await StoreCalls.run({ [workspace] in try workspace.session(cookie: cookie) }) {
            if request.uri.path.hasPrefix("/api/"), request.method != .get, request.method != .head {
                try Self.checkCookieCall(request, session: session)
            }
            context.identity = user
            context.session = session
        }
        if let user = context.identity {
            switch limiter.admit(user.id, maximumWait: limits.maximumThrottle) {
            case .go: break
            case .after(let wait): try await Task.sleep(for: wait)
            case .refuse(let seconds):
                try await Task.sleep(for: limits.refusalDelay)
                throw APIError.wait(.tooManyRequests, code: "tooManyRequests", "'\(user.id)' sent more requests than the server takes from one user", seconds: seconds)
            }
        }
        return try await next(request, context)
    }

    static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    /// An API call that changes something on a session cookie: the CSRF header, and a JSON body type.
    static func checkCookieCall(_ request: Request, session: WebSession) throws {
        guard let sent = request.headers[csrfHeader], Credentials.constantTimeEqual(sent, session.csrfToken) else {
            throw AccessError.badCSRFToken
        }
        if let type = request.headers[.contentType],
           type.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() != "application/json" {
            throw APIError(.unsupportedMediaType, code: "unsupportedMediaType",
                           "a call signed in by the session cookie sends JSON: Content-Type must be application/json, not '\(type)'", field: "Content-Type")
        }
    }
}
