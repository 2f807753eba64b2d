import ArgumentParser
import Reports
import Scenarios
import Workspace

extension Pin.Mode: ExpressibleByArgument {}

extension Kam {
    struct PinCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pin",
            abstract: "A planner's pins in a workspace: an expert's hours on a request or an account, fixed or floored for one week.",
            subcommands: [Add.self, Remove.self, ControlList.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "add",
                abstract: "Pin an expert's hours on a request (its id, R0001) or on all of an account's requests of the week.",
                discussion: "Checked as kam validate checks a file's pins: a candidate pair, within the request's (or account's) and the expert's hours, not excluded, not in conflict with the week's other pins. A pin on the same expert and target replaces it.")
            @OptionGroup var workspace: WorkspaceOption
            @Option(help: "The ISO week.", transform: parseWeek) var week: ISOWeek
            @OptionGroup var target: PinTarget
            @Option(help: "Hours (0 forbids the pair on that target).") var hours: Double
            @Option(help: "exactly (the default) or atLeast.") var mode: Pin.Mode = .exactly
            @Option(help: "The planner setting it (recorded in the audit trail).") var by: String

            func run() throws {
                let pin = Pin(expert: target.expert, target: try target.target(), hours: hours, mode: mode)
                let space = try workspace.open()
                let control = try space.setPin(pin, week: try workspaceWeek(week, in: space), by: by)
                print("pinned in \(week): \(control.key), \(control.auditDetail)")
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a pin.")
            @OptionGroup var workspace: WorkspaceOption
            @Option(help: "The ISO week.", transform: parseWeek) var week: ISOWeek
            @OptionGroup var target: PinTarget
            @Option(help: "The planner removing it (recorded in the audit trail).") var by: String

            func run() throws {
                let pin = Pin(expert: target.expert, target: try target.target(), hours: 0)
                try workspace.open().removeControl(.pin(pin), week: week, by: by)
                print("removed from \(week): \(pin.label)")
            }
        }
    }

    struct ExcludeCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exclude",
            abstract: "A planner's exclusions in a workspace: an expert does not work for an account in one week.",
            subcommands: [Add.self, Remove.self, ControlList.self])

        struct Add: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Exclude an expert from an account for a week.")
            @OptionGroup var workspace: WorkspaceOption
            @Option(help: "The ISO week.", transform: parseWeek) var week: ISOWeek
            @Option(help: "The expert.") var expert: String
            @Option(help: "The account.") var account: String
            @Option(help: "The planner setting it (recorded in the audit trail).") var by: String

            func run() throws {
                let space = try workspace.open()
                let control = try space.setExclusion(Exclusion(expert: expert, account: account), week: try workspaceWeek(week, in: space), by: by)
                print("excluded in \(week): \(control.label)")
            }
        }

        struct Remove: ParsableCommand {
            static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove an exclusion.")
            @OptionGroup var workspace: WorkspaceOption
            @Option(help: "The ISO week.", transform: parseWeek) var week: ISOWeek
            @Option(help: "The expert.") var expert: String
            @Option(help: "The account.") var account: String
            @Option(help: "The planner removing it (recorded in the audit trail).") var by: String

            func run() throws {
                let exclusion = Exclusion(expert: expert, account: account)
                try workspace.open().removeControl(.exclusion(exclusion), week: week, by: by)
                print("removed from \(week): exclusion of expert '\(expert)' from account '\(account)'")
            }
        }
    }

    /// `kam pin list` and `kam exclude list`: every control of the workspace (one week with --week).
    struct ControlList: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the pins and exclusions (every week unless --week).")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "Only this ISO week.", transform: parseWeek) var week: ISOWeek?

        func run() throws {
            let controls = try workspace.open().controls(week: week)
            var table = TextTable([("week", .left), ("control", .left), ("expert", .left), ("target", .left), ("hours", .right), ("mode", .left), ("set by", .left)])
            for control in controls {
                let c = control.columns
                table.add([control.week.description, c.kind, c.expert, [c.targetKind, c.target].filter { !$0.isEmpty }.joined(separator: " "),
                           c.hours.map { NumberFormat.grouped($0) } ?? "", c.mode ?? "", control.setBy])
            }
            print(controls.isEmpty ? "no pins or exclusions" : table.rendered(), terminator: controls.isEmpty ? "\n" : "")
        }
    }
}

/// An expert and the request or account a pin is on.
struct PinTarget: ParsableArguments {
    @Option(help: "The expert.") var expert: String
    @Option(help: "A request id (R0001): pin on that request.") var request: String?
    @Option(help: "An account: pin on all of its requests of the week together.") var account: String?

    func target() throws -> Pin.Target {
        switch (request, account) {
        case (let request?, nil): return .request(request)
        case (nil, let account?): return .account(account)
        default: throw ValidationError("give either --request or --account")
        }
    }

    func validate() throws { _ = try target() }
}
