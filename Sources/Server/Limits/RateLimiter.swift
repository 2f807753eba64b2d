import Foundation
import Synchronization

/// A token bucket per key (a user id): `burst` requests at once, then `perSecond` a second.
/// Answers how long to wait when a key has none left.
final class RateLimiter: Sendable {
    private struct Bucket { var tokens: Double; var at: ContinuousClock.Instant }
    private let perSecond: Double, burst: Double
    private let buckets = Mutex<[String: Bucket]>([:])

    init(perSecond: Double, burst: Double) {
        (self.perSecond, self.burst) = (perSecond, max(1, burst))
    }

    /// Takes one request for `key`: nil when it may go ahead, else the seconds to wait (at least 1).
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        guard perSecond > 0 else { return nil }
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: burst, at: now)
            let elapsed = now - bucket.at
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.tokens = min(burst, bucket.tokens + seconds * perSecond)
            bucket.at = now
            defer {
                buckets[key] = bucket
                // Full buckets say nothing a new one would not: dropped, so the table stays small.
                if buckets.count > 10_000 { buckets = buckets.filter { $0.value.tokens < burst } }
            }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / perSecond).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
