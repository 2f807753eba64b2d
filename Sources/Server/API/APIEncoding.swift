import Scenarios
import Workspace

/// The API's JSON shapes, each in one place: requests, users, accounts, experts.
enum APIEncoding {
    /// A request; `audit` adds its trail.
    static func request(_ r: StoredRequest, warnings: [String] = [], audit: [AuditEntry]? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(r.id)), ("week", .string(r.week.description)), ("account", .string(r.account)), ("skill", .string(r.skill)),
            ("hours", .number(r.hours)), ("priority", .string(r.priority.rawValue)), ("onsite", .bool(r.onsite)),
            ("singleExpert", .bool(r.singleExpert)), ("requestedBy", .string(r.requester)), ("note", .string(r.note)),
            ("status", .string(r.status.rawValue)), ("allocated", .number(r.allocated)),
            ("createdAt", .string(Timestamp.text(r.createdAt))), ("updatedAt", .string(Timestamp.text(r.updatedAt))),
        ]
        if let version = r.filedAfterVersion { pairs.append(("filedAfterVersion", .number(version))) }
        if let reason = r.rejectionReason { pairs.append(("rejectionReason", .string(reason))) }
        if !warnings.isEmpty { pairs.append(("warnings", .array(warnings.map(JSONValue.string)))) }
        if let audit { pairs.append(("audit", .array(audit.map(Self.audit)))) }
        return .object(pairs)
    }

    static func audit(_ entry: AuditEntry) -> JSONValue {
        .object([("at", .string(Timestamp.text(entry.at))), ("actor", .string(entry.actor)), ("action", .string(entry.action)),
                 ("detail", .string(entry.detail))])
    }

    /// `csrfToken`: the session's, when the caller signed in with the session cookie.
    static func me(_ user: User, csrfToken: String?) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("id", .string(user.id)), ("role", .string(user.role.rawValue))]
        if let manager = user.manager { pairs.append(("manager", .string(manager))) }
        if let csrfToken { pairs.append(("csrfToken", .string(csrfToken))) }
        return .object(pairs)
    }


    static func account(_ a: PlanningWorkspace.AccountView) -> JSONValue {
        .object([("id", .string(a.id)), ("name", .string(a.name)), ("manager", .string(a.manager)), ("region", .string(a.region)),
                 ("tier", .string(a.tier.rawValue))])
    }

    static func expert(_ e: Expert) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(e.id)), ("name", .string(e.name)), ("region", .string(e.region)), ("weeklyHours", .number(e.weeklyHours)),
            ("skills", .array(e.skills.map { .object([("name", .string($0.name)), ("proficiency", .number($0.proficiency))]) })),
        ]
        if !e.unavailableWeeks.isEmpty { pairs.append(("unavailableWeeks", .array(e.unavailableWeeks.map { .string($0.description) }))) }
        return .object(pairs)
    }
}
