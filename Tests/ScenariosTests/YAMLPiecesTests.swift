import Foundation
import Testing
@testable import Scenarios

/// Parsing in pieces (issue 14) must give exactly the tree of one parse, locations included, or
/// give up (nil) so that the one parse runs; it may never give a different tree.
@Suite("YAML in pieces")
struct YAMLPiecesTests {
    /// One parse of the whole text, as the loader always did it.
    func whole(_ text: String) -> DocumentNode? {
        guard let parsed = try? YAMLReader.readWhole(Array(text.utf8), file: "t.yaml"), parsed.problems.isEmpty else { return nil }
        return parsed.root
    }

    /// The text parsed in up to `pieces` pieces, with no minimum size.
    func inPieces(_ text: String, _ pieces: Int) -> DocumentNode? {
        Array(text.utf8).withUnsafeBufferPointer { YAMLPieces.read($0, file: "t.yaml", pieces: pieces, minimumSize: 0) }
    }

    func cuts(_ text: String, _ pieces: Int) -> [YAMLPieces.Piece] {
        Array(text.utf8).withUnsafeBufferPointer { YAMLPieces.cut($0, into: pieces) } ?? []
    }

    @Test("a generated book parsed in 2 to 16 pieces is the one parse's tree, node for node and line for line")
    func generatedBook() throws {
        let scenario = ScenarioGenerator(customers: 600, experts: 30, seed: 5, week: ISOWeek("2026-W48")!).generate()
        let text = ScenarioWriter.render(scenario, as: .yaml)
        let expected = try #require(whole(text))
        for pieces in [2, 3, 4, 7, 16] {
            #expect(cuts(text, pieces).count >= pieces - 1, "cut into \(pieces)")
            #expect(inPieces(text, pieces) == expected, "\(pieces) pieces")
        }
        // Pieces of items do begin in the middle of the accounts (else nothing was tested).
        #expect(cuts(text, 4).contains { $0.kind == .items })
    }

    /// A hand-made file with every construct that may sit next to a cut.
    static let tricky = """
        # a comment before everything
        name: "tricky"
        week: 2026-W48
        accounts:
          # a comment among the items
          - id: a1
            note: |
              a block scalar
                with an indented line
          - id: a2
            tags:
            - x
            - y
            nested:
              - - 1
                - 2
        # a comment at column 0 between items
          - id: a3
            anchor: &here {k: v}
            again: *here
          - id: a4
            note: plain text
              continued on a deeper line
          -
            id: a5
          - {id: a6, flow: [1, 2]}
        requests:
        - id: r1
        - id: r2
        - id: r3
        history: []

        """

    @Test("comments, block scalars, nested lists, anchors inside a piece, items at column 0: the same tree in any number of pieces")
    func trickyFile() throws {
        let expected = try #require(whole(Self.tricky))
        for pieces in 2...12 {
            #expect(inPieces(Self.tricky, pieces) == expected, "\(pieces) pieces")
        }
        #expect(cuts(Self.tricky, 12).filter { $0.kind == .items }.count >= 4)
        // Windows line ends: the same tree (\r\n is one line break to libyaml as to the cut).
        let crlf = Self.tricky.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(inPieces(crlf, 8) == whole(crlf))
        #expect(inPieces(crlf, 8) != nil)
    }

    /// Pieces small enough that the file is cut at every line where it may be cut.
    static let everywhere = 1_000_000

