import Hummingbird
import HummingbirdAuth
import Workspace

/// What a route knows about the request besides the request itself: who signed in (from a bearer
/// token or a session cookie, never from the body) and, for a browser, the session.
public struct ServerContext: AuthRequestContext, RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: User?
    /// The web session, when the user signed in with the form (its CSRF token guards every form).
    public var session: WebSession?

    /// True when the call came with the metrics token (`GET /metrics` only).
    public var metricsScraper = false
    /// The client's IP address ("local" when there is none, as in tests): sign-in limits count by it.
    public let remoteAddress: String
    /// Whether the client is still connected (a solve nobody waits for any more is dropped).
    let isConnected: @Sendable () -> Bool

    public init(source: Source) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "local"
        let channel = source.channel
        // A channel without a peer address is no socket (the tests' router client): always there.
        let isSocket = channel.remoteAddress != nil
        isConnected = { !isSocket || channel.isActive }
    }

    /// Bodies are small JSON objects and forms: anything larger is refused with 413.
    public var maxUploadSize: Int { TeamServer.maximumBody }

    /// The signed-in user; 401 when there is none.
    func user() throws -> User {
        guard let identity else { throw AccessError.notSignedIn }
        return identity
    }
}
