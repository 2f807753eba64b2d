import Accounts
import Foundation
import LinearProgramming
import Scenarios

/// The weekly allocation of docs/scenario-format.md as a linear (or mixed-integer) program: values per hour,
/// candidate pairs, and the model with a map from its variables and rows back to the domain.
public struct AllocationProblem: Sendable {
    /// One expert who could work on one request.
    public struct Pair: Sendable, Hashable {
        public var expert: Int
        public var request: Int
        /// w(e, r).
        public var value: Double
    }

    public let scenario: Scenario
    /// Tier of each account (scenario order).
    public let tiers: [TierAssignment]
    /// Whether each account's tier is in `eligibleTiers`.
    public let eligible: [Bool]
    /// V(a) for each account (eligible accounts only; 0 for the others).
    public let accountValue: [Double]
    /// Hours each expert has this week.
    public let capacity: [Double]
    /// Hours each expert may be booked: the capacity times the utilization cap.
    public let bookable: [Double]
    /// The account index of each request.
    public let accountOfRequest: [Int]
    /// Candidate pairs, grouped by request (input order), experts in input order within a request.
    public let pairs: [Pair]
    /// The pairs of request r are `pairs[pairRanges[r]]`.
    public let pairRanges: [Range<Int>]
    /// ceil(m * hours) for requests under minimum service, else nil.
    public let minimum: [Double?]
    /// The planner's controls as they apply to pairs (PairControls.swift).
    public let controls: PairControls

    public private(set) var model: LinearModel
    /// x(e, r) for each pair.
    public private(set) var hoursVariable: [VariableID] = []
    /// With a change penalty, each pair of the reference plan also has kept(e, r) in [.., ref]:
    /// its hours are x + kept, and kept earns the penalty on top of w (PairControls).
    public private(set) var keptVariable: [VariableID?] = []
    /// The row of each account pin (scenario.pins order; nil for request pins).
    public private(set) var accountPinRow: [ConstraintID?] = []
    /// short(r) for requests under minimum service.
    public private(set) var shortVariable: [VariableID?] = []
    /// The capacity row of each expert that has candidates.
    public private(set) var capacityRow: [ConstraintID?] = []
    public private(set) var requestRow: [ConstraintID?] = []
    public private(set) var minimumRow: [ConstraintID?] = []
    public private(set) var binaryCount = 0
    /// The family of every row, in row order.
    public private(set) var rowFamily: [ConstraintFamily] = []
    /// Each expert's candidate pairs (indices into `pairs`).
    private var pairsOfExpert: [[Int]] = []
    /// singleExpert: each pair's row x(e, r) - hours(r) y(e, r) = 0, with its y.
    private(set) var singleExpertLinks: [(pair: Int, row: ConstraintID, choice: VariableID)] = []
    /// maxAccounts: each z(e, a) with its rows x(e, r) - bound z(e, a) <= 0, one per pair of the account.
    private(set) var accountLinks: [(serves: VariableID, links: [(pair: Int, row: ConstraintID, bound: Double)])] = []

    public let expertIndex: [String: Int]
    public let accountIndex: [String: Int]

