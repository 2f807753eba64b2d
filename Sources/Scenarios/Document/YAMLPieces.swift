import Foundation

/// Parses a large YAML file in pieces, one libyaml parser per core (issue 14: parsing is the
/// largest part of loading a book of 40,000 accounts and more).
///
/// A scenario is a block mapping at column 0 whose big values are block sequences
/// (`accounts:` then `  - id: ...` items). The file is cut only at two kinds of lines:
/// a top-level key (a letter at column 0), and an item of a top-level key's sequence (exactly
/// that sequence's indentation, then `- `). Such a line can never be inside a block scalar or a
/// plain scalar (their lines are indented further) nor mean anything else in block context;
/// inside a quoted scalar or a flow collection that spans lines, the piece before it does not
/// parse on its own. So when every piece parses without a problem, the pieces put together are
/// the tree one parse gives, node for node and location for location. Whenever anything is in
/// doubt — a piece with an error or a warning, an alias to an anchor in another piece, a key
/// repeated across pieces, document markers, directives, line breaks other than `\n` and
/// `\r\n` (libyaml counts lines by those too) — `read` returns nil and the caller parses
/// the file whole, which reports exactly what it always did.
enum YAMLPieces {
    /// Smaller files are parsed whole: below this, threads cost more than they save.
    static let minimumSize = 1 << 20

    /// A piece of the file: top-level entries, or more items of the sequence the previous piece ended in.
    struct Piece: Equatable {
        enum Kind: Equatable { case entries, items }
        var kind: Kind
        var bytes: Range<Int>
        /// Line number (1-based) of the piece's first line.
        var firstLine: Int
    }

