import Foundation
import Scenarios

/// Who acts on the command line. `kam publish`, `kam request approve|reject` and `kam request add`
/// record who did it (`--by`): that must be somebody real, so the audit trail names real people.
/// The team server's routes act as the signed-in user and never take a name from the caller.
extension PlanningWorkspace {
    /// The active user `id` as the actor of a command-line action that needs `role` (nil: any).
    /// `action` says what for, in the error ("publish a week").
    public func actingUser(_ id: String, role: User.Role, to action: String) throws -> User {
        guard let user = try store.user(id) else { throw WorkspaceError.unknownActor(id: id, role: role.rawValue) }
        if let revoked = user.revokedAt { throw WorkspaceError.revokedActor(id: id, at: Timestamp.text(revoked)) }
        guard user.role == role else { throw WorkspaceError.wrongRole(id: id, role: user.role.rawValue, needed: role.rawValue, action: action) }
        return user
    }

    /// Checks the manager a request is filed for (`request add --by`): when users act as that
    /// manager, at least one of them must be active (a manager who left cannot be filed for).
    func requireActiveManager(_ manager: String) throws {
        let acting = try store.users().filter { $0.role == .manager && $0.manager == manager }
        guard !acting.isEmpty, !acting.contains(where: \.isActive) else { return }
        throw WorkspaceError.managerRevoked(manager: manager, users: acting.map(\.id).sorted())
    }

    /// Requests of `week` waiting for a planner's approval (publishing would leave them out).
    public func waitingForApproval(week: ISOWeek) throws -> [StoredRequest] {
        try requests(week: week, account: nil, status: .submitted)
    }

    /// Throws unless `week` is still to come or under way on `today` (or `force`).
    func requireNotEnded(_ week: ISOWeek, today: CalendarDate, action: String, force: Bool) throws {
        guard !force, week.date(of: .sunday) < today else { return }
        throw WorkspaceError.weekEnded(week: week.description, today: today.description, action: action)
    }
}
