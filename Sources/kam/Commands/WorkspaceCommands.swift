import ArgumentParser
import Foundation
import Reports
import Scenarios
import Workspace

extension Priority: ExpressibleByArgument {}
extension StoredRequest.Status: ExpressibleByArgument {}

/// `--workspace DIR`, shared by the workspace commands.
struct WorkspaceFlag: ParsableArguments {
    @Option(help: "The workspace directory (made by kam init).")
    var workspace: String

    func open() throws -> PlanningWorkspace { try Self.open(workspace) }

    static func open(_ directory: String) throws -> PlanningWorkspace {
        do { return try PlanningWorkspace.open(directory) } catch { throw failure(error) }
    }
}

/// A workspace error as a message and exit code 1; anything else unchanged.
func failure(_ error: Error) -> Error {
    if let error = error as? WorkspaceError {
        StandardError.write("error: \(error)\n")
        return ExitCode(1)
    }
    return error
}

/// Today's date on this machine's calendar.
func today() -> CalendarDate {
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
}


extension Kam {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a planning workspace: workspace.yaml and a SQLite store for requests and published plans.")

        @Argument(help: "The directory to create.")
        var directory: String

        @Option(help: "Take managers, experts, accounts and policy from this scenario file (its requests and history are not imported).")
        var from: String?

