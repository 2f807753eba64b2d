internal import CYAML

/// A problem found while reading a file, at a place in it.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var severity: Severity
    public var location: SourceLocation?
    /// Used when there is no location (a file that cannot be opened).
    public var file: String
    public var message: String

    public static func error(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity: .error, location: location, file: location.file, message: message)
    }

    public static func warning(_ message: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic(severity: .warning, location: location, file: location.file, message: message)
    }

    public static func error(_ message: String, file: String) -> Diagnostic {
        Diagnostic(severity: .error, location: nil, file: file, message: message)
    }

    /// `path:line:column: error: message`, the form compilers use and editors understand.
    public var description: String {
        TextSafety.terminal("\(location?.description ?? file): \(severity.rawValue): \(message)")
    }
}

/// Reads YAML with libyaml's event parser, building `DocumentNode`s with their locations.
///
/// libyaml is used directly rather than through Yams: on a 7.2 MB generated scenario, Yams'
/// `compose` took 1.0 s (2.9 s with its default resolver) where libyaml's events take 0.19 s.
/// Scalars are kept as text; the scenario decoder gives them a type from the field they fill.
enum YAMLReader {
    /// Parses `bytes`; a syntax error throws, recoverable problems (duplicate keys) are returned.
    /// A large file is parsed in pieces on every core when it can be cut safely (`YAMLPieces`);
    /// the tree is then the same, node for node and location for location, as one parse gives.
    static func read(_ bytes: [UInt8], file: String) throws(Diagnostic) -> (root: DocumentNode?, problems: [Diagnostic]) {
        if ParallelChunks.cores > 1, let root = bytes.withUnsafeBufferPointer({ YAMLPieces.read($0, file: file, pieces: 2 * ParallelChunks.cores) }) {
            return (root, [])
        }
        return try readWhole(bytes, file: file)
    }

    /// One libyaml parse of all of `bytes`.
    static func readWhole(_ bytes: [UInt8], file: String) throws(Diagnostic) -> (root: DocumentNode?, problems: [Diagnostic]) {
        let parsed = bytes.withUnsafeBufferPointer { parse($0, file: file, firstLine: 1, depth: 0) }
        switch parsed {
        case .success(let result): return (result.root, result.problems)
        case .failure(let error): throw error
        }
    }

    /// What parsing one piece gave: the tree, problems, and how many nodes aliases added.
    struct Parsed {
        var root: DocumentNode?
        var problems: [Diagnostic]
        var expansion: Int
    }

