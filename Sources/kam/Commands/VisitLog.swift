import ArgumentParser
import Foundation
import Reports
import Scenarios
import Visits
import Workspace

extension VisitLogEntry.Outcome: ExpressibleByArgument {}
extension ContactChannel: ExpressibleByArgument {}

extension Kam {
    struct VisitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "visit",
            abstract: "The visit log of a workspace: what happened at each visit, and each account's cadence.",
            subcommands: [Log.self, Cadence.self])

        struct Log: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "log",
                abstract: "Record what happened at a visit or call to one of your accounts (done, missed or moved).",
                discussion: "A done visit is the account's last visit from then on (a done call its last call): the weeks planned after it count the cadence from that day.")
            @OptionGroup var workspace: WorkspaceOption
            @Option(help: "The account.") var account: String
            @Option(help: "The day of the visit (YYYY-MM-DD; not after today).", transform: parseDate) var date: CalendarDate
            @Option(help: "done, missed or moved.") var outcome: VisitLogEntry.Outcome
            @Option(help: "visit or call.") var channel: ContactChannel = .visit
            @Option(help: "The account's manager logging it.") var by: String
            @Option(help: "What happened, for the record.") var note: String?

            func run() throws {
                let entry = try workspace.open().logVisit(account: account, date: date, outcome: outcome, channel: channel, note: note, by: by, today: try today())
                print("logged: \(entry.account) \(entry.channel == .call ? "call " : "")\(entry.outcome.rawValue) on \(entry.date)")
            }
        }

        struct Cadence: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "cadence",
                abstract: "Each account against its tier's visit (and call) cadence today: on track, due this week, or overdue (days late), with last week's missed contacts.")
            @OptionGroup var workspace: WorkspaceOption
            @Option(help: "Only this manager's accounts.") var manager: String?

            func run() throws {
                let rows = try workspace.open().cadence(manager: manager, today: try today())
                print(CadenceTable.render(rows), terminator: "")
            }
        }
    }
}

/// Parses a date like 2026-11-24.
func parseDate(_ text: String) throws -> CalendarDate {
    guard let date = CalendarDate(text) else { throw ValidationError("'\(text)' is not a date like 2026-11-24") }
    return date
}

/// The cadence view as a table (the CLI's; the web page has its own).
enum CadenceTable {
    static func render(_ rows: [CadenceStatus]) -> String {
        guard !rows.isEmpty else { return "no accounts with a visit cadence\n" }
        let calls = rows.contains { $0.channel == .call }
        var columns: [(String, TextTable.Alignment)] = [("manager", .left), ("tier", .left), ("account", .left)]
        if calls { columns.append(("channel", .left)) }
        // A contact already on this week's published plan: said beside the state.
        let planned = rows.contains { $0.planned != nil }
        columns += [(calls ? "last" : "last visit", .left), ("every", .right), ("next due", .left), ("state", .left), ("days late", .right), ("missed last week", .right)]
            + (planned ? [("planned this week", .left)] : [])
        var table = TextTable(columns)
        for row in rows {
            table.add([row.manager, row.tier.rawValue, row.account] + (calls ? [row.channel.rawValue] : []) + [row.lastContact?.description ?? "never", "\(row.interval) d",
                       row.nextDue?.description ?? "now", row.state.rawValue, row.daysLate > 0 ? "\(row.daysLate)" : "",
                       row.missedLastWeek > 0 ? "\(row.missedLastWeek)" : ""] + (planned ? [row.planned.map { "\(VisitReport.weekday($0)) \($0)" } ?? ""] : []))
        }
        return table.rendered()
    }
}
