import Foundation
import GRDB
import Scenarios
import Workspace

/// The workspace store in one SQLite file (kam.sqlite), through GRDB: WAL mode, a busy timeout
/// so concurrent `kam` processes wait for each other instead of failing, schema changes as
/// migrations, and every method one transaction. The only module that imports GRDB.
public final class SQLiteWorkspaceStore: WorkspaceStore, @unchecked Sendable {
    public let path: String
    let pool: DatabasePool
    private let commits = GroupCommit()

    private init(path: String, pool: DatabasePool) {
        self.path = path
        self.pool = pool
    }

    /// Opens (or, with `create`, creates) the database at `path` and brings its schema up to date;
    /// a database written by a newer kam is refused.
    public static func open(_ path: String, create: Bool) throws -> SQLiteWorkspaceStore {
        if !create && !FileManager.default.fileExists(atPath: path) {
            throw WorkspaceError.notAWorkspace(directory: (path as NSString).deletingLastPathComponent)
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw explain(error, doing: "open", path)
        }
        let migrator = SQLiteSchema.migrator
        let known = Set(migrator.migrations)
        let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
        if let unknown = applied.subtracting(known).sorted().first {
            throw WorkspaceError.newerSchema(path: path, schema: unknown)
        }
        do {
            try migrator.migrate(pool)
        } catch {
            throw explain(error, doing: "upgrade the schema of", path)
        }
        return SQLiteWorkspaceStore(path: path, pool: pool)
    }

    /// A database failure in words, naming a full disk when that is the cause; nothing was changed.
    static func explain(_ error: Error, doing action: String, _ path: String) -> WorkspaceError {
        let directory = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let free = (try? FileManager.default.attributesOfFileSystem(forPath: directory))?[.systemFreeSize] as? Int
        let code = (error as? DatabaseError)?.resultCode
        return .storage(action: action, path: path, detail: "\(error)", diskFull: code == .SQLITE_FULL || (free ?? Int.max) < 256 * 1024)
    }

