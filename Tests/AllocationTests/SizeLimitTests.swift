import Foundation
import Testing
import Scenarios
@testable import Allocation

/// A book whose model would not fit is refused before anything is built.
@Suite("Allocation: size limit")
struct SizeLimitTests {
    @Test("The pair count without building equals the built model's, on generated books", arguments: [UInt64(1), 2, 3])
    func count(seed: UInt64) {
        let scenario = ScenarioGenerator(customers: 2000, experts: 90, seed: seed, week: GeneratedScenarioTests.week).generate()
        #expect(AllocationProblem.candidatePairCount(scenario) == AllocationProblem(scenario).pairs.count)
    }

    @Test("10 million candidate pairs are refused with the count and the limit, in a moment")
    func tenMillion() throws {
        // 3,200 experts with one skill, 3,200 platinum requests for it: 3,200 x 3,200 = 10,240,000 pairs.
        let week = GeneratedScenarioTests.week
        var scenario = Scenario(name: "huge", week: week, managers: [Manager(id: "m")])
        scenario.experts = (0..<3200).map { Expert(id: "e\($0)", skills: [Skill("network", proficiency: 1)]) }
        scenario.accounts = (0..<3200).map { Account(id: "a\($0)", manager: "m", revenue: 100, tier: .platinum) }
        scenario.requests = (0..<3200).map { ExpertRequest(id: "r\($0)", account: "a\($0)", skill: "network", hours: 8) }
        let start = ContinuousClock.now
        #expect(throws: AllocationError.tooLarge(pairs: 10_240_000, limit: 5_000_000)) {
            try Allocator.problem(scenario, options: AllocationOptions())
        }
        #expect(ContinuousClock.now - start < .seconds(60))  // a guard against building 10 million pairs, with room for a busy machine
        #expect(AllocationOptions().memoryLimitMB == 9765)  // 5,000,000 pairs x 2 KB
        var smaller = AllocationOptions()
        smaller.maxPairs = 100
        #expect(smaller.memoryLimitMB == 1024)
    }
}
