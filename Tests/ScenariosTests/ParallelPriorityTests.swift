import Foundation
@testable import Scenarios
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Work spread over every core on behalf of a low-priority thread (the team server's plan thread,
/// nice 10) runs at that thread's priority, so it never competes with request intake.
@Suite("Parallel work at the caller's priority")
struct ParallelPriorityTests {
    @Test("Each iteration of ParallelChunks.concurrentPerform runs at the calling thread's nice value")
    func inherits() async throws {
        #if os(Linux)
        let seen = Mutex<[Int32]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            ParallelChunks.setNiceness(7)
            ParallelChunks.concurrentPerform(iterations: 64) { _ in
                usleep(200)
                seen.withLock { $0.append(ParallelChunks.niceness()) }
            }
            done.signal()
        }
        thread.start()
        while done.wait(timeout: .now()) == .timedOut { try await Task.sleep(for: .milliseconds(5)) }
        #expect(seen.withLock { $0.count } == 64)
        #expect(seen.withLock { $0.allSatisfy { $0 == 7 } }, "\(seen.withLock { $0 })")
        #endif
    }
}
