import Foundation
import PostgresNIO
import Scenarios
import Workspace

extension PostgresWorkspaceStore {
    // MARK: Planner controls

    static let controlColumns = "week, kind, expert, target_kind, target, hours, mode, set_by, set_at"

    static func control(_ row: PostgresRow) throws -> PlannerControl {
        let (week, kind, expert, targetKind, target, hours, mode, by, at) =
            try row.decode((String, String, String, String, String, Double?, String?, String, String).self)
        guard let isoWeek = ISOWeek(week), let date = Timestamp.date(at),
              let control = PlannerControl(week: isoWeek, kind: kind, expert: expert, targetKind: targetKind, target: target,
                                           hours: hours, mode: mode, setBy: by, setAt: date)
        else { throw PostgresStoreError.unreadable("a control of \(week) (\(kind) \(expert) \(target)) is unreadable") }
        return control
    }

    func insert(_ control: PlannerControl, on connection: PostgresConnection) async throws {
        let c = control.columns
        try await connection.query("""
            INSERT INTO control (week, key, kind, expert, target_kind, target, hours, mode, set_by, set_at)
            VALUES (\(control.week.description), \(control.key), \(c.kind), \(c.expert), \(c.targetKind), \(c.target), \(c.hours), \(c.mode),
            \(control.setBy), \(Timestamp.text(control.setAt)))
            ON CONFLICT (week, key) DO UPDATE SET hours = excluded.hours, mode = excluded.mode, set_by = excluded.set_by, set_at = excluded.set_at
            """, logger: logger)
    }

    public func setControl(_ control: PlannerControl, action: String, detail: String) throws {
        try transaction { connection in
            try await insert(control, on: connection)
            try await insert(AuditEntry(at: control.setAt, actor: control.setBy, action: action, subject: control.week.description, detail: detail),
                             on: connection)
        }
    }

    public func removeControl(week: ISOWeek, key: String, actor: String, at: Date, action: String, detail: String) throws -> Bool {
        try transaction { connection in
            let removed = try await rows("DELETE FROM control WHERE week = \(week.description) AND key = \(key) RETURNING key", on: connection)
            guard !removed.isEmpty else { return false }
            try await insert(AuditEntry(at: at, actor: actor, action: action, subject: week.description, detail: detail), on: connection)
            return true
        }
    }

    public func controls(week: ISOWeek?) throws -> [PlannerControl] {
        try transaction(doing: "read") { connection in try await controls(week: week, on: connection) }
    }

    /// By week, then key in byte order (COLLATE "C"), as the other stores sort, whatever the database's locale.
    func controls(week: ISOWeek?, on connection: PostgresConnection) async throws -> [PlannerControl] {
        let found = if let week {
            try await rows("SELECT \(unescaped: Self.controlColumns) FROM control WHERE week = \(week.description) ORDER BY key COLLATE \"C\"", on: connection)
        } else {
            try await rows("SELECT \(unescaped: Self.controlColumns) FROM control ORDER BY week, key COLLATE \"C\"", on: connection)
        }
        return try found.map(Self.control)
    }
}
