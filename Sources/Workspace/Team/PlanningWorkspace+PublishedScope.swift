import Foundation
import Scenarios

/// The published plan as each role may read it (`GET /api/weeks/{week}/plan`): planners the whole
/// plan.json as it was published; viewers the whole plan without the managers' notes (personal
/// data a manager wrote for the planner); a manager only their own accounts, the requests for them
/// and their own visits and calls.
extension PlanningWorkspace {
    /// The latest published version of `week`, its plan.json scoped to `user`.
    /// Each scope is worked out once per published version and kept (`scopedPlans`).
    public func publishedPlan(_ week: ISOWeek, for user: User) throws -> (version: Int, json: String) {
        if user.role == .planner {
            let latest = try latestPublished(week)
            return (latest.version, latest.planJSON)
        }
        guard let version = try latestPublishedVersion(week) else { throw AccessError.notPublished(week: week.description) }
        let scope = user.role == .viewer ? "viewer" : "manager " + (user.manager ?? "")
        if let kept = scopedPlans.withLock({ $0.first { $0.week == week && $0.version == version && $0.scope == scope }?.json }) {
            return (version, kept)
        }
        let (read, plan) = try parsedPublishedPlan(week)
        let json: String
        if let manager = user.manager, user.role == .manager {
            let own = Set(try organisation(week: week).accounts.filter { $0.manager == manager }.map(\.id))
            json = Self.scoped(plan, to: (manager, own)).rendered()
        } else {
            json = Self.scoped(plan, to: nil).rendered()
        }
        scopedPlans.withLock { kept in
            kept.removeAll { $0.week == week && $0.scope == scope }
            kept.append((week, read, scope, json))
            while kept.count > 1, kept.reduce(0, { $0 + $1.json.utf8.count }) > Self.scopedPlanBytes { kept.removeFirst() }
        }
        return (read, json)
    }

    /// `week`'s latest published plan as a JSON value, read once per version (under a lock, so
    /// concurrent callers wait for one read) and kept for one week.
    func parsedPublishedPlan(_ week: ISOWeek) throws -> (version: Int, plan: JSONValue) {
        try parsingPlan.withLock {
            let version = try latestPublishedVersion(week)
            if let kept = parsedPlan.withLock({ $0 }), kept.week == week, kept.version == version { return (kept.version, kept.plan) }
            let latest = try latestPublished(week)
            let read = try? JSONDocument.read(Array(latest.planJSON.utf8), file: "plan.json")
            guard let node = read ?? nil else {
                throw WorkspaceError.storage(action: "read", path: "the published plan", detail: "it is not a JSON document", diskFull: false)
            }
            let plan = JSONValue(node)
            parsedPlan.withLock { $0 = (week, latest.version, plan) }
            return (latest.version, plan)
        }
    }

    /// plan.json without request notes (a viewer's), or with only the lines of `manager`'s accounts
    /// and their visits (their own notes kept). The week's totals (objective, load, travel) stay:
    /// they name nobody.
    static func scoped(_ published: JSONValue, to manager: (id: String, accounts: Set<String>)?) -> JSONValue {
        var plan = published
        guard let (id, accounts) = manager else {
            return plan.updating("allocation") { $0.updating("requests") { $0.mapped { $0.updating("note") { _ in nil } } } }
        }
        let ownAccount: (JSONValue) -> Bool = { $0["account"]?.stringValue.map(accounts.contains) ?? false }
        let ownVisit: (JSONValue) -> Bool = { $0["manager"]?.stringValue == id }
        // The experts on the manager's teams: their hours and prices, not everyone's.
        var experts = Set<String>()
        if case .array(let assignments)? = plan["allocation"]?["assignments"] {
            for assignment in assignments where ownAccount(assignment) {
                if let expert = assignment["expert"]?.stringValue { experts.insert(expert) }
            }
        }
        plan = plan.updating("allocation") { allocation in
            allocation
                .updating("assignments") { $0.filtered(ownAccount) }
                .updating("requests") { $0.filtered(ownAccount) }
                .updating("experts") { $0.filtered { $0["id"]?.stringValue.map(experts.contains) ?? false } }
                .updating("teams") { $0.filtered(ownAccount) }
                .updating("changes") { $0.updating("moves") { $0.filtered(ownAccount) } }
        }
        plan = plan.updating("tiers") { $0.filtered(ownAccount) }
        return plan.updating("visits") { visits in
            ["scheduled", "unscheduled", "calls", "unscheduledCalls"].reduce(visits) { visits, key in visits.updating(key) { $0.filtered(ownVisit) } }
                .updating("managers") { $0.filtered { $0["id"]?.stringValue == id } }
        }
    }
}
