import Foundation
import TestSupport
import Testing

/// End-to-end: the built `kam` on real files.
@Suite("kam validate, tiers, generate")
struct ScenarioCommandTests {

    @Test("kam --help names the tool's purpose; --version prints one")
    func help() throws {
        let help = try KamRunner.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Plan a week of key-account work"))
        #expect(help.stdout.contains("validate") && help.stdout.contains("tiers") && help.stdout.contains("generate"))
        let version = try KamRunner.run(["--version"])
        #expect(version.status == 0 && !version.stdout.isEmpty)
    }

    @Test("The repository's scenarios validate")
    func validScenarios() throws {
        let files = ["baseline", "hire-network-expert", "expert-on-leave", "demand-surge", "drop-megamart"].map { "scenarios/\($0).yaml" }
        let output = try KamRunner.run(["validate"] + files)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("scenarios/baseline.yaml: valid (1 warning): 2026-W48, 3 managers, 7 experts, 15 accounts, 15 requests"))
        #expect(output.stderr.contains("scenarios/baseline.yaml:200:5: warning: request 'r-hosp-iot' needs skill 'iot', which no expert has"))
    }

    @Test("Malformed files exit 1 with located messages and no crash", arguments: [
        ("truncated.yaml", "week: 2026-W48\naccounts:\n  - {id: a1, manager: m1, reve", "truncated.yaml:4:1: error: malformed YAML"),
        ("garbage.yaml", "\u{01}\u{02}\u{7F}binary\u{00}", "garbage.yaml:1:1: error: malformed YAML"),
        ("deep.json", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "deep.json:1:65: error: nesting deeper than 64 levels"),
        ("bomb.yaml", "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + (1...9).map { "b\($0): &b\($0) [" + Array(repeating: $0 == 1 ? "*a" : "*b\($0 - 1)", count: 10).joined(separator: ", ") + "]" }.joined(separator: "\n"), "error: aliases expand this document"),
        ("dup.yaml", "week: 2026-W48\nweek: 2026-W49\n", "dup.yaml:2:1: error: duplicate key 'week'"),
        ("big.yaml", "week: 2026-W48\naccounts: [{id: a, manager: m, revenue: 1e400}]\n", "big.yaml:2:41: error: 'revenue' of account 'a' is 1e400"),
        ("nan.yaml", "week: 2026-W48\nexperts: [{id: e, weeklyHours: .nan, skills: {x: 1}}]\n", "nan.yaml:2:32: error: 'weeklyHours' of expert 'e' is .nan"),
        ("empty.yaml", "", "empty.yaml:1:1: error: the file is empty"),
    ])
    func malformed(name: String, content: String, expected: String) throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        try content.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        let output = try KamRunner.run(["validate", name], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr.contains(expected), "\(output.stderr)")
        #expect(output.stdout.contains("\(name): "))
    }

    @Test("kam tiers prints the table, JSON and CSV")
    func tiers() throws {
        let table = try KamRunner.run(["tiers", "scenarios/baseline.yaml"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("bank-hq           Eastbank head office 东方银行总行                 platinum  pareto     1,050     1"))
        #expect(table.stdout.contains("Key accounts (platinum + gold): 46.7% of accounts, 83.2% of revenue."))
        let json = try KamRunner.run(["tiers", "scenarios/baseline.yaml", "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let tiers = try #require(decoded?["tiers"] as? [[String: Any]])
        #expect(tiers.count == 15)
        #expect(tiers[2]["account"] as? String == "megamart" && tiers[2]["source"] as? String == "explicit")
        #expect(tiers[2]["flags"] as? [String] == ["lowMargin"])
        let csv = try KamRunner.run(["tiers", "scenarios/baseline.yaml", "--format", "csv"])
        // Name, revenue and profit travel with the tier (baseline.yaml: bank-hq revenue 4,200, profit 1,050).
        #expect(csv.stdout.hasPrefix("account,name,tier,source,revenue,profit,basis,rank,flags\nbank-hq,Eastbank head office 东方银行总行,platinum,pareto,4200,1050,1050,1,\n"))
        let bad = try KamRunner.run(["tiers", "scenarios/baseline.yaml", "--format", "xml"])
        #expect(bad.status != 0 && bad.stderr.contains("xml"))
    }

    @Test("kam generate: same seed, same bytes; loads valid; JSON too")
    func generate() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["a.yaml", "b.yaml", "c.json"] {
            let output = try KamRunner.run(["generate", "--customers", "500", "--experts", "30", "--seed", "9", "--out", name], in: folder)
            #expect(output.status == 0, "\(output.stderr)")
        }
        let a = try Data(contentsOf: folder.appendingPathComponent("a.yaml"))
        let b = try Data(contentsOf: folder.appendingPathComponent("b.yaml"))
        #expect(a == b)
        let validate = try KamRunner.run(["validate", "a.yaml", "c.json"], in: folder)
        #expect(validate.status == 0, "\(validate.stderr)")
        let bad = try KamRunner.run(["generate", "--customers", "0", "--experts", "3"], in: folder)
        #expect(bad.status != 0 && bad.stderr.contains("--customers must be between 1 and 10000000"))
    }
}
