import ArgumentParser
import Foundation
import LinearProgramming
import Scenarios

@main
struct Kam: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kam",
        abstract: "Plan a week of key-account work: expert hours for key accounts, and each manager's visits.",
        discussion: """
            kam reads a scenario file (managers, experts, accounts, requests, policy) for one ISO week. \
            A linear program solved with GLPK lends shared experts' hours to platinum and gold accounts \
            by value, explains every unmet request, and says what one more hour of each expert is worth. \
            Each manager's visits are scheduled by tier cadence, grouped by region.

            Solver: \(SolverInfo.description).
            """,
        version: KamVersion.string,
        subcommands: [Validate.self, Tiers.self, Plan.self, Init.self, Request.self, Publish.self, Serve.self, PinCommand.self, ExcludeCommand.self, VisitCommand.self, AccountCommand.self, UserCommand.self, WorkspaceCommand.self, Snapshot.self, Allocate.self, Recommend.self, VisitsCommand.self, Compare.self, Generate.self, Bench.self]
    )

    /// A mistyped option is named first, with a suggestion; then ArgumentParser parses and runs the
    /// command. Every failure found while running (a categorized error of any module) is printed
    /// here, once, as `error: ...` with exit code 1; usage errors stay ArgumentParser's (exit 64).
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let message = UnknownOptions.check(arguments, root: Kam.self) {
            StandardError.write(message)
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
        } catch let error as CategorizedError {
            StandardError.write("error: \(error)\n")
            Foundation.exit(1)
        } catch {
            exit(withError: error)
        }
    }
}
