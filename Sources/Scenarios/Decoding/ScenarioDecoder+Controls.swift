/// Pins and exclusions: decoding, and the checks that make a set of them plannable (every pin on
/// a candidate pair, within its expert's bookable hours and its request's hours, no two pins
/// asking for more than there is). Conflicts name every pin involved and where it is written.
extension ScenarioDecoder {
    static let pinKeys = ["expert", "request", "account", "hours", "mode"]
    static let exclusionKeys = ["expert", "account"]

    mutating func decodePins(_ top: FieldReader) -> [Pin] {
        var result: [Pin] = []
        for (index, node) in (top.list("pins", &diagnostics) ?? []).enumerated() {
            guard let fields = FieldReader(node, owner: "pin \(index + 1)", allowed: Self.pinKeys, diagnostics: &diagnostics) else { continue }
            let expert = fields.requiredString("expert", expected: "an expert id", &diagnostics)
            let request = fields.string("request", &diagnostics)
            let account = fields.string("account", &diagnostics)
            let hours = fields.number("hours", .nonNegative, &diagnostics)
            if !fields.has("hours") {
                diagnostics.error("\(fields.owner) has no 'hours'; expected a finite number >= 0", at: node.location)
            }
            let mode = fields.choice("mode", Pin.Mode.self, &diagnostics) ?? .exactly
            let target: Pin.Target?
            switch (request, account) {
            case (let request?, nil): target = .request(request)
            case (nil, let account?): target = .account(account)
            case (.some, .some):
                diagnostics.error("\(fields.owner) names both a request and an account; expected one of them", at: node.location)
                target = nil
            case (nil, nil):
                if !fields.has("request") && !fields.has("account") {
                    diagnostics.error("\(fields.owner) names no request and no account; expected 'request: ID' or 'account: ID'", at: node.location)
                }
                target = nil
            }
            guard let expert, let target, let hours else { continue }
            let pin = Pin(expert: expert, target: target, hours: hours, mode: mode)
            let key = Self.pinKey(pin)
            if let first = pinAt[key] {
                diagnostics.error("duplicate \(pin.label); first defined at \(first)", at: node.location)
                continue
            }
            pinAt[key] = node.location
            result.append(pin)
        }
        return result
    }

    mutating func decodeExclusions(_ top: FieldReader) -> [Exclusion] {
        var result: [Exclusion] = []
        for (index, node) in (top.list("exclusions", &diagnostics) ?? []).enumerated() {
            guard let fields = FieldReader(node, owner: "exclusion \(index + 1)", allowed: Self.exclusionKeys, diagnostics: &diagnostics) else { continue }
            let expert = fields.requiredString("expert", expected: "an expert id", &diagnostics)
            let account = fields.requiredString("account", expected: "an account id", &diagnostics)
            guard let expert, let account else { continue }
            let key = Overlay.historyKey(expert: expert, account: account)
            if let first = exclusionAt[key] {
                diagnostics.error("duplicate exclusion of expert '\(expert)' from account '\(account)'; first defined at \(first)", at: node.location)
                continue
            }
            exclusionAt[key] = node.location
            result.append(Exclusion(expert: expert, account: account))
        }
        return result
    }

    static func pinKey(_ pin: Pin) -> String { Overlay.pinKey(expert: pin.expert, target: pin.target) }

