import Foundation
import Hummingbird
import Scenarios
import Workspace

/// The planner page's forms for pins and exclusions: thin wiring to the workspace's calls, which
/// check each control and audit it under the signed-in planner. A refused control shows the
/// planner page again with the reason.
struct ControlForms {
    let routes: WebRoutes

    func add(to router: Router<ServerContext>) {
        router.post("planner/weeks/:week/pins") { request, context in
            try await change(request, context, done: "Pinned") { fields, week, user, space in
                guard let hours = Double(FormFields.value("hours", in: fields) ?? ""), hours.isFinite else {
                    throw WorkspaceError.invalidControl(field: "hours", messages: ["give the pin's hours as a number"])
                }
                let mode = Pin.Mode(rawValue: FormFields.value("mode", in: fields) ?? "") ?? .exactly
                let pin = Pin(expert: FormFields.value("expert", in: fields) ?? "", target: try Self.target(fields), hours: hours, mode: mode)
                return try space.setPin(pin, week: week, by: user).label
            }
        }
        router.post("planner/weeks/:week/pins/remove") { request, context in
            try await change(request, context, done: "Removed") { fields, week, user, space in
                let pin = Pin(expert: FormFields.value("expert", in: fields) ?? "", target: try Self.target(fields), hours: 0)
                try space.removeControl(.pin(pin), week: week, by: user)
                return pin.label
            }
        }
        router.post("planner/weeks/:week/exclusions") { request, context in
            try await change(request, context, done: "Excluded") { fields, week, user, space in
                try space.setExclusion(Self.exclusion(fields), week: week, by: user).label
            }
        }
        router.post("planner/weeks/:week/exclusions/remove") { request, context in
            try await change(request, context, done: "Removed") { fields, week, user, space in
                let exclusion = Self.exclusion(fields)
                try space.removeControl(.exclusion(exclusion), week: week, by: user)
                return PlannerControl(week: week, rule: .exclusion(exclusion), setBy: user.id, setAt: Date()).label
            }
        }
    }

    /// Reads the form, makes the change as the signed-in user, and goes back to the week's page.
    private func change(_ request: Request, _ context: ServerContext, done: String,
                        _ body: @escaping @Sendable ([(String, String)], ISOWeek, User, PlanningWorkspace) throws -> String) async throws -> Response {
        let user = try context.user()
        let fields = try await routes.checkedForm(request, context)
        let week = try routes.server.week(try context.parameters.require("week"))
        do {
            let label = try await routes.server.store { try body(fields, week, user, $0) }
            return WebRoutes.plannerPage(week, done: "\(done): \(label).")
        } catch {
            guard let answer = APIError.from(error), answer.status.code < 500, answer.status != .forbidden else { throw error }
            return try await routes.plannerPage(user, week: week, context: context, status: answer.status, problem: answer.message)
        }
    }

    /// The pin's request (its id) or account, whichever the form names.
    static func target(_ fields: [(String, String)]) throws -> Pin.Target {
        let request = FormFields.value("request", in: fields) ?? "", account = FormFields.value("account", in: fields) ?? ""
        switch (request.isEmpty, account.isEmpty) {
        case (false, true): return .request(request)
        case (true, false): return .account(account)
        default: throw WorkspaceError.invalidControl(field: "request", messages: ["choose either a request or an account for the pin"])
        }
    }

    static func exclusion(_ fields: [(String, String)]) -> Exclusion {
        Exclusion(expert: FormFields.value("expert", in: fields) ?? "", account: FormFields.value("account", in: fields) ?? "")
    }
}
