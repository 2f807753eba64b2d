import Scenarios

/// `kam tiers`: per account its tier, source, basis, rank and flags, then the 80/20 summary.
public struct TierReport: Sendable {
    public let scenario: Scenario
    public let assignments: [TierAssignment]
    public let summary: TierSummary

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        assignments = Tiering.assign(scenario)
        summary = TierSummary(scenario, assignments)
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
        var accounts = TextTable([("account", .left), ("name", .left), ("tier", .left), ("source", .left), (basisName, .right), ("rank", .right), ("flags", .left)])
        for (account, assignment) in zip(scenario.accounts, assignments) {
            accounts.add([account.id, account.name, assignment.tier.rawValue, assignment.source.rawValue,
                          NumberFormat.grouped(assignment.basis), assignment.rank.map(String.init) ?? "-",
                          assignment.flags.map(\.rawValue).joined(separator: " ")])
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
        let flagged = zip(scenario.accounts, assignments).filter { !$0.1.flags.isEmpty && ($0.1.tier == .platinum || $0.1.tier == .gold) }
        if !flagged.isEmpty {
            out += "To review: " + flagged.map { "\($0.0.id) (\($0.1.flags.map(\.rawValue).joined(separator: ", ")))" }.joined(separator: "; ") + "\n"
        }
        return out
    }

    /// The `tiers` list of the plan format (with basis and rank added) and the summary.
    public func json() -> JSONValue {
        .object([
            ("scenario", .string(scenario.name)),
            ("week", .string(scenario.week.description)),
            ("method", .string(scenario.policy.tiering.method.rawValue)),
            ("by", .string(basisName)),
            ("tiers", .array(assignments.map(Self.json))),
            ("summary", .array(summary.rows.map { row in
                .object([
                    ("tier", .string(row.tier.rawValue)), ("accounts", .number(row.accounts)),
                    ("accountShare", .number(row.accountShare)), ("revenue", .number(row.revenue)),
                    ("revenueShare", .number(row.revenueShare)), ("profit", .number(row.profit)),
                    ("profitShare", .number(row.profitShare)),
                ])
            })),
        ])
    }

    /// One entry of the plan's `tiers` list.
    public static func json(_ assignment: TierAssignment) -> JSONValue {
        .object([
            ("account", .string(assignment.account)), ("tier", .string(assignment.tier.rawValue)),
            ("source", .string(assignment.source.rawValue)), ("basis", .number(assignment.basis)),
            ("rank", assignment.rank.map { .number($0) } ?? .null),
            ("flags", .array(assignment.flags.map { .string($0.rawValue) })),
        ])
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
