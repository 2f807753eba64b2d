import Planning
import Allocation
import Scenarios

/// `kam allocate`: the week's allocation for a planner (table, markdown), as data (JSON, CSV).
public struct AllocationReport: Sendable {
    public let scenario: Scenario
    public let plan: AllocationPlan
    public let tiers: [TierAssignment]

    public init(scenario: Scenario, plan: AllocationPlan, tiers: [TierAssignment]) {
        self.scenario = scenario
        self.plan = plan
        self.tiers = tiers
    }

    public enum Format: String, Sendable, CaseIterable { case table, json, csv, markdown }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .table: text(markdown: false)
        case .markdown: text(markdown: true)
        case .json: PlanDocument(scenario: scenario, tiers: tiers, allocation: plan).json().rendered()
        case .csv: assignmentsCSV()
        }
    }

    // MARK: Figures

    private var tierOfAccount: [String: Tier] { WeeklyPlan.tierOfAccount(scenario, tiers) }

    /// Requested and allocated hours per tier (tiers with requests only).
    func hoursByTier() -> [(tier: Tier, hours: WeeklyPlan.Hours)] {
        let byTier = WeeklyPlan.hoursByTier(plan, tierOfAccount)
        return Tier.allCases.compactMap { byTier[$0]!.requested > 0 ? ($0, byTier[$0]!) : nil }
    }

    var penalties: Double {
        let policy = scenario.policy.allocation
        let tierOf = tierOfAccount
        return plan.requests.reduce(0) { $0 + $1.shortfall * policy.shortfallPenalty * policy.tierWeight[tierOf[$1.account] ?? .lead, default: 0] }
    }

    // MARK: Table and markdown

    func text(markdown: Bool) -> String {
        let h = { (title: String) in markdown ? "## \(title)\n\n" : "\(title)\n" }
        let render = { (table: TextTable) in markdown ? table.markdown() : table.rendered() }
        var out = markdown ? "# Allocation: \(scenario.name), \(scenario.week)\n\n" : "\(scenario.name), \(scenario.week)\n"
        let gap = plan.status == .optimal ? "" : ", gap \(NumberFormat.percent(plan.mipGap, decimals: 2))"
        out += "Allocation \(plan.status.rawValue)\(gap): objective \(NumberFormat.grouped(plan.objective)) "
        out += "(value \(NumberFormat.grouped(plan.objective + penalties)) minus shortfall penalties \(NumberFormat.grouped(penalties)))\n"
        let requested = plan.requests.reduce(0) { $0 + $1.requested }
        let allocated = plan.requests.reduce(0) { $0 + $1.allocated }
        out += "Hours allocated: \(NumberFormat.grouped(allocated)) of \(NumberFormat.grouped(requested)) requested"
        out += hoursByTier().map { "; \($0.tier.rawValue) \(NumberFormat.grouped($0.hours.allocated))/\(NumberFormat.grouped($0.hours.requested))" }.joined() + "\n\n"

        let tierOf = tierOfAccount
        let names = Dictionary(uniqueKeysWithValues: scenario.experts.map { ($0.id, $0.name) })
        if let changes = plan.changes {
            out += h("Changes against the reference plan")
            out += Self.changesSummary(changes) + "\n"
            if !changes.moves.isEmpty {
                var moves = TextTable([("expert", .left), ("request", .left), ("account", .left), ("was", .right), ("now", .right), ("why", .left)])
                for move in changes.moves {
                    moves.add([move.expert, move.request, move.account, NumberFormat.grouped(move.from), NumberFormat.grouped(move.to),
                               move.why])
                }
                out += render(moves)
            }
            out += "\n"
        }
        out += h("Virtual teams")
        var teams = TextTable([("account", .left), ("tier", .left), ("manager", .left), ("experts (hours)", .left)])
        for team in plan.teams {
            teams.add([team.account, tierOf[team.account]?.rawValue ?? "", team.manager,
                       team.experts.map { "\($0.expert) \(NumberFormat.grouped($0.hours))" }.joined(separator: ", ")])
        }
        out += plan.teams.isEmpty ? "No expert hours were allocated.\n" : render(teams)

        if !plan.assignments.isEmpty {
            out += "\n" + h("Why these experts")
            var why = TextTable([("expert", .left), ("request", .left), ("account", .left), ("hours", .right), ("why", .left)])
            for a in plan.assignments { why.add([a.expert, a.request, a.account, NumberFormat.grouped(a.hours), a.reason.words]) }
            out += render(why)
        }

        let unmet = plan.requests.filter { $0.unmet > 0 }
        out += "\n" + h("Unmet requests")
        if unmet.isEmpty {
            out += "Every request is fully met.\n"
        } else {
            let skills = Dictionary(uniqueKeysWithValues: scenario.requests.map { ($0.id, $0.skill) })
            var table = TextTable([("request", .left), ("account", .left), ("skill", .left), ("requested", .right),
                                   ("allocated", .right), ("unmet", .right), ("reason", .left)])
            for outcome in unmet {
                table.add([outcome.id, outcome.account, skills[outcome.id] ?? "", NumberFormat.grouped(outcome.requested),
                           NumberFormat.grouped(outcome.allocated), NumberFormat.grouped(outcome.unmet),
                           "\(outcome.reason?.rawValue ?? ""): \(outcome.detail ?? "")"])
            }
            out += render(table)
        }

        out += "\n" + h("Experts")
        let capped = plan.experts.contains { $0.bookable != $0.capacity }
        var experts = TextTable([("expert", .left), ("name", .left), ("capacity", .right)] + (capped ? [("bookable", .right)] : [])
                                + [("allocated", .right), ("utilization", .right), ("shadow price", .right), ("holds for h", .right)])
        for expert in plan.experts {
            experts.add([expert.id, names[expert.id] ?? "", NumberFormat.grouped(expert.capacity)]
                        + (capped ? [NumberFormat.grouped(expert.bookable)] : [])
                        + [NumberFormat.grouped(expert.allocated),
                           NumberFormat.percent(expert.utilization, decimals: 0), NumberFormat.plain(expert.shadowPrice),
                           expert.priceRange?.cell ?? "-"])
        }
        out += render(experts)
        if let spread = plan.loadSpread {
            out += "\n" + Self.loadLine(spread) + "\n"
        }
        if let dearest = plan.experts.max(by: { $0.shadowPrice < $1.shadowPrice || ($0.shadowPrice == $1.shadowPrice && $0.id > $1.id) }),
            dearest.shadowPrice > 0
        {
            out += "\n" + Self.scarcest(dearest, name: names[dearest.id] ?? dearest.id) + "\n"
        }
        return out
    }

    // MARK: CSV

    /// One row per assignment.
    public func assignmentsCSV() -> String {
        var table = CSVTable(["expert", "request", "account", "hours", "valuePerHour", "shadowPrice", "margin", "why"])
        for a in plan.assignments {
            table.add([a.expert, a.request, a.account, JSONValue.format(a.hours), JSONValue.format(a.valuePerHour),
                       JSONValue.format(a.reason.shadowPrice), JSONValue.format(a.reason.margin), a.reason.words])
        }
        return table.rendered()
    }
}

