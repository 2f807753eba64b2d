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
            discussion: "Visits fall due by tier cadence (platinum twice a week, gold twice a month, iron twice a quarter). Each manager's week is a small MIP: as many tier-weighted visits as fit, then the fewest region-days, then valuable accounts early. --format ics --out DIR writes one RFC 5545 calendar per manager (<manager-id>.ics).")

        @Argument(help: "A scenario file.")
        var file: String

        @Option(help: "Output format: \(VisitReport.Format.allCases.map(\.rawValue).joined(separator: ", ")).")
        var format: VisitReport.Format = .table

        @Option(help: "Directory to write into: <manager>.ics for ics, visits.<format> otherwise (default: standard output; required for ics).")
        var out: String?

        func validate() throws {
            if format == .ics && out == nil { throw ValidationError("--format ics writes one file per manager: give --out DIR") }
        }

        func run() throws {
            let scenario = try loadScenario(file)
            let plan: VisitPlan
            do {
                plan = try VisitScheduler.schedule(scenario)
            } catch {
                StandardError.write("error: the visits could not be scheduled: \(error)\n")
                throw ExitCode(1)
            }
            let report = VisitReport(scenario: scenario, plan: plan)
            guard let out else {
                let text = format == .json ? report.json().rendered() : format == .csv ? report.csv() : report.table()
                try emit(text, to: nil)
                return
            }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            switch format {
            case .ics:
                for manager in scenario.managers {
                    try emit(ICalendar.calendar(for: manager, plan: plan, scenario: scenario), to: (out as NSString).appendingPathComponent("\(PlanFiles.safeFileName(manager.id)).ics"))
                }
                print("wrote \(NumberFormat.count(scenario.managers.count, "calendar")) to \(out)/ (\(NumberFormat.count(plan.scheduled.count, "visit")))")
            case .json: try emit(report.json().rendered(), to: (out as NSString).appendingPathComponent("visits.json"))
            case .csv: try emit(report.csv(), to: (out as NSString).appendingPathComponent("visits.csv"))
            case .table: try emit(report.table(), to: (out as NSString).appendingPathComponent("visits.txt"))
            }
        }
    }
}
