import Foundation
import TestSupport
import LinearProgramming
import Testing
import Scenarios
@testable import Allocation

/// On generated scenarios: every constraint holds, the objective recomputed from the
/// assignments by docs/scenario-format.md's formula equals the reported one, and independent solvers
/// (glpsol on the exported model; HiGHS when Python's highspy is installed) agree.
@Suite("Allocation: generated scenarios")
struct GeneratedScenarioTests {
    static let week = ISOWeek(year: 2026, week: 48)!

    static func scenario(seed: UInt64, binaries: Bool) -> Scenario {
        ScenarioGenerator(customers: 2000, experts: 90, seed: seed, week: week, withBinaries: binaries).generate()
    }

    /// Checks every constraint of the model against the plan.
    static func checkConstraints(_ scenario: Scenario, _ problem: AllocationProblem, _ plan: AllocationPlan) {
        let experts = Dictionary(uniqueKeysWithValues: scenario.experts.map { ($0.id, $0) })
        let accounts = Dictionary(uniqueKeysWithValues: scenario.accounts.map { ($0.id, $0) })
        let requests = Dictionary(uniqueKeysWithValues: scenario.requests.map { ($0.id, $0) })
        let tiers = Dictionary(uniqueKeysWithValues: problem.tiers.map { ($0.account, $0.tier) })
        var expertHours: [String: Double] = [:]
        var requestHours: [String: Double] = [:]
        var requestExperts: [String: Set<String>] = [:]
        var expertAccounts: [String: Set<String>] = [:]
        for a in plan.assignments {
            let expert = experts[a.expert]!, request = requests[a.request]!, account = accounts[a.account]!
            #expect(a.hours > 0)
            #expect(request.account == account.id)
            #expect((expert.proficiency(in: request.skill) ?? 0) > 0, "\(a.expert) lacks \(request.skill)")
            #expect(scenario.policy.allocation.eligibleTiers.contains(tiers[account.id]!))
            if request.onsite { #expect(expert.region == account.region) }
            expertHours[a.expert, default: 0] += a.hours
            requestHours[a.request, default: 0] += a.hours
            requestExperts[a.request, default: []].insert(a.expert)
            expertAccounts[a.expert, default: []].insert(a.account)
        }
        for expert in scenario.experts {
            #expect(expertHours[expert.id, default: 0] <= expert.capacity(in: scenario.week) + 1e-6)
            if let limit = expert.maxAccounts { #expect(expertAccounts[expert.id, default: []].count <= limit) }
        }
        for request in scenario.requests {
            #expect(requestHours[request.id, default: 0] <= request.hours + 1e-6)
            if request.singleExpert {
                #expect(requestExperts[request.id, default: []].count <= 1)
                let got = requestHours[request.id, default: 0]
                #expect(got == 0 || abs(got - request.hours) < 1e-6, "singleExpert \(request.id) got \(got) of \(request.hours)")
            }
        }
    }

    /// The objective of docs/scenario-format.md from the plan's assignments alone, by the formula written out
    /// here (not with the production code): value w(e, r) of each assigned hour minus the shortfall
    /// penalties of the minimum service. Tiers come from `Tiering` (checked against its own reference).
    static func recomputedObjective(_ scenario: Scenario, _ plan: AllocationPlan) -> Double {
        let policy = scenario.policy.allocation
        let tiers = Dictionary(uniqueKeysWithValues: zip(scenario.accounts.map(\.id), Tiering.assign(scenario).map(\.tier)))
        let accounts = Dictionary(uniqueKeysWithValues: scenario.accounts.map { ($0.id, $0) })
        let experts = Dictionary(uniqueKeysWithValues: scenario.experts.map { ($0.id, $0) })
        let requests = Dictionary(uniqueKeysWithValues: scenario.requests.map { ($0.id, $0) })
        let eligible = { (id: String) in policy.eligibleTiers.contains(tiers[id]!) }
        let basis = { (a: Account) in max(0, a.value ?? a.profit ?? a.revenue) }
        let eligibleBases = scenario.accounts.filter { eligible($0.id) }.map(basis)
        let mean = eligibleBases.isEmpty ? 0 : eligibleBases.reduce(0, +) / Double(eligibleBases.count)
        let history = Set(scenario.history.filter { $0.hours > 0 }.map { $0.expert + "|" + $0.account })
        var total = 0.0
        var allocated: [String: Double] = [:]
        for a in plan.assignments {
            let account = accounts[a.account]!, request = requests[a.request]!, expert = experts[a.expert]!
            let value = mean > 0 ? pow(basis(account) / mean, policy.valueExponent) : 1
            let w = value * policy.tierWeight[tiers[account.id]!]! * policy.stageWeight[account.stage]! * policy.priorityWeight[request.priority]!
                * expert.proficiency(in: request.skill)! * (history.contains(expert.id + "|" + account.id) ? 1 + policy.continuityBonus : 1)
            total += w * a.hours
            allocated[a.request, default: 0] += a.hours
        }
        for request in scenario.requests where eligible(request.account) {
            let tier = tiers[request.account]!
            guard let share = policy.minimumService[tier] else { continue }
            let level = (share * request.hours - 1e-9).rounded(.up)
            total -= policy.shortfallPenalty * policy.tierWeight[tier]! * max(0, level - allocated[request.id, default: 0])
        }
        return total
    }

    @Test("Pure LPs: constraints hold, objective recomputes by the formula", arguments: [1, 2, 3] as [UInt64])
    func linear(seed: UInt64) throws {
        let scenario = Self.scenario(seed: seed, binaries: false)
        let problem = AllocationProblem(scenario, names: true)
        #expect(problem.binaryCount == 0)
        let plan = try Allocator.solve(problem)
        #expect(plan.status == .optimal)
        Self.checkConstraints(scenario, problem, plan)
        #expect(close(Self.recomputedObjective(scenario, plan), plan.objective))
        // Hours are integral: the LP is a network flow with integer data.
        #expect(plan.assignments.allSatisfy { $0.hours == $0.hours.rounded() })
    }

    @Test("MIPs with singleExpert and maxAccounts: constraints hold, objective within the gap", arguments: [4, 5] as [UInt64])
    func mixedInteger(seed: UInt64) throws {
        let scenario = Self.scenario(seed: seed, binaries: true)
        let problem = AllocationProblem(scenario, names: true)
        #expect(problem.binaryCount > 0)
        let plan = try Allocator.solve(problem)
        #expect(plan.status == .optimal)
        Self.checkConstraints(scenario, problem, plan)
        #expect(close(Self.recomputedObjective(scenario, plan), plan.objective))
    }

    @Test("glpsol agrees on the exported model (LPs and MIPs)", .enabled(if: IndependentSolvers.hasGlpsol, "glpsol (Debian glpk-utils) is not installed"),
          arguments: [(1, false), (2, false), (3, false), (4, true), (5, true)] as [(UInt64, Bool)])
    func glpsol(seed: UInt64, binaries: Bool) throws {
        let problem = AllocationProblem(Self.scenario(seed: seed, binaries: binaries), names: true)
        let plan = try Allocator.solve(problem)
        try IndependentSolvers.glpsol(problem.model, objective: plan.objective, tolerance: max(problem.scenario.policy.allocation.mipGap, plan.mipGap) + 1e-6)
    }

    @Test("HiGHS agrees on the exported model (LPs and MIPs)", .enabled(if: IndependentSolvers.hasHighs, "Python highspy is not installed"),
          arguments: [(1, false), (2, false), (3, false), (4, true), (5, true)] as [(UInt64, Bool)])
    func highs(seed: UInt64, binaries: Bool) throws {
        let problem = AllocationProblem(Self.scenario(seed: seed, binaries: binaries), names: true)
        let plan = try Allocator.solve(problem)
        try IndependentSolvers.highs(problem.model, objective: plan.objective, tolerance: max(problem.scenario.policy.allocation.mipGap, plan.mipGap) + 1e-6)
    }

    @Test("Same input, byte-identical plan")
    func determinism() throws {
        let scenario = Self.scenario(seed: 6, binaries: true)
        let first = try Allocator.allocate(scenario)
        let second = try Allocator.allocate(scenario)
        #expect(first.assignments == second.assignments && first.requests == second.requests && first.experts == second.experts)
    }

    @Test("A plan stopped by the time limit says so and keeps its gap")
    func timeLimitStatus() throws {
        var book = Book()
        book.account("G", .gold)
        book.expert("e1", hours: 10, ["network": 1])
        book.request("r", "G", "network", hours: 8, single: true)
        let problem = AllocationProblem(book.scenario)
        var solution = try LinearProgramming.solve(problem.model)
        solution.status = .timeLimit
        solution.mipGap = 0.031
        let plan = try Allocator.plan(problem, solution)
        #expect(plan.status == .timeLimit && plan.mipGap == 0.031)
        solution.hasValues = false
        #expect(throws: AllocationError.noPlan("the time limit ended the search before any plan was found; raise policy.allocation.timeLimitSeconds or --time-limit")) {
            try Allocator.plan(problem, solution)
        }
    }
}

/// glpsol (Debian glpk-utils) and HiGHS (Python highspy) on the exported model. Each is used
/// when installed (`make test` installs both); a missing one is skipped with a note.
enum IndependentSolvers {
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// python3 as found on PATH.
    static func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try run("/usr/bin/env", ["python3"] + arguments)
    }

