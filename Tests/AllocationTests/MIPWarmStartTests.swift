@testable import LinearProgramming
import Scenarios
import Testing
@testable import Allocation

/// Books with binaries (singleExpert, maxAccounts): GLPK's LP relaxation starts from the flow's
/// basis extended over the binaries' rows (FlowBasis.addLinks) instead of from scratch (issue 14).
@Suite("Allocation: the MIP's relaxation from the flow basis")
struct MIPWarmStartTests {
    static func book(seed: UInt64, maxAccounts: Bool) -> AllocationProblem {
        var scenario = ScenarioGenerator(customers: 2000, experts: 90, seed: seed, week: FastPathTests.week, withBinaries: true).generate()
        if !maxAccounts { for index in scenario.experts.indices { scenario.experts[index].maxAccounts = nil } }
        return AllocationProblem(scenario)
    }

    /// The model with every binary made continuous in [0, 1]: the LP relaxation.
    static func relaxation(_ model: LinearModel) -> LinearModel {
        var relaxed = model
        for index in relaxed.variables.indices where relaxed.variables[index].kind != .continuous {
            relaxed.variables[index].kind = .continuous
            relaxed.variables[index].bounds = .range(0, 1)
        }
        return relaxed
    }

    /// The relaxation of `problem` solved cold and from the extended flow basis.
    static func coldAndWarm(_ problem: AllocationProblem) throws -> (cold: Solution, warm: Solution) {
        let basis = try #require(FlowBasis.basis(for: problem))
        var options = Allocator.solveOptions(for: problem, AllocationOptions())
        let relaxed = relaxation(problem.model)
        let cold = try solve(relaxed, options: options)
        options.startingBasis = basis
        return (cold, try solve(relaxed, options: options))
    }

    @Test("singleExpert only: the extended basis is already optimal for the relaxation (0 simplex iterations)", arguments: [4, 5] as [UInt64])
    func singleExpertOptimalAtOnce(seed: UInt64) throws {
        // In the relaxation, x - hours y = 0 and sum y <= 1 only restate sum x <= hours (the request
        // row), so the flow optimum is the relaxation's. With y basic on its link row, that row's dual
        // is y's cost over -hours = 0 and the choice row's slack is basic (dual 0): every reduced cost
        // is the network's, which are optimal. So GLPK confirms the basis without a pivot.
        let problem = Self.book(seed: seed, maxAccounts: false)
        #expect(!problem.singleExpertLinks.isEmpty && problem.accountLinks.isEmpty)
        let (cold, warm) = try Self.coldAndWarm(problem)
        #expect(warm.warmStarted && warm.status == .optimal)
        #expect(warm.iterations == 0)
        #expect(abs(warm.objective - cold.objective) <= 1e-9 * max(1, abs(cold.objective)))
        #expect(cold.iterations > 100)  // what the warm start saves
    }

    @Test("maxAccounts too: the relaxation from the extended basis reaches the cold optimum", arguments: [4, 5] as [UInt64])
    func maxAccountsRelaxation(seed: UInt64) throws {
        let problem = Self.book(seed: seed, maxAccounts: true)
        #expect(!problem.accountLinks.isEmpty)
        let (cold, warm) = try Self.coldAndWarm(problem)
        #expect(warm.warmStarted && warm.status == .optimal)
        #expect(abs(warm.objective - cold.objective) <= 1e-9 * max(1, abs(cold.objective)))
        #expect(warm.iterations < cold.iterations)
    }

    @Test("The whole MIP: warm and cold plans agree within the gap; the warm one says it started warm", arguments: [4, 5] as [UInt64])
    func mixedIntegerAgrees(seed: UInt64) throws {
        let problem = Self.book(seed: seed, maxAccounts: true)
        let warm = try Allocator.solution(problem, options: AllocationOptions())
        let cold = try Allocator.solution(problem, options: AllocationOptions(warmStart: false))
        #expect(warm.warmStarted && !cold.warmStarted)
        #expect(warm.status == .optimal && cold.status == .optimal)
        let gap = problem.scenario.policy.allocation.mipGap
        #expect(abs(warm.objective - cold.objective) <= 2 * gap * max(1, abs(cold.objective)))
    }

    @Test("recommend on a book with binaries: forcing a request from the plan's extended basis agrees with the cold search", arguments: [4] as [UInt64])
    func forcingAgrees(seed: UInt64) throws {
        let problem = Self.book(seed: seed, maxAccounts: true)
        let (plan, basis) = try Allocator.solveKeepingFlowBasis(problem)
        let state = RecommendationState(problem: problem, plan: plan, flowBasis: basis)
        #expect(state.basis != nil)
        let outbid = plan.requests.indices.filter { plan.requests[$0].reason == .outbid }.prefix(6)
        let gap = problem.scenario.policy.allocation.mipGap
        var compared = 0
        for r in outbid {
            // Some requests cannot be met in full at all (too few candidate hours under the
            // binaries): then both ways must say so.
            guard let cold = try? Allocator.solve(problem.forcing(request: r), options: AllocationOptions(warmStart: false)) else {
                #expect(try state.forcedAllocation(request: r, options: AllocationOptions()) == nil)
                continue
            }
            let warm = try #require(try state.forcedAllocation(request: r, options: AllocationOptions()))
            #expect(abs(warm.objective - cold.objective) <= 2 * gap * max(1, abs(cold.objective)))
            #expect(abs(warm.allocated[r] - problem.scenario.requests[r].hours) < 1e-6)
            compared += 1
        }
        #expect(compared > 0)
    }
}
