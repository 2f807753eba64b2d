import Allocation
import Foundation
import Hummingbird
import Reports
import Scenarios
import Visits
import Workspace

/// The web pages: sign in, a manager's page and a planner's page. Forms post back here (with the
/// session's CSRF token) and answer with a redirect, so reloading a page never files twice.
struct WebRoutes {
    let server: TeamServer
    var workspace: PlanningWorkspace { server.workspace }

    func add(to router: Router<ServerContext>) {
        router.get("/") { _, context in
            guard let user = context.identity else { return Pages.redirect("/signin") }
            return Pages.redirect(user.role == .manager ? "/manager" : "/planner")
        }
        router.get("signin") { _, context in
            Pages.render("signin", title: "Sign in", values: [:], context: context)
        }
        router.post("signin") { request, context in
            let fields = FormFields.parse(Array(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
            let id = FormFields.value("id", in: fields) ?? ""
            let address = context.remoteAddress
            do {
                if let seconds = server.signInGuard.wait(id: id, address: address) {
                    try await Task.sleep(for: server.limits.refusalDelay)  // a hammering client waits for each refusal
                    throw APIError.wait(.tooManyRequests, code: "tooManySignIns", "too many failed sign-ins from here", seconds: seconds)
                }
                let password = FormFields.value("password", in: fields) ?? ""
                let user: User
                do {
                    // bcrypt on threads of its own: sign-ins never hold up the store's threads.
                    user = try await PasswordCalls.run { [workspace] in try workspace.signIn(id: id, password: password) }
                } catch {
                    server.signInGuard.failed(id: id, address: address)
                    throw error
                }
                server.signInGuard.succeeded(id: id, address: address)
                let cookie = try await server.store { try $0.startSession(for: user).cookie }
                return Pages.redirect("/", cookie: Cookie(name: SignInMiddleware.cookieName, value: cookie, maxAge: Int(PlanningWorkspace.sessionLifetime),
                                                           path: "/", httpOnly: true, sameSite: .strict))
            } catch let error as AccessError {
                return Pages.render("signin", title: "Sign in", values: ["id": id], context: context, status: .unauthorized, problem: error.description)
            } catch let error as APIError where error.status == .tooManyRequests {
                var page = Pages.render("signin", title: "Sign in", values: ["id": id], context: context, status: error.status, problem: error.message)
                for field in error.headers { page.headers[field.name] = field.value }
                return page
            }
        }
        router.post("signout") { request, context in
            _ = try await checkedForm(request, context)
            if let cookie = request.cookies[SignInMiddleware.cookieName]?.value { try await server.store { try $0.endSession(cookie: cookie) } }
            return Pages.redirect("/signin", cookie: Cookie(name: SignInMiddleware.cookieName, value: "", maxAge: 0, path: "/", httpOnly: true, sameSite: .strict))
        }
        router.get("manager") { request, context in
            let user = try context.user()
            guard user.role == .manager else { return Pages.redirect("/planner") }
            let query = request.uri.queryParameters
            let week = try week(request), host = request.head.authority
            let notice = Pages.notice(query)
            return try await server.store { _ in try managerPage(user, week: week, host: host, context: context, notice: notice) }
        }
        router.post("manager/requests") { request, context in
            let user = try context.user()
            let fields = try await checkedForm(request, context)
            let filed: PlanningWorkspace.Filed
            do {
                let form = try RequestForm.decode(form: fields)
                let today = try server.today()
                filed = try await server.store { try $0.file(form, by: user, idempotencyKey: nil, today: today) }
            } catch {
                guard let answer = APIError.from(error), answer.status.code < 500 else { throw error }
                let week = try server.nextWeek(), host = request.head.authority
                return try await server.store { _ in try managerPage(user, week: week, host: host, context: context, status: answer.status, problem: answer.message) }
            }
            return Pages.redirect("/manager?week=\(filed.request.week)&" + Pages.noticeQuery("Filed request \(filed.request.id)."))
        }
        router.post("manager/visits") { request, context in
            let user = try context.user()
            let fields = try await checkedForm(request, context)
            let host = request.head.authority
            do {
                let today = try server.today()
                guard let date = CalendarDate(FormFields.value("date", in: fields) ?? "") else {
                    throw APIError(.unprocessableContent, code: "invalid", "give the visit's date, like \(today)", field: "date")
                }
                guard let outcome = VisitLogEntry.Outcome(rawValue: FormFields.value("outcome", in: fields) ?? "") else {
                    throw APIError(.unprocessableContent, code: "invalid", "choose done, missed or moved", field: "outcome")
                }
                guard let channel = ContactChannel(rawValue: FormFields.value("channel", in: fields) ?? "visit") else {
                    throw APIError(.unprocessableContent, code: "invalid", "choose visit or call", field: "channel")
                }
                let account = FormFields.value("account", in: fields) ?? "", note = FormFields.value("note", in: fields)
                let entry = try await server.store {
                    try $0.logVisit(account: account, date: date, outcome: outcome, channel: channel, note: note, by: user, today: today)
                }
                let logged = "\(entry.account) \(entry.channel == .call ? "call " : "")\(entry.outcome.rawValue) on \(entry.date)"
                return Pages.redirect("/manager?" + Pages.noticeQuery("Logged: \(logged)."))
            } catch {
                guard let answer = APIError.from(error), answer.status.code < 500 else { throw error }
                let week = try server.nextWeek()
                return try await server.store { _ in try managerPage(user, week: week, host: host, context: context, status: answer.status, problem: answer.message) }
            }
        }
        router.post("manager/calendar") { request, context in
            let user = try context.user()
            _ = try await checkedForm(request, context)
            let week = try server.nextWeek(), host = request.head.authority
            return try await server.store { workspace in
                let issued = try workspace.newFeedToken(for: user)
                // Shown in this answer only (not a redirect: the address never goes into a URL).
                return try managerPage(user, week: week, host: host, context: context, calendarPath: issued.user.calendarPath(feedToken: issued.token))
            }
        }
        router.post("manager/requests/:id/cancel") { request, context in
            let user = try context.user()
            _ = try await checkedForm(request, context)
            let id = try Identifiers.path(context, "id", field: "request")
            let cancelled = try await server.store { try $0.cancel(id, by: user) }
            return Pages.redirect("/manager?week=\(cancelled.week)")
        }
        router.get("planner") { request, context in
            let user = try context.user()
            guard user.role != .manager else { return Pages.redirect("/manager") }
            return try await plannerPage(user, week: try week(request), context: context,
                                         notice: Pages.notice(request.uri.queryParameters))
        }
        router.post("planner/requests/:id/approve") { request, context in
            let user = try context.user()
            _ = try await checkedForm(request, context)
            let id = try Identifiers.path(context, "id", field: "request")
            let approved = try await server.store { try $0.approve(id, by: user) }
            return Self.plannerPage(approved.week, done: "Approved \(id): it is planned from now on.")
        }
        router.post("planner/requests/:id/reject") { request, context in
            let user = try context.user()
            let fields = try await checkedForm(request, context)
            let id = try Identifiers.path(context, "id", field: "request")
            do {
                let rejected = try await server.store { try $0.reject(id, by: user, reason: FormFields.value("reason", in: fields) ?? "") }
                return Self.plannerPage(rejected.week, done: "Rejected \(id).")
            } catch {
                guard let answer = APIError.from(error), answer.status.code < 500 else { throw error }
                let week = try await server.store { try $0.request(id, for: user).request.week }
                return try await plannerPage(user, week: week, context: context, status: answer.status, problem: answer.message)
            }
        }
        router.post("planner/weeks/:week/plan") { request, context in
            let user = try context.user()
            _ = try await checkedForm(request, context)
            try workspace.requirePlanner(user, to: "plan a week")
            let week = try server.week(try context.parameters.require("week"))
            let planned = try await server.solve("plan \(week)", context) { try $0.planWeek(week) }
            return Self.plannerPage(week, done: "Planned \(week): value \(NumberFormat.grouped(planned.plan.figures.objective)).")
        }
        router.post("planner/weeks/:week/publish") { request, context in
            let user = try context.user()
            let fields = try await checkedForm(request, context)
            try workspace.requirePlanner(user, to: "publish a week")
            let week = try server.week(try context.parameters.require("week"))
            let fingerprint = FormFields.value("fingerprint", in: fields)
            let force = FormFields.value("force", in: fields) == "true"
            do {
                let today = try server.today()
                let published = try await server.solve(nil, context) {
                    try $0.publishWeek(week, by: user, force: force, today: today, expecting: fingerprint)
                }
                return Self.plannerPage(week, done: (["Published \(week) version \(published.record.version)."] + published.warnings).joined(separator: " "))
            } catch {
                guard let answer = APIError.from(error), answer.status.code < 500 else { throw error }
                return try await plannerPage(user, week: week, context: context, status: answer.status, problem: answer.message)
            }
        }
        ControlForms(routes: self).add(to: router)
    }

    /// Back to the planner's page of `week`, which shows `done` as its notice.
    static func plannerPage(_ week: ISOWeek, done: String) -> Response {
        Pages.redirect("/planner?week=\(week)&" + Pages.noticeQuery(done))
    }

    /// A form's fields, once its CSRF token matched the session's.
    func checkedForm(_ request: Request, _ context: ServerContext) async throws -> [(String, String)] {
        let fields = FormFields.parse(Array(buffer: try await request.body.collect(upTo: context.maxUploadSize)))
        guard let session = context.session, let sent = FormFields.value("_csrf", in: fields),
              Credentials.constantTimeEqual(sent, session.csrfToken) else { throw AccessError.badCSRFToken }
        return fields
    }

    private func week(_ request: Request) throws -> ISOWeek {
        try request.uri.queryParameters.get("week").map { try server.week($0) } ?? server.nextWeek()
    }

    private static func hours(_ value: Double) -> String { NumberFormat.grouped(value) }

    /// `host`: the Host the browser used, for the calendar address it shows; `calendarPath`: a new
    /// calendar feed's path, shown this once.
    private func managerPage(_ user: User, week: ISOWeek, host: String?, context: ServerContext, status: HTTPResponse.Status = .ok,
                             notice: String? = nil, problem: String? = nil, calendarPath: String? = nil) throws -> Response {
        let organisation = try workspace.organisation(week: week)
        let manager = user.manager ?? ""
        let accounts = try workspace.accounts(for: user, week: week)
        let requests = try workspace.requests(for: user, week: nil, account: nil, status: nil).reversed().prefix(100)
        var values: [String: Any] = [
            "managerName": organisation.managers.first { $0.id == manager }?.name ?? manager,
            "week": week.description, "previousWeek": week.adding(weeks: -1).description, "nextWeek": week.adding(weeks: 1).description,
            "accounts": accounts.map { Pages.present(["id": $0.id, "name": $0.name, "tier": $0.tier.rawValue, "region": $0.region ?? ""]) },
            "skills": Set(organisation.experts.flatMap { $0.skills.map(\.name) }).sorted(),
            "requests": requests.map { r in
                ["id": r.id, "week": r.week.description, "account": r.account, "skill": r.skill, "hours": Self.hours(r.hours),
                 "priority": r.priority.rawValue, "status": r.status.rawValue, "reason": r.rejectionReason ?? "",
                 "allocated": r.hasOutcome ? Self.hours(r.allocated) : "",
                 "cancellable": (r.status == .open || r.status == .submitted) && r.requester == manager] as [String: Any]
            },
        ]
        if let calendarPath { values["calendarURL"] = "http://\(host ?? "127.0.0.1")\(calendarPath)" }
        let today = try server.today()
        values["today"] = today.description
        // The week's key dates of the manager's accounts (their own accounts: contacts may show).
        let names = Dictionary(organisation.accounts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let keyDates = KeyDatesThisWeek(organisation, visits: nil).entries.filter { $0.manager == manager }
        values["hasKeyDates"] = !keyDates.isEmpty
        values["keyDates"] = keyDates.map { entry in
            ["day": "\(VisitReport.weekday(entry.date)) \(entry.date)", "account": entry.account, "accountName": names[entry.account] ?? entry.account,
             "what": entry.what, "reminder": entry.reminder]
        }
        values["cadence"] = try workspace.cadence(for: user, today: today).map(Self.cadenceRow)
        if let latest = try workspace.latestPublishedView(week) {
            let plan = latest.view
            let names = Dictionary(organisation.experts.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
            values["published"] = [
                "version": latest.version,
                "teams": plan.teams.filter { $0.manager == manager }.map { team in
                    ["account": team.account, "experts": team.experts.map { "\(names[$0.id] ?? $0.id) \(Self.hours($0.hours)) h" }.joined(separator: ", ")]
                },
                "visits": plan.visits.filter { $0.manager == manager }.map { v in
                    ["date": v.date, "start": v.start, "end": v.end, "account": v.account, "tier": v.tier, "region": v.region]
                },
            ] as [String: Any]
        }
        return Pages.render("manager", title: "My accounts", values: values, context: context, status: status, notice: notice, problem: problem)
    }

    /// One line of the manager page's cadence table.
    static func cadenceRow(_ row: CadenceStatus) -> [String: Any] {
        let state: String = row.state == .onTrack ? "on track" : row.state.rawValue
        let stateClass: String = row.state == .overdue ? "rejected" : row.state == .due ? "open" : "allocated"
        let planned: String = row.planned.map { "\(VisitReport.weekday($0)) \($0)" } ?? ""
        return ["account": row.account, "tier": row.tier.rawValue, "channel": row.channel.rawValue, "last": row.lastContact?.description ?? "never",
                "nextDue": row.nextDue?.description ?? "now", "state": state, "stateClass": stateClass,
                "late": row.daysLate > 0 ? "\(row.daysLate)" : "", "missed": row.missedLastWeek > 0 ? "\(row.missedLastWeek)" : "", "planned": planned]
    }

    /// How many open requests get their "meeting it in full" cost worked out on the page (each is a re-solve).
    static let costedRequests = 25

    func plannerPage(_ user: User, week: ISOWeek, context: ServerContext, status: HTTPResponse.Status = .ok,
                             notice: String? = nil, problem: String? = nil) async throws -> Response {
        let open = try await server.store { try $0.requests(for: user, week: week, account: nil, status: .open) }
        let costed = Array(open.prefix(Self.costedRequests))
        let costs: [String: String] = costed.isEmpty ? [:] : try await server.solve("costs \(week) \(costed.map(\.id))", context) { workspace in
            let found = (try? workspace.recommendations(week: week, requests: costed.map(\.id))) ?? [:]
            return Dictionary(uniqueKeysWithValues: costed.map { ($0.id, found[$0.id].map(Self.cost) ?? "cannot be worked out: the week does not plan") })
        }
        let submitted = try await server.store { try $0.requests(for: user, week: week, account: nil, status: .submitted) }
        let pending: [String: PlanningWorkspace.PendingRequest] = submitted.isEmpty ? [:] : try await server.solve("pending \(week)", context) { workspace in
            let found = (try? workspace.pendingApprovals(week: week, limit: Self.costedRequests)) ?? []
            return Dictionary(uniqueKeysWithValues: found.map { ($0.request.id, $0) })
        }
        var values: [String: Any] = [
            "week": week.description,
            "hasSubmitted": !submitted.isEmpty,
            "submitted": submitted.map { r in
                let figures = pending[r.id]
                return ["id": r.id, "account": r.account, "skill": r.skill, "hours": Self.hours(r.hours), "priority": r.priority.rawValue,
                        "by": r.requester, "note": r.note ?? "",
                        "gets": figures.map { Self.hours($0.recommendation.outcome.allocated) } ?? "",
                        "adds": figures.map { NumberFormat.grouped($0.adds) } ?? "",
                        "takes": figures.map { ApprovalQueueReport.hoursGivenUp($0.takesFrom) } ?? "see GET /api/approvals",
                        "cost": figures.map { Self.cost($0.recommendation) } ?? ""] as [String: Any]
            }, "previousWeek": week.adding(weeks: -1).description, "nextWeek": week.adding(weeks: 1).description,
            "canPlan": user.role == .planner,
            "openRequests": open.map { r in
                ["id": r.id, "account": r.account, "skill": r.skill, "hours": Self.hours(r.hours), "priority": r.priority.rawValue,
                 "by": r.requester, "cost": costs[r.id] ?? "see GET /api/requests/\(r.id)/recommend"]
            },
        ]
        let (controls, organisation) = try await server.store { try ($0.controls(week: week), $0.organisation(week: week)) }
        values["controls"] = controls.map { control in
            let c = control.columns
            return ["kind": c.kind, "path": c.kind == "pin" ? "pins" : "exclusions", "expert": c.expert,
                    "targetKind": c.kind == "pin" ? c.targetKind : "account", "target": c.target,
                    "on": c.kind == "pin" ? "\(c.targetKind) \(c.target)" : "account \(c.target)",
                    "hours": c.hours.map { "\(Self.hours($0)) \(c.mode == "atLeast" ? "at least" : "exactly")" } ?? "",
                    "by": control.setBy] as [String: Any]
        }
        values["experts"] = organisation.experts.map(\.id)
        values["accounts"] = organisation.accounts.map(\.id)
        values["weekRequests"] = open.map(\.id)
        let (versions, draftView, published) = try await server.store { try ($0.publishedPlans(week: week), $0.draftView(week), $0.latestPublishedView(week)) }
        values["versions"] = versions.reversed().map { v in
            ["version": v.version, "at": Timestamp.text(v.publishedAt), "by": v.publishedBy, "objective": NumberFormat.grouped(v.objective),
             "superseded": v.superseded] as [String: Any]
        }
        if let (document, draft) = draftView {
            let published = published?.view
            values["draft"] = Pages.present([
                "objective": NumberFormat.grouped(draft.objective), "allocated": Self.hours(draft.allocated), "requested": Self.hours(draft.requested),
                "unmet": draft.unmetRequests, "visits": draft.visits.count, "fingerprint": fingerprint(document),
                "publishedVersion": versions.last?.version,
                // Publishing needs force for a new version, and to leave out requests waiting for approval.
                "waiting": submitted.isEmpty ? nil : WorkspaceError.waiting(week: week.description, ids: submitted.map(\.id))
                    + (submitted.count == 1 ? ": approve or reject it above first, or tick the box to publish without it." : ": approve or reject them above first, or tick the box to publish without them."),
                "forceLabel": Self.forceLabel(published: !versions.isEmpty, waiting: !submitted.isEmpty),
                "changes": PublishedPlanView.changes(from: published, to: draft).map { c in
                    ["account": c.account, "expert": c.expert, "before": Self.hours(c.before), "after": Self.hours(c.after)]
                },
            ])
        }
        return Pages.render("planner", title: "Planning \(week)", values: values, context: context, status: status, notice: notice, problem: problem)
    }

    /// The planner page's "publish anyway" box: a new version, without the waiting requests, or both; nil when not needed.
    static func forceLabel(published: Bool, waiting: Bool) -> String? {
        switch (published, waiting) {
        case (true, true): "publish a new version (the old one is kept) without the requests waiting for approval"
        case (true, false): "publish a new version (the old one is kept)"
        case (false, true): "publish without the requests waiting for approval"
        case (false, false): nil
        }
    }

    /// "costs 1,234 (R0002 gives up 3 h)": what meeting a request in full does to the plan.
    static func cost(_ r: Recommendation) -> String {
        switch r.forcing {
        case .alreadyMet:
            return "met in full by the plan"
        case .impossible(let why):
            return "cannot be met in full: \(why)"
        case .forced(_, let lost, let changes):
            let given = changes.map { "\($0.request) gives up \(hours($0.before - $0.after)) h" }
            return "costs \(NumberFormat.grouped(lost)) of value" + (given.isEmpty ? " (idle hours cover it)" : " (" + given.joined(separator: ", ") + ")")
        }
    }
}

