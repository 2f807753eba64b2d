import Foundation
import HTTPTypes
import Hummingbird
import Scenarios
import Workspace

/// The visit log over the API: thin wiring to the workspace's calls.
///
/// - `POST /api/visits` `{"account", "date", "outcome", "note"?}` (201): a manager, for their own accounts.
/// - `GET /api/cadence`: each account against its visit cadence today (a manager's own; everything
///   for planners and viewers).
struct VisitRoutes {
    let server: TeamServer

    func add(to router: Router<ServerContext>) {
        let api = router.group("api")
        api.post("visits") { request, context in
            let user = try context.user()
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let fields = try APIRoutes.jsonObject(Array(buffer: body), allowed: ["account", "date", "outcome", "note"], listed: "account, date, outcome, note",
                                                  notAnObject: "expected a JSON object {\"account\", \"date\", \"outcome\", \"note\"}", field: nil)
            let account = try ControlRoutes.text(fields, "account")
            let dateText = try ControlRoutes.text(fields, "date")
            guard let date = CalendarDate(dateText) else {
                throw APIError(.unprocessableContent, code: "invalid", "'date' is '\(dateText)'; expected a date like 2026-11-24", field: "date")
            }
            let outcomeText = try ControlRoutes.text(fields, "outcome")
            guard let outcome = VisitLogEntry.Outcome(rawValue: outcomeText) else {
                throw APIError(.unprocessableContent, code: "invalid", "'outcome' is '\(outcomeText)'; expected done, missed or moved", field: "outcome")
            }
            let note = fields["note"] == nil ? nil : try ControlRoutes.text(fields, "note")
            let today = try server.today()
            let entry = try await server.store { try $0.logVisit(account: account, date: date, outcome: outcome, note: note, by: user, today: today) }
            return JSONResponse.make(Self.encode(entry), status: .created)
        }
        api.get("cadence") { _, context in
            let user = try context.user()
            let today = try server.today()
            let rows = try await server.store { try $0.cadence(for: user, today: today) }
            return JSONResponse.make(.object([("today", .string(today.description)), ("accounts", .array(rows.map(Self.encode)))]))
        }
    }

    static func encode(_ entry: VisitLogEntry) -> JSONValue {
        .object([("account", .string(entry.account)), ("date", .string(entry.date.description)), ("outcome", .string(entry.outcome.rawValue)),
                 ("note", .string(entry.note)), ("by", .string(entry.by)), ("at", .string(Timestamp.text(entry.at)))])
    }

    static func encode(_ row: PlanningWorkspace.CadenceStatus) -> JSONValue {
        .object([("account", .string(row.account)), ("manager", .string(row.manager)), ("tier", .string(row.tier.rawValue)),
                 ("lastVisit", .string(row.lastVisit?.description)), ("intervalDays", .number(row.interval)),
                 ("nextDue", .string(row.nextDue?.description)), ("state", .string(row.state.rawValue)),
                 ("daysLate", .number(row.daysLate)), ("missedLastWeek", .number(row.missedLastWeek))])
    }
}
