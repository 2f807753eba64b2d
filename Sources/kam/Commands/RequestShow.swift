import ArgumentParser
import Reports
import Scenarios
import Workspace

extension Kam.Request {
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one request and its history.")
        @Argument(help: "The request id.") var id: String
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            let space = try workspace.open()
            let (r, audit) = try space.request(id)
            print("\(r.id): \(NumberFormat.grouped(r.hours)) h of \(r.skill) for \(r.account) in \(r.week), \(r.priority.rawValue)\(r.onsite ? ", on site" : "")\(r.singleExpert ? ", one expert" : "")")
            print("requested by \(r.requester); status \(r.status.rawValue)\(r.hasOutcome ? ", \(NumberFormat.grouped(r.allocated)) h allocated" : "")")
            if let reason = r.rejectionReason { print("rejected: \(reason)") }
            if let note = r.note { print("note: \(note)") }
            for entry in audit { print("  \(Timestamp.text(entry.at))  \(entry.actor)  \(entry.action)\(entry.detail.isEmpty ? "" : ": \(entry.detail)")") }
        }
    }
}
