import Accounts
import Scenarios

/// The account's page as one self-contained HTML file (`kam account show --format html`).
struct AccountPage {
    let report: AccountReport

    init(_ report: AccountReport) { self.report = report }

    func rendered() -> String {
        let account = report.account, scenario = report.scenario
        var page = HTMLPage(title: "\(account.name) — \(scenario.week)")
        let manager = report.manager.map { "\(html($0.name)) <span class=\"muted\">\(html($0.id))</span>" } ?? html(account.manager)
        page.raw("<header><h1>\(html(account.name)) <span class=\"tier \(report.assignment.tier.rawValue)\">\(report.assignment.tier.rawValue)</span></h1>"
                 + "<p class=\"sub\">\(html(account.id)) · managed by \(manager)\(account.region.map { " · \(html($0))" } ?? "") · stage \(account.stage.rawValue) · \(scenario.week)</p></header>")
        summary(&page)
        health(&page)
        people(&page)
        thisWeek(&page)
        page.raw("<footer>Made by kam from “\(html(scenario.name))” for \(scenario.week). "
                 + (report.personal ? "Contacts are personal data: share this page only with the account's manager and planners." : "Contacts and birthdays are left out: they are shown to the account's manager and planners.")
                 + "</footer>")
        return page.rendered()
    }

    private func summary(_ page: inout HTMLPage) {
        let account = report.account, periods = report.periods
        page.section("summary", "Tier and why")
        page.raw("<div class=\"cards\">")
        page.card("Tier", report.assignment.tier.rawValue, report.tierWhy)
        page.card("Revenue", NumberFormat.grouped(account.revenue), account.profit.map { "profit \(NumberFormat.grouped($0))" } ?? "profit not given")
        if let latest = periods.last {
            let score = latest.score.map { NumberFormat.plain($0, decimals: 0) } ?? "-"
            page.card("Health", score, "of 100 in \(latest.period)", alert: (latest.score ?? 100) < 40)
        }
        let items = report.review.items.filter { $0.flag != .strategic }
        page.card("To review", "\(items.count)", items.isEmpty ? (report.file?.strategic == true ? "marked strategic" : "nothing to look at") : items.map(\.flag.rawValue).joined(separator: ", "),
                  alert: !items.isEmpty)
        page.card("Last visit", account.lastVisit?.description ?? "never", account.lastCall.map { "last call \($0)" } ?? "")
        page.raw("</div>")
        if !report.assignment.flags.isEmpty {
            page.raw("<p>Tier flags: " + report.assignment.flags.map { "<b>\($0.rawValue)</b>" }.joined(separator: ", ") + "</p>")
        }
        if !report.review.items.isEmpty {
            page.raw("<ul class=\"review\">" + report.review.items.map { "<li><b>\($0.flag.rawValue)</b>: \(html($0.reason))</li>" }.joined() + "</ul>")
        }
        page.endSection()
    }

    private func health(_ page: inout HTMLPage) {
        let periods = report.periods
        guard let latest = periods.last else { return }
        page.section("health", "Financial health in \(latest.period)")
        page.raw("<p>Each ratio scores 0 points at its bad end and 20 at its good end (policy.health); the score is their sum"
                 + (latest.parts.contains { $0.points == nil } ? ", scaled to 100 over the ratios the figures allow" : "") + ".</p>")
        var table = "<table><thead><tr><th>ratio</th><th>formula</th><th class=\"n\">value</th><th class=\"n\">bad</th><th class=\"n\">good</th><th>points</th></tr></thead><tbody>"
        for part in latest.parts {
            let band = report.scenario.policy.health[part.ratio]
            let value = part.value.map { AccountReport.show(part.ratio, $0) } ?? "missing " + part.missing.map(\.rawValue).joined(separator: ", ")
            let bar = part.points.map { points in
                "<div class=\"bar\"><span style=\"width: \(Int((points / 20 * 100).rounded()))%\"></span></div> \(NumberFormat.plain(points, decimals: 1)) / 20"
            } ?? "-"
            table += "<tr><td>\(part.ratio.rawValue)</td><td class=\"muted\">\(FinancialHealth.formulaText(part.ratio))</td><td class=\"n\">\(value)</td>"
            table += "<td class=\"n\">\(AccountReport.show(part.ratio, band.bad))</td><td class=\"n\">\(AccountReport.show(part.ratio, band.good))</td><td>\(bar)</td></tr>"
        }
        page.raw(table + "</tbody></table>")
        if periods.count > 1 {
            page.raw("<p>Score by period: " + periods.map { "\(html($0.period)) <b>\($0.score.map { NumberFormat.plain($0, decimals: 0) } ?? "-")</b>" }.joined(separator: " → ") + "</p>")
        }
        page.endSection()
    }

