import Foundation
import HTTPTypes
import Hummingbird
import Scenarios
import Workspace

/// A planner's pins and exclusions over the API: thin wiring to the workspace's calls (which check
/// each as `kam validate` checks a file, and audit it under the signed-in planner).
///
/// - `GET /api/controls?week=W`: the controls (every week without `week`).
/// - `POST /api/pins` `{"week", "expert", "request" | "account", "hours", "mode"?}` (201).
/// - `DELETE /api/pins?week=W&expert=E&request=R` (or `&account=A`).
/// - `POST /api/exclusions` `{"week", "expert", "account"}` (201).
/// - `DELETE /api/exclusions?week=W&expert=E&account=A`.
struct ControlRoutes {
    let server: TeamServer

    var workspace: PlanningWorkspace { server.workspace }

    func add(to router: Router<ServerContext>) {
        let api = router.group("api")
        api.get("controls") { request, context in
            try workspace.requireReader(try context.user(), of: "the planners' pins and exclusions")
            let week = try request.uri.queryParameters.get("week").map(server.week)
            let controls = try await server.store { try $0.controls(week: week) }
            return JSONResponse.make(.object([("controls", .array(controls.map(Self.encode)))]))
        }
        api.post("pins") { request, context in
            let user = try context.user()
            try workspace.requirePlanner(user, to: "pin an expert")
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let (parsed, pin) = try Self.pinBody(Array(buffer: body))
            let week = try server.inWindow(parsed)
            let control = try await server.store { try $0.setPin(pin, week: week, by: user) }
            return JSONResponse.make(Self.encode(control), status: .created)
        }
        api.delete("pins") { request, context in
            let user = try context.user()
            let query = request.uri.queryParameters
            let week = try server.week(try Self.required(query.get("week"), "week"))
            let expert = try Self.required(query.get("expert"), "expert")
            let target: Pin.Target
            switch (try Identifiers.query(request, "request"), try Identifiers.query(request, "account")) {
            case (let id?, nil): target = .request(id)
            case (nil, let id?): target = .account(id)
            case (_?, _?):
                // A pin is on a request or on an account: with neither or both, no pin is named (404, as a pin that is not there).
                throw WorkspaceError.unknownControl(label: "pin of expert '\(expert)' on both a request and an account (a pin is on one of them: give request or account)", week: week.description)
            case (nil, nil):
                throw WorkspaceError.unknownControl(label: "pin of expert '\(expert)' on nothing (give request or account)", week: week.description)
            }
            try await server.store { try $0.removeControl(.pin(Pin(expert: expert, target: target, hours: 0)), week: week, by: user) }
            return Response(status: .noContent)
        }
        api.post("exclusions") { request, context in
            let user = try context.user()
            try workspace.requirePlanner(user, to: "exclude an expert")
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let fields = try Self.object(Array(buffer: body), allowed: ["week", "expert", "account"], shape: "{\"week\", \"expert\", \"account\"}")
            let week = try server.week(try Self.text(fields, "week"))
            let exclusion = Exclusion(expert: try Self.identifier(fields, "expert"), account: try Self.identifier(fields, "account"))
            let control = try await server.store { try $0.setExclusion(exclusion, week: week, by: user) }
            return JSONResponse.make(Self.encode(control), status: .created)
        }
        api.delete("exclusions") { request, context in
            let user = try context.user()
            let query = request.uri.queryParameters
            let week = try server.week(try Self.required(query.get("week"), "week"))
            let exclusion = Exclusion(expert: try Self.required(query.get("expert"), "expert"), account: try Self.required(query.get("account"), "account"))
            try await server.store { try $0.removeControl(.exclusion(exclusion), week: week, by: user) }
            return Response(status: .noContent)
        }
    }

    static func encode(_ control: PlannerControl) -> JSONValue {
        let c = control.columns
        var pairs: [(String, JSONValue)] = [("week", .string(control.week.description)), ("kind", .string(c.kind)), ("expert", .string(c.expert))]
        pairs.append((c.kind == "pin" ? c.targetKind : "account", .string(c.target)))
        if let hours = c.hours { pairs.append(("hours", .number(hours))) }
        if let mode = c.mode { pairs.append(("mode", .string(mode))) }
        pairs += [("setBy", .string(control.setBy)), ("setAt", .string(Timestamp.text(control.setAt)))]
        return .object(pairs)
    }

    /// `{"week", "expert", "request" | "account", "hours", "mode"?}`.
    static func pinBody(_ bytes: [UInt8]) throws -> (ISOWeek, Pin) {
        let fields = try object(bytes, allowed: ["week", "expert", "request", "account", "hours", "mode"],
                                shape: "{\"week\", \"expert\", \"request\" or \"account\", \"hours\", \"mode\"}")
        let week = try APIRoutes.week(try text(fields, "week"))
        let expert = try identifier(fields, "expert")
        let target: Pin.Target
        switch (fields["request"], fields["account"]) {
        case (_?, nil): target = .request(try identifier(fields, "request"))
        case (nil, _?): target = .account(try identifier(fields, "account"))
        default: throw APIError(.unprocessableContent, code: "invalid", "give either 'request' or 'account', not both", field: "request")
        }
        guard case .scalar(let number, plain: true)? = fields["hours"]?.kind, let hours = Double(number) else {
            throw APIError(.unprocessableContent, code: "invalid", "'hours' must be a number of hours", field: "hours")
        }
        var mode = Pin.Mode.exactly
        if fields["mode"] != nil {
            let text = try text(fields, "mode")
            guard let parsed = Pin.Mode(rawValue: text) else {
                throw APIError(.unprocessableContent, code: "invalid", "'mode' is '\(text)'; expected exactly or atLeast", field: "mode")
            }
            mode = parsed
        }
        return (week, Pin(expert: expert, target: target, hours: hours, mode: mode))
    }

    /// A JSON object with only the `allowed` keys.
    static func object(_ bytes: [UInt8], allowed: [String], shape: String) throws -> DocumentNode {
        try APIRoutes.jsonObject(bytes, allowed: allowed, listed: allowed.joined(separator: ", "), notAnObject: "expected a JSON object \(shape)", field: nil)
    }

    /// A text field that must be there.
    static func text(_ object: DocumentNode, _ key: String) throws -> String {
        guard case .scalar(let text, plain: false)? = object[key]?.kind, !text.isEmpty else {
            throw APIError(.unprocessableContent, code: "invalid", "'\(key)' must be given as text", field: key)
        }
        return text
    }

    /// A text field that must be there and is an id (no control characters).
    static func identifier(_ object: DocumentNode, _ key: String) throws -> String {
        try Identifiers.check(try text(object, key), field: key)
    }

    /// A query parameter that must be there: an id (no control characters), or a week that `server.week` reads next.
    static func required(_ value: String?, _ name: String) throws -> String {
        guard let value, !value.isEmpty else {
            throw APIError(.unprocessableContent, code: "invalid", "the query parameter '\(name)' is missing", field: name)
        }
        return try Identifiers.check(value, field: name)
    }
}
