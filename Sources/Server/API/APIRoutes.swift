import Foundation
import HTTPTypes
import Hummingbird
import Planning
import Reports
import Scenarios
import Workspace

/// The JSON API under /api: thin wiring from HTTP to the workspace's calls, which hold every rule
/// (who may see and do what). A route only reads its inputs and writes the answer.
struct APIRoutes {
    let server: TeamServer

    var workspace: PlanningWorkspace { server.workspace }

    func add(to router: Router<ServerContext>) {
        let api = router.group("api")
        api.get("me") { _, context in JSONResponse.make(APIEncoding.me(try context.user(), csrfToken: context.session?.csrfToken)) }
        api.post("me/calendar") { _, context in
            let user = try context.user()
            let issued = try await server.store { try $0.newFeedToken(for: user) }
            return JSONResponse.make(.object([("calendar", .string(issued.user.calendarPath(feedToken: issued.token)))]), status: .created)
        }
        api.get("accounts") { request, context in
            let user = try context.user()
            let week = try weekQuery(request) ?? server.nextWeek()
            let accounts = try await server.store { try $0.accounts(for: user, week: week) }
            return JSONResponse.make(.object([("week", .string(week.description)), ("accounts", .array(accounts.map(APIEncoding.account)))]))
        }
        api.get("experts") { request, context in
            _ = try context.user()
            let week = try weekQuery(request) ?? server.nextWeek()
            let experts = try await server.store { try $0.organisation(week: week).experts }
            return JSONResponse.make(.object([("week", .string(week.description)), ("experts", .array(experts.map(APIEncoding.expert)))]))
        }
        api.post("requests") { request, context in
            let user = try context.user()
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let form = try RequestForm.decode(json: Array(buffer: body))
            let key = try idempotencyKey(request)
            let today = try server.today()
            let filed = try await server.store { try $0.file(form, by: user, idempotencyKey: key, today: today) }
            var headers: HTTPFields = [.location: "/api/requests/\(filed.request.id)"]
            if filed.replayed { headers[HTTPField.Name("Idempotency-Replayed")!] = "true" }
            return JSONResponse.make(APIEncoding.request(filed.request, warnings: filed.warnings), status: .created, headers: headers)
        }
        api.get("requests") { request, context in
            let user = try context.user()
            let query = request.uri.queryParameters
            let status = try query.get("status").map { text in
                guard let status = StoredRequest.Status(rawValue: text) else {
                    throw APIError(.unprocessableContent, code: "invalid", "status '\(text)' is not one of \(StoredRequest.Status.allCases.map(\.rawValue).joined(separator: ", "))", field: "status")
                }
                return status
            }
            let week = try weekQuery(request), account = try Identifiers.query(request, "account")
            let found = try await server.store { try $0.requests(for: user, week: week, account: account, status: status) }
            return JSONResponse.make(.object([("requests", .array(found.map { APIEncoding.request($0) }))]))
        }
        api.get("requests/:id") { _, context in
            let id = try Identifiers.path(context, "id", field: "request"), user = try context.user()
            let found = try await server.store { try $0.request(id, for: user) }
            return JSONResponse.make(APIEncoding.request(found.request, audit: found.audit))
        }
        api.post("requests/:id/cancel") { _, context in
            let id = try Identifiers.path(context, "id", field: "request"), user = try context.user()
            let cancelled = try await server.store { try $0.cancel(id, by: user) }
            return JSONResponse.make(APIEncoding.request(cancelled))
        }
        api.post("requests/:id/approve") { _, context in
            let id = try Identifiers.path(context, "id", field: "request"), user = try context.user()
            let approved = try await server.store { try $0.approve(id, by: user) }
            return JSONResponse.make(APIEncoding.request(approved))
        }
        api.post("requests/:id/reject") { request, context in
            let id = try Identifiers.path(context, "id", field: "request"), user = try context.user()
            try workspace.requirePlanner(user, to: "reject a request")
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let reason = try Self.rejectBody(Array(buffer: body))
            let rejected = try await server.store { try $0.reject(id, by: user, reason: reason) }
            return JSONResponse.make(APIEncoding.request(rejected))
        }
        api.get("approvals") { request, context in
            try workspace.requireReader(try context.user(), of: "the requests waiting for approval")
            let week = try weekQuery(request)
            let pending = try await server.solve("approvals \(week?.description ?? "every week")", context) { try $0.pendingApprovals(week: week) }
            let report = ApprovalQueueReport(pending.map { .init(week: $0.request.week.description, recommendation: $0.recommendation, adds: $0.adds, takesFrom: $0.takesFrom) })
            return JSONResponse.make(.object([("pending", report.json())]))
        }
        api.get("requests/:id/recommend") { _, context in
            try workspace.requireReader(try context.user(), of: "recommendations")
            let id = try Identifiers.path(context, "id", field: "request")
            let recommendation = try await server.solve("recommend \(id)", context) { try $0.recommend(id) }
            return JSONResponse.make(RecommendationReport(recommendation).json())
        }
        api.post("weeks/:week/plan") { request, context in
            let user = try context.user()
            try workspace.requirePlanner(user, to: "plan a week")
            let week = try weekParameter(context)
            if let text = request.uri.queryParameters.get("weeks") {
                // A look ahead: the weeks from this one, with the capacity outlook (not reviewed for publishing).
                guard let weeks = Int(text), (1...HorizonPlan.maximumWeeks).contains(weeks) else {
                    throw APIError(.unprocessableContent, code: "invalid", "'weeks' is '\(text)'; expected a number of weeks from 1 to \(HorizonPlan.maximumWeeks)", field: "weeks")
                }
                let planned = try await server.solve("horizon \(week) \(weeks)", context) { try $0.planHorizon(from: week, weeks: weeks) }
                return JSONResponse.make(planned.report.json())
            }
            let planned = try await server.solve("plan \(week)", context) { try $0.planWeek(week) }
            return JSONResponse.make(Self.summary(planned))
        }
        api.post("weeks/:week/publish") { request, context in
            let user = try context.user()
            try workspace.requirePlanner(user, to: "publish a week")
            let week = try weekParameter(context)
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let (fingerprint, force) = try Self.publishBody(Array(buffer: body))
            let today = try server.today()
            let published = try await server.solve(nil, context) {
                try $0.publishWeek(week, by: user, force: force, today: today, expecting: fingerprint)
            }
            return JSONResponse.make(Self.summary(published.planned, published: published.record, warnings: published.warnings), status: .created)
        }
        api.get("weeks/:week/plan") { request, context in
            let user = try context.user()
            let week = try weekParameter(context)
            if try Self.flag(request, "draft") {
                try workspace.requireReader(user, of: "unpublished plans")
                return JSONResponse.text(try await server.store { try $0.draftDocument(week) })
            }
            let latest = try await server.store { try $0.publishedPlan(week, for: user) }
            return JSONResponse.text(latest.json, headers: [HTTPField.Name("Plan-Version")!: String(latest.version)])
        }
    }

