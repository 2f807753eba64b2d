extension JSONValue {
    /// The same data as block-style YAML (a final newline included). Strings are written plain
    /// when YAML would read them back as the same text, else double-quoted with JSON escapes.
    public func yamlRendered() -> String {
        var out = ""
        switch self {
        case .object(let pairs) where !pairs.isEmpty:
            writeMapping(pairs, indent: 0, into: &out)
        case .array(let values) where !values.isEmpty:
            writeSequence(values, indent: 0, into: &out)
        default:
            out = inlineYAML() + "\n"
        }
        return out
    }

    private func writeMapping(_ pairs: [(String, JSONValue)], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for (key, value) in pairs {
            out += pad + JSONValue.yamlScalar(key) + ":"
            value.writeValue(indent: indent, into: &out)
        }
    }

    private func writeSequence(_ values: [JSONValue], indent: Int, into out: inout String) {
        let pad = String(repeating: " ", count: indent)
        for value in values {
            switch value {
            case .object(let pairs) where !pairs.isEmpty:
                // "- first: x" then the other keys aligned under it.
                var first = ""
                JSONValue.object([pairs[0]]).writeMappingInline(indent: indent + 2, into: &first)
                out += pad + "- " + first.dropFirst(indent + 2)
                if pairs.count > 1 { writeMapping(Array(pairs.dropFirst()), indent: indent + 2, into: &out) }
            default:
                out += pad + "-"
                value.writeValue(indent: indent, into: &out)
            }
        }
    }

    private func writeMappingInline(indent: Int, into out: inout String) {
        if case .object(let pairs) = self { writeMapping(pairs, indent: indent, into: &out) }
    }

    /// After "key:" or "-": a scalar or short flow value on the same line, else a nested block.
    private func writeValue(indent: Int, into out: inout String) {
        if let flow = flowYAML(limit: 100) {
            out += " " + flow + "\n"
            return
        }
        switch self {
        case .object(let pairs) where !pairs.isEmpty:
            out += "\n"
            writeMapping(pairs, indent: indent + 2, into: &out)
        case .array(let values) where !values.isEmpty:
            out += "\n"
            writeSequence(values, indent: indent + 2, into: &out)
        default:
            out += " " + inlineYAML() + "\n"
        }
    }

    /// A one-line flow form of a non-empty collection of scalars, when it fits in `limit` characters.
    private func flowYAML(limit: Int) -> String? {
        switch self {
        case .object(let pairs) where !pairs.isEmpty:
            guard pairs.allSatisfy({ $0.1.isScalar }) else { return nil }
            let text = "{" + pairs.map { JSONValue.yamlScalar($0.0) + ": " + $0.1.inlineYAML() }.joined(separator: ", ") + "}"
            return text.count <= limit ? text : nil
        case .array(let values) where !values.isEmpty:
            guard values.allSatisfy(\.isScalar) else { return nil }
            let text = "[" + values.map { $0.inlineYAML() }.joined(separator: ", ") + "]"
            return text.count <= limit ? text : nil
        default:
            return nil
        }
    }

    private var isScalar: Bool {
        switch self {
        case .object, .array: false
        default: true
        }
    }

    private func inlineYAML() -> String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let value): JSONValue.format(value)
        case .string(let value): JSONValue.yamlScalar(value)
        case .array(let values): "[" + values.map { $0.inlineYAML() }.joined(separator: ", ") + "]"
        case .object(let pairs): "{" + pairs.map { JSONValue.yamlScalar($0.0) + ": " + $0.1.inlineYAML() }.joined(separator: ", ") + "}"
        }
    }

    /// Words YAML 1.1 would read as something other than text.
    private static let specialWords: Set<String> = [
        "", "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes", "YES",
        "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ]

    /// Plain when safe: starts with a letter, holds letters, digits and ` _.-/()` (CJK too), does not
    /// look like a number, date or special word; otherwise double-quoted.
    static func yamlScalar(_ text: String) -> String {
        var safe = !specialWords.contains(text) && text.first.map { $0.isLetter } == true && text.last != " "
        if safe {
            for scalar in text.unicodeScalars {
                let ok = scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || " _.-/()".unicodeScalars.contains(scalar)
                if !ok { safe = false; break }
            }
        }
        if safe { return text }
        var quoted = ""
        quote(text, into: &quoted)
        return quoted
    }
}
