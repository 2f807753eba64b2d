import Scenarios

/// Dynamic tiers: the tiers of this period against earlier ones (scenario files of earlier
/// periods, most recent first). Who moved up or down and why; and the watch list, the accounts
/// sliding: their basis fell in each of the last two periods (act before the tier drops).
public struct TierChanges: Sendable {
    public struct Move: Sendable, Hashable {
        public enum Direction: String, Sendable, Hashable { case up, down }
        /// What moved the account, in short (JSON's `cause`).
        public enum Cause: String, Sendable, Hashable {
            /// Its own basis moved it past the tier's old cut.
            case basis
            /// The cut moved, not the account: by the old cut it would still be (or already have
            /// been) in its tier; the number of accounts above the cut changed.
            case cut
            /// Its basis did not fall, yet other accounts overtook it (a move down).
            case overtaken
            /// Its basis did not rise, yet accounts above it fell behind it (a move up).
            case passed
            /// A tier set by hand, or no longer.
            case hand
        }

        public var account: String
        public var direction: Direction
        public var from: Tier
        public var to: Tier
        public var cause: Cause
        /// The reason in words: the basis and rank then and now, and what moved the account when
        /// its own change does not explain the move; or a tier set by hand.
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
        let cuts = (now: Cuts(periods[0]), before: Cuts(periods[1]))
        for account in current.accounts {
            let now = tiers[0][account.id]!
            if let before = tiers[1][account.id], before.tier != now.tier {
                let direction: Move.Direction = order[now.tier]! < order[before.tier]! ? .up : .down
                let (cause, why) = Self.why(before: before, now: now, basis: kind.rawValue, cuts: cuts,
                                            previous: tiers[1], current: periods[0])
                moves.append(Move(account: account.id, direction: direction, from: before.tier, to: now.tier, cause: cause, why: why))
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

    /// Each tier's cut in one period: the last rank (and its basis) of the accounts ranked into
    /// that tier or a better one (tiers set by hand left out), and how many accounts were ranked.
    struct Cuts {
        var lastRank: [Tier: Int] = [:]
        var basisAtCut: [Tier: Double] = [:]
        var ranked = 0

        init(_ assignments: [TierAssignment]) {
            let order = Tier.allCases
            for assignment in assignments {
                guard let rank = assignment.rank else { continue }
                ranked += 1
                guard assignment.source != .explicit, let position = order.firstIndex(of: assignment.tier) else { continue }
                for tier in order[position...] where rank > lastRank[tier, default: 0] {
                    lastRank[tier] = rank
                    basisAtCut[tier] = assignment.basis
                }
            }
        }

        /// "rank 3 (profit 420) of 15 ranked", or "no rank" when nobody was ranked into the tier.
        func describe(_ tier: Tier, basis: String) -> String {
            guard let rank = lastRank[tier] else { return "no rank (no account in it), \(ranked) ranked" }
            return "rank \(rank) (\(basis) \(NumberFormat.grouped(basisAtCut[tier] ?? 0))) of \(ranked) ranked"
        }
    }

    /// Why an account moved: its own basis and rank, then what moved it when that is not its own
    /// change. `previous`: last period's tiers by account; `current`: this period's, in order.
    static func why(before: TierAssignment, now: TierAssignment, basis: String, cuts: (now: Cuts, before: Cuts),
                    previous: [String: TierAssignment], current: [TierAssignment]) -> (Move.Cause, String) {
        if now.source == .explicit { return (.hand, "set by hand to \(now.tier.rawValue)") }
        if before.source == .explicit { return (.hand, "no longer set by hand; \(basis) \(NumberFormat.grouped(now.basis))") }
        let rank = { (a: TierAssignment) in a.rank.map(String.init) ?? "none" }
        let own = "\(basis) \(NumberFormat.grouped(before.basis)) → \(NumberFormat.grouped(now.basis)), rank \(rank(before)) → \(rank(now))"
        let up = Tier.allCases.firstIndex(of: now.tier)! < Tier.allCases.firstIndex(of: before.tier)!
        // The tier whose cut decides: the one it entered (up) or the one it left (down).
        let tier = up ? now.tier : before.tier
        let oldCut = cuts.before.lastRank[tier] ?? 0
        let position = now.rank ?? Int.max
        // By last period's cut, where would its rank now put it?
        let movedByItsRank = up ? position <= oldCut : position > oldCut
        guard movedByItsRank else {
            return (.cut, own + "; the \(tier.rawValue) cut moved, not the account: from \(cuts.before.describe(tier, basis: basis)) to \(cuts.now.describe(tier, basis: basis))")
        }
        if up ? now.basis > before.basis : now.basis < before.basis { return (.basis, own) }
        // Its rank moved while its basis did not: the accounts that crossed it (new accounts ranked
        // above it count as overtaking it; accounts gone or no longer ranked as falling behind).
        guard let mineBefore = before.rank else { return (.basis, own) }
        let rankNow = Dictionary(current.compactMap { a in a.rank.map { (a.account, $0) } }, uniquingKeysWith: { a, _ in a })
        var others: [String] = []
        if up {
            for (id, old) in previous where id != now.account {
                guard let otherBefore = old.rank, otherBefore < mineBefore else { continue }
                if (rankNow[id] ?? Int.max) > position { others.append(id) }
            }
            others.sort { previous[$0]!.rank! < previous[$1]!.rank! }
        } else {
            for other in current where other.account != now.account {
                guard let otherNow = other.rank, otherNow < position else { continue }
                if (previous[other.account]?.rank ?? Int.max) > mineBefore { others.append(other.account) }
            }
        }
        let names = others.prefix(3).joined(separator: ", ") + (others.count > 3 ? " and \(others.count - 3) more" : "")
        if others.isEmpty { return (.basis, own) }
        return up ? (.passed, own + "; \(names) fell behind it") : (.overtaken, own + "; overtaken by \(names)")
    }
}
