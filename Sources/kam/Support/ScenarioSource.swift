import ArgumentParser
import Foundation
import Scenarios
import Workspace

/// Where a planning command's scenario comes from: a scenario file, or a workspace's week
/// (`--workspace DIR` or `KAM_WORKSPACE`, with `--week`, default next week).
struct ScenarioSource: ParsableArguments {
    @Argument(help: "A scenario file (.yaml or .json); or use a workspace.", completion: .file(extensions: ["yaml", "yml", "json"]))
    var file: String?

    @Option(help: "Plan a workspace's week instead of a file: its requests, with the last published plan as history (default without a file: $KAM_WORKSPACE).", completion: .directory)
    var workspace: String?

    @Option(help: "With a workspace: the ISO week (default: next week).", transform: parseWeek)
    var week: ISOWeek?

    @OptionGroup var database: DatabaseOption

    /// The workspace directory when the scenario comes from one.
    var workspaceDirectory: String? { file == nil ? workspace ?? Environment.workspace : nil }

    func validate() throws {
        if file != nil && workspace != nil { throw ValidationError("give a scenario file or --workspace DIR, not both") }
        if file != nil && week != nil { throw ValidationError("--week goes with a workspace; a scenario file names its own week") }
        if file != nil && database.database != nil { throw ValidationError("--database goes with a workspace; a scenario file is planned on its own") }
    }

    /// The workspace directory, for a command given no file: a usage error when there is none.
    func requiredWorkspaceDirectory() throws -> String {
        guard let workspaceDirectory else { throw ValidationError("give a scenario file or --workspace DIR (or set KAM_WORKSPACE)") }
        return workspaceDirectory
    }

    /// The scenario: the file's (diagnostics on stderr), or the workspace's week.
    func load() throws -> Scenario { try loadWithWorkspace().scenario }

    /// The scenario and, when it is a workspace's week, the workspace.
    /// Neither given is a usage error (thrown here rather than by `validate()`, so a command such
    /// as `kam recommend --plan DIR` can do without a scenario).
    func loadWithWorkspace() throws -> (scenario: Scenario, workspace: PlanningWorkspace?) {
        if let file { return (try loadScenario(file), nil) }
        let space = try openWorkspace(try requiredWorkspaceDirectory(), database: database.url())
        return (try space.scenario(week: try workspaceWeek(week, in: space)), space)
    }
}
