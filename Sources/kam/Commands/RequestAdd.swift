import ArgumentParser
import Scenarios
import Workspace

extension Kam.Request {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add", abstract: "Request expert hours for one of your accounts; prints the new request id.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The account.") var account: String
        @Option(help: "The skill needed.") var skill: String
        @Option(help: "Hours (more than 0, at most 168).") var hours: Double
        @Option(help: "The account's manager making the request.") var by: String
        @Option(help: "The ISO week (default: next week).", transform: parseWeek) var week: ISOWeek?
        @Option(help: "low, normal, high or critical.") var priority: Priority = .normal
        @Flag(help: "The expert must be in the account's region.") var onsite = false
        @Flag(help: "All hours from one expert or none.") var singleExpert = false
        @Option(help: "A note for the planner.") var note: String?

        func run() throws {
            let space = try workspace.open()
            let new = PlanningWorkspace.NewRequest(
                week: try week ?? defaultWeek(), account: account, skill: skill, hours: hours, priority: priority,
                onsite: onsite, singleExpert: singleExpert, by: by, note: note)
            let filed = try space.add(new, today: try today())
            for warning in filed.warnings { StandardError.write("warning: \(warning)\n") }
            print(filed.request.id)
        }
    }
}
