import Foundation
import Testing

@Suite("kam allocate and recommend")
struct AllocateCommandTests {
    @Test("The table shows teams, unmet requests with reasons, experts with shadow prices")
    func table() throws {
        let output = try KamRunner.run(["allocate", "scenarios/baseline.yaml"])
        #expect(output.status == 0, "\(output.stderr)")
        let text = output.stdout
        #expect(text.contains("Allocation optimal: objective 1,097.53"))
        #expect(text.contains("Virtual teams") && text.contains("Unmet requests") && text.contains("Experts"))
        #expect(text.contains("bank-hq        platinum  m-zhang  e-wang 40, e-huang 12"))
        #expect(text.contains("r-swift-cloud  swiftship      cloud           10          0     10  ineligibleTier: account 'swiftship' is iron"))
        #expect(text.contains("r-hosp-iot     city-hospital  iot              8          0      8  noSkill: no expert has skill 'iot'"))
        #expect(text.contains("e-wang   Wang Fang 王芳        40         40         100%          0.26"))
    }

    @Test("JSON is the plan format, byte-identical across runs")
    func json() throws {
        let first = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--format", "json"])
        let second = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--format", "json"])
        #expect(first.status == 0)
        #expect(first.stdout == second.stdout)
        let plan = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect(plan["scenario"] as? String == "Northwind baseline" && plan["week"] as? String == "2026-W48")
        let allocation = try #require(plan["allocation"] as? [String: Any])
        #expect(allocation["status"] as? String == "optimal")
        #expect(abs((allocation["objective"] as? Double ?? 0) - 1097.5329448286) < 1e-6)
        let requests = try #require(allocation["requests"] as? [[String: Any]])
        #expect(requests.count == 15)
        #expect(requests.first { $0["id"] as? String == "r-hosp-iot" }?["reason"] as? String == "noSkill")
        let experts = try #require(allocation["experts"] as? [[String: Any]])
        #expect(experts.map { $0["id"] as? String } == ["e-wang", "e-liu", "e-zhao", "e-sun", "e-zhou", "e-wu", "e-huang"])
        #expect(try #require(plan["tiers"] as? [[String: Any]]).count == 15)
        #expect(allocation["teams"] != nil && allocation["assignments"] != nil)
    }

