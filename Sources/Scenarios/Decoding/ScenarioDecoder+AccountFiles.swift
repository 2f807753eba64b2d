/// `accountFiles`: one file per key account (docs/scenario-format.md, "accountFiles").
extension ScenarioDecoder {
    static let accountFileKeys = ["account", "strategic", "contacts", "keyDates", "stages", "competitors", "notes", "financials", "servicePlan"]
    static let servicePlanKeys = ["situation", "goals", "team", "actions"]
    static let goalKeys = ["goal", "measure", "due"]
    static let teamNeedKeys = ["skill", "hours", "priority", "onsite", "note"]
    static let actionKeys = ["action", "owner", "due", "done"]
    static let contactKeys = ["name", "role", "influence", "notes"]
    static let keyDateKeys = ["kind", "date", "contact", "note"]
    static let stageKeys = ["stage", "from"]

    /// The account files, checked; `accounts` are the scenario's (each file must name one, once).
    mutating func decodeAccountFiles(_ top: FieldReader, accounts: [Account]) -> [AccountFile] {
        let known = Set(accounts.map(\.id))
        var seen: [String: SourceLocation] = [:]
        var result: [AccountFile] = []
        for (index, node) in (top.list("accountFiles", &diagnostics) ?? []).enumerated() {
            let label = node["account"]?.scalarText.map { "the account file of '\($0)'" } ?? "account file #\(index + 1)"
            guard let fields = FieldReader(node, owner: label, allowed: Self.accountFileKeys + ["file"], diagnostics: &diagnostics),
                  let account = fields.requiredString("account", expected: "the id of an account", &diagnostics)
            else { continue }
            if !known.contains(account) {
                if accountAt[account] == nil {
                    diagnostics.error("account file #\(index + 1) names unknown account '\(account)'\(Suggestion.hint(for: account, among: known))", at: fields.location("account"))
                }
                continue
            }
            if let first = seen[account] {
                diagnostics.error("account '\(account)' has a second account file; the first is at line \(first.line)", at: node.location)
                continue
            }
            seen[account] = node.location
            var file = AccountFile(account: account)
            file.strategic = fields.bool("strategic", &diagnostics) ?? false
            file.notes = fields.string("notes", &diagnostics)
            for (position, item) in (fields.list("competitors", &diagnostics) ?? []).enumerated() {
                guard let text = item.scalarText, !item.isNull, !text.isEmpty else {
                    diagnostics.error("'competitors' entry \(position + 1) of \(label) is \(item.kindDescription), expected a name", at: item.location)
                    continue
                }
                file.competitors.append(text)
            }
            file.contacts = decodeContacts(fields, label)
            file.keyDates = decodeKeyDates(fields, label, contacts: file.contacts)
            file.stages = decodeStages(fields, label)
            file.financials = decodeFinancials(fields, label)
            if let node = fields.value("servicePlan") { file.servicePlan = decodeServicePlan(node, label) }
            result.append(file)
        }
        return result
    }

    private mutating func decodeContacts(_ fields: FieldReader, _ label: String) -> [Contact] {
        var contacts: [Contact] = []
        for (position, node) in (fields.list("contacts", &diagnostics) ?? []).enumerated() {
            guard let contact = FieldReader(node, owner: "contact \(position + 1) of \(label)", allowed: Self.contactKeys, diagnostics: &diagnostics),
                  let name = contact.requiredString("name", expected: "the person's name", &diagnostics)
            else { continue }
            if contacts.contains(where: { $0.name == name }) {
                diagnostics.error("\(label) lists contact '\(name)' twice", at: node.location)
                continue
            }
            contacts.append(Contact(name: name, role: contact.string("role", &diagnostics),
                                    influence: contact.choice("influence", Contact.Influence.self, &diagnostics),
                                    notes: contact.string("notes", &diagnostics)))
        }
        return contacts
    }

    private mutating func decodeKeyDates(_ fields: FieldReader, _ label: String, contacts: [Contact]) -> [KeyDate] {
        var dates: [KeyDate] = []
        for (position, node) in (fields.list("keyDates", &diagnostics) ?? []).enumerated() {
            let what = "key date \(position + 1) of \(label)"
            guard let entry = FieldReader(node, owner: what, allowed: Self.keyDateKeys, diagnostics: &diagnostics) else { continue }
            let kind = entry.choice("kind", KeyDate.Kind.self, &diagnostics)
            if !entry.has("kind") {
                diagnostics.error("\(what) has no 'kind'; expected \(KeyDate.Kind.allCases.map(\.rawValue).joined(separator: ", "))", at: node.location)
            }
            var parsed: (month: Int, day: Int, year: Int?)?
            if let dateNode = entry.value("date") {
                parsed = Self.monthDay(dateNode.scalarText ?? "")
                if parsed == nil {
                    diagnostics.error("'date' of \(what) is \(dateNode.kindDescription), expected a day like 03-14 (every year) or 2027-03-31", at: dateNode.location)
                }
            } else {
                diagnostics.error("\(what) has no 'date'; expected a day like 03-14 (every year) or 2027-03-31", at: node.location)
            }
            let contact = entry.string("contact", &diagnostics)
            if let contact, !contacts.contains(where: { $0.name == contact }) {
                diagnostics.warning("\(what) names contact '\(contact)', who is not among the file's contacts\(Suggestion.hint(for: contact, among: contacts.map(\.name)))",
                                    at: entry.location("contact"))
            }
            guard let kind, let parsed else { continue }
            dates.append(KeyDate(kind: kind, month: parsed.month, day: parsed.day, year: parsed.year, contact: contact, note: entry.string("note", &diagnostics)))
        }
        return dates
    }

