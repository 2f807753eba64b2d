/// Turns a (merged) scenario document into a `Scenario`, checking every rule of docs/scenario-format.md
/// and collecting all errors and warnings instead of stopping at the first.
struct ScenarioDecoder {
    static let topLevelKeys = ["name", "week", "extends", "remove", "policy", "managers", "experts", "accounts", "requests", "recurring", "history", "pins", "exclusions", "accountFiles"]
    static let managerKeys = ["id", "name", "region", "hoursPerDay", "unavailableDays"]
    static let expertKeys = ["id", "name", "region", "weeklyHours", "skills", "unavailableWeeks", "maxAccounts", "maxUtilization"]
    static let accountKeys = ["id", "name", "manager", "region", "revenue", "profit", "value", "tier", "stage", "lastVisit", "lastCall", "oneOffPurchase"]
    static let requestKeys = ["id", "account", "skill", "hours", "priority", "onsite", "singleExpert", "requestedBy", "note"]
    static let historyKeys = ["expert", "account", "hours"]
    static let recurringKeys = requestKeys + ["from", "to"]

    var diagnostics: Diagnostics
    /// Lists at least twice this long are decoded in chunks on every core (tests set it to
    /// compare with one chunk).
    var minimumChunk = 4096
    /// Where each entity is written, by kind and id, for messages about references.
    var managerAt: [String: SourceLocation] = [:]
    var expertAt: [String: SourceLocation] = [:]
    var accountAt: [String: SourceLocation] = [:]
    var requestAt: [String: SourceLocation] = [:]
    var recurringAt: [String: SourceLocation] = [:]
    /// Every skill an expert lists, valid proficiency or not (for the "no expert has it" warning).
    var skillNames = Set<String>()

    /// Continues `diagnostics` (those of reading the files), so the limit counts them all.
    init(diagnostics: Diagnostics = Diagnostics()) { self.diagnostics = diagnostics }

    /// Decodes `root`; `defaultName` is used when the file gives no `name`.
    mutating func decode(_ root: DocumentNode, defaultName: String) -> Scenario? {
        guard let top = FieldReader(root, owner: "the scenario", allowed: Self.topLevelKeys, diagnostics: &diagnostics) else {
            return nil
        }
        let name = top.string("name", &diagnostics) ?? defaultName
        var week: ISOWeek?
        if let node = top.value("week") {
            week = FieldReader.week(node, what: "'week'", &diagnostics)
        } else {
            diagnostics.error("the scenario has no 'week'; expected the ISO week being planned, like 2026-W48", at: root.location)
        }
        var policy = Policy()
        if let node = top.value("policy") {
            var policyDecoder = PolicyDecoder()
            policy = policyDecoder.decode(node, &diagnostics)
        }
        let managers = decodeList(top, "managers", kind: "manager", register: \.managerAt) { $0.decodeManager($1, $2) }
        let experts = decodeList(top, "experts", kind: "expert", register: \.expertAt) { $0.decodeExpert($1, $2) }
        let accounts = decodeList(top, "accounts", kind: "account", register: \.accountAt) { $0.decodeAccount($1, $2) }
        let requests = decodeList(top, "requests", kind: "request", register: \.requestAt) { $0.decodeRequest($1, $2) }
        let recurring = decodeList(top, "recurring", kind: "recurring request", register: \.recurringAt) { $0.decodeRecurring($1, $2) }
        let history = decodeHistory(top)
        let pins = decodePins(top)
        let exclusions = decodeExclusions(top)
        let accountFiles = decodeAccountFiles(top, accounts: accounts)
        guard let week else { return nil }
        var scenario = Scenario(name: name, week: week, policy: policy, managers: managers, experts: experts,
                                accounts: accounts, requests: requests, history: history, pins: pins, exclusions: exclusions)
        scenario.recurring = recurring
        scenario.accountFiles = accountFiles
        addRecurring(to: &scenario)
        checkReferences(scenario)
        checkControls(scenario)
        return diagnostics.hasErrors ? nil : scenario
    }

    // MARK: Lists

