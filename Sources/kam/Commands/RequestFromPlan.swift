import ArgumentParser
import Reports
import Scenarios
import Workspace

extension Kam.Request {
    struct FromPlan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "from-plan",
            abstract: "File the week's requests from your accounts' service plans (the team each needs every week).",
            discussion: "One request per team entry of each service plan (accountFiles: servicePlan.team), unless the week already has a request of that account for that skill that is not cancelled or rejected.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The manager filing them (their accounts' plans).") var by: String
        @Option(help: "Only this account.") var account: String?
        @Option(help: "The ISO week (default: next week).", transform: parseWeek) var week: ISOWeek?

        func run() throws {
            let space = try workspace.open()
            let week = try workspaceWeek(self.week, in: space)
            let results = try space.requestsFromPlans(week: week, by: by, account: account, today: try today())
            guard !results.isEmpty else {
                print("no service plan of \(account.map { "account \($0)" } ?? "\(by)'s accounts") has a team: nothing to file for \(week)")
                return
            }
            var filed = 0
            var table = TextTable([("id", .left), ("account", .left), ("skill", .left), ("hours", .right), ("status", .left)])
            for result in results {
                switch result.outcome {
                case .filed(let request):
                    filed += 1
                    for warning in request.warnings { StandardError.write("warning: \(warning)\n") }
                    table.add([request.request.id, result.account, result.skill, NumberFormat.grouped(request.request.hours), request.request.status.rawValue])
                case .alreadyFiled(let existing):
                    table.add(["-", result.account, result.skill, NumberFormat.grouped(existing.hours), "already filed as \(existing.id) (\(existing.status.rawValue))"])
                }
            }
            print(table.rendered(), terminator: "")
            print("filed \(NumberFormat.count(filed, "request")) for \(week)")
        }
    }
}