    @Test("CSV lists the assignments; markdown has sections; the model can be exported")
    func otherFormats() throws {
        let csv = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("expert,request,account,hours,valuePerHour,shadowPrice,margin,why\ne-wang,r-bank-sec,bank-hq,"))
        let markdown = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("# Allocation: Northwind baseline, 2026-W48"))
        #expect(markdown.stdout.contains("## Unmet requests") && markdown.stdout.contains("|---|---|"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let lp = folder.appendingPathComponent("week.lp").path
        let export = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--export-model", lp, "--format", "csv"])
        #expect(export.status == 0)
        #expect(export.stderr.contains("wrote the model to \(lp)"))
        let model = try String(contentsOfFile: lp, encoding: .utf8)
        #expect(model.contains("Maximize") && model.contains("capacity(e_wang)"))
        let bad = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--export-model", "week.txt"])
        #expect(bad.status != 0 && bad.stderr.contains("--export-model must name a .mps or .lp file"))
        let badLimit = try KamRunner.run(["allocate", "scenarios/baseline.yaml", "--time-limit", "0"])
        #expect(badLimit.status != 0 && badLimit.stderr.contains("--time-limit must be a number of seconds > 0"))
    }

    @Test("An invalid scenario is refused before any solving")
    func invalid() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "week: 2026-W48\nrequests: [{id: r, account: nobody, skill: x, hours: 1}]\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let output = try KamRunner.run(["allocate", "bad.yaml"], in: folder)
        #expect(output.status == 1)
        #expect(output.stderr.contains("bad.yaml:2:12: error: request 'r' names unknown account 'nobody'"))
        #expect(output.stdout.isEmpty)
    }

    @Test("kam recommend ranks candidates and prices forcing a request")
    func recommend() throws {
        let output = try KamRunner.run(["recommend", "scenarios/baseline.yaml", "--request", "r-hosp-net"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("Now: 10 h allocated, 2 h unmet (outbid"))
        #expect(output.stdout.contains("e-liu   Liu Yang 刘洋          2.48          2.48       0          10     0"))
        // 2 more hours of e-liu here cost 2 hours on r-tel-net: 2 * (6.84 - 2.48) = 8.72.
        #expect(output.stdout.contains("Meeting it in full: objective 1,088.81 instead of 1,097.53, 8.72 lost."))
        #expect(output.stdout.contains("r-tel-net  telecom-north      30     28         2"))
        let unknown = try KamRunner.run(["recommend", "scenarios/baseline.yaml", "--request", "r-nope"])
        #expect(unknown.status != 0 && unknown.stderr.contains("has no request 'r-nope'"))
    }

    @Test("kam recommend --plan answers from the plan's solver state as from the scenario; a changed file is warned about, a damaged state refused")
    func recommendFromPlan() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-recommend-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let book = folder.appendingPathComponent("book.yaml")
        try FileManager.default.copyItem(at: KamRunner.repositoryRoot.appendingPathComponent("scenarios/baseline.yaml"), to: book)
        try FileManager.default.copyItem(at: KamRunner.repositoryRoot.appendingPathComponent("scenarios/files"), to: folder.appendingPathComponent("files"))
        let planned = try KamRunner.run(["plan", "book.yaml", "--out", "plan"], in: folder)
        #expect(planned.status == 0, "\(planned.stderr)")
        #expect(planned.stdout.contains("recommend-state.bin"))
        for request in ["r-hosp-net", "r-tel-net", "r-hosp-iot"] {
            let fromBook = try KamRunner.run(["recommend", "book.yaml", "--request", request], in: folder)
            let fromPlan = try KamRunner.run(["recommend", "--plan", "plan", "--request", request], in: folder)
            #expect(fromBook.status == 0 && fromPlan.status == 0, "\(fromPlan.stderr)")
            #expect(fromPlan.stdout == fromBook.stdout)
            #expect(fromPlan.stderr.isEmpty, "the scenario is not read: no warnings of its own")
        }
        let unknown = try KamRunner.run(["recommend", "--plan", "plan", "--request", "r-hosp-nett"], in: folder)
        #expect(unknown.status == 1 && unknown.stderr.contains("the plan in plan has no request 'r-hosp-nett'; did you mean 'r-hosp-net'?"))

        try (String(contentsOf: book, encoding: .utf8) + "\n# edited\n").write(to: book, atomically: true, encoding: .utf8)
        let changed = try KamRunner.run(["recommend", "--plan", "plan", "--request", "r-hosp-net"], in: folder)
        #expect(changed.status == 0)
        #expect(changed.stderr.contains("warning: \(book.standardizedFileURL.path) has changed since the plan in plan was made"))

        let both = try KamRunner.run(["recommend", "book.yaml", "--plan", "plan", "--request", "r-hosp-net"], in: folder)
        #expect(both.status == 64 && both.stderr.contains("--plan DIR answers against that plan: give it without a scenario file"))
        let state = folder.appendingPathComponent("plan/recommend-state.bin")
        let bytes = try Data(contentsOf: state)
        try bytes.prefix(bytes.count / 2).write(to: state)
        let damaged = try KamRunner.run(["recommend", "--plan", "plan", "--request", "r-hosp-net"], in: folder)
        #expect(damaged.status == 1 && damaged.stderr.contains("plan/recommend-state.bin: a damaged solver state ("))
        try FileManager.default.removeItem(at: state)
        let missing = try KamRunner.run(["recommend", "--plan", "plan", "--request", "r-hosp-net"], in: folder)
        #expect(missing.status == 1 && missing.stderr.contains("plan/recommend-state.bin: no solver state here"))
        let neither = try KamRunner.run(["recommend", "--request", "r-hosp-net"], in: folder, environment: ["KAM_WORKSPACE": ""])
        #expect(neither.status == 64 && neither.stderr.contains("give a scenario file or --workspace DIR"))
    }
}

@Suite("Huge numbers never crash")
struct HugeNumberTests {
    @Test("1e300 revenue, hours and capacity plan without a crash; a day longer than 24 hours is refused")
    func huge() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-huge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try """
            week: 2026-W48
            managers: [{id: m, region: east}]
            experts: [{id: e, weeklyHours: 1e300, skills: {x: 1}}]
            accounts: [{id: a, manager: m, region: east, revenue: 1e300, profit: 1e299, tier: platinum}]
            requests: [{id: r, account: a, skill: x, hours: 1e300}]
            """.write(to: folder.appendingPathComponent("huge.yaml"), atomically: true, encoding: .utf8)
        for command in [["tiers"], ["allocate"], ["visits"], ["plan", "--out", folder.appendingPathComponent("plan").path]] {
            let output = try KamRunner.run([command[0], "huge.yaml"] + command.dropFirst(), in: folder)
            #expect(output.status == 0, "\(command): \(output.stderr)")
        }
        try "week: 2026-W48\nmanagers: [{id: m, hoursPerDay: 30}]\n".write(to: folder.appendingPathComponent("long.yaml"), atomically: true, encoding: .utf8)
        let long = try KamRunner.run(["validate", "long.yaml"], in: folder)
        #expect(long.status == 1 && long.stderr.contains("'hoursPerDay' of manager 'm' is 30, expected a number of hours in [0, 24]"))
    }
}
