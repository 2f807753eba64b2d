import HTTPTypes
import Hummingbird
import Synchronization

/// The methods each route path answers, read from the router once every route is added, so that a
/// request for a known path with a method it does not answer gets 405 with `Allow` (RFC 9110
/// 15.5.6) instead of 404.
final class RouteTable: Sendable {
    private let routes = Mutex<[(segments: [String], method: HTTPRequest.Method)]>([])

    /// Takes the router's routes (`TeamServer.router()` calls it after adding them).
    func fill(from router: Router<ServerContext>) {
        let table = router.routes.map { (segments: Self.segments($0.path.description), method: $0.method) }
        routes.withLock { $0 = table }
    }

    /// The methods some route answers at `path`, sorted; empty when no route has this path.
    func methods(at path: String) -> [String] {
        let asked = Self.segments(path)
        let found = routes.withLock { routes in
            routes.filter { route in
                route.segments.count == asked.count
                    && zip(route.segments, asked).allSatisfy { pattern, part in pattern.hasPrefix(":") || pattern.hasPrefix("{") || pattern == part }
            }.map(\.method.rawValue)
        }
        var methods = Set(found)
        if methods.contains("GET") { methods.insert("HEAD") }  // the router answers HEAD for every GET
        return methods.sorted()
    }

    private static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }
}
