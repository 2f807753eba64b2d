import Foundation
import Scenarios
import Synchronization
import TestSupport
import Testing
import Workspace
import WorkspacePostgres

/// What only the PostgreSQL store has: a versioned schema in the database, URLs, and several
/// processes (here: several pools) writing at once.
@Suite("PostgreSQL store", .enabled(if: PostgresTestServer.enabled, "no PostgreSQL here"))
struct PostgresStoreTests {
    @Test("A database without kam's schema is not a workspace; one of a newer schema is refused; reopening keeps the data")
    func schema() throws {
        let url = try PostgresTestServer.newDatabase()
        let database = try DatabaseURL(url)
        #expect(refusal { try PostgresWorkspaceStore.open(database, create: false) }
                == "notFound: \(database) holds no kam workspace (no kam_schema table); create one with kam init DIR --database URL, or copy one in with kam workspace migrate")
        let store = try PostgresWorkspaceStore.open(database, create: true)
        _ = try store.fileRequest(ExpertRequest(id: "", account: "a", skill: "s", hours: 1, requestedBy: "m"), week: ISOWeek(year: 2026, week: 49)!,
                                  at: Date(timeIntervalSince1970: 1_795_000_000), idempotency: nil) { _ in "" }
        store.close()
        // Opened again (create or not), the schema is left as it is and the request is there.
        let again = try PostgresWorkspaceStore.open(database, create: false)
        #expect(try again.requests(week: nil, account: nil, status: nil).map(\.id) == ["R0001"])
        again.close()
        try PostgresTestServer.psql(url, "INSERT INTO kam_schema (version, name) VALUES (99, 'from the future')")
        #expect(refusal { try PostgresWorkspaceStore.open(database, create: false) }
                == "conflict: \(database) was written by a newer kam (schema \"99: from the future\"); upgrade kam to use this workspace")
    }

    @Test("Database URLs: user, password (or PGPASSWORD), host, port, database, sslmode; a bad one is refused in words")
    func urls() throws {
        let full = try DatabaseURL("postgresql://ana:s%40cret@db.example.com:6543/kam_prod?sslmode=require", environment: [:])
        #expect(full.user == "ana" && full.password == "s@cret" && full.host == "db.example.com" && full.port == 6543
                && full.database == "kam_prod" && full.tls == .require)
        #expect(full.description == "postgresql://ana@db.example.com:6543/kam_prod")  // never the password
        let plain = try DatabaseURL("postgres://kam@localhost/kam", environment: ["PGPASSWORD": "from-env"])
        #expect(plain.port == 5432 && plain.password == "from-env" && plain.tls == .prefer)
        let refusals: [(String, String)] = [
            ("mysql://a@b/c", "'mysql://a@b/c' is not a PostgreSQL URL; expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"),
            ("postgresql://a:secret@b/c?x=1", "the database URL has an unknown parameter 'x'; the one kam reads is sslmode"),
            ("postgresql://b/c", "the database URL names no user; expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"),
            ("postgresql://a@b", "the database URL names no database; expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"),
            ("postgresql://a@b/c?sslmode=verify-full", "sslmode is 'verify-full'; expected one of disable, prefer, require"),
            ("http://a:secret@b/c", "'http://a:***@b/c' is not a PostgreSQL URL; expected postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"),
        ]
        for (text, message) in refusals {
            #expect(throws: (any Error).self) { try DatabaseURL(text, environment: [:]) }
            do { _ = try DatabaseURL(text, environment: [:]) } catch { #expect("\(error)" == message) }
        }
    }

    @Test("A server that is not there is named at once, not after the call's timeout")
    func unreachable() throws {
        let port = try PostgresTestServer.freePort()
        let started = Date()
        let message = refusal { try PostgresWorkspaceStore.open(DatabaseURL("postgresql://kam@127.0.0.1:\(port)/kam?sslmode=disable"), create: false) }
        #expect(message?.hasPrefix("unavailable: cannot connect to postgresql://kam@127.0.0.1:\(port)/kam: ") == true)
        #expect(message?.contains("Connection refused") == true)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test("Two pools (as two server processes) file 200 requests at once: 200 distinct ids, every request stored once")
    func concurrentFiling() throws {
        let database = try DatabaseURL(PostgresTestServer.newDatabase())
        let stores = [try PostgresWorkspaceStore.open(database, create: true), try PostgresWorkspaceStore.open(database, create: false)]
        defer { stores.forEach { $0.close() } }
        let ids = Mutex<[String]>([])
        let group = DispatchGroup()
        for n in 0..<200 {
            group.enter()
            Thread {
                defer { group.leave() }
                let request = ExpertRequest(id: "", account: "a\(n)", skill: "s", hours: 1, requestedBy: "m")
                // Every fifth request is sent twice with one idempotency key, to the other pool the second time.
                let key = n % 5 == 0 ? IdempotencyKey(user: "u", key: "k\(n)", bodyHash: "h") : nil
                if let filed = try? stores[n % 2].fileRequest(request, week: ISOWeek(year: 2026, week: 49)!, at: Date(), idempotency: key, detail: { _ in "" }) {
                    ids.withLock { $0.append(filed.request.id) }
                }
                if let key, let again = try? stores[(n + 1) % 2].fileRequest(request, week: ISOWeek(year: 2026, week: 49)!, at: Date(), idempotency: key, detail: { _ in "" }) {
                    #expect(again.replayed)
                }
            }.start()
        }
        group.wait()
        let filed = ids.withLock { $0 }
        #expect(filed.count == 200 && Set(filed).count == 200)
        let stored = try stores[0].requests(week: nil, account: nil, status: nil)
        #expect(stored.count == 200 && Set(stored.map(\.account)).count == 200)
        #expect(Set(stored.map(\.id)) == Set(filed))
    }
}
