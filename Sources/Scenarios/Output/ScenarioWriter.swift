/// Writes a `Scenario` back as a scenario file (YAML or JSON) that loads into the same value.
/// Optional fields are written only when set; `policy` only where it differs from the defaults.
public enum ScenarioWriter {
    public enum Format: String, Sendable, CaseIterable { case yaml, json }

    public static func render(_ scenario: Scenario, as format: Format) -> String {
        let value = document(scenario)
        return format == .json ? value.rendered() : value.yamlRendered()
    }

    /// The scenario as an ordered tree of keys and values.
    public static func document(_ scenario: Scenario) -> JSONValue {
        var top: [(String, JSONValue)] = [("name", .string(scenario.name)), ("week", .string(scenario.week.description))]
        let policy = policyDocument(scenario.policy)
        if case .object(let pairs) = policy, !pairs.isEmpty { top.append(("policy", policy)) }
        top.append(("managers", .array(scenario.managers.map(manager))))
        top.append(("experts", .array(scenario.experts.map(expert))))
        top.append(("accounts", .array(scenario.accounts.map(account))))
        // A recurring request's weeks are written once, as the recurring entry.
        top.append(("requests", .array(scenario.requests.filter { $0.recurring == nil }.map(request))))
        if !scenario.recurring.isEmpty {
            top.append(("recurring", .array(scenario.recurring.map { entry in
                guard case .object(let pairs) = request(entry.template) else { return request(entry.template) }
                var fields = pairs
                fields.insert(contentsOf: [("from", .string(entry.from.description)), ("to", .string(entry.to.description))], at: 4)
                return .object(fields)
            })))
        }
        top.append(("history", .array(scenario.history.map {
            .object([("expert", .string($0.expert)), ("account", .string($0.account)), ("hours", .number($0.hours))])
        })))
        if !scenario.pins.isEmpty { top.append(("pins", .array(scenario.pins.map(pin)))) }
        if !scenario.exclusions.isEmpty {
            top.append(("exclusions", .array(scenario.exclusions.map { .object([("expert", .string($0.expert)), ("account", .string($0.account))]) })))
        }
        if !scenario.accountFiles.isEmpty { top.append(("accountFiles", .array(scenario.accountFiles.map(accountFile)))) }
        return .object(top)
    }

