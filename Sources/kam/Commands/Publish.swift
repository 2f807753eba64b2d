import Planning
import ArgumentParser
import Foundation
import Reports
import Scenarios
import Workspace

extension Kam {
    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan a workspace's week and publish it: the requests get their status and the teams become next week's history.",
            discussion: "A published week is not changed; --force publishes a new version and keeps the old one.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The ISO week (default: next week).", transform: parseWeek) var week: ISOWeek?
        @Flag(help: "Publish a new version of an already published week.") var force = false
        @Option(help: "Who publishes (recorded in the audit trail).") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "planner"
        @OptionGroup var solve: SolveFlags

        func run() throws {
            let space = try workspace.open()
            let scenario = try space.scenario(week: try week ?? defaultWeek())
            let plan = try WeeklyPlan.make(scenario, options: solve.allocationOptions())
            let record = try space.publish(plan, document: plan.document().json().rendered(), by: by, force: force)
            let f = plan.figures
            print("published \(scenario.week) version \(record.version): value \(NumberFormat.grouped(f.objective)), \(NumberFormat.grouped(f.allocated)) of \(NumberFormat.grouped(f.requested)) hours, \(NumberFormat.count(plan.allocation.teams.count, "team"))")
        }
    }
}
