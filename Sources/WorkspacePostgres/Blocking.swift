import Dispatch
import Foundation

/// The workspace store protocol is synchronous (the CLI and the server's store threads call it and
/// wait); postgres-nio is async. `Blocking.run` starts the async work as a task and waits for it.
///
/// The task runs on an executor of its own (a dispatch queue), never on Swift's cooperative pool:
/// a caller that blocks a cooperative thread (an async test, a route that forgot the store threads)
/// must not leave the task it waits for without a thread to run on. The work itself never blocks,
/// so the queue's threads are always free to run it.
enum Blocking {
    final class QueueExecutor: TaskExecutor {
        let queue = DispatchQueue(label: "kam.postgres", attributes: .concurrent)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let executor = asUnownedTaskExecutor()
            queue.async { job.runSynchronously(on: executor) }
        }
    }

    static let executor = QueueExecutor()

    /// Raised when the work did not finish within `timeout` (the task is cancelled).
    struct TimedOut: Error {}

    /// Holds what crosses from the waiting thread into the task and back. The waiting thread does
    /// not touch it until the task has signalled, so there is never a data race.
    private final class Exchange<T>: @unchecked Sendable {
        var body: (() async throws -> T)?
        var result: Result<T, any Error>?
    }

    /// Runs `body` to completion and returns its value or throws its error; after `timeout`
    /// seconds the task is cancelled and `TimedOut` thrown.
    static func run<T>(timeout: Double, _ body: () async throws -> T) throws -> T {
        try withoutActuallyEscaping(body) { body in
            let exchange = Exchange<T>()
            exchange.body = body
            let done = DispatchSemaphore(value: 0)
            let task = Task(executorPreference: executor) {
                do {
                    exchange.result = .success(try await exchange.body!())
                } catch {
                    exchange.result = .failure(error)
                }
                done.signal()
            }
            if done.wait(timeout: .now() + timeout) == .timedOut {
                task.cancel()
                done.wait()  // the body may not outlive this call: it does not escape
                if case .success? = exchange.result {} else { throw TimedOut() }
            }
            exchange.body = nil
            return try exchange.result!.get()
        }
    }

    /// Starts a long-running task on the same executor (the client's connection pool); cancel it to stop.
    static func start(_ body: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        Task(executorPreference: executor) { await body() }
    }
}
