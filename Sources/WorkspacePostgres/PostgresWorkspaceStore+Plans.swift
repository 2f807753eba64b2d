import Foundation
import PostgresNIO
import Scenarios
import Workspace

extension PostgresWorkspaceStore {
    // MARK: Published plans

    static let planColumns = "id, week, version, published_at, published_by, superseded, objective, plan_json"

    static func plan(_ row: PostgresRow) throws -> (id: Int, plan: PublishedPlan) {
        let (id, week, version, at, by, superseded, objective, json) = try row.decode((Int, String, Int, String, String, Bool, Double, String).self)
        guard let week = ISOWeek(week), let at = Timestamp.date(at) else { throw PostgresStoreError.unreadable("plan \(id) has an unreadable week or time") }
        return (id, PublishedPlan(week: week, version: version, publishedAt: at, publishedBy: by, superseded: superseded, objective: objective, planJSON: json))
    }

    /// A row of plan_hours (expert, account, hours).
    static func historyEntry(_ row: PostgresRow) throws -> HistoryEntry {
        let (expert, account, hours) = try row.decode((String, String, Double).self)
        return HistoryEntry(expert: expert, account: account, hours: hours)
    }

    /// Inserts a plan version with its hours and calendars; returns its row id.
    func insert(_ plan: PublishedPlan, hours: [HistoryEntry], calendars: [(manager: String, events: String)],
                on connection: PostgresConnection) async throws -> Int {
        let id = try await rows("""
            INSERT INTO plan (week, version, published_at, published_by, superseded, objective, plan_json)
            VALUES (\(plan.week.description), \(plan.version), \(Timestamp.text(plan.publishedAt)), \(plan.publishedBy), \(plan.superseded),
            \(plan.objective), \(plan.planJSON)) RETURNING id
            """, on: connection).first!.decode(Int.self)
        // The hours in one statement of arrays (an L plan has ~20,000 rows): one round trip.
        try await connection.query("""
            INSERT INTO plan_hours (plan_id, expert, account, hours, position)
            SELECT \(id), expert, account, hours, position - 1
            FROM unnest(\(hours.map(\.expert))::text[], \(hours.map(\.account))::text[], \(hours.map(\.hours))::float8[]) WITH ORDINALITY AS h(expert, account, hours, position)
            """, logger: logger)
        try await connection.query("""
            INSERT INTO plan_calendar (plan_id, manager, events)
            SELECT \(id), manager, events FROM unnest(\(calendars.map(\.manager))::text[], \(calendars.map(\.events))::text[]) AS c(manager, events)
            """, logger: logger)
        return id
    }

    public func publish(_ publication: Publication, force: Bool) throws -> PublishedPlan {
        let week = publication.week.description
        return try transaction { connection in
            // One publisher at a time across every process: versions are read, then written.
            try await connection.query("LOCK TABLE plan IN SHARE ROW EXCLUSIVE MODE", logger: logger)
            let existing = try await rows("SELECT \(unescaped: Self.planColumns) FROM plan WHERE week = \(week) ORDER BY version DESC LIMIT 1", on: connection)
                .first.map(Self.plan)?.plan
            if let existing, !force {
                throw WorkspaceError.alreadyPublished(week: week, version: existing.version, at: Timestamp.text(existing.publishedAt))
            }
            try await connection.query("UPDATE plan SET superseded = true WHERE week = \(week)", logger: logger)
            let plan = PublishedPlan(week: publication.week, version: (existing?.version ?? 0) + 1, publishedAt: publication.at,
                                     publishedBy: publication.by, superseded: false, objective: publication.objective, planJSON: publication.planJSON)
            _ = try await insert(plan, hours: publication.hours, calendars: publication.calendars, on: connection)
            let outcomes = publication.outcomes
            try await connection.query("""
                UPDATE request SET allocated = o.allocated, status = o.status, updated_at = \(Timestamp.text(publication.at))
                FROM unnest(\(outcomes.map(\.id))::text[], \(outcomes.map(\.allocated))::float8[], \(outcomes.map(\.status.rawValue))::text[]) AS o(id, allocated, status)
                WHERE request.id = o.id
                """, logger: logger)
            try await insert(AuditEntry(at: publication.at, actor: publication.by, action: "publish", subject: week, detail: publication.detail(plan.version)),
                             on: connection)
            return plan
        }
    }

    public func publishedPlans(week: ISOWeek) throws -> [PublishedPlan] {
        try read { connection in
            try await rows("SELECT \(unescaped: Self.planColumns) FROM plan WHERE week = \(week.description) ORDER BY version", on: connection).map { try Self.plan($0).plan }
        }
    }

    /// Counts as well as last ids: a transaction can commit after one that took a later id.
    public func changeStamp() throws -> String {
        try read { connection in
            let row = try await rows("SELECT (SELECT count(*) FROM audit), (SELECT max(id) FROM audit), (SELECT count(*) FROM plan), (SELECT max(id) FROM plan)",
                                     on: connection).first
            let (a, b, c, d) = try row?.decode((Int?, Int?, Int?, Int?).self) ?? (0, 0, 0, 0)
            return "audit \(a ?? 0) \(b ?? 0) plans \(c ?? 0) \(d ?? 0)"
        }
    }

    public func checkReachable() throws {
        try read { connection in _ = try await rows("SELECT 1", on: connection) }
    }

    public func latestPublishedVersions() throws -> [ISOWeek: Int] {
        try read { connection in
            var latest: [ISOWeek: Int] = [:]
            for row in try await rows("SELECT week, MAX(version) FROM plan GROUP BY week", on: connection) {
                let (week, version) = try row.decode((String, Int).self)
                if let week = ISOWeek(week) { latest[week] = version }
            }
            return latest
        }
    }

    public func calendarEvents(manager: String) throws -> [String] {
        try read { connection in
            try await rows("""
                SELECT plan_calendar.events FROM plan_calendar JOIN plan ON plan.id = plan_calendar.plan_id
                WHERE NOT plan.superseded AND plan_calendar.manager = \(manager) ORDER BY plan.week
                """, on: connection).map { try $0.decode(String.self) }
        }
    }

    public func history(before week: ISOWeek) throws -> [HistoryEntry] {
        try read { connection in
            try await rows("""
                SELECT expert, account, hours FROM plan_hours WHERE plan_id = (
                    SELECT id FROM plan WHERE week < \(week.description) AND NOT superseded ORDER BY week DESC, version DESC LIMIT 1)
                ORDER BY position
                """, on: connection).map(Self.historyEntry)
        }
    }

    public func setReviewed(week: ISOWeek, fingerprint: String, at: Date) throws {
        _ = try transaction { connection in
            try await connection.query("""
                INSERT INTO reviewed (week, fingerprint, at) VALUES (\(week.description), \(fingerprint), \(Timestamp.text(at)))
                ON CONFLICT (week) DO UPDATE SET fingerprint = excluded.fingerprint, at = excluded.at
                """, logger: logger)
        }
    }

    public func reviewedFingerprint(week: ISOWeek) throws -> String? {
        try read { connection in try await rows("SELECT fingerprint FROM reviewed WHERE week = \(week.description)", on: connection).first?.decode(String.self) }
    }
}