    /// A service plan as the scenario format writes it (fields only when set).
    public static func servicePlan(_ plan: ServicePlan) -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        if let situation = plan.situation { pairs.append(("situation", .string(situation))) }
        if !plan.goals.isEmpty {
            pairs.append(("goals", .array(plan.goals.map { goal in
                var fields: [(String, JSONValue)] = [("goal", .string(goal.goal))]
                if let measure = goal.measure { fields.append(("measure", .string(measure))) }
                if let due = goal.due { fields.append(("due", .string(due.description))) }
                return .object(fields)
            })))
        }
        if !plan.team.isEmpty {
            pairs.append(("team", .array(plan.team.map { need in
                var fields: [(String, JSONValue)] = [("skill", .string(need.skill)), ("hours", .number(need.hours))]
                if need.priority != .normal { fields.append(("priority", .string(need.priority.rawValue))) }
                if need.onsite { fields.append(("onsite", .bool(true))) }
                if let note = need.note { fields.append(("note", .string(note))) }
                return .object(fields)
            })))
        }
        if !plan.actions.isEmpty {
            pairs.append(("actions", .array(plan.actions.map { action in
                var fields: [(String, JSONValue)] = [("action", .string(action.action))]
                if let owner = action.owner { fields.append(("owner", .string(owner))) }
                if let due = action.due { fields.append(("due", .string(due.description))) }
                if action.done { fields.append(("done", .bool(true))) }
                return .object(fields)
            })))
        }
        return .object(pairs)
    }

    /// An account file as the scenario format writes it (fields only when set).
    public static func accountFile(_ file: AccountFile) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("account", .string(file.account))]
        if file.strategic { pairs.append(("strategic", .bool(true))) }
        if !file.contacts.isEmpty {
            pairs.append(("contacts", .array(file.contacts.map { contact in
                var fields: [(String, JSONValue)] = [("name", .string(contact.name))]
                if let role = contact.role { fields.append(("role", .string(role))) }
                if let influence = contact.influence { fields.append(("influence", .string(influence.rawValue))) }
                if let notes = contact.notes { fields.append(("notes", .string(notes))) }
                return .object(fields)
            })))
        }
        if !file.keyDates.isEmpty {
            pairs.append(("keyDates", .array(file.keyDates.map { date in
                var fields: [(String, JSONValue)] = [("kind", .string(date.kind.rawValue)), ("date", .string(date.text))]
                if let contact = date.contact { fields.append(("contact", .string(contact))) }
                if let note = date.note { fields.append(("note", .string(note))) }
                return .object(fields)
            })))
        }
        if !file.stages.isEmpty {
            pairs.append(("stages", .array(file.stages.map { .object([("stage", .string($0.stage.rawValue)), ("from", .string($0.from.description))]) })))
        }
        if !file.competitors.isEmpty { pairs.append(("competitors", .array(file.competitors.map { .string($0) }))) }
        if let notes = file.notes { pairs.append(("notes", .string(notes))) }
        if !file.financials.isEmpty {
            pairs.append(("financials", .array(file.financials.map { period in
                .object([("period", .string(period.period))] + FinancialPeriod.Figure.allCases.compactMap { figure in
                    period[figure].map { (figure.rawValue, .number($0)) }
                })
            })))
        }
        if let plan = file.servicePlan { pairs.append(("servicePlan", servicePlan(plan))) }
        return .object(pairs)
    }

    static func manager(_ manager: Manager) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("id", .string(manager.id))]
        if manager.name != manager.id { pairs.append(("name", .string(manager.name))) }
        if let region = manager.region { pairs.append(("region", .string(region))) }
        if let hours = manager.hoursPerDay { pairs.append(("hoursPerDay", .number(hours))) }
        if !manager.unavailableDays.isEmpty {
            pairs.append(("unavailableDays", .array(manager.unavailableDays.map { .string($0.description) })))
        }
        return .object(pairs)
    }

    static func expert(_ expert: Expert) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("id", .string(expert.id))]
        if expert.name != expert.id { pairs.append(("name", .string(expert.name))) }
        if let region = expert.region { pairs.append(("region", .string(region))) }
        pairs.append(("weeklyHours", .number(expert.weeklyHours)))
        pairs.append(("skills", .object(expert.skills.map { ($0.name, .number($0.proficiency)) })))
        if !expert.unavailableWeeks.isEmpty {
            pairs.append(("unavailableWeeks", .array(expert.unavailableWeeks.map { .string($0.description) })))
        }
        if let maxAccounts = expert.maxAccounts { pairs.append(("maxAccounts", .number(maxAccounts))) }
        if let share = expert.maxUtilization { pairs.append(("maxUtilization", .number(share))) }
        return .object(pairs)
    }

    static func pin(_ pin: Pin) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("expert", .string(pin.expert))]
        switch pin.target {
        case .request(let id): pairs.append(("request", .string(id)))
        case .account(let id): pairs.append(("account", .string(id)))
        }
        pairs.append(("hours", .number(pin.hours)))
        pairs.append(("mode", .string(pin.mode.rawValue)))
        return .object(pairs)
    }

    static func account(_ account: Account) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("id", .string(account.id))]
        if account.name != account.id { pairs.append(("name", .string(account.name))) }
        pairs.append(("manager", .string(account.manager)))
        if let region = account.region { pairs.append(("region", .string(region))) }
        pairs.append(("revenue", .number(account.revenue)))
        if let profit = account.profit { pairs.append(("profit", .number(profit))) }
        if let value = account.value { pairs.append(("value", .number(value))) }
        if let tier = account.tier { pairs.append(("tier", .string(tier.rawValue))) }
        if account.stage != .stabilize { pairs.append(("stage", .string(account.stage.rawValue))) }
        if let lastVisit = account.lastVisit { pairs.append(("lastVisit", .string(lastVisit.description))) }
        if let lastCall = account.lastCall { pairs.append(("lastCall", .string(lastCall.description))) }
        if account.oneOffPurchase { pairs.append(("oneOffPurchase", .bool(true))) }
        return .object(pairs)
    }

    static func request(_ request: ExpertRequest) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(request.id)), ("account", .string(request.account)), ("skill", .string(request.skill)),
            ("hours", .number(request.hours)),
        ]
        if request.priority != .normal { pairs.append(("priority", .string(request.priority.rawValue))) }
        if request.onsite { pairs.append(("onsite", .bool(true))) }
        if request.singleExpert { pairs.append(("singleExpert", .bool(true))) }
        if let by = request.requestedBy { pairs.append(("requestedBy", .string(by))) }
        if let note = request.note { pairs.append(("note", .string(note))) }
        return .object(pairs)
    }

    /// Only what differs from `Policy()`, section by section.
    static func policyDocument(_ policy: Policy) -> JSONValue {
        let defaults = Policy()
        var sections: [(String, JSONValue)] = []
        var tiering: [(String, JSONValue)] = []
        let t = policy.tiering, dt = defaults.tiering
        if t.method != dt.method { tiering.append(("method", .string(t.method.rawValue))) }
        if let by = t.by { tiering.append(("by", .string(by.rawValue))) }
        if t.pyramid != dt.pyramid { tiering.append(("pyramid", thresholds(t.pyramid))) }
        if t.pareto != dt.pareto { tiering.append(("pareto", thresholds(t.pareto))) }
        if t.lowMargin != dt.lowMargin { tiering.append(("lowMargin", .number(t.lowMargin))) }
        if !tiering.isEmpty { sections.append(("tiering", .object(tiering))) }

        var allocation: [(String, JSONValue)] = []
        let a = policy.allocation, da = defaults.allocation
        if a.eligibleTiers != da.eligibleTiers { allocation.append(("eligibleTiers", .array(a.eligibleTiers.map { .string($0.rawValue) }))) }
        if a.tierWeight != da.tierWeight { allocation.append(("tierWeight", table(a.tierWeight))) }
        if a.stageWeight != da.stageWeight { allocation.append(("stageWeight", table(a.stageWeight))) }
        if a.priorityWeight != da.priorityWeight { allocation.append(("priorityWeight", table(a.priorityWeight))) }
        if a.valueExponent != da.valueExponent { allocation.append(("valueExponent", .number(a.valueExponent))) }
        if a.continuityBonus != da.continuityBonus { allocation.append(("continuityBonus", .number(a.continuityBonus))) }
        if a.minimumService != da.minimumService { allocation.append(("minimumService", table(a.minimumService))) }
        if a.shortfallPenalty != da.shortfallPenalty { allocation.append(("shortfallPenalty", .number(a.shortfallPenalty))) }
        if a.timeLimitSeconds != da.timeLimitSeconds { allocation.append(("timeLimitSeconds", .number(a.timeLimitSeconds))) }
        if a.mipGap != da.mipGap { allocation.append(("mipGap", .number(a.mipGap))) }
        if a.maxUtilization != da.maxUtilization { allocation.append(("maxUtilization", .number(a.maxUtilization))) }
        if a.changePenalty != da.changePenalty { allocation.append(("changePenalty", .number(a.changePenalty))) }
        if a.healthWeight != da.healthWeight { allocation.append(("healthWeight", .number(a.healthWeight))) }
        if !allocation.isEmpty { sections.append(("allocation", .object(allocation))) }

        var visits: [(String, JSONValue)] = []
        let v = policy.visits, dv = defaults.visits
        if v.cadence != dv.cadence || v.calls != dv.calls {
            visits.append(("cadence", .object(Tier.allCases.compactMap { tier in
                guard v.cadence[tier] != nil || v.calls[tier] != nil else { return nil }
                let entries = ContactChannel.allCases.compactMap { channel in v.cadence(tier, channel).map { (channel, $0) } }
                func entry(_ channel: ContactChannel, _ cadence: Cadence, named: Bool) -> JSONValue {
                    .object([("count", .number(cadence.count)), ("per", .string(cadence.per.rawValue))] + (named ? [("channel", .string(channel.rawValue))] : []))
                }
                switch entries.count {
                case 0: return (tier.rawValue, .string("none"))
                case 1: return (tier.rawValue, entry(entries[0].0, entries[0].1, named: entries[0].0 != .visit))
                default: return (tier.rawValue, .array(entries.map { entry($0.0, $0.1, named: true) }))
                }
            })))
        }
        if v.duration != dv.duration { visits.append(("duration", table(v.duration))) }
        if v.callDuration != dv.callDuration { visits.append(("callDuration", table(v.callDuration))) }
        if v.workdays != dv.workdays { visits.append(("workdays", .array(v.workdays.map { .string($0.shortName) }))) }
        if v.travelHours != dv.travelHours { visits.append(("travelHours", .number(v.travelHours))) }
        if v.managerHoursPerDay != dv.managerHoursPerDay { visits.append(("managerHoursPerDay", .number(v.managerHoursPerDay))) }
        if v.dayStart != dv.dayStart { visits.append(("dayStart", .string(v.dayStart.description))) }
        if v.timeLimitSeconds != dv.timeLimitSeconds { visits.append(("timeLimitSeconds", .number(v.timeLimitSeconds))) }
        if !visits.isEmpty { sections.append(("visits", .object(visits))) }
        if policy.requests != defaults.requests {
            sections.append(("requests", .object([("approval", .string(policy.requests.approval.rawValue))])))
        }
        var health: [(String, JSONValue)] = []
        let h = policy.health, dh = defaults.health
        for ratio in HealthPolicy.Ratio.allCases where h[ratio] != dh[ratio] {
            health.append((ratio.rawValue, .object([("bad", .number(h[ratio].bad)), ("good", .number(h[ratio].good))])))
        }
        if h.shrinking != dh.shrinking { health.append(("shrinking", .number(h.shrinking))) }
        if h.rankGap != dh.rankGap { health.append(("rankGap", .number(h.rankGap))) }
        if h.marginDrop != dh.marginDrop { health.append(("marginDrop", .number(h.marginDrop))) }
        if !health.isEmpty { sections.append(("health", .object(health))) }
        if policy.weeks != defaults.weeks {
            sections.append(("weeks", .object([("back", .number(policy.weeks.back)), ("ahead", .number(policy.weeks.ahead))])))
        }
        return .object(sections)
    }

    static func thresholds(_ t: TierThresholds) -> JSONValue {
        .object([("platinum", .number(t.platinum)), ("gold", .number(t.gold)), ("iron", .number(t.iron))])
    }

    /// A table keyed by an enum, in the enum's order.
    static func table<K: RawRepresentable & CaseIterable & Hashable>(_ table: [K: Double]) -> JSONValue where K.RawValue == String {
        .object(K.allCases.compactMap { key in table[key].map { (key.rawValue, .number($0)) } })
    }
}
