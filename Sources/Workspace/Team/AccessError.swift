import Scenarios

/// What a signed-in user may not do, or a sign-in that failed: one case per situation, with its
/// category (the server's status code) and words for the user.
public enum AccessError: CategorizedError, Equatable, Sendable {
    /// No credentials, or ones that match no active user.
    case notSignedIn
    /// A token that belongs to no active user (mistyped, replaced or revoked).
    case unknownToken
    case wrongPassword
    case plannersOnly(action: String)
    case managersOnly(action: String)
    case notYourAccount(account: String, manager: String)
    case alreadyRevoked(user: String)
    case notPublished(week: String)
    case noDraft(week: String)
    /// The plan computed now is not the one the planner saw (`fingerprint` sent with publish).
    case planChanged(sent: String, now: String)
    /// A form came without the session's CSRF token.
    case badCSRFToken

    public var category: ErrorCategory {
        switch self {
        case .notSignedIn, .unknownToken, .wrongPassword: .unauthenticated
        case .plannersOnly, .managersOnly, .notYourAccount, .badCSRFToken: .forbidden
        case .notPublished, .noDraft: .notFound
        case .alreadyRevoked, .planChanged: .conflict
        }
    }

    public var description: String {
        switch self {
        case .notSignedIn:
            "sign in first: send Authorization: Bearer TOKEN (kam user add prints a token), or sign in on the web page"
        case .unknownToken:
            "this API token belongs to no active user (mistyped, replaced by kam user token, or revoked); ask your planner for a new one"
        case .wrongPassword:
            "unknown user or wrong password"
        case .plannersOnly(let action):
            "only a planner can \(action)"
        case .managersOnly(let action):
            "only a manager can \(action): a request is made by the account's manager"
        case .notYourAccount(let account, let manager):
            "account '\(account)' is not one of your accounts (you act as manager '\(manager)')"
        case .alreadyRevoked(let user):
            "user '\(user)' is already revoked"
        case .notPublished(let week):
            "\(week) has no published plan yet"
        case .noDraft(let week):
            "\(week) has not been planned yet: plan it first (POST /api/weeks/\(week)/plan)"
        case .planChanged(let sent, let now):
            "the plan changed since you saw it (fingerprint \(sent), now \(now)): requests or workspace.yaml changed; look at the new plan and publish that"
        case .badCSRFToken:
            "the form's security token is missing or stale; reload the page and send the form again (an API call on the session cookie sends it in X-CSRF-Token: GET /api/me gives it)"
        }
    }

    /// A stable name for programs: the case's name.
    public var code: String {
        switch self {
        case .notSignedIn: "notSignedIn"
        case .unknownToken: "unknownToken"
        case .wrongPassword: "wrongPassword"
        case .plannersOnly: "plannersOnly"
        case .managersOnly: "managersOnly"
        case .notYourAccount: "notYourAccount"
        case .alreadyRevoked: "alreadyRevoked"
        case .notPublished: "notPublished"
        case .noDraft: "noDraft"
        case .planChanged: "planChanged"
        case .badCSRFToken: "badCSRFToken"
        }
    }

    /// The field the error is about (for the API's `field`).
    public var field: String? {
        switch self {
        case .notYourAccount: "account"
        case .planChanged: "fingerprint"
        default: nil
        }
    }
}
