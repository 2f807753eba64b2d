import Planning
import Allocation
import ArgumentParser
import Foundation
import Reports
import Scenarios

extension Kam {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan the week: allocation and visits, written as plan.json, CSV files, calendars and report.html.",
            discussion: "All files are written to a staging directory first and then moved into place, so an interrupted run never leaves a half-written plan. A directory holding another week's plan is not replaced without --force.")

        @OptionGroup var source: ScenarioSource

        @Option(help: "The directory to write the plan into (default with a workspace: DIR/plans/WEEK).", completion: .directory)
        var out: String?

        @Flag(help: "Replace a plan of another week in --out.")
        var force = false

        @OptionGroup var solve: SolveFlags

        func validate() throws {
            if source.file != nil && out == nil { throw ValidationError("--out DIR is required when planning a file") }
        }

        func run() throws {
            let (scenario, workspace) = try source.loadWithWorkspace()
            let out = self.out ?? ((source.workspaceDirectory! as NSString).appendingPathComponent("plans") as NSString).appendingPathComponent(scenario.week.description)
            let plan = try WeeklyPlan.make(scenario, options: solve.allocationOptions())
            let files = PlanFiles.files(for: plan)
            let destination = try PlanWriter().write(files, to: out, week: scenario.week.description, force: force)
            // The planner has reviewed this plan: publish will publish it, and only it.
            try workspace?.markReviewed(week: scenario.week, document: plan.document().json().rendered())
            let f = plan.figures
            print("\(scenario.name), \(scenario.week): allocation \(plan.allocation.status.rawValue), value \(NumberFormat.grouped(f.objective))")
            print("  expert hours \(NumberFormat.grouped(f.allocated)) of \(NumberFormat.grouped(f.requested)) requested; \(NumberFormat.count(f.unmetRequests, "request")) not fully met (\(NumberFormat.grouped(f.unmetPlatinumHours)) platinum hours short)")
            print("  visits \(f.visitsScheduled) scheduled, \(f.visitsUnscheduled) unscheduled, \(NumberFormat.grouped(f.travelHours)) travel hours")
            print("wrote \(files.count) files to \(out)/\(destination.link != nil ? " (a link to \(destination.directory))" : ""): \(PlanWriter.entries(files).joined(separator: ", "))")
            print("open \((out as NSString).appendingPathComponent("report.html"))")
        }
    }
}
