import Foundation
import TestSupport
import Testing

/// Help texts, comments, the API description and the docs name the contract by the file it is in.
@Suite("Pointers to the documentation")
struct DocumentLinkTests {
    /// The contract's old file name, now docs/scenario-format.md (split here so that this file does
    /// not name it).
    static let oldName = "SCENARIO" + ".md"

    @Test("Nothing in Sources, Tests, docs, scenarios or the README points at the contract's old name, and the new one exists")
    func noOldName() throws {
        let root = repositoryRoot
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("docs/scenario-format.md").path))
        var found: [String] = []
        for folder in ["Sources", "Tests", "docs", "scenarios"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                guard ["swift", "md", "yaml", "yml", "mustache", "c", "h"].contains(url.pathExtension),
                      let text = try? String(contentsOf: url, encoding: .utf8), text.contains(Self.oldName) else { continue }
                found.append(url.path.replacingOccurrences(of: root.path + "/", with: ""))
            }
        }
        if try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8).contains(Self.oldName) { found.append("README.md") }
        #expect(found.isEmpty, "still naming \(Self.oldName): \(found)")
    }
}
