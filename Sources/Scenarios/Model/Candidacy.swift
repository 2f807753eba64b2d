/// The candidate rule of docs/scenario-format.md in words: whether an expert may work on a request, and if
/// not, why. (The allocation model applies the same rule in bulk, by skill.)
public enum Candidacy {
    /// What keeps `expert` off `request` of `account` (tier `tier`), or nil when the pair is a candidate.
    public static func obstacle(expert: Expert, request: ExpertRequest, account: Account, tier: Tier, scenario: Scenario) -> String? {
        let policy = scenario.policy.allocation
        if !policy.eligibleTiers.contains(tier) {
            return "account '\(account.id)' is \(tier.rawValue), which policy.allocation.eligibleTiers does not plan"
        }
        guard let proficiency = expert.proficiency(in: request.skill), proficiency > 0 else {
            return "expert '\(expert.id)' does not have skill '\(request.skill)'"
        }
        if expert.capacity(in: scenario.week) <= 0 {
            return "expert '\(expert.id)' has no hours in \(scenario.week)"
        }
        if request.onsite && expert.region != account.region {
            return "request '\(request.id)' is on site in \(account.region.map { "region '\($0)'" } ?? "no region"), and expert '\(expert.id)' is in \(expert.region.map { "region '\($0)'" } ?? "no region")"
        }
        return nil
    }
}
