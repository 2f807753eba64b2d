import Hummingbird
import HummingbirdAuth
import Workspace

/// Finds who is calling: an API token (`Authorization: Bearer TOKEN`), else a web session cookie.
/// A token that matches no active user is refused at once (401), so a typo never falls back to
/// acting as nobody in particular; a stale cookie is just ignored (the page asks to sign in).
struct SignInMiddleware: RouterMiddleware {
    typealias Context = ServerContext
    let workspace: PlanningWorkspace

    static let cookieName = "kam_session"

    func handle(_ request: Request, context: ServerContext, next: (Request, ServerContext) async throws -> Response) async throws -> Response {
        var context = context
        if request.headers[.authorization] != nil {
            guard let bearer = request.headers.bearer, !bearer.token.isEmpty else {
                throw APIError(.unauthorized, code: "notSignedIn", "the Authorization header must be 'Bearer TOKEN'")
            }
            let token = bearer.token
            context.identity = try await StoreCalls.run { [workspace] in try workspace.authenticate(token: token) }
        } else if let cookie = request.cookies[Self.cookieName]?.value,
                  let (session, user) = try await StoreCalls.run({ [workspace] in try workspace.session(cookie: cookie) }) {
            context.identity = user
            context.session = session
        }
        return try await next(request, context)
    }
}
