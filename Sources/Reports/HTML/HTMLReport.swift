import Accounts
import Planning
import Allocation
import Scenarios
import Visits

/// `report.html`: one self-contained page (inline CSS and SVG, no network) for planners:
/// headline figures, virtual teams, unmet requests, expert utilization and shadow prices,
/// coverage by tier, the Pareto curve of the book, and each manager's visit week.
public struct HTMLReport: Sendable {
    public let plan: WeeklyPlan
    /// Charts and long lists show at most this many rows; the CSV files have them all.
    static let chartLimit = 40
    static let managerLimit = 60

    /// Accounts by id, indexed once (sections look accounts up by id).
    private let accounts: [String: Account]

    public init(_ plan: WeeklyPlan) {
        self.plan = plan
        accounts = Dictionary(plan.scenario.accounts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func rendered() -> String {
        let scenario = plan.scenario
        var page = HTMLPage(title: "\(scenario.name) — plan for \(scenario.week)", interactive: true)
        page.raw("<header><h1>\(html(scenario.name))</h1><p class=\"sub\">Weekly plan for \(scenario.week) (\(scenario.week.monday) to \(scenario.week.date(of: .sunday))) · allocation \(plan.allocation.status.rawValue)</p></header>")
        let notes = scenario.requests.filter { $0.note != nil }
        var contents: [(String, String)] = [("summary", "Headline figures")]
        if plan.allocation.changes != nil { contents.append(("changes", "Changes against the reference plan")) }
        contents += [("teams", "Virtual teams"), ("why", "Why these experts"), ("unmet", "Unmet requests"),
                                            ("experts", "Experts: utilization and shadow prices"), ("expert-weeks", "Each expert's week")]
        if !notes.isEmpty { contents.append(("notes", "Managers' notes")) }
        let reviews = AccountReview.all(scenario)
        let toReview = TierReport.toReview(assignments: plan.tiers, reviews: reviews)
        let keyDates = KeyDatesThisWeek(plan)
        contents += [("tiers", "Tiers and coverage")]
        if !toReview.isEmpty { contents.append(("review", "Accounts to review")) }
        contents.append(("visits", "Visit week per manager"))
        if !keyDates.entries.isEmpty { contents.append(("keydates", "Key dates this week")) }
        contents.append(("cadence", "Cadence: who falls behind"))
        page.raw("<nav class=\"toc\"><b>Contents</b> " + contents.map { "<a href=\"#\($0.0)\">\(html($0.1))</a>" }.joined(separator: " · ") + "</nav>")
        summary(&page)
        if let changes = plan.allocation.changes { self.changes(&page, changes) }
        teams(&page)
        why(&page)
        unmet(&page)
        experts(&page)
        expertWeeks(&page)
        if !notes.isEmpty { self.notes(&page, notes) }
        tiers(&page)
        if !toReview.isEmpty { review(&page, toReview) }
        visits(&page)
        if !keyDates.entries.isEmpty { self.keyDates(&page, keyDates) }
        cadence(&page)
        page.raw("<footer>Made by kam from “\(html(scenario.name))” for \(scenario.week). Every figure comes from the same plan as plan.json and the CSV files. Long tables sort by a click on a heading and filter as you type (with scripts on).</footer>")
        return page.rendered()
    }

    // MARK: Lookups


    /// Account ids in report order: tier (platinum first), then value basis (largest first), then input order.
    private func reportOrder() -> [String: Int] {
        // Sort indices with the keys looked up once: sorting the accounts themselves copied them.
        let accounts = plan.scenario.accounts
        let tierOf = plan.tierOfAccount
        let tier = accounts.map { Tier.allCases.firstIndex(of: tierOf[$0.id] ?? .lead)! }
        let basis = accounts.map(\.valueBasis)
        let ordered = accounts.indices.sorted { a, b in
            if tier[a] != tier[b] { return tier[a] < tier[b] }
            if basis[a] != basis[b] { return basis[a] > basis[b] }
            return a < b
        }
        var rank: [String: Int] = [:]
        rank.reserveCapacity(accounts.count)
        for (position, index) in ordered.enumerated() where rank[accounts[index].id] == nil { rank[accounts[index].id] = position }
        return rank
    }

    /// A tier badge cell that sorts platinum first.
    private func tierCell(_ tier: Tier) -> String {
        "<td data-sort=\"\(Tier.allCases.firstIndex(of: tier)!)\"><span class=\"tier \(tier.rawValue)\">\(tier.rawValue)</span></td>"
    }

    /// An account's name with its id below.
    private func accountCell(_ id: String, _ accounts: [String: Account]) -> String {
        "<td>\(html(accounts[id]?.name ?? id))<div class=\"muted\">\(html(id))</div></td>"
    }

    // MARK: Sections

    private func summary(_ page: inout HTMLPage) {
        let f = plan.figures
        page.section("summary", "Headline figures")
        page.raw("<div class=\"cards\">")
        page.card("Value of the plan", NumberFormat.grouped(f.objective), "objective: value minus shortfall penalties")
        page.card("Expert hours", "\(NumberFormat.grouped(f.allocated)) / \(NumberFormat.grouped(f.requested))", "allocated / requested (\(NumberFormat.percent(f.requested > 0 ? f.allocated / f.requested : nil)))")
        page.card("Unmet platinum hours", NumberFormat.grouped(f.unmetPlatinumHours), f.unmetPlatinumHours > 0 ? "platinum accounts are short" : "platinum fully served", alert: f.unmetPlatinumHours > 0)
        page.card("Unmet requests", "\(f.unmetRequests)", "\(NumberFormat.grouped(f.unmetHours)) hours in all")
        page.card("Visits", "\(f.visitsScheduled)", f.visitsUnscheduled > 0 ? "\(f.visitsUnscheduled) did not fit" : "every due visit fits", alert: f.visitsUnscheduled > 0)
        page.card("Travel", "\(NumberFormat.grouped(f.travelHours)) h", "one charge per region and day")
        page.raw("</div>")
        var table = "<table><thead><tr><th>tier</th><th class=\"n\">requested h</th><th class=\"n\">allocated h</th><th class=\"n\">coverage</th></tr></thead><tbody>"
        for tier in Tier.allCases {
            let hours = f.byTier[tier]!
            guard hours.requested > 0 else { continue }
            table += "<tr>\(tierCell(tier))<td class=\"n\">\(NumberFormat.grouped(hours.requested))</td><td class=\"n\">\(NumberFormat.grouped(hours.allocated))</td><td class=\"n\">\(NumberFormat.percent(hours.coverage))</td></tr>"
        }
        page.raw(table + "</tbody></table>")
        page.endSection()
    }

    private func teams(_ page: inout HTMLPage) {
        page.section("teams", "Virtual teams")
        let tierOf = plan.tierOfAccount
        let accounts = self.accounts
        let managers = Dictionary(plan.scenario.managers.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let experts = Dictionary(plan.scenario.experts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        if plan.allocation.teams.isEmpty {
            page.raw("<p>No expert hours were allocated this week.</p>")
        } else {
            let rank = reportOrder()
            page.raw("<p>\(NumberFormat.count(plan.allocation.teams.count, "account")) with expert hours, platinum first, then by value.</p>")
            var rows = "<table class=\"data\"><thead><tr><th>account</th><th>tier</th><th>manager</th><th class=\"n\">hours</th><th>experts (hours)</th></tr></thead><tbody>"
            for team in plan.allocation.teams.sorted(by: { rank[$0.account, default: .max] < rank[$1.account, default: .max] }) {
                let tier = tierOf[team.account] ?? .lead
                let members = team.experts.map { "\(html(experts[$0.expert]?.name ?? $0.expert)) <span class=\"muted\">\(NumberFormat.grouped($0.hours)) h</span>" }.joined(separator: ", ")
                let hours = team.experts.reduce(0) { $0 + $1.hours }
                rows += "<tr>\(accountCell(team.account, accounts))\(tierCell(tier))<td>\(html(managers[team.manager]?.name ?? team.manager))</td><td class=\"n\">\(NumberFormat.grouped(hours))</td><td>\(members)</td></tr>"
            }
            page.raw(rows + "</tbody></table>")
        }
        page.endSection()
    }

    private func unmet(_ page: inout HTMLPage) {
        page.section("unmet", "Unmet requests")
        let unmet = plan.allocation.requests.filter { $0.unmet > 0 }
        if unmet.isEmpty {
            page.raw("<p>Every request is fully met.</p>")
        } else {
            let tierOf = plan.tierOfAccount
            let accounts = self.accounts
            let rank = reportOrder()
            let requests = Dictionary(plan.scenario.requests.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            page.raw("<p>\(NumberFormat.count(unmet.count, "request")) not fully met, platinum first, then by the account's value.</p>")
            var rows = "<table class=\"data\"><thead><tr><th>request</th><th>account</th><th>tier</th><th>skill</th><th class=\"n\">requested</th><th class=\"n\">allocated</th><th class=\"n\">unmet</th><th>why</th></tr></thead><tbody>"
            for r in unmet.enumerated().sorted(by: { a, b in
                let (ra, rb) = (rank[a.element.account, default: .max], rank[b.element.account, default: .max])
                return ra != rb ? ra < rb : a.offset < b.offset
            }).map(\.element) {
                let request = requests[r.id]
                let note = request?.note.map { "<div class=\"request-note\">note: \(html($0))</div>" } ?? ""
                rows += "<tr><td>\(html(r.id))</td>\(accountCell(r.account, accounts))\(tierCell(tierOf[r.account] ?? .lead))<td>\(html(request?.skill ?? ""))</td><td class=\"n\">\(NumberFormat.grouped(r.requested))</td><td class=\"n\">\(NumberFormat.grouped(r.allocated))</td><td class=\"n\">\(NumberFormat.grouped(r.unmet))</td><td><b>\(r.reason?.rawValue ?? "")</b> \(html(r.detail ?? ""))\(note)</td></tr>"
            }
            page.raw(rows + "</tbody></table>")
        }
        page.endSection()
    }

    private func experts(_ page: inout HTMLPage) {
        page.section("experts", "Experts: utilization and shadow prices")
        let names = Dictionary(plan.scenario.experts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let shown = plan.allocation.experts.enumerated()
            .sorted { a, b in
                a.element.shadowPrice != b.element.shadowPrice ? a.element.shadowPrice > b.element.shadowPrice
                    : a.element.utilization != b.element.utilization ? a.element.utilization > b.element.utilization : a.offset < b.offset
            }
            .prefix(Self.chartLimit).map(\.element)
        page.raw("<p>The shadow price is what one more hour of the expert would add to the plan's value: the scarcest experts first.")
        if plan.allocation.experts.count > shown.count {
            page.raw(" Showing \(shown.count) of \(plan.allocation.experts.count) experts; <a href=\"#expert-weeks\">each expert's week</a> and plan.json have them all.")
        }
        page.raw("</p>")
        let maxPrice = shown.map(\.shadowPrice).max() ?? 0
        page.raw(BarChart.horizontal(
            shown.map { e in
                BarChart.Bar(label: "\(names[e.id] ?? e.id)", value: e.utilization,
                             note: "\(NumberFormat.percent(e.utilization, decimals: 0)) of \(NumberFormat.grouped(e.capacity)) h · shadow \(NumberFormat.plain(e.shadowPrice))",
                             emphasis: maxPrice > 0 ? e.shadowPrice / maxPrice : 0)
            }, maximum: 1, title: "Utilization (bar) and shadow price (colour: darker is scarcer)"))
        if let spread = plan.allocation.loadSpread { page.raw("<p>\(html(AllocationReport.loadLine(spread)))</p>") }
        page.endSection()
    }

    /// What moved against the reference plan (re-planning): one row per changed assignment.
    private func changes(_ page: inout HTMLPage, _ changes: PlanChanges) {
        page.section("changes", "Changes against the reference plan")
        page.raw("<p>\(html(AllocationReport.changesSummary(changes)))</p>")
        if !changes.moves.isEmpty {
            var rows = "<table class=\"data\"><thead><tr><th>expert</th><th>request</th><th>account</th><th class=\"n\">was</th><th class=\"n\">now</th><th>why</th></tr></thead><tbody>"
            for move in changes.moves {
                rows += "<tr><td>\(html(move.expert))</td><td>\(html(move.request))</td><td>\(html(move.account))</td><td class=\"n\">\(NumberFormat.grouped(move.from))</td><td class=\"n\">\(NumberFormat.grouped(move.to))</td><td>\(html(move.why))</td></tr>"
            }
            page.raw(rows + "</tbody></table>")
        }
        page.endSection()
    }

    /// Every expert: hours, utilization, shadow price, and the accounts their hours go to.
    /// Each assignment with its reason: the hour's value here against the expert's shadow price
    /// (their best use elsewhere) and the next best candidate.
    private func why(_ page: inout HTMLPage) {
        page.section("why", "Why these experts")
        let experts = Dictionary(plan.scenario.experts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let accounts = self.accounts
        page.raw("<p>An expert's shadow price is what their hour earns in its best use elsewhere; the margin is what this request gains over that. At the optimum no margin is negative unless a pin or the change penalty holds the hours.</p>")
        var rows = "<table class=\"data\"><thead><tr><th>expert</th><th>account</th><th>request</th><th class=\"n\">hours</th><th class=\"n\">value/h</th><th class=\"n\">shadow price</th><th class=\"n\">margin</th><th>why</th></tr></thead><tbody>"
        for a in plan.allocation.assignments {
            rows += "<tr><td>\(html(experts[a.expert]?.name ?? a.expert))</td>\(accountCell(a.account, accounts))<td>\(html(a.request))</td><td class=\"n\">\(NumberFormat.grouped(a.hours))</td><td class=\"n\">\(NumberFormat.plain(a.valuePerHour))</td><td class=\"n\">\(NumberFormat.plain(a.reason.shadowPrice))</td><td class=\"n\">\(NumberFormat.plain(a.reason.margin))</td><td>\(html(a.reason.words))</td></tr>"
        }
        page.raw(rows + "</tbody></table>")
        page.endSection()
    }

    private func expertWeeks(_ page: inout HTMLPage) {
        page.section("expert-weeks", "Each expert's week")
        let experts = Dictionary(plan.scenario.experts.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let accounts = self.accounts
        var work: [String: [(account: String, hours: Double)]] = [:]
        for team in plan.allocation.teams {
            for member in team.experts { work[member.expert, default: []].append((team.account, member.hours)) }
        }
        var rows = "<table class=\"data\"><thead><tr><th>expert</th><th>region</th><th class=\"n\">capacity</th><th class=\"n\">allocated</th><th class=\"n\">utilization</th><th class=\"n\">shadow price</th><th>accounts (hours)</th></tr></thead><tbody>"
        for outcome in plan.allocation.experts {
            let expert = experts[outcome.id]
            let onLeave = outcome.capacity == 0 && (expert?.unavailableWeeks.contains(plan.scenario.week) ?? false)
            let capacity = onLeave ? "<td class=\"n muted\" data-sort=\"0\">on leave</td>" : "<td class=\"n\">\(NumberFormat.grouped(outcome.capacity))</td>"
            let list = (work[outcome.id] ?? []).sorted { $0.hours != $1.hours ? $0.hours > $1.hours : $0.account < $1.account }
                .map { "\(html(accounts[$0.account]?.name ?? $0.account)) <span class=\"muted\">\(NumberFormat.grouped($0.hours)) h</span>" }
                .joined(separator: ", ")
            rows += "<tr><td>\(html(expert?.name ?? outcome.id))<div class=\"muted\">\(html(outcome.id))</div></td><td>\(html(expert?.region ?? ""))</td>\(capacity)<td class=\"n\">\(NumberFormat.grouped(outcome.allocated))</td><td class=\"n\">\(onLeave ? "-" : NumberFormat.percent(outcome.utilization, decimals: 0))</td>\(priceCell(outcome))<td>\(list.isEmpty ? "<span class=\"muted\">\(onLeave ? "on leave this week" : "no hours allocated")</span>" : list)</td></tr>"
        }
        page.raw(rows + "</tbody></table>")
        page.raw("<p class=\"muted\">Shadow price: what one more hour of the expert adds to the objective. Below it, the hours over which that price holds (fewer .. more).</p>")
        page.endSection()
    }

    /// The shadow price with the hours over which it holds underneath.
    private func priceCell(_ outcome: AllocationPlan.ExpertOutcome) -> String {
        let range = outcome.priceRange.map { "<div class=\"muted\" title=\"the price holds \($0.words)\">\(html($0.cell)) h</div>" } ?? ""
        return "<td class=\"n\" data-sort=\"\(outcome.shadowPrice)\">\(NumberFormat.plain(outcome.shadowPrice))\(range)</td>"
    }

    /// The managers' notes on this week's requests.
    private func notes(_ page: inout HTMLPage, _ requests: [ExpertRequest]) {
        page.section("notes", "Managers' notes")
        let accounts = self.accounts
        let outcomes = Dictionary(plan.allocation.requests.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var rows = "<table><thead><tr><th>request</th><th>account</th><th>by</th><th class=\"n\">allocated</th><th>note</th></tr></thead><tbody>"
        for request in requests {
            let outcome = outcomes[request.id]
            rows += "<tr><td>\(html(request.id))</td>\(accountCell(request.account, accounts))<td>\(html(request.requestedBy ?? accounts[request.account]?.manager ?? ""))</td><td class=\"n\">\(outcome.map { "\(NumberFormat.grouped($0.allocated)) of \(NumberFormat.grouped($0.requested)) h" } ?? "")</td><td class=\"request-note\">\(html(request.note ?? ""))</td></tr>"
        }
        page.raw(rows + "</tbody></table>")
        page.endSection()
    }

    private func tiers(_ page: inout HTMLPage) {
        page.section("tiers", "Tiers and coverage")
        let f = plan.figures
        let bars = Tier.allCases.compactMap { tier -> BarChart.Bar? in
            let hours = f.byTier[tier]!
            guard hours.requested > 0 else { return nil }
            return BarChart.Bar(label: tier.rawValue, value: hours.coverage ?? 0,
                                note: "\(NumberFormat.grouped(hours.allocated)) of \(NumberFormat.grouped(hours.requested)) h (\(NumberFormat.percent(hours.coverage)))",
                                emphasis: tier == .platinum ? 1 : tier == .gold ? 0.7 : 0.4)
        }
        page.raw("<div class=\"two\"><div><h3>Coverage of requested hours by tier</h3>")
        page.raw(BarChart.horizontal(bars, maximum: 1, title: "Share of requested hours allocated", compact: true))
        let summary = TierSummary(plan.scenario, plan.tiers)
        var table = "<table><thead><tr><th>tier</th><th class=\"n\">accounts</th><th class=\"n\">of accounts</th><th class=\"n\">of revenue</th><th class=\"n\">of profit</th></tr></thead><tbody>"
        for row in summary.rows {
            table += "<tr>\(tierCell(row.tier))<td class=\"n\">\(row.accounts)</td><td class=\"n\">\(NumberFormat.percent(row.accountShare))</td><td class=\"n\">\(NumberFormat.percent(row.revenueShare))</td><td class=\"n\">\(NumberFormat.percent(row.profitShare))</td></tr>"
        }
        page.raw(table + "</tbody></table></div>")
        let basis = plan.scenario.policy.tiering.effectiveBasis.rawValue
        page.raw("<div><h3 id=\"pareto\">Pareto curve: share of \(basis) by share of accounts</h3>")
        page.raw(ParetoChart.svg(scenario: plan.scenario, tiers: plan.tiers))
        page.raw("</div></div>")
        page.endSection()
    }

    private func visits(_ page: inout HTMLPage) {
        page.section("visits", "Visit week per manager")
        let visits = plan.visits
        let hasCalls = !plan.scenario.policy.visits.calls.isEmpty
        let calls = hasCalls ? "; \(NumberFormat.count(visits.calls.count, "call")) placed after the visits, \(visits.unscheduledCalls.count) did not fit." : "."
        page.raw("<p>\(NumberFormat.count(visits.scheduled.count, "visit")) scheduled, \(visits.unscheduled.count) unscheduled, \(NumberFormat.grouped(visits.travelHours)) travel hours" + calls)
        let managers = plan.scenario.managers
        if managers.count > Self.managerLimit {
            page.raw(" Showing the first \(Self.managerLimit) of \(managers.count) managers; visits.csv and the calendars have them all.")
        }
        page.raw("</p>")
        let accounts = self.accounts
        let workdays = DueVisits.workdays(plan.scenario)
        var byManager: [String: [VisitPlan.Scheduled]] = [:]
        for visit in visits.scheduled { byManager[visit.manager, default: []].append(visit) }
        var missedBy: [String: [String]] = [:]
        for visit in visits.unscheduled { missedBy[visit.manager, default: []].append("\(html(visit.account)) (\(visit.reason.rawValue))") }
        for call in visits.unscheduledCalls { missedBy[call.manager, default: []].append("\(html(call.account)) call (\(call.reason.rawValue))") }
        var callsBy: [String: [VisitPlan.Scheduled]] = [:]
        for call in visits.calls { callsBy[call.manager, default: []].append(call) }
        for (manager, summary) in zip(managers, visits.managers).prefix(Self.managerLimit) {
            let mine = byManager[manager.id] ?? []
            let calls = callsBy[manager.id] ?? []
            let missed = missedBy[manager.id] ?? []
            guard !mine.isEmpty || !missed.isEmpty || !calls.isEmpty else { continue }
            var table = "<table class=\"week\"><caption>\(html(manager.name)) <span class=\"muted\">\(html(manager.id))\(manager.region.map { " · \(html($0))" } ?? "") · \(NumberFormat.count(summary.regionDays, "region-day"))</span></caption><thead><tr>"
            for day in workdays { table += "<th>\(VisitReport.weekday(day)) \(day.month)/\(day.day)</th>" }
            table += "</tr></thead><tbody><tr>"
            for day in workdays {
                if !summary.days.contains(day) {
                    table += "<td class=\"away\">away</td>"
                    continue
                }
                let today = mine.filter { $0.date == day }
                table += "<td>" + today.map { v in
                    "<div class=\"visit \(v.tier.rawValue)\"><b>\(VisitReport.clock(v.startMinute))</b> \(html(accounts[v.account]?.name ?? v.account))<div class=\"muted\">\(html(v.region ?? "no region")) · \(v.tier.rawValue)</div></div>"
                }.joined() + calls.filter { $0.date == day }.map { c in
                    "<div class=\"visit call \(c.tier.rawValue)\"><b>\(VisitReport.clock(c.startMinute))</b> call \(html(accounts[c.account]?.name ?? c.account))<div class=\"muted\">\(Int((c.hours * 60).rounded())) min · \(c.tier.rawValue)</div></div>"
                }.joined() + "</td>"
            }
            table += "</tr></tbody></table>"
            if !missed.isEmpty {
                table += "<p class=\"missed\">Did not fit: " + missed.joined(separator: ", ") + "</p>"
            }
            page.raw(table)
        }
        page.endSection()
    }

    /// Accounts to look at again: key accounts with tier flags, and any with health or fake-key-account flags.
    private func review(_ page: inout HTMLPage, _ entries: [TierReport.ToReview]) {
        page.section("review", "Accounts to review")
        page.raw("<p>Key accounts with tier flags, and accounts whose customer's figures call for a look (health from the account file's latest period, policy.health). <code>kam account show</code> has each account's page.</p>")
        let accounts = self.accounts
        // Key accounts first (platinum, gold, ...), then account order; long lists are cut like the others.
        let order = Dictionary(uniqueKeysWithValues: Tier.allCases.enumerated().map { ($0.element, $0.offset) })
        let shown = entries.enumerated().sorted { (order[$0.element.tier]!, $0.offset) < (order[$1.element.tier]!, $1.offset) }.map(\.element)
        if shown.count > Self.managerLimit {
            page.raw("<p class=\"muted\">The first \(Self.managerLimit) of \(shown.count), key accounts first; <code>kam tiers</code> and plan.json's <code>tiers[].review</code> have them all.</p>")
        }
        var table = "<table class=\"data\"><thead><tr><th>account</th><th>tier</th><th class=\"n\">health</th><th>flags</th><th>why</th></tr></thead><tbody>"
        for entry in shown.prefix(Self.managerLimit) {
            let score = entry.health.map { NumberFormat.plain($0, decimals: 0) } ?? "-"
            table += "<tr>\(accountCell(entry.account, accounts))\(tierCell(entry.tier))<td class=\"n\">\(score)</td><td>\(entry.flags.joined(separator: ", "))</td>"
            table += "<td>\(entry.reasons.map(html).joined(separator: "<br>"))</td></tr>"
        }
        page.raw(table + "</tbody></table>")
        page.endSection()
    }

    /// The week's key dates per manager, with the greeting or preparation they call for.
    private func keyDates(_ page: inout HTMLPage, _ dates: KeyDatesThisWeek) {
        page.section("keydates", "Key dates this week")
        page.raw("<p>Birthdays, anniversaries and renewals of the week (the accounts' files): a visit is moved onto the day where the week allows it.</p>")
        let accounts = self.accounts
        let managers = Dictionary(plan.scenario.managers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var table = "<table><thead><tr><th>manager</th><th>day</th><th>account</th><th>what</th><th>to do</th><th>visit that day</th></tr></thead><tbody>"
        for entry in dates.entries {
            table += "<tr><td>\(html(managers[entry.manager] ?? entry.manager))</td><td>\(VisitReport.weekday(entry.date)) \(entry.date)</td>\(accountCell(entry.account, accounts))"
            table += "<td>\(html(entry.what))</td><td>\(html(entry.reminder))</td><td>\(entry.visit.map { "visit at " + VisitReport.clock($0) } ?? "none")</td></tr>"
        }
        page.raw(table + "</tbody></table>")
        page.endSection()
    }

    /// The cadence view of the week: per tier and channel, and the accounts that fall behind.
    private func cadence(_ page: inout HTMLPage) {
        page.section("cadence", "Cadence: who falls behind")
        let summary = CadenceSummary(plan)
        guard !summary.rows.isEmpty else {
            page.raw("<p class=\"muted\">No tier has a visit or call cadence.</p>")
            page.endSection()
            return
        }
        page.raw("<p>Accounts against their tier's cadence (policy.visits.cadence): overdue when the week began, due this week, kept (every due contact scheduled) and behind (a due contact found no place).</p>")
        var table = "<table><thead><tr><th>Tier</th><th>Channel</th><th class=\"n\">Accounts</th><th class=\"n\">Overdue on \(plan.scenario.week.monday)</th><th class=\"n\">Due this week</th><th class=\"n\">Kept</th><th class=\"n\">Behind</th></tr></thead><tbody>"
        for row in summary.rows {
            table += "<tr>\(tierCell(row.tier))<td>\(row.channel.rawValue)</td><td class=\"n\">\(row.accounts)</td><td class=\"n\">\(row.overdue)</td><td class=\"n\">\(row.due)</td><td class=\"n\">\(row.kept)</td><td class=\"n\">\(row.behind)</td></tr>"
        }
        page.raw(table + "</tbody></table>")
        guard !summary.behind.isEmpty else {
            page.raw("<p>Every contact due this week is scheduled: no account falls behind.</p>")
            page.endSection()
            return
        }
        let accounts = self.accounts
        let managers = Dictionary(plan.scenario.managers.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        page.raw("<h3>Falling behind this week</h3>")
        if summary.behind.count > Self.chartLimit {
            page.raw("<p class=\"muted\">The \(Self.chartLimit) most late of \(summary.behind.count); plan.json's unscheduled lists have them all.</p>")
        }
        var list = "<table class=\"data\"><thead><tr><th>Account</th><th>Manager</th><th>Tier</th><th>Channel</th><th>Last</th><th>Next due</th><th class=\"n\">Days late</th><th class=\"n\">Left out</th><th>Why</th></tr></thead><tbody>"
        for row in summary.behind.prefix(Self.chartLimit) {
            list += "<tr><td>\(html(accounts[row.account]?.name ?? row.account)) <span class=\"muted\">\(html(row.account))</span></td><td>\(html(managers[row.manager] ?? row.manager))</td>\(tierCell(row.tier))<td>\(row.channel.rawValue)</td>"
            list += "<td>\(row.lastContact?.description ?? "never")</td><td>\(row.nextDue?.description ?? "now")</td><td class=\"n\">\(row.daysLate)</td><td class=\"n\">\(row.missing)</td><td>\(row.reason == .capacity ? "the manager's days are full" : "no workday this week")</td></tr>"
        }
        page.raw(list + "</tbody></table>")
        page.endSection()
    }
}

/// Escapes text for HTML content and attributes.
func html(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(character)
        }
    }
    return out
}
