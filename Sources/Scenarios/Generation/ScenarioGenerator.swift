import Foundation

/// Synthetic but realistic scenarios for demos and benchmarks: revenues skewed like real
/// customer books (Pareto, so about 20% of accounts bring 80% of revenue), regions, managers
/// with about 100 accounts each, experts with a few skills each, requests for the key accounts,
/// and some history. Like a real supplier, the skill catalogue grows with the expert pool (about
/// 15 experts a skill), requests name skills the pool has, and the key accounts ask for about 90%
/// of the experts' hours, so most platinum requests are met and gold competes for the rest.
/// The same parameters and seed give the same scenario on every machine.
public struct ScenarioGenerator: Sendable {
    public var customers: Int
    public var experts: Int
    public var seed: UInt64
    public var week: ISOWeek
    /// Add `singleExpert` requests and `maxAccounts` experts (the allocation becomes a MIP).
    public var withBinaries: Bool
    /// Crowded visit weeks: a manager per ~160 customers, each owning accounts in every region
    /// (about 20 due visits a week over 6 regions at 40,000 customers), the visits benchmark.
    public var crowdedVisits: Bool

    public init(customers: Int, experts: Int, seed: UInt64, week: ISOWeek, withBinaries: Bool = false, crowdedVisits: Bool = false) {
        self.customers = customers
        self.experts = experts
        self.seed = seed
        self.week = week
        self.withBinaries = withBinaries
        self.crowdedVisits = crowdedVisits
    }

    static let regions = ["east", "north", "south", "west", "central", "northeast", "southwest", "northwest"]
    static let surnames = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"]
    static let givenNames = ["Wei", "Fang", "Na", "Min", "Jing", "Lei", "Jun", "Yang", "Yong", "Jie", "Tao", "Ming", "Chao", "Xia", "Ping", "Gang", "Hui", "Lin", "Qiang", "Yan"]
    static let industries = ["Bank", "Insurance", "Telecom", "Retail", "Hospital", "Motors", "Logistics", "Energy", "Pharma", "Steel", "Airlines", "Media", "Foods", "Securities", "Utilities", "Electronics"]
    static let companyWords = ["Eastern", "Golden", "Pacific", "Jade", "Summit", "Harbor", "Crimson", "Evergreen", "Silver", "Northern", "Great Wall", "Lotus", "Phoenix", "Bright", "Orient", "Delta"]
    /// Skills, most demanded first; both demand and supply fall off gently along the list.
    /// About 100 specific skills keep the candidate experts per request realistic (~20 at 40,000
    /// customers and 1,500 experts, ~97,000 candidate pairs in all).
    static let skills: [String] = {
        let areas = ["network", "security", "cloud", "data", "storage", "database", "erp", "crm", "compliance", "devops",
                     "ai", "iot", "voip", "sdwan", "wifi", "firewall", "backup", "virtualization", "kubernetes", "linux"]
        let flavours = ["", "-design", "-ops", "-audit", "-migration"]
        return flavours.flatMap { flavour in areas.map { $0 + flavour } }
    }()

    /// Skills in this book's catalogue: about 15 experts a skill, at least 8, at most 100.
    var skillCount: Int { min(Self.skills.count, max(8, experts / 15)) }

    /// Share of the experts' hours that the key accounts' requests ask for.
    static let demandShare = 0.9

