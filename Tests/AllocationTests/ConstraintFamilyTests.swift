import Testing
import LinearProgramming
import Scenarios
@testable import Allocation

/// Every row of the model belongs to a named family; the pure-network property follows from them.
@Suite("Allocation: constraint families")
struct ConstraintFamilyTests {
    @Test("The row map names each row's family; binaries or a side row end the pure network")
    func rowMap() throws {
        // Two platinum requests for e1 (minimum service each), one gold singleExpert request.
        var book = Book()
        book.account("P", .platinum)
        book.account("G", .gold)
        book.expert("e1", hours: 10, ["network": 1])
        book.expert("e2", hours: 10, ["network": 1])
        book.request("r1", "P", "network", hours: 8)
        book.request("r2", "P", "network", hours: 4)
        var problem = AllocationProblem(book.scenario)
        // 2 capacity rows, 2 request rows, 2 minimum-service rows.
        #expect(problem.rowFamily == [.capacity, .capacity, .request, .request, .minimumService, .minimumService])
        #expect(problem.rowFamily.count == problem.model.constraints.count)
        #expect(problem.isPureNetwork && FlowBasis.basis(for: problem) != nil)
        problem.addRow(Constraint(name: nil, terms: [Term(variable: problem.hoursVariable[0], coefficient: 1)], bounds: .lower(1)))
        #expect(!problem.isPureNetwork && FlowBasis.basis(for: problem) == nil)
        book.request("r3", "G", "network", hours: 6, single: true)
        let single = AllocationProblem(book.scenario)
        // Per candidate (2): x = 6 y; and one "at most one expert" row.
        #expect(single.rowFamily.filter { $0 == .singleExpert }.count == 3)
        #expect(!single.isPureNetwork && single.binaryCount == 2)
    }
}
