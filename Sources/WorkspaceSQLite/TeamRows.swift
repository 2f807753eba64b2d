import Foundation
import GRDB
import Workspace

// The users, web sessions and idempotency keys of the team server (schema v5).

struct UserRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "user"
    var id: String
    var role: String
    var manager: String?
    var tokenHash: String
    var passwordHash: String?
    var feedTokenHash: String
    var createdAt: String
    var revokedAt: String?

    init(_ user: User) {
        (id, role, manager, tokenHash, passwordHash) = (user.id, user.role.rawValue, user.manager, user.tokenHash, user.passwordHash)
        (feedTokenHash, createdAt, revokedAt) = (user.feedTokenHash, Timestamp.text(user.createdAt), user.revokedAt.map(Timestamp.text))
    }

    func value() throws -> User {
        guard let role = User.Role(rawValue: role), let created = Timestamp.date(createdAt) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "user \(id) has an unreadable role or time")
        }
        return User(id: id, role: role, manager: manager, tokenHash: tokenHash, passwordHash: passwordHash, feedTokenHash: feedTokenHash,
                    createdAt: created, revokedAt: revokedAt.flatMap(Timestamp.date))
    }
}

struct SessionRow: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "session"
    var idHash: String
    var user: String
    var csrfToken: String
    var createdAt: String
    var expiresAt: String

    init(_ session: WebSession) {
        (idHash, user, csrfToken) = (session.idHash, session.user, session.csrfToken)
        (createdAt, expiresAt) = (Timestamp.text(session.createdAt), Timestamp.text(session.expiresAt))
    }

    func value() -> WebSession? {
        guard let created = Timestamp.date(createdAt), let expires = Timestamp.date(expiresAt) else { return nil }
        return WebSession(idHash: idHash, user: user, csrfToken: csrfToken, createdAt: created, expiresAt: expires)
    }
}