    public func generate() -> Scenario {
        var random = SplitMix64(seed: seed)
        let catalogue = Array(Self.skills.prefix(skillCount))
        let regionCount = min(Self.regions.count, max(1, customers / 50 + 1))
        let regions = Array(Self.regions.prefix(regionCount))

        // Managers: about one per 100 customers (160 when crowded), spread over the regions.
        let managerCount = max(1, crowdedVisits ? (customers + 159) / 160 : (customers + 99) / 100)
        var managers: [Manager] = []
        for index in 0..<managerCount {
            let region = regions[index % regions.count]
            managers.append(Manager(id: "m\(pad(index + 1, managerCount))", name: personName(&random), region: region))
        }
        var managersByRegion: [String: [String]] = [:]
        for manager in managers { managersByRegion[manager.region!, default: []].append(manager.id) }

        let allManagers = managers.map(\.id)
        // Accounts: Pareto revenues (alpha 1.16 gives the 80/20 shape), margins around 15%.
        var accounts: [Account] = []
        accounts.reserveCapacity(customers)
        for index in 0..<customers {
            let region = regions[random.below(regions.count)]
            // A manager owns accounts of the own region; a crowded one, of every region.
            let owners = crowdedVisits ? allManagers : managersByRegion[region] ?? allManagers
            let revenue = (100 * pow(1 - random.unit(), -1 / 1.16)).rounded()
            let margin = max(-0.1, min(0.45, 0.15 + 0.08 * random.normal()))
            let stageRoll = random.unit()
            var account = Account(
                id: "c\(pad(index + 1, customers))",
                name: "\(Self.companyWords[random.below(Self.companyWords.count)]) \(Self.industries[random.below(Self.industries.count)]) \(index + 1)",
                manager: owners[random.below(owners.count)], region: region, revenue: revenue,
                profit: (revenue * margin).rounded(),
                stage: stageRoll < 0.15 ? .establish : stageRoll < 0.8 ? .stabilize : .strengthen)
            if random.unit() < 0.01 { account.oneOffPurchase = true }
            if random.unit() < 0.002 { account.tier = [Tier.platinum, .gold, .iron][random.below(3)] }
            if random.unit() < 0.7 { account.lastVisit = week.monday.adding(days: -(1 + random.below(120))) }
            accounts.append(account)
        }

        // Experts: one to three skills, popular skills more common; mostly full time.
        var expertList: [Expert] = []
        for index in 0..<experts {
            var skills: [Skill] = []
            let count = 1 + random.below(3)
            while skills.count < count {
                let name = catalogue[random.skewedIndex(catalogue.count, skew: 0.3)]
                if !skills.contains(where: { $0.name == name }) {
                    skills.append(Skill(name, proficiency: 0.5 + Double(random.below(11)) / 20))
                }
            }
            let hoursRoll = random.unit()
            var expert = Expert(
                id: "e\(pad(index + 1, experts))", name: personName(&random), region: regions[random.below(regions.count)],
                weeklyHours: hoursRoll < 0.75 ? 40 : hoursRoll < 0.9 ? 32 : hoursRoll < 0.97 ? 24 : 16, skills: skills)
            if random.unit() < 0.03 { expert.unavailableWeeks = [week] }
            if withBinaries && random.unit() < 0.05 { expert.maxAccounts = 2 + random.below(3) }
            expertList.append(expert)
        }

        // Requests: the top 5% of accounts by revenue (the default pyramid's platinum and gold)
        // ask for one to four skills the pool has; a few iron accounts ask too (they are not eligible).
        // On site only where an expert with the skill works in the account's region.
        var offered: [String] = []
        var offeredInRegion = Set<String>()
        for expert in expertList {
            for skill in expert.skills {
                if !offered.contains(skill.name) { offered.append(skill.name) }
                offeredInRegion.insert("\(expert.region ?? "")/\(skill.name)")
            }
        }
        offered.sort { catalogue.firstIndex(of: $0)! < catalogue.firstIndex(of: $1)! }
        let byRevenue = accounts.indices.sorted { accounts[$0].revenue != accounts[$1].revenue ? accounts[$0].revenue > accounts[$1].revenue : accounts[$0].id < accounts[$1].id }
        let keyCount = Int((0.05 * Double(customers)).rounded(.up))
        let ironCount = Int((0.2 * Double(customers)).rounded(.up))
        var requests: [ExpertRequest] = []
        var history: [HistoryEntry] = []
        var requestNumber = 0
        let hoursChoices: [Double] = [4, 8, 8, 12, 16, 16, 20, 24, 32, 40]
        let priorities: [Priority] = [.low, .normal, .normal, .normal, .high, .high, .critical]
        func addRequests(for account: Account, count: Int) {
            var used: [String] = []
            for _ in 0..<count where !offered.isEmpty {
                let skill = offered[random.skewedIndex(offered.count, skew: 0.3)]
                if used.contains(skill) { continue }
                used.append(skill)
                requestNumber += 1
                var request = ExpertRequest(
                    id: "r\(requestNumber)", account: account.id, skill: skill,
                    hours: hoursChoices[random.below(hoursChoices.count)], priority: priorities[random.below(priorities.count)],
                    onsite: random.unit() < 0.3 && offeredInRegion.contains("\(account.region ?? "")/\(skill)"),
                    requestedBy: random.unit() < 0.5 ? account.manager : nil)
                if withBinaries && random.unit() < 0.03 { request.singleExpert = true }
                requests.append(request)
            }
        }
        for (position, index) in byRevenue.enumerated() {
            let account = accounts[index]
            if position < keyCount {
                addRequests(for: account, count: 1 + random.below(4))
                if random.unit() < 0.3, let expert = pickExpert(for: requests.last!.skill, in: expertList, &random) {
                    history.append(HistoryEntry(expert: expert, account: account.id, hours: hoursChoices[random.below(hoursChoices.count)]))
                }
            } else if position < ironCount && random.unit() < 0.02 {
                addRequests(for: account, count: 1)
            }
        }
        // Scale the hours so that the key accounts ask for `demandShare` of the capacity (whole
        // hours, at least 2 a request); a book with more capacity than that keeps its hours.
        let capacity = expertList.reduce(0) { $0 + $1.capacity(in: week) }
        let demand = requests.reduce(0) { $0 + $1.hours }
        if demand > Self.demandShare * capacity, demand > 0 {
            let factor = Self.demandShare * capacity / demand
            for index in requests.indices { requests[index].hours = max(2, (requests[index].hours * factor).rounded()) }
        }
        return Scenario(
            name: "generated \(customers) customers, \(experts) experts, seed \(seed)", week: week,
            managers: managers, experts: expertList, accounts: accounts, requests: requests, history: history)
    }

    private func pickExpert(for skill: String, in experts: [Expert], _ random: inout SplitMix64) -> String? {
        for _ in 0..<20 {
            let expert = experts[random.below(experts.count)]
            if expert.proficiency(in: skill) != nil { return expert.id }
        }
        return nil
    }

    private func personName(_ random: inout SplitMix64) -> String {
        "\(Self.givenNames[random.below(Self.givenNames.count)]) \(Self.surnames[random.below(Self.surnames.count)])"
    }

    /// Zero-padded to the width of `total`, so ids sort in creation order.
    private func pad(_ number: Int, _ total: Int) -> String {
        String(zeroPadded: number, width: String(total).count)
    }
}

/// SplitMix64: a small, fast generator with the same sequence on every platform (Swift's own
/// random numbers are not reproducible from a seed).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    /// Uniform in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
        let u = max(unit(), 1e-12)
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * unit())
    }

    /// An index in 0..<count, small indices more likely (Zipf-like with exponent `skew`).
    mutating func skewedIndex(_ count: Int, skew: Double) -> Int {
        let x = pow(unit(), 1 + skew)
        return min(count - 1, Int(x * Double(count)))
    }
}
