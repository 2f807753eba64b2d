import Foundation
import Scenarios
import Workspace

/// `GET /openapi.yaml`: Resources/openapi.yaml with the values that depend on the workspace and on
/// today written in, so the document states every rule the server applies. A schema in the file
/// may carry `x-kam-enum: NAME`; the served document has `enum: [...]` in its place:
///
/// - `weeks`: the weeks of the workspace's window around today (`policy.weeks`);
/// - `weeksToFile`: the window's weeks from the current one on (a request is never for a past week);
/// - `contactDates`: the days a contact may be logged for, from the window's first Monday to today;
/// - `skills`: the skills some expert of the workspace has.
///
/// Without a workspace that reads (a broken workspace.yaml), the markers stay as they are: the
/// document still parses, and `/api/health` says what is wrong.
enum OpenAPIDocument {
    static let template = String(decoding: PackageResources.openapi_yaml, as: UTF8.self)

    /// The document for `workspace` on `today`.
    static func render(workspace: PlanningWorkspace, today: CalendarDate) -> String {
        guard let values = try? values(workspace: workspace, today: today) else { return template }
        return render(template, values: values)
    }

    /// The lists the markers stand for.
    static func values(workspace: PlanningWorkspace, today: CalendarDate) throws -> [String: [String]] {
        let window = try workspace.weekWindow(today: today)
        let current = ISOWeek(containing: today)
        let skills = Set(try workspace.organisation(week: PlanningWorkspace.anyWeek).experts.flatMap { $0.skills.map(\.name) })
        var dates: [String] = []
        var day = window.lowerBound.monday
        while day <= today {
            dates.append(day.description)
            day = day.adding(days: 1)
        }
        return ["weeks": weeks(window), "weeksToFile": weeks(max(current, window.lowerBound)...window.upperBound),
                "contactDates": dates, "skills": skills.sorted()]
    }

    static func weeks(_ range: ClosedRange<ISOWeek>) -> [String] {
        var out: [String] = []
        var week = range.lowerBound
        while week <= range.upperBound {
            out.append(week.description)
            week = week.adding(weeks: 1)
        }
        return out
    }

    /// `text` with every `x-kam-enum: NAME` that `values` names replaced by `enum: [...]` (JSON
    /// strings, which YAML reads as they are).
    static func render(_ text: String, values: [String: [String]]) -> String {
        let marker = "x-kam-enum: "
        var out = ""
        out.reserveCapacity(text.utf8.count + 4096)
        var rest = text[...]
        while let found = rest.range(of: marker) {
            out += rest[..<found.lowerBound]
            let name = rest[found.upperBound...].prefix { $0.isLetter || $0.isNumber }
            if let list = values[String(name)] {
                out += "enum: [" + list.map { JSONValue.string($0).rendered().trimmingCharacters(in: .newlines) }.joined(separator: ", ") + "]"
            } else {
                out += rest[found.lowerBound..<found.upperBound] + name
            }
            rest = rest[found.upperBound...].dropFirst(name.count)
        }
        out += rest
        return out
    }
}
