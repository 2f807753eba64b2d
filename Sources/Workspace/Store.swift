import Foundation
import GRDB
import Scenarios

/// A request for expert hours as stored, with its state.
public struct StoredRequest: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "request"

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        /// Not in a published plan yet.
        case open
        /// Fully met in the published plan.
        case allocated
        /// Partly met.
        case partial
        /// Not met at all.
        case unmet
        case cancelled
    }

    public var id: String
    public var week: String
    public var account: String
    public var skill: String
    public var hours: Double
    public var priority: String
    public var onsite: Bool
    public var singleExpert: Bool
    public var requestedBy: String
    public var note: String?
    public var status: Status
    /// Hours allocated in the published plan.
    public var allocated: Double
    public var createdAt: String
    public var updatedAt: String
    /// The week's latest published version when the request was filed (nil: filed before any).
    /// Such a request is not in that plan: it is planned when the week is published again.
    public var filedAfterVersion: Int?

    /// The request as a scenario request.
    public var scenarioRequest: ExpertRequest {
        ExpertRequest(id: id, account: account, skill: skill, hours: hours, priority: Priority(rawValue: priority) ?? .normal,
                      onsite: onsite, singleExpert: singleExpert, requestedBy: requestedBy, note: note)
    }
}

extension StoredRequest.Status: DatabaseValueConvertible {}

extension StoredRequest {
    /// True for a request filed after its week's latest published version (`latest`: week -> version):
    /// it is not in the published plan yet.
    public func arrivedAfterPublication(_ latest: [String: Int]) -> Bool {
        guard status == .open, let filed = filedAfterVersion, let version = latest[week] else { return false }
        return filed >= version
    }
}

/// One line of the audit trail: who did what, when.
public struct AuditEntry: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "audit"
    public var id: Int64?
    public var at: String
    public var actor: String
    public var action: String
    public var subject: String
    public var detail: String
}

/// A published plan version.
public struct PublishedPlan: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "plan"
    public var id: Int64?
    public var week: String
    public var version: Int
    public var publishedAt: String
    public var publishedBy: String
    /// True once a newer version of the same week was published (kept, never deleted).
    public var superseded: Bool
    public var objective: Double
    public var planJSON: String
}

/// An expert's hours on an account in a published plan (next week's history).
public struct PublishedHours: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "planHours"
    public var planId: Int64
    public var expert: String
    public var account: String
    public var hours: Double
}

/// The SQLite store of a workspace: WAL mode, a busy timeout so concurrent `kam` processes
/// wait for each other instead of failing, and schema changes as GRDB migrations.
enum Store {
    /// Migrations in order; a database that has applied one not listed here was written by a
    /// newer kam and is refused.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: requests and audit") { db in
            try db.create(table: "request") { t in
                t.primaryKey("id", .text)
                t.column("week", .text).notNull().indexed()
                t.column("account", .text).notNull()
                t.column("skill", .text).notNull()
                t.column("hours", .double).notNull()
                t.column("priority", .text).notNull()
                t.column("onsite", .boolean).notNull()
                t.column("singleExpert", .boolean).notNull()
                t.column("requestedBy", .text).notNull()
                t.column("note", .text)
                t.column("status", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("updatedAt", .text).notNull()
            }
            try db.create(table: "audit") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .text).notNull()
                t.column("actor", .text).notNull()
                t.column("action", .text).notNull()
                t.column("subject", .text).notNull()
                t.column("detail", .text).notNull()
            }
            try db.create(table: "counter") { t in
                t.primaryKey("name", .text)
                t.column("value", .integer).notNull()
            }
        }
        migrator.registerMigration("v2: published plans") { db in
            try db.alter(table: "request") { t in t.add(column: "allocated", .double).notNull().defaults(to: 0) }
            try db.create(table: "plan") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("week", .text).notNull()
                t.column("version", .integer).notNull()
                t.column("publishedAt", .text).notNull()
                t.column("publishedBy", .text).notNull()
                t.column("superseded", .boolean).notNull()
                t.column("objective", .double).notNull()
                t.column("planJSON", .text).notNull()
                t.uniqueKey(["week", "version"])
            }
            try db.create(table: "planHours") { t in
                t.column("planId", .integer).notNull().references("plan", onDelete: .cascade).indexed()
                t.column("expert", .text).notNull()
                t.column("account", .text).notNull()
                t.column("hours", .double).notNull()
            }
        }
        migrator.registerMigration("v3: requests filed after publication") { db in
            try db.alter(table: "request") { t in t.add(column: "filedAfterVersion", .integer) }
        }
        return migrator
    }

    /// "cannot write to ws/kam.sqlite: the disk holding ws is full (SQLite error 13 ...)": a database
    /// failure in words, naming a full disk when that is the cause; nothing was changed.
    static func explain(_ error: Error, doing action: String, _ path: String) -> WorkspaceError {
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let free = (try? FileManager.default.attributesOfFileSystem(forPath: directory))?[.systemFreeSize] as? Int
        let code = (error as? DatabaseError)?.resultCode
        return .storage(action: action, path: path, detail: "\(error)", diskFull: code == .SQLITE_FULL || (free ?? Int.max) < 256 * 1024)
    }

    static func open(_ path: String, create: Bool) throws -> DatabasePool {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw WorkspaceError.notAWorkspace(directory: (path as NSString).deletingLastPathComponent)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw explain(error, doing: "open", path)
        }
        let migrator = Self.migrator
        let known = Set(migrator.migrations)
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        if let unknown = applied.subtracting(known).sorted().first {
            throw WorkspaceError.newerSchema(path: path, schema: unknown)
        }
        do {
            try migrator.migrate(pool)
        } catch {
            throw explain(error, doing: "upgrade the schema of", path)
        }
        return pool
    }
}
