import Planning
import Allocation
import ArgumentParser
import Foundation
import Reports
import Scenarios

extension Kam {
    struct Plan: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "Plan the week (or --weeks N of them): allocation and visits, written as plan.json, CSV files, calendars and report.html.",
            discussion: "All files are written to a staging directory first and then moved into place, so an interrupted run never leaves a half-written plan. A directory holding another week's plan is not replaced without --force.")

        @OptionGroup var source: ScenarioSource

        @Option(help: "The directory to write the plan into (default with a workspace: DIR/plans/WEEK).", completion: .directory)
        var out: String?

        @Flag(help: "Replace a plan of another week in --out; in a workspace, plan a week that has ended.")
        var force = false

        @Option(help: "Plan this many weeks from the scenario's week, or the workspace's --week (1 to 13): each week in a folder of --out (a workspace: DIR/plans/horizon-WEEK), with horizon.html, horizon.json and the capacity outlook (outlook-skills.csv, outlook-experts.csv).")
        var weeks: Int?

        @OptionGroup var solve: SolveFlags

        func validate() throws {
            if source.file != nil && out == nil { throw ValidationError("--out DIR is required when planning a file") }
        }

        func run() throws {
            if let weeks {
                try planHorizon(weeks: weeks)
                return
            }
            let plan: WeeklyPlan, files: (count: Int, names: [String]), destination: PlanWriter.Destination, out: String
            if let file = source.file {
                var made = try WeeklyPlan.make(try loadScenario(file), options: try solve.allocationOptions(), keepingRecommendationState: true)
                // kam recommend --plan tells when the file changes after this plan.
                made.recommendationState?.source = FileStamp(path: URL(fileURLWithPath: file).standardizedFileURL.path)
                plan = made
                let written = PlanFiles.files(for: plan)
                out = self.out!
                destination = try PlanWriter().write(written, to: out, week: plan.scenario.week.description, force: force)
                files = (written.count, PlanWriter.entries(written))
            } else {
                // The planner has reviewed this plan: publish will publish it, and only it.
                let space = try openWorkspace(try source.requiredWorkspaceDirectory(), database: source.database.url())
                let week = try source.week ?? defaultWeek()
                let planned = try space.planWeek(week, options: try solve.allocationOptions(), out: self.out, force: force, today: try today())
                (plan, files, destination, out) = (planned.plan, (planned.fileCount, planned.fileNames), planned.destination!, planned.directory!)
            }
            let scenario = plan.scenario
            let f = plan.figures
            print("\(scenario.name), \(scenario.week): allocation \(plan.allocation.status.rawValue), value \(NumberFormat.grouped(f.objective))")
            print("  expert hours \(NumberFormat.grouped(f.allocated)) of \(NumberFormat.grouped(f.requested)) requested; \(NumberFormat.count(f.unmetRequests, "request")) not fully met (\(NumberFormat.grouped(f.unmetPlatinumHours)) platinum \(f.unmetPlatinumHours == 1 ? "hour" : "hours") short)")
            let calls = scenario.policy.visits.calls.isEmpty ? "" : "; calls \(plan.visits.calls.count) placed, \(plan.visits.unscheduledCalls.count) unscheduled"
            print("  visits \(f.visitsScheduled) scheduled, \(f.visitsUnscheduled) unscheduled, \(NumberFormat.grouped(f.travelHours)) travel hours" + calls)
            print("wrote \(files.count) files to \(out)/\(destination.link != nil ? " (a link to \(destination.directory))" : ""): \(files.names.joined(separator: ", "))")
            print("open \((out as NSString).appendingPathComponent("report.html"))")
        }

        /// `--weeks N`: the horizon's weeks one after the other, and its summary; from a file, or
        /// from a workspace's weeks (written to DIR/plans/horizon-WEEK unless --out).
        private func planHorizon(weeks: Int) throws {
            let report: HorizonReport, files: (count: Int, names: [String]), destination: PlanWriter.Destination, out: String
            if let file = source.file {
                report = HorizonReport(try HorizonPlan.make(try loadScenario(file), weeks: weeks, options: try solve.allocationOptions()))
                let written = report.files()
                out = self.out!
                destination = try PlanWriter().write(written, to: out, week: report.horizon.weeks[0].scenario.week.description, force: force)
                files = (written.count, PlanWriter.entries(written))
            } else {
                let space = try openWorkspace(try source.requiredWorkspaceDirectory(), database: source.database.url())
                let planned = try space.planHorizon(from: try workspaceWeek(source.week, in: space), weeks: weeks, options: try solve.allocationOptions(),
                                                    out: self.out, force: force)
                (report, files, destination, out) = (planned.report, (planned.fileCount, planned.fileNames), planned.destination, planned.directory)
            }
            let weeks = report.horizon.weeks
            let first = weeks.first!.scenario, last = weeks.last!.scenario.week
            print("\(first.name): \(NumberFormat.count(weeks.count, "week")), \(first.week) to \(last)")
            print(report.table(), terminator: "")
            print("wrote \(files.count) files to \(out)/\(destination.link != nil ? " (a link to \(destination.directory))" : ""): \(files.names.joined(separator: ", "))")
            print("open \((out as NSString).appendingPathComponent("horizon.html"))")
        }
    }
}
