import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Work split into contiguous chunks run on every core, results in chunk order. Loading a large
/// book (40,000 accounts and more) is most of a run's time; its parse and decode split this way
/// (issue 14). Small inputs stay on one thread: below `minimumChunk` items a chunk costs more
/// to hand over than it saves.
public enum ParallelChunks {
    /// Cores to use (at least 1).
    public static var cores: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// `0..<count` cut into at most `cores` contiguous ranges of at least `minimumChunk` items
    /// (one range when `count` is small).
    public static func ranges(_ count: Int, minimumChunk: Int) -> [Range<Int>] {
        let chunks = max(1, min(cores, count / max(1, minimumChunk)))
        return (0..<chunks).map { chunk in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) }
    }

    /// `body` applied to each element of `inputs` concurrently; the results in input order.
    public static func map<Input: Sendable, Output: Sendable>(_ inputs: [Input], _ body: @Sendable (Input) -> Output) -> [Output] {
        if inputs.count == 1 { return [body(inputs[0])] }
        let results = Mutex<[Output?]>(Array(repeating: nil, count: inputs.count))
        concurrentPerform(iterations: inputs.count) { index in
            let output = body(inputs[index])
            results.withLock { $0[index] = output }
        }
        return results.withLock { $0.map { $0! } }
    }

    /// `DispatchQueue.concurrentPerform` at the caller's priority: the pool's threads that help run
    /// at the calling thread's nice value while they do. The team server plans on a thread at nice
    /// 10 so that request intake comes first; without this, the parts of a plan spread over every
    /// core (the visit schedules, the plan's rendering) ran at normal priority and held intake up.
    public static func concurrentPerform(iterations: Int, _ body: @Sendable (Int) -> Void) {
        #if os(Linux)
        let caller = niceness()
        DispatchQueue.concurrentPerform(iterations: iterations) { index in
            let own = niceness()
            guard own != caller else { return body(index) }
            setNiceness(caller)
            body(index)
            setNiceness(own)
        }
        #else
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
        #endif
    }

    #if os(Linux)
    /// The calling thread's nice value (on Linux each thread has its own; `who` 0 is the caller).
    static func niceness() -> Int32 {
        getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
    }

    /// Sets the calling thread's nice value. Lowering it again (a pool thread going back to normal
    /// after helping a plan) needs no privilege for the thread's own earlier value only when the
    /// soft limit allows it; where it does not, the thread stays at the plan's priority.
    static func setNiceness(_ value: Int32) {
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, value)
    }
    #endif
}
