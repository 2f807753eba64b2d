import ArgumentParser
import Reports
import Scenarios
import Workspace

extension Kam.Request {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List requests (every week unless --week).",
            discussion: "A status marked * was filed after its week was published: it is not in the published plan until the week is published again.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "Only this ISO week.", transform: parseWeek) var week: ISOWeek?
        @Option(help: "Only this account.") var account: String?
        @Option(help: "Only this status: \(StoredRequest.Status.allCases.map(\.rawValue).joined(separator: ", ")).") var status: StoredRequest.Status?

        func run() throws {
            let space = try workspace.open()
            let requests = try space.requests(week: week, account: account, status: status)
            let latest = try space.latestPublishedVersions()
            let withNotes = requests.contains { $0.note != nil }
            var table = TextTable([("id", .left), ("week", .left), ("account", .left), ("skill", .left), ("hours", .right),
                                   ("priority", .left), ("by", .left), ("status", .left), ("allocated", .right)] + (withNotes ? [("note", .left)] : []))
            var late: [ISOWeek: Int] = [:]
            for r in requests {
                let after = r.arrivedAfterPublication(latest)
                if after { late[r.week] = latest[r.week] }
                table.add([r.id, r.week.description, r.account, r.skill, NumberFormat.grouped(r.hours), r.priority.rawValue, r.requester, r.status.rawValue + (after ? "*" : ""),
                           r.hasOutcome ? NumberFormat.grouped(r.allocated) : ""]
                          + (withNotes ? [r.note.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? ""] : []))
            }
            print(requests.isEmpty ? "no requests" : table.rendered(), terminator: requests.isEmpty ? "\n" : "")
            for (week, version) in late.sorted(by: { $0.key < $1.key }) {
                print("* filed after \(week) was published (version \(version)): not in that plan; kam publish --week \(week) --force plans it")
            }
        }
    }
}
