import Allocation
import Foundation
import Planning
import Scenarios
import Visits

/// A horizon's summary (`kam plan FILE --weeks N`): each week's figures, and the capacity outlook
/// (per skill and week: demand, supply, shortage and the skill's average shadow price; per expert
/// and week: utilization) as a table, JSON, CSV and an HTML page with heatmaps.
public struct HorizonReport: Sendable {
    public let horizon: HorizonPlan
    public let outlook: CapacityOutlook

    public init(_ horizon: HorizonPlan) {
        self.horizon = horizon
        outlook = CapacityOutlook(horizon.weeks)
    }

    var weeks: [ISOWeek] { horizon.weeks.map(\.scenario.week) }

    /// Each week's line, then the skills that run short.
    public func table() -> String {
        var table = TextTable([("week", .left), ("value", .right), ("hours allocated", .right), ("requested", .right),
                               ("requests not fully met", .right), ("visits", .right), ("unscheduled", .right), ("short skills", .left)])
        for plan in horizon.weeks {
            let f = plan.figures, week = plan.scenario.week
            let short = outlook.skills.filter { $0.week == week && $0.shortage > 0 }.map { "\($0.skill) \(NumberFormat.grouped($0.shortage)) h" }
            table.add([week.description, NumberFormat.grouped(f.objective), NumberFormat.grouped(f.allocated), NumberFormat.grouped(f.requested),
                       String(f.unmetRequests), String(f.visitsScheduled), String(f.visitsUnscheduled), short.isEmpty ? "-" : short.joined(separator: ", ")])
        }
        return table.rendered()
    }

    public func json() -> JSONValue {
        .object([
            ("weeks", .array(horizon.weeks.map { plan in
                let f = plan.figures
                return .object([
                    ("week", .string(plan.scenario.week.description)), ("status", .string(plan.allocation.status.rawValue)),
                    ("objective", .number(f.objective)), ("requestedHours", .number(f.requested)), ("allocatedHours", .number(f.allocated)),
                    ("requestsNotFullyMet", .number(f.unmetRequests)), ("unmetPlatinumHours", .number(f.unmetPlatinumHours)),
                    ("visitsScheduled", .number(f.visitsScheduled)), ("visitsUnscheduled", .number(f.visitsUnscheduled)),
                ])
            })),
            ("skills", .array(outlook.skills.map { s in
                .object([("skill", .string(s.skill)), ("week", .string(s.week.description)), ("demand", .number(s.demand)),
                         ("supply", .number(s.supply)), ("allocated", .number(s.allocated)), ("shortage", .number(s.shortage)),
                         ("averageShadowPrice", .number(s.averageShadowPrice))])
            })),
            ("experts", .array(outlook.experts.map { e in
                .object([("expert", .string(e.expert)), ("week", .string(e.week.description)), ("bookable", .number(e.bookable)),
                         ("allocated", .number(e.allocated)), ("utilization", .number(e.utilization)), ("shadowPrice", .number(e.shadowPrice))])
            })),
        ])
    }

    public func skillsCSV() -> String {
        var table = CSVTable(["skill", "week", "demand", "supply", "allocated", "shortage", "averageShadowPrice"])
        for s in outlook.skills {
            table.add([s.skill, s.week.description, JSONValue.format(s.demand), JSONValue.format(s.supply), JSONValue.format(s.allocated),
                       JSONValue.format(s.shortage), JSONValue.format(s.averageShadowPrice)])
        }
        return table.rendered()
    }

    public func expertsCSV() -> String {
        var table = CSVTable(["expert", "week", "bookable", "allocated", "utilization", "shadowPrice"])
        for e in outlook.experts {
            table.add([e.expert, e.week.description, JSONValue.format(e.bookable), JSONValue.format(e.allocated),
                       JSONValue.format(e.utilization), JSONValue.format(e.shadowPrice)])
        }
        return table.rendered()
    }

