import Accounts
import Allocation
import Planning
import Scenarios
import Visits

/// `kam account show`: one account's page. Its tier and why, its health with the parts, what to
/// review, the people and the dates that matter to them, the relationship's stages, competitors
/// and notes, this week's team, requests, visits and calls, and last week's hours.
public struct AccountReport: Sendable {
    public enum Format: String, Sendable, CaseIterable { case table, json, html }

    /// An account the plan does not have.
    public struct UnknownAccount: CategorizedError {
        public var id: String
        public var hint: String
        public var category: ErrorCategory { .notFound }
        public var description: String { "unknown account '\(id)'\(hint)" }
    }

    public let plan: WeeklyPlan
    public let account: Account
    public let assignment: TierAssignment
    public let review: AccountReview
    public let file: AccountFile?

    /// Throws `UnknownAccount` (with a suggestion) unless `scenario` has the account.
    public static func check(_ id: String, in scenario: Scenario) throws {
        guard !scenario.accounts.contains(where: { $0.id == id }) else { return }
        throw UnknownAccount(id: id, hint: Suggestion.hint(for: id, in: scenario.accounts.map(\.id)))
    }

    /// Whether the page shows personal data: contacts and birthdays (to the account's manager and
    /// planners; a viewer's page leaves them out).
    public let personal: Bool

