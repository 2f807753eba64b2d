import Foundation
import Scenarios

/// Says why a request did not get all its hours, in the order a planner would check:
/// not a key account, nobody has the skill, nobody is available, nobody is on site, too big
/// for one expert, or the candidates' hours are worth more elsewhere (outbid).
struct UnmetExplainer {
    let problem: AllocationProblem
    let hours: [Double]
    let shadowPrices: [Double]
    /// Hours each expert is assigned.
    private let workload: [Double]
    /// Each expert's assigned pairs.
    private let assignedPairs: [[Int]]
    /// Experts with a positive proficiency in each skill, in input order.
    private let expertsBySkill: [String: [Int]]

    init(problem: AllocationProblem, hours: [Double], shadowPrices: [Double]) {
        self.problem = problem
        self.hours = hours
        self.shadowPrices = shadowPrices
        var workload = [Double](repeating: 0, count: problem.scenario.experts.count)
        var assigned = [[Int]](repeating: [], count: problem.scenario.experts.count)
        for (index, pair) in problem.pairs.enumerated() where hours[index] > 0 {
            workload[pair.expert] += hours[index]
            assigned[pair.expert].append(index)
        }
        self.workload = workload
        self.assignedPairs = assigned
        var bySkill: [String: [Int]] = [:]
        for (index, expert) in problem.scenario.experts.enumerated() {
            for skill in expert.skills where skill.proficiency > 0 { bySkill[skill.name, default: []].append(index) }
        }
        expertsBySkill = bySkill
    }

    func explain(_ r: Int) -> (reason: AllocationPlan.UnmetReason, detail: String) {
        let scenario = problem.scenario
        let request = scenario.requests[r]
        let a = problem.accountOfRequest[r]
        let account = scenario.accounts[a]
        let tier = problem.tiers[a].tier
        guard problem.eligible[a] else {
            let tiers = scenario.policy.allocation.eligibleTiers.map(\.rawValue)
            return (.ineligibleTier, "account '\(account.id)' is \(tier.rawValue); expert hours go to \(tiers.isEmpty ? "no tier" : tiers.joined(separator: " and ")) accounts")
        }
        let withSkill = expertsBySkill[request.skill] ?? []
        guard !withSkill.isEmpty else {
            return (.noSkill, "no expert has skill '\(request.skill)'")
        }
        let available = withSkill.filter { problem.capacity[$0] > 0 }
        guard !available.isEmpty else {
            return (.unavailable, "every expert with '\(request.skill)' (\(Self.list(withSkill.map { scenario.experts[$0].id }))) has no hours in \(scenario.week)")
        }
        let range = problem.pairRanges[r]
        guard !range.isEmpty else {
            let present = available.filter { !request.onsite || scenario.experts[$0].region == account.region }
            if !present.isEmpty {
                // Every expert who could have worked on it is excluded from the account.
                return (.excluded, "the planner excluded every candidate from account '\(account.id)' (\(Self.list(present.map { scenario.experts[$0].id })))")
            }
            let region = account.region.map { "region '\($0)'" } ?? "no region"
            return (.noOnsiteExpert, "on site needed in \(region), but no available expert with '\(request.skill)' is there")
        }
        let candidates = range.map { problem.pairs[$0].expert }
        let controls = problem.controls
        if range.allSatisfy({ controls.fixed[$0] }) {
            let pins = range.map { "\(scenario.experts[problem.pairs[$0].expert].id) \(Self.hours(controls.floor[$0]))" }
            return (.pinned, "the planner's pins fix the hours of every candidate (\(Self.list(pins)))")
        }
        let largest = candidates.map { problem.bookable[$0] }.max() ?? 0
        if request.singleExpert && largest < request.hours {
            return (.singleExpertTooLarge, "all \(Self.hours(request.hours)) must come from one expert, but the most any candidate has is \(Self.hours(largest))")
        }
        // Outbid: the best candidate's hour earns at least as much elsewhere (its shadow price).
        let best = range.max { problem.pairs[$0].value < problem.pairs[$1].value || (problem.pairs[$0].value == problem.pairs[$1].value && $0 > $1) }!
        let expert = problem.pairs[best].expert
        let offer = problem.pairs[best].value
        let price = shadowPrices[expert]
        let expertID = scenario.experts[expert].id
        if request.singleExpert {
            let left = problem.bookable[expert] - workload[expert]
            if left + hours[best] < request.hours - 1e-9 {
                return (.singleExpertTooLarge, "all \(Self.hours(request.hours)) must come from one expert; the best candidate, \(expertID), has \(Self.hours(max(0, left))) left after work worth more")
            }
        }
        let name = scenario.experts[expert].name
        if let limit = scenario.experts[expert].maxAccounts, price < offer - 1e-9 {
            return (.outbid, "\(name) already serves the most accounts allowed (\(limit)), on work worth more; this request offers \(Self.money(offer)) an hour (\(expertID))")
        }
        // At a tie the expert's last hour is worth exactly this request's offer: either this request
        // gets those last hours (it sets the price), or the solver was free to put them here or elsewhere.
        let tie = abs(price - offer) <= 1e-6 * max(1, abs(offer))
        let figures = !tie ? "\(expertID)'s shadow price \(Self.money(price))"
            : hours[best] > 0 ? "a tie: this request gets \(name)'s last hours, so \(expertID)'s shadow price is its own offer, \(Self.money(price))"
            : "a tie: \(expertID)'s shadow price \(Self.money(price)) equals this request's offer; a plan of the same value could give it hours"
        if let (use, value) = marginalUse(of: expert, besides: r) {
            return (.outbid, "\(name) is fully booked by \(use), where an hour is worth \(Self.money(value)); this request offers \(Self.money(offer)) (\(figures))")
        }
        return (.outbid, "\(name) has no hours left (all \(Self.hours(workload[expert])) assigned, the last worth \(Self.money(price))); this request offers \(Self.money(offer)) (\(figures))")
    }

    /// The account (by name) where the expert's least valuable assigned hour on another request goes, and that hour's value.
    private func marginalUse(of expert: Int, besides r: Int) -> (String, Double)? {
        let others = assignedPairs[expert].filter { problem.pairs[$0].request != r && !problem.controls.fixed[$0] }
        guard let chosen = others.min(by: { problem.pairs[$0].value < problem.pairs[$1].value }) else { return nil }
        let a = problem.accountOfRequest[problem.pairs[chosen].request]
        return (problem.scenario.accounts[a].name, problem.pairs[chosen].value)
    }

    static func money(_ value: Double) -> String { String(format: "%.2f", value) }

    static func hours(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) h" : String(format: "%.1f h", value)
    }

    static func list(_ ids: [String]) -> String {
        ids.count <= 4 ? ids.joined(separator: ", ") : ids.prefix(3).joined(separator: ", ") + " and \(ids.count - 3) more"
    }
}