    /// Builds the model. `names` gives variables and rows readable names (for exported files);
    /// `tiers`, when the caller has them already, are `Tiering.assign(scenario)`.
    /// `accountIndex`: `accountIndex(scenario)`, when the caller has it already.
    public init(_ scenario: Scenario, names: Bool = false, tiers: [TierAssignment]? = nil, reference: ReferencePlan? = nil,
                accountIndex: [String: Int]? = nil) {
        self.scenario = scenario
        let policy = scenario.policy.allocation
        let tiers = tiers ?? Tiering.assign(scenario)
        let accountIndex = accountIndex ?? Self.accountIndex(scenario)
        var expertIndex: [String: Int] = [:]
        for (index, expert) in scenario.experts.enumerated() { expertIndex[expert.id] = index }

        let eligible = tiers.map { policy.eligibleTiers.contains($0.tier) }
        // V(a) = (b(a) / mean b over eligible accounts) ^ valueExponent; 1 when that mean is 0.
        let eligibleBasis = scenario.accounts.indices.filter { eligible[$0] }.map { scenario.accounts[$0].valueBasis }
        let mean = eligibleBasis.isEmpty ? 0 : eligibleBasis.reduce(0, +) / Double(eligibleBasis.count)
        var accountValue = scenario.accounts.indices.map { index -> Double in
            guard eligible[index] else { return 0 }
            return mean > 0 ? pow(scenario.accounts[index].valueBasis / mean, policy.valueExponent) : 1
        }
        // healthWeight (default 1: no effect) gives accounts at risk more value: H(a) = 1 +
        // (healthWeight - 1) x (1 - score / 100), score the customer's latest health score.
        if policy.healthWeight != 1 {
            for file in scenario.accountFiles {
                guard let a = accountIndex[file.account], let latest = file.financials.last,
                      let score = FinancialHealth(latest, policy: scenario.policy.health).score else { continue }
                accountValue[a] *= 1 + (policy.healthWeight - 1) * (1 - score / 100)
            }
        }
        let capacity = scenario.experts.map { $0.capacity(in: scenario.week) }
        self.bookable = scenario.experts.map { $0.bookableHours(in: scenario.week, policyCap: policy.maxUtilization) }
        self.tiers = tiers
        self.accountIndex = accountIndex
        self.expertIndex = expertIndex
        self.eligible = eligible
        self.accountValue = accountValue
        self.capacity = capacity

        let bySkill = Self.expertsBySkill(scenario, capacity: capacity)
        // (expert, account) pairs with history, as expert * accounts + account.
        var history = Set<Int>()
        for entry in scenario.history where entry.hours > 0 {
            if let e = expertIndex[entry.expert], let a = accountIndex[entry.account] {
                history.insert(e * scenario.accounts.count + a)
            }
        }
        var excluded = Set<Int>()
        for exclusion in scenario.exclusions {
            if let e = expertIndex[exclusion.expert], let a = accountIndex[exclusion.account] {
                excluded.insert(e * scenario.accounts.count + a)
            }
        }

        var pairs: [Pair] = []
        var ranges: [Range<Int>] = []
        var accountOfRequest: [Int] = []
        var minimum: [Double?] = []
        for (r, request) in scenario.requests.enumerated() {
            let a = accountIndex[request.account]!
            accountOfRequest.append(a)
            let start = pairs.count
            let account = scenario.accounts[a]
            let tier = tiers[a].tier
            if eligible[a] {
                let base = accountValue[a] * policy.tierWeight[tier, default: 0] * policy.stageWeight[account.stage, default: 0]
                    * policy.priorityWeight[request.priority, default: 0]
                for (e, proficiency) in bySkill[request.skill] ?? [] {
                    let expert = scenario.experts[e]
                    if request.onsite && expert.region != account.region { continue }
                    if !excluded.isEmpty && excluded.contains(e * scenario.accounts.count + a) { continue }
                    let continuity = history.contains(e * scenario.accounts.count + a) ? 1 + policy.continuityBonus : 1
                    pairs.append(Pair(expert: e, request: r, value: base * proficiency * continuity))
                }
            }
            ranges.append(start..<pairs.count)
            if eligible[a], let share = policy.minimumService[tier] {
                let level = Tiering.ceilingValue(share * request.hours)
                minimum.append(level > 0 ? level : nil)
            } else {
                minimum.append(nil)
            }
        }
        self.pairs = pairs
        self.pairRanges = ranges
        self.accountOfRequest = accountOfRequest
        self.minimum = minimum
        self.controls = PairControls(scenario: scenario, pairs: pairs, pairRanges: ranges, accountOfRequest: accountOfRequest,
                                     expertIndex: expertIndex, accountIndex: accountIndex, reference: reference)
        model = LinearModel(sense: .maximize, objectiveConstant: -controls.changePenalty * (controls.referenceHours - controls.keptByFixedPins))
        buildModel(names: names)
    }

    /// Experts with hours this week, by skill, in input order, with their proficiency.
    static func expertsBySkill(_ scenario: Scenario, capacity: [Double]) -> [String: [(expert: Int, proficiency: Double)]] {
        var bySkill: [String: [(expert: Int, proficiency: Double)]] = [:]
        for (index, expert) in scenario.experts.enumerated() where capacity[index] > 0 {
            for skill in expert.skills where skill.proficiency > 0 {
                bySkill[skill.name, default: []].append((index, skill.proficiency))
            }
        }
        return bySkill
    }

