import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import Scenarios
import Server
import TestSupport
import Workspace
import WorkspacePostgres
import WorkspaceSQLite

/// A workspace made from scenarios/baseline.yaml with one user of each kind, and the team server
/// over it, tested in process. Today is Monday 2026-11-23, so the default week is 2026-W49.
struct ServerFixture {
    let workspace: PlanningWorkspace
    let directory: URL
    /// API tokens by user id: ana (planner), zhang (manager m-zhang), li (manager m-li), vic (viewer), rex (revoked manager m-chen).
    let tokens: [String: String]
    let server: TeamServer

    static let today = CalendarDate(year: 2026, month: 11, day: 23)!
    static let week = "2026-W49"

    /// The store under the workspace: the tests of the whole week run on both.
    enum Store: String, CustomStringConvertible, CaseIterable {
        case sqlite, postgres
        var description: String { rawValue }
        /// Both, PostgreSQL only where the tests' own server can run (PostgresTestServer).
        static var tested: [Store] { PostgresTestServer.enabled ? allCases : [.sqlite] }
    }

    /// The server's limits, but no rate per user and a long solve queue: these tests send hundreds of calls in a moment as
    /// one user (LimitTests sets the limits it tests).
    static var limits: ServerLimits {
        var limits = ServerLimits()
        limits.requestsPerSecond = 0
        limits.solveQueue = 1000  // the tests of every suite share the process's plan thread
        limits.refusalDelay = .zero
        limits.viewRefresh = .zero  // a page after a change shows the change (ViewPlanTests sets the window it tests)
        return limits
    }

    /// `approval`: the workspace's policy.requests.approval (baseline.yaml's default is auto).
    /// `adjust` changes the organisation before the workspace is made from it.
    init(store: Store = .sqlite, approval: ApprovalRule = .auto, limits: ServerLimits = ServerFixture.limits, metricsToken: String? = nil, adjust: (inout Scenario) -> Void = { _ in }) throws {
        directory = try scratchDirectory("kam-server")
        var scenario = try requireScenario(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
        scenario.policy.requests.approval = approval
        adjust(&scenario)
        let path = directory.appendingPathComponent("ws").path
        workspace = try PlanningWorkspace.create(at: path, from: scenario) {
            switch store {
            case .sqlite: try SQLiteWorkspaceStore.open(PlanningWorkspace.databasePath($0), create: true)
            case .postgres: try PostgresWorkspaceStore.open(DatabaseURL(PostgresTestServer.newDatabase()), create: true)
            }
        }
        var tokens: [String: String] = [:]
        for (id, role, manager) in [("ana", User.Role.planner, nil), ("zhang", .manager, "m-zhang"), ("li", .manager, "m-li"),
                                    ("vic", .viewer, nil), ("rex", .manager, "m-chen")] as [(String, User.Role, String?)] {
            tokens[id] = try workspace.addUser(id: id, role: role, manager: manager, by: "test", today: Self.today).token
        }
        _ = try workspace.revokeUser("rex", by: "test")
        _ = try workspace.setPassword(for: "zhang", to: "zhang-password", by: "test")
        _ = try workspace.setPassword(for: "ana", to: "ana-password", by: "test")
        self.tokens = tokens
        server = TeamServer(workspace: workspace, today: { Self.today }, limits: limits, metricsToken: metricsToken)
    }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Runs `body` with a client of the server's router (no sockets).
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "kam-test")
        logger.logLevel = .error
        let app = Application(router: server.router(), logger: logger)
        try await app.test(.router, body)
    }

    /// Runs `body` against the server as `kam serve` runs it (its connection limits and timeouts),
    /// on a free port of 127.0.0.1; `client.port` is that port.
    func testLive(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var logger = Logger(label: "kam-test")
        logger.logLevel = .error
        try await server.application(host: "127.0.0.1", port: 0, logger: logger).test(.live, body)
    }
}

/// A bare `#require` for a loaded scenario (nil means the test file is broken).
func requireScenario(_ scenario: Scenario?) throws -> Scenario {
    guard let scenario else { throw FixtureError.noScenario }
    return scenario
}

enum FixtureError: Error { case noScenario }

extension TestClientProtocol {
    /// A call as user `token` (nil: no Authorization header), with a JSON or form body.
    func call(_ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
              headers extra: HTTPFields = [:]) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { body.getString(at: body.readerIndex, length: body.readableBytes) ?? "" }

    /// The body as a JSON object.
    var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:] }

    /// The `error.code` of an error answer.
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (object["error"] as? [String: Any])?["field"] as? String }
    var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
}
