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

    /// A runner of its own whose thread is held by a job until `release` is signalled.
    static func heldRunner() async throws -> (PlanRunner, DispatchSemaphore, Task<Void, any Error>) {
        let runner = PlanRunner(name: "kam-plans-test", metrics: nil)
        let release = DispatchSemaphore(value: 0), started = Running()
        // The holder waits on the plan thread (its own), never on a cooperative thread.
        let holder = Task { try await runner.run { started.withLock { $0.now = 1 }; release.wait() } }
        while started.withLock({ $0.now }) == 0 { try await Task.sleep(for: .milliseconds(5)) }
        return (runner, release, holder)
    }

    @Test("A bounded queue: with `limit` solves waiting, the next is refused (Busy, with a Retry-After estimate); a running one does not count")
    func bounded() async throws {
        let (runner, release, holder) = try await Self.heldRunner()
        let waiting = (0..<2).map { n in Task { try await runner.run(limit: 2) { n } } }
        try await Task.sleep(for: .milliseconds(100))
        await #expect(throws: PlanRunner.Busy.self) { try await runner.run(limit: 2) { 99 } }
        release.signal()
        try await holder.value
        var answers: [Int] = []
        for task in waiting { answers.append(try await task.value) }
        #expect(answers == [0, 1])
        #expect(try await runner.run(limit: 2) { 7 } == 7)  // room again
    }

    @Test("Callers with the key of a waiting solve share it: twenty views of one week, one solve; another key solves on its own")
    func coalesced() async throws {
        let (runner, release, holder) = try await Self.heldRunner()
        let solves = Running()
        let views = (0..<20).map { _ in
            Task { try await runner.run(key: "view 2026-W49", limit: 2) { solves.withLock { $0.now += 1 }; return "plan of W49" } }
        }
        let other = Task { try await runner.run(key: "view 2026-W50", limit: 2) { solves.withLock { $0.now += 1 }; return "plan of W50" } }
        try await Task.sleep(for: .milliseconds(100))
        release.signal()
        try await holder.value
        for view in views { #expect(try await view.value == "plan of W49") }
        #expect(try await other.value == "plan of W50")
        #expect(solves.withLock { $0.now } == 2)
    }

    @Test("A waiting solve whose callers all left is dropped when its turn comes: its work never runs")
    func abandoned() async throws {
        let (runner, release, holder) = try await Self.heldRunner()
        let ran = Running()
        let gone = Task { try await runner.run(isWanted: { false }) { ran.withLock { $0.now += 1 } } }
        try await Task.sleep(for: .milliseconds(50))
        release.signal()
        try await holder.value
        await #expect(throws: PlanRunner.Abandoned.self) { try await gone.value }
        #expect(ran.withLock { $0.now } == 0)
    }
}

/// How many jobs run at once, the most seen, and the order they started in.
private final class Running: @unchecked Sendable {
    private let lock = NSLock()
    private var state = (now: 0, most: 0, order: [Int]())
    func withLock<T>(_ body: (inout (now: Int, most: Int, order: [Int])) -> T) -> T { lock.withLock { body(&state) } }
}
