/// A JSON value with object keys kept in the order they were given, so output is stable and
/// reads in a sensible order (Foundation's encoder either scrambles or sorts keys).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.renderedUTF8() == b.renderedUTF8() }

    /// An optional number, or null.
    public static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// An optional string, or null.
    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    public static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// Pretty-printed with two-space indentation and a final newline.
    public func rendered() -> String {
        String(decoding: renderedUTF8(), as: UTF8.self)
    }

    /// `rendered()` as UTF-8 bytes, for a file (no String made on the way).
    public func renderedUTF8() -> [UInt8] {
        var out: [UInt8] = []
        write(into: &out, indent: 0, parallel: true)
        out.append(UInt8(ascii: "\n"))
        return out
    }

    /// Arrays at least twice this long (a plan's assignments, a book's accounts) are rendered in
    /// chunks on every core, then joined: the same bytes as rendering them in one pass.
    static let minimumChunk = 2048

    /// `parallel`: this value's long arrays may be split across cores (false inside a chunk).
    /// Written as bytes: appending to a byte array costs a fraction of appending to a String
    /// (the plan of 40,000 accounts renders in two thirds of the time).
    private func write(into out: inout [UInt8], indent: Int, parallel: Bool) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let value): JSONValue.format(value, into: &out)
        case .string(let value): JSONValue.quote(value, into: &out)
        case .array(let values):
            guard !values.isEmpty else { out.append(contentsOf: "[]".utf8); return }
            out.append(contentsOf: "[\n".utf8)
            @Sendable func elements(_ range: Range<Int>, into text: inout [UInt8]) {
                for index in range {
                    JSONValue.indent(indent + 2, into: &text)
                    values[index].write(into: &text, indent: indent + 2, parallel: false)
                    if index + 1 < values.count { text.append(UInt8(ascii: ",")) }
                    text.append(UInt8(ascii: "\n"))
                }
            }
            let ranges = parallel ? ParallelChunks.ranges(values.count, minimumChunk: Self.minimumChunk) : [values.indices]
            if ranges.count == 1 {
                elements(values.indices, into: &out)
            } else {
                for chunk in ParallelChunks.map(ranges, { range in var text: [UInt8] = []; elements(range, into: &text); return text }) {
                    out.append(contentsOf: chunk)
                }
            }
            JSONValue.indent(indent, into: &out)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            guard !pairs.isEmpty else { out.append(contentsOf: "{}".utf8); return }
            out.append(contentsOf: "{\n".utf8)
            for (index, (key, value)) in pairs.enumerated() {
                JSONValue.indent(indent + 2, into: &out)
                JSONValue.quote(key, into: &out)
                out.append(contentsOf: ": ".utf8)
                value.write(into: &out, indent: indent + 2, parallel: parallel)
                if index + 1 < pairs.count { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "\n"))
            }
            JSONValue.indent(indent, into: &out)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// 64 spaces, copied from in runs (no loop per space).
    private static let spaces = [UInt8](repeating: UInt8(ascii: " "), count: 64)
    private static func indent(_ count: Int, into out: inout [UInt8]) {
        var left = count
        while left > 0 {
            let run = min(left, spaces.count)
            out.append(contentsOf: spaces[0..<run])
            left -= run
        }
    }

    /// Integers without a fraction; others in Swift's shortest round-trip form. Not-finite → null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `format(value)` appended as bytes; integers digit by digit, without a String.
    static func format(_ value: Double, into out: inout [UInt8]) {
        guard value.isFinite, value == value.rounded(), abs(value) < 9_007_199_254_740_992 else {
            out.append(contentsOf: format(value).utf8)
            return
        }
        var magnitude = Int64(value).magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { digits in
            repeat {
                digits[15 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: digits[(16 - count)...])
        }
    }

    /// `string` in double quotes, escaped as JSON requires (`\"`, `\\`, `\n`, `\r`, `\t`, other
    /// control characters as `\u00XX`); everything else as it is.
    public static func quote(_ string: String, into out: inout String) {
        var bytes: [UInt8] = []
        quote(string, into: &bytes)
        out.append(String(decoding: bytes, as: UTF8.self))
    }

    static func quote(_ string: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        if string.utf8.withContiguousStorageIfAvailable({ escaped($0, into: &out) }) == nil {
            Array(string.utf8).withUnsafeBufferPointer { escaped($0, into: &out) }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Appends `text`, escaping what JSON does not allow in a string; runs without an escape
    /// (most strings whole) are copied at once.
    private static func escaped(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var start = 0
        for index in 0..<text.count {
            let byte = text[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start..<index]))
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: "\\\"".utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: "\\\\".utf8)
            case UInt8(ascii: "\n"): out.append(contentsOf: "\\n".utf8)
            case UInt8(ascii: "\r"): out.append(contentsOf: "\\r".utf8)
            case UInt8(ascii: "\t"): out.append(contentsOf: "\\t".utf8)
            default:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0xF)])
            }
            start = index + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: text[start...]))
    }
}
