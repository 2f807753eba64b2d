import Allocation
import Scenarios

/// The planner's approval view: each request waiting for approval with the `recommend` figures of
/// its week planned with it: the hours it would get, what meeting it in full would cost, and which
/// approved requests would give up hours.
public struct ApprovalQueueReport: Sendable {
    /// One waiting request: its week and the recommendation computed with it in the week's plan.
    public struct Entry: Sendable {
        public var week: String
        public var recommendation: Recommendation
        /// The plan's value with the request approved minus its value without it.
        public var adds: Double
        /// Approved requests that get fewer hours once it is approved.
        public var takesFrom: [Recommendation.Change]
        public init(week: String, recommendation: Recommendation, adds: Double, takesFrom: [Recommendation.Change]) {
            (self.week, self.recommendation, self.adds, self.takesFrom) = (week, recommendation, adds, takesFrom)
        }
    }

    public let entries: [Entry]

    public init(_ entries: [Entry]) { self.entries = entries }

    public enum Format: String, Sendable, CaseIterable { case table, json }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .table: table()
        case .json: json().rendered()
        }
    }

    /// What meeting the request in full would cost, in words: "808 (R0001 -4 h)", "met in full", "cannot: ...".
    public static func costInFull(_ recommendation: Recommendation) -> String {
        switch recommendation.forcing {
        case .alreadyMet: "met in full"
        case .impossible(let why): "cannot be met in full: \(why)"
        case .forced(_, let lost, let changes):
            NumberFormat.grouped(lost) + (changes.isEmpty ? "" : " (\(hoursGivenUp(changes)))")
        }
    }

    /// "R0002 -4 h, R0005 -2 h", or "none".
    public static func hoursGivenUp(_ changes: [Recommendation.Change]) -> String {
        changes.isEmpty ? "none" : changes.map { "\($0.request) -\(NumberFormat.grouped($0.before - $0.after)) h" }.joined(separator: ", ")
    }

    func table() -> String {
        guard !entries.isEmpty else { return "no requests wait for approval\n" }
        var out = "\(NumberFormat.count(entries.count, "request")) waiting for approval. If approved, each 'gets' hours and 'adds' value to its week's plan,\n"
        out += "'takes from' approved requests; meeting it 'in full costs' that much more value, paid by the requests in brackets.\n\n"
        var table = TextTable([("id", .left), ("week", .left), ("account", .left), ("skill", .left), ("hours", .right), ("by", .left),
                               ("gets", .right), ("adds", .right), ("takes from", .left), ("in full costs", .left)])
        for entry in entries {
            let r = entry.recommendation
            table.add([r.request.id, entry.week, r.request.account, r.request.skill, NumberFormat.grouped(r.request.hours), r.request.requestedBy ?? "",
                       NumberFormat.grouped(r.outcome.allocated), NumberFormat.grouped(entry.adds), Self.hoursGivenUp(entry.takesFrom), Self.costInFull(r)])
        }
        return out + table.rendered()
    }

    /// An array of {week, requestedBy, adds, takesFrom, recommendation} (the recommendation as
    /// `kam recommend`'s JSON: `now` is what the request gets, `meetInFull` the cost of all its hours).
    public func json() -> JSONValue {
        .array(entries.map { entry in
            .object([("week", .string(entry.week)), ("requestedBy", .string(entry.recommendation.request.requestedBy ?? "")),
                     ("adds", .number(entry.adds)),
                     ("takesFrom", .array(entry.takesFrom.map(RecommendationReport.change))),
                     ("recommendation", RecommendationReport(entry.recommendation).json())])
        })
    }
}
