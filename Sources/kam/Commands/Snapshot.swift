import ArgumentParser
import Foundation
import Reports
import Scenarios
import Workspace

extension Kam {
    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snapshot",
            abstract: "Write a workspace's week as a self-contained scenario file, for what-if work.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The ISO week (default: next week).", transform: parseWeek) var week: ISOWeek?
        @Option(help: "The scenario file to write (.yaml or .json).", completion: .file(extensions: ["yaml", "yml", "json"])) var out: String

        func run() throws {
            let space = try workspace.open()
            let scenario = try space.scenario(week: try workspaceWeek(week, in: space))
            let format: ScenarioWriter.Format = (out as NSString).pathExtension.lowercased() == "json" ? .json : .yaml
            try emit(ScenarioWriter.render(scenario, as: format), to: out)
            print("wrote \(out): \(NumberFormat.count(scenario.requests.count, "request")), \(NumberFormat.count(scenario.history.count, "history entry", plural: "history entries"))")
        }
    }
}
