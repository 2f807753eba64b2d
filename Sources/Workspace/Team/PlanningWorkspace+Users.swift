import Foundation
import Scenarios

/// Users of the team server and their credentials: created, listed, revoked and given passwords
/// from the command line (`kam user ...`); checked on every API call and web page.
extension PlanningWorkspace {
    /// A user just created or given a new token: the token is shown once and never stored.
    public struct IssuedToken: Sendable {
        public var user: User
        public var token: String
    }

    /// Creates a user with a new API token. A manager user acts as one manager of workspace.yaml
    /// (`manager`, or the manager whose id is the user's id).
    public func addUser(id: String, role: User.Role, manager: String?, by actor: String, today: CalendarDate) throws -> IssuedToken {
        guard !id.isEmpty, TextSafety.isSafeIdentifier(id), id.count <= 64 else {
            throw WorkspaceError.invalidUser(field: "id", message: "user id '\(id)' must be 1 to 64 of \(TextSafety.identifierRule)")
        }
        var acting: String?
        switch role {
        case .manager:
            let managers = try organisation(week: ISOWeek(containing: today)).managers.map(\.id)
            guard let named = manager ?? (managers.contains(id) ? id : nil) else {
                throw WorkspaceError.invalidUser(field: "manager", message: "a manager user acts as one manager of workspace.yaml: add --manager MANAGER_ID (one of \(managers.prefix(8).joined(separator: ", "))\(managers.count > 8 ? ", ..." : ""))")
            }
            guard managers.contains(named) else {
                throw WorkspaceError.unknownManager(named, hint: Suggestion.hint(for: named, in: managers))
            }
            acting = named
        case .planner, .viewer:
            if let manager {
                throw WorkspaceError.invalidUser(field: "manager", message: "--manager \(manager) is for manager users; a \(role.rawValue) acts for no manager")
            }
        }
        let token = Credentials.newToken()
        let user = User(id: id, role: role, manager: acting, tokenHash: Credentials.hash(token),
                        feedTokenHash: Credentials.hash(Credentials.newSecret()), createdAt: Date())
        try store.addUser(user, actor: actor, at: user.createdAt)
        return IssuedToken(user: user, token: token)
    }

    public func users() throws -> [User] { try store.users() }

    /// Revokes a user: their token, password and sessions stop working; the record stays.
    public func revokeUser(_ id: String, by actor: String) throws -> User {
        let user = try changeUser(id, by: actor, action: "user revoke") { user in
            guard user.isActive else { throw AccessError.alreadyRevoked(user: id) }
            user.revokedAt = Date()
            return ""
        }
        try store.deleteSessions(user: id)
        return user
    }

    /// Gives a user a new API token (the old one stops working).
    public func newToken(for id: String, by actor: String) throws -> IssuedToken {
        try rotate(\.tokenHash, of: id, to: Credentials.newToken(), by: actor, action: "user token", detail: "new API token")
    }

    /// Sets the password a user signs in with on the web page (bcrypt; 10 to 72 bytes).
    public func setPassword(for id: String, to password: String, by actor: String) throws -> User {
        guard password.count >= Credentials.minimumPasswordLength else {
            throw WorkspaceError.invalidUser(field: "password", message: "the password is \(password.count) characters; use at least \(Credentials.minimumPasswordLength)")
        }
        guard password.utf8.count <= Credentials.maximumPasswordBytes else {
            throw WorkspaceError.invalidUser(field: "password", message: "the password is \(password.utf8.count) bytes; bcrypt reads at most \(Credentials.maximumPasswordBytes)")
        }
        let hash = Credentials.hashPassword(password)
        let user = try changeUser(id, by: actor, action: "user password") { user in
            guard user.isActive else { throw AccessError.alreadyRevoked(user: id) }
            user.passwordHash = hash
            return "password set"
        }
        // Whoever signed in with the old password is signed out.
        try store.deleteSessions(user: id)
        return user
    }

