import ArgumentParser
import Workspace

extension Kam.Request {
    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel your request.")
        @Argument(help: "The request id.") var id: String
        @Option(help: "The manager who made it.") var by: String
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            let space = try workspace.open()
            _ = try space.cancel(id, by: by)
            print("cancelled \(id)")
        }
    }
}
