import Foundation
import GRDB
import Planning
import Scenarios

/// A planning workspace: `workspace.yaml` (managers, experts, accounts, policy) and `kam.sqlite`
/// (requests, their audit trail, published plans). Every command is one transaction.
public final class PlanningWorkspace: @unchecked Sendable {
    public let directory: String
    let database: DatabasePool

    public var configurationPath: String { (directory as NSString).appendingPathComponent("workspace.yaml") }
    static func databasePath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("kam.sqlite") }

    /// What workspace.yaml may not hold, and why.
    static let forbiddenKeys = [
        "requests": "requests live in the workspace database; add them with kam request add",
        "history": "history is the last published plan; kam publish records it",
        "extends": "a workspace is self-contained",
        "remove": "a workspace is self-contained",
    ]

    private init(directory: String, database: DatabasePool) {
        self.directory = directory
        self.database = database
    }

    /// Creates DIR with workspace.yaml (from a scenario's managers, experts, accounts and policy,
    /// or an empty one) and a new database.
    public static func create(at directory: String, from scenario: Scenario?) throws -> PlanningWorkspace {
        let manager = FileManager.default
        if manager.fileExists(atPath: (directory as NSString).appendingPathComponent("workspace.yaml"))
            || manager.fileExists(atPath: databasePath(directory))
        {
            throw WorkspaceError.alreadyAWorkspace(directory: directory)
        }
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var document: [(String, JSONValue)] = [("name", .string(scenario?.name ?? ((directory as NSString).lastPathComponent)))]
        if case .object(let pairs)? = scenario.map(ScenarioWriter.document) {
            document += pairs.filter { ["policy", "managers", "experts", "accounts"].contains($0.0) }
        } else {
            document += [("managers", .array([])), ("experts", .array([])), ("accounts", .array([]))]
        }
        let header = "# kam workspace: managers, experts, accounts and policy (the scenario format without week,\n# requests and history). Requests are in kam.sqlite: kam request add --workspace DIR ...\n"
        try Data((header + JSONValue.object(document).yamlRendered()).utf8)
            .write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("workspace.yaml")), options: .atomic)
        let pool = try Store.open(databasePath(directory), create: true)
        return PlanningWorkspace(directory: directory, database: pool)
    }

    public static func open(_ directory: String) throws -> PlanningWorkspace {
        guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("workspace.yaml")) else {
            throw WorkspaceError.notAWorkspace(directory: directory)
        }
        return PlanningWorkspace(directory: directory, database: try Store.open(databasePath(directory), create: false))
    }

    // MARK: The organisation

    /// workspace.yaml as a scenario of `week` without requests or history; its errors thrown.
    public func organisation(week: ISOWeek) throws -> Scenario {
        let result = ScenarioLoader.load(path: configurationPath, defaultWeek: week, forbidden: Self.forbiddenKeys)
        guard let scenario = result.scenario else {
            throw WorkspaceError.invalidConfiguration(result.errors.map(\.description))
        }
        var copy = scenario
        copy.week = week
        return copy
    }

    // MARK: Requests

    /// A request to file: the scenario's request shape (its id is given by the store) for a week,
    /// made by a manager.
    public struct NewRequest: Sendable {
        public var week: ISOWeek
        public var request: ExpertRequest
        /// The manager making the request (the signed-in one, on a server).
        public var by: String { request.requestedBy ?? "" }

        public init(week: ISOWeek, account: String, skill: String, hours: Double, priority: Priority = .normal,
                    onsite: Bool = false, singleExpert: Bool = false, by: String, note: String? = nil) {
            self.week = week
            request = ExpertRequest(id: "", account: account, skill: skill, hours: hours, priority: priority,
                                    onsite: onsite, singleExpert: singleExpert, requestedBy: by, note: note)
        }
    }

    /// The most hours one request may ask for: a week has 168.
    static let maximumHours = WorkspaceError.maximumHours

    /// A request as filed, with what the manager should know about it.
    public struct Filed: Sendable {
        public var request: StoredRequest
        /// Accepted, but: the week is already published, or the account's tier is not planned.
        public var warnings: [String]
    }

    /// Checks a new request against the workspace and stores it; returns it with its new id.
    public func add(_ new: NewRequest, today: CalendarDate) throws -> Filed {
        let asked = new.request
        let organisation = try self.organisation(week: new.week)
        if new.week < ISOWeek(containing: today) {
            throw WorkspaceError.weekInPast(week: new.week, current: ISOWeek(containing: today))
        }
        guard asked.hours.isFinite, asked.hours > 0, asked.hours <= Self.maximumHours else {
            throw WorkspaceError.hoursOutOfRange(asked.hours)
        }
        if let note = asked.note, let control = TextSafety.firstControl(in: note) {
            throw WorkspaceError.controlCharacter(field: "note", character: TextSafety.visible(control))
        }
        guard let account = organisation.accounts.first(where: { $0.id == asked.account }) else {
            throw WorkspaceError.unknownAccount(asked.account, hint: hint(asked.account, organisation.accounts.map(\.id)))
        }
        guard organisation.managers.contains(where: { $0.id == new.by }) else {
            throw WorkspaceError.unknownManager(new.by, hint: hint(new.by, organisation.managers.map(\.id)))
        }
        guard account.manager == new.by else {
            throw WorkspaceError.notTheAccountManager(manager: new.by, account: account.id, owner: account.manager)
        }
        let skills = Set(organisation.experts.flatMap { $0.skills.map(\.name) })
        guard skills.contains(asked.skill) else {
            throw WorkspaceError.unknownSkill(asked.skill, hint: hint(asked.skill, skills.sorted()))
        }
        var warnings: [String] = []
        let tiers = Tiering.assign(organisation)
        if let index = organisation.accounts.firstIndex(where: { $0.id == account.id }) {
            let tier = tiers[index].tier, eligible = organisation.policy.allocation.eligibleTiers
            if !eligible.contains(tier) {
                let names = eligible.map(\.rawValue)
                warnings.append("account '\(account.id)' is \(tier.rawValue), and expert hours go to \(names.isEmpty ? "no tier" : names.joined(separator: " and ")) accounts (policy.allocation.eligibleTiers): this request will not be planned")
            }
        }
        let now = Self.timestamp()
        return try write { db in
            let number = try Self.nextNumber(db)
            let published = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM plan WHERE week = ?", arguments: [new.week.description])
            var request = StoredRequest(
                id: "R\(String(zeroPadded: number, width: 4))", week: new.week.description, account: asked.account, skill: asked.skill,
                hours: asked.hours, priority: asked.priority.rawValue, onsite: asked.onsite, singleExpert: asked.singleExpert,
                requestedBy: new.by, note: asked.note, status: .open, allocated: 0, createdAt: now, updatedAt: now)
            request.filedAfterVersion = published
            try request.insert(db)
            try AuditEntry(id: nil, at: now, actor: new.by, action: "add", subject: request.id,
                           detail: "\(NumberFormat.grouped(asked.hours)) h of \(asked.skill) for \(asked.account) in \(new.week)"
                            + (published.map { " (after version \($0) was published)" } ?? "")).insert(db)
            if let published {
                warnings.insert("\(new.week) is already published (version \(published)); \(request.id) is not in that plan: it is planned when the planner publishes the week again (kam publish --week \(new.week) --force)", at: 0)
            }
            return Filed(request: request, warnings: warnings)
        }
    }

    /// The latest published version of each week that has one.
    public func latestPublishedVersions() throws -> [String: Int] {
        try database.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT week, MAX(version) AS version FROM plan GROUP BY week")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["week"] as String, $0["version"] as Int) })
        }
    }

    private static func nextNumber(_ db: Database) throws -> Int {
        try db.execute(sql: "INSERT INTO counter (name, value) VALUES ('request', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1")
        return try Int.fetchOne(db, sql: "SELECT value FROM counter WHERE name = 'request'")!
    }

    public func requests(week: ISOWeek? = nil, account: String? = nil, status: StoredRequest.Status? = nil) throws -> [StoredRequest] {
        try database.read { db in
            var query = StoredRequest.all()
            if let week { query = query.filter(Column("week") == week.description) }
            if let account { query = query.filter(Column("account") == account) }
            if let status { query = query.filter(Column("status") == status.rawValue) }
            return try query.order(Column("id")).fetchAll(db)
        }
    }

    public func request(_ id: String) throws -> (request: StoredRequest, audit: [AuditEntry]) {
        try database.read { db in
            guard let request = try StoredRequest.fetchOne(db, key: id) else { throw WorkspaceError.unknownRequest(id) }
            let audit = try AuditEntry.filter(Column("subject") == id).order(Column("id")).fetchAll(db)
            return (request, audit)
        }
    }

    public func cancel(_ id: String, by manager: String) throws -> StoredRequest {
        let now = Self.timestamp()
        return try write { db in
            guard var request = try StoredRequest.fetchOne(db, key: id) else { throw WorkspaceError.unknownRequest(id) }
            guard request.requestedBy == manager else {
                throw WorkspaceError.notTheRequester(request: id, requester: request.requestedBy)
            }
            guard request.status != .cancelled else { throw WorkspaceError.alreadyCancelled(request: id) }
            request.status = .cancelled
            request.updatedAt = now
            try request.update(db)
            try AuditEntry(id: nil, at: now, actor: manager, action: "cancel", subject: id, detail: "").insert(db)
            return request
        }
    }

    // MARK: Planning and publishing

    /// The scenario of `week`: the organisation, the week's requests (not cancelled), and as
    /// history the hours of the latest published plan of an earlier week.
    public func scenario(week: ISOWeek) throws -> Scenario {
        var scenario = try organisation(week: week)
        scenario.requests = try requests(week: week).filter { $0.status != .cancelled }.map(\.scenarioRequest)
        scenario.history = try database.read { db in
            guard let last = try PublishedPlan.filter(Column("week") < week.description && Column("superseded") == false)
                .order(Column("week").desc, Column("version").desc).fetchOne(db), let id = last.id
            else { return [] }
            return try PublishedHours.filter(Column("planId") == id).fetchAll(db).map {
                HistoryEntry(expert: $0.expert, account: $0.account, hours: $0.hours)
            }
        }
        // Managers and accounts may have changed since: keep only history the scenario can name.
        let experts = Set(scenario.experts.map(\.id)), accounts = Set(scenario.accounts.map(\.id))
        scenario.history = scenario.history.filter { experts.contains($0.expert) && accounts.contains($0.account) }
        return scenario
    }

    /// Stores the plan of its week as a new version and updates the requests' statuses, in one
    /// transaction: a crash leaves either the old state or the new one. When the planner reviewed
    /// the week with `kam plan --workspace` (plans/WEEK/plan.json), only that same plan is published.
    public func publish(_ plan: WeeklyPlan, document json: String, by actor: String, force: Bool) throws -> PublishedPlan {
        let week = plan.scenario.week.description
        let now = Self.timestamp()
        let reviewed = ((directory as NSString).appendingPathComponent("plans/\(week)") as NSString).appendingPathComponent("plan.json")
        if let onDisk = FileManager.default.contents(atPath: reviewed), onDisk != Data(json.utf8) {
            throw WorkspaceError.changedSinceReview(reviewed: reviewed, directory: directory, week: week)
        }
        return try write { db in
            let existing = try PublishedPlan.filter(Column("week") == week).order(Column("version").desc).fetchOne(db)
            if let existing, !force {
                throw WorkspaceError.alreadyPublished(week: week, version: existing.version, at: existing.publishedAt)
            }
            if existing != nil {
                try db.execute(sql: "UPDATE plan SET superseded = 1 WHERE week = ?", arguments: [week])
            }
            var record = PublishedPlan(id: nil, week: week, version: (existing?.version ?? 0) + 1, publishedAt: now, publishedBy: actor,
                                       superseded: false, objective: plan.allocation.objective, planJSON: json)
            try record.insert(db)
            record.id = db.lastInsertedRowID
            // For the crash test only: hold the transaction open so a test can kill the process inside it.
            if let pause = ProcessInfo.processInfo.environment["KAM_TEST_PAUSE_IN_PUBLISH_MS"].flatMap(Int.init) {
                Thread.sleep(forTimeInterval: Double(pause) / 1000)
            }
            for team in plan.allocation.teams {
                for member in team.experts {
                    try PublishedHours(planId: record.id!, expert: member.expert, account: team.account, hours: member.hours).insert(db)
                }
            }
            for outcome in plan.allocation.requests {
                guard var request = try StoredRequest.fetchOne(db, key: outcome.id) else { continue }
                request.allocated = outcome.allocated
                request.status = outcome.unmet == 0 ? .allocated : outcome.allocated > 0 ? .partial : .unmet
                request.updatedAt = now
                try request.update(db)
            }
            try AuditEntry(id: nil, at: now, actor: actor, action: "publish", subject: week,
                           detail: "version \(record.version), objective \(plan.allocation.objective)").insert(db)
            return record
        }
    }

    public func publishedPlans(week: ISOWeek) throws -> [PublishedPlan] {
        try database.read { db in try PublishedPlan.filter(Column("week") == week.description).order(Column("version")).fetchAll(db) }
    }

    // MARK: Helpers

    /// One write transaction; a failure of the database itself (a full disk, an I/O error) becomes
    /// a WorkspaceError that says so. Errors of kam's own rules pass through unchanged.
    private func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try database.write(body)
        } catch let error as DatabaseError {
            throw Store.explain(error, doing: "write to", Self.databasePath(directory))
        }
    }

    static func timestamp() -> String {
        ISO8601DateFormatter().string(from: Date())
    }

    /// "; did you mean 'bank-hq'?" for a likely typo, else "" (the same hint as scenario files give).
    private func hint(_ word: String, _ candidates: [String]) -> String {
        Suggestion.hint(for: word, in: candidates)
    }
}
