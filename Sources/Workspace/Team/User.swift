import Foundation

/// Someone who signs in to the team server: a planner, a manager (acting as exactly one manager of
/// workspace.yaml) or a viewer. Secrets are kept only as hashes: the API token as SHA-256, the
/// web password with bcrypt.
public struct User: Sendable, Hashable {
    public enum Role: String, Sendable, Hashable, CaseIterable, Codable {
        /// Plans and publishes weeks, sees every account and request.
        case planner
        /// Files and cancels requests for the accounts of one manager; sees the published plan.
        case manager
        /// Reads what a planner reads; changes nothing.
        case viewer
    }

    public var id: String
    public var role: Role
    /// The manager of workspace.yaml this user acts as (managers only).
    public var manager: String?
    /// SHA-256 of the API token, in hex.
    public var tokenHash: String
    /// The bcrypt hash of the web password; nil until `kam user password` sets one.
    public var passwordHash: String?
    /// SHA-256 of the secret in the calendar feed's address (read-only: the user's published
    /// visits), in hex; the address itself is shown once, when it is made.
    public var feedTokenHash: String
    public var createdAt: Date
    /// When the user was revoked: no token, password or session of theirs works any more.
    public var revokedAt: Date?

    public init(id: String, role: Role, manager: String?, tokenHash: String, passwordHash: String? = nil,
                feedTokenHash: String, createdAt: Date, revokedAt: Date? = nil) {
        (self.id, self.role, self.manager, self.tokenHash) = (id, role, manager, tokenHash)
        (self.passwordHash, self.feedTokenHash, self.createdAt, self.revokedAt) = (passwordHash, feedTokenHash, createdAt, revokedAt)
    }

    public var isActive: Bool { revokedAt == nil }

    /// Planners and viewers read everything; a manager only their own accounts.
    public var seesEverything: Bool { role != .manager }

    /// The audit line of a new user: "manager m-ana" or "planner".
    public static func auditDetail(_ user: User) -> String {
        user.role.rawValue + (user.manager.map { " " + $0 } ?? "")
    }

    /// The calendar feed's path with its token (a calendar app subscribes to it).
    public func calendarPath(feedToken: String) -> String { "/calendars/\(manager ?? id).ics?token=\(feedToken)" }
}

/// A signed-in browser: the cookie holds the session id, the store only its hash.
public struct WebSession: Sendable, Hashable {
    /// SHA-256 of the cookie's value.
    public var idHash: String
    public var user: String
    /// The token every form of this session carries (double-submit against cross-site requests).
    public var csrfToken: String
    public var createdAt: Date
    public var expiresAt: Date

    public init(idHash: String, user: String, csrfToken: String, createdAt: Date, expiresAt: Date) {
        (self.idHash, self.user, self.csrfToken, self.createdAt, self.expiresAt) = (idHash, user, csrfToken, createdAt, expiresAt)
    }
}

/// An `Idempotency-Key` sent with a new request: the same key from the same user returns the first
/// request instead of filing a second one.
public struct IdempotencyKey: Sendable, Hashable {
    public var user: String
    public var key: String
    /// A fingerprint of what was asked, so that the same key with another body is refused.
    public var bodyHash: String

    /// Keys are per user: two users may send the same key.
    public struct Scope: Hashable, Sendable {
        public var user: String
        public var key: String
    }

    public var scope: Scope { Scope(user: user, key: key) }

    public init(user: String, key: String, bodyHash: String) {
        (self.user, self.key, self.bodyHash) = (user, key, bodyHash)
    }
}
