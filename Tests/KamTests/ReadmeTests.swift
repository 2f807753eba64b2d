import Foundation
import TestSupport
import Testing

/// The README's examples are real: every `$ kam ...` line of its code blocks is run, in order, in a
/// scratch copy of `scenarios/` and `docs/examples/`, and its output must match the lines the README
/// shows below it. In the README's output, a line `...` stands for any number of lines and `...`
/// inside a line for any text; `# exit code N` after a command says how it ends; `$ export NAME=VALUE`
/// sets the environment of the commands that follow. Today is 2026-11-23 (KAM_TODAY), as in the text.
/// `kam serve` (which runs until stopped) and other programs (curl) are not run.
@Suite("README walkthrough")
struct ReadmeTests {
    struct Example {
        var line: Int
        var command: String
        var expected: [String]
    }

    static func examples(_ readme: String) -> [Example] {
        var examples: [Example] = []
        var inBlock = false, current: Int?
        for (number, line) in readme.components(separatedBy: "\n").enumerated() {
            if line.hasPrefix("```") {
                inBlock.toggle()
                current = nil
                continue
            }
            guard inBlock else { continue }
            if line.hasPrefix("$ ") {
                examples.append(Example(line: number + 1, command: String(line.dropFirst(2)), expected: []))
                current = examples.count - 1
            } else if let current {
                examples[current].expected.append(line)
            }
        }
        // A block's end closes the output of its last command: drop the trailing blank lines.
        return examples.map { example in
            var copy = example
            while copy.expected.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { copy.expected.removeLast() }
            return copy
        }
    }

    /// Splits a command line as a shell would for these examples: words, 'single' and "double" quotes,
    /// and a trailing `# comment` (after two spaces).
    static func words(_ command: String) -> (words: [String], comment: String?) {
        var text = command, comment: String?
        if let range = text.range(of: "  #") {
            comment = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            text = String(text[..<range.lowerBound])
        }
        var words: [String] = [], current = "", quote: Character?, started = false
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'" || character == "\"" {
                quote = character
                started = true
            } else if character == " " {
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
            }
        }
        if started || !current.isEmpty { words.append(current) }
        return (words, comment)
    }

    /// Does `actual` match `expected`, with `...` lines and `...` inside lines as wildcards?
    static func matches(_ actual: [String], _ expected: [String]) -> Bool {
        func line(_ text: String, _ pattern: String) -> Bool {
            let parts = pattern.components(separatedBy: "...")
            guard parts.count > 1 else { return text == pattern }
            guard text.hasPrefix(parts[0]) else { return false }
            var rest = text.dropFirst(parts[0].count)
            for part in parts.dropFirst().dropLast() {
                guard let range = rest.range(of: part) else { return false }
                rest = rest[range.upperBound...]
            }
            return rest.hasSuffix(parts.last!) && rest.count >= parts.last!.count
        }
        func match(_ a: Int, _ e: Int) -> Bool {
            if e == expected.count { return a == actual.count }
            if expected[e].trimmingCharacters(in: .whitespaces) == "..." {
                return (a...actual.count).contains { match($0, e + 1) }
            }
            return a < actual.count && line(actual[a], expected[e]) && match(a + 1, e + 1)
        }
        return match(0, 0)
    }

    /// The database the README's PostgreSQL examples name (replaced by a real one when they run).
    static let database = "postgresql://kam@db.example.com:5432/kam"

    @Test("Every `$ kam` example of the README prints what the README shows")
    func walkthrough() throws {
        let readme = try String(contentsOf: KamRunner.repositoryRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let examples = Self.examples(readme)
        #expect(examples.count >= 20, "the README lost its examples")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-readme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for source in ["scenarios", "docs/examples"] {
            try FileManager.default.copyItem(at: KamRunner.repositoryRoot.appendingPathComponent(source), to: folder.appendingPathComponent(source))
        }
        var environment = ["KAM_TODAY": "2026-11-23", "KAM_WORKSPACE": "", "KAM_DATABASE_URL": ""]
        // The README's PostgreSQL database is a new database on the tests' own server.
        var database: (url: String, shown: String)?
        for example in examples {
            var (words, comment) = Self.words(example.command)
            if words.contains(where: { $0.contains(Self.database) }) {
                guard PostgresTestServer.enabled else { continue }
                if database == nil {
                    let url = try PostgresTestServer.newDatabase()
                    database = (url, String(url.prefix { $0 != "?" }))
                }
                words = words.map { $0.replacingOccurrences(of: Self.database, with: database!.url) }
            }
            if words.first == "export", words.count == 2, let equals = words[1].firstIndex(of: "=") {
                environment[String(words[1][..<equals])] = String(words[1][words[1].index(after: equals)...])
                continue
            }
            // `kam serve` runs until stopped: the live server tests start it; the README shows its output.
            guard words.first == "kam", words.dropFirst().first != "serve" else { continue }
            let output = try KamRunner.run(Array(words.dropFirst()), in: folder, environment: environment)
            let status = comment.flatMap { $0.hasPrefix("exit code ") ? Int32($0.dropFirst(10)) : nil } ?? 0
            #expect(output.status == status, "README.md:\(example.line): \(example.command) exited \(output.status)\n\(output.stderr)")
            var actual = (output.stderr + output.stdout).components(separatedBy: "\n").map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            if let database { actual = actual.map { $0.replacingOccurrences(of: database.shown, with: Self.database) } }
            while actual.last?.isEmpty == true { actual.removeLast() }
            let expected = example.expected.map { $0.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) }
            #expect(Self.matches(actual, expected), "README.md:\(example.line): \(example.command)\n--- the README shows:\n\(expected.joined(separator: "\n"))\n--- kam printed:\n\(actual.joined(separator: "\n"))")
        }
    }

    @Test("The matcher: `...` lines and `...` inside lines are wildcards; everything else must be equal")
    func matcher() {
        #expect(Self.matches(["a", "b", "c"], ["a", "...", "c"]))
        #expect(Self.matches(["a", "c"], ["a", "...", "c"]))
        #expect(Self.matches(["outbid: x is worth 2"], ["outbid: ... worth 2"]))
        #expect(!Self.matches(["a", "b"], ["a"]))
        #expect(!Self.matches(["a", "x"], ["a", "b"]))
        #expect(!Self.matches(["outbid: x is worth 3"], ["outbid: ... worth 2"]))
        #expect(Self.words("kam request add --note \"two words\"  # exit code 1").words == ["kam", "request", "add", "--note", "two words"])
        #expect(Self.words("kam x  # exit code 1").comment == "exit code 1")
    }
}
