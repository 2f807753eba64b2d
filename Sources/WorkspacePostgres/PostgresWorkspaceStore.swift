import Foundation
import Logging
import NIOSSL
import PostgresNIO
import Scenarios
import Workspace

/// The workspace store in a PostgreSQL database, through postgres-nio's `PostgresClient` (a pool of
/// connections shared by the threads of one process). Several `kam serve` processes may share one
/// database: request numbers come from a sequence, publishing a week locks the plan table, changing
/// a request or a user locks its row. Every method is one transaction. The only module that
/// imports PostgresNIO.
public final class PostgresWorkspaceStore: WorkspaceStore, Sendable {
    public let url: DatabaseURL
    private let client: PostgresClient
    /// The pool's run loop: cancelled, it closes every connection.
    private let running: Task<Void, Never>
    private let logger: Logger
    /// The longest a call waits for a connection and its answer before it gives up.
    static let timeout = 30.0

    private init(url: DatabaseURL, client: PostgresClient, running: Task<Void, Never>) {
        self.url = url
        self.client = client
        self.running = running
        var logger = Logger(label: "kam.postgres")
        logger.logLevel = .critical
        self.logger = logger
    }

    /// Connects to `url` and brings the schema up to date. With `create` false, a database without
    /// kam's schema is refused (`notADatabaseWorkspace`); one written by a newer kam always is.
    public static func open(_ url: DatabaseURL, create: Bool) throws -> PostgresWorkspaceStore {
        let tls: PostgresClient.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        try probe(url)
        var configuration = PostgresClient.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                         database: url.database, tls: tls)
        configuration.options.maximumConnections = 16
        configuration.options.connectionIdleTimeout = .seconds(300)
        let client = PostgresClient(configuration: configuration)
        let store = PostgresWorkspaceStore(url: url, client: client, running: Blocking.start { await client.run() })
        do {
            try store.migrate(create: create)
        } catch {
            store.close()
            throw error
        }
        return store
    }

    /// One connection made and closed before the pool starts: the pool retries a refused or
    /// misaddressed connection until the call's timeout, while this says at once what is wrong.
    private static func probe(_ url: DatabaseURL) throws {
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch url.tls {
            case .disable: tls = .disable
            case .prefer: tls = .prefer(try NIOSSLContext(configuration: .makeClientConfiguration()))
            case .require: tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
            let configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                                 database: url.database, tls: tls)
            var logger = Logger(label: "kam.postgres")
            logger.logLevel = .critical
            try Blocking.run(timeout: 15) {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                try await connection.close()
            }
        } catch is Blocking.TimedOut {
            throw WorkspaceError.storage(action: "connect to", path: url.description, detail: "no answer within 15 s", diskFull: false)
        } catch {
            throw WorkspaceError.storage(action: "connect to", path: url.description, detail: describe(error), diskFull: false)
        }
    }

    /// Closes the pool (tests that reopen the database; a process that ends closes it anyway).
    public func close() { running.cancel() }

    deinit { running.cancel() }

    private func migrate(create: Bool) throws {
        try transaction(doing: "open") { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.lockKey))", logger: logger)
            let exists = try await connection.query("SELECT to_regclass('kam_schema') IS NOT NULL", logger: logger)
                .collect().first?.decode(Bool.self) ?? false
            if !exists && !create { throw PostgresStoreError.notAWorkspace(url.description) }
            try await connection.query(PostgresQuery(unsafeSQL: PostgresSchema.bookkeeping), logger: logger)
            let applied = try await connection.query("SELECT version, name FROM kam_schema ORDER BY version", logger: logger).collect()
                .map { try $0.decode((Int, String).self) }
            let known = PostgresSchema.migrations.map(\.version)
            if let newer = applied.first(where: { !known.contains($0.0) }) {
                throw WorkspaceError.newerSchema(path: url.description, schema: "\(newer.0): \(newer.1)")
            }
            for migration in PostgresSchema.migrations where !applied.contains(where: { $0.0 == migration.version }) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO kam_schema (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
            }
        }
    }

    // MARK: Transactions

    /// Runs `body` in one transaction on a pooled connection, waiting for it; rolled back when it throws.
    /// A failure of the database itself becomes a WorkspaceError that says so.
    /// With `attempts` above 1, a transaction that failed on a unique key (another process took it
    /// first) runs again, up to that many times in all.
    private func transaction<T>(doing action: String = "write to", attempts: Int = 1, _ body: (PostgresConnection) async throws -> T) throws -> T {
        try call(doing: action) {
            var attempt = 0
            while true {
                attempt += 1
                do {
                    return try await client.withConnection { connection in
                        try await connection.query("BEGIN", logger: logger)
                        do {
                            let value = try await body(connection)
                            try await connection.query("COMMIT", logger: logger)
                            return value
                        } catch {
                            _ = try? await connection.query("ROLLBACK", logger: logger)
                            throw error
                        }
                    }
                } catch where attempt < attempts && Self.sqlState(error) == "23505" {
                    continue
                }
            }
        }
    }

    /// One read on a pooled connection: a single statement is its own transaction.
    private func read<T>(_ body: (PostgresConnection) async throws -> T) throws -> T {
        try call(doing: "read") { try await client.withConnection { try await body($0) } }
    }

    private func call<T>(doing action: String, _ body: () async throws -> T) throws -> T {
        do {
            return try Blocking.run(timeout: Self.timeout, body)
        } catch is Blocking.TimedOut {
            throw WorkspaceError.storage(action: action, path: url.description, detail: "no answer within \(Int(Self.timeout)) s (is the server up?)", diskFull: false)
        } catch let error as PSQLError {
            throw WorkspaceError.storage(action: action, path: url.description, detail: Self.describe(error), diskFull: Self.sqlState(error) == "53100")
        } catch let error as PostgresDecodingError {
            throw PostgresStoreError.unreadable("\(error.columnName): \(error.code)")
        }
        // Anything else is the caller's own refusal (a WorkspaceError, a change that threw): as it was.
    }

    /// The SQLSTATE of a server error (23505: a unique key taken), if it is one.
    static func sqlState(_ error: any Error) -> String? { (error as? PSQLError)?.serverInfo?[.sqlState] }

    /// postgres-nio's errors in words: the server's own message, or what failed on the way to it.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] { return message }
        if let underlying = error.underlying { return "\(underlying)" }
        return "\(error.code)"
    }

    private func rows(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }

    // MARK: Requests

    private static let requestColumns = "id, week, account, skill, hours, priority, onsite, single_expert, requested_by, note, status, allocated, created_at, updated_at, filed_after_version"

    private static func request(_ row: PostgresRow) throws -> StoredRequest {
        let (id, week, account, skill, hours, priority, onsite, single, by, note, status, allocated, created, updated, after) =
            try row.decode((String, String, String, String, Double, String, Bool, Bool, String, String?, String, Double, String, String, Int?).self)
        guard let week = ISOWeek(week), let priority = Priority(rawValue: priority), let status = StoredRequest.Status(rawValue: status),
              let created = Timestamp.date(created), let updated = Timestamp.date(updated)
        else { throw PostgresStoreError.unreadable("request \(id) has an unreadable week, priority, status or time") }
        let request = ExpertRequest(id: id, account: account, skill: skill, hours: hours, priority: priority, onsite: onsite,
                                    singleExpert: single, requestedBy: by, note: note)
        return StoredRequest(request: request, week: week, status: status, allocated: allocated, createdAt: created, updatedAt: updated,
                             filedAfterVersion: after)
    }

    private func insert(_ stored: StoredRequest, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO request (\(unescaped: Self.requestColumns)) VALUES (\(stored.id), \(stored.week.description), \(stored.account),
            \(stored.skill), \(stored.hours), \(stored.priority.rawValue), \(stored.onsite), \(stored.singleExpert), \(stored.requester), \(stored.note),
            \(stored.status.rawValue), \(stored.allocated), \(Timestamp.text(stored.createdAt)), \(Timestamp.text(stored.updatedAt)), \(stored.filedAfterVersion))
            """, logger: logger)
    }

    private func insert(_ entry: AuditEntry, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO audit (at, actor, action, subject, detail)
            VALUES (\(Timestamp.text(entry.at)), \(entry.actor), \(entry.action), \(entry.subject), \(entry.detail))
            """, logger: logger)
    }

    public func fileRequest(_ request: ExpertRequest, week: ISOWeek, at: Date, idempotency: IdempotencyKey?,
                            detail: (StoredRequest) -> String) throws -> (request: StoredRequest, replayed: Bool) {
        // Two processes filing the same new idempotency key at once: one commits, the other's
        // insert of the key fails on its primary key and rolls back; filed again, it finds the key.
        try transaction(attempts: 3) { connection in
            if let idempotency, let seen = try await rows("SELECT body_hash, request_id FROM idempotency WHERE user_id = \(idempotency.user) AND key = \(idempotency.key)",
                                                          on: connection).first {
                let (bodyHash, requestId) = try seen.decode((String, String).self)
                guard bodyHash == idempotency.bodyHash else { throw WorkspaceError.idempotencyKeyReused(idempotency.key) }
                guard let row = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request WHERE id = \(requestId)", on: connection).first else {
                    throw PostgresStoreError.unreadable("idempotency key \(idempotency.key) names request \(requestId), which is missing")
                }
                return (try Self.request(row), true)
            }
            let number = try await rows("SELECT nextval('request_number')", on: connection).first!.decode(Int.self)
            let published = try await rows("SELECT MAX(version) FROM plan WHERE week = \(week.description)", on: connection).first?.decode(Int?.self)
            var asked = request
            asked.id = "R" + String(zeroPadded: number, width: 4)
            let stored = StoredRequest(request: asked, week: week, createdAt: at, updatedAt: at, filedAfterVersion: published)
            try await insert(stored, on: connection)
            try await insert(AuditEntry(at: at, actor: stored.requester, action: "add", subject: asked.id, detail: detail(stored)), on: connection)
            if let idempotency {
                try await connection.query("""
                    INSERT INTO idempotency (user_id, key, body_hash, request_id) VALUES (\(idempotency.user), \(idempotency.key), \(idempotency.bodyHash), \(asked.id))
                    """, logger: logger)
            }
            return (stored, false)
        }
    }

    public func requests(week: ISOWeek?, account: String?, status: StoredRequest.Status?) throws -> [StoredRequest] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        for (column, value) in [("week", week?.description), ("account", account), ("status", status?.rawValue)] {
            guard let value else { continue }
            binds.append(value)
            conditions.append("\(column) = $\(binds.count)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let query = PostgresQuery(unsafeSQL: "SELECT \(Self.requestColumns) FROM request\(filter) ORDER BY id", binds: binds)
        return try read { connection in try await rows(query, on: connection).map(Self.request) }
    }

    public func request(_ id: String) throws -> (request: StoredRequest, audit: [AuditEntry])? {
        try transaction(doing: "read") { connection in
            guard let row = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request WHERE id = \(id)", on: connection).first else { return nil }
            let audit = try await rows("SELECT at, actor, action, subject, detail FROM audit WHERE subject = \(id) ORDER BY id", on: connection).map(Self.audit)
            return (try Self.request(row), audit)
        }
    }

    private static func audit(_ row: PostgresRow) throws -> AuditEntry {
        let (at, actor, action, subject, detail) = try row.decode((String, String, String, String, String).self)
        return AuditEntry(at: Timestamp.date(at) ?? Date(timeIntervalSince1970: 0), actor: actor, action: action, subject: subject, detail: detail)
    }

    public func updateRequest(_ id: String, actor: String, action: String, at: Date,
                              _ change: (inout StoredRequest) throws -> String) throws -> StoredRequest? {
        try transaction { connection in
            guard let row = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request WHERE id = \(id) FOR UPDATE", on: connection).first else { return nil }
            var request = try Self.request(row)
            let detail = try change(&request)
            request.updatedAt = at
            try await connection.query("""
                UPDATE request SET week = \(request.week.description), account = \(request.account), skill = \(request.skill), hours = \(request.hours),
                priority = \(request.priority.rawValue), onsite = \(request.onsite), single_expert = \(request.singleExpert), requested_by = \(request.requester),
                note = \(request.note), status = \(request.status.rawValue), allocated = \(request.allocated), updated_at = \(Timestamp.text(request.updatedAt)),
                filed_after_version = \(request.filedAfterVersion) WHERE id = \(id)
                """, logger: logger)
            try await insert(AuditEntry(at: at, actor: actor, action: action, subject: id, detail: detail), on: connection)
            return request
        }
    }

    // MARK: Published plans

    private static let planColumns = "id, week, version, published_at, published_by, superseded, objective, plan_json"

    private static func plan(_ row: PostgresRow) throws -> (id: Int, plan: PublishedPlan) {
        let (id, week, version, at, by, superseded, objective, json) = try row.decode((Int, String, Int, String, String, Bool, Double, String).self)
        guard let week = ISOWeek(week), let at = Timestamp.date(at) else { throw PostgresStoreError.unreadable("plan \(id) has an unreadable week or time") }
        return (id, PublishedPlan(week: week, version: version, publishedAt: at, publishedBy: by, superseded: superseded, objective: objective, planJSON: json))
    }

    /// Inserts a plan version with its hours and calendars; returns its row id.
    private func insert(_ plan: PublishedPlan, hours: [HistoryEntry], calendars: [(manager: String, events: String)],
                        on connection: PostgresConnection) async throws -> Int {
        let id = try await rows("""
            INSERT INTO plan (week, version, published_at, published_by, superseded, objective, plan_json)
            VALUES (\(plan.week.description), \(plan.version), \(Timestamp.text(plan.publishedAt)), \(plan.publishedBy), \(plan.superseded),
            \(plan.objective), \(plan.planJSON)) RETURNING id
            """, on: connection).first!.decode(Int.self)
        // The hours in one statement of arrays (an L plan has ~20,000 rows): one round trip.
        try await connection.query("""
            INSERT INTO plan_hours (plan_id, expert, account, hours, position)
            SELECT \(id), expert, account, hours, position - 1
            FROM unnest(\(hours.map(\.expert))::text[], \(hours.map(\.account))::text[], \(hours.map(\.hours))::float8[]) WITH ORDINALITY AS h(expert, account, hours, position)
            """, logger: logger)
        try await connection.query("""
            INSERT INTO plan_calendar (plan_id, manager, events)
            SELECT \(id), manager, events FROM unnest(\(calendars.map(\.manager))::text[], \(calendars.map(\.events))::text[]) AS c(manager, events)
            """, logger: logger)
        return id
    }

    public func publish(_ publication: Publication, force: Bool) throws -> PublishedPlan {
        let week = publication.week.description
        return try transaction { connection in
            // One publisher at a time across every process: versions are read, then written.
            try await connection.query("LOCK TABLE plan IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let existing = try await rows("SELECT \(unescaped: Self.planColumns) FROM plan WHERE week = \(week) ORDER BY version DESC LIMIT 1", on: connection)
                .first.map(Self.plan)?.plan
            if let existing, !force {
                throw WorkspaceError.alreadyPublished(week: week, version: existing.version, at: Timestamp.text(existing.publishedAt))
            }
            try await connection.query("UPDATE plan SET superseded = true WHERE week = \(week)", logger: logger)
            let plan = PublishedPlan(week: publication.week, version: (existing?.version ?? 0) + 1, publishedAt: publication.at,
                                     publishedBy: publication.by, superseded: false, objective: publication.objective, planJSON: publication.planJSON)
            _ = try await insert(plan, hours: publication.hours, calendars: publication.calendars, on: connection)
            let outcomes = publication.outcomes
            try await connection.query("""
                UPDATE request SET allocated = o.allocated, status = o.status, updated_at = \(Timestamp.text(publication.at))
                FROM unnest(\(outcomes.map(\.id))::text[], \(outcomes.map(\.allocated))::float8[], \(outcomes.map(\.status.rawValue))::text[]) AS o(id, allocated, status)
                WHERE request.id = o.id
                """, logger: logger)
            try await insert(AuditEntry(at: publication.at, actor: publication.by, action: "publish", subject: week, detail: publication.detail(plan.version)),
                             on: connection)
            return plan
        }
    }

    public func publishedPlans(week: ISOWeek) throws -> [PublishedPlan] {
        try read { connection in
            try await rows("SELECT \(unescaped: Self.planColumns) FROM plan WHERE week = \(week.description) ORDER BY version", on: connection).map { try Self.plan($0).plan }
        }
    }

    public func latestPublishedVersions() throws -> [ISOWeek: Int] {
        try read { connection in
            var latest: [ISOWeek: Int] = [:]
            for row in try await rows("SELECT week, MAX(version) FROM plan GROUP BY week", on: connection) {
                let (week, version) = try row.decode((String, Int).self)
                if let week = ISOWeek(week) { latest[week] = version }
            }
            return latest
        }
    }

    public func calendarEvents(manager: String) throws -> [String] {
        try read { connection in
            try await rows("""
                SELECT plan_calendar.events FROM plan_calendar JOIN plan ON plan.id = plan_calendar.plan_id
                WHERE NOT plan.superseded AND plan_calendar.manager = \(manager) ORDER BY plan.week
                """, on: connection).map { try $0.decode(String.self) }
        }
    }

    public func history(before week: ISOWeek) throws -> [HistoryEntry] {
        try read { connection in
            try await rows("""
                SELECT expert, account, hours FROM plan_hours WHERE plan_id = (
                    SELECT id FROM plan WHERE week < \(week.description) AND NOT superseded ORDER BY week DESC, version DESC LIMIT 1)
                ORDER BY position
                """, on: connection).map {
                let (expert, account, hours) = try $0.decode((String, String, Double).self)
                return HistoryEntry(expert: expert, account: account, hours: hours)
            }
        }
    }

    public func setReviewed(week: ISOWeek, fingerprint: String, at: Date) throws {
        try transaction { connection in
            try await connection.query("""
                INSERT INTO reviewed (week, fingerprint, at) VALUES (\(week.description), \(fingerprint), \(Timestamp.text(at)))
                ON CONFLICT (week) DO UPDATE SET fingerprint = excluded.fingerprint, at = excluded.at
                """, logger: logger)
        }
    }

    public func reviewedFingerprint(week: ISOWeek) throws -> String? {
        try read { connection in try await rows("SELECT fingerprint FROM reviewed WHERE week = \(week.description)", on: connection).first?.decode(String.self) }
    }

    // MARK: Users and sessions

    private static let userColumns = "id, role, manager, token_hash, password_hash, feed_token, created_at, revoked_at"

    private static func user(_ row: PostgresRow) throws -> User {
        let (id, role, manager, token, password, feed, created, revoked) = try row.decode((String, String, String?, String, String?, String, String, String?).self)
        guard let role = User.Role(rawValue: role), let created = Timestamp.date(created) else {
            throw PostgresStoreError.unreadable("user \(id) has an unreadable role or time")
        }
        return User(id: id, role: role, manager: manager, tokenHash: token, passwordHash: password, feedToken: feed, createdAt: created,
                    revokedAt: revoked.flatMap(Timestamp.date))
    }

    private func insert(_ user: User, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO users (\(unescaped: Self.userColumns)) VALUES (\(user.id), \(user.role.rawValue), \(user.manager), \(user.tokenHash),
            \(user.passwordHash), \(user.feedToken), \(Timestamp.text(user.createdAt)), \(user.revokedAt.map(Timestamp.text)))
            """, logger: logger)
    }

    public func addUser(_ user: User, actor: String, at: Date) throws {
        do {
            try transaction { connection in
                try await insert(user, on: connection)
                try await insert(AuditEntry(at: at, actor: actor, action: "user add", subject: user.id, detail: User.auditDetail(user)), on: connection)
            }
        } catch let error as WorkspaceError {
            // The id is the primary key: taken means there is such a user (perhaps added by another process just now).
            if case .storage = error, try self.user(user.id) != nil { throw WorkspaceError.userExists(user.id) }
            throw error
        }
    }

    public func users() throws -> [User] {
        try read { connection in try await rows("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY id", on: connection).map(Self.user) }
    }

    public func user(_ id: String) throws -> User? {
        try read { connection in try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)", on: connection).first.map(Self.user) }
    }

    public func user(tokenHash: String) throws -> User? {
        try read { connection in
            try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE token_hash = \(tokenHash)", on: connection).first.map(Self.user)
        }
    }

    public func user(feedToken: String) throws -> User? {
        try read { connection in
            try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE feed_token = \(feedToken)", on: connection).first.map(Self.user)
        }
    }

    public func updateUser(_ id: String, actor: String, action: String, at: Date, _ change: (inout User) throws -> String) throws -> User? {
        try transaction { connection in
            guard let row = try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id) FOR UPDATE", on: connection).first else { return nil }
            var user = try Self.user(row)
            let detail = try change(&user)
            try await connection.query("""
                UPDATE users SET role = \(user.role.rawValue), manager = \(user.manager), token_hash = \(user.tokenHash), password_hash = \(user.passwordHash),
                feed_token = \(user.feedToken), revoked_at = \(user.revokedAt.map(Timestamp.text)) WHERE id = \(id)
                """, logger: logger)
            if !user.isActive { try await connection.query("DELETE FROM session WHERE user_id = \(id)", logger: logger) }
            try await insert(AuditEntry(at: at, actor: actor, action: action, subject: id, detail: detail), on: connection)
            return user
        }
    }

    public func createSession(_ session: WebSession) throws {
        try transaction { connection in
            try await connection.query("DELETE FROM session WHERE expires_at < \(Timestamp.text(session.createdAt))", logger: logger)
            try await connection.query("""
                INSERT INTO session (id_hash, user_id, csrf_token, created_at, expires_at)
                VALUES (\(session.idHash), \(session.user), \(session.csrfToken), \(Timestamp.text(session.createdAt)), \(Timestamp.text(session.expiresAt)))
                """, logger: logger)
        }
    }

    public func session(idHash: String, now: Date) throws -> WebSession? {
        try read { connection in
            guard let row = try await rows("SELECT id_hash, user_id, csrf_token, created_at, expires_at FROM session WHERE id_hash = \(idHash)", on: connection).first
            else { return nil }
            let (hash, user, csrf, created, expires) = try row.decode((String, String, String, String, String).self)
            guard let created = Timestamp.date(created), let expires = Timestamp.date(expires), expires > now else { return nil }
            return WebSession(idHash: hash, user: user, csrfToken: csrf, createdAt: created, expiresAt: expires)
        }
    }

    public func deleteSession(idHash: String) throws {
        try transaction { connection in try await connection.query("DELETE FROM session WHERE id_hash = \(idHash)", logger: logger) }
    }

    // MARK: Moving a workspace

    public func snapshot() throws -> WorkspaceSnapshot {
        try transaction(doing: "read") { connection in
            // One consistent view of every table while other processes keep writing.
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            var snapshot = WorkspaceSnapshot()
            snapshot.requests = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request ORDER BY id", on: connection).map(Self.request)
            snapshot.audit = try await rows("SELECT at, actor, action, subject, detail FROM audit ORDER BY id", on: connection).map(Self.audit)
            for row in try await rows("SELECT \(unescaped: Self.planColumns) FROM plan ORDER BY week, version", on: connection) {
                let (id, plan) = try Self.plan(row)
                let hours = try await rows("SELECT expert, account, hours FROM plan_hours WHERE plan_id = \(id) ORDER BY position", on: connection).map {
                    let (expert, account, hours) = try $0.decode((String, String, Double).self)
                    return HistoryEntry(expert: expert, account: account, hours: hours)
                }
                let calendars = try await rows("SELECT manager, events FROM plan_calendar WHERE plan_id = \(id) ORDER BY manager", on: connection).map {
                    let (manager, events) = try $0.decode((String, String).self)
                    return WorkspaceSnapshot.Calendar(manager: manager, events: events)
                }
                snapshot.plans.append(.init(plan: plan, hours: hours, calendars: calendars))
            }
            for row in try await rows("SELECT week, fingerprint, at FROM reviewed ORDER BY week", on: connection) {
                let (week, fingerprint, at) = try row.decode((String, String, String).self)
                guard let week = ISOWeek(week), let at = Timestamp.date(at) else { throw PostgresStoreError.unreadable("reviewed week \(week) is unreadable") }
                snapshot.reviewed.append(.init(week: week, fingerprint: fingerprint, at: at))
            }
            snapshot.users = try await rows("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY id", on: connection).map(Self.user)
            snapshot.idempotency = try await rows("SELECT user_id, key, body_hash, request_id FROM idempotency ORDER BY user_id, key", on: connection).map {
                let (user, key, bodyHash, request) = try $0.decode((String, String, String, String).self)
                return (IdempotencyKey(user: user, key: key, bodyHash: bodyHash), request)
            }
            let (last, called) = try await rows("SELECT last_value, is_called FROM request_number", on: connection).first!.decode((Int, Bool).self)
            snapshot.lastRequestNumber = called ? last : 0
            return snapshot
        }
    }

    public func restore(_ snapshot: WorkspaceSnapshot) throws {
        try transaction { connection in
            try await connection.query("LOCK TABLE request, audit, plan, users IN EXCLUSIVE MODE", logger: logger)
            let held = try await rows("SELECT (SELECT COUNT(*) FROM request) + (SELECT COUNT(*) FROM audit) + (SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM users)",
                                      on: connection).first!.decode(Int.self)
            guard held == 0 else { throw WorkspaceError.storeNotEmpty(store: url.description) }
            for request in snapshot.requests { try await insert(request, on: connection) }
            for entry in snapshot.audit { try await insert(entry, on: connection) }
            for plan in snapshot.plans {
                _ = try await insert(plan.plan, hours: plan.hours, calendars: plan.calendars.map { ($0.manager, $0.events) }, on: connection)
            }
            for reviewed in snapshot.reviewed {
                try await connection.query("INSERT INTO reviewed (week, fingerprint, at) VALUES (\(reviewed.week.description), \(reviewed.fingerprint), \(Timestamp.text(reviewed.at)))",
                                           logger: logger)
            }
            for user in snapshot.users { try await insert(user, on: connection) }
            for (key, request) in snapshot.idempotency {
                try await connection.query("INSERT INTO idempotency (user_id, key, body_hash, request_id) VALUES (\(key.user), \(key.key), \(key.bodyHash), \(request))",
                                           logger: logger)
            }
            // The next request gets lastRequestNumber + 1 (setval(…, n, false) for a fresh sequence).
            if snapshot.lastRequestNumber > 0 {
                try await connection.query("SELECT setval('request_number', \(snapshot.lastRequestNumber))", logger: logger)
            }
        }
    }
}

/// What only the PostgreSQL store can run into.
public enum PostgresStoreError: CategorizedError {
    /// The database has no kam schema: `kam init --database` or `kam workspace migrate` make one.
    case notAWorkspace(String)
    /// A row another writer left in a shape kam cannot read.
    case unreadable(String)

    public var category: ErrorCategory {
        switch self {
        case .notAWorkspace: .notFound
        case .unreadable: .unavailable
        }
    }

    public var description: String {
        switch self {
        case .notAWorkspace(let url):
            "\(url) holds no kam workspace (no kam_schema table); create one with kam init DIR --database URL, or copy one in with kam workspace migrate"
        case .unreadable(let message):
            "the database holds a row kam cannot read: \(message)"
        }
    }
}
