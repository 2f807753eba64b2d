import Foundation
import TestSupport
import Testing

/// The command families agree: a mistyped option is named, the workspace and the week default the
/// same way everywhere, and a failure while running is an error, not a usage message.
@Suite("Command-line consistency")
struct CommandLineTests {
    @Test("A mistyped option is named first, with a suggestion and the command's own usage",
          arguments: [
            (["plan", "scenarios/baseline.yaml", "--otu", "x"], "Error: Unknown option '--otu'. Did you mean '--out'?", "Usage: kam plan"),
            (["request", "add", "--workspace", "ws", "--acount", "bank-hq"], "Error: Unknown option '--acount'. Did you mean '--account'?", "Usage: kam request add"),
            (["allocate", "scenarios/baseline.yaml", "--verbos"], "Error: Unknown option '--verbos'. Did you mean '--verbose'?", "Usage: kam allocate"),
            (["visits", "scenarios/baseline.yaml", "--zzzzzzzz"], "Error: Unknown option '--zzzzzzzz'.\n", "Usage: kam visits"),
          ])
    func unknownOption(arguments: [String], message: String, usage: String) throws {
        let output = try KamRunner.run(arguments)
        #expect(output.status == 64)
        #expect(output.stderr.hasPrefix(message), "\(output.stderr)")
        #expect(output.stderr.contains(usage))
    }

    @Test("An option's value that looks like an option is not taken for one")
    func valueLikeOption() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("--otu").path
        let output = try KamRunner.run(["visits", "scenarios/baseline.yaml", "--format", "csv", "--out", out])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(FileManager.default.fileExists(atPath: out))
    }

    @Test("A bad --week is reported with the command's own usage; an unknown request is an error without usage")
    func ownUsage() throws {
        let week = try KamRunner.run(["plan", "--workspace", "ws", "--week", "2026-W99"])
        #expect(week.status == 64)
        #expect(week.stderr.contains("'2026-W99' is not an ISO week like 2026-W48"))
        #expect(week.stderr.contains("Usage: kam plan") && !week.stderr.contains("Usage: kam <subcommand>"))
        let request = try KamRunner.run(["recommend", "scenarios/baseline.yaml", "--request", "r-hosp-nte"])
        #expect(request.status == 1)
        #expect(request.stderr.contains("error: scenarios/baseline.yaml has no request 'r-hosp-nte'; did you mean 'r-hosp-net'?"))
        #expect(!request.stderr.contains("Usage:"))
    }

    @Test("A failed write is an error (exit 1), not a usage message (exit 64)")
    func writeFailure() throws {
        let compare = try KamRunner.run(["compare", "scenarios/baseline.yaml", "scenarios/drop-megamart.yaml", "--out", "/nonexistent/kam/compare.txt"])
        #expect(compare.status == 1)
        #expect(compare.stderr.contains("error: cannot write '/nonexistent/kam/compare.txt'") && !compare.stderr.contains("Usage:"))
        let model = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--export-model", "/nonexistent/kam/model.lp"])
        #expect(model.status == 1 && model.stderr.contains("error:") && !model.stderr.contains("Usage:"))
    }

    @Test("KAM_WORKSPACE stands for --workspace; every workspace command defaults --week to next week (KAM_TODAY sets today)")
    func workspaceDefaults() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws").path
        #expect(try KamRunner.run(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        #expect(try KamRunner.run(["user", "add", "--workspace", ws, "--id", "planner", "--role", "planner"]).status == 0)  // --by names a real planner
        // 2026-11-23 is the Monday of 2026-W48: next week is 2026-W49.
        let env = ["KAM_WORKSPACE": ws, "KAM_TODAY": "2026-11-23"]
        let add = try KamRunner.run(["request", "add", "--account", "bank-hq", "--skill", "security", "--hours", "24", "--by", "m-zhang"], environment: env)
        #expect(add.status == 0 && add.stdout == "R0001\n", "\(add.stderr)")
        let show = try KamRunner.run(["request", "show", "R0001"], environment: env)
        #expect(show.stdout.hasPrefix("R0001: 24 h of security for bank-hq in 2026-W49, normal"), "\(show.stderr)")
        for command in [["allocate"], ["recommend", "--request", "R0001"], ["visits"], ["tiers"]] {
            let output = try KamRunner.run(command, environment: env)
            #expect(output.status == 0, "\(command): \(output.stderr)")
            #expect(output.stdout.contains("2026-W49") || command[0] == "recommend", "\(command): \(output.stdout)")
        }
        let plan = try KamRunner.run(["plan"], environment: env)
        #expect(plan.status == 0 && plan.stdout.contains("wrote") && plan.stdout.contains("plans/2026-W49"), "\(plan.stderr)")
        let publish = try KamRunner.run(["publish", "--by", "planner"], environment: env)
        #expect(publish.stdout.hasPrefix("published 2026-W49 version 1"), "\(publish.stderr)")
        let snapshot = try KamRunner.run(["snapshot", "--out", folder.appendingPathComponent("w.yaml").path], environment: env)
        #expect(snapshot.status == 0, "\(snapshot.stderr)")
        let written = try String(contentsOf: folder.appendingPathComponent("w.yaml"), encoding: .utf8)
        #expect(written.contains("week: 2026-W49") || written.contains("week: \"2026-W49\""), "\(written.prefix(200))")
        // Without either: one clear error.
        let none = try KamRunner.run(["request", "list"], environment: ["KAM_WORKSPACE": ""])
        #expect(none.status == 64 && none.stderr.contains("no workspace: give --workspace DIR or set KAM_WORKSPACE"))
        let bad = try KamRunner.run(["request", "list"], environment: ["KAM_WORKSPACE": ws, "KAM_TODAY": "tomorrow"])
        #expect(bad.status == 0)  // list needs no date
        let badToday = try KamRunner.run(["publish", "--by", "planner"], environment: ["KAM_WORKSPACE": ws, "KAM_TODAY": "tomorrow"])
        #expect(badToday.status == 1 && badToday.stderr.contains("KAM_TODAY is 'tomorrow', expected a date like 2026-11-23"))
    }

    @Test("A book over --max-pairs is refused before building, with the count and the limit")
    func maxPairs() throws {
        // baseline.yaml has 31 candidate pairs.
        for command in [["allocate"], ["plan", "--out", "/tmp/kam-never-written"], ["recommend", "--request", "r-hosp-net"]] {
            let output = try KamRunner.run([command[0], "scenarios/baseline.yaml"] + command.dropFirst() + ["--max-pairs", "30"])
            #expect(output.status == 1, "\(command)")
            #expect(output.stderr.contains("error: the allocation would have 31 candidate pairs (expert, request), more than the limit of 30; nothing was built"), "\(command): \(output.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/kam-never-written"))
        #expect(try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--max-pairs", "31"]).status == 0)
    }

    @Test("--out is a file for one output and a directory for several: visits --format json --out FILE")
    func outFile() throws {
        let folder = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("visits.json").path
        let output = try KamRunner.run(["visits", "scenarios/baseline.yaml", "--format", "json", "--out", file])
        #expect(output.status == 0 && output.stderr.contains("wrote \(file)"))
        let decoded = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        #expect(decoded?["travelHours"] as? Double == 5)
    }

}
