import Foundation
import Testing
@testable import Scenarios

/// Decoding a long list in chunks on every core (issue 14) reports exactly what decoding it
/// element by element reports: the same diagnostics in the same order, the same limit.
@Suite("Decoding in chunks")
struct ParallelDecodeTests {
    func decode(_ text: String, minimumChunk: Int) throws -> (scenario: Scenario?, diagnostics: [String]) {
        let root = try #require(try YAMLReader.readWhole(Array(text.utf8), file: "book.yaml").root)
        var decoder = ScenarioDecoder()
        decoder.minimumChunk = minimumChunk
        let scenario = decoder.decode(root, defaultName: "book")
        return (scenario, ScenarioLoader.sortedDiagnostics(decoder.diagnostics.all).map(\.description))
    }

    func book(accounts: Int) -> String {
        let scenario = ScenarioGenerator(customers: accounts, experts: 40, seed: 3, week: ISOWeek("2026-W48")!).generate()
        return ScenarioWriter.render(scenario, as: .yaml)
    }

    @Test("a clean book: the same scenario from chunks as from one pass")
    func cleanBook() throws {
        #expect(ParallelChunks.ranges(3000, minimumChunk: 500).count == min(ParallelChunks.cores, 6))
        let text = book(accounts: 3000)
        let one = try decode(text, minimumChunk: .max)
        let chunked = try decode(text, minimumChunk: 500)
        let scenario = try #require(chunked.scenario)
        #expect(scenario == one.scenario)
        #expect(chunked.diagnostics == one.diagnostics)
    }

    @Test("errors in every chunk and a duplicate id across chunks: the same messages, in the same order")
    func errors() throws {
        var lines = book(accounts: 3000).components(separatedBy: "\n")
        var changed = 0
        var firstId: String?
        for index in lines.indices where lines[index].hasPrefix("  - id: c") {
            changed += 1
            if firstId == nil { firstId = String(lines[index].dropFirst("  - id: ".count)) }
            if changed % 97 == 0 { lines[index] += "\n    colour: red" }  // an unknown key
            if changed == 2900, let firstId { lines[index] = "  - id: \(firstId)" }  // a duplicate, far from the first
        }
        let text = lines.joined(separator: "\n")
        let one = try decode(text, minimumChunk: .max)
        let chunked = try decode(text, minimumChunk: 500)
        #expect(one.diagnostics.count > 30)
        #expect(one.diagnostics.contains { $0.contains("duplicate account id") })
        #expect(chunked.diagnostics == one.diagnostics)
    }

    @Test("more problems than the limit: the same cut and the same 'not shown' count")
    func beyondTheLimit() throws {
        // Every other account's revenue negative: 1,500 errors, fewer than the limit in each chunk
        // (so the chunks' reports are merged), more than it in all.
        var lines = book(accounts: 3000).components(separatedBy: "\n")
        var seen = 0
        for index in lines.indices where lines[index].hasPrefix("    revenue: ") {
            seen += 1
            if seen % 2 == 0 { lines[index] = "    revenue: -1" }
        }
        let text = lines.joined(separator: "\n")
        let one = try decode(text, minimumChunk: .max)
        let chunked = try decode(text, minimumChunk: 500)
        #expect(one.diagnostics.count == Diagnostics.limit + 1)
        #expect(one.diagnostics.last?.contains("not shown") == true)
        #expect(chunked.diagnostics == one.diagnostics)
    }
}