    /// What a plan came to: the week, its figures and the fingerprint that publishing it asks for.
    /// With `published`, the version and time it was published under.
    static func summary(_ planned: PlanningWorkspace.PlannedWeek, published: PublishedPlan? = nil, warnings: [String] = []) -> JSONValue {
        let f = planned.plan.figures
        let version: [(String, JSONValue)] = published.map { [("version", .number($0.version)), ("publishedAt", .string(Timestamp.text($0.publishedAt)))] } ?? []
        return .object([("week", .string(planned.plan.scenario.week.description))] + version + [
            ("status", .string(planned.plan.allocation.status.rawValue)),
            ("objective", .number(f.objective)),
            ("requestedHours", .number(f.requested)), ("allocatedHours", .number(f.allocated)),
            ("requestsNotFullyMet", .number(f.unmetRequests)), ("unmetPlatinumHours", .number(f.unmetPlatinumHours)),
            ("visitsScheduled", .number(f.visitsScheduled)), ("visitsUnscheduled", .number(f.visitsUnscheduled)),
            ("travelHours", .number(f.travelHours)),
            ("teams", .number(planned.plan.allocation.teams.count)),
            ("fingerprint", .string(planned.fingerprint)),
        ] + (warnings.isEmpty ? [] : [("warnings", .array(warnings.map { .string($0) }))]))
    }