    /// Parses `bytes` as one document whose first line is line `firstLine` of the file and whose
    /// root sits `depth` levels down in it.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, firstLine: Int, depth: Int) -> Result<Parsed, Diagnostic> {
        var builder = TreeBuilder(file: file, firstLine: firstLine, depth: depth)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            return .failure(.error("cannot initialise the YAML parser (out of memory?)", file: file))
        }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, bytes.baseAddress, bytes.count)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                return .failure(syntaxError(parser, bytes: bytes, file: file))
            }
            defer { yaml_event_delete(&event) }
            do {
                if try builder.consume(event) { return .success(Parsed(root: builder.root, problems: builder.problems, expansion: builder.expansion)) }
            } catch {
                return .failure(error)
            }
        }
    }

    private static func syntaxError(_ parser: yaml_parser_t, bytes: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        var message = "malformed YAML: \(problem)"
        if let context = parser.context.map({ String(cString: $0) }) { message += " (\(context))" }
        if parser.error == YAML_READER_ERROR {
            // Encoding problems carry a byte offset, not a line and column.
            return .error(message, at: location(ofByte: Int(parser.problem_offset), in: bytes, file: file))
        }
        let mark = parser.problem_mark
        return .error(message, at: SourceLocation(file: file, line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }

    /// The line and column (in characters) of a byte offset.
    static func location(ofByte offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for index in 0..<min(offset, bytes.count) {
            if bytes[index] == 0x0A {
                line += 1
                column = 1
            } else if bytes[index] & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}

/// Finds a repeated key in a mapping being built: linearly while it is small, with an index
/// once it grows (both readers use it).
enum DuplicateKeys {
    static let indexFrom = 16

    /// Where `key` was first defined in `entries`, if it was.
    static func find(_ key: String, in entries: [DocumentNode.Entry], index: inout [String: Int]?) -> SourceLocation? {
        if entries.count < indexFrom {
            return entries.first { $0.key == key }?.keyLocation
        }
        if index == nil || index!.count < entries.count {
            var built = index ?? [:]
            for position in (built.count)..<entries.count { built[entries[position].key] = position }
            index = built
        }
        guard let position = index![key] else { return nil }
        return entries[position].keyLocation
    }

    static func diagnostic(_ key: String, first: SourceLocation, at location: SourceLocation) -> Diagnostic {
        .error("duplicate key '\(key)' (first at line \(first.line), column \(first.column))", at: location)
    }
}

/// Turns libyaml events into a tree, with an explicit stack (no recursion, a depth limit) and
/// a bound on how far aliases may expand the document ("billion laughs").
private struct TreeBuilder {
    /// The file's number in `SourceFiles`, looked up once.
    let file: UInt32
    /// The file's line number of the parsed text's first line, and the depth of its root.
    let firstLine: Int
    let depth: Int
    var root: DocumentNode?
    var problems: [Diagnostic] = []

    private enum Container {
        case sequence([DocumentNode])
        /// `index` finds keys once a mapping is large; small ones are searched linearly.
        case mapping([DocumentNode.Entry], pendingKey: (String, SourceLocation)?, index: [String: Int]?)
    }

    private struct Frame {
        var container: Container
        var location: SourceLocation
        var anchor: String?
        /// Nodes in this subtree counting alias expansions.
        var size: Int
    }

    private var stack: [Frame] = []
    private var anchors: [String: (node: DocumentNode, size: Int)] = [:]
    private var documents = 0
    private(set) var expansion = 0

    init(file: String, firstLine: Int, depth: Int) {
        self.file = SourceFiles.number(of: file)
        self.firstLine = firstLine
        self.depth = depth
    }

    private func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(fileNumber: file, line: Int(mark.line) + firstLine, column: Int(mark.column) + 1)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?, length: Int) -> String {
        guard let pointer else { return "" }
        return String(decoding: UnsafeBufferPointer(start: pointer, count: length), as: UTF8.self)
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    /// Handles one event; true at the end of the stream.
    mutating func consume(_ event: yaml_event_t) throws(Diagnostic) -> Bool {
        let at = location(event.start_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT, YAML_DOCUMENT_END_EVENT, YAML_NO_EVENT:
            return false
        case YAML_STREAM_END_EVENT:
            return true
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw .error("a second YAML document ('---') in one file; a scenario is one document", at: at)
            }
            return false
        case YAML_MAPPING_START_EVENT:
            try push(.mapping([], pendingKey: nil, index: nil), at: at, anchor: Self.string(event.data.mapping_start.anchor))
            return false
        case YAML_SEQUENCE_START_EVENT:
            try push(.sequence([]), at: at, anchor: Self.string(event.data.sequence_start.anchor))
            return false
        case YAML_MAPPING_END_EVENT, YAML_SEQUENCE_END_EVENT:
            let frame = stack.removeLast()
            let node: DocumentNode
            switch frame.container {
            case .sequence(let elements):
                node = DocumentNode(.sequence(elements), at: frame.location)
            case .mapping(let entries, _, _):
                node = DocumentNode(.mapping(entries), at: frame.location)
            }
            if let anchor = frame.anchor { anchors[anchor] = (node, frame.size) }
            try add(node, size: frame.size)
            return false
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = Self.string(scalar.value, length: Int(scalar.length))
            let tag = Self.string(scalar.tag)
            let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE && tag != "tag:yaml.org,2002:str"
            let node = DocumentNode(.scalar(text, plain: plain), at: at)
            if let anchor = Self.string(scalar.anchor) { anchors[anchor] = (node, 1) }
            try add(node, size: 1)
            return false
        case YAML_ALIAS_EVENT:
            let name = Self.string(event.data.alias.anchor) ?? ""
            guard let (node, size) = anchors[name] else {
                throw .error("alias '*\(name)' names no anchor defined before it", at: at)
            }
            expansion += size
            if expansion > DocumentLimits.maximumAliasExpansion {
                throw .error("aliases expand this document beyond \(DocumentLimits.maximumAliasExpansion) nodes; refusing it (an alias bomb?)", at: at)
            }
            try add(node, size: size)
            return false
        default:
            return false
        }
    }

    private mutating func push(_ container: Container, at location: SourceLocation, anchor: String?) throws(Diagnostic) {
        if depth + stack.count >= DocumentLimits.maximumDepth {
            throw .error("nesting deeper than \(DocumentLimits.maximumDepth) levels; a scenario needs far fewer", at: location)
        }
        if case .mapping(_, pendingKey: nil, _)? = stack.last?.container {
            let found: String
            if case .mapping = container { found = "a mapping" } else { found = "a list" }
            throw .error("a mapping key must be text, found \(found)", at: location)
        }
        stack.append(Frame(container: container, location: location, anchor: anchor, size: 1))
    }

    /// Adds a finished node to the open container (or makes it the root).
    private mutating func add(_ node: DocumentNode, size: Int) throws(Diagnostic) {
        guard !stack.isEmpty else {
            root = node
            return
        }
        stack[stack.count - 1].size += size
        switch stack[stack.count - 1].container {
        case .sequence(var elements):
            stack[stack.count - 1].container = .sequence([])  // keep the array uniquely referenced
            elements.append(node)
            stack[stack.count - 1].container = .sequence(elements)
        case .mapping(var entries, let pendingKey, var index):
            stack[stack.count - 1].container = .sequence([])
            if let (key, keyLocation) = pendingKey {
                if let first = DuplicateKeys.find(key, in: entries, index: &index) {
                    if problems.count < Diagnostics.limit { problems.append(DuplicateKeys.diagnostic(key, first: first, at: keyLocation)) }
                } else {
                    entries.append(DocumentNode.Entry(key: key, keyLocation: keyLocation, value: node))
                }
                stack[stack.count - 1].container = .mapping(entries, pendingKey: nil, index: index)
            } else {
                guard let key = node.scalarText else {
                    throw .error("a mapping key must be text, found \(node.kindDescription)", at: node.location)
                }
                stack[stack.count - 1].container = .mapping(entries, pendingKey: (key, node.location), index: index)
            }
        }
    }
}
