/// Reads `policy`: every key optional, every value checked, defaults from docs/scenario-format.md kept
/// for whatever the file does not name (tables such as `tierWeight` merge key by key).
struct PolicyDecoder {
    static let keys = ["tiering", "allocation", "visits", "requests", "health", "weeks"]
    static let healthKeys = HealthPolicy.Ratio.allCases.map(\.rawValue) + ["shrinking", "rankGap", "marginDrop"]
    static let requestKeys = ["approval"]
    static let tieringKeys = ["method", "by", "pyramid", "pareto", "lowMargin"]
    static let allocationKeys = ["eligibleTiers", "tierWeight", "stageWeight", "priorityWeight", "valueExponent",
                                 "continuityBonus", "minimumService", "shortfallPenalty", "timeLimitSeconds", "mipGap",
                                 "maxUtilization", "changePenalty", "healthWeight"]
    static let visitKeys = ["cadence", "duration", "callDuration", "workdays", "travelHours", "managerHoursPerDay", "dayStart", "timeLimitSeconds"]
    static let thresholdKeys = ["platinum", "gold", "iron"]

    mutating func decode(_ node: DocumentNode, _ diagnostics: inout Diagnostics) -> Policy {
        var policy = Policy()
        guard let fields = FieldReader(node, owner: "policy", allowed: Self.keys, diagnostics: &diagnostics) else { return policy }
        if let tiering = fields.value("tiering") { decodeTiering(tiering, into: &policy.tiering, &diagnostics) }
        if let allocation = fields.value("allocation") { decodeAllocation(allocation, into: &policy.allocation, &diagnostics) }
        if let visits = fields.value("visits") { decodeVisits(visits, into: &policy.visits, &diagnostics) }
        if let requests = fields.value("requests"),
           let rules = FieldReader(requests, owner: "policy.requests", allowed: Self.requestKeys, diagnostics: &diagnostics) {
            policy.requests.approval = rules.choice("approval", ApprovalRule.self, &diagnostics) ?? policy.requests.approval
        }
        if let health = fields.value("health") { decodeHealth(health, into: &policy.health, &diagnostics) }
        if let weeks = fields.value("weeks"),
           let window = FieldReader(weeks, owner: "policy.weeks", allowed: ["back", "ahead"], diagnostics: &diagnostics) {
            policy.weeks.back = window.integer("back", minimum: 0, maximum: 520, &diagnostics) ?? policy.weeks.back
            policy.weeks.ahead = window.integer("ahead", minimum: 1, maximum: 520, &diagnostics) ?? policy.weeks.ahead
        }
        return policy
    }

    private func decodeHealth(_ node: DocumentNode, into health: inout HealthPolicy, _ diagnostics: inout Diagnostics) {
        let owner = "policy.health"
        guard let fields = FieldReader(node, owner: owner, allowed: Self.healthKeys, diagnostics: &diagnostics) else { return }
        for ratio in HealthPolicy.Ratio.allCases {
            let key = ratio.rawValue
            guard let value = fields.value(key),
                  let band = FieldReader(value, owner: "\(owner).\(key)", allowed: ["bad", "good"], diagnostics: &diagnostics)
            else { continue }
            let bad = band.number("bad", .any, &diagnostics) ?? health[ratio].bad
            let good = band.number("good", .any, &diagnostics) ?? health[ratio].good
            if bad == good {
                diagnostics.error("\(owner).\(key) has bad = good = \(JSONValue.format(bad)); expected two different ends of the scale", at: value.location)
                continue
            }
            health[ratio] = HealthPolicy.Band(bad: bad, good: good)
        }
        health.shrinking = fields.number("shrinking", .share, &diagnostics) ?? health.shrinking
        health.rankGap = fields.number("rankGap", .share, &diagnostics) ?? health.rankGap
        health.marginDrop = fields.number("marginDrop", .share, &diagnostics) ?? health.marginDrop
    }