    private func people(_ page: inout HTMLPage) {
        guard let file = report.file else { return }
        page.section("file", "The account file")
        if !file.contacts.isEmpty {
            var table = "<h3>People</h3><table><thead><tr><th>name</th><th>role</th><th>influence</th><th>notes</th></tr></thead><tbody>"
            for contact in file.contacts {
                table += "<tr><td>\(html(contact.name))</td><td>\(html(contact.role ?? ""))</td><td>\(contact.influence?.rawValue ?? "")</td><td>\(html(contact.notes ?? ""))</td></tr>"
            }
            page.raw(table + "</tbody></table>")
        }
        let dates = report.keyDates
        if !dates.isEmpty {
            var table = "<h3>Key dates</h3><table><thead><tr><th>date</th><th>what</th><th>next</th></tr></thead><tbody>"
            for entry in dates {
                let what = html(AccountReport.what(entry.date, on: entry.next))
                let next = entry.next.map { "\(VisitReport.weekday($0)) \($0)" } ?? "past"
                table += "<tr\(entry.thisWeek ? " class=\"now\"" : "")><td>\(entry.date.text)</td><td>\(what)</td><td>\(next)\(entry.thisWeek ? " <b>this week</b>" : "")</td></tr>"
            }
            page.raw(table + "</tbody></table>")
        }
        if !file.stages.isEmpty {
            page.raw("<h3>Relationship</h3><p>" + file.stages.map { "\($0.stage.rawValue) from \($0.from)" }.joined(separator: " → ") + "</p>")
        }
        if !file.competitors.isEmpty { page.raw("<p>Competitors present: " + file.competitors.map(html).joined(separator: ", ") + "</p>") }
        if let notes = file.notes { page.raw("<p class=\"note\">\(html(notes))</p>") }
        page.endSection()
        if let plan = file.servicePlan { servicePlan(&page, plan) }
    }

    private func servicePlan(_ page: inout HTMLPage, _ plan: ServicePlan) {
        page.section("plan", "Service plan")
        if let situation = plan.situation { page.raw("<p><b>Situation.</b> \(html(situation))</p>") }
        if !plan.goals.isEmpty {
            var table = "<h3>Goals</h3><table><thead><tr><th>goal</th><th>measure</th><th>due</th></tr></thead><tbody>"
            for goal in plan.goals { table += "<tr><td>\(html(goal.goal))</td><td>\(html(goal.measure ?? ""))</td><td>\(goal.due?.description ?? "")</td></tr>" }
            page.raw(table + "</tbody></table>")
        }
        if !plan.team.isEmpty {
            var table = "<h3>The team it needs every week</h3><table><thead><tr><th>skill</th><th class=\"n\">hours</th><th>priority</th><th>on site</th><th>note</th></tr></thead><tbody>"
            for need in plan.team {
                table += "<tr><td>\(html(need.skill))</td><td class=\"n\">\(NumberFormat.grouped(need.hours))</td><td>\(need.priority.rawValue)</td><td>\(need.onsite ? "yes" : "")</td><td>\(html(need.note ?? ""))</td></tr>"
            }
            page.raw(table + "</tbody></table><p class=\"muted\">kam request from-plan files these as the week's requests.</p>")
        }
        if !plan.actions.isEmpty {
            var table = "<h3>Actions</h3><table><thead><tr><th>action</th><th>owner</th><th>due</th><th></th></tr></thead><tbody>"
            for action in plan.actions {
                table += "<tr><td>\(html(action.action))</td><td>\(html(action.owner ?? ""))</td><td>\(action.due?.description ?? "")</td><td>\(action.done ? "done" : "")</td></tr>"
            }
            page.raw(table + "</tbody></table>")
        }
        page.endSection()
    }

    private func thisWeek(_ page: inout HTMLPage) {
        page.section("week", "This week and last")
        let names = report.expertNames
        page.raw("<p>Team: " + (report.team.isEmpty ? "none this week" : report.team.map { "\(html(names[$0.expert] ?? $0.expert)) \(NumberFormat.grouped($0.hours)) h" }.joined(separator: ", ")) + "</p>")
        if !report.requests.isEmpty {
            var table = "<table><thead><tr><th>request</th><th class=\"n\">requested</th><th class=\"n\">allocated</th><th>unmet</th></tr></thead><tbody>"
            for r in report.requests {
                table += "<tr><td>\(html(r.id))</td><td class=\"n\">\(NumberFormat.grouped(r.requested))</td><td class=\"n\">\(NumberFormat.grouped(r.allocated))</td>"
                table += "<td>\(r.unmet > 0 ? "\(NumberFormat.grouped(r.unmet)) h (\(r.reason?.rawValue ?? ""))" : "")</td></tr>"
            }
            page.raw(table + "</tbody></table>")
        }
        let contacts = report.visits.map { "visit \(VisitReport.weekday($0.date)) \($0.date) \(VisitReport.clock($0.startMinute))–\(VisitReport.clock($0.endMinute))" }
            + report.calls.map { "call \(VisitReport.weekday($0.date)) \($0.date) \(VisitReport.clock($0.startMinute))–\(VisitReport.clock($0.endMinute))" }
        page.raw("<p>Visits and calls: " + (contacts.isEmpty ? "none this week" : contacts.joined(separator: ", "))
                 + (report.leftOut.isEmpty ? "" : "; not placed: " + report.leftOut.joined(separator: ", ")) + "</p>")
        if !report.lastWeek.isEmpty {
            page.raw("<p>Last week: " + report.lastWeek.map { "\(html(names[$0.expert] ?? $0.expert)) \(NumberFormat.grouped($0.hours)) h" }.joined(separator: ", ") + "</p>")
        }
        page.endSection()
    }
}
