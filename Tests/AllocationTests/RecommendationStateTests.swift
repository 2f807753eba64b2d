import Foundation
import LinearProgramming
import Scenarios
import Testing
@testable import Allocation

/// `kam plan` keeps what `kam recommend --plan` needs as a file (RecommendationState); read back, it
/// must answer exactly as the state made in memory does, and a damaged file must be an error.
@Suite("Allocation: the recommendation state of a plan")
struct RecommendationStateTests {
    static let week = ISOWeek(year: 2026, week: 48)!

    /// A generated book with its problem, plan and the state made from them.
    static func solved(_ scenario: Scenario, options: AllocationOptions = AllocationOptions()) throws
        -> (problem: AllocationProblem, plan: AllocationPlan, state: RecommendationState) {
        let problem = try Allocator.problem(scenario, options: options)
        let (plan, basis) = try Allocator.solveKeepingFlowBasis(problem, options: options)
        return (problem, plan, RecommendationState(problem: problem, plan: plan, flowBasis: basis, options: options))
    }

    static func controlled(seed: UInt64) throws -> (Scenario, AllocationOptions) {
        let base = ScenarioGenerator(customers: 3000, experts: 80, seed: seed, week: week).generate()
        let (scenario, reference) = ControlledBook.make(base, reference: try Allocator.allocate(base))
        var options = AllocationOptions()
        options.reference = reference
        return (scenario, options)
    }

    @Test("Read back from its bytes, the state is the one written, and it recommends the same, byte for byte",
          arguments: ["plain", "binaries", "controls"])
    func roundTrip(book: String) throws {
        let (scenario, options): (Scenario, AllocationOptions)
        switch book {
        case "plain": (scenario, options) = (ScenarioGenerator(customers: 3000, experts: 60, seed: 5, week: Self.week).generate(), AllocationOptions())
        case "binaries": (scenario, options) = (ScenarioGenerator(customers: 1500, experts: 60, seed: 4, week: Self.week, withBinaries: true).generate(), AllocationOptions())
        default: (scenario, options) = try Self.controlled(seed: 2)
        }
        let (problem, plan, state) = try Self.solved(scenario, options: options)
        #expect(state.basis != nil || book == "controls")
        let bytes = state.bytes()
        let read = try RecommendationState(bytes: bytes)
        #expect(read == state)
        #expect(read.bytes() == bytes)
        // Unmet requests (forced) and met ones, the report of each the same as the in-memory way's.
        let unmet = plan.requests.filter { $0.unmet > 0 && $0.reason == .outbid }.prefix(3).map(\.id)
        let met = plan.requests.filter { $0.unmet == 0 }.prefix(1).map(\.id)
        #expect(unmet.count == 3)
        for id in unmet + met {
            let direct = try Allocator.recommend(problem, plan: plan, request: id, options: options, flowBasis: state.basis)
            let fromFile = try read.recommend(request: id, options: options)
            #expect(RecommendationReport.text(fromFile) == RecommendationReport.text(direct), "request \(id)")
        }
    }

