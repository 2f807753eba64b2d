import Planning
import Allocation
import Scenarios

/// `kam compare`: several plans side by side, differences against the first one marked.
public struct PlanComparison: Sendable {
    public let plans: [WeeklyPlan]
    /// Column headings: scenario names, made unique with the file name when two are equal.
    public let labels: [String]
    /// Names by id (the first plan that knows the id wins), and each plan's expert outcomes and
    /// experts by id: looked up once per row, so a comparison of 40,000 accounts stays linear.
    private let expertNames: [String: String]
    /// Each account's position in order of first appearance across the plans, and its name.
    private let accounts: [String: (order: Int, name: String)]
    private let outcomes: [[String: AllocationPlan.ExpertOutcome]]
    private let experts: [[String: Expert]]
    /// Experts in order of first appearance across the plans, and each one's position there.
    let expertIDs: [String]
    private let expertOrder: [String: Int]
    /// Each plan's team hours: account -> expert -> hours.
    private let teamHours: [[String: [String: Double]]]

    public init(plans: [WeeklyPlan], files: [String]) {
        self.plans = plans
        var expertNames: [String: String] = [:], accounts: [String: (order: Int, name: String)] = [:]
        var accountLists: [[Account]] = []
        for plan in plans {
            for expert in plan.scenario.experts where expertNames[expert.id] == nil { expertNames[expert.id] = expert.name }
            // A what-if usually keeps its base's accounts: a list already read adds nothing (the
            // first plan to know an account wins), and comparing is cheaper than looking up.
            let list = plan.scenario.accounts
            if accountLists.contains(where: { Self.sameIDsAndNames($0, list) }) { continue }
            accountLists.append(list)
            for account in list where accounts[account.id] == nil { accounts[account.id] = (accounts.count, account.name) }
        }
        self.expertNames = expertNames
        self.accounts = accounts
        outcomes = plans.map { plan in Dictionary(plan.allocation.experts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
        experts = plans.map { plan in Dictionary(plan.scenario.experts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
        var seen = Set<String>(), expertIDs: [String] = []
        for plan in plans {
            for expert in plan.allocation.experts where seen.insert(expert.id).inserted { expertIDs.append(expert.id) }
        }
        self.expertIDs = expertIDs
        expertOrder = Dictionary(uniqueKeysWithValues: zip(expertIDs, expertIDs.indices))
        teamHours = plans.map { plan in
            var result: [String: [String: Double]] = [:]
            for team in plan.allocation.teams {
                for member in team.experts { result[team.account, default: [:]][member.expert] = member.hours }
            }
            return result
        }
        let names = plans.map(\.scenario.name)
        labels = zip(names, files).map { name, file in
            names.filter { $0 == name }.count > 1 ? "\(name) (\(ScenarioLoader.defaultName(for: file)))" : name
        }
    }

    /// Whether two account lists have the same ids and names in the same order (at once when
    /// they share storage, as a what-if's untouched list and its base's do).
    private static func sameIDsAndNames(_ a: [Account], _ b: [Account]) -> Bool {
        guard a.count == b.count else { return false }
        if a.withUnsafeBufferPointer({ a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }) { return true }
        return a.indices.allSatisfy { a[$0].id == b[$0].id && a[$0].name == b[$0].name }
    }

    public enum Format: String, Sendable, CaseIterable { case table, markdown, json, html }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        case .json: json().rendered()
        case .html: HTMLComparison(self).rendered()
        }
    }

    // MARK: Rows

    /// A figure in every plan; `better` says which direction is an improvement (for colouring).
    struct Metric {
        var name: String
        var values: [Double?]
        var format: (Double) -> String
        var higherIsBetter: Bool?
        /// How a change is written; shares change by percentage points ("+2.1 pp").
        var deltaFormat: ((Double) -> String)? = nil
    }

    /// A change of a share in percentage points: "2.1 pp".
    static func points(_ delta: Double) -> String { NumberFormat.plain(delta * 100, decimals: 1) + " pp" }

    var metrics: [Metric] {
        let figures = ParallelChunks.map(plans) { $0.figures }
        let hours = { (value: Double) in NumberFormat.grouped(value) }
        var rows = [
            Metric(name: "objective (value)", values: figures.map(\.objective), format: hours, higherIsBetter: true),
            Metric(name: "expert hours requested", values: figures.map(\.requested), format: hours, higherIsBetter: nil),
            Metric(name: "expert hours allocated", values: figures.map(\.allocated), format: hours, higherIsBetter: true),
        ]
        for tier in Tier.allCases where figures.contains(where: { $0.byTier[tier]!.requested > 0 }) {
            rows.append(Metric(name: "coverage \(tier.rawValue)", values: figures.map { $0.byTier[tier]!.coverage },
                               format: { NumberFormat.percent($0) }, higherIsBetter: true, deltaFormat: Self.points))
        }
        rows += [
            Metric(name: "unmet hours", values: figures.map(\.unmetHours), format: hours, higherIsBetter: false),
            Metric(name: "unmet requests", values: figures.map { Double($0.unmetRequests) }, format: hours, higherIsBetter: false),
            Metric(name: "unmet platinum hours", values: figures.map(\.unmetPlatinumHours), format: hours, higherIsBetter: false),
            Metric(name: "visits scheduled", values: figures.map { Double($0.visitsScheduled) }, format: hours, higherIsBetter: true),
            Metric(name: "visits unscheduled", values: figures.map { Double($0.visitsUnscheduled) }, format: hours, higherIsBetter: false),
            Metric(name: "travel hours", values: figures.map(\.travelHours), format: hours, higherIsBetter: false),
        ]
        if plans.dropFirst().contains(where: { $0.allocation.changes != nil }) {
            // Re-planned against the base: hours taken away from the base's assignments.
            rows.append(Metric(name: "hours moved from base", values: plans.map { $0.allocation.changes?.movedHours ?? 0 },
                               format: hours, higherIsBetter: false))
        }
        return rows
    }

    /// An expert's name as the plans know it (the first plan that has the expert), or the id.
    func expertName(_ id: String) -> String { expertNames[id] ?? id }

    /// An account's name, likewise.
    func accountName(_ id: String) -> String { accounts[id]?.name ?? id }

    /// One expert in each plan: "100% · 2.48", "on leave" (unavailable that week), "no hours"
    /// (0 weekly hours) or "-" (not in the plan); and whether it changed against the first plan.
    func expertCells(_ id: String) -> [(text: String, changed: Bool)] {
        let texts = plans.indices.map { expertText(id, in: $0) }
        return texts.indices.map { (texts[$0], $0 > 0 && texts[$0] != texts[0]) }
    }

    private func expertText(_ id: String, in i: Int) -> String {
        guard let outcome = outcomes[i][id] else { return "-" }
        if outcome.capacity == 0, let expert = experts[i][id] {
            return expert.unavailableWeeks.contains(plans[i].scenario.week) ? "on leave" : "no hours"
        }
        return "\(NumberFormat.percent(outcome.utilization, decimals: 0)) · \(NumberFormat.plain(outcome.shadowPrice))"
    }

    /// One expert on one account: hours before (first plan) and after.
    public struct TeamChange: Sendable, Hashable {
        public var account: String
        public var expert: String
        public var before: Double
        public var after: Double
        /// Names for people; the ids stay in JSON.
        public var accountName: String
        public var expertName: String

        public var description: String {
            before == 0 ? "\(expertName) joins \(accountName) (\(NumberFormat.grouped(after)) h)"
                : after == 0 ? "\(expertName) leaves \(accountName) (was \(NumberFormat.grouped(before)) h)"
                : "\(expertName) on \(accountName): \(NumberFormat.grouped(before)) → \(NumberFormat.grouped(after)) h"
        }
    }

    /// Team changes of plan `index` against the first plan, by account then expert.
    public func teamChanges(_ index: Int) -> [TeamChange] {
        let before = teamHours[0], after = teamHours[index]
        // Only accounts with a team in either plan can have changed; in order of first appearance.
        let accountIDs = Set(before.keys).union(after.keys)
            .map { (order: accounts[$0]?.order ?? .max, id: $0) }.sorted { ($0.order, $0.id) < ($1.order, $1.id) }.map(\.id)
        var changes: [TeamChange] = []
        for account in accountIDs {
            let b = before[account] ?? [:], a = after[account] ?? [:]
            guard !b.isEmpty || !a.isEmpty else { continue }
            // Only experts on either team can have changed; listed in the order of `expertIDs`.
            var members = Array(b.keys)
            for expert in a.keys where b[expert] == nil { members.append(expert) }
            members = members.map { (order: expertOrder[$0] ?? .max, id: $0) }.sorted { ($0.order, $0.id) < ($1.order, $1.id) }.map(\.id)
            for expert in members {
                let hoursBefore = b[expert] ?? 0, hoursAfter = a[expert] ?? 0
                if abs(hoursAfter - hoursBefore) > 1e-9 {
                    changes.append(TeamChange(account: account, expert: expert, before: hoursBefore, after: hoursAfter,
                                              accountName: accountName(account), expertName: expertName(expert)))
                }
            }
        }
        return changes
    }

    /// "12 (+2)" for a changed value, "12" otherwise; "-" when missing.
    static func cell(_ value: Double?, base: Double?, format: @escaping (Double) -> String, deltaFormat: ((Double) -> String)? = nil,
                     first: Bool) -> (text: String, changed: Bool) {
        guard let value else { return ("-", base != nil && !first) }
        guard !first, let base else { return (format(value), !first && base == nil) }
        let delta = value - base
        guard abs(delta) > 1e-9 else { return (format(value), false) }
        return ("\(format(value)) (\(delta > 0 ? "+" : "")\((deltaFormat ?? format)(delta)))", true)
    }

    /// Metric `metric` in plan `index`.
    static func cell(_ metric: Metric, _ index: Int) -> (text: String, changed: Bool) {
        cell(metric.values[index], base: metric.values[0], format: metric.format, deltaFormat: metric.deltaFormat, first: index == 0)
    }

    // MARK: Text

    func text(markdown: Bool) -> String {
        var out = markdown ? "# Comparison\n\n" : ""
        out += "Compared against \(labels[0]); changes in parentheses\(markdown ? ", changed cells in bold" : "").\n\n"
        let columns = [("", TextTable.Alignment.left)] + labels.map { ($0, TextTable.Alignment.right) }
        var figures = TextTable(columns)
        for metric in metrics {
            figures.add([metric.name] + metric.values.indices.map { i in
                let cell = Self.cell(metric, i)
                return markdown && cell.changed ? "**\(cell.text)**" : cell.text
            })
        }
        out += markdown ? "## Plan\n\n" + figures.markdown() : figures.rendered()

        var experts = TextTable([("expert", .left), ("name", .left)] + labels.map { ($0, TextTable.Alignment.right) })
        for id in expertIDs {
            experts.add([id, expertName(id)] + expertCells(id).map { text, changed in
                markdown && changed ? "**\(text)**" : (changed ? "\(text) *" : text)
            })
        }
        out += markdown ? "\n## Experts: utilization · shadow price\n\n" + experts.markdown() : "\nExperts: utilization · shadow price (* changed)\n" + experts.rendered()

        for index in plans.indices.dropFirst() {
            let changes = teamChanges(index)
            out += markdown ? "\n## Team changes: \(labels[index])\n\n" : "\nTeam changes in \(labels[index]):\n"
            if changes.isEmpty {
                out += markdown ? "No team changes.\n" : "  none\n"
            } else {
                out += changes.map { (markdown ? "- " : "  ") + $0.description }.joined(separator: "\n") + "\n"
            }
        }
        return out
    }

    // MARK: JSON

    public func json() -> JSONValue {
        .object([
            ("base", .string(labels[0])),
            ("scenarios", .array(plans.indices.map { i in
                let f = plans[i].figures
                return .object([
                    ("name", .string(labels[i])), ("week", .string(plans[i].scenario.week.description)),
                    ("status", .string(plans[i].allocation.status.rawValue)),
                    ("objective", .number(f.objective)), ("requested", .number(f.requested)), ("allocated", .number(f.allocated)),
                    ("coverage", .object(Tier.allCases.map { ($0.rawValue, .number(f.byTier[$0]!.coverage)) })),
                    ("unmetHours", .number(f.unmetHours)), ("unmetRequests", .number(f.unmetRequests)),
                    ("unmetPlatinumHours", .number(f.unmetPlatinumHours)),
                    ("visitsScheduled", .number(f.visitsScheduled)), ("visitsUnscheduled", .number(f.visitsUnscheduled)),
                    ("travelHours", .number(f.travelHours)),
                    ("movedHours", .number(plans[i].allocation.changes?.movedHours ?? 0)),
                    ("experts", .array(plans[i].allocation.experts.map { e in
                        .object([("id", .string(e.id)), ("utilization", .number(e.utilization)), ("shadowPrice", .number(e.shadowPrice))])
                    })),
                    ("teamChanges", .array(i == 0 ? [] : teamChanges(i).map { c in
                        .object([("account", .string(c.account)), ("expert", .string(c.expert)), ("before", .number(c.before)), ("after", .number(c.after))])
                    })),
                ])
            })),
        ])
    }
}
