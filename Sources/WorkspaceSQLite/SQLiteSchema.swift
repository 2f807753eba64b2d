import GRDB
import Workspace

/// The schema of kam.sqlite, as GRDB migrations in order.
enum SQLiteSchema {
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
        migrator.registerMigration("v4: reviewed plans") { db in
            try db.create(table: "reviewed") { t in
                t.primaryKey("week", .text)
                t.column("fingerprint", .text).notNull()
                t.column("at", .text).notNull()
            }
        }
        migrator.registerMigration("v5: users, web sessions, idempotency keys") { db in
            try db.create(table: "user") { t in
                t.primaryKey("id", .text)
                t.column("role", .text).notNull()
                t.column("manager", .text)
                t.column("tokenHash", .text).notNull().unique()
                t.column("passwordHash", .text)
                t.column("feedToken", .text).notNull().unique()
                t.column("createdAt", .text).notNull()
                t.column("revokedAt", .text)
            }
            try db.create(table: "session") { t in
                t.primaryKey("idHash", .text)
                t.column("user", .text).notNull().indexed()
                t.column("csrfToken", .text).notNull()
                t.column("createdAt", .text).notNull()
                t.column("expiresAt", .text).notNull()
            }
            try db.create(table: "idempotency") { t in
                t.column("user", .text).notNull()
                t.column("key", .text).notNull()
                t.column("bodyHash", .text).notNull()
                t.column("requestId", .text).notNull()
                t.primaryKey(["user", "key"])
            }
            try db.create(table: "planCalendar") { t in
                t.column("planId", .integer).notNull().references("plan", onDelete: .cascade).indexed()
                t.column("manager", .text).notNull()
                t.column("events", .text).notNull()
            }
        }
        migrator.registerMigration("v6: request approvals") { db in
            try db.alter(table: "request") { t in t.add(column: "rejectionReason", .text) }
        }
        migrator.registerMigration("v7: planner controls") { db in
            try db.create(table: "control") { t in
                t.column("week", .text).notNull()
                t.column("key", .text).notNull()
                t.column("kind", .text).notNull()
                t.column("expert", .text).notNull()
                t.column("targetKind", .text).notNull()
                t.column("target", .text).notNull()
                t.column("hours", .double)
                t.column("mode", .text)
                t.column("setBy", .text).notNull()
                t.column("setAt", .text).notNull()
                t.primaryKey(["week", "key"])
            }
        }
        migrator.registerMigration("v8: visit log") { db in
            try db.create(table: "visitLog") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("account", .text).notNull().indexed()
                t.column("date", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("note", .text)
                t.column("loggedBy", .text).notNull()
                t.column("at", .text).notNull()
            }
        }
        migrator.registerMigration("v9: calls in the visit log") { db in
            try db.alter(table: "visitLog") { t in t.add(column: "channel", .text).notNull().defaults(to: "visit") }
        }
        migrator.registerMigration("v10: calendar feed tokens hashed") { db in
            try db.alter(table: "user") { t in t.rename(column: "feedToken", to: "feedTokenHash") }
            for row in try Row.fetchAll(db, sql: "SELECT id, feedTokenHash FROM user") {
                let id: String = row["id"], token: String = row["feedTokenHash"]
                try db.execute(sql: "UPDATE user SET feedTokenHash = ? WHERE id = ?", arguments: [Credentials.hash(token), id])
            }
        }
        return migrator
    }
}
