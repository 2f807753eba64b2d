import Foundation
import Reports
import Scenarios

/// `kam request list`: the requests as a table, JSON or CSV. A request is *late* (`*` in the
/// table) when its week is published and it is not in the latest published plan yet: open (filed
/// or approved after publishing), so only publishing the week again plans it. A rejected request
/// shows the planner's reason.
public struct RequestListing: Sendable {
    public enum Format: String, Sendable, CaseIterable { case table, json, csv }

    public let requests: [StoredRequest]
    /// The latest published version of each week that has one.
    public let latest: [ISOWeek: Int]

    public init(requests: [StoredRequest], latest: [ISOWeek: Int]) {
        self.requests = requests
        self.latest = latest
    }

    /// The published version a late request is not in; nil when it is not late.
    public func lateAfter(_ request: StoredRequest) -> Int? {
        request.arrivedAfterPublication(latest) ? latest[request.week] : nil
    }

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
        guard !requests.isEmpty else { return "no requests\n" }
        let withNotes = requests.contains { $0.note != nil }
        let withReasons = requests.contains { $0.rejectionReason != nil }
        var table = TextTable([("id", .left), ("week", .left), ("account", .left), ("skill", .left), ("hours", .right),
                               ("priority", .left), ("by", .left), ("status", .left), ("allocated", .right)]
                              + (withNotes ? [("note", .left)] : []) + (withReasons ? [("rejected because", .left)] : []))
        var late: [ISOWeek: Int] = [:]
        for r in requests {
            let after = lateAfter(r)
            if let after { late[r.week] = after }
            table.add([r.id, r.week.description, r.account, r.skill, NumberFormat.grouped(r.hours), r.priority.rawValue, r.requester,
                       r.status.rawValue + (after != nil ? "*" : ""), r.hasOutcome ? NumberFormat.grouped(r.allocated) : ""]
                      + (withNotes ? [Self.oneLine(r.note)] : []) + (withReasons ? [Self.oneLine(r.rejectionReason)] : []))
        }
        var text = table.rendered()
        for (week, version) in late.sorted(by: { $0.key < $1.key }) {
            text += "* filed after \(week) was published (version \(version)): not in that plan; kam publish --week \(week) --force plans it\n"
        }
        return text
    }

    func json() -> JSONValue {
        .array(requests.map { r in
            var fields: [(String, JSONValue)] = [
                ("id", .string(r.id)), ("week", .string(r.week.description)), ("account", .string(r.account)), ("skill", .string(r.skill)),
                ("hours", .number(r.hours)), ("priority", .string(r.priority.rawValue)), ("onsite", .bool(r.onsite)),
                ("requestedBy", .string(r.requester)), ("status", .string(r.status.rawValue)),
            ]
            if r.hasOutcome { fields.append(("allocated", .number(r.allocated))) }
            if let note = r.note { fields.append(("note", .string(note))) }
            if let after = lateAfter(r) { fields.append(("notInPublishedVersion", .number(after))) }
            if let reason = r.rejectionReason { fields.append(("rejectionReason", .string(reason))) }
            return .object(fields)
        })
    }

    func csv() -> String {
        var table = CSVTable(["id", "week", "account", "skill", "hours", "priority", "requestedBy", "status", "allocated",
                              "notInPublishedVersion", "note", "rejectionReason"])
        for r in requests {
            table.add([r.id, r.week.description, r.account, r.skill, NumberFormat.plain(r.hours), r.priority.rawValue, r.requester,
                       r.status.rawValue, r.hasOutcome ? NumberFormat.plain(r.allocated) : "", lateAfter(r).map(String.init) ?? "",
                       r.note ?? "", r.rejectionReason ?? ""])
        }
        return table.rendered()
    }
}
