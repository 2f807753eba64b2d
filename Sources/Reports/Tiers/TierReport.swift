import Accounts
import Scenarios

/// `kam tiers`: per account its tier, source, basis, rank and flags, then the 80/20 summary.
public struct TierReport: Sendable {
    public let scenario: Scenario
    public let assignments: [TierAssignment]
    public let summary: TierSummary
    /// What to look at again per account (health and fake-key-account flags), in account order.
    public let reviews: [AccountReview]
    /// Against earlier periods, when given.
    public let changes: TierChanges?

    /// `previous`: scenarios of earlier periods, most recent first (dynamic tiers).
    public init(_ scenario: Scenario, previous: [Scenario] = []) {
        self.init(scenario, changes: previous.isEmpty ? nil : TierChanges(current: scenario, previous: previous))
    }

    /// `recorded`: the tiers of earlier weeks as a workspace's published plans recorded them, most
    /// recent first.
    public init(_ scenario: Scenario, recorded: [(name: String, tiers: [TierAssignment])]) {
        self.init(scenario, changes: recorded.isEmpty ? nil : TierChanges(current: scenario, recorded: recorded))
    }

    private init(_ scenario: Scenario, changes: TierChanges?) {
        self.scenario = scenario
        assignments = Tiering.assign(scenario)
        summary = TierSummary(scenario, assignments)
        reviews = AccountReview.all(scenario)
        self.changes = changes
    }