    /// The page: the weeks' figures, then two heatmaps, weeks across: each skill's shortage (with
    /// demand, supply and average shadow price in the cell's title), each expert's utilization.
    public func page() -> String {
        let first = horizon.weeks.first!.scenario
        var page = HTMLPage(title: "\(first.name): \(weeks.first!) to \(weeks.last!)")
        page.raw("<h1>\(html(first.name))</h1><p class=\"lead\">\(weeks.count) weeks, \(weeks.first!) to \(weeks.last!); each week's own report is in its folder.</p>")
        page.section("weeks", "Weeks")
        var rows = "<table><thead><tr><th>week</th><th class=\"n\">value</th><th class=\"n\">hours allocated</th><th class=\"n\">requested</th><th class=\"n\">requests not fully met</th><th class=\"n\">visits</th><th class=\"n\">unscheduled</th></tr></thead><tbody>"
        for plan in horizon.weeks {
            let f = plan.figures, week = plan.scenario.week.description
            rows += "<tr><td><a href=\"\(week)/report.html\">\(week)</a></td><td class=\"n\">\(NumberFormat.grouped(f.objective))</td><td class=\"n\">\(NumberFormat.grouped(f.allocated))</td><td class=\"n\">\(NumberFormat.grouped(f.requested))</td><td class=\"n\">\(f.unmetRequests)</td><td class=\"n\">\(f.visitsScheduled)</td><td class=\"n\">\(f.visitsUnscheduled)</td></tr>"
        }
        page.raw(rows + "</tbody></table>")
        page.endSection()

        page.section("skills", "Shortage by skill (hours unmet)")
        let bySkill = Dictionary(grouping: outlook.skills, by: \.skill)
        let worst = max(1, outlook.skills.map(\.shortage).max() ?? 1)
        rows = "<table class=\"heat\"><thead><tr><th>skill</th>" + weeks.map { "<th class=\"n\">\($0.description.suffix(3))</th>" }.joined() + "</tr></thead><tbody>"
        for skill in bySkill.keys.sorted() {
            let cells = Dictionary(bySkill[skill]!.map { ($0.week, $0) }, uniquingKeysWith: { a, _ in a })
            rows += "<tr><td>\(html(skill))</td>" + weeks.map { week -> String in
                guard let s = cells[week] else { return "<td class=\"n muted\">-</td>" }
                let title = "\(skill), \(week): demand \(NumberFormat.grouped(s.demand)) h, supply \(NumberFormat.grouped(s.supply)) h, allocated \(NumberFormat.grouped(s.allocated)) h, average shadow price \(NumberFormat.plain(s.averageShadowPrice))"
                return Self.heatCell(s.shortage > 0 ? NumberFormat.grouped(s.shortage) : "0", share: s.shortage / worst, title: title, hue: 4)
            }.joined() + "</tr>"
        }
        page.raw(rows + "</tbody></table>")
        page.raw("<p class=\"muted\">Each cell: hours requested for the skill and left unmet that week; hover for demand, supply (bookable hours of the experts with the skill) and the skill's average shadow price: a skill short week after week with a high price is the one to hire or train for.</p>")
        page.endSection()

        page.section("experts", "Utilization by expert")
        let byExpert = Dictionary(grouping: outlook.experts, by: \.expert)
        var order: [String] = []
        for e in outlook.experts where order.last != e.expert { order.append(e.expert) }
        rows = "<table class=\"heat\"><thead><tr><th>expert</th>" + weeks.map { "<th class=\"n\">\($0.description.suffix(3))</th>" }.joined() + "</tr></thead><tbody>"
        // Experts by name (the id beside it, muted), as the first week that knows them calls them.
        var names: [String: String] = [:]
        for plan in horizon.weeks { for e in plan.scenario.experts where names[e.id] == nil { names[e.id] = e.name } }
        for expert in order {
            let cells = Dictionary(byExpert[expert]!.map { ($0.week, $0) }, uniquingKeysWith: { a, _ in a })
            let label = names[expert].map { $0.isEmpty || $0 == expert ? html(expert) : "\(html($0)) <span class=\"muted\">\(html(expert))</span>" } ?? html(expert)
            rows += "<tr><td>\(label)</td>" + weeks.map { week -> String in
                guard let e = cells[week] else { return "<td class=\"n muted\">-</td>" }
                guard e.bookable > 0 else { return "<td class=\"n muted\" title=\"no hours in \(week)\">away</td>" }
                let title = "\(expert), \(week): \(NumberFormat.grouped(e.allocated)) of \(NumberFormat.grouped(e.bookable)) bookable h, shadow price \(NumberFormat.plain(e.shadowPrice))"
                return Self.heatCell(NumberFormat.percent(e.utilization, decimals: 0), share: e.utilization, title: title, hue: 212)
            }.joined() + "</tr>"
        }
        page.raw(rows + "</tbody></table>")
        page.endSection()

        // Visits (and calls) per tier and week: scheduled of due (a week short of its due contacts
        // leaves accounts behind their cadence).
        let hasCalls = horizon.weeks.contains { !$0.visits.calls.isEmpty || !$0.visits.unscheduledCalls.isEmpty }
        page.section("cadence", hasCalls ? "Visits and calls by tier: scheduled of due" : "Visits by tier: scheduled of due")
        func contacts(_ plan: WeeklyPlan, _ channel: ContactChannel) -> (scheduled: [VisitPlan.Scheduled], unscheduled: [VisitPlan.Unscheduled]) {
            channel == .visit ? (plan.visits.scheduled, plan.visits.unscheduled) : (plan.visits.calls, plan.visits.unscheduledCalls)
        }
        let lines = Tier.allCases.flatMap { tier in ContactChannel.allCases.map { (tier, $0) } }.filter { tier, channel in
            horizon.weeks.contains { plan in
                let tierOf = plan.tierOfAccount, list = contacts(plan, channel)
                return list.scheduled.contains { $0.tier == tier } || list.unscheduled.contains { tierOf[$0.account] == tier }
            }
        }
        rows = "<table class=\"heat\"><thead><tr><th>tier</th>" + (hasCalls ? "<th>channel</th>" : "") + weeks.map { "<th class=\"n\">\($0.description.suffix(3))</th>" }.joined() + "</tr></thead><tbody>"
        for (tier, channel) in lines {
            let head = "<tr><td><span class=\"tier \(tier.rawValue)\">\(tier.rawValue)</span></td>" + (hasCalls ? "<td>\(channel.rawValue)</td>" : "")
            rows += head + horizon.weeks.map { (plan: WeeklyPlan) -> String in
                let tierOf = plan.tierOfAccount, list = contacts(plan, channel)
                let scheduled = list.scheduled.filter { $0.tier == tier }.count
                let due = scheduled + list.unscheduled.filter { tierOf[$0.account] == tier }.count
                let short = due - scheduled
                return Self.heatCell("\(scheduled) of \(due)", share: due > 0 ? Double(short) / Double(due) : 0,
                                     title: "\(tier.rawValue), \(plan.scenario.week): \(scheduled) \(channel.rawValue)s scheduled of \(due) due", hue: 4)
            }.joined() + "</tr>"
        }
        page.raw(rows + "</tbody></table>")
        page.endSection()

        // Accounts that fall behind their cadence: contacts due in a week that found no place.
        page.section("behind", hasCalls ? "Visits and calls that found no place" : "Visits that found no place")
        let left = horizon.weeks.flatMap { plan in
            ContactChannel.allCases.flatMap { channel in contacts(plan, channel).unscheduled.map { (plan.scenario.week, plan.tierOfAccount[$0.account], channel, $0) } }
        }
        if left.isEmpty {
            page.raw("<p class=\"muted\">Every \(hasCalls ? "visit and call" : "visit") due in these weeks is scheduled.</p>")
        } else {
            rows = "<table class=\"data\"><thead><tr><th>week</th><th>manager</th><th>account</th><th>tier</th>" + (hasCalls ? "<th>channel</th>" : "") + "<th>why</th></tr></thead><tbody>"
            for (week, tier, channel, visit) in left {
                let why = visit.reason == .capacity ? "the manager's days are full" : "the manager has no workday"
                rows += "<tr><td>\(week)</td><td>\(html(visit.manager))</td><td>\(html(visit.account))</td><td>\(tier?.rawValue ?? "")</td>" + (hasCalls ? "<td>\(channel.rawValue)</td>" : "") + "<td>\(why)</td></tr>"
            }
            page.raw(rows + "</tbody></table>")
        }
        page.endSection()
        return page.rendered()
    }

