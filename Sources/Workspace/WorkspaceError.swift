import Scenarios

/// What can go wrong in a workspace: one case per situation, each with its category (for a status
/// code) and its message for the person at the terminal.
public enum WorkspaceError: CategorizedError, Equatable, Sendable {
    case notAWorkspace(directory: String)
    case alreadyAWorkspace(directory: String)
    /// workspace.yaml has errors (each `file:line:column: error: ...`).
    case invalidConfiguration([String])
    case weekInPast(week: ISOWeek, current: ISOWeek)
    /// A week outside the workspace's `policy.weeks` window around today.
    case weekOutsideWindow(week: ISOWeek, first: ISOWeek, last: ISOWeek)
    /// A logged contact dated before the window's first week.
    case dateOutsideWindow(date: String, first: String)
    case hoursOutOfRange(Double)
    case controlCharacter(field: String, character: String)
    case unknownAccount(String, hint: String)
    case unknownManager(String, hint: String)
    case unknownSkill(String, hint: String)
    case unknownExpert(String, hint: String)
    /// `manager` asked for hours for `account`, which `owner` manages.
    case notTheAccountManager(manager: String, account: String, owner: String)
    case unknownRequest(String)
    case notTheRequester(request: String, requester: String)
    case alreadyCancelled(request: String)
    /// A planner's approval or rejection that the request's status does not allow.
    case cannotDecide(request: String, action: String, status: String)
    /// A rejection without a reason.
    case reasonRequired(request: String)
    /// A pin or exclusion that `kam validate` would refuse in a file (each message says why).
    case invalidControl(field: String, messages: [String])
    /// A pin or exclusion the week's data cannot honour (a request of another week or not planned,
    /// hours beyond what the request, account or expert has, sums of pins): 409, as it depends on
    /// what is stored, not on the control alone.
    case conflictingControl(field: String, messages: [String])
    /// No such pin or exclusion in the week.
    case unknownControl(label: String, week: String)
    /// A manager logging a visit of an account someone else manages.
    case notTheVisitingManager(manager: String, account: String, owner: String)
    /// A visit logged for a day that has not come yet.
    case visitInFuture(date: String, today: String)
    case alreadyPublished(week: String, version: Int, at: String)
    /// `newRequests`: requests to be planned that the reviewed plan does not hold (filed or approved since).
    case changedSinceReview(reviewed: String, directory: String, week: String, newRequests: [String])
    case newerSchema(path: String, schema: String)
    /// A copy was aimed at a store that already holds a workspace.
    case storeNotEmpty(store: String)
    case userExists(String)
    case unknownUser(String)
    case invalidUser(field: String, message: String)
    /// A command-line action names (`--by`) someone who is not an active user of the workspace.
    case unknownActor(id: String, role: String)
    case revokedActor(id: String, at: String)
    case wrongRole(id: String, role: String, needed: String, action: String)
    /// `request add --by`: every user acting as the manager is revoked.
    case managerRevoked(manager: String, users: [String])
    /// Publishing while requests of the week wait for approval (without --force).
    case requestsWaiting(week: String, ids: [String])
    /// Planning or publishing a week that has ended (without --force).
    case weekEnded(week: String, today: String, action: String)
    /// The same Idempotency-Key came with a different request body.
    case idempotencyKeyReused(String)
    /// The database failed (`diskFull` when that is why); nothing was changed.
    case storage(action: String, path: String, detail: String, diskFull: Bool)

    /// The request or user field the error is about, for the API's `field` (nil when none is).
    public var field: String? {
        switch self {
        case .weekInPast, .weekOutsideWindow: "week"
        case .dateOutsideWindow: "date"
        case .hoursOutOfRange: "hours"
        case .controlCharacter(let field, _): field
        case .unknownAccount, .notTheAccountManager, .notTheVisitingManager: "account"
        case .unknownSkill: "skill"
        case .unknownExpert: "expert"
        case .unknownManager: "manager"
        case .invalidUser(let field, _): field
        case .idempotencyKeyReused: "Idempotency-Key"
        case .reasonRequired: "reason"
        case .invalidControl(let field, _), .conflictingControl(let field, _): field
        case .visitInFuture: "date"
        default: nil
        }
    }

    /// The most hours one request may ask for: a week has 168.
    public static let maximumHours = 168.0

    /// Whether `hours` is a request's: more than 0, at most `maximumHours`, in quarter hours.
    public static func isRequestHours(_ hours: Double) -> Bool {
        hours.isFinite && hours > 0 && hours <= maximumHours && (hours * 4).rounded() == hours * 4
    }

    public var category: ErrorCategory {
        switch self {
        case .notAWorkspace, .unknownAccount, .unknownExpert, .unknownManager, .unknownRequest, .unknownUser, .unknownControl, .unknownActor: .notFound
        case .revokedActor, .wrongRole, .managerRevoked: .forbidden
        case .requestsWaiting, .weekEnded, .conflictingControl: .conflict
        case .alreadyAWorkspace, .alreadyCancelled, .cannotDecide, .alreadyPublished, .changedSinceReview, .newerSchema, .storeNotEmpty, .userExists, .idempotencyKeyReused: .conflict
        case .invalidConfiguration, .reasonRequired, .invalidControl, .visitInFuture, .weekInPast, .weekOutsideWindow, .dateOutsideWindow, .hoursOutOfRange, .controlCharacter, .unknownSkill, .invalidUser: .invalid
        case .notTheAccountManager, .notTheRequester, .notTheVisitingManager: .forbidden
        case .storage: .unavailable
        }
    }