    /// "03-14" or "2027-03-31" (a real day; 02-29 allowed without a year).
    static func monthDay(_ text: String) -> (month: Int, day: Int, year: Int?)? {
        if let date = CalendarDate(text) { return (date.month, date.day, date.year) }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let month = Int(parts[0]), let day = Int(parts[1]),
              CalendarDate(year: 2024, month: month, day: day) != nil  // a leap year: 02-29 is a day
        else { return nil }
        return (month, day, nil)
    }

    private mutating func decodeStages(_ fields: FieldReader, _ label: String) -> [StageChange] {
        var stages: [StageChange] = []
        for (position, node) in (fields.list("stages", &diagnostics) ?? []).enumerated() {
            let what = "stage \(position + 1) of \(label)"
            guard let entry = FieldReader(node, owner: what, allowed: Self.stageKeys, diagnostics: &diagnostics) else { continue }
            let stage = entry.choice("stage", Stage.self, &diagnostics)
            let from = entry.date("from", &diagnostics)
            if !entry.has("stage") { diagnostics.error("\(what) has no 'stage'; expected establish, stabilize or strengthen", at: node.location) }
            if !entry.has("from") { diagnostics.error("\(what) has no 'from'; expected the day the stage began, like 2025-03-01", at: node.location) }
            guard let stage, let from else { continue }
            if let last = stages.last, from <= last.from {
                diagnostics.error("\(what) begins \(from), not after the stage before it (\(last.from)); list the stages oldest first", at: entry.location("from"))
                continue
            }
            stages.append(StageChange(stage: stage, from: from))
        }
        return stages
    }

    private mutating func decodeFinancials(_ fields: FieldReader, _ label: String) -> [FinancialPeriod] {
        var periods: [FinancialPeriod] = []
        let keys = ["period"] + FinancialPeriod.Figure.allCases.map(\.rawValue)
        for (position, node) in (fields.list("financials", &diagnostics) ?? []).enumerated() {
            let what = "financial period \(position + 1) of \(label)"
            guard let entry = FieldReader(node, owner: what, allowed: keys, diagnostics: &diagnostics),
                  let period = entry.requiredString("period", expected: "the period's name, like 2025 or 2025-H2 (oldest first)", &diagnostics)
            else { continue }
            if periods.contains(where: { $0.period == period }) {
                diagnostics.error("\(label) lists period '\(period)' twice", at: entry.location("period"))
                continue
            }
            var figures: [FinancialPeriod.Figure: Double] = [:]
            for figure in FinancialPeriod.Figure.allCases {
                // Profits may be losses; everything else is an amount >= 0.
                let rule: NumberRule = figure == .netProfit || figure == .ourProfit ? .any : .nonNegative
                if let value = entry.number(figure.rawValue, rule, &diagnostics) { figures[figure] = value }
            }
            periods.append(FinancialPeriod(period: period, figures: figures))
        }
        return periods
    }

    private mutating func decodeServicePlan(_ node: DocumentNode, _ label: String) -> ServicePlan? {
        let owner = "the service plan of \(label.replacingOccurrences(of: "the account file of ", with: ""))"
        guard let fields = FieldReader(node, owner: owner, allowed: Self.servicePlanKeys, diagnostics: &diagnostics) else { return nil }
        var plan = ServicePlan(situation: fields.string("situation", &diagnostics))
        for (position, item) in (fields.list("goals", &diagnostics) ?? []).enumerated() {
            guard let entry = FieldReader(item, owner: "goal \(position + 1) of \(owner)", allowed: Self.goalKeys, diagnostics: &diagnostics),
                  let goal = entry.requiredString("goal", expected: "what the goal is", &diagnostics)
            else { continue }
            plan.goals.append(ServicePlan.Goal(goal: goal, measure: entry.string("measure", &diagnostics), due: entry.date("due", &diagnostics)))
        }
        for (position, item) in (fields.list("team", &diagnostics) ?? []).enumerated() {
            let what = "team entry \(position + 1) of \(owner)"
            guard let entry = FieldReader(item, owner: what, allowed: Self.teamNeedKeys, diagnostics: &diagnostics) else { continue }
            let skill = entry.requiredString("skill", expected: "the skill the account needs", &diagnostics)
            let hours = entry.number("hours", .positive, &diagnostics)
            if !entry.has("hours") { diagnostics.error("\(what) has no 'hours'; expected the hours a week, a number > 0", at: item.location) }
            let priority = entry.choice("priority", Priority.self, &diagnostics) ?? .normal
            let onsite = entry.bool("onsite", &diagnostics) ?? false
            guard let skill, let hours else { continue }
            if !skillNames.contains(skill) {
                diagnostics.warning("\(what) needs skill '\(skill)', which no expert has\(Suggestion.hint(for: skill, among: skillNames))", at: entry.location("skill"))
            }
            if plan.team.contains(where: { $0.skill == skill }) {
                diagnostics.error("\(owner) lists skill '\(skill)' twice in its team; expected one entry per skill", at: entry.location("skill"))
                continue
            }
            plan.team.append(ServicePlan.TeamNeed(skill: skill, hours: hours, priority: priority, onsite: onsite, note: entry.string("note", &diagnostics)))
        }
        for (position, item) in (fields.list("actions", &diagnostics) ?? []).enumerated() {
            guard let entry = FieldReader(item, owner: "action \(position + 1) of \(owner)", allowed: Self.actionKeys, diagnostics: &diagnostics),
                  let action = entry.requiredString("action", expected: "what is to be done", &diagnostics)
            else { continue }
            plan.actions.append(ServicePlan.Action(action: action, owner: entry.string("owner", &diagnostics), due: entry.date("due", &diagnostics),
                                                   done: entry.bool("done", &diagnostics) ?? false))
        }
        return plan
    }
}
