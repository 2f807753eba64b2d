import Foundation
import PostgresNIO
import Scenarios
import Workspace

extension PostgresWorkspaceStore {
    // MARK: Requests

    static let requestColumns = "id, week, account, skill, hours, priority, onsite, single_expert, requested_by, note, status, allocated, created_at, updated_at, filed_after_version, rejection_reason"

    static func request(_ row: PostgresRow) throws -> StoredRequest {
        let (id, week, account, skill, hours, priority, onsite, single, by, note, status, allocated, created, updated, after, reason) =
            try row.decode((String, String, String, String, Double, String, Bool, Bool, String, String?, String, Double, String, String, Int?, String?).self)
        guard let week = ISOWeek(week), let priority = Priority(rawValue: priority), let status = StoredRequest.Status(rawValue: status),
              let created = Timestamp.date(created), let updated = Timestamp.date(updated)
        else { throw PostgresStoreError.unreadable("request \(id) has an unreadable week, priority, status or time") }
        let request = ExpertRequest(id: id, account: account, skill: skill, hours: hours, priority: priority, onsite: onsite,
                                    singleExpert: single, requestedBy: by, note: note)
        return StoredRequest(request: request, week: week, status: status, allocated: allocated, createdAt: created, updatedAt: updated,
                             filedAfterVersion: after, rejectionReason: reason)
    }

    func insert(_ stored: StoredRequest, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO request (\(unescaped: Self.requestColumns)) VALUES (\(stored.id), \(stored.week.description), \(stored.account),
            \(stored.skill), \(stored.hours), \(stored.priority.rawValue), \(stored.onsite), \(stored.singleExpert), \(stored.requester), \(stored.note),
            \(stored.status.rawValue), \(stored.allocated), \(Timestamp.text(stored.createdAt)), \(Timestamp.text(stored.updatedAt)), \(stored.filedAfterVersion), \(stored.rejectionReason))
            """, logger: logger)
    }

    func insert(_ entry: AuditEntry, on connection: PostgresConnection) async throws {
        try await connection.query("""
            INSERT INTO audit (at, actor, action, subject, detail)
            VALUES (\(Timestamp.text(entry.at)), \(entry.actor), \(entry.action), \(entry.subject), \(entry.detail))
            """, logger: logger)
    }

    public func fileRequest(_ request: ExpertRequest, week: ISOWeek, status: StoredRequest.Status, at: Date, idempotency: IdempotencyKey?,
                            detail: (StoredRequest) -> String) throws -> (request: StoredRequest, replayed: Bool) {
        // Two processes filing the same new idempotency key at once: one commits, the other's
        // insert of the key fails on its primary key and rolls back; filed again, it finds the key.
        try transaction(attempts: 3) { connection in
            if let idempotency, let seen = try await rows("SELECT body_hash, request_id FROM idempotency WHERE user_id = \(idempotency.user) AND key = \(idempotency.key)",
                                                          on: connection).first {
                let (bodyHash, requestId) = try seen.decode((String, String).self)
                guard bodyHash == idempotency.bodyHash else { throw WorkspaceError.idempotencyKeyReused(idempotency.key) }
                guard let row = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request WHERE id = \(requestId)", on: connection).first else {
                    throw PostgresStoreError.unreadable("idempotency key \(idempotency.key) names request \(requestId), which is missing")
                }
                return (try Self.request(row), true)
            }
            let number = try await rows("SELECT nextval('request_number')", on: connection).first!.decode(Int.self)
            let published = try await rows("SELECT MAX(version) FROM plan WHERE week = \(week.description)", on: connection).first?.decode(Int?.self)
            var asked = request
            asked.id = "R" + String(zeroPadded: number, width: 4)
            let stored = StoredRequest(request: asked, week: week, status: status, createdAt: at, updatedAt: at, filedAfterVersion: published)
            try await insert(stored, on: connection)
            try await insert(AuditEntry(at: at, actor: stored.requester, action: "add", subject: asked.id, detail: detail(stored)), on: connection)
            if let idempotency {
                try await connection.query("""
                    INSERT INTO idempotency (user_id, key, body_hash, request_id) VALUES (\(idempotency.user), \(idempotency.key), \(idempotency.bodyHash), \(asked.id))
                    """, logger: logger)
            }
            return (stored, false)
        }
    }

    public func requests(week: ISOWeek?, account: String?, status: StoredRequest.Status?) throws -> [StoredRequest] {
        var conditions: [String] = []
        var binds = PostgresBindings()
        for (column, value) in [("week", week?.description), ("account", account), ("status", status?.rawValue)] {
            guard let value else { continue }
            binds.append(value)
            conditions.append("\(column) = $\(binds.count)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let query = PostgresQuery(unsafeSQL: "SELECT \(Self.requestColumns) FROM request\(filter) ORDER BY id", binds: binds)
        return try read { connection in try await rows(query, on: connection).map(Self.request) }
    }

    public func request(_ id: String) throws -> (request: StoredRequest, audit: [AuditEntry])? {
        try transaction(doing: "read") { connection in
            guard let row = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request WHERE id = \(id)", on: connection).first else { return nil }
            let audit = try await rows("SELECT at, actor, action, subject, detail FROM audit WHERE subject = \(id) ORDER BY id", on: connection).map(Self.audit)
            return (try Self.request(row), audit)
        }
    }

    static func audit(_ row: PostgresRow) throws -> AuditEntry {
        let (at, actor, action, subject, detail) = try row.decode((String, String, String, String, String).self)
        return AuditEntry(at: Timestamp.date(at) ?? Date(timeIntervalSince1970: 0), actor: actor, action: action, subject: subject, detail: detail)
    }

    public func updateRequest(_ id: String, actor: String, action: String, at: Date,
                              _ change: (inout StoredRequest) throws -> String) throws -> StoredRequest? {
        try transaction { connection in
            guard let row = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request WHERE id = \(id) FOR UPDATE", on: connection).first else { return nil }
            var request = try Self.request(row)
            let detail = try change(&request)
            request.updatedAt = at
            try await connection.query("""
                UPDATE request SET week = \(request.week.description), account = \(request.account), skill = \(request.skill), hours = \(request.hours),
                priority = \(request.priority.rawValue), onsite = \(request.onsite), single_expert = \(request.singleExpert), requested_by = \(request.requester),
                note = \(request.note), status = \(request.status.rawValue), allocated = \(request.allocated), updated_at = \(Timestamp.text(request.updatedAt)),
                filed_after_version = \(request.filedAfterVersion), rejection_reason = \(request.rejectionReason) WHERE id = \(id)
                """, logger: logger)
            try await insert(AuditEntry(at: at, actor: actor, action: action, subject: id, detail: detail), on: connection)
            return request
        }
    }
}
