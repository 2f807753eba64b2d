import ArgumentParser
import Scenarios
import Workspace

extension Priority: ExpressibleByArgument {}
extension StoredRequest.Status: ExpressibleByArgument {}

extension Kam {
    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "request",
            abstract: "Managers' requests for expert hours in a workspace.",
            subcommands: [Add.self, FromPlan.self, List.self, Show.self, Cancel.self, Pending.self, Approve.self, Reject.self])
    }
}
