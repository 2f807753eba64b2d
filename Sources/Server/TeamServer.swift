import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import Scenarios
import Workspace

/// The team server: the JSON API, the web pages and the calendar feeds of one workspace.
/// `kam serve` runs it; tests build its router in process.
public struct TeamServer: Sendable {
    public let workspace: PlanningWorkspace
    /// Today's date (KAM_TODAY in the CLI, so a walkthrough can be replayed).
    public let today: @Sendable () throws -> CalendarDate
    public let limits: ServerLimits
    /// The bearer token that may read `/metrics` besides planners (nil: planners only).
    public let metricsToken: String?
    let rateLimiter: RateLimiter
    let signInGuard: SignInGuard
    /// The plan thread and its queue (the process's one; tests may give their own).
    let plans: PlanRunner

    /// The largest request body accepted (413 above).
    public static let maximumBody = 64 * 1024

    public init(workspace: PlanningWorkspace, today: @escaping @Sendable () throws -> CalendarDate, limits: ServerLimits = ServerLimits(),
                metricsToken: String? = nil) {
        self.init(workspace: workspace, today: today, limits: limits, metricsToken: metricsToken, plans: .shared)
    }

    init(workspace: PlanningWorkspace, today: @escaping @Sendable () throws -> CalendarDate, limits: ServerLimits, metricsToken: String?, plans: PlanRunner) {
        self.plans = plans
        self.workspace = workspace
        self.metricsToken = metricsToken.flatMap { $0.isEmpty ? nil : $0 }
        self.today = today
        self.limits = limits
        rateLimiter = RateLimiter(perSecond: limits.requestsPerSecond, burst: limits.burst)
        signInGuard = SignInGuard(limits: limits)
    }

    /// `work` on the plan thread (PlanRunner), behind the solves asked for before it: `key` names
    /// what it computes, so equal keys waiting share one solve. 503 `busy` with Retry-After when
    /// `limits.solveQueue` solves wait already.
    func solve<T: Sendable>(_ key: String?, _ context: ServerContext, _ work: @escaping @Sendable (PlanningWorkspace) throws -> T) async throws -> T {
        do {
            // Keys are the workspace's own: two workspaces in one process never share an answer.
            let key = key.map { "\(workspace.directory) \($0)" }
            return try await plans.run(key: key, limit: limits.solveQueue, isWanted: context.isConnected) { [workspace] in try work(workspace) }
        } catch let busy as PlanRunner.Busy {
            throw APIError.wait(.serviceUnavailable, code: "busy", "the server is working through \(busy.waiting) plans and recommendations", seconds: busy.retryAfter)
        } catch is PlanRunner.Abandoned {
            throw APIError(.serviceUnavailable, code: "abandoned", "the client left before its turn came; nothing was computed")
        }
    }

    /// `work` on the store's threads (see StoreCalls): every route calls the workspace through this
    /// or `plans`, never on a cooperative thread.
    func store<T: Sendable>(_ work: @escaping @Sendable (PlanningWorkspace) throws -> T) async throws -> T {
        try await StoreCalls.run { [workspace] in try work(workspace) }
    }

    /// Decodes workspace.yaml for this week, next week and the week-independent lookups before
    /// the first request (0.3 s each for an L book) instead of during it. A broken file is
    /// reported by the requests that need it.
    public func warmUp() {
        guard let today = try? today() else { return }
        for week in [ISOWeek(containing: today), ISOWeek(containing: today.adding(days: 7)), PlanningWorkspace.anyWeek] {
            _ = try? workspace.organisation(week: week)
        }
    }

    /// The week planned when none is named: next week.
    public func nextWeek() throws -> ISOWeek { ISOWeek(containing: try today().adding(days: 7)) }

    /// A week named in a path, a query or a body: an ISO week (422 otherwise) within the
    /// workspace's window around today (422 `weekOutsideWindow`).
    func week(_ text: String) throws -> ISOWeek {
        try inWindow(try APIRoutes.week(text))
    }

    /// `week`, when it is within the workspace's window around today.
    func inWindow(_ week: ISOWeek) throws -> ISOWeek {
        try workspace.requireWeekInWindow(week, today: try today())
    }

    /// Every route, behind request logging, error answers and sign-in.
    public func router() -> Router<ServerContext> {
        // HEAD answers as GET does, without the body.
        let router = Router(context: ServerContext.self, options: .autoGenerateHeadEndpoints)
        let table = RouteTable()
        router.add(middleware: RequestLogMiddleware())
        router.add(middleware: ErrorMiddleware(routes: table))
        router.add(middleware: BodyDeadlineMiddleware(limit: limits.bodyTimeout))
        router.add(middleware: SignInMiddleware(workspace: workspace, limiter: rateLimiter, limits: limits, metricsToken: metricsToken))
        APIRoutes(server: self).add(to: router)
        ControlRoutes(server: self).add(to: router)
        VisitRoutes(server: self).add(to: router)
        AccountRoutes(server: self).add(to: router)
        CalendarRoutes(server: self).add(to: router)
        OperatorRoutes(server: self).add(to: router)
        WebRoutes(server: self).add(to: router)
        table.fill(from: router)
        return router
    }

    /// The application on `host:port` (port 0: any free port); `onRunning` gets the bound port.
    public func application(host: String, port: Int, logger: Logger,
                            onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(), server: .http1(configuration: .init(idleTimeout: .nanoseconds(limits.idleTimeout.components.seconds * 1_000_000_000))),
                    configuration: .init(address: .hostname(host, port: port), serverName: "kam",
                                         availableConnectionsDelegate: MaximumAvailableConnections(limits.maximumConnections)),
                    onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
    }
}