    private struct WeekFile: Sendable {
        var path: String
        var data: Data
    }

    /// A cell shaded by `share` (0 to 1) in the given hue.
    /// A cell with nothing to flag (share 0: no shortage, no one idle) is not tinted.
    static func heatCell(_ text: String, share: Double, title: String, hue: Int) -> String {
        guard share > 0 else { return "<td class=\"n\" title=\"\(html(title))\">\(html(text))</td>" }
        let lightness = 97 - Int((min(1, max(0, share)) * 45).rounded())
        return "<td class=\"n\" style=\"background: hsl(\(hue) 70% \(lightness)%)\" title=\"\(html(title))\">\(html(text))</td>"
    }

    /// Every week's plan files in a folder of its own (WEEK/...), and the horizon's: horizon.json,
    /// outlook-skills.csv, outlook-experts.csv, horizon.html.
    public func files() -> [(path: String, data: Data)] {
        // The weeks render side by side (each is independent of the others), in week order.
        let weekly = ParallelChunks.map(horizon.weeks) { plan -> [WeekFile] in
            let week = plan.scenario.week.description
            return PlanFiles.files(for: plan).map { WeekFile(path: "\(week)/\($0.path)", data: $0.data) }
        }
        var files: [(path: String, data: Data)] = weekly.flatMap { $0.map { ($0.path, $0.data) } }
        files.append(("horizon.json", Data(json().renderedUTF8())))
        files.append(("outlook-skills.csv", Data(skillsCSV().utf8)))
        files.append(("outlook-experts.csv", Data(expertsCSV().utf8)))
        files.append(("horizon.html", Data(page().utf8)))
        return files
    }
}
