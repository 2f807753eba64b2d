/// A JSON value with object keys kept in the order they were given, so output is stable and
/// reads in a sensible order (Foundation's encoder either scrambles or sorts keys).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool { a.rendered() == b.rendered() }

    /// An optional number, or null.
    public static func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
    /// An optional string, or null.
    public static func string(_ value: String?) -> JSONValue { value.map { .string($0) } ?? .null }
    public static func number(_ value: Int) -> JSONValue { .number(Double(value)) }

    /// Pretty-printed with two-space indentation and a final newline.
    public func rendered() -> String {
        var out = ""
        write(into: &out, indent: 0, parallel: true)
        out.append("\n")
        return out
    }

    /// Arrays at least twice this long (a plan's assignments, a book's accounts) are rendered in
    /// chunks on every core, then joined: the same bytes as rendering them in one pass.
    static let minimumChunk = 2048

    /// `parallel`: this value's long arrays may be split across cores (false inside a chunk).
    private func write(into out: inout String, indent: Int, parallel: Bool) {
        switch self {
        case .null: out.append("null")
        case .bool(let value): out.append(value ? "true" : "false")
        case .number(let value): out.append(JSONValue.format(value))
        case .string(let value): JSONValue.quote(value, into: &out)
        case .array(let values):
            guard !values.isEmpty else { out.append("[]"); return }
            out.append("[\n")
            @Sendable func elements(_ range: Range<Int>, into text: inout String) {
                for index in range {
                    JSONValue.indent(indent + 2, into: &text)
                    values[index].write(into: &text, indent: indent + 2, parallel: false)
                    text.append(index + 1 < values.count ? ",\n" : "\n")
                }
            }
            let ranges = parallel ? ParallelChunks.ranges(values.count, minimumChunk: Self.minimumChunk) : [values.indices]
            if ranges.count == 1 {
                elements(values.indices, into: &out)
            } else {
                for chunk in ParallelChunks.map(ranges, { range in var text = ""; elements(range, into: &text); return text }) {
                    out.append(chunk)
                }
            }
            JSONValue.indent(indent, into: &out)
            out.append("]")
        case .object(let pairs):
            guard !pairs.isEmpty else { out.append("{}"); return }
            out.append("{\n")
            for (index, (key, value)) in pairs.enumerated() {
                JSONValue.indent(indent + 2, into: &out)
                JSONValue.quote(key, into: &out)
                out.append(": ")
                value.write(into: &out, indent: indent + 2, parallel: parallel)
                out.append(index + 1 < pairs.count ? ",\n" : "\n")
            }
            JSONValue.indent(indent, into: &out)
            out.append("}")
        }
    }

    /// Runs of 0 to 63 spaces, made once (no string made per line).
    private static let spaces = (0..<64).map { String(repeating: " ", count: $0) }
    private static func indent(_ count: Int, into out: inout String) {
        var left = count
        while left > 0 {
            let n = min(left, 63)
            out.append(spaces[n])
            left -= n
        }
    }

    /// Integers without a fraction; others in Swift's shortest round-trip form. Not-finite → null.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 { return String(Int64(value)) }
        return "\(value)"
    }

    public static func quote(_ string: String, into out: inout String) {
        out.append("\"")
        // Most strings (ids, names) need no escape: appended whole.
        if !string.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(string)
            out.append("\"")
            return
        }
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out.append("\"")
    }
}
