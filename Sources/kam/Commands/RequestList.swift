import ArgumentParser
import Reports
import Scenarios
import Workspace

extension Kam.Request {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List requests (every week unless --week).",
            discussion: "A status marked * was filed (or approved) after its week was published: it is not in the published plan until the week is published again. A rejected request shows the planner's reason. JSON and CSV carry the same as notInPublishedVersion and rejectionReason.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "Only this ISO week.", transform: parseWeek) var week: ISOWeek?
        @Option(help: "Only this account.") var account: String?
        @Option(help: "Only this status: \(StoredRequest.Status.allCases.map(\.rawValue).joined(separator: ", ")).") var status: StoredRequest.Status?

        @Option(help: "Output format: \(RequestListing.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: RequestListing.Format = .table

        func run() throws {
            let space = try workspace.open()
            let latest = try space.latestPublishedVersions()
            let rows = try space.requests(week: week, account: account, status: status).map { r in
                RequestListing.Row(id: r.id, week: r.week, account: r.account, skill: r.skill, hours: r.hours, priority: r.priority, onsite: r.onsite,
                                   requester: r.requester, status: r.status.rawValue, allocated: r.hasOutcome ? r.allocated : nil, note: r.note,
                                   notInPublishedVersion: r.arrivedAfterPublication(latest) ? latest[r.week] : nil,
                                   rejectionReason: r.rejectionReason)
            }
            print(RequestListing(rows).rendered(format), terminator: "")
        }
    }
}

extension RequestListing.Format: ExpressibleByArgument {}
