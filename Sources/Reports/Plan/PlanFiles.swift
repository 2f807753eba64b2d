import Allocation
import Planning
import Foundation
import Scenarios
import Visits

/// The files of `kam plan --out DIR`, as (relative path, bytes), in a fixed order.
public enum PlanFiles {
    public static func files(for plan: WeeklyPlan) -> [(path: String, data: Data)] {
        let allocation = AllocationReport(scenario: plan.scenario, plan: plan.allocation, tiers: plan.tiers)
        var files: [(String, Data)] = [
            ("plan.json", Data(plan.document().json().renderedUTF8())),
            ("assignments.csv", Data(allocation.assignmentsCSV().utf8)),
            ("teams.csv", Data(teamsCSV(plan).utf8)),
            ("unmet.csv", Data(unmetCSV(plan).utf8)),
            ("visits.csv", Data(VisitReport(scenario: plan.scenario, plan: plan.visits).csv().utf8)),
            ("report.html", Data(HTMLReport(plan).rendered().utf8)),
        ]
        let visits = VisitReport(scenario: plan.scenario, plan: plan.visits)
        if visits.hasCalls { files.insert(("calls.csv", Data(visits.callsCSV().utf8)), at: 5) }
        let calendars = ICalendar.calendars(plan: plan.visits, scenario: plan.scenario)
        for (calendar, name) in zip(calendars, calendarFileNames(plan.scenario.managers.map(\.id))) {
            files.append(("calendars/\(name)", Data(calendar.utf8)))
        }
        if let state = plan.recommendationState { files.append((RecommendationState.fileName, Data(state.bytes()))) }
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

    /// One calendar file name per manager, in order: `<id>.ics` made safe; when two ids give the same
    /// name (even differing only in case, as on a case-insensitive disk), the later ones get
    /// `-2`, `-3`, ... so no calendar overwrites another.
    public static func calendarFileNames(_ managerIDs: [String]) -> [String] {
        var taken = Set<String>()
        return managerIDs.map { id in
            let stem = safeFileName(id)
            var name = stem + ".ics", number = 1
            while taken.contains(name.lowercased()) {
                number += 1
                name = "\(stem)-\(number).ics"
            }
            taken.insert(name.lowercased())
            return name
        }
    }

    /// A manager id as a file name: path separators and other awkward characters become "_".
    public static func safeFileName(_ id: String) -> String {
        let cleaned = String(id.map { $0 == "/" || $0 == "\\" || $0 == ":" || $0.isNewline || $0 == "\0" ? "_" : $0 })
        return cleaned.hasPrefix(".") ? "_" + cleaned.dropFirst() : (cleaned.isEmpty ? "_" : cleaned)
    }
}

