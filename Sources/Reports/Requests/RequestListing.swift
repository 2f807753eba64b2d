import Scenarios

/// `kam request list`: the requests as a table, JSON or CSV. A request is *late* (`*` in the
/// table) when its week is published and it is not in the latest published plan yet
/// (`notInPublishedVersion`: the workspace decides that). A rejected request shows the planner's reason.
public struct RequestListing: Sendable {
    public enum Format: String, Sendable, CaseIterable { case table, json, csv }

    /// One request as the list shows it.
    public struct Row: Sendable {
        public var id: String
        public var week: ISOWeek
        public var account: String
        public var skill: String
        public var hours: Double
        public var priority: Priority
        public var onsite: Bool
        public var requester: String
        public var status: String
        /// Hours allocated by a published plan; nil when no plan gave the request an outcome.
        public var allocated: Double?
        public var note: String?
        /// The published version the request is not in, when it is late.
        public var notInPublishedVersion: Int?
        public var rejectionReason: String?

        public init(id: String, week: ISOWeek, account: String, skill: String, hours: Double, priority: Priority, onsite: Bool,
                    requester: String, status: String, allocated: Double?, note: String?, notInPublishedVersion: Int?, rejectionReason: String?) {
            (self.id, self.week, self.account, self.skill, self.hours, self.priority, self.onsite) = (id, week, account, skill, hours, priority, onsite)
            (self.requester, self.status, self.allocated, self.note) = (requester, status, allocated, note)
            (self.notInPublishedVersion, self.rejectionReason) = (notInPublishedVersion, rejectionReason)
        }
    }

    public let rows: [Row]

    public init(_ rows: [Row]) { self.rows = rows }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .table: table()
        case .json: json().rendered() + "\n"
        case .csv: csv()
        }
    }

    static func oneLine(_ text: String?) -> String {
        (text ?? "").replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }

    func table() -> String {
        guard !rows.isEmpty else { return "no requests\n" }
        let withNotes = rows.contains { $0.note != nil }
        let withReasons = rows.contains { $0.rejectionReason != nil }
        var table = TextTable([("id", .left), ("week", .left), ("account", .left), ("skill", .left), ("hours", .right),
                               ("priority", .left), ("by", .left), ("status", .left), ("allocated", .right)]
                              + (withNotes ? [("note", .left)] : []) + (withReasons ? [("rejected because", .left)] : []))
        var late: [ISOWeek: Int] = [:]
        for r in rows {
            if let after = r.notInPublishedVersion { late[r.week] = after }
            table.add([r.id, r.week.description, r.account, r.skill, NumberFormat.grouped(r.hours), r.priority.rawValue, r.requester,
                       r.status + (r.notInPublishedVersion != nil ? "*" : ""), r.allocated.map { NumberFormat.grouped($0) } ?? ""]
                      + (withNotes ? [Self.oneLine(r.note)] : []) + (withReasons ? [Self.oneLine(r.rejectionReason)] : []))
        }
        var text = table.rendered()
        for (week, version) in late.sorted(by: { $0.key < $1.key }) {
            text += "* filed after \(week) was published (version \(version)): not in that plan; kam publish --week \(week) --force plans it\n"
        }
        return text
    }

    func json() -> JSONValue {
        .array(rows.map { r in
            var fields: [(String, JSONValue)] = [
                ("id", .string(r.id)), ("week", .string(r.week.description)), ("account", .string(r.account)), ("skill", .string(r.skill)),
                ("hours", .number(r.hours)), ("priority", .string(r.priority.rawValue)), ("onsite", .bool(r.onsite)),
                ("requestedBy", .string(r.requester)), ("status", .string(r.status)),
            ]
            if let allocated = r.allocated { fields.append(("allocated", .number(allocated))) }
            if let note = r.note { fields.append(("note", .string(note))) }
            if let after = r.notInPublishedVersion { fields.append(("notInPublishedVersion", .number(after))) }
            if let reason = r.rejectionReason { fields.append(("rejectionReason", .string(reason))) }
            return .object(fields)
        })
    }

    func csv() -> String {
        var table = CSVTable(["id", "week", "account", "skill", "hours", "priority", "requestedBy", "status", "allocated",
                              "notInPublishedVersion", "note", "rejectionReason"])
        for r in rows {
            table.add([r.id, r.week.description, r.account, r.skill, NumberFormat.plain(r.hours), r.priority.rawValue, r.requester,
                       r.status, r.allocated.map { NumberFormat.plain($0) } ?? "", r.notInPublishedVersion.map(String.init) ?? "",
                       r.note ?? "", r.rejectionReason ?? ""])
        }
        return table.rendered()
    }
}