    /// The tree of `bytes`, parsed in pieces on every core; nil when the file is small or cannot
    /// be cut safely, or when a piece reported anything (the caller then parses it whole).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String, pieces wanted: Int, minimumSize: Int = minimumSize) -> DocumentNode? {
        guard bytes.count >= minimumSize, let pieces = cut(bytes, into: wanted), pieces.count > 1 else { return nil }
        let base = UnsafeBufferPointerBox(bytes)
        let parsed = ParallelChunks.map(pieces) { piece -> YAMLReader.Parsed? in
            let slice = UnsafeBufferPointer(rebasing: base.pointer[piece.bytes])
            guard case .success(let parsed) = YAMLReader.parse(slice, file: file, firstLine: piece.firstLine, depth: piece.kind == .items ? 1 : 0),
                  parsed.problems.isEmpty else { return nil }
            return parsed
        }
        return assemble(pieces, parsed)
    }

    /// The parsed pieces put together into the one tree; nil when they do not fit together exactly.
    static func assemble(_ pieces: [Piece], _ parsed: [YAMLReader.Parsed?]) -> DocumentNode? {
        var expansion = 0
        var entries: [DocumentNode.Entry] = []
        var keys = Set<String>()
        var rootLocation: SourceLocation?
        for (piece, parsed) in zip(pieces, parsed) {
            guard let parsed, let root = parsed.root else { return nil }
            expansion += parsed.expansion
            switch (piece.kind, root.kind) {
            case (.entries, .mapping(let more)):
                rootLocation = rootLocation ?? root.location
                for entry in more {
                    guard keys.insert(entry.key).inserted else { return nil }  // a repeated key: the whole parse reports it
                    entries.append(entry)
                }
            case (.items, .sequence(let more)):
                guard var last = entries.popLast(), case .sequence(var elements) = last.value.kind else { return nil }
                last.value.kind = .sequence([])  // keep `elements` uniquely referenced while it grows
                elements.append(contentsOf: more)
                last.value.kind = .sequence(elements)
                entries.append(last)
            default:
                return nil
            }
        }
        guard expansion <= DocumentLimits.maximumAliasExpansion, let rootLocation else { return nil }
        return DocumentNode(.mapping(entries), at: rootLocation)
    }

    /// Where to cut `bytes` into about `wanted` pieces of similar size; nil when it cannot be cut safely.
    static func cut(_ bytes: UnsafeBufferPointer<UInt8>, into wanted: Int) -> [Piece]? {
        guard let lines = Lines(bytes) else { return nil }
        let target = max(1, bytes.count / max(1, wanted))
        var pieces: [Piece] = []
        var start = 0
        var startLine = 1
        var kind = Piece.Kind.entries
        func close(at offset: Int, line: Int, next: Piece.Kind) {
            guard offset > start else { return }
            pieces.append(Piece(kind: kind, bytes: start..<offset, firstLine: startLine))
            (start, startLine, kind) = (offset, line, next)
        }
        for (position, key) in lines.keys.enumerated() {
            let end = position + 1 < lines.keys.count ? lines.keys[position + 1].offset : bytes.count
            // Entries gather until a piece is big enough; a piece always starts at a key or an
            // item, and a piece of items always ends at the next key (the sequence ends there).
            if kind == .items || key.offset - start >= target { close(at: key.offset, line: key.line, next: .entries) }
            guard end - key.offset >= target, let items = lines.items(of: key, before: end) else { continue }
            for item in items where item.offset - start >= target {
                close(at: item.offset, line: item.line, next: .items)
            }
        }
        close(at: bytes.count, line: 0, next: .entries)
        return pieces
    }

    /// A line start: byte offset and 1-based line number.
    struct LineStart: Equatable {
        var offset: Int
        var line: Int
    }

    /// The file's top-level key lines, found in one pass that also refuses what cannot be cut.
    struct Lines {
        let bytes: UnsafeBufferPointer<UInt8>
        private(set) var keys: [LineStart] = []

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            // A UTF-16 or UTF-32 file (libyaml reads those by their byte order mark) is not cut.
            if bytes.count >= 2, (bytes[0] == 0xFE && bytes[1] == 0xFF) || (bytes[0] == 0xFF && bytes[1] == 0xFE) || bytes[0] == 0 { return nil }
            if Self.hasOtherLineBreaks(bytes) { return nil }
            var line = 1
            var offset = 0
            let count = bytes.count
            while offset < count {
                // The start of a line.
                let first = bytes[offset]
                switch first {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    keys.append(LineStart(offset: offset, line: line))
                case UInt8(ascii: "%"):
                    return nil  // a directive: belongs to the document's start only
                case UInt8(ascii: "-"), UInt8(ascii: "."):
                    // A document marker ('---', '...') anywhere but the first line: not cut.
                    if offset + 2 < count, bytes[offset + 1] == first, bytes[offset + 2] == first, line > 1 { return nil }
                default:
                    break
                }
                guard let end = Self.find(0x0A, in: bytes, from: offset) else { break }
                offset = end + 1
                line += 1
            }
            if keys.isEmpty { return nil }
        }

        /// Whether `bytes` has a line break libyaml counts and `\n` alone does not: a carriage
        /// return not followed by `\n`, NEL (C2 85), LS or PS (E2 80 A8, E2 80 A9).
        static func hasOtherLineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
            /// Whether some `lead` byte starts a break, as `isBreak` judges it at the lead's offset.
            func any(_ lead: UInt8, _ isBreak: (Int) -> Bool) -> Bool {
                var offset = 0
                while let at = find(lead, in: bytes, from: offset) {
                    if isBreak(at) { return true }
                    offset = at + 1
                }
                return false
            }
            return any(0x0D) { $0 + 1 == bytes.count || bytes[$0 + 1] != 0x0A }
                || any(0xC2) { $0 + 1 < bytes.count && bytes[$0 + 1] == 0x85 }
                || any(0xE2) { $0 + 2 < bytes.count && bytes[$0 + 1] == 0x80 && (bytes[$0 + 2] == 0xA8 || bytes[$0 + 2] == 0xA9) }
        }

        /// The offset of the first `byte` at or after `offset` (memchr: many bytes a step).
        static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int? {
            guard offset < bytes.count, let base = bytes.baseAddress,
                  let found = memchr(base + offset, Int32(byte), bytes.count - offset) else { return nil }
            return UnsafeRawPointer(found) - UnsafeRawPointer(base)
        }

        /// The item lines of `key`'s block sequence (the value on the lines below `key: `, each item at
        /// one indentation, then `- `), up to `end`; nil when the value is not such a sequence.
        func items(of key: LineStart, before end: Int) -> [LineStart]? {
            var offset = key.offset
            var line = key.line
            // The key line must end in ':' (then only spaces or a comment): the value is below.
            guard let endOfKeyLine = lineEnd(offset),
                  let colon = (offset..<endOfKeyLine).first(where: { bytes[$0] == UInt8(ascii: ":")
                      && ($0 + 1 == endOfKeyLine || bytes[$0 + 1] == 0x20 || bytes[$0 + 1] == 0x0D) }),
                  isBlankOrComment(colon + 1..<endOfKeyLine) else { return nil }
            offset = endOfKeyLine + 1
            line += 1
            // The first line of the value that is not blank or a comment gives the items' indentation.
            var indent: Int?
            var found: [LineStart] = []
            while offset < end {
                guard let endOfLine = lineEnd(offset) else { break }
                var spaces = 0
                while offset + spaces < endOfLine, bytes[offset + spaces] == 0x20 { spaces += 1 }
                let text = offset + spaces
                let isItem = text < endOfLine && bytes[text] == UInt8(ascii: "-")
                    && (text + 1 == endOfLine || bytes[text + 1] == 0x20 || bytes[text + 1] == 0x0D)
                if indent == nil {
                    if !isBlankOrComment(text..<endOfLine) {
                        guard isItem else { return nil }
                        indent = spaces
                    }
                }
                if isItem && spaces == indent { found.append(LineStart(offset: offset, line: line)) }
                offset = endOfLine + 1
                line += 1
            }
            return found.count > 1 ? Array(found.dropFirst()) : nil  // the first item stays with its key
        }

        /// The offset of the `\n` ending the line that starts at `offset` (or the end of the file).
        private func lineEnd(_ offset: Int) -> Int? {
            guard offset < bytes.count else { return nil }
            return Self.find(0x0A, in: bytes, from: offset) ?? bytes.count
        }

        private func isBlankOrComment(_ range: Range<Int>) -> Bool {
            for index in range {
                switch bytes[index] {
                case 0x20, 0x0D: continue
                case UInt8(ascii: "#"): return true
                default: return false
                }
            }
            return true
        }
    }
}

/// Lends a buffer's address to the pieces' threads; the buffer outlives them (they finish
/// before `read` returns).
private struct UnsafeBufferPointerBox: @unchecked Sendable {
    let pointer: UnsafeBufferPointer<UInt8>
    init(_ pointer: UnsafeBufferPointer<UInt8>) { self.pointer = pointer }
}
