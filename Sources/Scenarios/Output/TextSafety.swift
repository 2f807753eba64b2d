/// The text rules that keep hostile input harmless: identifiers from a small safe set, free text
/// without control characters, and a terminal form that shows any control character that is left.
public enum TextSafety {
    /// What an identifier may contain (documented in docs/scenario-format.md).
    public static let identifierRule = "letters, digits, '-', '_' and '.'"

    /// Letters and digits (of any script), '-', '_' and '.': nothing a terminal, a shell, a file
    /// name or a spreadsheet gives a meaning to.
    public static func isSafeIdentifier(_ text: String) -> Bool {
        // ASCII first (every generated id, and nearly every real one): bytes, no Unicode tables.
        var ascii = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
                continue
            case 0x80...: ascii = false
            default: return false
            }
        }
        if ascii { return !text.isEmpty }
        return text.unicodeScalars.allSatisfy { scalar in
            scalar == "-" || scalar == "_" || scalar == "." || scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal
        }
    }

    /// A control character other than newline and tab: C0, DEL and C1 (escape sequences, bells,
    /// carriage returns that overwrite a line).
    public static func isForbiddenControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }

    /// The first forbidden control character of `text`, if any.
    public static func firstControl(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first(where: isForbiddenControl)
    }

    /// A control character as a reader sees it: `\e`, `\a`, `\r`, or `\u{9b}`.
    public static func visible(_ scalar: Unicode.Scalar) -> String {
        switch scalar.value {
        case 0x1B: "\\e"
        case 0x07: "\\a"
        case 0x08: "\\b"
        case 0x0D: "\\r"
        case 0x0C: "\\f"
        case 0x0B: "\\v"
        case 0x00: "\\0"
        default: "\\u{" + String(scalar.value, radix: 16) + "}"
        }
    }

    /// `text` safe to print on a terminal: every forbidden control character shown as `\e`, `\a`, ...
    /// (newlines and tabs kept).
    public static func terminal(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbiddenControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isForbiddenControl(scalar) { out += visible(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// `text` with every forbidden control character dropped (for formats that must not carry them).
    public static func withoutControls(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbiddenControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars where !isForbiddenControl(scalar) { out.unicodeScalars.append(scalar) }
        return out
    }
}
