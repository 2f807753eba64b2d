import Foundation
import Testing
@testable import Server

@Suite("Plan runner")
struct PlanRunnerTests {
    @Test("Plans run on a thread below the intake's priority (nice 10)")
    func lowerPriority() async throws {
        #if os(Linux)
        #expect(try await PlanRunner.planThreadNiceness() == PlanRunner.niceness)
        #endif
    }

    @Test("Plans run one at a time, in the order asked")
    func oneAtATime() async throws {
        let running = Running()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for n in 0..<6 {
                group.addTask {
                    try await PlanRunner.shared.run {
                        running.withLock { $0.now += 1; $0.most = max($0.most, $0.now); $0.order.append(n) }
                        usleep(20_000)
                        running.withLock { $0.now -= 1 }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(running.withLock { $0.most } == 1)
        #expect(running.withLock { $0.order.count } == 6)
    }
}

/// How many jobs run at once, the most seen, and the order they started in.
private final class Running: @unchecked Sendable {
    private let lock = NSLock()
    private var state = (now: 0, most: 0, order: [Int]())
    func withLock<T>(_ body: (inout (now: Int, most: Int, order: [Int])) -> T) -> T { lock.withLock { body(&state) } }
}