    static let hasHighs: Bool = (try? python(["-c", "import highspy"]).status) == 0

    static let hasGlpsol = FileManager.default.isExecutableFile(atPath: "/usr/bin/glpsol")

    /// Exports `model` to a temporary .lp file and gives its path to `body`.
    static func withExport(_ model: LinearModel, _ body: (String, URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kam-solvers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.lp").path
        try export(model, to: path)
        try body(path, directory)
    }

    static func glpsol(_ model: LinearModel, objective: Double, tolerance: Double) throws {
        try withExport(model) { path, directory in
            let report = directory.appendingPathComponent("glpsol.txt").path
            _ = try run("/usr/bin/glpsol", ["--lp", path, "-o", report])
            let text = try String(contentsOfFile: report, encoding: .utf8)
            let line = text.split(separator: "\n").first { $0.hasPrefix("Objective:") }.map(String.init) ?? ""
            let value = Double(line.split(separator: "=").last?.split(separator: " ").first ?? "") ?? .nan
            #expect(abs(value - objective) <= tolerance * max(1, abs(objective)), "glpsol \(value) vs kam \(objective)")
        }
    }

    static func highs(_ model: LinearModel, objective: Double, tolerance: Double) throws {
        try withExport(model) { path, _ in
            let script = "import highspy,sys\nh=highspy.Highs()\nh.setOptionValue('output_flag',False)\nh.readModel(sys.argv[1])\nh.run()\nprint(repr(h.getInfo().objective_function_value))"
            let output = try python(["-c", script, path])
            // The last line: HiGHS 1.16 prints its banner on stdout before any option can silence it.
            let last = output.output.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let value = Double(last) ?? .nan
            #expect(abs(value - objective) <= tolerance * max(1, abs(objective)), "HiGHS \(value) vs kam \(objective)")
        }
    }
}

/// A generated book looks like a real supplier's: skills that exist, demand in proportion to the
/// experts' hours, platinum served.
@Suite("Generator: a realistic book")
struct RealisticBookTests {
    @Test("3,000 customers and 100 experts: every requested skill exists, platinum is served, gold competes",
          arguments: [UInt64(3), 7])
    func realistic(seed: UInt64) throws {
        let scenario = ScenarioGenerator(customers: 3000, experts: 100, seed: seed, week: GeneratedScenarioTests.week).generate()
        let skills = Set(scenario.experts.flatMap { $0.skills.map(\.name) })
        #expect(scenario.requests.allSatisfy { skills.contains($0.skill) })
        let capacity = scenario.experts.reduce(0) { $0 + $1.capacity(in: scenario.week) }
        let demand = scenario.requests.reduce(0) { $0 + $1.hours }
        // Requests ask for about 90% of the hours (each request at least 2 h after scaling).
        #expect(demand <= 0.9 * capacity + 2 * Double(scenario.requests.count) && demand >= 0.5 * capacity, "demand \(demand), capacity \(capacity)")
        let problem = AllocationProblem(scenario)
        let plan = try Allocator.solve(problem)
        let tierOf = Dictionary(uniqueKeysWithValues: problem.tiers.map { ($0.account, $0.tier) })
        var requested: [Tier: Double] = [:], allocated: [Tier: Double] = [:]
        for outcome in plan.requests {
            requested[tierOf[outcome.account]!, default: 0] += outcome.requested
            allocated[tierOf[outcome.account]!, default: 0] += outcome.allocated
        }
        let platinum = allocated[.platinum, default: 0] / requested[.platinum, default: 1]
        #expect(platinum >= 0.9, "platinum coverage \(platinum)")
        #expect(plan.objective > 0)
        #expect(!plan.requests.contains { $0.reason == .noSkill })
    }
}
