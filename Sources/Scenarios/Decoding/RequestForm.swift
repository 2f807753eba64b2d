/// What a manager sends to file a request (the API's JSON body, or the web page's form): the
/// scenario's request fields without `id` (the store numbers requests) and without `requestedBy`
/// (the signed-in user is the requester), plus the week. Read with the scenario's own field rules,
/// so the words of its errors are the same.
public struct RequestForm: Sendable, Hashable {
    public var account: String
    public var skill: String
    public var hours: Double
    public var week: ISOWeek
    public var priority: Priority
    public var onsite: Bool
    public var singleExpert: Bool
    public var note: String?

    public static let keys = ["account", "skill", "hours", "week", "priority", "onsite", "singleExpert", "note"]

    /// Why a body was refused: not JSON at all (with where), or a field that breaks a rule.
    public struct Problem: Error, Sendable, Hashable {
        public var malformed: Bool
        public var message: String
        /// The field at fault (nil for malformed JSON or a body that is not an object).
        public var field: String?
        public var line: Int?
        public var column: Int?
    }

    /// Every field in a fixed order: the fingerprint of what was asked (for idempotency keys).
    public var canonical: String {
        [account, skill, "\(hours)", week.description, priority.rawValue, "\(onsite)", "\(singleExpert)", note ?? "\u{0}"].joined(separator: "\u{1f}")
    }

    /// Reads a JSON object. Malformed JSON says where (line and column); the first field that
    /// breaks a rule is named.
    public static func decode(json bytes: [UInt8]) throws(Problem) -> RequestForm {
        let root: DocumentNode?
        do {
            root = try JSONDocument.read(bytes)
        } catch {
            throw Problem(malformed: true, message: error.message, field: nil, line: error.location?.line, column: error.location?.column)
        }
        guard let root else { throw Problem(malformed: true, message: "malformed JSON: the body is empty; expected an object", field: nil, line: 1, column: 1) }
        return try decode(root)
    }

    /// Reads a web form's fields (every value is text; a checkbox is present when ticked).
    public static func decode(form fields: [(String, String)]) throws(Problem) -> RequestForm {
        let here = SourceLocation(file: "form", line: 1, column: 1)
        var entries: [DocumentNode.Entry] = []
        for (key, value) in fields where keys.contains(key) && !entries.contains(where: { $0.key == key }) {
            let text = ["onsite", "singleExpert"].contains(key) ? (value.isEmpty || value == "false" ? "false" : "true") : value
            // Empty optional fields are left out, as an unticked box or an empty note would be.
            if text.isEmpty && ["priority", "note"].contains(key) { continue }
            entries.append(.init(key: key, keyLocation: here, value: DocumentNode(.scalar(text, plain: key != "note" && key != "account" && key != "skill"), at: here)))
        }
        return try decode(DocumentNode(.mapping(entries), at: here))
    }

    private static func decode(_ root: DocumentNode) throws(Problem) -> RequestForm {
        var diagnostics = Diagnostics()
        if let entries = root.entries, let extra = entries.first(where: { $0.key == "requestedBy" || $0.key == "id" }) {
            let why = extra.key == "id" ? "the server gives each request its id" : "the requester is the signed-in manager"
            throw Problem(malformed: false, message: "'\(extra.key)' cannot be sent: \(why)", field: extra.key, line: nil, column: nil)
        }
        guard let fields = FieldReader(root, owner: "the request", allowed: keys, diagnostics: &diagnostics) else {
            throw Problem(malformed: false, message: "the body is \(root.kindDescription), expected a JSON object with \(keys.joined(separator: ", "))", field: nil, line: nil, column: nil)
        }
        if let unknown = root.entries?.first(where: { !keys.contains($0.key) }) {
            throw problem(diagnostics, field: unknown.key)
        }
        // Each field in turn, so that the first one at fault is named.
        func read<T>(_ key: String, _ body: (inout Diagnostics) -> T?) throws(Problem) -> T? {
            let value = body(&diagnostics)
            if diagnostics.hasErrors { throw problem(diagnostics, field: key) }
            return value
        }
        // Text fields are text: a JSON number, true, false or null is not a note (or an id).
        for key in ["account", "skill", "note"] {
            if let node = fields.value(key), case .scalar(_, plain: true) = node.kind {
                throw Problem(malformed: false, message: "'\(key)' of the request is \(node.kindDescription); expected text (a JSON string)",
                              field: key, line: nil, column: nil)
            }
        }
        let account = try read("account") { fields.requiredString("account", expected: "the id of the account the hours are for", &$0) }
        let skill = try read("skill") { fields.requiredString("skill", expected: "the skill needed, like network", &$0) }
        guard fields.has("hours") else {
            throw Problem(malformed: false, message: "the request has no 'hours'; expected a finite number > 0", field: "hours", line: nil, column: nil)
        }
        let hours = try read("hours") { fields.number("hours", .positive, &$0) }
        guard let weekNode = fields.value("week") else {
            throw Problem(malformed: false, message: "the request has no 'week'; expected an ISO week like 2026-W48", field: "week", line: nil, column: nil)
        }
        let week = try read("week") { FieldReader.week(weekNode, what: "'week' of the request", &$0) }
        let priority = try read("priority") { fields.choice("priority", Priority.self, &$0) }
        let onsite = try read("onsite") { fields.bool("onsite", &$0) }
        let singleExpert = try read("singleExpert") { fields.bool("singleExpert", &$0) }
        let note = try read("note") { fields.string("note", &$0) }
        return RequestForm(account: account!, skill: skill!, hours: hours!, week: week!, priority: priority ?? .normal,
                           onsite: onsite ?? false, singleExpert: singleExpert ?? false, note: note)
    }

    private static func problem(_ diagnostics: Diagnostics, field: String) -> Problem {
        let first = diagnostics.all.first { $0.severity == .error }
        return Problem(malformed: false, message: first?.message ?? "'\(field)' is not valid", field: field, line: nil, column: nil)
    }

    public init(account: String, skill: String, hours: Double, week: ISOWeek, priority: Priority = .normal,
                onsite: Bool = false, singleExpert: Bool = false, note: String? = nil) {
        (self.account, self.skill, self.hours, self.week) = (account, skill, hours, week)
        (self.priority, self.onsite, self.singleExpert, self.note) = (priority, onsite, singleExpert, note)
    }
}
