/// Collects the errors and warnings of a load; nothing stops at the first one.
/// After `limit` diagnostics the rest are only counted, so a hopeless file (millions of bad
/// lines) cannot exhaust memory; `all` then ends with a note of how many were left out.
struct Diagnostics {
    static let limit = 1000

    private var kept: [Diagnostic] = []
    private var omitted = 0
    private var omittedErrors = 0
    private(set) var hasErrors = false

    var all: [Diagnostic] {
        guard omitted > 0, let last = kept.last else { return kept }
        let note = "\(omitted) more problem\(omitted == 1 ? "" : "s") (\(omittedErrors) errors) not shown; fix these first"
        return kept + [Diagnostic(severity: omittedErrors > 0 ? .error : .warning, location: nil, file: last.file, message: note)]
    }

    mutating func add(_ diagnostic: Diagnostic) {
        if diagnostic.severity == .error { hasErrors = true }
        if kept.count < Self.limit {
            kept.append(diagnostic)
        } else {
            omitted += 1
            if diagnostic.severity == .error { omittedErrors += 1 }
        }
    }

    mutating func error(_ message: String, at location: SourceLocation) { add(.error(message, at: location)) }

    mutating func warning(_ message: String, at location: SourceLocation) { add(.warning(message, at: location)) }

    mutating func append(contentsOf diagnostics: [Diagnostic]) { diagnostics.forEach { add($0) } }

    /// Every diagnostic added so far, none omitted; nil once the limit dropped some.
    var complete: [Diagnostic]? { omitted == 0 ? kept : nil }
}

/// What a number field accepts.
enum NumberRule {
    case any, nonNegative, positive, proficiency, share
    /// A share of capacity that may be booked: (0, 1].
    case positiveShare
    /// Hours within one day: [0, 24] (or (0, 24] with `positiveHoursInDay`).
    case hoursInDay, positiveHoursInDay

    var expectation: String {
        switch self {
        case .any: "a finite number"
        case .nonNegative: "a finite number >= 0"
        case .positive: "a finite number > 0"
        case .proficiency, .positiveShare: "a number in (0, 1]"
        case .share: "a number in [0, 1]"
        case .hoursInDay: "a number of hours in [0, 24]"
        case .positiveHoursInDay: "a number of hours in (0, 24]"
        }
    }

    func accepts(_ value: Double) -> Bool {
        guard value.isFinite else { return false }
        switch self {
        case .any: return true
        case .nonNegative: return value >= 0
        case .positive: return value > 0
        case .proficiency, .positiveShare: return value > 0 && value <= 1
        case .share: return value >= 0 && value <= 1
        case .hoursInDay: return value >= 0 && value <= 24
        case .positiveHoursInDay: return value > 0 && value <= 24
        }
    }
}

/// Reads the fields of one mapping, reporting unknown keys (with a hint) and values of the
/// wrong type, each at its own line and column. `owner` names the thing in messages:
/// "expert 'e1'", "policy.visits".
struct FieldReader {
    /// How messages name the mapping; worked out only when a message needs it.
    enum Label {
        case fixed(String)
        /// "expert 'e1'" when the entry has an id, else "expert #3" (1-based).
        case entity(kind: String, index: Int)
    }

    let node: DocumentNode
    let label: Label
    /// The mapping's entries (scenario mappings are small: a linear search beats hashing).
    private let entries: [DocumentNode.Entry]

    /// nil when `node` is not a mapping (the error is reported).
    init?(_ node: DocumentNode, owner: String, allowed: [String], diagnostics: inout Diagnostics) {
        self.init(node, label: .fixed(owner), allowed: allowed, diagnostics: &diagnostics)
    }

    init?(_ node: DocumentNode, label: Label, allowed: [String], diagnostics: inout Diagnostics) {
        self.node = node
        self.label = label
        guard let entries = node.entries else {
            self.entries = []
            diagnostics.error("\(owner) is \(node.kindDescription), expected a mapping", at: node.location)
            return nil
        }
        self.entries = entries
        for entry in entries where !allowed.contains(entry.key) {
            let hint = Suggestion.closest(to: entry.key, in: allowed).map { "did you mean '\($0)'?" }
                ?? "expected one of: \(allowed.joined(separator: ", "))"
            diagnostics.error("unknown key '\(entry.key)' in \(owner); \(hint)", at: entry.keyLocation)
        }
    }

