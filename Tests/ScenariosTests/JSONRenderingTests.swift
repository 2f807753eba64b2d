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

@Suite("JSON rendering: scalars, escapes and numbers")
struct JSONScalarRenderingTests {
    /// Every escape RFC 8259 requires, written out by hand: quote, backslash, the three named
    /// control characters, other controls as \u00XX with lowercase hex; other text (accents,
    /// CJK, an emoji, DEL) as it is.
    @Test("strings: escapes spelled out by hand, other text unchanged")
    func escapes() {
        let value = JSONValue.array([
            .string("plain"), .string("say \"hi\""), .string("back\\slash"), .string("a\nb\rc\td"),
            .string("\u{01}\u{1F}\u{0B}"), .string("Zoë 北京 🚀 \u{7F}"), .string(""),
        ])
        let expected = "[\n  \"plain\",\n  \"say \\\"hi\\\"\",\n  \"back\\\\slash\",\n  \"a\\nb\\rc\\td\",\n"
            + "  \"\\u0001\\u001f\\u000b\",\n  \"Zoë 北京 🚀 \u{7F}\",\n  \"\"\n]\n"
        #expect(value.rendered() == expected)
        #expect(value.renderedUTF8() == Array(expected.utf8))
        var quoted = ""
        JSONValue.quote("tab\there", into: &quoted)
        #expect(quoted == "\"tab\\there\"")
    }

    /// Integers without a fraction (negative zero as 0), others in Swift's shortest form,
    /// not-finite as null; 2^53 and beyond in the shortest form too.
    @Test("numbers: integers digit by digit, fractions and huge values as Swift prints them")
    func numbers() {
        let value = JSONValue.array([
            .number(0), .number(-0.0), .number(7), .number(-42), .number(1_234_567_890_123),
            .number(9_007_199_254_740_991), .number(9_007_199_254_740_992), .number(-9_007_199_254_740_991),
            .number(0.5), .number(-2.25), .number(1e-7), .number(Double.nan), .number(-Double.infinity),
        ])
        let expected = "[\n  0,\n  0,\n  7,\n  -42,\n  1234567890123,\n  9007199254740991,\n  9007199254740992.0,\n"
            + "  -9007199254740991,\n  0.5,\n  -2.25,\n  1e-07,\n  null,\n  null\n]\n"
        #expect(value.rendered() == expected)
    }

    @Test("empty containers, nesting and booleans")
    func containers() {
        let value = JSONValue.object([("a", .array([])), ("b", .object([])), ("c", .object([("d", .bool(true)), ("e", .bool(false)), ("f", .null)]))])
        #expect(value.rendered() == "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": {\n    \"d\": true,\n    \"e\": false,\n    \"f\": null\n  }\n}\n")
    }
}
