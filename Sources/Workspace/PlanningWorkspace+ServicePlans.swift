import Foundation
import Scenarios

/// Service plans feed the week: the team a key account needs every week (its service plan) becomes
/// the week's requests, so managers stop typing the same requests week after week.
extension PlanningWorkspace {
    /// What `requestsFromPlans` did for one team entry of a service plan.
    public struct FromPlan: Sendable {
        public enum Outcome: Sendable {
            case filed(Filed)
            /// The week already has a request of the account for the skill that is not cancelled or rejected.
            case alreadyFiled(StoredRequest)
        }

        public var account: String
        public var skill: String
        public var outcome: Outcome
    }

    /// Files, as manager `manager`, a request for `week` for every team entry of the service plans
    /// of the manager's accounts (or of `account` alone), unless the week already has a live request
    /// of that account for that skill. Each is filed as `kam request add` files it (its checks,
    /// approvals and audit); the note says it came from the service plan.
    public func requestsFromPlans(week: ISOWeek, by manager: String, account: String? = nil, today: CalendarDate) throws -> [FromPlan] {
        let organisation = try organisation(week: week)
        guard organisation.managers.contains(where: { $0.id == manager }) else {
            throw WorkspaceError.unknownManager(manager, hint: Suggestion.hint(for: manager, in: organisation.managers.map(\.id)))
        }
        if let account {
            guard let found = organisation.accounts.first(where: { $0.id == account }) else {
                throw WorkspaceError.unknownAccount(account, hint: Suggestion.hint(for: account, in: organisation.accounts.map(\.id)))
            }
            guard found.manager == manager else { throw WorkspaceError.notTheAccountManager(manager: manager, account: account, owner: found.manager) }
        }
        let mine = Set(organisation.accounts.filter { $0.manager == manager && (account == nil || $0.id == account) }.map(\.id))
        let existing = try requests(week: week).filter { $0.status != .cancelled && $0.status != .rejected }
        var results: [FromPlan] = []
        for file in organisation.accountFiles where mine.contains(file.account) {
            for need in file.servicePlan?.team ?? [] {
                if let filed = existing.first(where: { $0.account == file.account && $0.skill == need.skill }) {
                    results.append(FromPlan(account: file.account, skill: need.skill, outcome: .alreadyFiled(filed)))
                    continue
                }
                let note = "from the service plan" + (need.note.map { ": \($0)" } ?? "")
                let filed = try add(NewRequest(week: week, account: file.account, skill: need.skill, hours: need.hours, priority: need.priority,
                                               onsite: need.onsite, by: manager, note: note), today: today)
                results.append(FromPlan(account: file.account, skill: need.skill, outcome: .filed(filed)))
            }
        }
        return results
    }
}
