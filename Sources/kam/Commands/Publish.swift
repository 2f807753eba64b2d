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
            discussion: "A published week is not changed; --force publishes a new version and keeps the old one.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The ISO week (default: next week).", transform: parseWeek) var week: ISOWeek?
        @Flag(help: "Publish a new version of an already published week.") var force = false
        @Option(help: "Who publishes (recorded in the audit trail).") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "planner"
        @OptionGroup var solve: SolveFlags

        func run() throws {
            let (record, planned) = try workspace.open().publishWeek(try week ?? defaultWeek(), by: by, force: force, options: try solve.allocationOptions())
            let plan = planned.plan, f = plan.figures
            print("published \(plan.scenario.week) version \(record.version): value \(NumberFormat.grouped(f.objective)), \(NumberFormat.grouped(f.allocated)) of \(NumberFormat.grouped(f.requested)) hours, \(NumberFormat.count(plan.allocation.teams.count, "team"))")
        }
    }
}