    public var description: String {
        switch self {
        case .notAWorkspace(let directory):
            "\(directory) is not a workspace (no workspace.yaml); create one with kam init \(directory)"
        case .alreadyAWorkspace(let directory):
            "\(directory) already holds a workspace"
        case .invalidConfiguration(let messages):
            messages.joined(separator: "\n")
        case .weekInPast(let week, let current):
            "week \(week) is in the past (this is \(current)); requests are for this week or later"
        case .weekOutsideWindow(let week, let first, let last):
            "week \(week) is outside the weeks this workspace works on, \(first) to \(last) (policy.weeks in workspace.yaml)"
        case .dateOutsideWindow(let date, let first):
            "\(date) is before \(first), the first day of the weeks this workspace works on (policy.weeks in workspace.yaml)"
        case .hoursOutOfRange(let hours):
            "hours must be more than 0 and at most \(Int(Self.maximumHours)) (a whole week), in quarter hours (0.25, 0.5, ...); got \(Self.plain(hours))"
        case .controlCharacter(let field, let character):
            "the \(field) contains the control character \(character); write printable text (newlines and tabs are fine)"
        case .unknownAccount(let id, let hint):
            "unknown account '\(id)'\(hint)"
        case .unknownManager(let id, let hint):
            "unknown manager '\(id)'\(hint)"
        case .unknownExpert(let id, let hint):
            "unknown expert '\(id)'\(hint)"
        case .unknownSkill(let skill, let hint):
            "no expert has skill '\(skill)'\(hint)"
        case .notTheAccountManager(let manager, let account, let owner):
            "manager '\(manager)' cannot request hours for account '\(account)': it is managed by '\(owner)'"
        case .unknownRequest(let id):
            "no request '\(id)'"
        case .notTheRequester(let request, let requester):
            "request \(request) was made by '\(requester)'; only they can cancel it"
        case .alreadyCancelled(let request):
            "request \(request) is already cancelled"
        case .cannotDecide(let request, let action, let status):
            action == "approve"
                ? "request \(request) is \(status); only a submitted or rejected request can be approved"
                : "request \(request) is \(status); only a request that is not cancelled or rejected can be rejected"
        case .reasonRequired(let request):
            "say why request \(request) is rejected (--reason, or \"reason\" in the body): the manager reads it"
        case .invalidControl(_, let messages), .conflictingControl(_, let messages):
            messages.joined(separator: "; ")
        case .unknownControl(let label, let week):
            "there is no \(label) in \(week)"
        case .notTheVisitingManager(let manager, let account, let owner):
            "manager '\(manager)' cannot log visits of account '\(account)': it is managed by '\(owner)'"
        case .visitInFuture(let date, let today):
            "the visit is on \(date), after today (\(today)); log a visit once it has happened"
        case .alreadyPublished(let week, let version, let at):
            "\(week) was already published (version \(version), \(at)); publish again with --force to add a new version (the old one is kept)"
        case .changedSinceReview(let reviewed, let directory, let week, let newRequests):
            "the plan changed since kam plan wrote \(reviewed) ("
                + (newRequests.isEmpty ? "requests or workspace.yaml changed?" : "not in it: " + newRequests.joined(separator: ", ") + ", filed or approved since")
                + "); run kam plan --workspace \(directory) --week \(week) again, review it, then publish"
        case .newerSchema(let path, let schema):
            "\(path) was written by a newer kam (schema \"\(schema)\"); upgrade kam to use this workspace"
        case .storeNotEmpty(let store):
            "\(store) already holds a workspace (requests, plans or users); copy into an empty database"
        case .userExists(let id):
            "there is already a user '\(id)'; pick another id, or revoke theirs first (kam user revoke \(id))"
        case .unknownUser(let id):
            "no user '\(id)'"
        case .invalidUser(_, let message):
            message
        case .unknownActor(let id, let role):
            "no user '\(id)' in this workspace: actions are recorded under real users; create one with kam user add --id \(id) --role \(role), or name an existing one (kam user list)"
        case .revokedActor(let id, let at):
            "user '\(id)' was revoked (\(at)) and can no longer act in this workspace"
        case .wrongRole(let id, let role, let needed, let action):
            "user '\(id)' is a \(role); only a \(needed) can \(action)"
        case .managerRevoked(let manager, let users):
            "manager '\(manager)' has no active user (\(users.joined(separator: ", ")) revoked): nobody can file requests as them"
        case .requestsWaiting(let week, let ids):
            Self.waiting(week: week, ids: ids) + ": approve or reject " + (ids.count == 1 ? "it" : "them") + " first (kam request pending), or publish anyway with --force"
        case .weekEnded(let week, let today, let action):
            "\(week) has ended (today is \(today)); \(action) it anyway with --force"
        case .idempotencyKeyReused(let key):
            "Idempotency-Key '\(key)' was used before for a different request; use a new key for a new request"
        case .storage(let action, let path, let detail, let diskFull):
            diskFull
                ? "cannot \(action) \(path): the disk holding it is full (\(detail)); nothing was changed: free some space and run the command again"
                : "cannot \(action) \(path): \(detail); nothing was changed"
        }
    }

    /// "request R0004 of 2026-W49 waits for approval and is not in the plan" (one or several).
    public static func waiting(week: String, ids: [String]) -> String {
        let one = ids.count == 1
        return (one ? "request " : "requests ") + ids.joined(separator: ", ") + " of \(week) " + (one ? "waits" : "wait")
            + " for approval and " + (one ? "is" : "are") + " not in the plan"
    }

    /// 500, 0.5, 1e+300: a number as typed, without a trailing ".0".
    static func plain(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
