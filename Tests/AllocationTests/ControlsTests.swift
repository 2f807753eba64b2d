import LinearProgramming
import Scenarios
import Testing
@testable import Allocation

/// The planner's controls on books small enough to solve by hand. Every book: gold accounts
/// (tierWeight 2, no minimum service), valueExponent 0 (V = 1), stage and priority 1 unless said,
/// so w(e, r) = 2 * proficiency: e1 (network 1.0) earns 2 an hour, e2 (network 0.5) earns 1.
@Suite("Allocation: pins, exclusions, utilization cap, change penalty")
struct ControlsTests {
    /// e1 (network 1.0, 10 h), e2 (network 0.5, 10 h); request r1 of gold account A, 10 h network.
    static func twoExperts() -> Book {
        var book = Book()
        book.account("A", .gold)
        book.expert("e1", hours: 10, ["network": 1.0])
        book.expert("e2", hours: 10, ["network": 0.5])
        book.request("r1", "A", "network", hours: 10)
        return book
    }

    @Test("Exclusion: e1 may not work for A, so e2 gives all 10 h (objective 10 = 10 h x 1, not 20)")
    func exclusion() throws {
        var book = Self.twoExperts()
        #expect(try book.allocate().objective == 20)  // e1 10 h x 2
        book.scenario.exclusions = [Exclusion(expert: "e1", account: "A")]
        let plan = try book.allocate()
        #expect(plan.hours("e1", "r1") == 0 && plan.hours("e2", "r1") == 10)
        #expect(plan.objective == 10)
    }

    @Test("Exclusion of every candidate: the request is unmet with reason excluded")
    func excludedReason() throws {
        var book = Self.twoExperts()
        book.scenario.exclusions = [Exclusion(expert: "e1", account: "A"), Exclusion(expert: "e2", account: "A")]
        let plan = try book.allocate()
        #expect(plan.outcome("r1").reason == .excluded)
        #expect(plan.outcome("r1").detail == "the planner excluded every candidate from account 'A' (e1, e2)")
    }

    @Test("maxUtilization 0.5: e1 books 5 of 10 h, e2 the other 5: objective 5x2 + 5x1 = 15, e1's hour worth 2 - 1 = 1")
    func utilizationCap() throws {
        var book = Self.twoExperts()
        book.scenario.policy.allocation.maxUtilization = 0.5
        let plan = try book.allocate()
        #expect(plan.hours("e1", "r1") == 5 && plan.hours("e2", "r1") == 5)
        #expect(plan.objective == 15)
        #expect(abs(plan.shadowPrice("e1") - 1) < 1e-9)
        let e1 = plan.experts.first { $0.id == "e1" }!
        #expect(e1.capacity == 10 && e1.bookable == 5 && e1.utilization == 0.5)
        // e2's own cap 0.2 wins over the policy's: 2 h, so 3 h stay unmet: 5x2 + 2x1 = 12.
        book.scenario.experts[1].maxUtilization = 0.2
        let capped = try book.allocate()
        #expect(capped.hours("e2", "r1") == 2 && capped.objective == 12 && capped.outcome("r1").unmet == 3)
        let spread = try #require(capped.loadSpread)
        #expect(spread.minimum == 0.2 && abs(spread.median - 0.35) < 1e-12 && spread.maximum == 0.5 && spread.experts == 2)
    }

    @Test("Request pins: e2 exactly 4 h on r1 leaves e1 6 h: 6x2 + 4x1 = 16; at least 4 h the same; e1 at least 6 h changes nothing (20)")
    func requestPins() throws {
        var book = Self.twoExperts()
        book.scenario.pins = [Pin(expert: "e2", target: .request("r1"), hours: 4, mode: .exactly)]
        var plan = try book.allocate()
        #expect(plan.hours("e1", "r1") == 6 && plan.hours("e2", "r1") == 4 && plan.objective == 16)
        book.scenario.pins = [Pin(expert: "e2", target: .request("r1"), hours: 4, mode: .atLeast)]
        plan = try book.allocate()
        #expect(plan.hours("e2", "r1") == 4 && plan.objective == 16)
        book.scenario.pins = [Pin(expert: "e1", target: .request("r1"), hours: 6, mode: .atLeast)]
        plan = try book.allocate()
        #expect(plan.hours("e1", "r1") == 10 && plan.objective == 20)
        // Pinned at 0 (exactly): the only other candidate gives all: reason for nothing unmet.
        book.scenario.pins = [Pin(expert: "e1", target: .request("r1"), hours: 0)]
        plan = try book.allocate()
        #expect(plan.hours("e2", "r1") == 10 && plan.objective == 10)
        book.scenario.pins = [Pin(expert: "e1", target: .request("r1"), hours: 0), Pin(expert: "e2", target: .request("r1"), hours: 3)]
        plan = try book.allocate()
        #expect(plan.outcome("r1").reason == .pinned && plan.outcome("r1").unmet == 7)
    }

    /// A has r1 (network, 10 h) and r2 (security, 10 h); e1 network 1.0, e3 security 1.0, both
    /// 10 h; e2 has both at 0.5. Unpinned: e1 on r1, e3 on r2, 40. Pinning e2 on A for 6 h puts
    /// 6 h of e2 (1 an hour) in place of 6 h of e1 or e3 (2 an hour): 40 - 6x2 + 6x1 = 34.
    @Test("Account pin: e2 at least 6 h on account A's requests together: 40 - 12 + 6 = 34")
    func accountPin() throws {
        var book = Book()
        book.account("A", .gold)
        book.expert("e1", hours: 10, ["network": 1.0])
        book.expert("e2", hours: 10, ["network": 0.5, "security": 0.5])
        book.expert("e3", hours: 10, ["security": 1.0])
        book.request("r1", "A", "network", hours: 10)
        book.request("r2", "A", "security", hours: 10)
        #expect(try book.allocate().objective == 40)
        for mode in Pin.Mode.allCases {
            book.scenario.pins = [Pin(expert: "e2", target: .account("A"), hours: 6, mode: mode)]
            let plan = try book.allocate()
            #expect(abs(plan.objective - 34) < 1e-9, "\(mode)")
            #expect(abs(plan.hours("e2", "r1") + plan.hours("e2", "r2") - 6) < 1e-9)
        }
    }

