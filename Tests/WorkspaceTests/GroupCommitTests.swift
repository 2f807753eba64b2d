import Dispatch
import Foundation
import GRDB
import Testing
@testable import WorkspaceSQLite

@Suite("Group commit")
struct GroupCommitTests {
    /// A table of numbers with a unique key, in a WAL database of its own.
    private func database() throws -> DatabasePool {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kam-group-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pool = try DatabasePool(path: directory.appendingPathComponent("db.sqlite").path)
        try pool.write { db in try db.execute(sql: "CREATE TABLE item (n INTEGER PRIMARY KEY)") }
        return pool
    }

    @Test("Writes waiting for the writer commit in one transaction; a failing write undoes only itself")
    func grouped() throws {
        let pool = try database()
        let commits = GroupCommit()
        // Hold the writer, so that ten writes queue up behind it.
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        Thread {
            pool.writeWithoutTransaction { _ in
                holding.signal()
                release.wait()
            }
        }.start()
        holding.wait()
        let results = ResultBox()
        let group = DispatchGroup()
        for n in 1...10 {
            group.enter()
            // Threads of their own: Dispatch's pool adds threads slowly when its workers block.
            Thread {
                defer { group.leave() }
                // Write 5 inserts 4 again: the primary key refuses it, in its savepoint alone.
                let value = n == 5 ? 4 : n
                let outcome = Result { try commits.write(pool) { db in try db.execute(sql: "INSERT INTO item (n) VALUES (?)", arguments: [value]); return value } }
                results.set(n, outcome)
            }.start()
        }
        while commits.counts.pending < 10 { usleep(1_000) }
        release.signal()
        group.wait()
        #expect(commits.counts.transactions == 1)
        let stored = try pool.read { db in try Int.fetchAll(db, sql: "SELECT n FROM item ORDER BY n") }
        #expect(stored == [1, 2, 3, 4, 6, 7, 8, 9, 10])
        for n in 1...10 where n != 4 && n != 5 { #expect(try results.get(n)?.get() == n) }
        // Writes 4 and 5 both insert 4: whichever ran second failed, alone (the threads race to the queue).
        let four = [4, 5].map { (try? results.get($0)?.get()) ?? nil }
        #expect(four.compactMap { $0 }.count == 1 && four.contains(4))
    }

    @Test("Writes from many threads at once: each runs exactly once and returns its own result")
    func concurrent() throws {
        let pool = try database()
        let commits = GroupCommit()
        let results = ResultBox()
        DispatchQueue.concurrentPerform(iterations: 400) { n in
            results.set(n, Result { try commits.write(pool) { db in try db.execute(sql: "INSERT INTO item (n) VALUES (?)", arguments: [n]); return n * 2 } })
        }
        for n in 0..<400 { #expect(try results.get(n)?.get() == n * 2) }
        #expect(try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM item") } == 400)
        #expect(commits.counts.transactions <= 400 && commits.counts.pending == 0)
    }
}

/// Results by caller, written from many threads.
private final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Int: Result<Int, Error>] = [:]
    func set(_ n: Int, _ result: Result<Int, Error>) { lock.withLock { results[n] = result } }
    func get(_ n: Int) -> Result<Int, Error>? { lock.withLock { results[n] } }
}
