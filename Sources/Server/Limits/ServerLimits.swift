import Foundation

/// What one client may ask of the team server, so that nobody slows down everyone else: the
/// defaults suit a team of a few hundred people on one machine; `kam serve` options change them.
public struct ServerLimits: Sendable {
    /// API and page requests per second per signed-in user (a token bucket: `burst` at once, then
    /// this many a second); 0 turns the limit off.
    public var requestsPerSecond: Double = 20
    public var burst: Double = 60
    /// A request over its user's rate waits up to this long for its turn (no CPU while it waits)
    /// instead of being refused; one that would wait longer is refused (429).
    public var maximumThrottle: Duration = .seconds(1)
    /// How long a refused request (429: over the rate, or too many failed sign-ins) is held before
    /// its answer: a client hammering the server gets one answer a second per connection instead of
    /// thousands, so its refusals cost the others nothing.
    public var refusalDelay: Duration = .seconds(1)
    /// Failed sign-ins per client address within `signInWindow` before that address waits (429).
    public var signInFailuresPerAddress = 20
    /// Failed sign-ins for one user id from one address within `signInWindow` before that pair
    /// waits. Keyed by address too, so nobody can lock a user out from where the user signs in.
    public var signInFailuresPerUser = 5
    public var signInWindow: Duration = .seconds(600)
    /// A connection with nothing arriving for this long is closed (idle keep-alive, headers or a body
    /// that stopped coming).
    public var idleTimeout: Duration = .seconds(30)
    /// A request's whole body must arrive within this (408 otherwise), however slowly it trickles.
    public var bodyTimeout: Duration = .seconds(10)
    /// Connections served at once; more wait in the listen queue.
    public var maximumConnections = 512
    /// Solves (plans, recommendations, approval costs) waiting for the plan thread; more answer 503
    /// with Retry-After.
    public var solveQueue = 16
    /// While a week keeps changing, its account pages show the plan kept for it if that plan was made
    /// less than this long ago, instead of solving the week again at the first view after each change
    /// (a day of requests filed into the week would otherwise keep the plan thread solving for the
    /// views alone). `.zero`: the first view after any change solves.
    public var viewRefresh: Duration = .seconds(5)

    public init() {}
}
