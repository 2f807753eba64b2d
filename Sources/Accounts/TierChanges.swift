import Scenarios

/// Dynamic tiers: the tiers of this period against earlier ones (scenario files of earlier
/// periods, most recent first). Who moved up or down and why; and the watch list, the accounts
/// sliding: their basis fell in each of the last two periods (act before the tier drops).
public struct TierChanges: Sendable {
    public struct Move: Sendable, Hashable {
        public enum Direction: String, Sendable, Hashable { case up, down }
        public var account: String
        public var direction: Direction
        public var from: Tier
        public var to: Tier
        /// The reason in words: the basis and rank then and now, or a tier set by hand.
        public var why: String
    }

    public struct Watch: Sendable, Hashable {
        public var account: String
        public var tier: Tier
        /// The basis in each period, oldest first (the scenarios', then this one).
        public var bases: [Double]
        public var why: String
    }

    /// The previous period's name (its scenario's).
    public let since: String
    /// In account order; accounts new this period are not moves.
    public let moves: [Move]
    public let watch: [Watch]

    /// `previous`: earlier periods, most recent first (at least one).
    public init(current: Scenario, previous: [Scenario]) {
        precondition(!previous.isEmpty, "TierChanges needs an earlier period")
        self.init(current: current, periods: previous.map { (name: $0.name, tiers: Tiering.assign($0)) })
    }

    /// `previous`: the tiers of earlier periods as they were recorded (a workspace's published
    /// plans), most recent first, each with its name.
    public init(current: Scenario, recorded previous: [(name: String, tiers: [TierAssignment])]) {
        precondition(!previous.isEmpty, "TierChanges needs an earlier period")
        self.init(current: current, periods: previous)
    }

    private init(current: Scenario, periods previous: [(name: String, tiers: [TierAssignment])]) {
        let kind = current.policy.tiering.effectiveBasis
        let periods = [Tiering.assign(current)] + previous.map(\.tiers)  // newest first
        let tiers = periods.map { assignments in
            Dictionary(assignments.map { ($0.account, $0) }, uniquingKeysWith: { a, _ in a })
        }
        let order = Dictionary(uniqueKeysWithValues: Tier.allCases.enumerated().map { ($0.element, $0.offset) })
        since = previous[0].name
        var moves: [Move] = []
        var watch: [Watch] = []
        for account in current.accounts {
            let now = tiers[0][account.id]!
            if let before = tiers[1][account.id], before.tier != now.tier {
                let direction: Move.Direction = order[now.tier]! < order[before.tier]! ? .up : .down
                moves.append(Move(account: account.id, direction: direction, from: before.tier, to: now.tier,
                                  why: Self.why(before: before, now: now, basis: kind.rawValue)))
            }
            // Sliding: the basis fell in each of the last two periods.
            let bases = tiers.prefix(3).map { $0[account.id]?.basis }
            if bases.count == 3, let newest = bases[0], let middle = bases[1], let oldest = bases[2], newest < middle, middle < oldest {
                let values = [oldest, middle, newest]
                watch.append(Watch(account: account.id, tier: now.tier, bases: values,
                                   why: "\(kind.rawValue) fell two periods in a row: " + values.map { NumberFormat.grouped($0) }.joined(separator: " → ")))
            }
        }
        self.moves = moves
        self.watch = watch
    }

    static func why(before: TierAssignment, now: TierAssignment, basis: String) -> String {
        if now.source == .explicit { return "set by hand to \(now.tier.rawValue)" }
        if before.source == .explicit { return "no longer set by hand; \(basis) \(NumberFormat.grouped(now.basis))" }
        let rank = { (a: TierAssignment) in a.rank.map(String.init) ?? "none" }
        return "\(basis) \(NumberFormat.grouped(before.basis)) → \(NumberFormat.grouped(now.basis)), rank \(rank(before)) → \(rank(now))"
    }
}
