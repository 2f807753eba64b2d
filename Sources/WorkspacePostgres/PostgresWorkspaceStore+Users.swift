import Foundation
import PostgresNIO
import Scenarios
import Workspace

extension PostgresWorkspaceStore {
    // MARK: Users and sessions

    static let userColumns = "id, role, manager, token_hash, password_hash, feed_token_hash, created_at, revoked_at"

    static func user(_ row: PostgresRow) throws -> User {
        let (id, role, manager, token, password, feed, created, revoked) = try row.decode((String, String, String?, String, String?, String, String, String?).self)
        guard let role = User.Role(rawValue: role), let created = Timestamp.date(created) else {
            throw PostgresStoreError.unreadable("user \(id) has an unreadable role or time")
        }
        return User(id: id, role: role, manager: manager, tokenHash: token, passwordHash: password, feedTokenHash: feed, createdAt: created,
                    revokedAt: revoked.flatMap(Timestamp.date))
    }

    /// Inserts `user` unless the id is taken; true when it was inserted.
    @discardableResult
    func insert(_ user: User, on connection: PostgresConnection) async throws -> Bool {
        try await !rows("""
            INSERT INTO users (\(unescaped: Self.userColumns)) VALUES (\(user.id), \(user.role.rawValue), \(user.manager), \(user.tokenHash),
            \(user.passwordHash), \(user.feedTokenHash), \(Timestamp.text(user.createdAt)), \(user.revokedAt.map(Timestamp.text)))
            ON CONFLICT (id) DO NOTHING RETURNING id
            """, on: connection).isEmpty
    }

    public func addUser(_ user: User, actor: String, at: Date) throws {
        try transaction { connection in
            // Taken, perhaps by another process just now: the primary key decides.
            guard try await insert(user, on: connection) else { throw WorkspaceError.userExists(user.id) }
            try await insert(AuditEntry(at: at, actor: actor, action: "user add", subject: user.id, detail: User.auditDetail(user)), on: connection)
        }
    }

    public func users() throws -> [User] {
        try read { connection in try await rows("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY id COLLATE \"C\"", on: connection).map(Self.user) }
    }

    public func user(_ id: String) throws -> User? {
        try read { connection in try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id)", on: connection).first.map(Self.user) }
    }

    public func user(tokenHash: String) throws -> User? {
        try read { connection in
            try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE token_hash = \(tokenHash)", on: connection).first.map(Self.user)
        }
    }

    public func user(feedTokenHash: String) throws -> User? {
        try read { connection in
            try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE feed_token_hash = \(feedTokenHash)", on: connection).first.map(Self.user)
        }
    }

    public func updateUser(_ id: String, actor: String, action: String, at: Date, _ change: (inout User) throws -> String) throws -> User? {
        try transaction { connection in
            guard let row = try await rows("SELECT \(unescaped: Self.userColumns) FROM users WHERE id = \(id) FOR UPDATE", on: connection).first else { return nil }
            var user = try Self.user(row)
            let detail = try change(&user)
            try await connection.query("""
                UPDATE users SET role = \(user.role.rawValue), manager = \(user.manager), token_hash = \(user.tokenHash), password_hash = \(user.passwordHash),
                feed_token_hash = \(user.feedTokenHash), revoked_at = \(user.revokedAt.map(Timestamp.text)) WHERE id = \(id)
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
        _ = try transaction { connection in try await connection.query("DELETE FROM session WHERE id_hash = \(idHash)", logger: logger) }
    }

    public func deleteSessions(user: String) throws {
        _ = try transaction { connection in try await connection.query("DELETE FROM session WHERE user_id = \(user)", logger: logger) }
    }
}
