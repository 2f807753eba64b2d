import Foundation
import HTTPTypes
import Hummingbird
import Reports
import Scenarios
import Workspace

/// An account's page over the API and in the browser: thin wiring to `accountReport`.
///
/// - `GET /api/accounts/{id}?week=W` (default next week): the page's JSON (`kam account show
///   --format json`). Planners: every account; managers: their own (403 otherwise); viewers: every
///   account without contacts and birthdays.
/// - `GET /accounts/{id}?week=W`: the same page as HTML, for a browser.
///
/// A page reads the week's kept plan (`viewPlan`): only the first view after the week's inputs
/// change solves, on the plan thread, and views of one week waiting together share that solve.
struct AccountRoutes {
    let server: TeamServer

    func add(to router: Router<ServerContext>) {
        router.get("api/accounts/:id") { request, context in
            let report = try await report(request, context)
            return JSONResponse.make(report.json())
        }
        router.get("accounts/:id") { request, context in
            let report = try await report(request, context)
            return Pages.html(report.rendered(.html))
        }
    }

    private func report(_ request: Request, _ context: ServerContext) async throws -> AccountReport {
        let user = try context.user()
        let id = try Identifiers.path(context, "id", field: "account")
        let week = try request.uri.queryParameters.get("week").map { try server.week($0) } ?? server.nextWeek()
        let key = try await server.store { workspace in
            try workspace.requireAccountAccess(id, week: week, for: user)
            return try workspace.viewPlanKey(week)
        }
        let workspace = server.workspace
        let plan = if let kept = workspace.keptViewPlan(key) ?? workspace.recentViewPlan(key, within: server.limits.viewRefresh) { kept } else {
            // Views of a week share the solve waiting for it: it reads the week when it starts, after
            // each of them took its key, so its plan is at least as new as every one of theirs.
            try await server.solve("view plan \(week)", context) { try $0.viewPlan(week: week) }
        }
        return try await server.store { try $0.accountReport(id, for: user, from: plan) }
    }
}
