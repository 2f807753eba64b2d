import Dispatch

/// Runs plans (GLPK and the visit schedules) on a thread of their own, one at a time, so that a
/// running plan never holds up request intake and two plans never race for the same week's files.
final class PlanRunner: Sendable {
    private let queue = DispatchQueue(label: "kam.plans", qos: .userInitiated)

    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
