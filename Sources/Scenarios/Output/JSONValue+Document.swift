extension JSONValue {
    /// A JSON document read by `JSONDocument` as a value: plain scalars are numbers, `true`,
    /// `false` and `null`; quoted ones strings. Keys keep their order, so a document kam wrote
    /// renders back to the same bytes.
    public init(_ node: DocumentNode) {
        switch node.kind {
        case .mapping(let entries): self = .object(entries.map { ($0.key, JSONValue($0.value)) })
        case .sequence(let elements): self = .array(elements.map(JSONValue.init))
        case .scalar(let text, plain: false): self = .string(text)
        case .scalar(let text, plain: true):
            switch text {
            case "true": self = .bool(true)
            case "false": self = .bool(false)
            case "null", "": self = .null
            default: self = Double(text).map { .number($0) } ?? .string(text)
            }
        }
    }

    /// The value under `key` of an object (nil for other values and missing keys).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    /// An object with `key`'s value replaced by `transform` of it (other values and objects without
    /// the key are returned as they are).
    public func updating(_ key: String, _ transform: (JSONValue) -> JSONValue?) -> JSONValue {
        guard case .object(let pairs) = self else { return self }
        return .object(pairs.compactMap { pair in pair.0 == key ? transform(pair.1).map { (key, $0) } : pair })
    }

    /// An array keeping the elements `keep` accepts (other values are returned as they are).
    public func filtered(_ keep: (JSONValue) -> Bool) -> JSONValue {
        guard case .array(let elements) = self else { return self }
        return .array(elements.filter(keep))
    }

    /// An array with `transform` applied to each element (other values are returned as they are).
    public func mapped(_ transform: (JSONValue) -> JSONValue) -> JSONValue {
        guard case .array(let elements) = self else { return self }
        return .array(elements.map(transform))
    }

    /// The text of a string value.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}