        func run() throws {
            let scenario = try from.map(loadScenario)
            do {
                _ = try PlanningWorkspace.create(at: directory, from: scenario)
            } catch { throw failure(error) }
            print("created workspace \(directory)/: workspace.yaml\(scenario.map { " (\(NumberFormat.count($0.managers.count, "manager")), \(NumberFormat.count($0.experts.count, "expert")), \(NumberFormat.count($0.accounts.count, "account")))" } ?? ""), kam.sqlite")
            print("next: kam request add --workspace \(directory) --account ID --skill SKILL --hours H --by MANAGER")
        }
    }

    struct Request: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Managers' requests for expert hours in a workspace.",
            subcommands: [Add.self, List.self, Show.self, Cancel.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Request expert hours for one of your accounts; prints the new request id.")
            @OptionGroup var workspace: WorkspaceFlag
            @Option(help: "The account.") var account: String
            @Option(help: "The skill needed.") var skill: String
            @Option(help: "Hours (more than 0, at most 168).") var hours: Double
            @Option(help: "The account's manager making the request.") var by: String
            @Option(help: "The ISO week (default: next week).") var week: String?
            @Option(help: "low, normal, high or critical.") var priority: Priority = .normal
            @Flag(help: "The expert must be in the account's region.") var onsite = false
            @Flag(help: "All hours from one expert or none.") var singleExpert = false
            @Option(help: "A note for the planner.") var note: String?

            func run() throws {
                let space = try workspace.open()
                let next = ISOWeek(containing: today().adding(days: 7))
                let new = PlanningWorkspace.NewRequest(
                    week: try Kam.week(self.week, fallback: next), account: account, skill: skill, hours: hours, priority: priority,
                    onsite: onsite, singleExpert: singleExpert, by: by, note: note)
                do {
                    let filed = try space.add(new, today: today())
                    for warning in filed.warnings { StandardError.write("warning: \(warning)\n") }
                    print(filed.request.id)
                } catch { throw failure(error) }
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List requests.")
            @OptionGroup var workspace: WorkspaceFlag
            @Option(help: "Only this ISO week.") var week: String?
            @Option(help: "Only this account.") var account: String?
            @Option(help: "Only this status: \(StoredRequest.Status.allCases.map(\.rawValue).joined(separator: ", ")).") var status: StoredRequest.Status?

            func run() throws {
                let space = try workspace.open()
                let requests = try space.requests(week: week.map { try Kam.week($0) }, account: account, status: status)
                let latest = try space.latestPublishedVersions()
                let withNotes = requests.contains { $0.note != nil }
                var table = TextTable([("id", .left), ("week", .left), ("account", .left), ("skill", .left), ("hours", .right),
                                       ("priority", .left), ("by", .left), ("status", .left), ("allocated", .right)] + (withNotes ? [("note", .left)] : []))
                var late: [String: Int] = [:]
                for r in requests {
                    let after = r.arrivedAfterPublication(latest)
                    if after { late[r.week] = latest[r.week] }
                    table.add([r.id, r.week, r.account, r.skill, NumberFormat.grouped(r.hours), r.priority, r.requestedBy, r.status.rawValue + (after ? "*" : ""),
                               r.status == .open || r.status == .cancelled ? "" : NumberFormat.grouped(r.allocated)]
                              + (withNotes ? [r.note.map { $0.replacingOccurrences(of: "\n", with: " ") } ?? ""] : []))
                }
                print(requests.isEmpty ? "no requests" : table.rendered(), terminator: requests.isEmpty ? "\n" : "")
                for (week, version) in late.sorted(by: { $0.key < $1.key }) {
                    print("* filed after \(week) was published (version \(version)): not in that plan; kam publish --week \(week) --force plans it")
                }
            }
        }

        struct Show: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Show one request and its history.")
            @Argument(help: "The request id.") var id: String
            @OptionGroup var workspace: WorkspaceFlag

            func run() throws {
                let space = try workspace.open()
                do {
                    let (r, audit) = try space.request(id)
                    print("\(r.id): \(NumberFormat.grouped(r.hours)) h of \(r.skill) for \(r.account) in \(r.week), \(r.priority)\(r.onsite ? ", on site" : "")\(r.singleExpert ? ", one expert" : "")")
                    print("requested by \(r.requestedBy); status \(r.status.rawValue)\(r.status == .open || r.status == .cancelled ? "" : ", \(NumberFormat.grouped(r.allocated)) h allocated")")
                    if let note = r.note { print("note: \(note)") }
                    for entry in audit { print("  \(entry.at)  \(entry.actor)  \(entry.action)\(entry.detail.isEmpty ? "" : ": \(entry.detail)")") }
                } catch { throw failure(error) }
            }
        }

        struct Cancel: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Cancel your request.")
            @Argument(help: "The request id.") var id: String
            @Option(help: "The manager who made it.") var by: String
            @OptionGroup var workspace: WorkspaceFlag

            func run() throws {
                let space = try workspace.open()
                do {
                    _ = try space.cancel(id, by: by)
                    print("cancelled \(id)")
                } catch { throw failure(error) }
            }
        }
    }

    struct Publish: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Plan a workspace's week and publish it: the requests get their status and the teams become next week's history.",
            discussion: "A published week is not changed; --force publishes a new version and keeps the old one.")
        @OptionGroup var workspace: WorkspaceFlag
        @Option(help: "The ISO week.") var week: String
        @Flag(help: "Publish a new version of an already published week.") var force = false
        @Option(help: "Who publishes (recorded in the audit trail).") var by: String = ProcessInfo.processInfo.environment["USER"] ?? "planner"
        @OptionGroup var solve: SolveFlags

        func run() throws {
            let space = try workspace.open()
            do {
                let scenario = try space.scenario(week: try Kam.week(week))
                let plan = try WeeklyPlan.make(scenario, options: solve.allocationOptions())
                let record = try space.publish(plan, by: by, force: force)
                let f = plan.figures
                print("published \(scenario.week) version \(record.version): value \(NumberFormat.grouped(f.objective)), \(NumberFormat.grouped(f.allocated)) of \(NumberFormat.grouped(f.requested)) hours, \(NumberFormat.count(plan.allocation.teams.count, "team"))")
            } catch { throw failure(error) }
        }
    }

    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a workspace's week as a self-contained scenario file, for what-if work.")
        @OptionGroup var workspace: WorkspaceFlag
        @Option(help: "The ISO week.") var week: String
        @Option(help: "The scenario file to write (.yaml or .json).") var out: String

        func run() throws {
            let space = try workspace.open()
            do {
                let scenario = try space.scenario(week: try Kam.week(week))
                let format: ScenarioWriter.Format = (out as NSString).pathExtension.lowercased() == "json" ? .json : .yaml
                try emit(ScenarioWriter.render(scenario, as: format), to: out)
                print("wrote \(out): \(NumberFormat.count(scenario.requests.count, "request")), \(NumberFormat.count(scenario.history.count, "history entry", plural: "history entries"))")
            } catch { throw failure(error) }
        }
    }

    /// Parses an ISO week option.
    static func week(_ text: String) throws -> ISOWeek {
        guard let week = ISOWeek(text) else { throw ValidationError("'\(text)' is not an ISO week like 2026-W48") }
        return week
    }

    /// Parses an optional ISO week option, or gives `fallback`.
    static func week(_ text: String?, fallback: ISOWeek) throws -> ISOWeek {
        guard let text else { return fallback }
        return try week(text)
    }
}