    @Test("Forcing a request under a change penalty counts its kept hours: warm from the state agrees with the cold forced model")
    func keptHoursCount() throws {
        let (scenario, options) = try Self.controlled(seed: 1)
        let (problem, plan, state) = try Self.solved(scenario, options: options)
        var compared = 0, withKept = 0
        for r in plan.requests.indices where plan.requests[r].reason == .outbid && compared < 8 {
            var cold = options
            cold.warmStart = false
            guard let coldPlan = try? Allocator.solve(problem.forcing(request: r), options: cold) else {
                #expect(try state.forcedAllocation(request: r, options: options) == nil)
                continue
            }
            let warm = try #require(try state.forcedAllocation(request: r, options: options))
            #expect(abs(warm.objective - coldPlan.objective) <= 1e-7 * max(1, abs(coldPlan.objective)),
                    "request \(scenario.requests[r].id): warm \(warm.objective), cold \(coldPlan.objective)")
            #expect(abs(warm.allocated[r] - scenario.requests[r].hours) < 1e-6)
            if problem.pairRanges[r].contains(where: { problem.controls.reference[$0] > 0 }) { withKept += 1 }
            compared += 1
        }
        #expect(compared >= 4)
        // Some forced requests held reference hours: without kept(e, r) in the forcing row they
        // would lose the change penalty's bonus on them and the objectives above would differ.
        #expect(withKept > 0)
    }

    /// One expert of 10 hours, booked at most half of them; a request of 8 hours that only she can do.
    static let capped = """
        week: 2026-W48
        policy: {allocation: {maxUtilization: 0.5}}
        managers: [{id: m, region: east}]
        experts: [{id: e, name: Eve, weeklyHours: 10, region: east, skills: {net: 1}}]
        accounts: [{id: a, manager: m, region: east, revenue: 100, profit: 10, tier: platinum}]
        requests: [{id: r, account: a, skill: net, hours: 8}]
        """

    @Test("A request the utilization cap keeps from being met in full is impossible, with the reason (the solver is not asked to explain an infeasible model)")
    func cappedIsImpossible() throws {
        let loaded = ScenarioLoader.load(bytes: Array(Self.capped.utf8), file: "capped.yaml")
        let scenario = try #require(loaded.scenario, "\(loaded.errors)")
        let (problem, plan, state) = try Self.solved(scenario)
        // Eve may be booked 10 x 0.5 = 5 of the 8 hours.
        #expect(plan.requests[0].allocated == 5 && plan.requests[0].unmet == 3)
        let recommendation = try Allocator.recommend(problem, plan: plan, request: "r")
        guard case .impossible(let why) = recommendation.forcing else {
            Issue.record("expected impossible, got \(recommendation.forcing)")
            return
        }
        #expect(why.contains("cannot give it 8 hours within their bookable hours"))
        #expect(try state.forcedAllocation(request: 0, options: AllocationOptions()) == nil)
    }

    @Test("A damaged state file is an error, never a crash: every cut, foreign bytes, another version, flipped bytes")
    func damaged() throws {
        let scenario = ScenarioGenerator(customers: 200, experts: 12, seed: 3, week: Self.week).generate()
        let (_, plan, state) = try Self.solved(scenario)
        let bytes = state.bytes()
        for cut in Array(0..<80) + stride(from: 80, to: bytes.count, by: max(1, bytes.count / 300)).map({ $0 }) {
            #expect(throws: RecommendationState.ReadError.self) { try RecommendationState(bytes: Array(bytes[..<cut])) }
        }
        #expect(throws: RecommendationState.ReadError.self) { try RecommendationState(bytes: bytes + [0]) }
        #expect(throws: RecommendationState.ReadError.self) { try RecommendationState(bytes: Array("week: 2026-W48\n".utf8)) }
        var otherVersion = bytes
        otherVersion[8] = 2
        do {
            _ = try RecommendationState(bytes: otherVersion)
            Issue.record("another version was read")
        } catch {
            #expect("\(error)".contains("format 2, this kam reads format 1"))
        }
        // A count far beyond the file: refused before any memory is asked for.
        var huge = bytes
        let requestCount = 8 + 4 + 1 + 4 * 8 + 4 + 1
        huge.replaceSubrange(requestCount..<requestCount + 4, with: [0xFF, 0xFF, 0xFF, 0x7F])
        #expect(throws: RecommendationState.ReadError.self) { try RecommendationState(bytes: huge) }
        // Bytes flipped anywhere (seeded): an error, or a state that still answers or fails with an
        // error. A flipped number can make a model GLPK works on for long: 2 s each at most here.
        var generator = Xorshift(state: 0x5EED_1234)
        let ids = plan.requests.filter { $0.unmet > 0 }.prefix(2).map(\.id)
        var quick = AllocationOptions()
        quick.timeLimit = 2
        var readBack = 0
        for _ in 0..<300 {
            var flipped = bytes
            let at = Int.random(in: 12..<bytes.count, using: &generator)
            flipped[at] ^= UInt8.random(in: 1...255, using: &generator)
            guard let read = try? RecommendationState(bytes: flipped) else { continue }
            readBack += 1
            for id in ids { _ = try? read.recommend(request: id, options: quick) }
        }
        // Most flips land in numbers (read back, answered); names and counts are caught.
        #expect(readBack > 100 && readBack < 300)
    }
}

/// A seeded generator, so a failure repeats.
struct Xorshift: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

/// The report's text, for comparing recommendations (the Reports module is not a dependency here).
enum RecommendationReport {
    static func text(_ r: Recommendation) -> String {
        var out = "\(r.request) \(r.outcome) \(r.baseObjective)\n"
        for c in r.candidates { out += "\(c)\n" }
        switch r.forcing {
        case .alreadyMet: out += "alreadyMet"
        case .impossible(let why): out += "impossible \(why)"
        case .forced(let objective, let lost, let changes): out += "forced \(objective) \(lost) \(changes)"
        }
        return out
    }
}
