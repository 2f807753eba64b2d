import Foundation
import Scenarios
import Visits

/// What a signed-in user may see and do: the rules of the team server, so that its routes (like
/// the CLI's subcommands) add none of their own. Planners and viewers see everything; a manager
/// sees the accounts they manage and the requests for them; only managers file requests, for
/// their own accounts, as themselves; only planners plan and publish.
extension PlanningWorkspace {
    /// An account as a user sees it: its tier this week and who manages it.
    public struct AccountView: Sendable, Hashable {
        public var id: String
        public var name: String?
        public var manager: String
        public var region: String?
        public var tier: Tier
    }

    /// The accounts `user` may see, in workspace.yaml order, with their tiers for `week`.
    public func accounts(for user: User, week: ISOWeek) throws -> [AccountView] {
        let (organisation, tiers) = try organisationAndTiers(week: week)
        return organisation.accounts.indices.compactMap { index in
            let account = organisation.accounts[index]
            guard user.seesEverything || account.manager == user.manager else { return nil }
            return AccountView(id: account.id, name: account.name, manager: account.manager, region: account.region, tier: tiers[index].tier)
        }
    }

    /// Files a request as the signed-in manager: `requestedBy` is theirs, never the caller's to say.
    /// `idempotencyKey`: a retried call with the same key returns the first request.
    public func file(_ form: RequestForm, by user: User, idempotencyKey: String?, today: CalendarDate) throws -> Filed {
        guard user.role == .manager, let manager = user.manager else { throw AccessError.managersOnly(action: "file a request") }
        let new = NewRequest(week: form.week, account: form.account, skill: form.skill, hours: form.hours, priority: form.priority,
                             onsite: form.onsite, singleExpert: form.singleExpert, by: manager, note: form.note)
        let key = idempotencyKey.map { IdempotencyKey(user: user.id, key: $0, bodyHash: Credentials.hash(form.canonical)) }
        do {
            return try add(new, today: today, idempotency: key)
        } catch WorkspaceError.notTheAccountManager(_, let account, _) {
            throw AccessError.notYourAccount(account: account, manager: manager)
        }
    }

    /// The requests `user` may see, filtered like `requests(week:account:status:)`.
    public func requests(for user: User, week: ISOWeek?, account: String?, status: StoredRequest.Status?) throws -> [StoredRequest] {
        let all = try requests(week: week, account: account, status: status)
        if user.seesEverything { return all }
        let mine = try ownAccounts(of: user)
        return all.filter { mine.contains($0.account) || $0.requester == user.manager }
    }

    /// One request and its audit trail, if `user` may see it; one they may not see is, to them, no
    /// request at all (`unknownRequest`, as for an id nobody filed).
    public func request(_ id: String, for user: User) throws -> (request: StoredRequest, audit: [AuditEntry]) {
        let found = try request(id)
        if !user.seesEverything, try !manages(found.request.account, user), found.request.requester != user.manager {
            // Answered exactly as a request that does not exist: ids cannot be probed.
            throw WorkspaceError.unknownRequest(id)
        }
        return found
    }

    /// Cancels a request as the signed-in manager (only the manager who made it may).
    public func cancel(_ id: String, by user: User) throws -> StoredRequest {
        guard user.role == .manager, let manager = user.manager else { throw AccessError.managersOnly(action: "cancel a request") }
        _ = try request(id, for: user)
        return try cancel(id, by: manager)
    }

    /// Approves a request as the signed-in planner.
    public func approve(_ id: String, by user: User) throws -> StoredRequest {
        try requirePlanner(user, to: "approve a request")
        return try approve(id, by: user.id)
    }

    /// Rejects a request as the signed-in planner, with the reason the manager reads.
    public func reject(_ id: String, by user: User, reason: String) throws -> StoredRequest {
        try requirePlanner(user, to: "reject a request")
        return try reject(id, by: user.id, reason: reason)
    }

    /// Logs a visit (or call) as the signed-in manager, for one of their own accounts.
    public func logVisit(account: String, date: CalendarDate, outcome: VisitLogEntry.Outcome, channel: ContactChannel = .visit, note: String?,
                         by user: User, today: CalendarDate) throws -> VisitLogEntry {
        guard user.role == .manager, let manager = user.manager else { throw AccessError.managersOnly(action: "log a visit") }
        do {
            return try logVisit(account: account, date: date, outcome: outcome, channel: channel, note: note, by: manager, today: today)
        } catch WorkspaceError.notTheVisitingManager(_, let account, _) {
            throw AccessError.notYourAccount(account: account, manager: manager)
        }
    }

    /// The cadence view as `user` may see it: a manager's own accounts, everything for planners and viewers.
    public func cadence(for user: User, today: CalendarDate) throws -> [CadenceStatus] {
        if user.seesEverything { return try cadence(today: today) }
        guard let manager = user.manager else { return [] }
        return try cadence(manager: manager, today: today)
    }

    /// Sets a pin as the signed-in planner.
    public func setPin(_ pin: Pin, week: ISOWeek, by user: User) throws -> PlannerControl {
        try requirePlanner(user, to: "pin an expert")
        return try setPin(pin, week: week, by: user.id)
    }

    /// Sets an exclusion as the signed-in planner.
    public func setExclusion(_ exclusion: Exclusion, week: ISOWeek, by user: User) throws -> PlannerControl {
        try requirePlanner(user, to: "exclude an expert")
        return try setExclusion(exclusion, week: week, by: user.id)
    }

    /// Removes a pin or exclusion as the signed-in planner.
    public func removeControl(_ rule: PlannerControl.Rule, week: ISOWeek, by user: User) throws {
        try requirePlanner(user, to: "remove a pin or exclusion")
        try removeControl(rule, week: week, by: user.id)
    }

    /// Throws unless `user` is a planner.
    public func requirePlanner(_ user: User, to action: String) throws {
        guard user.role == .planner else { throw AccessError.plannersOnly(action: action) }
    }

    /// Throws unless `user` may read what planners read (planners and viewers).
    public func requireReader(_ user: User, of what: String) throws {
        guard user.seesEverything else { throw AccessError.plannersOnly(action: "see \(what)") }
    }

    /// True when `user` is the manager of `account` (looked up by id, not by listing their accounts).
    private func manages(_ account: String, _ user: User) throws -> Bool {
        let known = try organisationEntry(week: Self.anyWeek)
        return known.accountIndex[account].map { known.scenario.accounts[$0].manager == user.manager } ?? false
    }

    private func ownAccounts(of user: User) throws -> Set<String> {
        Set(try organisation(week: Self.anyWeek).accounts.filter { $0.manager == user.manager }.map(\.id))
    }
}
