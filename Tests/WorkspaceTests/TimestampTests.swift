import Foundation
import Testing
@testable import Workspace

@Suite("Timestamps")
struct TimestampTests {
    // Expected values from Python: datetime(2026, 11, 23, 14, 4, 28, tzinfo=utc).timestamp() == 1795442668.
    @Test("ISO 8601 in UTC to the second, written and read by hand", arguments: [
        (1_795_442_668.0, "2026-11-23T14:04:28Z"), (1_795_442_668.9, "2026-11-23T14:04:28Z"), (0.0, "1970-01-01T00:00:00Z"),
        (-1.0, "1969-12-31T23:59:59Z"), (951_782_400.0, "2000-02-29T00:00:00Z"),
    ])
    func roundTrip(seconds: Double, text: String) {
        #expect(Timestamp.text(Date(timeIntervalSince1970: seconds)) == text)
        #expect(Timestamp.date(text) == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test("Malformed timestamps read as nil", arguments: ["", "2026-11-23", "2026-11-23T24:00:00Z", "2026-11-23T14:04:28", "2026-13-01T00:00:00Z", "2026-11-23T14:04Z"])
    func malformed(text: String) {
        #expect(Timestamp.date(text) == nil)
    }
}

@Suite("Timestamps: the canonical form read byte by byte")
struct CanonicalTimestampTests {
    /// The general reading (split into a day and a clock) is the oracle: on every canonical text
    /// the byte reader gives the same date, and refuses what that refuses.
    @Test("the same dates as the general reading, on 5,000 random times and every kind of bad field")
    func againstSplitting() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let seconds = Double(Int.random(in: -2_000_000_000...4_000_000_000, using: &generator))
            let text = Timestamp.text(Date(timeIntervalSince1970: seconds))
            #expect(Timestamp.canonicalDate(text) == Date(timeIntervalSince1970: seconds), "\(text)")
            #expect(Timestamp.canonicalDate(text) == Timestamp.dateBySplitting(text), "\(text)")
        }
        // Out of range or malformed fields: refused by both readers.
        for text in ["2026-02-29T00:00:00Z", "2024-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z",
                     "2026-11-23T24:00:00Z", "2026-11-23T23:60:00Z", "2026-11-23T23:59:61Z", "2026-11-23 14:04:28Z",
                     "2026-11-23T14:04:28z", "2026/11/23T14:04:28Z", "2026-11-23T14-04-28Z", "2026-11-2aT14:04:28Z"] {
            #expect(Timestamp.canonicalDate(text) == nil, "\(text)")
            #expect(Timestamp.date(text) == nil, "\(text)")
        }
        // A leap second and 29 February of a leap year are read.
        #expect(Timestamp.date("2024-02-29T23:59:60Z") == Date(timeIntervalSince1970: 1_709_251_200))
        // Forms only the general reading takes still read as before (single-digit clock fields).
        #expect(Timestamp.canonicalDate("2026-11-23T1:2:3Z") == nil)
        #expect(Timestamp.date("2026-11-23T1:2:3Z") == Timestamp.date("2026-11-23T01:02:03Z"))
    }
}
