import Foundation
import GRDB
import TestSupport
import Testing
@testable import Workspace
@testable import WorkspaceSQLite
import WorkspacePostgres

/// Workspaces made before feed tokens were hashed kept them in plain text: opening one with this
/// kam replaces each by its SHA-256, and the address the manager already has keeps working.
@Suite("Calendar feed tokens are hashed in stores made before")
struct FeedTokenMigrationTests {
    static let token = "V_4niYTH1HV0ztfvnLxoH_f86qKLAuExCUEleR5_GxI"

    @Test("SQLite: a schema-v9 database with a plain feed token opens with it hashed; the old address still finds its user")
    func sqlite() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kam-feed-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v9: calls in the visit log")
        try old.write { db in
            try db.execute(sql: "INSERT INTO user (id, role, manager, tokenHash, feedToken, createdAt) VALUES ('zed', 'manager', 'm-zed', 'x', ?, '2026-11-23T00:00:00Z')",
                           arguments: [Self.token])
        }
        try old.close()
        let store = try SQLiteWorkspaceStore.open(path, create: false)
        #expect(try store.user(feedTokenHash: Credentials.hash(Self.token))?.id == "zed")
        #expect(try store.user(feedTokenHash: Self.token) == nil)
        let kept = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "SELECT feedTokenHash FROM user") }
        #expect(kept == Credentials.hash(Self.token))
    }

    @Test("PostgreSQL: a schema-5 database with a plain feed token opens with it hashed (sha256 in SQL = Credentials.hash)",
          .enabled(if: PostgresTestServer.enabled, "no PostgreSQL here"))
    func postgres() throws {
        let url = try PostgresTestServer.newDatabase()
        let database = try DatabaseURL(url)
        try PostgresWorkspaceStore.open(database, create: true).close()
        // Back to schema 5, as a kam of before wrote it.
        try PostgresTestServer.psql(url, """
            DELETE FROM kam_schema WHERE version = 6;
            ALTER TABLE users RENAME COLUMN feed_token_hash TO feed_token;
            INSERT INTO users (id, role, manager, token_hash, feed_token, created_at) VALUES ('zed', 'manager', 'm-zed', 'x', '\(Self.token)', '2026-11-23T00:00:00Z')
            """)
        let store = try PostgresWorkspaceStore.open(database, create: false)
        defer { store.close() }
        #expect(try store.user(feedTokenHash: Credentials.hash(Self.token))?.id == "zed")
        #expect(try store.user(feedTokenHash: Self.token) == nil)
    }
}
