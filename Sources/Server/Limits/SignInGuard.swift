import Foundation
import Synchronization

/// Failed sign-ins, counted per client address and per (user id, address) over a sliding window.
/// An address that failed too often waits until its oldest failure leaves the window; so does a
/// user id from that address. Checked before the password is hashed, so a refused attempt costs
/// nothing; a success clears the pair.
final class SignInGuard: Sendable {
    private let limits: ServerLimits
    private let failures = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limits: ServerLimits) { self.limits = limits }

    /// nil when `id` may try from `address`, else the seconds to wait.
    func wait(id: String, address: String, now: ContinuousClock.Instant = .now) -> Int? {
        failures.withLock { failures in
            let waits = [(Self.key(address: address), limits.signInFailuresPerAddress), (Self.key(id: id, address: address), limits.signInFailuresPerUser)]
                .compactMap { key, limit -> Int? in
                    let recent = Self.recent(failures[key] ?? [], now: now, window: limits.signInWindow)
                    guard recent.count >= limit, let oldest = recent.first else { return nil }
                    let left = oldest + limits.signInWindow - now
                    return max(1, Int(left.components.seconds) + 1)
                }
            return waits.max()
        }
    }

    func failed(id: String, address: String, now: ContinuousClock.Instant = .now) {
        failures.withLock { failures in
            for key in [Self.key(address: address), Self.key(id: id, address: address)] {
                failures[key] = Self.recent(failures[key] ?? [], now: now, window: limits.signInWindow) + [now]
            }
            if failures.count > 10_000 {
                failures = failures.compactMapValues { let recent = Self.recent($0, now: now, window: limits.signInWindow); return recent.isEmpty ? nil : recent }
            }
        }
    }

    func succeeded(id: String, address: String) {
        _ = failures.withLock { $0.removeValue(forKey: Self.key(id: id, address: address)) }
    }

    private static func recent(_ times: [ContinuousClock.Instant], now: ContinuousClock.Instant, window: Duration) -> [ContinuousClock.Instant] {
        times.filter { now - $0 < window }
    }

    private static func key(address: String) -> String { "address " + address }
    private static func key(id: String, address: String) -> String { "user \(id.utf8.count) \(id) " + address }
}
