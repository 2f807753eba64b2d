import Planning
import Foundation
import TestSupport
import GRDB
@testable import WorkspaceSQLite
import WorkspacePostgres
import Reports
import Scenarios
import Testing
@testable import Workspace

let week49 = ISOWeek(year: 2026, week: 49)!
let today = CalendarDate(year: 2026, month: 11, day: 22)!  // Sunday of 2026-W47

func baseline() throws -> Scenario {
    try #require(ScenarioLoader.load(path: repositoryRoot.appendingPathComponent("scenarios/baseline.yaml").path).scenario)
}

/// "category: message" of the categorized error (a WorkspaceError, a store's own) `body` throws; nil when it throws none.
func refusal(_ body: () throws -> Any) -> String? {
    do {
        _ = try body()
        return nil
    } catch let error as CategorizedError {
        return "\(error.category): \(error)"
    } catch {
        return "not a categorized error: \(error)"
    }
}

/// The stores the suite runs against: every workspace test runs on each.
enum StoreKind: String, CaseIterable, CustomStringConvertible {
    case memory, sqlite, postgres
    var description: String { rawValue }

    /// Every kind, PostgreSQL only where a test server can run (see PostgresTestServer).
    static var tested: [StoreKind] { PostgresTestServer.enabled ? allCases : [.memory, .sqlite] }

    /// A new, empty store of this kind for the workspace in `directory`.
    func makeStore(_ directory: String) throws -> any WorkspaceStore {
        switch self {
        case .memory: InMemoryWorkspaceStore()
        case .sqlite: try SQLiteWorkspaceStore.open(PlanningWorkspace.databasePath(directory), create: true)
        case .postgres: try PostgresWorkspaceStore.open(DatabaseURL(PostgresTestServer.newDatabase()), create: true)
        }
    }
}

func newWorkspace(_ kind: StoreKind) throws -> (PlanningWorkspace, URL) {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-ws-\(UUID().uuidString)")
    let space = try PlanningWorkspace.create(at: url.path, from: try baseline(), store: kind.makeStore)
    return (space, url)
}

