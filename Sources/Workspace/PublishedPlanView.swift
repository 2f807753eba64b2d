import Foundation
import Scenarios

/// The parts of a plan.json (docs/scenario-format.md's plan format) the web pages and the cadence
/// view show: teams, visits and calls.
public struct PublishedPlanView: Sendable {
    public struct TeamLine: Sendable { public var account: String; public var manager: String; public var experts: [(id: String, hours: Double)] }
    /// A visit, or a call (`region` is "call").
    public struct Visit: Sendable {
        public var manager: String; public var account: String; public var date: String; public var start: String; public var end: String
        public var region: String; public var tier: String
        public var channel: ContactChannel { region == "call" ? .call : .visit }
    }

    public var teams: [TeamLine] = []
    public var visits: [Visit] = []
    public var objective: Double = 0
    public var requested: Double = 0
    public var allocated: Double = 0
    public var unmetRequests = 0
    /// The ids of the requests the plan planned (its `allocation.requests`).
    public var requestIDs: [String] = []

    public init(json: String) {
        guard let root = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return }
        if let allocation = root["allocation"] as? [String: Any] {
            objective = allocation["objective"] as? Double ?? 0
            for team in allocation["teams"] as? [[String: Any]] ?? [] {
                let experts = (team["experts"] as? [[String: Any]] ?? []).map { ($0["id"] as? String ?? "", $0["hours"] as? Double ?? 0) }
                teams.append(TeamLine(account: team["account"] as? String ?? "", manager: team["manager"] as? String ?? "", experts: experts))
            }
            for request in allocation["requests"] as? [[String: Any]] ?? [] {
                if let id = request["id"] as? String { requestIDs.append(id) }
                requested += request["requested"] as? Double ?? 0
                allocated += request["allocated"] as? Double ?? 0
                if (request["unmet"] as? Double ?? 0) > 1e-9 { unmetRequests += 1 }
            }
        }
        let section = root["visits"] as? [String: Any]
        func read(_ key: String, call: Bool) -> [Visit] {
            (section?[key] as? [[String: Any]] ?? []).map { v in
                Visit(manager: v["manager"] as? String ?? "", account: v["account"] as? String ?? "", date: v["date"] as? String ?? "",
                      start: v["start"] as? String ?? "", end: v["end"] as? String ?? "",
                      region: call ? "call" : v["region"] as? String ?? "", tier: v["tier"] as? String ?? "")
            }
        }
        // Calls (a tier with a call cadence) among the visits, by day and time; "call" in the region's place.
        visits = read("scheduled", call: false)
        let calls = read("calls", call: true)
        if !calls.isEmpty {
            visits = (visits + calls).enumerated().sorted { ($0.element.date, $0.element.start, $0.offset) < ($1.element.date, $1.element.start, $1.offset) }.map(\.element)
        }
    }

    /// Expert hours per (account, expert).
    public var hours: [String: [String: Double]] {
        var result: [String: [String: Double]] = [:]
        for team in teams { for expert in team.experts { result[team.account, default: [:]][expert.id, default: 0] += expert.hours } }
        return result
    }

    /// The (account, expert) pairs whose hours differ between `before` and `after`, in account and expert order.
    public static func changes(from before: PublishedPlanView?, to after: PublishedPlanView) -> [(account: String, expert: String, before: Double, after: Double)] {
        let old = before?.hours ?? [:], new = after.hours
        var result: [(String, String, Double, Double)] = []
        for account in Set(old.keys).union(new.keys).sorted() {
            let a = old[account] ?? [:], b = new[account] ?? [:]
            for expert in Set(a.keys).union(b.keys).sorted() where abs((a[expert] ?? 0) - (b[expert] ?? 0)) > 1e-9 {
                result.append((account, expert, a[expert] ?? 0, b[expert] ?? 0))
            }
        }
        return result
    }
}
