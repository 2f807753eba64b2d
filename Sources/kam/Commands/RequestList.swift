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
            let listing = RequestListing(requests: try space.requests(week: week, account: account, status: status),
                                         latest: try space.latestPublishedVersions())
            print(listing.rendered(format), terminator: "")
        }
    }
}

extension RequestListing.Format: ExpressibleByArgument {}