    @Test("Pins that cannot hold together are named: e2 at least 8 h on A and e1 exactly 5 h on A's only 10 h request; the third pin is not blamed")
    func conflict() throws {
        var book = Self.twoExperts()
        book.account("B", .gold)
        book.request("r2", "B", "network", hours: 4)
        book.scenario.pins = [
            Pin(expert: "e2", target: .request("r2"), hours: 2),
            Pin(expert: "e2", target: .account("A"), hours: 8, mode: .atLeast),
            Pin(expert: "e1", target: .request("r1"), hours: 5),
        ]
        #expect(throws: AllocationError.pinsConflict(["these pins cannot hold together: pin of expert 'e2' on account 'A' (at least 8 h); pin of expert 'e1' on request 'r1' (exactly 5 h); change or remove one of them"])) {
            try book.allocate()
        }
    }

    /// The reference had e2 on r1 for 10 h (e1 was away). Now e1 is back: moving an hour to e1
    /// gains 2 - 1 = 1 and costs the penalty p. p = 0.5: all 10 h move (objective 20, penalty 5);
    /// p = 1.5: nothing moves (objective 10).
    @Test("Change penalty: below the gain the hours move (10 h, penalty 5), above it they stay")
    func changePenalty() throws {
        var book = Self.twoExperts()
        let reference = ReferencePlan(source: "last", assignments: [.init(expert: "e2", request: "r1", account: "A", hours: 10)])
        var options = AllocationOptions()
        options.reference = reference
        book.scenario.policy.allocation.changePenalty = 0.5
        var plan = try Allocator.allocate(book.scenario, options: options)
        #expect(plan.hours("e1", "r1") == 10 && plan.objective == 20)
        #expect(plan.changes?.movedHours == 10 && plan.changes?.penalty == 5 && plan.changes?.valueGained == 10)
        #expect(plan.changes?.moves.map { "\($0.expert) \($0.from)->\($0.to)" } == ["e1 0.0->10.0", "e2 10.0->0.0"])
        book.scenario.policy.allocation.changePenalty = 1.5
        plan = try Allocator.allocate(book.scenario, options: options)
        #expect(plan.hours("e2", "r1") == 10 && plan.objective == 10)
        #expect(plan.changes?.movedHours == 0 && plan.changes?.moves.isEmpty == true && plan.changes?.valueGained == 0)
    }

    /// Re-planning after one urgent request. e1 (network 1.0) and e2 (0.5), 10 h each; gold r1
    /// (A, 10 h) and r2 (B, 6 h); the published plan has e1 10 h on r1, e2 6 h on r2 (value
    /// 20 + 6 = 26; e2 has 4 h idle). New: r3 (B, critical, 8 h): e1 earns 4 an hour there, e2 2.
    /// Without a penalty the LP moves e1 to r3: 8x4 + 2x2 + 10x1 = 46 (at least 8 h moved). With p = 10 a
    /// moved hour gains at most 4 - 2 = 2 < 10, so only e2's 4 idle hours go to r3: 26 + 8 = 34.
    @Test("Re-plan after one urgent request: with a change penalty only e2's idle hours go to it; without, 8 h move")
    func urgentRequest() throws {
        var book = Self.twoExperts()
        book.account("B", .gold)
        book.request("r2", "B", "network", hours: 6)
        book.request("r3", "B", "network", hours: 8, priority: .critical)
        var options = AllocationOptions()
        options.reference = ReferencePlan(source: "published", assignments: [
            .init(expert: "e1", request: "r1", account: "A", hours: 10), .init(expert: "e2", request: "r2", account: "B", hours: 6),
        ])
        let free = try Allocator.allocate(book.scenario, options: options)
        // e1 leaves at least 8 of its 10 h on r1 (ties decide where the rest of the hours go).
        #expect(free.objective == 46 && (free.changes?.movedHours ?? 0) >= 8)
        book.scenario.policy.allocation.changePenalty = 10
        let kept = try Allocator.allocate(book.scenario, options: options)
        #expect(kept.objective == 34)
        #expect(kept.changes?.movedHours == 0 && kept.changes?.addedHours == 4 && kept.changes?.valueGained == 8)
        #expect(kept.changes?.moves.map { "\($0.expert) \($0.request) \($0.from)->\($0.to)" } == ["e2 r3 0.0->4.0"])
    }

    @Test("A reference assignment this week cannot have is a forced move, counted in full")
    func forcedMove() throws {
        var book = Self.twoExperts()
        book.scenario.policy.allocation.changePenalty = 3
        var options = AllocationOptions()
        options.reference = ReferencePlan(source: "old", assignments: [.init(expert: "e1", request: "gone", account: "A", hours: 5)])
        let plan = try Allocator.allocate(book.scenario, options: options)
        #expect(plan.objective == 20)  // value; the solver's objective is 20 - 3 x 5
        #expect(plan.changes?.movedHours == 5 && plan.changes?.penalty == 15)
        #expect(plan.changes?.moves.last?.forced == "request 'gone' is not in this scenario")
    }
}
