import Scenarios
import Testing
@testable import Allocation

/// A shadow price claims what one more hour of an expert is worth: re-solving with that hour
/// added must gain exactly that much (checked on every busy expert of generated books).
@Suite("Allocation: shadow prices are the value of one more hour")
struct ShadowPriceTests {
    @Test("Re-solving with one more hour gains the shadow price", arguments: [11, 14, 17, 20] as [UInt64])
    func oneMoreHour(seed: UInt64) throws {
        let scenario = ScenarioGenerator(customers: 3000, experts: 60, seed: seed, week: ISOWeek(year: 2026, week: 48)!).generate()
        let plan = try Allocator.allocate(scenario)
        var mismatches: [String] = []
        for (index, expert) in plan.experts.enumerated() where expert.capacity > 0 {
            var more = scenario
            more.experts[index].weeklyHours += 1
            let gain = try Allocator.allocate(more).objective - plan.objective
            if abs(gain - expert.shadowPrice) > 1e-6 * max(1, abs(gain)) {
                mismatches.append("\(expert.id): price \(expert.shadowPrice), one more hour gains \(gain)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
    }
}
