import ArgumentParser
import Foundation
import Reports
import Scenarios
import Visits

extension VisitReport.Format: ExpressibleByArgument {}

extension Kam {
    struct VisitsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "visits",
            abstract: "Schedule each manager's visits for the week, grouped by region, and export calendars.",
            discussion: "Visits fall due by tier cadence (platinum twice a week, gold twice a month, iron twice a quarter); calls, where a tier has a call cadence, go into the time left after the visits. Each manager's week is a small MIP: as many tier-weighted visits as fit, then the fewest region-days, then valuable accounts early. --format ics --out DIR writes one RFC 5545 calendar per manager (<manager-id>.ics).")

        @OptionGroup var source: ScenarioSource

        @Option(help: "Output format: \(VisitReport.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: VisitReport.Format = .table

        @Option(help: "Where to write: for ics a directory (one <manager>.ics each; required), otherwise a file (default: standard output).")
        var out: String?

        func validate() throws {
            if format == .ics && out == nil { throw ValidationError("--format ics writes one file per manager: give --out DIR") }
        }

        func run() throws {
            let scenario = try source.load()
            let plan = try VisitScheduler.schedule(scenario)
            let report = VisitReport(scenario: scenario, plan: plan)
            guard format == .ics, let out else {
                let text = format == .json ? report.json().rendered() : format == .csv ? report.csv() : report.table()
                try emit(text, to: out)
                if let out { StandardError.write("wrote \(out)\n") }
                return
            }
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch { throw fail("cannot create '\(out)': \(error.localizedDescription)") }
            for (calendar, name) in zip(ICalendar.calendars(plan: plan, scenario: scenario), PlanFiles.calendarFileNames(scenario.managers.map(\.id))) {
                try emit(calendar, to: (out as NSString).appendingPathComponent(name))
            }
            let calls = plan.calls.isEmpty ? "" : ", \(NumberFormat.count(plan.calls.count, "call"))"
            print("wrote \(NumberFormat.count(scenario.managers.count, "calendar")) to \(out)/ (\(NumberFormat.count(plan.scheduled.count, "visit"))\(calls))")
        }
    }
}
