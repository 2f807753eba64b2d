import Foundation
import NIOPosix

/// Workspace calls block their thread: SQLite waits for the disk on every commit, sign-in spends a
/// bcrypt hash, pages read files. They run on a pool of threads of their own, so the cooperative
/// threads (one per core) keep reading and answering requests while commits wait, and many
/// requests wait for the store at once, which lets the store commit them together.
enum StoreCalls {
    /// 32 threads: more requests in the store at once than a 2-core machine has cores, so commits
    /// group; each thread is mostly asleep waiting for the disk or the writer.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 32)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive {
            let start = ContinuousClock.now
            defer { ServerMetrics.shared.storeCallDuration.record(ContinuousClock.now - start) }
            return try work()
        }
    }
}

/// Password checks (bcrypt, about 60 ms of CPU each) on two threads of their own: a burst of
/// sign-ins queues here and never takes the store's threads from request intake.
enum PasswordCalls {
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        return pool
    }()

    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await pool.runIfActive(work)
    }
}