    public enum Format: String, Sendable, CaseIterable { case table, json, csv }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .table: table()
        case .json: json().rendered()
        case .csv: csv()
        }
    }

    private var basisName: String { scenario.policy.tiering.effectiveBasis.rawValue }

    func table() -> String {
        let tiering = scenario.policy.tiering
        var out = "\(scenario.name), \(scenario.week): \(NumberFormat.count(scenario.accounts.count, "account")), tiered by \(tiering.method.rawValue) on \(basisName)\n\n"
        let reviewed = reviews.contains { !$0.items.isEmpty || $0.health?.score != nil }
        var columns: [(String, TextTable.Alignment)] = [("account", .left), ("name", .left), ("tier", .left), ("source", .left), (basisName, .right), ("rank", .right), ("flags", .left)]
        if reviewed { columns += [("health", .right), ("review", .left)] }
        var accounts = TextTable(columns)
        for ((account, assignment), review) in zip(zip(scenario.accounts, assignments), reviews) {
            var row = [account.id, account.name, assignment.tier.rawValue, assignment.source.rawValue,
                       NumberFormat.grouped(assignment.basis), assignment.rank.map(String.init) ?? "-",
                       assignment.flags.map(\.rawValue).joined(separator: " ")]
            if reviewed { row += [review.health?.score.map { NumberFormat.plain($0, decimals: 0) } ?? "", review.flags.map(\.rawValue).joined(separator: " ")] }
            accounts.add(row)
        }
        out += accounts.rendered() + "\n"
        var tiers = TextTable([("tier", .left), ("accounts", .right), ("of accounts", .right), ("revenue", .right),
                               ("of revenue", .right), ("profit", .right), ("of profit", .right)])
        for row in summary.rows {
            tiers.add([row.tier.rawValue, String(row.accounts), NumberFormat.percent(row.accountShare), NumberFormat.grouped(row.revenue),
                       NumberFormat.percent(row.revenueShare), NumberFormat.grouped(row.profit), NumberFormat.percent(row.profitShare)])
        }
        tiers.add(["total", String(summary.totalAccounts), summary.totalAccounts > 0 ? "100%" : "-", NumberFormat.grouped(summary.totalRevenue),
                   summary.totalRevenue > 0 ? "100%" : "-", NumberFormat.grouped(summary.totalProfit), summary.totalProfit > 0 ? "100%" : "-"])
        out += tiers.rendered()
        let key = summary.rows.filter { $0.tier == .platinum || $0.tier == .gold }
        let keyAccounts = key.reduce(0) { $0 + $1.accountShare }
        let keyRevenue = key.reduce(0) { $0 + $1.revenueShare }
        out += "\nKey accounts (platinum + gold): \(NumberFormat.percent(keyAccounts)) of accounts, \(NumberFormat.percent(keyRevenue)) of revenue.\n"
        let toReview = Self.toReview(assignments: assignments, reviews: reviews)
        if !toReview.isEmpty {
            out += "To review: " + toReview.map { "\($0.account) (\($0.flags.joined(separator: ", ")))" }.joined(separator: "; ") + "\n"
            for entry in toReview where !entry.reasons.isEmpty {
                out += "  \(entry.account): " + entry.reasons.joined(separator: "; ") + "\n"
            }
        }
        if let changes {
            out += "\nSince \(changes.since):" + (changes.moves.isEmpty ? " no account changed tier.\n" : "\n")
            if !changes.moves.isEmpty {
                var table = TextTable([("account", .left), ("moved", .left), ("from", .left), ("to", .left), ("why", .left)])
                for move in changes.moves { table.add([move.account, move.direction.rawValue, move.from.rawValue, move.to.rawValue, move.why]) }
                out += table.rendered()
            }
            if !changes.watch.isEmpty {
                out += "Watch list (sliding two periods in a row): " + changes.watch.map { "\($0.account) (\($0.tier.rawValue); \($0.why))" }.joined(separator: "; ") + "\n"
            }
        }
        return out
    }

    /// The `tiers` list of the plan format (with basis and rank added) and the summary.
    public func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("scenario", .string(scenario.name)),
            ("week", .string(scenario.week.description)),
            ("method", .string(scenario.policy.tiering.method.rawValue)),
            ("by", .string(basisName)),
            ("tiers", .array(zip(assignments, reviews).map { Self.json($0, review: $1) })),
            ("summary", .array(summary.rows.map { row in
                .object([
                    ("tier", .string(row.tier.rawValue)), ("accounts", .number(row.accounts)),
                    ("accountShare", .number(row.accountShare)), ("revenue", .number(row.revenue)),
                    ("revenueShare", .number(row.revenueShare)), ("profit", .number(row.profit)),
                    ("profitShare", .number(row.profitShare)),
                ])
            })),
        ]
        if let changes {
            pairs.append(("changes", .object([("since", .string(changes.since)),
                ("moves", .array(changes.moves.map { move in
                    .object([("account", .string(move.account)), ("direction", .string(move.direction.rawValue)),
                             ("from", .string(move.from.rawValue)), ("to", .string(move.to.rawValue)), ("cause", .string(move.cause.rawValue)),
                             ("why", .string(move.why))])
                })),
                ("watch", .array(changes.watch.map { entry in
                    .object([("account", .string(entry.account)), ("tier", .string(entry.tier.rawValue)),
                             ("bases", .array(entry.bases.map { .number($0) })), ("why", .string(entry.why))])
                }))])))
        }
        return .object(pairs)
    }

    /// One entry of the plan's `tiers` list; `review` (kam's addition) when there is something to review.
    public static func json(_ assignment: TierAssignment, review: AccountReview? = nil) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("account", .string(assignment.account)), ("tier", .string(assignment.tier.rawValue)),
            ("source", .string(assignment.source.rawValue)), ("basis", .number(assignment.basis)),
            ("rank", assignment.rank.map { .number($0) } ?? .null),
            ("flags", .array(assignment.flags.map { .string($0.rawValue) })),
        ]
        if let review, !review.items.isEmpty {
            pairs.append(("review", .array(review.items.map { .object([("flag", .string($0.flag.rawValue)), ("reason", .string($0.reason))]) })))
        }
        return .object(pairs)
    }

    /// An account to look at again: a key account (platinum or gold) with tier flags, or any
    /// account with health or fake-key-account flags (not `strategic` alone).
    public struct ToReview: Sendable, Hashable {
        public var account: String
        public var tier: Tier
        public var flags: [String]
        /// The review flags' reasons, in words.
        public var reasons: [String]
        /// The customer's health score, when its file has financials.
        public var health: Double?
    }

    /// The accounts to review, in account order.
    public static func toReview(assignments: [TierAssignment], reviews: [AccountReview]) -> [ToReview] {
        zip(assignments, reviews).compactMap { assignment, review in
            let key = assignment.tier == .platinum || assignment.tier == .gold
            let items = review.items.filter { $0.flag != .strategic }
            let tierFlags = key ? assignment.flags.map(\.rawValue) : []
            guard !tierFlags.isEmpty || !items.isEmpty else { return nil }
            return ToReview(account: assignment.account, tier: assignment.tier, flags: tierFlags + items.map(\.flag.rawValue),
                            reasons: items.map { "\($0.flag.rawValue): \($0.reason)" }, health: review.health?.score)
        }
    }

    func csv() -> String {
        var table = CSVTable(["account", "name", "tier", "source", "revenue", "profit", "basis", "rank", "flags"])
        for (account, assignment) in zip(scenario.accounts, assignments) {
            table.add([assignment.account, account.name, assignment.tier.rawValue, assignment.source.rawValue,
                       JSONValue.format(account.revenue), account.profit.map(JSONValue.format) ?? "", JSONValue.format(assignment.basis),
                       assignment.rank.map(String.init) ?? "", assignment.flags.map(\.rawValue).joined(separator: ";")])
        }
        return table.rendered()
    }
}
