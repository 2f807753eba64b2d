import ArgumentParser
import Foundation
import Reports
import Scenarios
import Workspace

extension User.Role: ExpressibleByArgument {}

extension Kam {
    struct UserCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user",
            abstract: "The team server's users: planners, managers (each acting as one manager of workspace.yaml) and viewers.",
            subcommands: [Add.self, List.self, Revoke.self, Password.self, Token.self])
    }
}

/// Who runs a `kam user` command, for the audit trail: the shell's user.
private var shellUser: String { "cli:" + (ProcessInfo.processInfo.environment["USER"] ?? "planner") }

extension Kam.UserCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add",
            abstract: "Create a user and print their API token (shown once, stored only as a hash).")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The user's id (letters, digits, '-', '_', '.').") var id: String
        @Option(help: "planner, manager or viewer.") var role: User.Role
        @Option(help: "For a manager user: the manager of workspace.yaml they act as (default: the one whose id is --id).") var manager: String?

        func run() throws {
            let issued = try workspace.open().addUser(id: id, role: role, manager: manager, by: shellUser, today: try today())
            StandardError.write("created \(role.rawValue) '\(id)'\(issued.user.manager.map { " acting as manager '\($0)'" } ?? ""); their API token (shown once, kam keeps only a hash):\n")
            print(issued.token)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the users.")
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            let users = try workspace.open().users()
            guard !users.isEmpty else { return print("no users; add one with kam user add --id ID --role planner") }
            var table = TextTable([("id", .left), ("role", .left), ("manager", .left), ("password", .left), ("created", .left), ("revoked", .left)])
            for user in users {
                table.add([user.id, user.role.rawValue, user.manager ?? "", user.passwordHash == nil ? "no" : "yes",
                           Timestamp.text(user.createdAt), user.revokedAt.map(Timestamp.text) ?? ""])
            }
            print(table.rendered(), terminator: "")
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a user: their token, password and sessions stop working (the record stays).")
        @Argument(help: "The user's id.") var id: String
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            _ = try workspace.open().revokeUser(id, by: shellUser)
            print("revoked \(id)")
        }
    }

    struct Password: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "password",
            abstract: "Set the password a user signs in with on the web page, read from standard input (one line).")
        @Argument(help: "The user's id.") var id: String
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            guard let line = readLine(strippingNewline: true) else {
                throw fail("no password on standard input; type it, or pipe it: printf '%s\\n' \"$PASSWORD\" | kam user password \(id)")
            }
            _ = try workspace.open().setPassword(for: id, to: line, by: shellUser)
            print("password set for \(id)")
        }
    }

    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "token", abstract: "Give a user a new API token (the old one stops working) and print it; --feed: a new calendar feed address instead.")
        @Argument(help: "The user's id.") var id: String
        @Flag(help: "Rotate the calendar feed token: the old feed address stops working; prints the new path.") var feed = false
        @OptionGroup var workspace: WorkspaceOption

        func run() throws {
            let space = try workspace.open()
            if feed {
                let issued = try space.newFeedToken(for: id, by: shellUser)
                StandardError.write("a new calendar feed address for '\(id)' (shown once, kam keeps only a hash; the old one no longer works):\n")
                print(issued.user.calendarPath(feedToken: issued.token))
                return
            }
            let issued = try space.newToken(for: id, by: shellUser)
            StandardError.write("a new API token for '\(id)' (the old one no longer works):\n")
            print(issued.token)
        }
    }
}
