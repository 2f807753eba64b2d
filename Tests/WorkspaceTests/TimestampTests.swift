import Foundation
import Testing
import Workspace

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
