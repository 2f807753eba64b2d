import ArgumentParser
import Reports
import Scenarios

extension Kam {
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "validate",
            abstract: "Check scenario files: every error and warning, with file, line and column.",
            discussion: "Exits 0 when every file is valid (warnings allowed), 1 otherwise. Diagnostics go to stderr.")

        @Argument(help: "Scenario files (.yaml, .yml or .json).", completion: .file(extensions: ["yaml", "yml", "json"]))
        var files: [String]

        func run() throws {
            var failed = 0
            for (file, result) in zip(files, ScenarioLoader.load(paths: files)) {
                for diagnostic in result.diagnostics { StandardError.write("\(diagnostic)\n") }
                let warnings = result.warnings.count
                let warningText = warnings == 0 ? "" : " (\(warnings) warning\(warnings == 1 ? "" : "s"))"
                if let scenario = result.scenario {
                    print("\(file): valid\(warningText): \(scenario.week), \(NumberFormat.count(scenario.managers.count, "manager")), \(NumberFormat.count(scenario.experts.count, "expert")), \(NumberFormat.count(scenario.accounts.count, "account")), \(NumberFormat.count(scenario.requests.count, "request"))")
                } else {
                    failed += 1
                    let errors = result.errors.count
                    print("\(file): \(errors) error\(errors == 1 ? "" : "s")\(warningText)")
                }
            }
            if failed > 0 { throw ExitCode(1) }
        }
    }
}
