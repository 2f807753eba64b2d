import LinearProgramming
import Scenarios
import Testing
@testable import Allocation

/// `kam recommend` re-solves the plan with one request forced to its full hours. The warm path
/// (the plan's flow basis, the forcing row basic, pairs priced in rounds) against GLPK's cold
/// primal simplex on the same forced model.
@Suite("Allocation: recommend re-solves from the plan's basis")
struct RecommendWarmTests {
    @Test("Forcing an outbid request: the warm re-solve reaches the cold optimum and meets the request in full",
          arguments: [(5, 3000, 60), (6, 4000, 100)] as [(UInt64, Int, Int)])
    func forcedAgrees(seed: UInt64, customers: Int, experts: Int) throws {
        let scenario = ScenarioGenerator(customers: customers, experts: experts, seed: seed, week: FastPathTests.week).generate()
        let problem = AllocationProblem(scenario)
        let (plan, basis) = try Allocator.solveKeepingFlowBasis(problem)
        let state = RecommendationState(problem: problem, plan: plan, flowBasis: basis)
        let outbid = plan.requests.indices.filter { plan.requests[$0].reason == .outbid }.prefix(4)
        #expect(!outbid.isEmpty, "the book should have outbid requests to force")
        var costly = 0
        for r in outbid {
            let warm = try #require(try state.forcedAllocation(request: r, options: AllocationOptions()))
            let cold = try Allocator.solve(problem.forcing(request: r), options: AllocationOptions(warmStart: false))
            #expect(abs(warm.objective - cold.objective) <= 1e-7 * max(1, abs(cold.objective)),
                    "request \(scenario.requests[r].id): warm \(warm.objective), cold \(cold.objective)")
            #expect(abs(warm.allocated[r] - scenario.requests[r].hours) < 1e-6)
            if plan.objective - cold.objective > 1e-6 { costly += 1 }
        }
        // Meeting an outbid request in full costs something in at least one case: the test forces real trade-offs.
        #expect(costly > 0)
    }
}
