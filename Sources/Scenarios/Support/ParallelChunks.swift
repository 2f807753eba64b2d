import Dispatch
import Foundation
import Synchronization

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
        DispatchQueue.concurrentPerform(iterations: inputs.count) { index in
            let output = body(inputs[index])
            results.withLock { $0[index] = output }
        }
        return results.withLock { $0.map { $0! } }
    }
}
