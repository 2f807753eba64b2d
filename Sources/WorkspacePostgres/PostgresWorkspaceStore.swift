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
    let client: PostgresClient
    /// The pool's run loop: cancelled, it closes every connection.
    private let running: Task<Void, Never>
    let logger: Logger
    /// The longest a call waits for a connection and its answer before it gives up.
    static let timeout = 30.0

    /// postgres-nio logs nothing but the critical: kam reports failures itself, in its own words.
    static let quietLogger: Logger = {
        var logger = Logger(label: "kam.postgres")
        logger.logLevel = .critical
        return logger
    }()

    private init(url: DatabaseURL, client: PostgresClient, running: Task<Void, Never>) {
        self.url = url
        self.client = client
        self.running = running
        self.logger = Self.quietLogger
    }

    /// The TLS settings of the URL's sslmode (nil: plain TCP).
    private static func tlsConfiguration(_ url: DatabaseURL) -> TLSConfiguration? {
        url.tls == .disable ? nil : .makeClientConfiguration()
    }

    /// Connects to `url` and brings the schema up to date. With `create` false, a database without
    /// kam's schema is refused (`PostgresStoreError.notAWorkspace`); one written by a newer kam always is.
    public static func open(_ url: DatabaseURL, create: Bool) throws -> PostgresWorkspaceStore {
        try probe(url)
        let tls: PostgresClient.Configuration.TLS = switch (url.tls, tlsConfiguration(url)) {
        case (.require, let settings?): .require(settings)
        case (_, let settings?): .prefer(settings)
        case (_, nil): .disable
        }
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
        do {
            let tls: PostgresConnection.Configuration.TLS = switch (url.tls, try tlsConfiguration(url).map(NIOSSLContext.init)) {
            case (.require, let context?): .require(context)
            case (_, let context?): .prefer(context)
            case (_, nil): .disable
            }
            let configuration = PostgresConnection.Configuration(host: url.host, port: url.port, username: url.user, password: url.password,
                                                                 database: url.database, tls: tls)
            try Blocking.run(timeout: 15) {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: quietLogger)
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
    func transaction<T>(doing action: String = "write to", attempts: Int = 1, _ body: (PostgresConnection) async throws -> T) throws -> T {
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
    func read<T>(_ body: (PostgresConnection) async throws -> T) throws -> T {
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

    func rows(_ query: PostgresQuery, on connection: PostgresConnection) async throws -> [PostgresRow] {
        try await connection.query(query, logger: logger).collect()
    }
}
