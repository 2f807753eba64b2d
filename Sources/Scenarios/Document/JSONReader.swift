/// A strict JSON (RFC 8259) reader that keeps the line and column of every value, which
/// Foundation's JSONSerialization cannot. Strings become quoted scalars; numbers, `true`,
/// `false` and `null` plain ones, so that the decoder types them as it does YAML.
struct JSONReader {
    private let bytes: [UInt8]
    /// The file's number in `SourceFiles`, looked up once.
    private let fileNumber: UInt32
    private var index = 0
    private var line = 1
    /// Index of the first byte of the current line, for columns.
    private var lineStart = 0
    private var depth = 0
    private var counted = 0
    private var countedColumn = 1
    private(set) var problems: [Diagnostic] = []

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        fileNumber = SourceFiles.number(of: file)
    }

    /// Parses `bytes`; a syntax error throws, duplicate keys are returned as problems.
    static func read(_ bytes: [UInt8], file: String) throws(Diagnostic) -> (root: DocumentNode?, problems: [Diagnostic]) {
        var reader = JSONReader(bytes: bytes, file: file)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3; reader.lineStart = 3 }
        reader.skipWhitespace()
        if reader.index == bytes.count { return (nil, []) }
        let root = try reader.value()
        reader.skipWhitespace()
        if reader.index < bytes.count {
            throw reader.error("unexpected \(reader.describeCurrent()) after the end of the JSON value")
        }
        return (root, reader.problems)
    }

    // MARK: Positions

    /// The column counts characters, not bytes (UTF-8 continuation bytes are skipped). Columns
    /// are counted on from the last position asked for, so a one-line file stays linear.
    private mutating func location(at position: Int) -> SourceLocation {
        if counted < lineStart || counted > position {
            counted = lineStart
            countedColumn = 1
        }
        while counted < position {
            if bytes[counted] & 0xC0 != 0x80 { countedColumn += 1 }
            counted += 1
        }
        return SourceLocation(fileNumber: fileNumber, line: line, column: countedColumn)
    }

    private mutating func here() -> SourceLocation { location(at: index) }

    private mutating func error(_ message: String) -> Diagnostic {
        .error("malformed JSON: \(message)", at: here())
    }

    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        if byte >= 0x20 && byte < 0x7F { return "'\(Character(UnicodeScalar(byte)))'" }
        return "byte 0x\(String(byte, radix: 16, uppercase: true))"
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A:
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    // MARK: Values

    private mutating func value() throws(Diagnostic) -> DocumentNode {
        guard index < bytes.count else { throw error("unexpected end of file, expected a value") }
        let start = here()
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(start)
        case UInt8(ascii: "["): return try array(start)
        case UInt8(ascii: "\""): return DocumentNode(.scalar(try string(), plain: false), at: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return DocumentNode(.scalar(try number(), plain: true), at: start)
        case UInt8(ascii: "t"): try literal("true"); return DocumentNode(.scalar("true", plain: true), at: start)
        case UInt8(ascii: "f"): try literal("false"); return DocumentNode(.scalar("false", plain: true), at: start)
        case UInt8(ascii: "n"): try literal("null"); return DocumentNode(.scalar("null", plain: true), at: start)
        default: throw error("unexpected \(describeCurrent()), expected a value")
        }
    }

    private mutating func enter() throws(Diagnostic) {
        depth += 1
        if depth > DocumentLimits.maximumDepth {
            throw .error("nesting deeper than \(DocumentLimits.maximumDepth) levels; a scenario needs far fewer", at: here())
        }
    }

    private mutating func object(_ start: SourceLocation) throws(Diagnostic) -> DocumentNode {
        try enter()
        index += 1
        var entries: [DocumentNode.Entry] = []
        var keyIndex: [String: Int]?
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return DocumentNode(.mapping([]), at: start)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                throw error("unexpected \(describeCurrent()), expected a key in double quotes")
            }
            let keyLocation = here()
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                throw error("unexpected \(describeCurrent()), expected ':' after key \"\(key)\"")
            }
            index += 1
            skipWhitespace()
            let value = try value()
            if let first = DuplicateKeys.find(key, in: entries, index: &keyIndex) {
                if problems.count < Diagnostics.limit { problems.append(DuplicateKeys.diagnostic(key, first: first, at: keyLocation)) }
            } else {
                entries.append(DocumentNode.Entry(key: key, keyLocation: keyLocation, value: value))
            }
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file, expected ',' or '}'") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; break }
            throw error("unexpected \(describeCurrent()), expected ',' or '}'")
        }
        depth -= 1
        return DocumentNode(.mapping(entries), at: start)
    }

    private mutating func array(_ start: SourceLocation) throws(Diagnostic) -> DocumentNode {
        try enter()
        index += 1
        var elements: [DocumentNode] = []
        skipWhitespace()
        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return DocumentNode(.sequence([]), at: start)
        }
        while true {
            skipWhitespace()
            elements.append(try value())
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of file, expected ',' or ']'") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; break }
            throw error("unexpected \(describeCurrent()), expected ',' or ']'")
        }
        depth -= 1
        return DocumentNode(.sequence(elements), at: start)
    }

    private mutating func literal(_ word: StaticString) throws(Diagnostic) {
        let count = word.utf8CodeUnitCount
        let matches = index + count <= bytes.count && word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw error("unexpected \(describeCurrent()), expected a value") }
        index += count
    }

    private mutating func number() throws(Diagnostic) -> String {
        let start = index
        func digits() -> Int {
            let from = index
            while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
            return index - from
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let leadingZero = index < bytes.count && bytes[index] == UInt8(ascii: "0")
        let integerDigits = digits()
        guard integerDigits > 0 else { throw error("a number needs digits after '-'") }
        if leadingZero && integerDigits > 1 { throw .error("malformed JSON: numbers cannot have leading zeros", at: location(at: start)) }
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 else { throw error("a number needs digits after '.'") }
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) { index += 1 }
            guard digits() > 0 else { throw error("a number needs digits in its exponent") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func string() throws(Diagnostic) -> String {
        index += 1  // opening quote
        var utf8: [UInt8] = []
        var runStart = index
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                utf8.append(contentsOf: bytes[runStart..<index])
                index += 1
                break
            }
            if byte < 0x20 { throw error("control character in a string (escape it, e.g. \\n)") }
            if byte != UInt8(ascii: "\\") { index += 1; continue }
            utf8.append(contentsOf: bytes[runStart..<index])
            index += 1
            guard index < bytes.count else { throw error("unterminated string") }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4()
                if (0xD800...0xDBFF).contains(scalar) {
                    guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                        throw error("unpaired UTF-16 surrogate in \\u escape")
                    }
                    index += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("unpaired UTF-16 surrogate in \\u escape") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    throw error("unpaired UTF-16 surrogate in \\u escape")
                }
                utf8.append(contentsOf: Array(String(Character(UnicodeScalar(scalar)!)).utf8))
            default:
                index -= 1
                let shown = escape >= 0x20 && escape < 0x7F ? String(UnicodeScalar(escape)) : "0x" + String(escape, radix: 16)
                throw error("invalid escape '\\\(shown)' in a string")
            }
            runStart = index
        }
        guard let text = String(validating: utf8, as: UTF8.self) else {
            throw error("the string before this point is not valid UTF-8")
        }
        return text
    }

    private mutating func hex4() throws(Diagnostic) -> UInt32 {
        guard index + 4 <= bytes.count,
            let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
        else { throw error("\\u needs four hexadecimal digits") }
        index += 4
        return value
    }
}