    /// How many candidate pairs the model of `scenario` will have, counted without building it
    /// (the same rule as the model: eligible account, the skill, hours this week, on site).
    public static func candidatePairCount(_ scenario: Scenario, tiers: [TierAssignment]? = nil, accountIndex: [String: Int]? = nil) -> Int {
        let tiers = tiers ?? Tiering.assign(scenario)
        let accountIndex = accountIndex ?? Self.accountIndex(scenario)
        let eligibleTiers = Set(scenario.policy.allocation.eligibleTiers)
        let bySkill = expertsBySkill(scenario, capacity: scenario.experts.map { $0.capacity(in: scenario.week) })
        var count = 0
        for request in scenario.requests {
            guard let a = accountIndex[request.account], eligibleTiers.contains(tiers[a].tier), let experts = bySkill[request.skill] else { continue }
            count += request.onsite ? experts.filter { scenario.experts[$0.expert].region == scenario.accounts[a].region }.count : experts.count
        }
        return count
    }

    /// Each account's index by its id (ids are unique in a valid scenario).
    public static func accountIndex(_ scenario: Scenario) -> [String: Int] {
        var index: [String: Int] = [:]
        index.reserveCapacity(scenario.accounts.count)
        for a in scenario.accounts.indices { index[scenario.accounts[a].id] = a }
        return index
    }

    /// Variables and rows (docs/scenario-format.md, "Weekly allocation"), one builder per constraint family.
    private mutating func buildModel(names: Bool) {
        var naming = ModelNames(enabled: names)
        addHoursVariables(&naming)
        addCapacityRows(&naming)
        addRequestRows(&naming)
        addMinimumServiceRows(&naming)
        addSingleExpertRows(&naming)
        addMaxAccountsRows(&naming)
        addAccountPinRows(&naming)
    }

    /// Adds a row of `family` and records it in the row map.
    @discardableResult
    private mutating func addRow(_ family: ConstraintFamily, _ constraint: Constraint) -> ConstraintID {
        let id = model.addConstraint(constraint)
        rowFamily.append(family)
        return id
    }

    /// x(e, r) >= 0 for every candidate pair, worth w(e, r) an hour.
    private mutating func addHoursVariables(_ naming: inout ModelNames) {
        let experts = scenario.experts, requests = scenario.requests
        hoursVariable.reserveCapacity(pairs.count)
        let penalty = controls.changePenalty
        keptVariable = [VariableID?](repeating: nil, count: pairs.count)
        for (index, pair) in pairs.enumerated() {
            let columns = controls.columns(of: index)
            hoursVariable.append(model.addVariable(
                naming.name("x", experts[pair.expert].id, requests[pair.request].id), bounds: columns.hours, objective: pair.value))
            if let kept = columns.kept {
                keptVariable[index] = model.addVariable(
                    naming.name("kept", experts[pair.expert].id, requests[pair.request].id), bounds: kept, objective: pair.value + penalty)
            }
        }
        pairsOfExpert = [[Int]](repeating: [], count: experts.count)
        for (index, pair) in pairs.enumerated() { pairsOfExpert[pair.expert].append(index) }
    }

    /// Expert capacity: sum_r x(e, r) <= capacity(e), for experts with candidates. Rows carry the
    /// lower bound 0 that x >= 0 implies anyway (and short(r) <= L below, sum + short <= max(L, hours)
    /// likewise cut off nothing optimal): with both bounds every row matches an arc of the flow
    /// network, so its optimal spanning tree is a valid GLPK basis (FlowBasis.swift).
    private mutating func addCapacityRows(_ naming: inout ModelNames) {
        let experts = scenario.experts
        capacityRow = experts.indices.map { e in
            guard !pairsOfExpert[e].isEmpty else { return nil }
            return addRow(.capacity, Constraint(
                name: naming.name("capacity", experts[e].id),
                terms: terms(ofPairs: pairsOfExpert[e]),
                bounds: .range(controls.expertFloor[e], bookable[e])))
        }
    }

    /// Request: sum_e x(e, r) <= hours(r), for requests with candidates.
    private mutating func addRequestRows(_ naming: inout ModelNames) {
        requestRow = [ConstraintID?](repeating: nil, count: scenario.requests.count)
        for (r, request) in scenario.requests.enumerated() where !pairRanges[r].isEmpty {
            requestRow[r] = addRow(.request, Constraint(name: naming.name("request", request.id), terms: terms(of: r),
                                                        bounds: .range(controls.requestFloor[r], request.hours)))
        }
    }