@Suite("Workspace")
struct WorkspaceTests {
    @Test("Requests are checked against the workspace; nothing is written when one is refused", arguments: StoreKind.tested)
    func validation(store: StoreKind) throws {
        let (space, url) = try newWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        let cases: [(PlanningWorkspace.NewRequest, String, ErrorCategory)] = [
            (.init(week: week49, account: "acme", skill: "network", hours: 8, by: "m-zhang"), "unknown account 'acme'", .notFound),
            (.init(week: week49, account: "bank-hq", skill: "quantum", hours: 8, by: "m-zhang"), "no expert has skill 'quantum'", .invalid),
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 8, by: "m-li"),
             "manager 'm-li' cannot request hours for account 'bank-hq': it is managed by 'm-zhang'", .forbidden),
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 8, by: "m-nobody"), "unknown manager 'm-nobody'", .notFound),
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 0, by: "m-zhang"),
             "hours must be more than 0 and at most 168 (a whole week), in quarter hours (0.25, 0.5, ...); got 0", .invalid),
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 500, by: "m-zhang"),
             "hours must be more than 0 and at most 168 (a whole week), in quarter hours (0.25, 0.5, ...); got 500", .invalid),
            // Not a quarter hour: 1e-7 (it planned as a sliver), the smallest double, 2.1.
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 1e-7, by: "m-zhang"),
             "hours must be more than 0 and at most 168 (a whole week), in quarter hours (0.25, 0.5, ...); got 1e-07", .invalid),
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 4.9e-324, by: "m-zhang"),
             "hours must be more than 0 and at most 168 (a whole week), in quarter hours (0.25, 0.5, ...); got 5e-324", .invalid),
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 2.1, by: "m-zhang"),
             "hours must be more than 0 and at most 168 (a whole week), in quarter hours (0.25, 0.5, ...); got 2.1", .invalid),
            (.init(week: week49, account: "bank-hq", skill: "network", hours: 8, by: "m-zhang", note: "a\u{1B}[2Jb"),
             "the note contains the control character \\e; write printable text (newlines and tabs are fine)", .invalid),
            (.init(week: ISOWeek(year: 2026, week: 40)!, account: "bank-hq", skill: "network", hours: 8, by: "m-zhang"),
             "week 2026-W40 is in the past (this is 2026-W47); requests are for this week or later", .invalid),
        ]
        for (request, message, category) in cases {
            #expect(refusal { try space.add(request, today: today) } == "\(category): \(message)")
        }
        #expect(try space.requests().isEmpty)
    }

    @Test("Add, list, show, cancel: every change in the audit trail; only the requester cancels", arguments: StoreKind.tested)
    func lifecycle(store: StoreKind) throws {
        let (space, url) = try newWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        let first = try space.add(.init(week: week49, account: "bank-hq", skill: "security", hours: 24, priority: .critical,
                                        onsite: true, by: "m-zhang", note: "audit"), today: today)
        let second = try space.add(.init(week: week49, account: "telecom-north", skill: "network", hours: 30, by: "m-li"), today: today)
        #expect([first.request.id, second.request.id] == ["R0001", "R0002"])
        #expect(first.warnings.isEmpty && second.warnings.isEmpty)
        #expect(try space.requests(account: "bank-hq").map(\.id) == ["R0001"])
        #expect(refusal { try space.cancel("R0001", by: "m-li") } == "forbidden: request R0001 was made by 'm-zhang'; only they can cancel it")
        _ = try space.cancel("R0001", by: "m-zhang")
        #expect(refusal { try space.cancel("R0001", by: "m-zhang") } == "conflict: request R0001 is already cancelled")
        let (request, audit) = try space.request("R0001")
        #expect(request.status == .cancelled && request.note == "audit")
        #expect(audit.map(\.action) == ["add", "cancel"])
        #expect(audit.map(\.actor) == ["m-zhang", "m-zhang"])
        #expect(try space.requests(status: .open).map(\.id) == ["R0002"])
        #expect(refusal { try space.request("R9999") } == "notFound: no request 'R9999'")
    }

    @Test("Publish sets statuses, is immutable without --force, keeps old versions, and becomes next week's history", arguments: StoreKind.tested)
    func publish(store: StoreKind) throws {
        let (space, url) = try newWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try space.add(.init(week: week49, account: "bank-hq", skill: "security", hours: 24, priority: .critical, onsite: true, by: "m-zhang"), today: today)
        _ = try space.add(.init(week: week49, account: "telecom-north", skill: "network", hours: 30, by: "m-li"), today: today)
        let plan = try WeeklyPlan.make(try space.scenario(week: week49))
        let version1 = try space.publish(plan, by: "planner", force: false)
        #expect(version1.version == 1)
        let statuses = try space.requests(week: week49).map(\.status)
        #expect(statuses == [.allocated, .allocated])
        #expect(refusal { try space.publish(plan, by: "planner", force: false) }?.hasPrefix("conflict: 2026-W49 was already published (version 1, ") == true)
        let version2 = try space.publish(plan, by: "planner", force: true)
        #expect(version2.version == 2)
        let versions = try space.publishedPlans(week: week49)
        #expect(versions.map(\.version) == [1, 2] && versions.map(\.superseded) == [true, false])
        // Next week: the same requests again keep their teams (continuity bonus from the history).
        let week50 = ISOWeek(year: 2026, week: 50)!
        let next = try space.scenario(week: week50)
        let teams49 = plan.allocation.teams.flatMap { team in team.experts.map { "\($0.expert)@\(team.account)" } }
        #expect(Set(next.history.map { "\($0.expert)@\($0.account)" }) == Set(teams49))
        _ = try space.add(.init(week: week50, account: "bank-hq", skill: "security", hours: 24, priority: .critical, onsite: true, by: "m-zhang"), today: today)
        _ = try space.add(.init(week: week50, account: "telecom-north", skill: "network", hours: 30, by: "m-li"), today: today)
        let plan50 = try WeeklyPlan.make(try space.scenario(week: week50))
        let teams50 = plan50.allocation.teams.flatMap { team in team.experts.map { "\($0.expert)@\(team.account)" } }
        #expect(Set(teams50) == Set(teams49))
    }

    @Test("A request for a published week is accepted with a warning, marked as late, and planned by the next version", arguments: StoreKind.tested)
    func lateRequest(store: StoreKind) throws {
        let (space, url) = try newWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        let before = try space.add(.init(week: week49, account: "bank-hq", skill: "security", hours: 24, by: "m-zhang"), today: today)
        #expect(before.warnings.isEmpty && before.request.filedAfterVersion == nil)
        _ = try space.publish(try WeeklyPlan.make(try space.scenario(week: week49)), by: "planner", force: false)
        let late = try space.add(.init(week: week49, account: "telecom-north", skill: "network", hours: 10, by: "m-li", note: "new tower"), today: today)
        #expect(late.warnings == ["2026-W49 is already published (version 1); R0002 is not in that plan: it is planned when the planner publishes the week again (kam publish --week 2026-W49 --force)"])
        var latest = try space.latestPublishedVersions()
        #expect(latest == [week49: 1])
        #expect(try space.requests(week: week49).map { $0.arrivedAfterPublication(latest) } == [false, true])
        // The audit trail says so too; the note travels into the week's scenario.
        #expect(try space.request("R0002").audit.first?.detail == "10 h of network for telecom-north in 2026-W49 (after version 1 was published)")
        #expect(try space.scenario(week: week49).requests.map(\.note) == [nil, "new tower"])
        // Publishing version 2 plans it: no longer late.
        _ = try space.publish(try WeeklyPlan.make(try space.scenario(week: week49)), by: "planner", force: true)
        latest = try space.latestPublishedVersions()
        #expect(try space.requests(week: week49).map { $0.arrivedAfterPublication(latest) } == [false, false])
        #expect(try space.requests(week: week49).map(\.status) == [.allocated, .allocated])
    }

    @Test("A request for an account whose tier is not planned is accepted with a warning", arguments: StoreKind.tested)
    func ineligibleTierWarning(store: StoreKind) throws {
        let (space, url) = try newWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        // baseline.yaml: swiftship is iron (pareto on profit); eligible tiers are platinum and gold.
        let filed = try space.add(.init(week: week49, account: "swiftship", skill: "cloud", hours: 10, by: "m-zhang"), today: today)
        #expect(filed.warnings == ["account 'swiftship' is iron, and expert hours go to platinum and gold accounts (policy.allocation.eligibleTiers): this request will not be planned"])
    }

    @Test("Only the reviewed plan is published: the store keeps its fingerprint", arguments: StoreKind.tested)
    func reviewedPlan(store: StoreKind) throws {
        let (space, url) = try newWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try space.add(.init(week: week49, account: "bank-hq", skill: "security", hours: 24, by: "m-zhang"), today: today)
        let reviewed = try WeeklyPlan.make(try space.scenario(week: week49))
        try space.markReviewed(week: week49, document: reviewed.document().json().rendered())
        // A request comes in after the review: the plan differs, and publishing it is refused.
        _ = try space.add(.init(week: week49, account: "telecom-north", skill: "network", hours: 10, by: "m-li"), today: today)
        let changed = try WeeklyPlan.make(try space.scenario(week: week49))
        #expect(refusal { try space.publish(changed, by: "planner", force: false) }?.hasPrefix("conflict: the plan changed since kam plan wrote ") == true)
        #expect(try space.publishedPlans(week: week49).isEmpty)
        // Reviewed again, it is published.
        try space.markReviewed(week: week49, document: changed.document().json().rendered())
        #expect(try space.publish(changed, by: "planner", force: false).version == 1)
        #expect(fingerprint("abc") == fingerprint("abc") && fingerprint("abc") != fingerprint("abd"))
    }

    @Test("An older database is migrated; a newer one is refused")
    func migrations() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-db-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: url) }
        let path = url.appendingPathComponent("kam.sqlite").path
        // A v1 database with one request, as an older kam left it.
        let old = try DatabaseQueue(path: path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v1: requests and audit")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO request (id, week, account, skill, hours, priority, onsite, singleExpert, requestedBy, status, createdAt, updatedAt)
                VALUES ('R0001', '2026-W49', 'bank-hq', 'network', 8, 'normal', 0, 0, 'm-zhang', 'open', '2026-11-20T10:00:00Z', '2026-11-20T10:00:00Z')
                """)
        }
        try old.close()
        let store = try SQLiteWorkspaceStore.open(path, create: false)
        let request = try store.request("R0001")?.request
        #expect(request?.allocated == 0 && request?.status == .open && request?.filedAfterVersion == nil)
        try store.close()
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: from the future')") }
        try raw.close()
        #expect(refusal { _ = try SQLiteWorkspaceStore.open(path, create: false) } == "conflict: \(path) was written by a newer kam (schema \"v9: from the future\"); upgrade kam to use this workspace")
    }

    @Test("workspace.yaml may not hold requests or history", arguments: StoreKind.tested)
    func forbiddenKeys(store: StoreKind) throws {
        let (space, url) = try newWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        let text = try String(contentsOfFile: space.configurationPath, encoding: .utf8)
        try (text + "requests: []\n").write(toFile: space.configurationPath, atomically: true, encoding: .utf8)
        #expect {
            try space.organisation(week: week49)
        } throws: { error in
            "\(error)".contains("error: 'requests' does not belong here: requests live in the workspace database; add them with kam request add")
        }
    }
}

extension PlanningWorkspace {
    /// Publishes with the plan.json the command line would store.
    func publish(_ plan: WeeklyPlan, by actor: String, force: Bool) throws -> PublishedPlan {
        try publish(plan, document: plan.document().json().rendered(), by: actor, force: force)
    }
}
