import LinearProgramming
import Scenarios
import Testing
@testable import Allocation

/// The controls keep the allocation a network flow: on generated books with pins, exclusions,
/// caps and a reference plan, the fast path (flow basis) and plain GLPK reach the same optimum,
/// and so does the formulation of docs/scenario-format.md written out here.
@Suite("Allocation: controls on the fast path")
struct ControlsFastPathTests {
    /// The formulation as documented: x(e, r) >= 0 on candidate pairs (no excluded pair), the
    /// expert row <= capacity x cap, request and minimum rows as in docs/scenario-format.md, a request pin
    /// bounds x, an account pin adds a row, and moved(e, r) >= ref(e, r) - x(e, r), moved >= 0,
    /// costs p; reference hours on pairs that are not candidates cost p each, as a constant.
    static func specModel(_ problem: AllocationProblem, reference: ReferencePlan) -> LinearModel {
        let scenario = problem.scenario
        let policy = scenario.policy.allocation
        // The rows of docs/scenario-format.md, each expert's row at capacity x cap.
        var (model, x) = FastPathTests.specModelAndHours(problem) { e in
            let expert = scenario.experts[e]
            return expert.capacity(in: scenario.week) * (expert.maxUtilization ?? policy.maxUtilization)
        }
        var pairOf: [String: Int] = [:]
        for (index, pair) in problem.pairs.enumerated() { pairOf[scenario.experts[pair.expert].id + "|" + scenario.requests[pair.request].id] = index }
        for pin in scenario.pins {
            switch pin.target {
            case .request(let id):
                let index = pairOf[pin.expert + "|" + id]!
                model.setBounds(x[index], pin.mode == .exactly ? .fixed(pin.hours) : .lower(pin.hours))
            case .account(let id):
                let terms = problem.pairs.indices.filter {
                    scenario.experts[problem.pairs[$0].expert].id == pin.expert && scenario.requests[problem.pairs[$0].request].account == id
                }.map { (x[$0], 1.0) }
                model.addConstraint(terms, bounds: pin.mode == .exactly ? .fixed(pin.hours) : .lower(pin.hours))
            }
        }
        var gone = 0.0
        for assignment in reference.assignments {
            guard let index = pairOf[assignment.expert + "|" + assignment.request] else { gone += assignment.hours; continue }
            let moved = model.addVariable(objective: -policy.changePenalty)
            model.addConstraint([(moved, 1.0), (x[index], 1.0)], bounds: .lower(assignment.hours))
        }
        model.objectiveConstant = -policy.changePenalty * gone
        return model
    }

    @Test("Fast, plain and the written-out formulation agree with 1% of pairs pinned, exclusions, caps and a reference plan",
          arguments: [(1, 3000, 80), (2, 5000, 120), (5, 2000, 40)] as [(UInt64, Int, Int)])
    func agree(seed: UInt64, customers: Int, experts: Int) throws {
        let week = ISOWeek(year: 2026, week: 48)!
        let base = ScenarioGenerator(customers: customers, experts: experts, seed: seed, week: week).generate()
        let before = try Allocator.allocate(base)
        // Without account pins every control is part of the flow: GLPK starts at the optimum.
        let (networkOnly, networkReference) = ControlledBook.make(base, reference: before, accountPins: false)
        var networkOptions = AllocationOptions()
        networkOptions.reference = networkReference
        let networkSolution = try Allocator.solution(try Allocator.problem(networkOnly, options: networkOptions), options: networkOptions)
        #expect(networkSolution.status == .optimal && networkSolution.warmStarted)
        #expect(networkSolution.iterations <= 10, "GLPK needed \(networkSolution.iterations) iterations from the flow basis")

        let (scenario, reference) = ControlledBook.make(base, reference: before)
        #expect(scenario.pins.count > 10 && !scenario.exclusions.isEmpty)
        #expect(scenario.pins.contains { if case .account = $0.target { true } else { false } })
        var options = AllocationOptions()
        options.reference = reference
        let problem = try Allocator.problem(scenario, options: options)
        #expect(problem.binaryCount == 0 && problem.controls.hasKeptColumns)
        let fast = try Allocator.solution(problem, options: options)
        var coldOptions = options
        coldOptions.warmStart = false
        let plain = try Allocator.solution(problem, options: coldOptions)
        #expect(fast.status == .optimal && plain.status == .optimal)
        #expect(fast.warmStarted && !plain.warmStarted)
        #expect(abs(fast.objective - plain.objective) <= 1e-9 * max(1, abs(plain.objective)), "\(fast.objective) vs \(plain.objective)")
        let spec = try LinearProgramming.solve(Self.specModel(problem, reference: reference))
        #expect(abs(spec.objective - plain.objective) <= 1e-7 * max(1, abs(plain.objective)), "spec \(spec.objective) vs \(plain.objective)")
        // The plan honours every pin, exclusion and cap.
        let plan = try Allocator.plan(problem, fast)
        for pin in scenario.pins {
            let got = plan.assignments.filter {
                $0.expert == pin.expert && { if case .request(let id) = pin.target { $0.request == id } else { $0.account == pin.target.id } }($0)
            }.reduce(0) { $0 + $1.hours }
            if pin.mode == .exactly { #expect(abs(got - pin.hours) < 1e-6, "\(pin.label)") } else { #expect(got >= pin.hours - 1e-6, "\(pin.label)") }
        }
        let excluded = Set(scenario.exclusions.map { $0.expert + "|" + $0.account })
        #expect(!plan.assignments.contains { excluded.contains($0.expert + "|" + $0.account) })
        #expect(plan.experts.allSatisfy { $0.allocated <= $0.bookable + 1e-6 })
        // Moves are what the hours say, and the reported objective is the value (docs/scenario-format.md).
        #expect(abs(plan.objective - problem.objective(hours: problem.pairHours { fast[$0] })) < 1e-6 * max(1, abs(plan.objective)))
        #expect(abs(fast.objective - (plan.objective - scenario.policy.allocation.changePenalty * plan.changes!.movedHours)) < 1e-6 * max(1, abs(plan.objective)))
    }
}
