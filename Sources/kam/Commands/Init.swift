import ArgumentParser
import Foundation
import Reports
import Scenarios
import Workspace
import WorkspaceSQLite

extension Kam {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a planning workspace: workspace.yaml and a SQLite store for requests and published plans.")

        @Argument(help: "The directory to create.", completion: .directory)
        var directory: String

        @Option(help: "Take managers, experts, accounts and policy from this scenario file (its requests and history are not imported).", completion: .file(extensions: ["yaml", "yml", "json"]))
        var from: String?

        func run() throws {
            let scenario = try from.map(loadScenario)
            _ = try PlanningWorkspace.create(at: directory, from: scenario) {
                try SQLiteWorkspaceStore.open(PlanningWorkspace.databasePath($0), create: true)
            }
            print("created workspace \(directory)/: workspace.yaml\(scenario.map { " (\(NumberFormat.count($0.managers.count, "manager")), \(NumberFormat.count($0.experts.count, "expert")), \(NumberFormat.count($0.accounts.count, "account")))" } ?? ""), kam.sqlite")
            print("next: export KAM_WORKSPACE=\(directory); kam request add --account ID --skill SKILL --hours H --by MANAGER")
        }
    }
}
