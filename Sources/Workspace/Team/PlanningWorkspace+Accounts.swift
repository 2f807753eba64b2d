import Allocation
import Foundation
import Reports
import Scenarios

extension PlanningWorkspace {
    /// An account's page for `week` as `user` may see it: planners every account; a manager their
    /// own (403 otherwise); a viewer every account without personal data (contacts, birthdays).
    /// The week is planned as `kam plan` plans it (against its published plan, if any).
    public func accountReport(_ id: String, week: ISOWeek, for user: User) throws -> AccountReport {
        let organisation = try organisation(week: week)
        try AccountReport.check(id, in: organisation)
        let owner = organisation.accounts.first { $0.id == id }!.manager
        if user.role == .manager, user.manager != owner {
            throw AccessError.notYourAccount(account: id, manager: user.manager ?? user.id)
        }
        let plan = try makePlan(week, options: AllocationOptions()).plan
        return try AccountReport(plan: plan, account: id, personal: user.role != .viewer)
    }
}
