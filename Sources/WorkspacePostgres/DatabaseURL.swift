import Foundation

/// `postgresql://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`, as libpq
/// and psql read it (`postgres://` too). The password may come from PGPASSWORD instead, so that it
/// stays out of shell history and process lists; it is never shown (`description` leaves it out).
public struct DatabaseURL: Sendable, Hashable, CustomStringConvertible {
    public enum TLSMode: String, Sendable, CaseIterable {
        /// Plain TCP (a server on loopback, a private network).
        case disable
        /// TLS when the server offers it, else plain (libpq's default).
        case prefer
        /// TLS or no connection.
        case require
    }

    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    public var tls: TLSMode

    /// What is wrong with a URL, in words.
    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses `text`; `environment` supplies PGPASSWORD when the URL has no password.
    public init(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let expected = "expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"
        guard let parts = URLComponents(string: text), let scheme = parts.scheme?.lowercased(), ["postgresql", "postgres"].contains(scheme) else {
            throw Invalid(description: "'\(Self.redacted(text))' is not a PostgreSQL URL; \(expected)")
        }
        guard let user = parts.user, !user.isEmpty else { throw Invalid(description: "the database URL names no user; \(expected)") }
        guard let host = parts.host, !host.isEmpty else { throw Invalid(description: "the database URL names no host; \(expected)") }
        let database = String(parts.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw Invalid(description: "the database URL names no database; \(expected)") }
        var tls = TLSMode.prefer
        for item in parts.queryItems ?? [] {
            guard item.name == "sslmode" else {
                throw Invalid(description: "the database URL has an unknown parameter '\(item.name)'; the one kam reads is sslmode")
            }
            guard let mode = item.value.flatMap(TLSMode.init(rawValue:)) else {
                throw Invalid(description: "sslmode is '\(item.value ?? "")'; expected one of \(TLSMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            tls = mode
        }
        if let port = parts.port, !(1...65535).contains(port) { throw Invalid(description: "port \(port) is out of range 1-65535") }
        self.user = user.removingPercentEncoding ?? user
        self.password = parts.password.map { $0.removingPercentEncoding ?? $0 } ?? environment["PGPASSWORD"]
        self.host = host
        self.port = parts.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        self.tls = tls
    }

    /// The URL without its password: safe to print and log.
    public var description: String { "postgresql://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)" }

    /// True for text that should be read as a database URL rather than a path.
    public static func looksLikeURL(_ text: String) -> Bool {
        text.lowercased().hasPrefix("postgresql://") || text.lowercased().hasPrefix("postgres://")
    }

    /// `text` with whatever sits between "://user:" and "@" replaced, for messages about a bad URL.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text.range(of: "@", range: scheme.upperBound..<text.endIndex),
              let colon = text.range(of: ":", range: scheme.upperBound..<at.lowerBound) else { return text }
        return text.replacingCharacters(in: colon.upperBound..<at.lowerBound, with: "***")
    }
}
