import Hummingbird
import Workspace

/// `GET /calendars/{manager}.ics?token=...`: a manager's published visits as a calendar a
/// calendar app subscribes to. The token in the address is the manager user's feed token (it reads
/// this calendar and nothing else), because calendar apps cannot send an Authorization header.
struct CalendarRoutes {
    let server: TeamServer

    func add(to router: Router<ServerContext>) {
        router.get("calendars/:file") { request, context in
            let file = try context.parameters.require("file")
            guard file.hasSuffix(".ics") else { throw APIError(.notFound, code: "notFound", "calendars are at /calendars/MANAGER.ics") }
            let manager = String(file.dropLast(4))
            let token = request.uri.queryParameters.get("token") ?? ""
            let owner = try await server.store { try $0.calendarOwner(feedToken: token) }
            guard owner.manager == manager else {
                throw APIError(.forbidden, code: "notYourCalendar", "this token reads the calendar of '\(owner.manager ?? "")', not '\(manager)'")
            }
            let text = try await server.store { try $0.calendarFeed(manager: manager) }
            return Response(status: .ok, headers: [.contentType: "text/calendar; charset=utf-8", .cacheControl: "no-cache"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("openapi.yaml") { _, _ in
            let document = try await server.store { [today = try server.today()] in OpenAPIDocument.render(workspace: $0, today: today) }
            return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: document)))
        }
    }
}