    /// One write transaction, or a savepoint of one shared with the writes of other threads that
    /// arrived at the same time (GroupCommit); a failure of the database itself becomes a
    /// WorkspaceError that says so.
    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try commits.write(pool, body)
        } catch let error as DatabaseError {
            throw Self.explain(error, doing: "write to", path)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw Self.explain(error, doing: "read", path)
        }
    }

    /// Closes the database (tests that reopen it).
    public func close() throws { try pool.close() }

    // MARK: WorkspaceStore

    public func fileRequest(_ request: ExpertRequest, week: ISOWeek, status: StoredRequest.Status, at: Date, idempotency: IdempotencyKey?,
                            detail: (StoredRequest) -> String) throws -> (request: StoredRequest, replayed: Bool) {
        try write { db in
            if let idempotency, let seen = try Row.fetchOne(db.cachedStatement(sql: "SELECT bodyHash, requestId FROM idempotency WHERE user = ? AND key = ?"),
                                                              arguments: [idempotency.user, idempotency.key]) {
                guard seen["bodyHash"] as String == idempotency.bodyHash else { throw WorkspaceError.idempotencyKeyReused(idempotency.key) }
                return (try RequestRow.fetchOne(db, key: seen["requestId"] as String)!.value(), true)
            }
            // Prepared statements kept by the connection: request intake is the server's hottest write.
            try db.cachedStatement(sql: "INSERT INTO counter (name, value) VALUES ('request', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1").execute()
            let number = try Int.fetchOne(db.cachedStatement(sql: "SELECT value FROM counter WHERE name = 'request'"))!
            let published = try Int.fetchOne(db.cachedStatement(sql: "SELECT MAX(version) FROM plan WHERE week = ?"), arguments: [week.description])
            var asked = request
            asked.id = "R" + String(zeroPadded: number, width: 4)
            let stored = StoredRequest(request: asked, week: week, status: status, createdAt: at, updatedAt: at, filedAfterVersion: published)
            try RequestRow(stored).insert(db)
            try AuditRow(AuditEntry(at: at, actor: stored.requester, action: "add", subject: asked.id, detail: detail(stored))).insert(db)
            if let idempotency {
                try db.cachedStatement(sql: "INSERT INTO idempotency (user, key, bodyHash, requestId) VALUES (?, ?, ?, ?)")
                    .execute(arguments: [idempotency.user, idempotency.key, idempotency.bodyHash, asked.id])
            }
            return (stored, false)
        }
    }

    public func requests(week: ISOWeek?, account: String?, status: StoredRequest.Status?) throws -> [StoredRequest] {
        try read { db in
            var query = RequestRow.all()
            if let week { query = query.filter(Column("week") == week.description) }
            if let account { query = query.filter(Column("account") == account) }
            if let status { query = query.filter(Column("status") == status.rawValue) }
            return try query.order(Column("id")).fetchAll(db).map { try $0.value() }
        }
    }

    public func request(_ id: String) throws -> (request: StoredRequest, audit: [AuditEntry])? {
        try read { db in
            guard let row = try RequestRow.fetchOne(db, key: id) else { return nil }
            let audit = try AuditRow.filter(Column("subject") == id).order(Column("id")).fetchAll(db).map { $0.value() }
            return (try row.value(), audit)
        }
    }

    public func updateRequest(_ id: String, actor: String, action: String, at: Date,
                              _ change: (inout StoredRequest) throws -> String) throws -> StoredRequest? {
        try write { db in
            guard let row = try RequestRow.fetchOne(db, key: id) else { return nil }
            var request = try row.value()
            let detail = try change(&request)
            request.updatedAt = at
            try RequestRow(request).update(db)
            try AuditRow(AuditEntry(at: at, actor: actor, action: action, subject: id, detail: detail)).insert(db)
            return request
        }
    }

    public func publish(_ publication: Publication, force: Bool) throws -> PublishedPlan {
        let week = publication.week.description
        return try write { db in
            let existing = try PlanRow.filter(Column("week") == week).order(Column("version").desc).fetchOne(db)
            if let existing, !force {
                throw WorkspaceError.alreadyPublished(week: week, version: existing.version, at: existing.publishedAt)
            }
            if existing != nil {
                try db.execute(sql: "UPDATE plan SET superseded = 1 WHERE week = ?", arguments: [week])
            }
            var row = PlanRow(id: nil, week: week, version: (existing?.version ?? 0) + 1, publishedAt: Timestamp.text(publication.at),
                              publishedBy: publication.by, superseded: false, objective: publication.objective, planJSON: publication.planJSON)
            try row.insert(db)
            for entry in publication.hours {
                try HoursRow(planId: row.id!, expert: entry.expert, account: entry.account, hours: entry.hours).insert(db)
            }
            for calendar in publication.calendars {
                try db.execute(sql: "INSERT INTO planCalendar (planId, manager, events) VALUES (?, ?, ?)",
                               arguments: [row.id!, calendar.manager, calendar.events])
            }
            for outcome in publication.outcomes {
                try db.execute(sql: "UPDATE request SET allocated = ?, status = ?, updatedAt = ? WHERE id = ?",
                               arguments: [outcome.allocated, outcome.status.rawValue, Timestamp.text(publication.at), outcome.id])
            }
            try AuditRow(AuditEntry(at: publication.at, actor: publication.by, action: "publish", subject: week,
                                    detail: publication.detail(row.version))).insert(db)
            return try row.value()
        }
    }

    public func publishedPlans(week: ISOWeek) throws -> [PublishedPlan] {
        try read { db in try PlanRow.filter(Column("week") == week.description).order(Column("version")).fetchAll(db).map { try $0.value() } }
    }

    public func latestPublishedVersions() throws -> [ISOWeek: Int] {
        try read { db in
            var latest: [ISOWeek: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT week, MAX(version) AS version FROM plan GROUP BY week") {
                if let week = ISOWeek(row["week"] as String) { latest[week] = row["version"] as Int }
            }
            return latest
        }
    }

    public func calendarEvents(manager: String) throws -> [String] {
        try read { db in
            try String.fetchAll(db, sql: """
                SELECT planCalendar.events FROM planCalendar JOIN plan ON plan.id = planCalendar.planId
                WHERE plan.superseded = 0 AND planCalendar.manager = ? ORDER BY plan.week
                """, arguments: [manager])
        }
    }

    public func history(before week: ISOWeek) throws -> [HistoryEntry] {
        try read { db in
            guard let last = try PlanRow.filter(Column("week") < week.description && Column("superseded") == false)
                .order(Column("week").desc, Column("version").desc).fetchOne(db), let id = last.id
            else { return [] }
            return try HoursRow.filter(Column("planId") == id).fetchAll(db).map { HistoryEntry(expert: $0.expert, account: $0.account, hours: $0.hours) }
        }
    }

    public func setReviewed(week: ISOWeek, fingerprint: String, at: Date) throws {
        try write { db in
            try db.execute(sql: "INSERT INTO reviewed (week, fingerprint, at) VALUES (?, ?, ?) ON CONFLICT(week) DO UPDATE SET fingerprint = excluded.fingerprint, at = excluded.at",
                           arguments: [week.description, fingerprint, Timestamp.text(at)])
        }
    }

    public func reviewedFingerprint(week: ISOWeek) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT fingerprint FROM reviewed WHERE week = ?", arguments: [week.description]) }
    }

    // MARK: Planner controls

    public func setControl(_ control: PlannerControl, action: String, detail: String) throws {
        let c = control.columns
        try write { db in
            try db.execute(sql: """
                INSERT INTO control (week, key, kind, expert, targetKind, target, hours, mode, setBy, setAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(week, key) DO UPDATE SET hours = excluded.hours, mode = excluded.mode, setBy = excluded.setBy, setAt = excluded.setAt
                """, arguments: [control.week.description, control.key, c.kind, c.expert, c.targetKind, c.target, c.hours, c.mode,
                                 control.setBy, Timestamp.text(control.setAt)])
            try AuditRow(AuditEntry(at: control.setAt, actor: control.setBy, action: action, subject: control.week.description, detail: detail)).insert(db)
        }
    }

    public func removeControl(week: ISOWeek, key: String, actor: String, at: Date, action: String, detail: String) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM control WHERE week = ? AND key = ?", arguments: [week.description, key])
            guard db.changesCount > 0 else { return false }
            try AuditRow(AuditEntry(at: at, actor: actor, action: action, subject: week.description, detail: detail)).insert(db)
            return true
        }
    }

    public func controls(week: ISOWeek?) throws -> [PlannerControl] {
        try read { db in try Self.controls(db, week: week) }
    }

    private static func controls(_ db: Database, week: ISOWeek?) throws -> [PlannerControl] {
        let rows = week == nil
            ? try Row.fetchAll(db, sql: "SELECT * FROM control ORDER BY week, key")
            : try Row.fetchAll(db, sql: "SELECT * FROM control WHERE week = ? ORDER BY key", arguments: [week!.description])
        return try rows.map { row in
            guard let week = ISOWeek(row["week"] as String), let at = Timestamp.date(row["setAt"]),
                  let control = PlannerControl(week: week, kind: row["kind"], expert: row["expert"], targetKind: row["targetKind"], target: row["target"],
                                               hours: row["hours"], mode: row["mode"], setBy: row["setBy"], setAt: at)
            else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "control \(row["key"] as String) of \(row["week"] as String) is unreadable") }
            return control
        }
    }

    // MARK: Visit log

    public func logVisit(_ entry: VisitLogEntry) throws {
        try write { db in
            try Self.insert(entry, db)
            try AuditRow(AuditEntry(at: entry.at, actor: entry.by, action: "visit", subject: entry.account, detail: entry.auditDetail)).insert(db)
        }
    }

    private static func insert(_ entry: VisitLogEntry, _ db: Database) throws {
        try db.execute(sql: "INSERT INTO visitLog (account, date, outcome, channel, note, loggedBy, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [entry.account, entry.date.description, entry.outcome.rawValue, entry.channel.rawValue, entry.note, entry.by, Timestamp.text(entry.at)])
    }

    public func visitLog(account: String?) throws -> [VisitLogEntry] {
        try read { db in try Self.visitLog(db, account: account) }
    }

    private static func visitLog(_ db: Database, account: String?) throws -> [VisitLogEntry] {
        let rows = account == nil
            ? try Row.fetchAll(db, sql: "SELECT * FROM visitLog ORDER BY date, id")
            : try Row.fetchAll(db, sql: "SELECT * FROM visitLog WHERE account = ? ORDER BY date, id", arguments: [account!])
        return try rows.map { row in
            guard let date = CalendarDate(row["date"] as String), let outcome = VisitLogEntry.Outcome(rawValue: row["outcome"]),
                  let channel = ContactChannel(rawValue: row["channel"]), let at = Timestamp.date(row["at"])
            else { throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "visit log entry \(row["id"] as Int) is unreadable") }
            return VisitLogEntry(account: row["account"], date: date, outcome: outcome, channel: channel, note: row["note"], by: row["loggedBy"], at: at)
        }
    }

    // MARK: Users and sessions

    public func addUser(_ user: User, actor: String, at: Date) throws {
        try write { db in
            guard try UserRow.fetchOne(db, key: user.id) == nil else { throw WorkspaceError.userExists(user.id) }
            try UserRow(user).insert(db)
            try AuditRow(AuditEntry(at: at, actor: actor, action: "user add", subject: user.id, detail: User.auditDetail(user))).insert(db)
        }
    }

    public func users() throws -> [User] {
        try read { db in try UserRow.order(Column("id")).fetchAll(db).map { try $0.value() } }
    }

    public func user(_ id: String) throws -> User? {
        try read { db in try UserRow.fetchOne(db, key: id)?.value() }
    }

    public func user(tokenHash: String) throws -> User? {
        // Every API call signs in through this: a prepared statement kept by the connection.
        try read { db in try UserRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM user WHERE tokenHash = ?"), arguments: [tokenHash])?.value() }
    }

    /// SQLite has one writer at a time, so ids are handed out in commit order: the last ids alone
    /// name the state (two index lookups, where counting 40,000 audit rows took milliseconds).
    public func changeStamp() throws -> String {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT (SELECT max(id) FROM audit), (SELECT max(id) FROM plan)")
            return "audit \(row?[0] as Int? ?? 0) plans \(row?[1] as Int? ?? 0)"
        }
    }

    public func checkReachable() throws {
        _ = try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") }
    }

    public func user(feedTokenHash: String) throws -> User? {
        try read { db in try UserRow.filter(Column("feedTokenHash") == feedTokenHash).fetchOne(db)?.value() }
    }

    public func updateUser(_ id: String, actor: String, action: String, at: Date, _ change: (inout User) throws -> String) throws -> User? {
        try write { db in
            guard let row = try UserRow.fetchOne(db, key: id) else { return nil }
            var user = try row.value()
            let detail = try change(&user)
            try UserRow(user).update(db)
            if !user.isActive { try db.execute(sql: "DELETE FROM session WHERE user = ?", arguments: [id]) }
            try AuditRow(AuditEntry(at: at, actor: actor, action: action, subject: id, detail: detail)).insert(db)
            return user
        }
    }

    public func createSession(_ session: WebSession) throws {
        try write { db in
            try db.execute(sql: "DELETE FROM session WHERE expiresAt < ?", arguments: [Timestamp.text(session.createdAt)])
            try SessionRow(session).insert(db)
        }
    }

    public func session(idHash: String, now: Date) throws -> WebSession? {
        try read { db in
            guard let session = try SessionRow.fetchOne(db.cachedStatement(sql: "SELECT * FROM session WHERE idHash = ?"), arguments: [idHash])?.value(),
                  session.expiresAt > now else { return nil }
            return session
        }
    }

    public func deleteSession(idHash: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM session WHERE idHash = ?", arguments: [idHash]) }
    }

    public func deleteSessions(user: String) throws {
        try write { db in try db.execute(sql: "DELETE FROM session WHERE user = ?", arguments: [user]) }
    }

    // MARK: Moving a workspace

    public func snapshot() throws -> WorkspaceSnapshot {
        try read { db in
            var snapshot = WorkspaceSnapshot()
            snapshot.requests = try RequestRow.order(Column("id")).fetchAll(db).map { try $0.value() }
            snapshot.audit = try AuditRow.order(Column("id")).fetchAll(db).map { $0.value() }
            for row in try PlanRow.order(Column("week"), Column("version")).fetchAll(db) {
                let hours = try HoursRow.filter(Column("planId") == row.id).order(Column.rowID).fetchAll(db)
                let calendars = try Row.fetchAll(db, sql: "SELECT manager, events FROM planCalendar WHERE planId = ? ORDER BY manager", arguments: [row.id])
                snapshot.plans.append(.init(plan: try row.value(), hours: hours.map { HistoryEntry(expert: $0.expert, account: $0.account, hours: $0.hours) },
                                            calendars: calendars.map { .init(manager: $0["manager"], events: $0["events"]) }))
            }
            for row in try Row.fetchAll(db, sql: "SELECT week, fingerprint, at FROM reviewed ORDER BY week") {
                guard let week = ISOWeek(row["week"] as String), let at = Timestamp.date(row["at"]) else {
                    throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "reviewed week \(row["week"] as String) is unreadable")
                }
                snapshot.reviewed.append(.init(week: week, fingerprint: row["fingerprint"], at: at))
            }
            snapshot.users = try UserRow.order(Column("id")).fetchAll(db).map { try $0.value() }
            snapshot.idempotency = try Row.fetchAll(db, sql: "SELECT user, key, bodyHash, requestId FROM idempotency ORDER BY user, key").map {
                .init(key: IdempotencyKey(user: $0["user"], key: $0["key"], bodyHash: $0["bodyHash"]), request: $0["requestId"])
            }
            snapshot.controls = try Self.controls(db, week: nil)
            snapshot.visitLog = try Self.visitLog(db, account: nil)
            snapshot.lastRequestNumber = try Int.fetchOne(db, sql: "SELECT value FROM counter WHERE name = 'request'") ?? 0
            return snapshot
        }
    }

    public func restore(_ snapshot: WorkspaceSnapshot) throws {
        try write { db in
            let held = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM request) + (SELECT COUNT(*) FROM audit) + (SELECT COUNT(*) FROM plan) + (SELECT COUNT(*) FROM user)") ?? 0
            guard held == 0 else { throw WorkspaceError.storeNotEmpty(store: path) }
            for request in snapshot.requests { try RequestRow(request).insert(db) }
            for entry in snapshot.audit { try AuditRow(entry).insert(db) }
            for entry in snapshot.plans {
                var row = PlanRow(id: nil, week: entry.plan.week.description, version: entry.plan.version, publishedAt: Timestamp.text(entry.plan.publishedAt),
                                  publishedBy: entry.plan.publishedBy, superseded: entry.plan.superseded, objective: entry.plan.objective, planJSON: entry.plan.planJSON)
                try row.insert(db)
                for hours in entry.hours { try HoursRow(planId: row.id!, expert: hours.expert, account: hours.account, hours: hours.hours).insert(db) }
                for calendar in entry.calendars {
                    try db.execute(sql: "INSERT INTO planCalendar (planId, manager, events) VALUES (?, ?, ?)", arguments: [row.id!, calendar.manager, calendar.events])
                }
            }
            for reviewed in snapshot.reviewed {
                try db.execute(sql: "INSERT INTO reviewed (week, fingerprint, at) VALUES (?, ?, ?)",
                               arguments: [reviewed.week.description, reviewed.fingerprint, Timestamp.text(reviewed.at)])
            }
            for user in snapshot.users { try UserRow(user).insert(db) }
            for seen in snapshot.idempotency {
                try db.execute(sql: "INSERT INTO idempotency (user, key, bodyHash, requestId) VALUES (?, ?, ?, ?)",
                               arguments: [seen.key.user, seen.key.key, seen.key.bodyHash, seen.request])
            }
            for entry in snapshot.visitLog { try Self.insert(entry, db) }
            for control in snapshot.controls {
                let c = control.columns
                try db.execute(sql: "INSERT INTO control (week, key, kind, expert, targetKind, target, hours, mode, setBy, setAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: [control.week.description, control.key, c.kind, c.expert, c.targetKind, c.target, c.hours, c.mode,
                                           control.setBy, Timestamp.text(control.setAt)])
            }
            try db.execute(sql: "INSERT INTO counter (name, value) VALUES ('request', ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                           arguments: [snapshot.lastRequestNumber])
        }
    }
}
