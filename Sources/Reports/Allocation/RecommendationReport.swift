import Allocation
import Scenarios

/// `kam recommend`: candidates for one request and the cost of meeting it in full.
public struct RecommendationReport: Sendable {
    public let recommendation: Recommendation

    public init(_ recommendation: Recommendation) { self.recommendation = recommendation }

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
        case .forced(let objective, let lost, let changes, _):
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
