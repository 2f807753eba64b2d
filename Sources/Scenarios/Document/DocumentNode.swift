/// A parsed YAML or JSON document, kept with the location of every node so that errors can
/// say where they are. YAML and JSON both load into this one shape; the scenario decoder
/// reads only this.
public struct DocumentNode: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A scalar's text. `plain` is false for quoted scalars ("8" is text, 8 a number).
        case scalar(String, plain: Bool)
        case sequence([DocumentNode])
        /// Key-value pairs in document order; keys are scalars.
        case mapping([Entry])
    }

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: DocumentNode

        public init(key: String, keyLocation: SourceLocation, value: DocumentNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.value = value
        }
    }

    public var kind: Kind
    public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// A plain scalar that YAML and JSON read as null: `null`, `~`, or nothing at all.
    public var isNull: Bool {
        if case .scalar(let text, plain: true) = kind {
            return text.isEmpty || text == "~" || text == "null" || text == "Null" || text == "NULL"
        }
        return false
    }

    /// The entries, when this is a mapping.
    public var entries: [Entry]? {
        if case .mapping(let entries) = kind { return entries }
        return nil
    }

    /// The elements, when this is a sequence.
    public var elements: [DocumentNode]? {
        if case .sequence(let elements) = kind { return elements }
        return nil
    }

    /// The text, when this is a scalar.
    public var scalarText: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The value of `key`, when this is a mapping that has it.
    public subscript(key: String) -> DocumentNode? {
        entries?.first { $0.key == key }?.value
    }

    /// "a mapping", "a list", "text", "a number"... for "expected X, found Y" messages.
    public var kindDescription: String {
        switch kind {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .scalar(let text, let plain):
            if isNull { return "null" }
            if plain && FieldReader.parseNumber(text) != nil { return "a number (\(text))" }
            return "text '\(text.count > 40 ? String(text.prefix(40)) + "..." : text)'"
        }
    }
}

/// Limits that keep a hostile or broken file from exhausting time or memory.
public enum DocumentLimits {
    /// Deepest nesting accepted; scenario files need about 6 levels.
    public static let maximumDepth = 64
    /// Largest file read, in bytes.
    public static let maximumFileSize = 512 * 1024 * 1024
    /// Most nodes a document may expand to through YAML aliases, beyond its own size.
    public static let maximumAliasExpansion = 1_000_000
}
