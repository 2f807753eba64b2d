import Testing
@testable import Scenarios

@Suite("Source locations")
struct SourceLocationTests {
    /// A location keeps its file as a number; what a caller reads and compares is the name.
    @Test("the file name comes back, and order is by name, not by when a file was first seen")
    func fileNames() {
        let later = SourceLocation(file: "zz-seen-first-\(#line).yaml", line: 1, column: 1)
        let earlier = SourceLocation(file: "aa-seen-second-\(#line).yaml", line: 9, column: 9)
        #expect(later.file.hasPrefix("zz-seen-first-"))
        #expect(earlier < later && !(later < earlier))
        #expect(earlier.description.hasSuffix(".yaml:9:9"))
        var moved = earlier
        moved.file = later.file
        #expect(moved.file == later.file && moved.line == 9)
        #expect(moved < SourceLocation(file: later.file, line: 10, column: 1))
        #expect(SourceLocation(file: "same.yaml", line: 2, column: 3) == SourceLocation(file: "same.yaml", line: 2, column: 3))
        #expect(SourceLocation(file: "same.yaml", line: 2, column: 3) != SourceLocation(file: "other.yaml", line: 2, column: 3))
        #expect(Set([SourceLocation(file: "same.yaml", line: 2, column: 3), SourceLocation(file: "same.yaml", line: 2, column: 3)]).count == 1)
    }

    @Test("a parsed node's location names its file, line and column")
    func parsed() throws {
        let path = "/some/long/directory/of/scenarios/\(#line)-book.yaml"
        let (root, _) = try YAMLReader.readWhole(Array("week: 2026-W48\nmanagers:\n  - id: m1\n".utf8), file: path)
        let managers = try #require(root?["managers"]?.elements)
        #expect(managers[0].location == SourceLocation(file: path, line: 3, column: 5))
        #expect(managers[0].location.description == "\(path):3:5")
    }
}
