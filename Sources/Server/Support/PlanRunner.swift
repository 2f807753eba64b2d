import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs solves (plans, recommendations, approval costs, a view's plan) one at a time on a thread
/// of their own, so that two plans never race for the same week's files and a running plan never
/// holds up request intake: the thread runs at a lower priority (nice 10) than the threads that
/// answer requests, so on a busy 2-core machine the plan takes the CPU the intake leaves over.
///
/// The queue is bounded: a solve asked for while `limit` others wait is refused (`Busy`: the
/// server answers 503 with Retry-After). A solve asked for with the `key` of one still waiting
/// joins it instead of queueing again (twenty page views of one week cost one solve); one that is
/// already running is not joined, since it may have read the week before the caller's change. A
/// waiting solve whose every caller has gone (`isWanted` false: the client closed the connection)
/// is dropped when its turn comes.
final class PlanRunner: Sendable {
    /// One plan thread per process: one server per process plans one thing at a time.
    static let shared = PlanRunner(name: "kam-plans")
    /// The nice value of the plan thread (0 is normal; 19 the lowest priority).
    static let niceness: Int32 = 10

    /// The queue was full: try again in `retryAfter` seconds.
    struct Busy: Error { var retryAfter: Int; var waiting: Int }
    /// Every caller of the solve left before it ran.
    struct Abandoned: Error {}

    private final class Job: @unchecked Sendable {  // its mutable parts change only under `state`'s lock
        let key: String?
        let work: @Sendable () throws -> any Sendable
        var waiters: [(resume: @Sendable (Result<any Sendable, any Error>) -> Void, isWanted: @Sendable () -> Bool)] = []
        let queuedAt = ContinuousClock.now
        init(key: String?, work: @escaping @Sendable () throws -> any Sendable) { (self.key, self.work) = (key, work) }
    }

    private struct State {
        var queue: [Job] = []
        /// Seconds the last solves took, on average (exponentially weighted): Retry-After's estimate.
        var averageSeconds = 1.0
    }
    private let state = Mutex(State())
    private let waiting = DispatchSemaphore(value: 0)
    private let metrics: ServerMetrics?

    init(name: String, metrics: ServerMetrics? = .shared) {
        self.metrics = metrics
        let thread = Thread { [self] in loop() }
        thread.name = name
        thread.start()
    }

    private func loop() -> Never {
        Self.lowerPriority()
        while true {
            waiting.wait()
            let job = state.withLock { $0.queue.removeFirst() }
            let waiters = state.withLock { _ in job.waiters }
            metrics?.solveWait.record(ContinuousClock.now - job.queuedAt)
            guard waiters.contains(where: { $0.isWanted() }) else {
                for waiter in waiters { waiter.resume(.failure(Abandoned())) }
                metrics?.solveQueueDepth.decrement()
                continue
            }
            let start = ContinuousClock.now
            let result = Result { try job.work() }
            let took = ContinuousClock.now - start
            metrics?.solveDuration.record(took)
            metrics?.solveQueueDepth.decrement()
            state.withLock { $0.averageSeconds = 0.7 * $0.averageSeconds + 0.3 * (Double(took.components.seconds) + Double(took.components.attoseconds) / 1e18) }
            for waiter in waiters { waiter.resume(result) }
        }
    }

    /// `work` on the plan thread, after the solves asked for before it. `key`: solves with equal
    /// keys give equal answers, so a caller may share a waiting one's; `limit`: how many may wait
    /// (beyond it `Busy`); `isWanted`: false once the caller no longer wants the answer.
    func run<T: Sendable>(key: String? = nil, limit: Int = .max, isWanted: @escaping @Sendable () -> Bool = { true },
                          _ work: @escaping @Sendable () throws -> T) async throws -> T {
        let key = key.map { "\(T.self) \($0)" }  // a shared answer is always of the type asked for
        let result: any Sendable = try await withCheckedThrowingContinuation { continuation in
            let resume: @Sendable (Result<any Sendable, any Error>) -> Void = { continuation.resume(with: $0) }
            let outcome: Result<Bool, Busy> = state.withLock { state in
                if let key, let same = state.queue.first(where: { $0.key == key }) {
                    same.waiters.append((resume, isWanted))
                    return .success(false)
                }
                guard state.queue.count < limit else {
                    let seconds = max(1, Int((Double(state.queue.count + 1) * state.averageSeconds).rounded(.up)))
                    return .failure(Busy(retryAfter: seconds, waiting: state.queue.count))
                }
                let job = Job(key: key, work: work)
                job.waiters.append((resume, isWanted))
                state.queue.append(job)
                return .success(true)
            }
            switch outcome {
            case .success(true):
                metrics?.solveQueueDepth.increment()
                waiting.signal()
            case .success(false):
                break
            case .failure(let busy):
                metrics?.solvesRefused.increment()
                continuation.resume(throwing: busy)
            }
        }
        return result as! T  // a job's waiters all asked for its key's one type
    }

    /// The nice value of the calling thread, raised to `niceness`. On Linux the nice value belongs
    /// to each thread and `who` 0 is the calling thread, so this leaves the rest of the process
    /// alone. Where it is not possible, the plan runs at normal priority.
    private static func lowerPriority() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        #endif
    }

    /// The nice value of the plan thread as the system sees it (tests), once it has started.
    static func planThreadNiceness() async throws -> Int32 {
        try await shared.run {
            #if os(Linux)
            errno = 0
            return getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
            #else
            return 0
            #endif
        }
    }
}
