import Foundation
import PostgresNIO
import Scenarios
import Workspace

extension PostgresWorkspaceStore {
    // MARK: Visit log

    func insert(_ entry: VisitLogEntry, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO visit_log (account, date, outcome, channel, note, logged_by, at)
            VALUES (\(entry.account), \(entry.date.description), \(entry.outcome.rawValue), \(entry.channel.rawValue), \(entry.note), \(entry.by), \(Timestamp.text(entry.at)))
            """, logger: logger)
    }

    public func logVisit(_ entry: VisitLogEntry) throws {
        try transaction { connection in
            try await insert(entry, on: connection)
            try await insert(AuditEntry(at: entry.at, actor: entry.by, action: "visit", subject: entry.account, detail: entry.auditDetail), on: connection)
        }
    }

    public func visitLog(account: String?) throws -> [VisitLogEntry] {
        try transaction(doing: "read") { connection in try await visitLog(account: account, on: connection) }
    }

    /// By date (ISO text sorts as dates), then in the order logged.
    func visitLog(account: String?, on connection: PostgresConnection) async throws -> [VisitLogEntry] {
        let found = if let account {
            try await rows("SELECT account, date, outcome, channel, note, logged_by, at FROM visit_log WHERE account = \(account) ORDER BY date COLLATE \"C\", id", on: connection)
        } else {
            try await rows("SELECT account, date, outcome, channel, note, logged_by, at FROM visit_log ORDER BY date COLLATE \"C\", id", on: connection)
        }
        return try found.map { row in
            let (account, date, outcome, channel, note, by, at) = try row.decode((String, String, String, String, String?, String, String).self)
            guard let day = CalendarDate(date), let result = VisitLogEntry.Outcome(rawValue: outcome), let channel = ContactChannel(rawValue: channel),
                  let time = Timestamp.date(at)
            else {
                throw PostgresStoreError.unreadable("a visit of \(account) on \(date) is unreadable")
            }
            return VisitLogEntry(account: account, date: day, outcome: result, channel: channel, note: note, by: by, at: time)
        }
    }
}
