import Foundation
import Scenarios

/// Dynamic tiers from the workspace's own history: each published plan records the tiers of its
/// week (plan.json's `tiers`), so a week's tiers can be compared with those of earlier weeks.
extension PlanningWorkspace {
    /// The tiers recorded in the latest published plan of `week`, named "WEEK (published vN)".
    public func publishedTiers(week: ISOWeek) throws -> (name: String, tiers: [TierAssignment]) {
        guard let latest = try publishedPlans(week: week).last else { throw AccessError.notPublished(week: week.description) }
        guard let root = (try? JSONSerialization.jsonObject(with: Data(latest.planJSON.utf8))) as? [String: Any],
              let entries = root["tiers"] as? [[String: Any]]
        else { throw WorkspaceError.storage(action: "read", path: "the published plan of \(week)", detail: "its tiers are unreadable", diskFull: false) }
        let tiers = entries.compactMap { entry -> TierAssignment? in
            guard let account = entry["account"] as? String, let tier = (entry["tier"] as? String).flatMap(Tier.init(rawValue:)) else { return nil }
            return TierAssignment(account: account, tier: tier, source: (entry["source"] as? String).flatMap(TierSource.init(rawValue:)) ?? .pyramid,
                                  basis: (entry["basis"] as? NSNumber)?.doubleValue ?? 0, rank: (entry["rank"] as? NSNumber)?.intValue,
                                  flags: ((entry["flags"] as? [String]) ?? []).compactMap(AccountFlag.init(rawValue:)))
        }
        return ("\(week) (published v\(latest.version))", tiers)
    }
}
