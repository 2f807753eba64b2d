import Foundation
import Scenarios

/// The published plan as each role may read it (`GET /api/weeks/{week}/plan`): planners the whole
/// plan.json as it was published; viewers the whole plan without the managers' notes (personal
/// data a manager wrote for the planner); a manager only their own accounts, the requests for them
/// and their own visits and calls.
extension PlanningWorkspace {
    /// The latest published version of `week`, its plan.json scoped to `user`.
    public func publishedPlan(_ week: ISOWeek, for user: User) throws -> (version: Int, json: String) {
        let latest = try latestPublished(week)
        switch user.role {
        case .planner:
            return (latest.version, latest.planJSON)
        case .viewer:
            return (latest.version, try Self.scoped(latest.planJSON, to: nil).rendered())
        case .manager:
            let manager = user.manager ?? ""
            let own = Set(try organisation(week: week).accounts.filter { $0.manager == manager }.map(\.id))
            return (latest.version, try Self.scoped(latest.planJSON, to: (manager, own)).rendered())
        }
    }

    /// plan.json without request notes (a viewer's), or with only the lines of `manager`'s accounts
    /// and their visits (their own notes kept). The week's totals (objective, load, travel) stay:
    /// they name nobody.
    static func scoped(_ planJSON: String, to manager: (id: String, accounts: Set<String>)?) throws -> JSONValue {
        let read = try? JSONDocument.read(Array(planJSON.utf8), file: "plan.json")
        guard let node = read ?? nil else {
            throw WorkspaceError.storage(action: "read", path: "the published plan", detail: "it is not a JSON document", diskFull: false)
        }
        var plan = JSONValue(node)
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