    /// `{"reason": "..."}`: why a planner rejects a request.
    static func rejectBody(_ bytes: [UInt8]) throws -> String {
        let root = try jsonObject(bytes, allowed: ["reason"], listed: "reason",
                                  notAnObject: "expected a JSON object {\"reason\": \"...\"} saying why the request is rejected", field: "reason")
        guard case .scalar(let reason, plain: false)? = root["reason"]?.kind else {
            throw APIError(.unprocessableContent, code: "invalid", "'reason' must be text saying why the request is rejected (the manager reads it)", field: "reason")
        }
        return reason
    }

    /// A JSON body that must be an object with no keys but `allowed` (`listed` names them in the
    /// message); `notAnObject` is the message, `field` the field, when it is something else.
    static func jsonObject(_ bytes: [UInt8], allowed: [String], listed: String, notAnObject: String, field: String?) throws -> DocumentNode {
        let root: DocumentNode?
        do {
            root = try JSONDocument.read(bytes)
        } catch {
            throw APIError(.badRequest, code: "malformedJSON", error.message + (error.location.map { " (line \($0.line), column \($0.column))" } ?? ""))
        }
        guard let root, let entries = root.entries else { throw APIError(.unprocessableContent, code: "invalid", notAnObject, field: field) }
        if let unknown = entries.first(where: { !allowed.contains($0.key) }) {
            throw APIError(.unprocessableContent, code: "invalid", "unknown key '\(unknown.key)'; expected \(listed)", field: unknown.key)
        }
        return root
    }

    /// `{"fingerprint": "...", "force": false}`: the plan the planner saw, and whether to publish
    /// a new version of an already published week.
    static func publishBody(_ bytes: [UInt8]) throws -> (fingerprint: String, force: Bool) {
        let root = try jsonObject(bytes, allowed: ["fingerprint", "force"], listed: "fingerprint and force",
                                  notAnObject: "expected a JSON object {\"fingerprint\": \"...\"} with the fingerprint of the plan you saw (POST /api/weeks/WEEK/plan returns it)",
                                  field: "fingerprint")
        guard case .scalar(let fingerprint, plain: false)? = root["fingerprint"]?.kind, !fingerprint.isEmpty else {
            throw APIError(.unprocessableContent, code: "invalid", "'fingerprint' must be the text POST /api/weeks/WEEK/plan returned", field: "fingerprint")
        }
        var force = false
        if let node = root["force"] {
            guard case .scalar(let text, plain: true) = node.kind, text == "true" || text == "false" else {
                throw APIError(.unprocessableContent, code: "invalid", "'force' must be true or false", field: "force")
            }
            force = text == "true"
        }
        return (fingerprint, force)
    }

    /// A true/false query parameter (false when absent; 422 for anything else).
    static func flag(_ request: Request, _ name: String) throws -> Bool {
        switch request.uri.queryParameters.get(name) {
        case nil, "false": return false
        case "true": return true
        case let text?: throw APIError(.unprocessableContent, code: "invalid", "'\(name)' is '\(text)'; expected true or false", field: name)
        }
    }

    private func weekQuery(_ request: Request) throws -> ISOWeek? {
        try request.uri.queryParameters.get("week").map { try server.week($0) }
    }

    private func weekParameter(_ context: ServerContext) throws -> ISOWeek {
        try server.week(try context.parameters.require("week"))
    }

    static func week(_ text: String) throws -> ISOWeek {
        guard let week = ISOWeek(text) else {
            throw APIError(.unprocessableContent, code: "invalid", "'\(text)' is not an ISO week like 2026-W48", field: "week")
        }
        return week
    }

    /// The Idempotency-Key header: 1 to 200 printable characters.
    private func idempotencyKey(_ request: Request) throws -> String? {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(key.count), key.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else {
            throw APIError(.unprocessableContent, code: "invalid", "Idempotency-Key must be 1 to 200 printable characters without spaces", field: "Idempotency-Key")
        }
        return key
    }
}
