import Foundation
import TestSupport
import Testing
@testable import Scenarios

/// Every input kept in Tests/Fixtures/fuzz (seeds, and each crash `make fuzz` ever found) loads as
/// YAML and as JSON to a scenario or to located errors: never a crash, never neither.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let folder = repositoryRoot.appendingPathComponent("Tests/Fixtures/fuzz")
    static let inputs = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    @Test("Each saved input loads to a scenario or to errors", arguments: inputs)
    func replay(name: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name)))
        for file in ["fuzz.yaml", "fuzz.json"] {
            let result = ScenarioLoader.load(bytes: bytes, file: file)
            #expect(result.scenario != nil || !result.errors.isEmpty, "\(name) as \(file)")
        }
    }

    @Test("The regression inputs are there")
    func present() { #expect(Self.inputs.count >= 3) }
}