    /// Decodes each element of a list field, reporting duplicate ids. A long list (a book's
    /// accounts and requests) is decoded in chunks on every core; what it reports is the same,
    /// in the same order, as decoding it element by element.
    private mutating func decodeList<T: Identifiable & Sendable>(
        _ top: FieldReader, _ key: String, kind: String,
        register: WritableKeyPath<ScenarioDecoder, [String: SourceLocation]>,
        _ decodeOne: @escaping @Sendable (inout ScenarioDecoder, DocumentNode, Int) -> T?
    ) -> [T] where T.ID == String {
        guard let elements = top.list(key, &diagnostics) else { return [] }
        // A long list decoded cleanly before (an overlay's untouched base list): its values and
        // ids as they were, without walking 40,000 elements again.
        typealias Outcome = (result: [T], register: [String: SourceLocation], skillNames: Set<String>)
        let outcomeKind = kind + " (registered)"
        if self[keyPath: register].isEmpty, let known = DecodedListCache.lookup(kind: outcomeKind, elements, as: Outcome.self) {
            self[keyPath: register] = known.decoded.register
            skillNames.formUnion(known.decoded.skillNames)
            return known.decoded.result
        }
        let registeredBefore = self[keyPath: register].isEmpty, reportedBefore = diagnostics.all.count
        var gathered = Set<String>()
        let decoded = decodeInChunks(elements, kind: kind, gathered: &gathered, decodeOne)
        var result: [T] = []
        result.reserveCapacity(elements.count)
        self[keyPath: register].reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let value: T?
            if let decoded {
                value = decoded[index].value
                diagnostics.append(contentsOf: decoded[index].diagnostics)
            } else {
                value = decodeOne(&self, element, index)
            }
            // An entry with an id is known even when some other field of it is wrong, so that
            // references to it do not add misleading "unknown id" errors.
            guard let id = value?.id ?? element["id"]?.scalarText, !id.isEmpty else { continue }
            if let first = self[keyPath: register][id] {
                diagnostics.error("duplicate \(kind) id '\(id)'; first defined at \(first)", at: element.location)
                continue
            }
            self[keyPath: register][id] = element.location
            if let value { result.append(value) }
        }
        if decoded != nil, registeredBefore, diagnostics.all.count == reportedBefore, diagnostics.complete != nil {
            DecodedListCache.store(kind: outcomeKind, elements, decoded: (result, self[keyPath: register], gathered) as Outcome, skillNames: [])
        }
        return result
    }

    /// Each element decoded with what it reported, by chunks in parallel; nil when the list is
    /// short, or when a chunk reported so much that some was dropped (then the caller decodes
    /// element by element, so the limit cuts where it always does).
    /// A list decoded before in this process (an overlay's untouched base list) comes from
    /// `DecodedListCache`.
    /// `gathered`: the skill names the list's elements add (also added to `skillNames`).
    private mutating func decodeInChunks<T: Sendable>(
        _ elements: [DocumentNode], kind: String, gathered: inout Set<String>,
        _ decodeOne: @escaping @Sendable (inout ScenarioDecoder, DocumentNode, Int) -> T?
    ) -> [(value: T?, diagnostics: [Diagnostic])]? {
        typealias Decoded = [(value: T?, diagnostics: [Diagnostic])]
        let ranges = ParallelChunks.ranges(elements.count, minimumChunk: minimumChunk)
        guard ranges.count > 1 else { return nil }
        if let cached = DecodedListCache.lookup(kind: kind, elements, as: Decoded.self) {
            skillNames.formUnion(cached.skillNames)
            gathered = cached.skillNames
            return cached.decoded
        }
        // Workers start with nothing reported and no skill names: what they return is the list's own.
        let template = { var copy = self; copy.diagnostics = Diagnostics(); copy.skillNames = []; return copy }()
        let chunks = ParallelChunks.map(ranges) { range -> (decoded: [(value: T?, diagnostics: [Diagnostic])], skillNames: Set<String>)? in
            var worker = template
            var decoded: [(value: T?, diagnostics: [Diagnostic])] = []
            decoded.reserveCapacity(range.count)
            var reported = 0
            for index in range {
                let value = decodeOne(&worker, elements[index], index)
                guard let all = worker.diagnostics.complete else { return nil }
                decoded.append((value, Array(all[reported...])))
                reported = all.count
            }
            return (decoded, worker.skillNames)
        }
        var decoded: [(value: T?, diagnostics: [Diagnostic])] = []
        decoded.reserveCapacity(elements.count)
        for chunk in chunks {
            guard let chunk else { return nil }
            decoded.append(contentsOf: chunk.decoded)
        }
        gathered = chunks.reduce(into: Set<String>()) { $0.formUnion($1!.skillNames) }  // what decoding experts gathers
        skillNames.formUnion(gathered)
        DecodedListCache.store(kind: kind, elements, decoded: decoded, skillNames: gathered)
        return decoded
    }

    private static func reader(_ node: DocumentNode, _ kind: String, _ index: Int, _ keys: [String], _ diagnostics: inout Diagnostics) -> FieldReader? {
        FieldReader(node, label: .entity(kind: kind, index: index), allowed: keys, diagnostics: &diagnostics)
    }


    private mutating func decodeManager(_ node: DocumentNode, _ index: Int) -> Manager? {
        guard let fields = Self.reader(node, "manager", index, Self.managerKeys, &diagnostics) else { return nil }
        let id = fields.identifier("id", &diagnostics)
        let name = fields.string("name", &diagnostics)
        let region = fields.string("region", &diagnostics)
        let hours = fields.number("hoursPerDay", .hoursInDay, &diagnostics)
        var days: [CalendarDate] = []
        for (position, day) in (fields.list("unavailableDays", &diagnostics) ?? []).enumerated() {
            if let date = FieldReader.date(day, what: "'unavailableDays' entry \(position + 1) of \(fields.owner)", &diagnostics) {
                days.append(date)
            }
        }
        guard let id else { return nil }
        return Manager(id: id, name: name, region: region, hoursPerDay: hours, unavailableDays: days)
    }

    private mutating func decodeExpert(_ node: DocumentNode, _ index: Int) -> Expert? {
        guard let fields = Self.reader(node, "expert", index, Self.expertKeys, &diagnostics) else { return nil }
        let id = fields.identifier("id", &diagnostics)
        let name = fields.string("name", &diagnostics)
        let region = fields.string("region", &diagnostics)
        let hours = fields.number("weeklyHours", .nonNegative, &diagnostics) ?? 40
        var skills: [Skill] = []
        if let skillNode = fields.value("skills") {
            if let entries = skillNode.entries {
                for entry in entries {
                    skillNames.insert(entry.key)
                    let what = "proficiency of skill '\(entry.key)' for \(fields.owner)"
                    if let proficiency = FieldReader.number(entry.value, .proficiency, what: what, &diagnostics) {
                        skills.append(Skill(entry.key, proficiency: proficiency))
                    }
                }
                if entries.isEmpty {
                    diagnostics.error("\(fields.owner) has no skills; expected at least one, like {network: 0.8}", at: skillNode.location)
                }
            } else {
                skillNames.formUnion(skillNode.elements?.compactMap(\.scalarText) ?? [])
                diagnostics.error("'skills' of \(fields.owner) is \(skillNode.kindDescription), expected a mapping of skill to proficiency, like {network: 0.8}", at: skillNode.location)
            }
        } else {
            diagnostics.error("\(fields.owner) has no 'skills'; expected at least one, like {network: 0.8}", at: fields.location("skills"))
        }
        var weeks: [ISOWeek] = []
        for (position, week) in (fields.list("unavailableWeeks", &diagnostics) ?? []).enumerated() {
            if let value = FieldReader.week(week, what: "'unavailableWeeks' entry \(position + 1) of \(fields.owner)", &diagnostics) {
                weeks.append(value)
            }
        }
        let maxAccounts = fields.integer("maxAccounts", minimum: 1, &diagnostics)
        let maxUtilization = fields.number("maxUtilization", .positiveShare, &diagnostics)
        guard let id else { return nil }
        return Expert(id: id, name: name, region: region, weeklyHours: hours, skills: skills, unavailableWeeks: weeks,
                      maxAccounts: maxAccounts, maxUtilization: maxUtilization)
    }

    private mutating func decodeAccount(_ node: DocumentNode, _ index: Int) -> Account? {
        guard let fields = Self.reader(node, "account", index, Self.accountKeys, &diagnostics) else { return nil }
        let id = fields.identifier("id", &diagnostics)
        let manager = fields.requiredString("manager", expected: "the id of the account's manager", &diagnostics)
        let account = Account(
            id: id ?? "", name: fields.string("name", &diagnostics), manager: manager ?? "",
            region: fields.string("region", &diagnostics),
            revenue: fields.number("revenue", .nonNegative, &diagnostics) ?? 0,
            profit: fields.number("profit", .any, &diagnostics),
            value: fields.number("value", .nonNegative, &diagnostics),
            tier: fields.choice("tier", Tier.self, &diagnostics),
            stage: fields.choice("stage", Stage.self, &diagnostics) ?? .stabilize,
            lastVisit: fields.date("lastVisit", &diagnostics),
            lastCall: fields.date("lastCall", &diagnostics),
            oneOffPurchase: fields.bool("oneOffPurchase", &diagnostics) ?? false)
        return id == nil || manager == nil ? nil : account
    }

    private mutating func decodeRecurring(_ node: DocumentNode, _ index: Int) -> RecurringRequest? {
        guard let fields = Self.reader(node, "recurring request", index, Self.recurringKeys, &diagnostics),
              let template = decodeRequest(fields) else { return nil }
        func week(_ key: String) -> ISOWeek? {
            guard let value = fields.value(key) else {
                diagnostics.error("\(fields.owner) has no '\(key)'; expected the \(key == "from" ? "first" : "last") ISO week it covers, like 2026-W48", at: fields.location(key))
                return nil
            }
            return FieldReader.week(value, what: "'\(key)'", &diagnostics)
        }
        guard let from = week("from"), let to = week("to") else { return nil }
        guard from <= to else {
            diagnostics.error("\(fields.owner) runs from \(from) to \(to); expected 'from' no later than 'to'", at: fields.location("to"))
            return nil
        }
        return RecurringRequest(template: template, from: from, to: to)
    }

    /// The recurring requests that cover the scenario's week join its requests (ids ID-WEEK).
    private mutating func addRecurring(to scenario: inout Scenario) {
        for entry in scenario.recurring where entry.covers(scenario.week) {
            let request = entry.request(in: scenario.week)
            let at = recurringAt[entry.id]!
            if let taken = requestAt[request.id] {
                diagnostics.error("recurring request '\(entry.id)' makes request '\(request.id)' in \(scenario.week), but that id is taken by the request at \(taken); rename one", at: at)
                continue
            }
            requestAt[request.id] = at
            scenario.requests.append(request)
        }
    }

    private mutating func decodeRequest(_ node: DocumentNode, _ index: Int) -> ExpertRequest? {
        guard let fields = Self.reader(node, "request", index, Self.requestKeys, &diagnostics) else { return nil }
        return decodeRequest(fields)
    }

    /// A request's fields (also a recurring request's, which adds from and to).
    private mutating func decodeRequest(_ fields: FieldReader) -> ExpertRequest? {
        let id = fields.identifier("id", &diagnostics)
        let account = fields.requiredString("account", expected: "the id of the account the hours are for", &diagnostics)
        let skill = fields.requiredString("skill", expected: "the skill needed, like network", &diagnostics)
        let hours = fields.number("hours", .positive, &diagnostics)
        if !fields.has("hours") {
            diagnostics.error("\(fields.owner) has no 'hours'; expected a finite number > 0", at: fields.location("hours"))
        }
        let request = ExpertRequest(
            id: id ?? "", account: account ?? "", skill: skill ?? "", hours: hours ?? 0,
            priority: fields.choice("priority", Priority.self, &diagnostics) ?? .normal,
            onsite: fields.bool("onsite", &diagnostics) ?? false,
            singleExpert: fields.bool("singleExpert", &diagnostics) ?? false,
            requestedBy: fields.string("requestedBy", &diagnostics),
            note: fields.string("note", &diagnostics))
        return id == nil || account == nil || skill == nil ? nil : request
    }

    private var historyAt: [String: SourceLocation] = [:]
    /// Where each pin and exclusion is written (ScenarioDecoder+Controls.swift).
    var pinAt: [String: SourceLocation] = [:]
    var exclusionAt: [String: SourceLocation] = [:]

    private mutating func decodeHistory(_ top: FieldReader) -> [HistoryEntry] {
        var result: [HistoryEntry] = []
        for (index, node) in (top.list("history", &diagnostics) ?? []).enumerated() {
            guard let fields = FieldReader(node, owner: "history entry \(index + 1)", allowed: Self.historyKeys, diagnostics: &diagnostics) else { continue }
            let expert = fields.requiredString("expert", expected: "an expert id", &diagnostics)
            let account = fields.requiredString("account", expected: "an account id", &diagnostics)
            let hours = fields.number("hours", .nonNegative, &diagnostics)
            if !fields.has("hours") {
                diagnostics.error("\(fields.owner) has no 'hours'; expected a finite number >= 0", at: node.location)
            }
            guard let expert, let account, let hours else { continue }
            let key = Overlay.historyKey(expert: expert, account: account)
            if let first = historyAt[key] {
                diagnostics.error("duplicate history entry for expert '\(expert)' and account '\(account)'; first defined at \(first)", at: node.location)
                continue
            }
            historyAt[key] = node.location
            result.append(HistoryEntry(expert: expert, account: account, hours: hours))
        }
        return result
    }

    // MARK: References and warnings

    private mutating func checkReferences(_ scenario: Scenario) {
        var managers: [String: Int] = [:]
        managers.reserveCapacity(scenario.managers.count)
        for (index, manager) in scenario.managers.enumerated() { managers[manager.id] = index }
        var accounts: [String: Int] = [:]
        accounts.reserveCapacity(scenario.accounts.count)
        for index in scenario.accounts.indices { accounts[scenario.accounts[index].id] = index }  // no Account copied
        for manager in scenario.managers {
            for day in manager.unavailableDays where !scenario.week.contains(day) {
                diagnostics.warning("unavailable day \(day) of manager '\(manager.id)' is not in \(scenario.week); it is ignored", at: managerAt[manager.id]!)
            }
        }
        // By index, and each location looked up only for a message: a book has 100,000 accounts.
        for a in scenario.accounts.indices {
            let managerID = scenario.accounts[a].manager
            guard let managerIndex = managers[managerID] else {
                if managerAt[managerID] != nil { continue }  // known, but invalid itself
                let account = scenario.accounts[a]
                diagnostics.error("account '\(account.id)' names unknown manager '\(account.manager)'\(Suggestion.hint(for: account.manager, among: managerAt.keys))", at: accountAt[account.id]!)
                continue
            }
            if scenario.accounts[a].region != nil && scenario.managers[managerIndex].region == nil {
                let account = scenario.accounts[a]
                diagnostics.warning("account '\(account.id)' is in region '\(account.region!)' but its manager '\(scenario.managers[managerIndex].id)' has no region", at: accountAt[account.id]!)
            }
        }
        for expert in scenario.experts {
            if expert.capacity(in: scenario.week) == 0 {
                let why = expert.weeklyHours == 0 ? "0 weekly hours" : "unavailable in \(scenario.week)"
                diagnostics.warning("expert '\(expert.id)' has no capacity this week (\(why))", at: expertAt[expert.id]!)
            }
        }
        // One-off requests, then each recurring request once (not each week it makes).
        for request in scenario.requests where request.recurring == nil {
            checkReference(request, kind: "request", at: requestAt, request.id, scenario, accounts: accounts)
        }
        for recurring in scenario.recurring {
            checkReference(recurring.template, kind: "recurring request", at: recurringAt, recurring.id, scenario, accounts: accounts)
        }
        for entry in scenario.history {
            let at = historyAt[Overlay.historyKey(expert: entry.expert, account: entry.account)]!
            if expertAt[entry.expert] == nil {
                diagnostics.error("history entry names unknown expert '\(entry.expert)'\(Suggestion.hint(for: entry.expert, among: expertAt.keys))", at: at)
            }
            if accountAt[entry.account] == nil {
                diagnostics.error("history entry names unknown account '\(entry.account)'\(Suggestion.hint(for: entry.account, among: accountAt.keys))", at: at)
            }
        }
    }

    /// A request's account, its requester and its skill; its location (`locations[id]`) is looked up only for a message.
    private mutating func checkReference(_ request: ExpertRequest, kind: String, at locations: [String: SourceLocation], _ id: String,
                                         _ scenario: Scenario, accounts: [String: Int]) {
        func at() -> SourceLocation { locations[id]! }
        guard let accountIndex = accounts[request.account] else {
            if accountAt[request.account] != nil { return }
            diagnostics.error("\(kind) '\(request.id)' names unknown account '\(request.account)'\(Suggestion.hint(for: request.account, among: accountAt.keys))", at: at())
            return
        }
        if let by = request.requestedBy {
            let manager = scenario.accounts[accountIndex].manager
            if managerAt[by] == nil {
                diagnostics.error("\(kind) '\(request.id)' is requested by unknown manager '\(by)'\(Suggestion.hint(for: by, among: managerAt.keys))", at: at())
            } else if by != manager {
                diagnostics.error("\(kind) '\(request.id)' is requested by manager '\(by)', but account '\(request.account)' is managed by '\(manager)'", at: at())
            }
        }
        if !skillNames.contains(request.skill) {
            diagnostics.warning("\(kind) '\(request.id)' needs skill '\(request.skill)', which no expert has\(Suggestion.hint(for: request.skill, among: skillNames))", at: at())
        }
    }
}
