import Foundation
import HTTPTypes
import Hummingbird
import Scenarios
import Visits
import Workspace

/// The visit log over the API: thin wiring to the workspace's calls.
///
/// - `POST /api/visits` `{"account", "date", "outcome", "channel"?, "note"?}` (201): a manager, for
///   their own accounts; `channel` is visit (the default) or call.
/// - `GET /api/cadence`: each account against its visit cadence today (a manager's own; everything
///   for planners and viewers).
struct VisitRoutes {
    let server: TeamServer

    func add(to router: Router<ServerContext>) {
        let api = router.group("api")
        api.post("visits") { request, context in
            let user = try context.user()
            let body = try await request.body.collect(upTo: context.maxUploadSize)
            let fields = try APIRoutes.jsonObject(Array(buffer: body), allowed: ["account", "date", "outcome", "channel", "note"],
                                                  listed: "account, date, outcome, channel, note",
                                                  notAnObject: "expected a JSON object {\"account\", \"date\", \"outcome\", \"channel\", \"note\"}", field: nil)
            let account = try ControlRoutes.identifier(fields, "account")
            let dateText = try ControlRoutes.text(fields, "date")
            guard let date = CalendarDate(dateText) else {
                throw APIError(.unprocessableContent, code: "invalid", "'date' is '\(dateText)'; expected a date like 2026-11-24", field: "date")
            }
            let outcomeText = try ControlRoutes.text(fields, "outcome")
            guard let outcome = VisitLogEntry.Outcome(rawValue: outcomeText) else {
                throw APIError(.unprocessableContent, code: "invalid", "'outcome' is '\(outcomeText)'; expected done, missed or moved", field: "outcome")
            }
            var channel = ContactChannel.visit
            if fields["channel"] != nil {
                let text = try ControlRoutes.text(fields, "channel")
                guard let named = ContactChannel(rawValue: text) else {
                    throw APIError(.unprocessableContent, code: "invalid", "'channel' is '\(text)'; expected visit or call", field: "channel")
                }
                channel = named
            }
            let note = fields["note"] == nil ? nil : try ControlRoutes.text(fields, "note")
            let today = try server.today()
            let entry = try await server.store { [channel] in
                try $0.logVisit(account: account, date: date, outcome: outcome, channel: channel, note: note, by: user, today: today)
            }
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
                 ("channel", .string(entry.channel.rawValue)), ("note", .string(entry.note)), ("by", .string(entry.by)), ("at", .string(Timestamp.text(entry.at)))])
    }

    /// `lastVisit` on a visit row, `lastCall` on a call row (the account fields' names).
    static func encode(_ row: CadenceStatus) -> JSONValue {
        .object([("account", .string(row.account)), ("manager", .string(row.manager)), ("tier", .string(row.tier.rawValue)),
                 ("channel", .string(row.channel.rawValue)),
                 (row.channel == .visit ? "lastVisit" : "lastCall", .string(row.lastContact?.description)), ("intervalDays", .number(row.interval)),
                 ("nextDue", .string(row.nextDue?.description)), ("state", .string(row.state.rawValue)),
                 ("daysLate", .number(row.daysLate)), ("missedLastWeek", .number(row.missedLastWeek))])
    }
}
