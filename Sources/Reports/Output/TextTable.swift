import Foundation

/// A plain-text table for terminals: columns padded to their widest cell, counting East Asian
/// wide characters (客户) as two columns so Chinese names line up.
public struct TextTable: Sendable {
    public enum Alignment: Sendable { case left, right }

    public var headers: [String]
    public var alignments: [Alignment]
    public var rows: [[String]] = []

    public init(_ columns: [(String, Alignment)]) {
        headers = columns.map(\.0)
        alignments = columns.map(\.1)
    }

    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The table, two spaces between columns, a rule under the header, no trailing spaces.
    public func rendered() -> String {
        let all = [headers] + rows
        let cellWidths = all.map { row in row.map(Self.displayWidth) }
        var widths = [Int](repeating: 0, count: headers.count)
        for row in cellWidths {
            for (column, width) in row.enumerated() where column < widths.count {
                widths[column] = max(widths[column], width)
            }
        }
        func line(_ index: Int) -> String {
            let row = all[index]
            var text = ""
            for column in headers.indices {
                let cell = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - (column < row.count ? cellWidths[index][column] : 0))
                if column > 0 { text += "  " }
                text += alignments[column] == .left ? cell + padding : padding + cell
            }
            // No trailing spaces (counted in UTF-8: a space is one byte and never part of another character).
            let trailing = text.utf8.reversed().prefix { $0 == UInt8(ascii: " ") }.count
            return trailing == 0 ? text : String(decoding: text.utf8.dropLast(trailing), as: UTF8.self)
        }
        var out = line(0) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for index in rows.indices { out += line(index + 1) + "\n" }
        return out
    }

    /// Terminal columns a string takes.
    public static func displayWidth(_ text: String) -> Int {
        // Below U+0300 (the first combining mark) every scalar takes one column.
        text.unicodeScalars.reduce(0) { $0 + ($1.value < 0x300 ? 1 : isWide($1) ? 2 : ($1.properties.generalCategory == .nonspacingMark ? 0 : 1)) }
    }

    static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F,
            0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// CSV (RFC 4180): fields with a comma, quote or line break are quoted; CRLF-free, one record a line.
public struct CSVTable: Sendable {
    public var headers: [String]
    public var rows: [[String]] = []

    public init(_ headers: [String]) { self.headers = headers }

    public mutating func add(_ row: [String]) { rows.append(row) }

    public func rendered() -> String {
        ([headers] + rows).map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// One cell: quoted when it holds a comma, quote or line break. A text cell that begins with
    /// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` so that a spreadsheet shows it
    /// as text instead of running it as a formula (CSV injection); numbers (-40, +1e3) stay numbers.
    static func field(_ value: String) -> String {
        var value = value
        if let first = value.first, "=+-@\t\r".contains(first), Double(value) == nil {
            value = "'" + value
        }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