    /// References, candidacy, and the sums no plan could meet.
    mutating func checkControls(_ scenario: Scenario) {
        guard !scenario.pins.isEmpty || !scenario.exclusions.isEmpty else { return }
        var expertIndex: [String: Int] = [:], accountIndex: [String: Int] = [:], requestIndex: [String: Int] = [:]
        for (i, expert) in scenario.experts.enumerated() { expertIndex[expert.id] = i }
        for (i, account) in scenario.accounts.enumerated() { accountIndex[account.id] = i }
        for (i, request) in scenario.requests.enumerated() { requestIndex[request.id] = i }
        var excluded: [String: SourceLocation] = [:]
        for exclusion in scenario.exclusions {
            let at = exclusionAt[Overlay.historyKey(expert: exclusion.expert, account: exclusion.account)]!
            if expertIndex[exclusion.expert] == nil && expertAt[exclusion.expert] == nil {
                diagnostics.error("exclusion names unknown expert '\(exclusion.expert)'\(Suggestion.hint(for: exclusion.expert, among: expertAt.keys))", at: at)
            }
            if accountIndex[exclusion.account] == nil && accountAt[exclusion.account] == nil {
                diagnostics.error("exclusion names unknown account '\(exclusion.account)'\(Suggestion.hint(for: exclusion.account, among: accountAt.keys))", at: at)
            }
            excluded[Overlay.historyKey(expert: exclusion.expert, account: exclusion.account)] = at
        }
        guard !scenario.pins.isEmpty else { return }
        let tiers = Tiering.assign(scenario)
        let policyCap = scenario.policy.allocation.maxUtilization
        // The pins that passed their own checks, for the sums below.
        var valid: [(pin: Pin, at: SourceLocation, expert: Int, account: Int, request: Int?)] = []
        for pin in scenario.pins {
            let at = pinAt[Self.pinKey(pin)]!
            guard let e = expertIndex[pin.expert] else {
                if expertAt[pin.expert] == nil {
                    diagnostics.error("\(pin.label) names unknown expert '\(pin.expert)'\(Suggestion.hint(for: pin.expert, among: expertAt.keys))", at: at)
                }
                continue
            }
            let expert = scenario.experts[e]
            let a: Int, r: Int?
            switch pin.target {
            case .request(let id):
                guard let found = requestIndex[id], let owner = accountIndex[scenario.requests[found].account] else {
                    if requestAt[id] == nil {
                        diagnostics.error("\(pin.label) names unknown request '\(id)'\(Suggestion.hint(for: id, among: requestAt.keys))", at: at)
                    }
                    continue
                }
                (a, r) = (owner, found)
            case .account(let id):
                guard let found = accountIndex[id] else {
                    if accountAt[id] == nil {
                        diagnostics.error("\(pin.label) names unknown account '\(id)'\(Suggestion.hint(for: id, among: accountAt.keys))", at: at)
                    }
                    continue
                }
                (a, r) = (found, nil)
            }
            let account = scenario.accounts[a]
            if let exclusion = excluded[Overlay.historyKey(expert: pin.expert, account: account.id)] {
                diagnostics.error("\(pin.label) is on a pair that an exclusion forbids (expert '\(pin.expert)' from account '\(account.id)'\(Self.at(exclusion))); remove one of them", at: at)
                continue
            }
            let bookable = expert.bookableHours(in: scenario.week, policyCap: policyCap)
            if let r {
                let request = scenario.requests[r]
                if let why = Candidacy.obstacle(expert: expert, request: request, account: account, tier: tiers[a].tier, scenario: scenario) {
                    diagnostics.error("\(pin.label) is not on a candidate pair: \(why)", at: at)
                    continue
                }
                if pin.hours > request.hours {
                    diagnostics.error("\(pin.label) asks for \(Self.hours(pin.hours)), more than the \(Self.hours(request.hours)) the request asks for", at: at)
                    continue
                }
                if request.singleExpert && pin.hours > 0 && pin.hours != request.hours && pin.mode == .exactly {
                    diagnostics.error("\(pin.label) fixes \(Self.hours(pin.hours)), but request '\(request.id)' takes all its \(Self.hours(request.hours)) from one expert or none; expected \(NumberFormat.plain(request.hours)) or 0", at: at)
                    continue
                }
            } else {
                let open = scenario.requests.indices.filter { scenario.requests[$0].account == account.id }
                let reachable = open.filter {
                    Candidacy.obstacle(expert: expert, request: scenario.requests[$0], account: account, tier: tiers[a].tier, scenario: scenario) == nil
                }
                if reachable.isEmpty {
                    let why = open.isEmpty ? "account '\(account.id)' has no requests this week"
                        : "expert '\(pin.expert)' is a candidate for none of its \(open.count) request\(open.count == 1 ? "" : "s") (\(Candidacy.obstacle(expert: expert, request: scenario.requests[open[0]], account: account, tier: tiers[a].tier, scenario: scenario)!))"
                    if pin.hours > 0 {
                        diagnostics.error("\(pin.label) is not on a candidate pair: \(why)", at: at)
                        continue
                    }
                }
                let room = reachable.reduce(0.0) { $0 + scenario.requests[$1].hours }
                if pin.hours > room {
                    diagnostics.error("\(pin.label) asks for \(Self.hours(pin.hours)), more than the \(Self.hours(room)) of the account's requests the expert can work on", at: at)
                    continue
                }
            }
            if pin.hours > bookable {
                diagnostics.error("\(pin.label) asks for \(Self.hours(pin.hours)), more than the expert's \(Self.hours(bookable)) bookable this week", at: at)
                continue
            }
            valid.append((pin, at, e, a, r))
        }
        checkPinSums(scenario, valid.map { ($0.pin, $0.at, $0.expert, $0.account, $0.request) }, policyCap: policyCap)
    }