    @Test("where one parse fails or warns, or a cut could change the meaning, the pieces give up")
    func givesUp() {
        let cases: [(String, String)] = [
            ("a quoted scalar spanning a key line", "a: \"one\nb: two\"\nc:\n  - 1\n  - 2\n  - 3\n"),
            ("a quoted scalar spanning an item line", "a:\n  - \"one\n  - two\"\n  - 3\n"),
            ("a flow list spanning a key line", "a: [1,\nb: 2]\nc:\n  - 1\n  - 2\n"),
            ("an alias to an anchor in an earlier piece", "a: &x 1\nb:\n  - 1\n  - 2\n  - 3\n  - *x\n"),
            ("a key repeated in another piece", "a:\n  - 1\n  - 2\n  - 3\na: 2\n"),
            ("a second document", "a:\n  - 1\n  - 2\n---\nb: 1\n"),
            ("a document end, then more", "a:\n  - 1\n  - 2\n...\nb: 1\n"),
            ("a directive", "%YAML 1.1\n---\na:\n  - 1\n  - 2\n  - 3\n"),
            ("a lone carriage return", "a: 1\rb:\n  - 1\n  - 2\n  - 3\n"),
            ("a next-line character (U+0085)", "a: \"x\u{85}y\"\nb:\n  - 1\n  - 2\n  - 3\n"),
            ("a line separator (U+2028)", "a: \"x\u{2028}y\"\nb:\n  - 1\n  - 2\n  - 3\n"),
            ("a paragraph separator (U+2029)", "a: \"x\u{2029}y\"\nb:\n  - 1\n  - 2\n  - 3\n"),
            ("a carriage return ending the file", "a:\n  - 1\n  - 2\n  - 3\r"),
            ("a duplicate key inside a piece", "a:\n  - {k: 1, k: 2}\n  - 2\n  - 3\n"),
            ("a list at the root", "- 1\n- 2\n- 3\n"),
        ]
        for (what, text) in cases {
            #expect(inPieces(text, Self.everywhere) == nil, "\(what)")
        }
        // The other line breaks sit in quoted scalars, which one parse reads (so only the check
        // for those breaks, not a syntax error, keeps the pieces from miscounting lines).
        for (what, text) in cases[9...11] { #expect(whole(text) != nil, "\(what)") }
        // Where one parse reads the quoted scalar across the key line, so do uncut pieces.
        let spanning = cases[0].1
        #expect(whole(spanning) != nil)
        for pieces in 2...4 {
            let found = inPieces(spanning, pieces)
            #expect(found == nil || found == whole(spanning))
        }
        // Windows line ends (\r\n) and other text with C2 and E2 bytes (é, an en dash) are cut.
        let windows = "a: Zoé – 1\r\nb:\r\n  - 1\r\n  - 2\r\n  - 3\r\n"
        #expect(whole(windows) != nil && inPieces(windows, Self.everywhere) == whole(windows))
        // Small files are parsed whole.
        #expect(Array(Self.tricky.utf8).withUnsafeBufferPointer { YAMLPieces.read($0, file: "t.yaml", pieces: 4) } == nil)
    }

    @Test("nesting at the depth limit is refused in pieces exactly as in one parse")
    func depthLimit() {
        // The mapping and the list are two levels; 63 brackets make 65, one more than allowed.
        let tooDeep = String(repeating: "[", count: 63) + String(repeating: "]", count: 63)
        let text = "a:\n  - 1\n  - 2\n  - " + tooDeep + "\n"
        #expect(whole(text) == nil)
        #expect(inPieces(text, Self.everywhere) == nil)
        let deepest = "a:\n  - 1\n  - 2\n  - " + String(tooDeep.dropFirst().dropLast()) + "\n"
        #expect(whole(deepest) != nil)
        #expect(cuts(deepest, Self.everywhere).count == 3)
        #expect(inPieces(deepest, Self.everywhere) == whole(deepest))
    }

    /// Random files from a grammar of block mappings, lists, scalars of every style, comments and
    /// flow collections, some spanning lines; the pieces agree with one parse or give up.
    @Test("random files: never a tree different from the one parse")
    func randomFiles() {
        var generator = SplitMix64(seed: 14)
        var agreed = 0
        var broken = 0
        for _ in 0..<400 {
            let text = RandomYAML.file(&generator)
            let expected = whole(text)
            if expected == nil { broken += 1 }
            for pieces in [2, 3, Self.everywhere] {
                guard let found = inPieces(text, pieces) else { continue }
                #expect(found == expected, "\(pieces) pieces of:\n\(text)")
                agreed += 1
            }
        }
        // Both sides were exercised: files that parse and were cut, files that do not parse.
        #expect(agreed > 150, "the pieces gave up too often to test anything: \(agreed)")
        #expect(broken > 100, "too few broken files: \(broken)")
    }
}

extension SplitMix64: RandomNumberGenerator {}

/// Random YAML-like text: mostly valid, sometimes not, with the constructs that sit near cuts.
enum RandomYAML {
    static func file(_ random: inout SplitMix64) -> String {
        var lines: [String] = []
        if Int.random(in: 0..<10, using: &random) == 0 { lines.append("---") }
        for key in 0..<Int.random(in: 1...5, using: &random) {
            if Int.random(in: 0..<4, using: &random) == 0 { lines.append("# comment \(key)") }
            let name = Int.random(in: 0..<15, using: &random) == 0 ? "k0" : "k\(key)"  // now and then a repeated key
            if Int.random(in: 0..<3, using: &random) == 0 {
                lines.append("\(name): \(scalar(&random))")
            } else {
                lines.append("\(name):")
                let indent = String(repeating: " ", count: [0, 2, 4].randomElement(using: &random)!)
                for _ in 0..<Int.random(in: 1...8, using: &random) {
                    lines.append(contentsOf: item(&random, indent: indent))
                }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func item(_ random: inout SplitMix64, indent: String) -> [String] {
        let inner = indent + "  "
        switch Int.random(in: 0..<12, using: &random) {
        case 0: return ["\(indent)- \(scalar(&random))"]
        case 1: return ["\(indent)- note: |", "\(inner)  block line", "\(inner)  another"]
        case 2: return ["\(indent)- [1,", "\(indent)x: 2]"]  // a flow list spanning lines
        case 3: return ["\(indent)- \"quoted", "\(indent)- still quoted\""]  // a quoted scalar spanning an item line
        case 4: return ["# at column 0", "\(indent)- id: c"]
        case 5: return ["\(indent)- id: x", "\(inner)list:", "\(inner)- a", "\(inner)- b"]
        case 6: return ["\(indent)- &anchor\(Int.random(in: 0..<3, using: &random)) {a: 1}"]
        case 7: return ["\(indent)- *anchor\(Int.random(in: 0..<3, using: &random))"]
        case 8: return ["\(indent)- plain", "\(inner)continued"]
        default: return ["\(indent)- id: i\(Int.random(in: 0..<100, using: &random))", "\(inner)value: \(scalar(&random))"]
        }
    }

    static func scalar(_ random: inout SplitMix64) -> String {
        ["1", "text", "'single'", "\"double\"", "[a, b]", "{a: 1}", "~", "\"two\nlines\"", "'it''s'", "a: b"].randomElement(using: &random)!
    }
}