extension AllocationReport {
    /// "Load spread over 5 experts: lowest 50%, median 88%, highest 100%."
    /// What one more hour of the scarcest expert is worth, and for how many hours that holds.
    static func scarcest(_ expert: AllocationPlan.ExpertOutcome, name: String) -> String {
        let price = NumberFormat.plain(expert.shadowPrice), who = "\(expert.id) (\(name))"
        guard let range = expert.priceRange else {
            return "One more hour of \(who) would add \(price) to the objective: the scarcest expert this week."
        }
        switch range.more {
        case nil:
            return "Every further hour of \(who) would add \(price) to the objective: the scarcest expert this week."
        case let more? where more > 0:
            return "Each of the next \(NumberFormat.plain(more)) hours of \(who) would add \(price) to the objective (beyond them, possibly less): the scarcest expert this week."
        default:
            return "The scarcest expert this week is \(who), shadow price \(price), which is sure to hold for no more hours: one more hour may add less."
        }
    }

    public static func loadLine(_ spread: LoadSpread) -> String {
        "Load spread over \(spread.experts) expert\(spread.experts == 1 ? "" : "s"): lowest \(NumberFormat.percent(spread.minimum, decimals: 0)), median \(NumberFormat.percent(spread.median, decimals: 0)), highest \(NumberFormat.percent(spread.maximum, decimals: 0))."
    }

    /// One sentence: what moved, what it cost, what it bought.
    public static func changesSummary(_ changes: PlanChanges) -> String {
        guard !changes.moves.isEmpty else { return "Nothing moved against \(changes.reference): every assignment is kept." }
        var text = "Against \(changes.reference): \(changes.moves.count) assignment\(changes.moves.count == 1 ? "" : "s") changed, \(NumberFormat.grouped(changes.movedHours)) h moved away and \(NumberFormat.grouped(changes.addedHours)) h added"
        if changes.penalty > 0 { text += " (change penalty \(NumberFormat.plain(changes.penalty)))" }
        if let gained = changes.valueGained {
            text += "; the moves bought \(NumberFormat.plain(gained)) of value over keeping the reference as it was."
        } else {
            text += "; the reference no longer fits this week (an expert has fewer hours or a request asks for fewer), so some moves were needed."
        }
        return text
    }
}

extension TextTable {
    /// The table as GitHub-flavoured markdown (pipes in cells escaped).
    public func markdown() -> String {
        func row(_ cells: [String]) -> String {
            "| " + headers.indices.map { $0 < cells.count ? cells[$0].replacingOccurrences(of: "|", with: "\\|") : "" }.joined(separator: " | ") + " |\n"
        }
        var out = row(headers)
        out += "|" + alignments.map { $0 == .left ? "---|" : "---:|" }.joined() + "\n"
        for cells in rows { out += row(cells) }
        return out
    }
}