    /// The name of the mapping in messages.
    var owner: String {
        switch label {
        case .fixed(let text):
            return text
        case .entity(let kind, let index):
            if let id = node["id"]?.scalarText, !id.isEmpty { return "\(kind) '\(id)'" }
            return "\(kind) #\(index + 1)"
        }
    }

    /// By index: only the keys are read until the one asked for (a load reads 40,000 mappings this way).
    private func entry(_ key: String) -> DocumentNode.Entry? {
        for index in entries.indices where entries[index].key == key { return entries[index] }
        return nil
    }

    /// The value node of `key`; nil when absent or null.
    func value(_ key: String) -> DocumentNode? {
        guard let node = entry(key)?.value, !node.isNull else { return nil }
        return node
    }

    func has(_ key: String) -> Bool { value(key) != nil }

    /// Where `key` is written (or the mapping, when it is absent).
    func location(_ key: String) -> SourceLocation { entry(key)?.value.location ?? node.location }

    private func wrongType(_ key: String, _ node: DocumentNode, expected: String, _ diagnostics: inout Diagnostics) {
        diagnostics.error("'\(key)' of \(owner) is \(node.kindDescription), expected \(expected)", at: node.location)
    }

    /// A text field. Plain numbers and words are text too (`region: 7`).
    func string(_ key: String, _ diagnostics: inout Diagnostics) -> String? {
        guard let node = value(key) else { return nil }
        guard let text = node.scalarText else {
            wrongType(key, node, expected: "text", &diagnostics)
            return nil
        }
        if let control = TextSafety.firstControl(in: text) {
            diagnostics.error("'\(key)' of \(owner) contains the control character \(TextSafety.visible(control)); expected printable text (newlines and tabs are fine)", at: location(key))
            return nil
        }
        return text
    }

    /// A required text field (an identifier); an empty one is an error too.
    /// A required identifier: letters, digits, '-', '_' and '.' only (TextSafety.identifierRule).
    func identifier(_ key: String, _ diagnostics: inout Diagnostics) -> String? {
        let expected = "an identifier of \(TextSafety.identifierRule)"
        guard let text = requiredString(key, expected: expected, &diagnostics) else { return nil }
        guard TextSafety.isSafeIdentifier(text) else {
            diagnostics.error("\(key) '\(text)' has characters other than \(TextSafety.identifierRule)", at: location(key))
            return nil
        }
        return text
    }

    func requiredString(_ key: String, expected: String, _ diagnostics: inout Diagnostics) -> String? {
        guard value(key) != nil else {
            diagnostics.error("\(owner) has no '\(key)'; expected \(expected)", at: location(key))
            return nil
        }
        guard let text = string(key, &diagnostics) else { return nil }
        if text.isEmpty {
            diagnostics.error("'\(key)' of \(owner) is empty; expected \(expected)", at: location(key))
            return nil
        }
        return text
    }

    func number(_ key: String, _ rule: NumberRule, _ diagnostics: inout Diagnostics) -> Double? {
        guard let node = value(key) else { return nil }
        return Self.number(node, rule, what: "'\(key)' of \(owner)", &diagnostics)
    }

    /// A number node checked against `rule`; `what` names it in messages.
    static func number(_ node: DocumentNode, _ rule: NumberRule, what: @autoclosure () -> String, _ diagnostics: inout Diagnostics) -> Double? {
        guard case .scalar(let text, plain: true) = node.kind, let value = parseNumber(text) else {
            diagnostics.error("\(what()) is \(node.kindDescription), expected \(rule.expectation)", at: node.location)
            return nil
        }
        guard rule.accepts(value) else {
            diagnostics.error("\(what()) is \(text), expected \(rule.expectation)", at: node.location)
            return nil
        }
        return value
    }