    private func decodeTiering(_ node: DocumentNode, into tiering: inout TieringPolicy, _ diagnostics: inout Diagnostics) {
        guard let fields = FieldReader(node, owner: "policy.tiering", allowed: Self.tieringKeys, diagnostics: &diagnostics) else { return }
        tiering.method = fields.choice("method", TieringMethod.self, &diagnostics) ?? tiering.method
        tiering.by = fields.choice("by", ValueBasisKind.self, &diagnostics) ?? tiering.by
        tiering.lowMargin = fields.number("lowMargin", .share, &diagnostics) ?? tiering.lowMargin
        if let pyramid = fields.value("pyramid") {
            tiering.pyramid = thresholds(pyramid, owner: "policy.tiering.pyramid", defaults: tiering.pyramid, &diagnostics)
            let total = tiering.pyramid.platinum + tiering.pyramid.gold + tiering.pyramid.iron
            if total > 1 + 1e-9 {
                diagnostics.error("policy.tiering.pyramid shares add up to \(total), expected at most 1 (platinum, gold and iron are consecutive shares of the accounts)", at: pyramid.location)
            }
        }
        if let pareto = fields.value("pareto") {
            tiering.pareto = thresholds(pareto, owner: "policy.tiering.pareto", defaults: tiering.pareto, &diagnostics)
            let t = tiering.pareto
            if !(t.platinum <= t.gold && t.gold <= t.iron) {
                diagnostics.error("policy.tiering.pareto thresholds are \(t.platinum), \(t.gold), \(t.iron), expected platinum <= gold <= iron (cumulative shares)", at: pareto.location)
            }
        }
    }

    private func thresholds(_ node: DocumentNode, owner: String, defaults: TierThresholds, _ diagnostics: inout Diagnostics) -> TierThresholds {
        var result = defaults
        guard let fields = FieldReader(node, owner: owner, allowed: Self.thresholdKeys, diagnostics: &diagnostics) else { return result }
        result.platinum = fields.number("platinum", .share, &diagnostics) ?? result.platinum
        result.gold = fields.number("gold", .share, &diagnostics) ?? result.gold
        result.iron = fields.number("iron", .share, &diagnostics) ?? result.iron
        return result
    }

    /// A mapping from an enum's names to numbers, merged over `table`.
    private func table<K: RawRepresentable & CaseIterable & Hashable>(
        _ node: DocumentNode, owner: String, _ rule: NumberRule, into table: inout [K: Double], _ diagnostics: inout Diagnostics
    ) where K.RawValue == String {
        guard let fields = FieldReader(node, owner: owner, allowed: K.allCases.map(\.rawValue), diagnostics: &diagnostics) else { return }
        for key in K.allCases {
            if let value = fields.number(key.rawValue, rule, &diagnostics) { table[key] = value }
        }
    }

    private func decodeAllocation(_ node: DocumentNode, into allocation: inout AllocationPolicy, _ diagnostics: inout Diagnostics) {
        let owner = "policy.allocation"
        guard let fields = FieldReader(node, owner: owner, allowed: Self.allocationKeys, diagnostics: &diagnostics) else { return }
        if let tiers = fields.list("eligibleTiers", &diagnostics) {
            var eligible: [Tier] = []
            for (index, tierNode) in tiers.enumerated() {
                guard let tier = FieldReader.choice(tierNode, Tier.self, what: "'eligibleTiers' entry \(index + 1) of \(owner)", &diagnostics) else { continue }
                if eligible.contains(tier) {
                    diagnostics.error("'eligibleTiers' of \(owner) names \(tier.rawValue) twice", at: tierNode.location)
                } else {
                    eligible.append(tier)
                }
            }
            allocation.eligibleTiers = eligible
        }
        if let node = fields.value("tierWeight") { table(node, owner: "\(owner).tierWeight", .nonNegative, into: &allocation.tierWeight, &diagnostics) }
        if let node = fields.value("stageWeight") { table(node, owner: "\(owner).stageWeight", .nonNegative, into: &allocation.stageWeight, &diagnostics) }
        if let node = fields.value("priorityWeight") { table(node, owner: "\(owner).priorityWeight", .nonNegative, into: &allocation.priorityWeight, &diagnostics) }
        if let node = fields.value("minimumService") { table(node, owner: "\(owner).minimumService", .share, into: &allocation.minimumService, &diagnostics) }
        allocation.valueExponent = fields.number("valueExponent", .nonNegative, &diagnostics) ?? allocation.valueExponent
        allocation.continuityBonus = fields.number("continuityBonus", .nonNegative, &diagnostics) ?? allocation.continuityBonus
        allocation.shortfallPenalty = fields.number("shortfallPenalty", .nonNegative, &diagnostics) ?? allocation.shortfallPenalty
        allocation.timeLimitSeconds = fields.number("timeLimitSeconds", .positive, &diagnostics) ?? allocation.timeLimitSeconds
        allocation.mipGap = fields.number("mipGap", .nonNegative, &diagnostics) ?? allocation.mipGap
        allocation.maxUtilization = fields.number("maxUtilization", .positiveShare, &diagnostics) ?? allocation.maxUtilization
        allocation.changePenalty = fields.number("changePenalty", .nonNegative, &diagnostics) ?? allocation.changePenalty
        allocation.healthWeight = fields.number("healthWeight", .nonNegative, &diagnostics) ?? allocation.healthWeight
    }

