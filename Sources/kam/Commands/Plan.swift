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

        @Argument(help: "A scenario file (or use --workspace).")
        var file: String?

        @Option(help: "Plan a workspace's week instead of a file: its requests, with the last published plan as history.")
        var workspace: String?

        @Option(help: "With --workspace: the ISO week (default: next week).")
        var week: String?

        @Option(help: "The directory to write the plan into (default with --workspace: DIR/plans/WEEK).")
        var out: String?

        @Flag(help: "Replace a plan of another week in --out.")
        var force = false

        @OptionGroup var solve: SolveFlags

        func validate() throws {
            if (file == nil) == (workspace == nil) { throw ValidationError("give a scenario file or --workspace DIR (one of them)") }
            if file != nil && out == nil { throw ValidationError("--out DIR is required when planning a file") }
            if file != nil && week != nil { throw ValidationError("--week goes with --workspace; a scenario file names its own week") }
        }

        func run() throws {
            let scenario: Scenario
            var target = self.out
            if let file {
                scenario = try loadScenario(file)
            } else {
                let space = try WorkspaceFlag.open(workspace!)
                do {
                    scenario = try space.scenario(week: try Kam.week(self.week, fallback: ISOWeek(containing: today().adding(days: 7))))
                } catch { throw failure(error) }
                target = target ?? ((workspace! as NSString).appendingPathComponent("plans") as NSString).appendingPathComponent(scenario.week.description)
            }
            let out = target!
            let plan: WeeklyPlan
            do {
                plan = try WeeklyPlan.make(scenario, options: solve.allocationOptions())
            } catch {
                StandardError.write("error: \(error)\n")
                throw ExitCode(1)
            }
            let files = PlanFiles.files(for: plan)
            do {
                try PlanWriter().write(files, to: out, week: scenario.week.description, force: force)
            } catch let failure as PlanWriter.Failure {
                StandardError.write("error: \(failure)\n")
                throw ExitCode(1)
            }
            let f = plan.figures
            print("\(scenario.name), \(scenario.week): allocation \(plan.allocation.status.rawValue), value \(NumberFormat.grouped(f.objective))")
            print("  expert hours \(NumberFormat.grouped(f.allocated)) of \(NumberFormat.grouped(f.requested)) requested; \(NumberFormat.count(f.unmetRequests, "request")) not fully met (\(NumberFormat.grouped(f.unmetPlatinumHours)) platinum hours short)")
            print("  visits \(f.visitsScheduled) scheduled, \(f.visitsUnscheduled) unscheduled, \(NumberFormat.grouped(f.travelHours)) travel hours")
            print("wrote \(files.count) files to \(out)/: plan.json, assignments.csv, teams.csv, unmet.csv, visits.csv, calendars/, report.html")
            print("open \((out as NSString).appendingPathComponent("report.html"))")
        }
    }
}
