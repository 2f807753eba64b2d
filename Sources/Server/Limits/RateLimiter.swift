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

    /// What a request may do now.
    enum Admission: Equatable {
        /// Go ahead.
        case go
        /// Go ahead after waiting this long (its token is reserved).
        case after(Duration)
        /// Refused: try again in this many seconds.
        case refuse(retryAfter: Int)
    }

    /// Takes one request for `key`: at once while the bucket has a token; else, when its token comes
    /// within `maximumWait`, reserved for then (the bucket goes below zero by the requests waiting);
    /// else refused, with the seconds until a token is free.
    func admit(_ key: String, maximumWait: Duration = .zero, now: ContinuousClock.Instant = .now) -> Admission {
        guard perSecond > 0 else { return .go }
        let maximum = Double(maximumWait.components.seconds) + Double(maximumWait.components.attoseconds) / 1e18
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
            if bucket.tokens >= 1 {
                bucket.tokens -= 1
                return .go
            }
            let wait = (1 - bucket.tokens) / perSecond
            if wait <= maximum {
                bucket.tokens -= 1
                return .after(.nanoseconds(Int64(wait * 1e9)))
            }
            return .refuse(retryAfter: max(1, Int(wait.rounded(.up))))
        }
    }

    /// `admit` without waiting: nil when it may go ahead, else the seconds to wait.
    func take(_ key: String, now: ContinuousClock.Instant = .now) -> Int? {
        if case .refuse(let seconds) = admit(key, now: now) { return seconds }
        return nil
    }
}