    /// Gives a user a new calendar feed token: the old feed address stops working. The store keeps
    /// only its hash, so the address (`user.calendarPath(feedToken: token)`) is shown this once.
    public func newFeedToken(for id: String, by actor: String) throws -> IssuedToken {
        try rotate(\.feedTokenHash, of: id, to: Credentials.newSecret(), by: actor, action: "user feed token", detail: "new calendar feed token")
    }

    /// Gives an active user a new secret: `hash` keeps its SHA-256, the secret is returned to be
    /// shown once, and the old one stops working.
    private func rotate(_ hash: WritableKeyPath<User, String>, of id: String, to secret: String, by actor: String,
                        action: String, detail: String) throws -> IssuedToken {
        let user = try changeUser(id, by: actor, action: action) { user in
            guard user.isActive else { throw AccessError.alreadyRevoked(user: id) }
            user[keyPath: hash] = Credentials.hash(secret)
            return detail
        }
        return IssuedToken(user: user, token: secret)
    }

    /// A manager makes themselves a new calendar feed address (the web page's button, `POST
    /// /api/me/calendar`); shown once, the old one stops working.
    public func newFeedToken(for user: User) throws -> IssuedToken {
        guard user.role == .manager else { throw AccessError.managersOnly(action: "have a calendar feed") }
        return try newFeedToken(for: user.id, by: user.id)
    }

    private func changeUser(_ id: String, by actor: String, action: String, _ change: (inout User) throws -> String) throws -> User {
        guard let user = try store.updateUser(id, actor: actor, action: action, at: Date(), change) else {
            throw WorkspaceError.unknownUser(id)
        }
        return user
    }

    // MARK: Signing in

    /// The active user an API token belongs to; `notSignedIn` otherwise.
    public func authenticate(token: String) throws -> User {
        guard Credentials.isWellFormed(token) else { throw AccessError.unknownToken }
        guard let user = try store.user(tokenHash: Credentials.hash(token)), user.isActive else { throw AccessError.unknownToken }
        return user
    }

    /// Checks a web sign-in. A wrong id costs as much time as a wrong password.
    public func signIn(id: String, password: String) throws -> User {
        // An id no user can have (a NUL, a control character) is not looked up at all.
        let user = TextSafety.isSafeIdentifier(id) ? try store.user(id) : nil
        let hash = user?.passwordHash ?? Self.decoyHash
        guard Credentials.verify(password, hash: hash), let user, user.isActive, user.passwordHash != nil else {
            throw AccessError.wrongPassword
        }
        return user
    }

    /// A bcrypt hash nobody's password matches, checked when the user is unknown.
    private static let decoyHash = Credentials.hashPassword(Credentials.newSecret())

    /// How long a web session lasts without signing in again.
    public static let sessionLifetime: TimeInterval = 12 * 3600

    /// Starts a web session; returns the cookie's value (the store keeps only its hash).
    public func startSession(for user: User) throws -> (cookie: String, session: WebSession) {
        let cookie = Credentials.newSecret()
        let now = Date()
        let session = WebSession(idHash: Credentials.hash(cookie), user: user.id, csrfToken: Credentials.newSecret(),
                                 createdAt: now, expiresAt: now.addingTimeInterval(Self.sessionLifetime))
        try store.createSession(session)
        return (cookie, session)
    }

    /// The session and its user for a cookie's value, when both are still good.
    public func session(cookie: String) throws -> (session: WebSession, user: User)? {
        guard Credentials.isWellFormed(cookie) else { return nil }
        guard let session = try store.session(idHash: Credentials.hash(cookie), now: Date()),
              let user = try store.user(session.user), user.isActive else { return nil }
        return (session, user)
    }

    public func endSession(cookie: String) throws {
        try store.deleteSession(idHash: Credentials.hash(cookie))
    }

    /// The active manager user whose calendar feed token this is.
    public func calendarOwner(feedToken: String) throws -> User {
        guard Credentials.isWellFormed(feedToken), let user = try store.user(feedTokenHash: Credentials.hash(feedToken)), user.isActive, user.manager != nil else {
            throw AccessError.unknownToken
        }
        return user
    }
}
