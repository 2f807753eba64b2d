import ArgumentParser
import Reports
import Scenarios
import Workspace

extension Kam.Request {
    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "approve",
            abstract: "Approve a submitted (or rejected) request: it is planned from now on.")
        @Argument(help: "The request id.") var id: String
        @Option(help: "The planner approving it: an active user of the workspace, recorded in the audit trail.") var by: String
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            let space = try workspace.open()
            let approved = try space.approve(id, by: try space.actingUser(by, role: .planner, to: "approve a request"))
            print("approved \(approved.id): \(NumberFormat.grouped(approved.hours)) h of \(approved.skill) for \(approved.account) in \(approved.week) is planned from now on")
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reject",
            abstract: "Reject a request, saying why: it is not planned.")
        @Argument(help: "The request id.") var id: String
        @Option(help: "The planner rejecting it: an active user of the workspace, recorded in the audit trail.") var by: String
        @Option(help: "Why: the manager reads it.") var reason: String
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            let space = try workspace.open()
            let rejected = try space.reject(id, by: try space.actingUser(by, role: .planner, to: "reject a request"), reason: reason)
            print("rejected \(rejected.id) (\(rejected.requester)'s request for \(rejected.account)): \(rejected.rejectionReason ?? "")")
        }
    }

    struct Pending: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pending",
            abstract: "Requests waiting for approval, with what approving each would do to its week's plan.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "Only this ISO week.", transform: parseWeek) var week: ISOWeek?
        @Option(help: "Output format: \(ApprovalQueueReport.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: ApprovalQueueReport.Format = .table

        func run() throws {
            let pending = try workspace.open().pendingApprovals(week: week)
            let report = ApprovalQueueReport(pending.map { .init(week: $0.request.week.description, recommendation: $0.recommendation, adds: $0.adds, takesFrom: $0.takesFrom) })
            try emit(report.rendered(format), to: nil)
        }
    }
}

extension ApprovalQueueReport.Format: ExpressibleByArgument {}
