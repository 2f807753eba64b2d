import Planning
import ArgumentParser
import Foundation
import Reports
import Scenarios
import Workspace

extension Kam {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "publish",
            abstract: "Plan a workspace's week and publish it: the requests get their status and the teams become next week's history.",
            discussion: "A published week is not changed; --force publishes a new version and keeps the old one. A week with requests waiting for approval, or a week that has ended, is published only with --force.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The ISO week (default: next week).", transform: parseWeek) var week: ISOWeek?
        @Flag(help: "Publish anyway: a new version of an already published week, a week that has ended, or a week with requests waiting for approval (named on standard error).") var force = false
        @Option(help: "The planner who publishes: an active user of the workspace (kam user list), recorded in the audit trail.") var by: String
        @OptionGroup var solve: SolveFlags

        func run() throws {
            let space = try workspace.open()
            let planner = try space.actingUser(by, role: .planner, to: "publish a week")
            let published = try space.publishWeek(try week ?? defaultWeek(), by: planner, force: force, today: try today(),
                                                  options: try solve.allocationOptions())
            for warning in published.warnings { StandardError.write("warning: \(warning)\n") }
            let record = published.record, plan = published.planned.plan, f = plan.figures
            print("published \(plan.scenario.week) version \(record.version): value \(NumberFormat.grouped(f.objective)), \(NumberFormat.grouped(f.allocated)) of \(NumberFormat.grouped(f.requested)) hours, \(NumberFormat.count(plan.allocation.teams.count, "team"))")
        }
    }
}
