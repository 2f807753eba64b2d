import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs plans (GLPK and the visit schedules) one at a time on a thread of their own, so that two
/// plans never race for the same week's files and a running plan never holds up request intake:
/// the thread runs at a lower priority (nice 10) than the threads that answer requests, so on a
/// busy 2-core machine the plan takes the CPU the intake leaves over, not the other way round.
final class PlanRunner: Sendable {
    /// One plan thread per process: one server per process plans one thing at a time.
    static let shared = PlanRunner()
    /// The niceness of the plan thread (0 is normal; 19 the lowest priority).
    static let niceness: Int32 = 10

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let waiting = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "kam-plans"
        thread.start()
    }

    private func loop() -> Never {
        Self.lowerPriority()
        while true {
            waiting.wait()
            let job = jobs.withLock { $0.removeFirst() }
            job()
        }
    }

    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(with: Result { try work() }) } }
            waiting.signal()
        }
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
