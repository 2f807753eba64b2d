import ArgumentParser
import Foundation
import Reports
import Scenarios
import Workspace
import WorkspacePostgres
import WorkspaceSQLite

extension Kam {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Create a planning workspace: workspace.yaml and a store for requests and published plans (kam.sqlite, or a PostgreSQL database).")

        @Argument(help: "The directory to create.", completion: .directory)
        var directory: String

        @Option(help: "Take managers, experts, accounts and policy from this scenario file (its requests and history are not imported).", completion: .file(extensions: ["yaml", "yml", "json"]))
        var from: String?

        @OptionGroup var database: DatabaseOption

        func run() throws {
            let scenario = try from.map(loadScenario)
            let store: String
            if let url = try database.url() {
                // The database first: a refusal leaves no half-made directory behind.
                let postgres = try PostgresWorkspaceStore.open(url, create: true)
                guard try postgres.users().isEmpty, try postgres.requests(week: nil, account: nil, status: nil).isEmpty,
                      try postgres.latestPublishedVersions().isEmpty else {
                    throw WorkspaceError.storeNotEmpty(store: url.description)
                }
                _ = try PlanningWorkspace.create(at: directory, from: scenario) { _ in postgres }
                store = "store \(url)"
            } else {
                _ = try PlanningWorkspace.create(at: directory, from: scenario) {
                    try SQLiteWorkspaceStore.open(PlanningWorkspace.databasePath($0), create: true)
                }
                store = "kam.sqlite"
            }
            print("created workspace \(directory)/: workspace.yaml\(scenario.map { " (\(NumberFormat.count($0.managers.count, "manager")), \(NumberFormat.count($0.experts.count, "expert")), \(NumberFormat.count($0.accounts.count, "account")))" } ?? ""), \(store)")
            print("next: export KAM_WORKSPACE=\(directory)\(database.database == nil && Environment.databaseURL == nil ? "" : " KAM_DATABASE_URL=..."); kam request add --account ID --skill SKILL --hours H --by MANAGER")
        }
    }
}