    /// Minimum service: sum_e x(e, r) + short(r) >= L, even for requests without candidates;
    /// short(r) costs the shortfall penalty times the tier weight.
    private mutating func addMinimumServiceRows(_ naming: inout ModelNames) {
        let policy = scenario.policy.allocation
        shortVariable = [VariableID?](repeating: nil, count: scenario.requests.count)
        minimumRow = [ConstraintID?](repeating: nil, count: scenario.requests.count)
        for (r, request) in scenario.requests.enumerated() {
            guard let level = minimum[r] else { continue }
            let tier = tiers[accountOfRequest[r]].tier
            let supplied = pairRanges[r].isEmpty ? 0 : request.hours
            // Pinned floors P of the request's pairs: at least min(P, L) of L is met, and above L
            // the row's activity is at least P (FlowBasis: the floors are flow sent in advance).
            let floor = controls.requestFloor[r]
            let shareArc = min(level, request.hours)
            let short = model.addVariable(naming.name("short", request.id),
                                          bounds: .range(max(0, level - supplied), level - min(floor, shareArc)),
                                          objective: -policy.shortfallPenalty * policy.tierWeight[tier, default: 0])
            shortVariable[r] = short
            minimumRow[r] = addRow(.minimumService, Constraint(
                name: naming.name("minimum", request.id), terms: terms(of: r) + [Term(variable: short, coefficient: 1)],
                bounds: .range(level + max(0, floor - shareArc), max(level, supplied))))
        }
    }

    /// singleExpert: x(e, r) = hours(r) * y(e, r) with y binary, sum_e y(e, r) <= 1.
    private mutating func addSingleExpertRows(_ naming: inout ModelNames) {
        let experts = scenario.experts
        for (r, request) in scenario.requests.enumerated() where request.singleExpert && !pairRanges[r].isEmpty {
            var choices: [Term] = []
            for index in pairRanges[r] {
                let expert = experts[pairs[index].expert].id
                let y = model.addVariable(naming.name("single", expert, request.id), kind: .binary)
                binaryCount += 1
                let row = addRow(.singleExpert, Constraint(
                    name: naming.name("all", expert, request.id),
                    terms: pairTerms(index) + [Term(variable: y, coefficient: -request.hours)],
                    bounds: .fixed(0)))
                singleExpertLinks.append((index, row, y))
                choices.append(Term(variable: y, coefficient: 1))
            }
            addRow(.singleExpert, Constraint(name: naming.name("oneExpert", request.id), terms: choices, bounds: .upper(1)))
        }
    }

    /// maxAccounts: x(e, r) <= min(hours(r), capacity(e)) * z(e, a) with z binary, sum_a z(e, a) <=
    /// maxAccounts; only where the expert's candidates span more accounts than allowed.
    private mutating func addMaxAccountsRows(_ naming: inout ModelNames) {
        let requests = scenario.requests
        for (e, expert) in scenario.experts.enumerated() {
            guard let limit = expert.maxAccounts, !pairsOfExpert[e].isEmpty else { continue }
            let distinct = Set(pairsOfExpert[e].map { accountOfRequest[pairs[$0].request] })
            guard distinct.count > limit else { continue }
            var accountVariable: [Int: VariableID] = [:]
            var links: [Int: [(pair: Int, row: ConstraintID, bound: Double)]] = [:]
            var order: [Int] = []
            for index in pairsOfExpert[e] {
                let pair = pairs[index]
                let a = accountOfRequest[pair.request]
                let z: VariableID
                if let existing = accountVariable[a] {
                    z = existing
                } else {
                    z = model.addVariable(naming.name("serves", expert.id, scenario.accounts[a].id), kind: .binary)
                    binaryCount += 1
                    accountVariable[a] = z
                    order.append(a)
                }
                let bound = min(requests[pair.request].hours, bookable[e])
                let row = addRow(.maxAccounts, Constraint(
                    name: naming.name("link", expert.id, requests[pair.request].id),
                    terms: pairTerms(index) + [Term(variable: z, coefficient: -bound)],
                    bounds: .upper(0)))
                links[a, default: []].append((index, row, bound))
            }
            for a in order { accountLinks.append((accountVariable[a]!, links[a]!)) }
            addRow(.maxAccounts, Constraint(
                name: naming.name("maxAccounts", expert.id), terms: order.map { Term(variable: accountVariable[$0]!, coefficient: 1) },
                bounds: .upper(Double(limit))))
        }
    }

