import Testing
@testable import Scenarios

@Suite("JSON rendering")
struct JSONRenderingTests {
    /// A long array is rendered in chunks on every core (issue 14); the text must be exactly what
    /// one pass writes, here spelled out by hand element by element.
    @Test("a 10,000-element array rendered in chunks: byte for byte the one-pass text")
    func longArray() {
        let count = 10_000
        #expect(count >= 2 * JSONValue.minimumChunk)  // long enough to be cut
        let value = JSONValue.object([
            ("name", .string("book")),
            ("items", .array((0..<count).map { i in
                .object([("id", .string("a\(i)")), ("hours", .number(Double(i) / 4)), ("tags", .array([.string("x"), .null]))])
            })),
        ])
        var expected = "{\n  \"name\": \"book\",\n  \"items\": [\n"
        for i in 0..<count {
            let hours = i % 4 == 0 ? "\(i / 4)" : "\(Double(i) / 4)"
            expected += "    {\n      \"id\": \"a\(i)\",\n      \"hours\": \(hours),\n      \"tags\": [\n        \"x\",\n        null\n      ]\n    }"
            expected += i + 1 < count ? ",\n" : "\n"
        }
        expected += "  ]\n}\n"
        #expect(value.rendered() == expected)
    }
}
