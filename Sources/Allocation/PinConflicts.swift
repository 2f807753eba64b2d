import LinearProgramming
import Scenarios

/// Which pins no plan can meet together, in words.
///
/// Scenario files are checked when they are read (ScenarioDecoder+Controls.swift): a pin off the
/// candidate pairs, above its expert's bookable hours or its request's hours, and sums per expert
/// and per request are located errors there. What is left can only involve account pins (an
/// account pin shares its account's requests with other pins); `explain` finds a smallest set
/// of pins that is still infeasible by dropping pins one at a time (a deletion filter).
enum PinConflicts {
    /// The problems a scenario built in code can have that a file would have reported.
    static func obvious(_ problem: AllocationProblem) -> [String]? {
        var messages = problem.controls.misplacedPins.map { "\($0.label) is not on a candidate pair" }
        let scenario = problem.scenario
        for (e, expert) in scenario.experts.enumerated() where problem.controls.expertFloor[e] > problem.bookable[e] + 1e-9 {
            messages.append("expert '\(expert.id)' is pinned for \(NumberFormat.plain(problem.controls.expertFloor[e])) h, more than the \(NumberFormat.plain(problem.bookable[e])) h bookable")
        }
        for (r, request) in scenario.requests.enumerated() where problem.controls.requestFloor[r] > request.hours + 1e-9 {
            messages.append("request '\(request.id)' is pinned for \(NumberFormat.plain(problem.controls.requestFloor[r])) h, more than the \(NumberFormat.plain(request.hours)) h it asks for")
        }
        return messages.isEmpty ? nil : messages
    }

    /// The most pins the deletion filter tries (each try is one LP solve).
    static let maximumCandidates = 200

    /// A message naming a smallest set of pins that cannot hold together.
    static func explain(_ problem: AllocationProblem) -> [String] {
        let scenario = problem.scenario
        // Account pins, and the request pins that share an expert or an account with one.
        let accountPins = scenario.pins.filter { if case .account = $0.target { true } else { false } }
        let accountOf = Dictionary(scenario.requests.map { ($0.id, $0.account) }, uniquingKeysWith: { first, _ in first })
        let experts = Set(accountPins.map(\.expert)), accounts = Set(accountPins.map(\.target.id))
        var candidates = scenario.pins.filter { pin in
            switch pin.target {
            case .account: true
            case .request(let id): experts.contains(pin.expert) || accounts.contains(accountOf[id] ?? "")
            }
        }
        let fixed = scenario.pins.filter { pin in !candidates.contains(pin) }
        guard candidates.count <= maximumCandidates else {
            return ["the pins cannot all hold: \(candidates.count) pins share experts and accounts with account pins; too many to say which (at most \(maximumCandidates) are examined)"]
        }
        var k = 0
        while k < candidates.count {
            var trial = candidates
            trial.remove(at: k)
            if !feasible(scenario, pins: fixed + trial) {
                candidates = trial
            } else {
                k += 1
            }
        }
        let names = candidates.map { "\($0.label) (\($0.mode == .exactly ? "exactly" : "at least") \(NumberFormat.plain($0.hours)) h)" }
        return ["these pins cannot hold together: \(names.joined(separator: "; ")); change or remove one of them"]
    }

    /// Whether the scenario's model with `pins` has a solution (a search that runs out of time counts as yes).
    private static func feasible(_ scenario: Scenario, pins: [Pin]) -> Bool {
        var copy = scenario
        copy.pins = pins
        let problem = AllocationProblem(copy)
        guard obvious(problem) == nil else { return false }
        let options = SolveOptions(method: .primalSimplex, presolve: false, timeLimit: 10)
        guard let solution = try? LinearProgramming.solve(problem.model, options: options) else { return false }
        return solution.status != .infeasible
    }
}
