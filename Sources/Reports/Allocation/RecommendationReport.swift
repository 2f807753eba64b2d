import Allocation
import Scenarios

/// `kam recommend`: candidates for one request and the cost of meeting it in full.
public struct RecommendationReport: Sendable {
    public let recommendation: Recommendation

    public init(_ recommendation: Recommendation) { self.recommendation = recommendation }

    /// The recommendation as JSON (the team server's answer): the request, its outcome now, the
    /// candidates and what meeting it in full would cost.
    public func json() -> JSONValue {
        let r = recommendation
        var outcome: [(String, JSONValue)] = [("allocated", .number(r.outcome.allocated)), ("unmet", .number(r.outcome.unmet))]
        if let reason = r.outcome.reason { outcome.append(("reason", .string(reason.rawValue))) }
        if let detail = r.outcome.detail { outcome.append(("detail", .string(detail))) }
        var forcing: [(String, JSONValue)]
        switch r.forcing {
        case .alreadyMet:
            forcing = [("result", .string("alreadyMet"))]
        case .impossible(let why):
            forcing = [("result", .string("impossible")), ("why", .string(why))]
        case .forced(let objective, let lost, let changes):
            forcing = [("result", .string("forced")), ("objective", .number(objective)), ("lost", .number(lost)),
                       ("changes", .array(changes.map(Self.change)))]
        }
        return .object([
            ("request", .string(r.request.id)), ("account", .string(r.request.account)), ("skill", .string(r.request.skill)),
            ("hours", .number(r.request.hours)), ("now", .object(outcome)), ("baseObjective", .number(r.baseObjective)),
            ("candidates", .array(r.candidates.map { c in
                .object([("expert", .string(c.expert)), ("name", .string(c.name)), ("valuePerHour", .number(c.valuePerHour)),
                         ("shadowPrice", .number(c.shadowPrice)), ("hoursHere", .number(c.hoursHere)), ("idle", .number(c.idle))])
            })),
            ("meetInFull", .object(forcing)),
        ])
    }

    /// {request, account, before, after}: another request's hours before and after.
    static func change(_ c: Recommendation.Change) -> JSONValue {
        .object([("request", .string(c.request)), ("account", .string(c.account)), ("before", .number(c.before)), ("after", .number(c.after))])
    }

    public func rendered() -> String {
        let r = recommendation
        let request = r.request
        var out = "Request \(request.id): \(NumberFormat.grouped(request.hours)) h of \(request.skill) for \(request.account)"
        out += " (\(request.priority.rawValue)\(request.onsite ? ", on site" : "")\(request.singleExpert ? ", one expert" : ""))\n"
        out += "Now: \(NumberFormat.grouped(r.outcome.allocated)) h allocated, \(NumberFormat.grouped(r.outcome.unmet)) h unmet"
        if let reason = r.outcome.reason { out += " (\(reason.rawValue): \(r.outcome.detail ?? ""))" }
        out += "\n\n"
        if r.candidates.isEmpty {
            out += "No expert can work on this request.\n"
        } else {
            out += "Candidates, best value per hour first (an expert is worth moving here when the value per hour beats the shadow price):\n"
            var table = TextTable([("expert", .left), ("name", .left), ("value/h here", .right), ("shadow price", .right),
                                   ("margin", .right), ("hours here", .right), ("idle", .right)])
            for c in r.candidates {
                table.add([c.expert, c.name, NumberFormat.plain(c.valuePerHour), NumberFormat.plain(c.shadowPrice),
                           NumberFormat.plain(c.valuePerHour - c.shadowPrice), NumberFormat.grouped(c.hoursHere), NumberFormat.grouped(c.idle)])
            }
            out += table.rendered()
        }
        out += "\n"
        switch r.forcing {
        case .alreadyMet:
            out += "The request is already met in full.\n"
        case .impossible(let why):
            out += "It cannot be met in full: \(why).\n"
        case .forced(let objective, let lost, let changes):
            out += "Meeting it in full: objective \(NumberFormat.grouped(objective)) instead of \(NumberFormat.grouped(r.baseObjective)), "
            out += "\(NumberFormat.grouped(lost)) lost.\n"
            if changes.isEmpty {
                out += "No other request gives up hours (idle hours cover it).\n"
            } else {
                out += "Requests that give up hours:\n"
                var table = TextTable([("request", .left), ("account", .left), ("before", .right), ("after", .right), ("given up", .right)])
                for change in changes {
                    table.add([change.request, change.account, NumberFormat.grouped(change.before), NumberFormat.grouped(change.after),
                               NumberFormat.grouped(change.before - change.after)])
                }
                out += table.rendered()
            }
        }
        return out
    }
}