    /// Decimal numbers, and YAML's .inf/.nan spellings (so they are reported as not finite).
    static func parseNumber(_ text: String) -> Double? {
        switch text {
        case ".nan", ".NaN", ".NAN": return .nan
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        default:
            // Decimal notation only: no "nan" or "infinity" words, no hexadecimal.
            guard !text.isEmpty, text.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 0x2E || $0 == 0x2B || $0 == 0x2D || $0 == 0x65 || $0 == 0x45 }),
                text.utf8.contains(where: { $0 >= 48 && $0 <= 57 })
            else { return nil }
            return Double(text)
        }
    }

    func integer(_ key: String, minimum: Int, maximum: Int? = nil, _ diagnostics: inout Diagnostics) -> Int? {
        guard let node = value(key) else { return nil }
        return Self.integer(node, minimum: minimum, maximum: maximum, what: "'\(key)' of \(owner)", &diagnostics)
    }

    static func integer(_ node: DocumentNode, minimum: Int, maximum: Int? = nil, what: @autoclosure () -> String,
                        _ diagnostics: inout Diagnostics) -> Int? {
        guard case .scalar(let text, plain: true) = node.kind, let value = Int(text), value >= minimum, value <= (maximum ?? .max) else {
            let range = maximum.map { "from \(minimum) to \($0)" } ?? ">= \(minimum)"
            diagnostics.error("\(what()) is \(node.kindDescription), expected a whole number \(range)", at: node.location)
            return nil
        }
        return value
    }

    func bool(_ key: String, _ diagnostics: inout Diagnostics) -> Bool? {
        guard let node = value(key) else { return nil }
        if case .scalar(let text, plain: true) = node.kind {
            switch text {
            case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
            case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
            default: break
            }
        }
        wrongType(key, node, expected: "true or false", &diagnostics)
        return nil
    }

    /// One of an enum's raw values, with a hint for a near miss.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, _ diagnostics: inout Diagnostics) -> T?
    where T.RawValue == String {
        guard let node = value(key) else { return nil }
        return Self.choice(node, type, what: "'\(key)' of \(owner)", &diagnostics)
    }

    static func choice<T: RawRepresentable & CaseIterable>(_ node: DocumentNode, _ type: T.Type, what: @autoclosure () -> String, _ diagnostics: inout Diagnostics) -> T?
    where T.RawValue == String {
        let names = T.allCases.map(\.rawValue)
        guard let text = node.scalarText else {
            diagnostics.error("\(what()) is \(node.kindDescription), expected \(Suggestion.list(names))", at: node.location)
            return nil
        }
        if let value = T(rawValue: text) { return value }
        diagnostics.error("\(what()) is '\(text)', expected \(Suggestion.list(names))\(Suggestion.hint(for: text, in: names))", at: node.location)
        return nil
    }

    func date(_ key: String, _ diagnostics: inout Diagnostics) -> CalendarDate? {
        guard let node = value(key) else { return nil }
        return Self.date(node, what: "'\(key)' of \(owner)", &diagnostics)
    }

    static func date(_ node: DocumentNode, what: @autoclosure () -> String, _ diagnostics: inout Diagnostics) -> CalendarDate? {
        guard let text = node.scalarText, let date = CalendarDate(text) else {
            diagnostics.error("\(what()) is \(node.kindDescription), expected a date like 2026-11-23", at: node.location)
            return nil
        }
        return date
    }

    static func week(_ node: DocumentNode, what: @autoclosure () -> String, _ diagnostics: inout Diagnostics) -> ISOWeek? {
        guard let text = node.scalarText, let week = ISOWeek(text) else {
            var message = "\(what()) is \(node.kindDescription), expected an ISO week like 2026-W48"
            if let text = node.scalarText, text.count == 8, let year = Int(text.prefix(4)), (1...9999).contains(year) {
                message += " (\(year) has \(ISOWeek.weeksIn(year: year)) weeks)"
            }
            diagnostics.error(message, at: node.location)
            return nil
        }
        return week
    }

    /// The elements of a list field; a single value is an error, not a one-element list.
    func list(_ key: String, _ diagnostics: inout Diagnostics) -> [DocumentNode]? {
        guard let node = value(key) else { return nil }
        guard let elements = node.elements else {
            wrongType(key, node, expected: "a list", &diagnostics)
            return nil
        }
        return elements
    }
}
