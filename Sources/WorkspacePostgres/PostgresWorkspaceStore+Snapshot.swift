import Foundation
import PostgresNIO
import Scenarios
import Workspace

extension PostgresWorkspaceStore {
    // MARK: Moving a workspace

    public func snapshot() throws -> WorkspaceSnapshot {
        try transaction(doing: "read") { connection in
            // One consistent view of every table while other processes keep writing.
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", logger: logger)
            var snapshot = WorkspaceSnapshot()
            snapshot.requests = try await rows("SELECT \(unescaped: Self.requestColumns) FROM request ORDER BY id", on: connection).map(Self.request)
            snapshot.audit = try await rows("SELECT at, actor, action, subject, detail FROM audit ORDER BY id", on: connection).map(Self.audit)
            for row in try await rows("SELECT \(unescaped: Self.planColumns) FROM plan ORDER BY week, version", on: connection) {
                let (id, plan) = try Self.plan(row)
                let hours = try await rows("SELECT expert, account, hours FROM plan_hours WHERE plan_id = \(id) ORDER BY position", on: connection)
                    .map(Self.historyEntry)
                let calendars = try await rows("SELECT manager, events FROM plan_calendar WHERE plan_id = \(id) ORDER BY manager COLLATE \"C\"", on: connection).map {
                    let (manager, events) = try $0.decode((String, String).self)
                    return WorkspaceSnapshot.Calendar(manager: manager, events: events)
                }
                snapshot.plans.append(.init(plan: plan, hours: hours, calendars: calendars))
            }
            for row in try await rows("SELECT week, fingerprint, at FROM reviewed ORDER BY week", on: connection) {
                let (week, fingerprint, at) = try row.decode((String, String, String).self)
                guard let week = ISOWeek(week), let at = Timestamp.date(at) else { throw PostgresStoreError.unreadable("reviewed week \(week) is unreadable") }
                snapshot.reviewed.append(.init(week: week, fingerprint: fingerprint, at: at))
            }
            snapshot.users = try await rows("SELECT \(unescaped: Self.userColumns) FROM users ORDER BY id COLLATE \"C\"", on: connection).map(Self.user)
            snapshot.idempotency = try await rows("SELECT user_id, key, body_hash, request_id FROM idempotency ORDER BY user_id COLLATE \"C\", key COLLATE \"C\"", on: connection).map {
                let (user, key, bodyHash, request) = try $0.decode((String, String, String, String).self)
                return WorkspaceSnapshot.SeenKey(key: IdempotencyKey(user: user, key: key, bodyHash: bodyHash), request: request)
            }
            snapshot.controls = try await controls(week: nil, on: connection)
            snapshot.visitLog = try await visitLog(account: nil, on: connection)
            let (last, called) = try await rows("SELECT last_value, is_called FROM request_number", on: connection).first!.decode((Int, Bool).self)
            snapshot.lastRequestNumber = called ? last : 0
            return snapshot
        }
    }

    public func restore(_ snapshot: WorkspaceSnapshot) throws {
        try transaction { connection in
            try await connection.query("LOCK TABLE request, audit, plan, users IN EXCLUSIVE MODE", logger: logger)
            let held = try await rows("SELECT (SELECT COUNT(*) FROM request) + (SELECT COUNT(*) FROM audit) + (SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM users)",
                                      on: connection).first!.decode(Int.self)
            guard held == 0 else { throw WorkspaceError.storeNotEmpty(store: url.description) }
            for request in snapshot.requests { try await insert(request, on: connection) }
            for entry in snapshot.audit { try await insert(entry, on: connection) }
            for plan in snapshot.plans {
                _ = try await insert(plan.plan, hours: plan.hours, calendars: plan.calendars.map { ($0.manager, $0.events) }, on: connection)
            }
            for reviewed in snapshot.reviewed {
                try await connection.query("INSERT INTO reviewed (week, fingerprint, at) VALUES (\(reviewed.week.description), \(reviewed.fingerprint), \(Timestamp.text(reviewed.at)))",
                                           logger: logger)
            }
            for user in snapshot.users { try await insert(user, on: connection) }
            for seen in snapshot.idempotency {
                try await connection.query("""
                    INSERT INTO idempotency (user_id, key, body_hash, request_id) VALUES (\(seen.key.user), \(seen.key.key), \(seen.key.bodyHash), \(seen.request))
                    """, logger: logger)
            }
            for control in snapshot.controls { try await insert(control, on: connection) }
            for entry in snapshot.visitLog { try await insert(entry, on: connection) }
            // The next request gets lastRequestNumber + 1 (setval(…, n, false) for a fresh sequence).
            if snapshot.lastRequestNumber > 0 {
                try await connection.query("SELECT setval('request_number', \(snapshot.lastRequestNumber))", logger: logger)
            }
        }
    }
}