    private func decodeVisits(_ node: DocumentNode, into visits: inout VisitPolicy, _ diagnostics: inout Diagnostics) {
        let owner = "policy.visits"
        guard let fields = FieldReader(node, owner: owner, allowed: Self.visitKeys, diagnostics: &diagnostics) else { return }
        if let cadence = fields.value("cadence"),
            let tiers = FieldReader(cadence, owner: "\(owner).cadence", allowed: Tier.allCases.map(\.rawValue), diagnostics: &diagnostics)
        {
            for tier in Tier.allCases {
                guard let value = tiers.value(tier.rawValue) else { continue }
                // A tier's value lists its contacts: a channel it does not name gets none.
                visits.cadence[tier] = .some(nil)
                visits.calls[tier] = nil
                if value.scalarText == "none" { continue }
                let what = "\(owner).cadence.\(tier.rawValue)"
                let entries = value.elements.map { $0.enumerated().map { ($0.element, "entry \($0.offset + 1) of \(what)") } } ?? [(value, what)]
                if entries.isEmpty { diagnostics.error("\(what) is an empty list; expected cadence entries like {count: 1, per: month, channel: call}, or none", at: value.location) }
                var seen: Set<ContactChannel> = []
                for (entry, name) in entries {
                    guard let (cadence, channel) = decodeCadence(entry, what: name, &diagnostics) else { continue }
                    guard seen.insert(channel).inserted else {
                        diagnostics.error("\(what) names channel \(channel.rawValue) twice; expected at most one visit and one call cadence per tier", at: entry.location)
                        continue
                    }
                    switch channel {
                    case .visit: visits.cadence[tier] = cadence
                    case .call: visits.calls[tier] = cadence
                    }
                }
            }
        }
        if let node = fields.value("duration") { table(node, owner: "\(owner).duration", .positiveHoursInDay, into: &visits.duration, &diagnostics) }
        if let node = fields.value("callDuration") { table(node, owner: "\(owner).callDuration", .positiveHoursInDay, into: &visits.callDuration, &diagnostics) }
        if let days = fields.list("workdays", &diagnostics) {
            var workdays: [Weekday] = []
            for (index, dayNode) in days.enumerated() {
                let what = "'workdays' entry \(index + 1) of \(owner)"
                guard let text = dayNode.scalarText, let day = Weekday(name: text) else {
                    diagnostics.error("\(what) is \(dayNode.kindDescription), expected a weekday: mon, tue, wed, thu, fri, sat or sun", at: dayNode.location)
                    continue
                }
                if workdays.contains(day) {
                    diagnostics.error("'workdays' of \(owner) names \(day.shortName) twice", at: dayNode.location)
                } else {
                    workdays.append(day)
                }
            }
            visits.workdays = workdays.sorted()
        }
        visits.travelHours = fields.number("travelHours", .hoursInDay, &diagnostics) ?? visits.travelHours
        visits.managerHoursPerDay = fields.number("managerHoursPerDay", .hoursInDay, &diagnostics) ?? visits.managerHoursPerDay
        visits.timeLimitSeconds = fields.number("timeLimitSeconds", .positive, &diagnostics) ?? visits.timeLimitSeconds
        if let start = fields.value("dayStart") {
            if let text = start.scalarText, let time = TimeOfDay(text) {
                visits.dayStart = time
            } else {
                diagnostics.error("'dayStart' of \(owner) is \(start.kindDescription), expected a time like 09:00", at: start.location)
            }
        }
    }

    /// One cadence entry: `{count, per}` with an optional `channel` (visit, the default, or call).
    private func decodeCadence(_ node: DocumentNode, what: String, _ diagnostics: inout Diagnostics) -> (Cadence, ContactChannel)? {
        guard let parts = FieldReader(node, owner: what, allowed: ["count", "per", "channel"], diagnostics: &diagnostics) else { return nil }
        // At most one contact a day: more than a period's days can never be scheduled.
        let per = parts.choice("per", CadencePeriod.self, &diagnostics)
        let count = parts.integer("count", minimum: 1, maximum: per?.days ?? 365, &diagnostics)
        let channel = parts.has("channel") ? parts.choice("channel", ContactChannel.self, &diagnostics) : .visit
        if count == nil && !parts.has("count") { diagnostics.error("\(what) has no 'count'; expected a whole number >= 1, or write none", at: node.location) }
        if per == nil && !parts.has("per") { diagnostics.error("\(what) has no 'per'; expected week, month, quarter or year", at: node.location) }
        guard let count, let per, let channel else { return nil }
        return (Cadence(count: count, per: per), channel)
    }
}