    /// Sums no plan can meet: an expert's pins above their bookable hours, a request's pins above
    /// its hours, two experts pinned on one singleExpert request, an expert pinned on more accounts
    /// than `maxAccounts`.
    private mutating func checkPinSums(_ scenario: Scenario, _ pins: [(pin: Pin, at: SourceLocation, expert: Int, account: Int, request: Int?)],
                                       policyCap: Double) {
        func list(_ group: [(pin: Pin, at: SourceLocation, expert: Int, account: Int, request: Int?)]) -> String {
            group.map { "\($0.pin.label) (\(Self.hours($0.pin.hours))\(Self.at($0.at)))" }.joined(separator: "; ")
        }
        var byExpert: [Int: [Int]] = [:], byRequest: [Int: [Int]] = [:]
        for (k, entry) in pins.enumerated() {
            byExpert[entry.expert, default: []].append(k)
            if let r = entry.request { byRequest[r, default: []].append(k) }
        }
        for e in byExpert.keys.sorted() {
            let group = byExpert[e]!.map { pins[$0] }
            let expert = scenario.experts[e]
            let total = group.reduce(0.0) { $0 + $1.pin.hours }
            let bookable = expert.bookableHours(in: scenario.week, policyCap: policyCap)
            if group.count > 1 && total > bookable + 1e-9 {
                diagnostics.error("pins conflict: expert '\(expert.id)' is pinned for \(Self.hours(total)) in all, more than \(Self.hours(bookable)) bookable this week: \(list(group))", at: group[0].at)
            }
            if let limit = expert.maxAccounts {
                let accounts = Set(group.filter { $0.pin.hours > 0 }.map(\.account))
                if accounts.count > limit {
                    diagnostics.error("pins conflict: expert '\(expert.id)' is pinned on \(accounts.count) accounts, more than maxAccounts \(limit): \(list(group))", at: group[0].at)
                }
            }
        }
        for r in byRequest.keys.sorted() {
            let group = byRequest[r]!.map { pins[$0] }
            guard group.count > 1 else { continue }
            let request = scenario.requests[r]
            let total = group.reduce(0.0) { $0 + $1.pin.hours }
            if total > request.hours + 1e-9 {
                diagnostics.error("pins conflict: request '\(request.id)' asks for \(Self.hours(request.hours)) and its pins add up to \(Self.hours(total)): \(list(group))", at: group[0].at)
            } else if request.singleExpert && group.filter({ $0.pin.hours > 0 }).count > 1 {
                diagnostics.error("pins conflict: request '\(request.id)' takes all its hours from one expert, and \(group.count) experts are pinned on it: \(list(group))", at: group[0].at)
            }
        }
    }

    static func hours(_ value: Double) -> String { "\(NumberFormat.plain(value)) h" }

    /// ", at file:line:column", or nothing for a control without a place in a file (a workspace's).
    static func at(_ location: SourceLocation) -> String { location.line > 0 ? ", at \(location)" : "" }

    /// The errors `kam validate` gives a scenario's pins and exclusions, for controls that are not
    /// written in a file (a workspace's): the same checks and words, without locations.
    static func controlErrors(_ scenario: Scenario) -> [String] {
        var decoder = ScenarioDecoder()
        let nowhere = SourceLocation(file: "", line: 0, column: 0)
        for expert in scenario.experts { decoder.expertAt[expert.id] = nowhere }
        for account in scenario.accounts { decoder.accountAt[account.id] = nowhere }
        for request in scenario.requests { decoder.requestAt[request.id] = nowhere }
        for pin in scenario.pins { decoder.pinAt[pinKey(pin)] = nowhere }
        for exclusion in scenario.exclusions { decoder.exclusionAt[Overlay.historyKey(expert: exclusion.expert, account: exclusion.account)] = nowhere }
        decoder.checkControls(scenario)
        return decoder.diagnostics.all.filter { $0.severity == .error }.map(\.message)
    }
}

extension Scenario {
    /// The errors of the scenario's pins and exclusions (unknown ids, pairs that are no candidates
    /// or excluded, hours above what the request, account or expert has, conflicting sums), as
    /// `kam validate` words them, without file locations; empty when they are fine.
    public var controlErrors: [String] { ScenarioDecoder.controlErrors(self) }
}
