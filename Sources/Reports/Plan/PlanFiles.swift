import Foundation
import Scenarios
import Visits

/// The files of `kam plan --out DIR`, as (relative path, bytes), in a fixed order.
public enum PlanFiles {
    public static func files(for plan: WeeklyPlan) -> [(path: String, data: Data)] {
        let allocation = AllocationReport(scenario: plan.scenario, plan: plan.allocation, tiers: plan.tiers)
        var files: [(String, Data)] = [
            ("plan.json", Data(plan.document().json().rendered().utf8)),
            ("assignments.csv", Data(allocation.assignmentsCSV().utf8)),
            ("teams.csv", Data(teamsCSV(plan).utf8)),
            ("unmet.csv", Data(unmetCSV(plan).utf8)),
            ("visits.csv", Data(VisitReport(scenario: plan.scenario, plan: plan.visits).csv().utf8)),
            ("report.html", Data(HTMLReport(plan).rendered().utf8)),
        ]
        for manager in plan.scenario.managers {
            let calendar = ICalendar.calendar(for: manager, plan: plan.visits, scenario: plan.scenario)
            files.append(("calendars/\(safeFileName(manager.id)).ics", Data(calendar.utf8)))
        }
        return files
    }

    /// One row per expert on each account's virtual team.
    static func teamsCSV(_ plan: WeeklyPlan) -> String {
        var table = CSVTable(["account", "tier", "manager", "expert", "hours"])
        let tierOf = plan.tierOfAccount
        for team in plan.allocation.teams {
            for member in team.experts {
                table.add([team.account, tierOf[team.account]?.rawValue ?? "", team.manager, member.expert, JSONValue.format(member.hours)])
            }
        }
        return table.rendered()
    }

    /// One row per request with unmet hours.
    static func unmetCSV(_ plan: WeeklyPlan) -> String {
        var table = CSVTable(["request", "account", "requested", "allocated", "unmet", "reason", "detail"])
        for r in plan.allocation.requests where r.unmet > 0 {
            table.add([r.id, r.account, JSONValue.format(r.requested), JSONValue.format(r.allocated), JSONValue.format(r.unmet),
                       r.reason?.rawValue ?? "", r.detail ?? ""])
        }
        return table.rendered()
    }

    /// A manager id as a file name: path separators and other awkward characters become "_".
    public static func safeFileName(_ id: String) -> String {
        let cleaned = String(id.map { $0 == "/" || $0 == "\\" || $0 == ":" || $0.isNewline || $0 == "\0" ? "_" : $0 })
        return cleaned.hasPrefix(".") ? "_" + cleaned.dropFirst() : (cleaned.isEmpty ? "_" : cleaned)
    }
}

/// Writes a set of files as one unit: everything goes into a staging directory next to the
/// target, which then replaces the target by rename. A crash or a failed write leaves the old
/// plan as it was (at worst moved aside to `.NAME.previous-PID` between the two renames).
public struct PlanWriter {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case otherWeek(directory: String, existing: String, new: String)
        case write(String)

        public var description: String {
            switch self {
            case .otherWeek(let directory, let existing, let new):
                "\(directory) holds the plan of \(existing); this plan is for \(new). Use --force to replace it, or choose another --out"
            case .write(let message): message
            }
        }
    }

    /// For tests: fail after writing this many files.
    var failAfter: Int?

    public init() {}

    /// The week of the plan already in `directory`, if any.
    public static func existingWeek(in directory: String) -> String? {
        guard let data = FileManager.default.contents(atPath: (directory as NSString).appendingPathComponent("plan.json")),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["week"] as? String
    }

    public func write(_ files: [(path: String, data: Data)], to directory: String, week: String, force: Bool) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: directory, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw Failure.write("\(directory) exists and is not a directory") }
        if exists {
            // Only a directory of kam's own plan files is replaced: nothing else may be lost.
            let known = Set(files.map { $0.path.split(separator: "/").first.map(String.init) ?? $0.path } + ["calendars"])
            let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            let foreign = entries.filter { !known.contains($0) && !$0.hasPrefix(".") }.sorted()
            if !foreign.isEmpty {
                throw Failure.write("\(directory) holds files that are not part of a kam plan (\(foreign.prefix(3).joined(separator: ", "))\(foreign.count > 3 ? ", ..." : "")); choose a new or empty directory")
            }
        }
        if exists, !force, let existing = Self.existingWeek(in: directory), existing != week {
            throw Failure.otherWeek(directory: directory, existing: existing, new: week)
        }
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(pid)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(pid)")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            for (index, file) in files.enumerated() {
                if let failAfter, index >= failAfter { throw Failure.write("simulated failure writing \(file.path)") }
                let url = staging.appendingPathComponent(file.path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try file.data.write(to: url)
            }
            if exists {
                try manager.moveItem(at: target, to: previous)
                do {
                    try manager.moveItem(at: staging, to: target)
                } catch {
                    try? manager.moveItem(at: previous, to: target)  // put the old plan back
                    throw error
                }
                try? manager.removeItem(at: previous)
            } else {
                try manager.moveItem(at: staging, to: target)
            }
        } catch let failure as Failure {
            try? manager.removeItem(at: staging)
            throw failure
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure.write("cannot write the plan to \(directory): \(error.localizedDescription)")
        }
    }
}
