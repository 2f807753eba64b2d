import LinearProgramming
import Scenarios
import Testing
@testable import Allocation

/// How far each shadow price holds, on AssignmentReasonTests' book (objective 46, lambda(e1) = 2,
/// lambda(e2) = 1; e1 gives rA 8 and rB 2, e2 gives rB 10, rB is 8 h short).
/// e1 with c1 hours: its extra hours go to rB at 2/h until rB is full at c1 = 18 (8 more); beyond,
/// an hour of e1 can only replace e2 on rB (2 - 1 = 1/h). Fewer hours come out of rB at 2/h until
/// e1 has none left there at c1 = 8 (2 fewer); below, rA loses e1's 4/h and takes e2 from rB (2 - 1):
/// 3/h. So e1's price 2 holds for 8 more hours and 2 fewer: objective 62 at 18, 63 at 19, 42 at 8, 39 at 7.
/// e2 with c2 hours: extra hours fill rB at 1/h until c2 = 18 (8 more), then are worth nothing;
/// fewer come out of rB at 1/h down to 0 (10 fewer): objective 54 at 18 and 19, 36 at 0.
@Suite("Allocation: how far each shadow price holds")
struct PriceRangeTests {
    static func objective(_ expert: Int, hours: Double) throws -> Double {
        var book = AssignmentReasonTests.book()
        book.scenario.experts[expert].weeklyHours = hours
        return try book.allocate().objective
    }

    @Test("e1's price 2 holds for 8 more hours and 2 fewer, e2's price 1 for 8 more and 10 fewer (derived above)",
          arguments: [true, false])
    func ranges(warmStart: Bool) throws {
        let plan = try Allocator.allocate(AssignmentReasonTests.book().scenario, options: AllocationOptions(warmStart: warmStart))
        let e1 = try #require(plan.experts.first { $0.id == "e1" }), e2 = try #require(plan.experts.first { $0.id == "e2" })
        #expect(e1.shadowPrice == 2 && e1.priceRange == PriceRange(fewer: 2, more: 8))
        #expect(e2.shadowPrice == 1 && e2.priceRange == PriceRange(fewer: 10, more: 8))
        #expect(e1.priceRange?.words == "for at least 8 more hours and at least 2 fewer")
    }

    @Test("Re-solving at the ends of each range: the objective moves by the price inside, by another rate beyond")
    func objectiveAtTheEnds() throws {
        #expect(try Self.objective(0, hours: 18) == 46 + 8 * 2)
        #expect(try Self.objective(0, hours: 19) == 62 + 1)
        #expect(try Self.objective(0, hours: 8) == 46 - 2 * 2)
        #expect(try Self.objective(0, hours: 7) == 42 - 3)
        #expect(try Self.objective(1, hours: 18) == 46 + 8 * 1)
        #expect(try Self.objective(1, hours: 19) == 54)
        #expect(try Self.objective(1, hours: 0) == 46 - 10 * 1)
    }

    @Test("Hours to spare: the price 0 holds for any number of more hours, and fewer down to the hours booked")
    func spare() throws {
        var book = Book()
        book.account("A", .gold)
        book.expert("e1", hours: 40, ["network": 1.0])
        book.request("r1", "A", "network", hours: 8)
        let range = try #require(try book.allocate().experts.first?.priceRange)
        #expect(range == PriceRange(fewer: 32, more: nil))
        #expect(range.words == "for any number of more hours and at least 32 fewer")
    }
}

/// Every range on generated books is sound: re-solved with an expert's hours at either end of the
/// range, the objective has moved by exactly the price per hour.
@Suite("Allocation: shadow price ranges hold on generated books")
struct GeneratedPriceRangeTests {
    @Test("Objective at each end of every range = objective + price x hours moved", arguments: [5, 6] as [UInt64])
    func endsOfEveryRange(seed: UInt64) throws {
        let scenario = ScenarioGenerator(customers: 800, experts: 30, seed: seed, week: FastPathTests.week).generate()
        let plan = try Allocator.allocate(scenario)
        var checked = 0
        for (e, outcome) in plan.experts.enumerated() where outcome.shadowPrice > 0 && outcome.bookable == scenario.experts[e].weeklyHours {
            let range = try #require(outcome.priceRange, "\(outcome.id) has a price and no range")
            for change in [range.more, -range.fewer].compactMap({ $0 }) where change != 0 {
                var moved = scenario
                moved.experts[e].weeklyHours += change
                let objective = try Allocator.allocate(moved).objective
                let expected = plan.objective + outcome.shadowPrice * change
                #expect(abs(objective - expected) <= 1e-6 * max(1, abs(expected)),
                        "\(outcome.id) \(change > 0 ? "+" : "")\(change) h: \(objective), expected \(expected)")
                checked += 1
            }
        }
        #expect(checked >= 10, "only \(checked) range ends checked")
    }
}

/// The ranges read off the flow's tree are GLPK's own for the same basis.
@Suite("Allocation: price ranges from the flow's tree")
struct FlowPriceRangeTests {
    static func ranges(_ scenario: Scenario, reference: ReferencePlan? = nil, fromFlow: Bool) throws -> Solution {
        var options = AllocationOptions()
        options.reference = reference
        options.rangesFromFlow = fromFlow
        return try Allocator.solution(try Allocator.problem(scenario, options: options), options: options)
    }

    @Test("Plain books, and books with pins, exclusions, caps and a reference plan: the tree's ranges = glp_analyze_bound's",
          arguments: [(1, 3000, 80), (2, 5000, 120), (3, 2000, 40)] as [(UInt64, Int, Int)])
    func sameAsGLPK(seed: UInt64, customers: Int, experts: Int) throws {
        let base = ScenarioGenerator(customers: customers, experts: experts, seed: seed, week: FastPathTests.week).generate()
        let (controlled, reference) = ControlledBook.make(base, reference: try Allocator.allocate(base), accountPins: false)
        for (scenario, reference) in [(base, nil), (controlled, reference)] as [(Scenario, ReferencePlan?)] {
            let tree = try Self.ranges(scenario, reference: reference, fromFlow: true)
            let glpk = try Self.ranges(scenario, reference: reference, fromFlow: false)
            #expect(tree.warmStarted && tree.iterations == 0)
            #expect(tree.boundRanges.count > 5 && tree.boundRanges.keys.sorted() == glpk.boundRanges.keys.sorted())
            for (row, range) in glpk.boundRanges {
                let other = try #require(tree.boundRanges[row])
                func same(_ a: Double, _ b: Double) -> Bool { a == b || abs(a - b) <= 1e-7 * max(1, abs(a)) }
                #expect(same(range.lower, other.lower) && same(range.upper, other.upper), "row \(row): GLPK \(range), tree \(other)")
            }
        }
    }
}