    /// `reviews`: `AccountReview.all(plan.scenario)` when the caller keeps it (the team server
    /// shows many accounts' pages from one plan); worked out here otherwise.
    public init(plan: WeeklyPlan, account id: String, personal: Bool = true, reviews: [AccountReview]? = nil) throws {
        try Self.check(id, in: plan.scenario)
        let accounts = plan.scenario.accounts
        let index = accounts.firstIndex { $0.id == id }!
        self.plan = plan
        self.personal = personal
        account = accounts[index]
        assignment = plan.tiers[index]
        review = (reviews ?? AccountReview.all(plan.scenario))[index]
        var file = plan.scenario.accountFile(id)
        if !personal, file != nil {
            file!.contacts = []
            file!.keyDates = file!.keyDates.filter { $0.kind != .birthday }.map { var date = $0; date.contact = nil; return date }
        }
        self.file = file
    }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .table: table()
        case .json: json().rendered()
        case .html: AccountPage(self).rendered()
        }
    }

    // MARK: What the page shows

    var scenario: Scenario { plan.scenario }
    var manager: Manager? { scenario.managers.first { $0.id == account.manager } }
    var rankedAccounts: Int { plan.tiers.filter { $0.rank != nil }.count }

    /// The tier and why, in words.
    var tierWhy: String {
        let basis = scenario.policy.tiering.effectiveBasis.rawValue
        switch assignment.source {
        case .explicit: return "set by hand in the scenario"
        case .pyramid, .pareto:
            let rank = assignment.rank.map { "rank \($0) of \(rankedAccounts)" } ?? "no \(basis)"
            return "\(assignment.source.rawValue) on \(basis): \(NumberFormat.grouped(assignment.basis)), \(rank)"
        }
    }

    /// The health of every period, oldest first.
    var periods: [FinancialHealth] { (file?.financials ?? []).map { FinancialHealth($0, policy: scenario.policy.health) } }

    /// Key dates with their next day from the plan week's Monday, soonest first; those of the week marked.
    var keyDates: [(date: KeyDate, next: CalendarDate?, thisWeek: Bool)] {
        let monday = scenario.week.monday, sunday = scenario.week.date(of: .sunday)
        return (file?.keyDates ?? []).map { date in
            let next = date.next(onOrAfter: monday)
            return (date, next, next.map { $0 <= sunday } ?? false)
        }.sorted { ($0.next?.dayNumber ?? Int.max) < ($1.next?.dayNumber ?? Int.max) }
    }

    var team: [AllocationPlan.TeamMember] { plan.allocation.teams.first { $0.account == account.id }?.experts ?? [] }
    var requests: [AllocationPlan.RequestOutcome] { plan.allocation.requests.filter { $0.account == account.id } }
    var visits: [VisitPlan.Scheduled] { plan.visits.scheduled.filter { $0.account == account.id } }
    var calls: [VisitPlan.Scheduled] { plan.visits.calls.filter { $0.account == account.id } }
    var leftOut: [String] {
        plan.visits.unscheduled.filter { $0.account == account.id }.map { "visit \($0.ordinal) (\($0.reason.rawValue))" }
            + plan.visits.unscheduledCalls.filter { $0.account == account.id }.map { "call \($0.ordinal) (\($0.reason.rawValue))" }
    }
    var lastWeek: [HistoryEntry] { scenario.history.filter { $0.account == account.id } }
    var expertNames: [String: String] { Dictionary(scenario.experts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }) }

    /// A ratio's value as the page shows it: margins and returns in percent, days whole, the current ratio with two decimals.
    static func show(_ ratio: HealthPolicy.Ratio, _ value: Double) -> String {
        switch ratio {
        case .netMargin, .returnOnAssets: NumberFormat.percent(value)
        case .collectionDays, .inventoryDays: NumberFormat.plain(value, decimals: 0)
        case .currentRatio: NumberFormat.plain(value, decimals: 2)
        }
    }

    /// "Liu Yang's birthday" / "company anniversary".
    static func describe(_ date: KeyDate) -> String {
        let kind: String = switch date.kind {
        case .birthday: "birthday"
        case .companyAnniversary: "company anniversary"
        case .contractRenewal: "contract renewal"
        case .partnershipAnniversary: "partnership anniversary"
        case .other: "key date"
        }
        return date.contact.map { "\($0)'s \(kind)" } ?? kind
    }

    /// The key date in words as it falls on `day` (its next occurrence): "company anniversary (the
    /// 30th): gala dinner", "Lu Yao's birthday".
    static func what(_ date: KeyDate, on day: CalendarDate?) -> String {
        describe(date) + (day.flatMap { anniversary(date, in: $0.year) }.map { " (the \($0))" } ?? "") + (date.note.map { ": \($0)" } ?? "")
    }

    /// "the 28th", for an anniversary in `year`, when its first year is known.
    static func anniversary(_ date: KeyDate, in year: Int) -> String? {
        guard date.kind == .companyAnniversary || date.kind == .partnershipAnniversary, let first = date.year, year > first else { return nil }
        let n = year - first
        let suffix = (11...13).contains(n % 100) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"
        return "\(n)\(suffix)"
    }

    // MARK: Table

    func table() -> String {
        var out = "\(account.name) (\(account.id)), \(scenario.name), \(scenario.week)\n"
        out += "manager \(manager.map { "\($0.name) (\($0.id))" } ?? account.manager)\(account.region.map { ", region \($0)" } ?? ""), stage \(account.stage.rawValue)\n"
        out += "tier \(assignment.tier.rawValue): \(tierWhy)\(assignment.flags.isEmpty ? "" : "; flags " + assignment.flags.map(\.rawValue).joined(separator: ", "))\n"
        out += "revenue \(NumberFormat.grouped(account.revenue))\(account.profit.map { ", profit \(NumberFormat.grouped($0))" } ?? "")"
        out += "; last visit \(account.lastVisit?.description ?? "never")\(account.lastCall.map { ", last call \($0)" } ?? "")\n"

        let periods = self.periods
        if let latest = periods.last {
            out += "\nhealth \(latest.score.map { NumberFormat.plain($0, decimals: 0) } ?? "-") of 100 in \(latest.period)"
            if periods.count > 1 { out += " (" + periods.dropLast().map { "\($0.period): \($0.score.map { NumberFormat.plain($0, decimals: 0) } ?? "-")" }.joined(separator: ", ") + ")" }
            out += "\n"
            var parts = TextTable([("ratio", .left), ("formula", .left), ("value", .right), ("points", .right), ("bad", .right), ("good", .right)])
            for part in latest.parts {
                let band = scenario.policy.health[part.ratio]
                parts.add([part.ratio.rawValue, FinancialHealth.formulaText(part.ratio),
                           part.value.map { Self.show(part.ratio, $0) } ?? "missing " + part.missing.map(\.rawValue).joined(separator: ", "),
                           part.points.map { NumberFormat.plain($0, decimals: 1) + " / 20" } ?? "-", Self.show(part.ratio, band.bad), Self.show(part.ratio, band.good)])
            }
            out += parts.rendered()
        }
        if !review.items.isEmpty {
            out += "\nto review:\n" + review.items.map { "  \($0.flag.rawValue): \($0.reason)\n" }.joined()
        }
        if let file {
            if !file.contacts.isEmpty {
                out += "\ncontacts:\n"
                var contacts = TextTable([("name", .left), ("role", .left), ("influence", .left), ("notes", .left)])
                for contact in file.contacts { contacts.add([contact.name, contact.role ?? "", contact.influence?.rawValue ?? "", contact.notes ?? ""]) }
                out += contacts.rendered()
            }
            let dates = keyDates
            if !dates.isEmpty {
                out += "\nkey dates:\n"
                var table = TextTable([("date", .left), ("what", .left), ("next", .left)])
                for entry in dates {
                    table.add([entry.date.text, Self.what(entry.date, on: entry.next),
                               (entry.next?.description ?? "past") + (entry.thisWeek ? " (this week)" : "")])
                }
                out += table.rendered()
            }
            if !file.stages.isEmpty { out += "\nstages: " + file.stages.map { "\($0.stage.rawValue) from \($0.from)" }.joined(separator: ", ") + "\n" }
            if !file.competitors.isEmpty { out += "competitors: " + file.competitors.joined(separator: ", ") + "\n" }
            if let notes = file.notes { out += "notes: \(notes)\n" }
            if let plan = file.servicePlan { out += Self.servicePlanText(plan) }
        }
        let names = expertNames
        out += "\nthis week's team: " + (team.isEmpty ? "none" : team.map { "\(names[$0.expert] ?? $0.expert) \(NumberFormat.grouped($0.hours)) h" }.joined(separator: ", ")) + "\n"
        for request in requests {
            out += "  \(request.id): \(NumberFormat.grouped(request.allocated)) of \(NumberFormat.grouped(request.requested)) h"
            out += request.unmet > 0 ? " (\(NumberFormat.grouped(request.unmet)) unmet: \(request.reason?.rawValue ?? ""))\n" : "\n"
        }
        let contacts = visits.map { "visit \(VisitReport.weekday($0.date)) \($0.date) \(VisitReport.clock($0.startMinute))" }
            + calls.map { "call \(VisitReport.weekday($0.date)) \($0.date) \(VisitReport.clock($0.startMinute))" }
        out += "visits and calls: " + (contacts.isEmpty ? "none this week" : contacts.joined(separator: ", "))
        out += leftOut.isEmpty ? "\n" : "; not placed: " + leftOut.joined(separator: ", ") + "\n"
        if !lastWeek.isEmpty {
            out += "last week: " + lastWeek.map { "\(names[$0.expert] ?? $0.expert) \(NumberFormat.grouped($0.hours)) h" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    static func servicePlanText(_ plan: ServicePlan) -> String {
        var out = "\nservice plan:\n"
        if let situation = plan.situation { out += "  situation: \(situation)\n" }
        for goal in plan.goals {
            out += "  goal: \(goal.goal)" + (goal.measure.map { "; measure: \($0)" } ?? "") + (goal.due.map { "; due \($0)" } ?? "") + "\n"
        }
        if !plan.team.isEmpty {
            out += "  team a week: " + plan.team.map { need in
                "\(need.skill) \(NumberFormat.grouped(need.hours)) h" + (need.priority != .normal ? " \(need.priority.rawValue)" : "") + (need.onsite ? " on site" : "")
            }.joined(separator: ", ") + " (kam request from-plan files them)\n"
        }
        for action in plan.actions {
            out += "  action: \(action.action)" + (action.owner.map { "; \($0)" } ?? "") + (action.due.map { "; due \($0)" } ?? "") + (action.done ? "; done" : "") + "\n"
        }
        return out
    }

    // MARK: JSON

    public func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("account", .string(account.id)), ("name", .string(account.name)), ("week", .string(scenario.week.description)),
            ("manager", .string(account.manager)), ("region", .string(account.region)), ("stage", .string(account.stage.rawValue)),
            ("tier", TierReport.json(assignment, review: review)), ("why", .string(tierWhy)),
        ]
        pairs.append(("health", .array(periods.map { health in
            .object([("period", .string(health.period)), ("score", health.score.map { .number($0) } ?? .null),
                     ("parts", .array(health.parts.map { part in
                         .object([("ratio", .string(part.ratio.rawValue)), ("value", part.value.map { .number($0) } ?? .null),
                                  ("points", part.points.map { .number($0) } ?? .null),
                                  ("missing", .array(part.missing.map { .string($0.rawValue) }))])
                     }))])
        })))
        if let file { pairs.append(("file", ScenarioWriter.accountFile(file))) }
        pairs.append(("keyDatesThisWeek", .array(keyDates.filter(\.thisWeek).map { entry in
            .object([("kind", .string(entry.date.kind.rawValue)), ("date", .string(entry.next!.description)), ("contact", .string(entry.date.contact))])
        })))
        pairs.append(("team", .array(team.map { .object([("expert", .string($0.expert)), ("hours", .number($0.hours))]) })))
        pairs.append(("requests", .array(requests.map { r in
            .object([("id", .string(r.id)), ("requested", .number(r.requested)), ("allocated", .number(r.allocated)), ("unmet", .number(r.unmet))])
        })))
        func contact(_ v: VisitPlan.Scheduled) -> JSONValue {
            .object([("date", .string(v.date.description)), ("start", .string(VisitReport.clock(v.startMinute))), ("end", .string(VisitReport.clock(v.endMinute)))])
        }
        pairs.append(("visits", .array(visits.map(contact))))
        pairs.append(("calls", .array(calls.map(contact))))
        pairs.append(("lastWeek", .array(lastWeek.map { .object([("expert", .string($0.expert)), ("hours", .number($0.hours))]) })))
        return .object(pairs)
    }
}
