import Scenarios

/// A generated book with the planner's controls on it, for tests and `kam bench`: re-planning
/// against `reference` (a plan of the book as it was) with 1% of the candidate pairs pinned, a
/// few account pins and exclusions, a utilization cap, and a change penalty. The pins always
/// fit (each expert's floors at most half its bookable hours, each request's at most its hours).
public enum ControlledBook {
    /// `accountPins`: also pin a few experts on whole accounts (rows outside the flow network).
    public static func make(_ scenario: Scenario, reference plan: AllocationPlan, pinShare: Double = 0.01,
                            accountPins: Bool = true) -> (scenario: Scenario, reference: ReferencePlan) {
        var book = scenario
        book.policy.allocation.maxUtilization = 0.95
        book.policy.allocation.changePenalty = 0.5
        for e in book.experts.indices where e % 7 == 3 { book.experts[e].maxUtilization = 0.8 }
        let problem = AllocationProblem(book)
        let stride = max(1, Int((1 / pinShare).rounded()))
        var floors = [Double](repeating: 0, count: book.experts.count)
        var requestFloors = [Double](repeating: 0, count: book.requests.count)
        var pinnedAccounts = Set<Int>()  // expert * accounts + account, kept clear of exclusions
        var pins: [Pin] = []
        var exclusions: [Exclusion] = []
        let accounts = book.accounts.count
        for (index, pair) in problem.pairs.enumerated() where index % stride == stride / 2 {
            let request = book.requests[pair.request]
            let hours = min(2, request.hours - requestFloors[pair.request])
            guard hours > 0, floors[pair.expert] + hours <= problem.bookable[pair.expert] / 2 else { continue }
            floors[pair.expert] += hours
            requestFloors[pair.request] += hours
            pinnedAccounts.insert(pair.expert * accounts + problem.accountOfRequest[pair.request])
            pins.append(Pin(expert: book.experts[pair.expert].id, target: .request(request.id), hours: hours,
                            mode: pins.count % 2 == 0 ? .atLeast : .exactly))
        }
        // A few account pins (at least 1 h) and exclusions, on other pairs.
        for (index, pair) in problem.pairs.enumerated() where accountPins && index % (stride * 10) == stride {
            let a = problem.accountOfRequest[pair.request]
            guard !pinnedAccounts.contains(pair.expert * accounts + a), floors[pair.expert] + 1 <= problem.bookable[pair.expert] / 2 else { continue }
            floors[pair.expert] += 1
            pinnedAccounts.insert(pair.expert * accounts + a)
            pins.append(Pin(expert: book.experts[pair.expert].id, target: .account(book.accounts[a].id), hours: 1, mode: .atLeast))
        }
        var excluded = Set<Int>()
        for (index, pair) in problem.pairs.enumerated() where index % (stride * 2) == 1 {
            let key = pair.expert * accounts + problem.accountOfRequest[pair.request]
            guard !pinnedAccounts.contains(key), excluded.insert(key).inserted else { continue }
            exclusions.append(Exclusion(expert: book.experts[pair.expert].id, account: book.accounts[problem.accountOfRequest[pair.request]].id))
        }
        book.pins = pins
        book.exclusions = exclusions
        return (book, ReferencePlan(source: "the plan before the controls", plan: plan))
    }
}