    /// An account pin: sum of the expert's hours on the account's requests == (or >=) the pin.
    private mutating func addAccountPinRows(_ naming: inout ModelNames) {
        accountPinRow = [ConstraintID?](repeating: nil, count: scenario.pins.count)
        for (k, pin) in scenario.pins.enumerated() {
            guard case .account(let id) = pin.target, let e = expertIndex[pin.expert], let a = accountIndex[id] else { continue }
            let terms = pairsOfExpert[e].filter { accountOfRequest[pairs[$0].request] == a }.flatMap { pairTerms($0) }
            accountPinRow[k] = addRow(.accountPin, Constraint(
                name: naming.name("pin", pin.expert, id), terms: terms,
                bounds: pin.mode == .exactly ? .fixed(pin.hours) : .lower(pin.hours)))
        }
    }

    /// The columns of pair `index` as row terms: x(e, r), and kept(e, r) when it has one.
    private func pairTerms(_ index: Int) -> [Term] {
        guard let kept = keptVariable[index] else { return [Term(variable: hoursVariable[index], coefficient: 1)] }
        return [Term(variable: hoursVariable[index], coefficient: 1), Term(variable: kept, coefficient: 1)]
    }

    /// The hours columns of request r as row terms.
    private func terms(of r: Int) -> [Term] {
        terms(ofPairs: pairRanges[r])
    }

    private func terms(ofPairs indices: some Collection<Int>) -> [Term] {
        guard controls.hasKeptColumns else { return indices.map { Term(variable: hoursVariable[$0], coefficient: 1) } }
        return indices.flatMap { pairTerms($0) }
    }

    /// Hours of every pair in a solution: x, plus kept where the pair has it.
    public func pairHours(_ value: (VariableID) -> Double) -> [Double] {
        pairs.indices.map { index in value(hoursVariable[index]) + (keptVariable[index].map(value) ?? 0) }
    }

    /// True when every row belongs to a family of the flow network (capacity, request, minimum
    /// service) and there are no binaries: the LP is then a min-cost flow (FlowBasis).
    public var isPureNetwork: Bool {
        binaryCount == 0 && rowFamily.allSatisfy(\.isNetwork)
    }

    /// Adds a side constraint (used to force a request in `kam recommend`).
    mutating func addRow(_ constraint: Constraint) {
        addRow(.side, constraint)
    }

    /// The objective recomputed from hours by the formula of docs/scenario-format.md (value of the hours
    /// minus the penalty for every hour below the minimum service level).
    public func objective(hours: [Double]) -> Double {
        let policy = scenario.policy.allocation
        var total = 0.0
        for (index, pair) in pairs.enumerated() where hours[index] != 0 { total += pair.value * hours[index] }
        for r in scenario.requests.indices {
            guard let level = minimum[r] else { continue }
            let allocated = pairRanges[r].reduce(0.0) { $0 + hours[$1] }
            let tier = tiers[accountOfRequest[r]].tier
            total -= policy.shortfallPenalty * policy.tierWeight[tier, default: 0] * max(0, level - allocated)
        }
        return total
    }
}

/// Readable, unique names for exported models: `x(e_wang,r_bank_sec)`. Characters other than
/// letters, digits and `_` become `_` (CPLEX LP and MPS reject many); a clash gets `~2`, `~3`...
struct ModelNames {
    let enabled: Bool
    private var used = Set<String>()

    init(enabled: Bool) { self.enabled = enabled }

    mutating func name(_ kind: String, _ parts: String...) -> String? {
        guard enabled else { return nil }
        let cleaned = parts.map { part in
            String(part.unicodeScalars.map { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "_" ? Character($0) : "_" })
        }
        var base = "\(kind)(\(cleaned.joined(separator: ",")))"
        if base.utf8.count > 200 { base = String(base.prefix(200)) }
        var candidate = base
        var suffix = 2
        while used.contains(candidate) {
            candidate = "\(base)~\(suffix)"
            suffix += 1
        }
        used.insert(candidate)
        return candidate
    }
}
