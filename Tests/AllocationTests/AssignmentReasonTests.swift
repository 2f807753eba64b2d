import Scenarios
import Testing
@testable import Allocation

/// "Why this expert" on a book solved by hand (valueExponent 0, so V = 1):
/// account A platinum (tierWeight 4, owed ceil(0.75 x 8) = 6 h), account B gold (2);
/// e1 network 1.0 and e2 network 0.5, 10 h each; rA asks 8 h of A, rB 20 h of B.
/// w(e1, rA) = 4, w(e1, rB) = 2, w(e2, rA) = 2, w(e2, rB) = 1.
/// Demand 28 > supply 20. e1 on rA (4) with e2 on rB (1) beats e2 on rA (2) with e1 on rB (2):
/// e1 gives rA 8 h and rB 2 h, e2 gives rB 10 h; objective 32 + 4 + 10 = 46.
/// rB stays short (its dual 0), so each expert's marginal hour goes to rB: lambda(e1) = 2,
/// lambda(e2) = 1, and rA's dual is 4 - 2 = 2 (e2 there nets 2 - 1 = 1 < 2: reduced cost -1).
@Suite("Allocation: why this expert")
struct AssignmentReasonTests {
    static func book() -> Book {
        var book = Book()
        book.account("A", .platinum)
        book.account("B", .gold)
        book.expert("e1", hours: 10, ["network": 1.0])
        book.expert("e2", hours: 10, ["network": 0.5])
        book.request("rA", "A", "network", hours: 8)
        book.request("rB", "B", "network", hours: 20)
        return book
    }

    func reason(_ plan: AllocationPlan, _ expert: String, _ request: String) -> AssignmentReason? {
        plan.assignments.first { $0.expert == expert && $0.request == request }?.reason
    }

    @Test("Value here, shadow price, margin and the next best candidate (derived above)")
    func reasons() throws {
        let plan = try Self.book().allocate()
        #expect(plan.objective == 46)
        let e1A = try #require(reason(plan, "e1", "rA"))
        #expect(e1A.valuePerHour == 4 && e1A.shadowPrice == 2 && e1A.margin == 2)
        #expect(e1A.alternative == AssignmentReason.Alternative(expert: "e2", valuePerHour: 2, shadowPrice: 1))
        #expect(e1A.words == "4/h here, 2/h more than the expert's hour earns at the margin (shadow price 2); next best e2 nets 1/h (2/h here, shadow price 1)")
        // rB is where both experts' last hours go: each is the marginal use, margin 0.
        let e1B = try #require(reason(plan, "e1", "rB")), e2B = try #require(reason(plan, "e2", "rB"))
        #expect(e1B.margin == 0 && e2B.margin == 0)
        #expect(e2B.words == "1/h here, the marginal use of the expert (it sets their shadow price 1): one hour less of them comes from here; next best e1 nets 0/h (2/h here, shadow price 2)")
        #expect(plan.assignments.count == 3)
    }

    @Test("A pin of e2 on rA (4 h exactly): e1 gives rA 4 and rB 6, e2 rB 6; the pinned pair says so (objective 8 + 6 + 16 + 12 = 42)")
    func pinned() throws {
        var book = Self.book()
        book.scenario.pins = [Pin(expert: "e2", target: .request("rA"), hours: 4, mode: .exactly)]
        let plan = try book.allocate()
        #expect(plan.objective == 42)
        let e2A = try #require(reason(plan, "e2", "rA"))
        #expect(e2A.pinnedHours == 4 && e2A.shadowPrice == 1 && e2A.margin == 1)
        #expect(e2A.words.contains("; 4 h pinned by the planner; next best e1 nets 2/h"))
        #expect(reason(plan, "e1", "rA")?.pinnedHours == 0)
    }

    @Test("An expert with hours to spare has shadow price 0; a request with one candidate says no other expert can do it")
    func spare() throws {
        var book = Book()
        book.account("A", .gold)
        book.expert("e1", hours: 40, ["network": 1.0])
        book.request("r1", "A", "network", hours: 8)
        let plan = try book.allocate()
        #expect(reason(plan, "e1", "r1")?.words == "2/h here; the expert has hours to spare (shadow price 0); no other expert can do it")
    }
}

@Suite("Allocation: numbers in the reason's words")
struct ReasonNumberTests {
    /// The oracle is what the words were made with before: printf's "%.2f" of the value rounded
    /// to cents, trailing zeros (and a bare point) removed.
    static func printf(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    @Test("2 decimals at most, no trailing zeros: as printf gives them, on 20,000 values")
    func againstPrintf() {
        #expect(AssignmentReason.number(1.5) == "1.5")
        #expect(AssignmentReason.number(0.25) == "0.25")
        #expect(AssignmentReason.number(3) == "3")
        #expect(AssignmentReason.number(0.05) == "0.05")
        #expect(AssignmentReason.number(-0.004) == "0")
        #expect(AssignmentReason.number(-12.345) == "-12.35" || AssignmentReason.number(-12.345) == "-12.34")
        #expect(AssignmentReason.number(2e15) == "2000000000000000")
        var generator = SystemRandomNumberGenerator()
        for step in 0..<20_000 {
            let scale = [1.0, 100, 10_000, 1e9][step % 4]
            let value = Double.random(in: -scale...scale, using: &generator)
            #expect(AssignmentReason.number(value) == Self.printf(value), "value \(value)")
        }
        for cents in -1_000...1_000 {
            let value = Double(cents) / 100
            #expect(AssignmentReason.number(value) == Self.printf(value), "value \(value)")
        }
    }
}
