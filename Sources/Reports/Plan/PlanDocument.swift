import Accounts
import Allocation
import Planning
import Scenarios
import Visits

extension WeeklyPlan {
    /// The whole `plan.json`.
    public func document() -> PlanDocument {
        PlanDocument(scenario: scenario, tiers: tiers, allocation: allocation, visits: visits)
    }
}

/// The plan output of docs/scenario-format.md (`plan.json`): scenario, week, allocation and tiers (and,
/// once scheduled, visits). Keys in the documented order; lists in input order.
public struct PlanDocument: Sendable {
    public let scenario: Scenario
    public let tiers: [TierAssignment]
    public let allocation: AllocationPlan?
    public let visits: VisitPlan?

    public init(scenario: Scenario, tiers: [TierAssignment], allocation: AllocationPlan?, visits: VisitPlan? = nil) {
        self.scenario = scenario
        self.tiers = tiers
        self.allocation = allocation
        self.visits = visits
    }

    public func json() -> JSONValue {
        var top: [(String, JSONValue)] = [("scenario", .string(scenario.name)), ("week", .string(scenario.week.description))]
        if let allocation {
            var notes: [String: String] = [:]
            for request in scenario.requests { if let note = request.note { notes[request.id] = note } }
            top.append(("allocation", Self.json(allocation, notes: notes)))
        }
        let reviews = AccountReview.all(scenario)
        top.append(("tiers", .array(zip(tiers, reviews).map { TierReport.json($0, review: $1) })))
        if let visits { top.append(("visits", VisitReport(scenario: scenario, plan: visits).json())) }
        return .object(top)
    }

    /// An assignment's reason: the expert's shadow price, the margin over it, pinned and kept hours,
    /// the next best candidate, and the reason in words.
    static func why(_ reason: AssignmentReason) -> [(String, JSONValue)] {
        var pairs: [(String, JSONValue)] = [("shadowPrice", .number(reason.shadowPrice)), ("margin", .number(reason.margin))]
        if reason.pinnedHours > 0 { pairs.append(("pinnedHours", .number(reason.pinnedHours))) }
        if reason.keptHours > 0 { pairs.append(("keptHours", .number(reason.keptHours))) }
        if let other = reason.alternative {
            pairs.append(("nextBest", .object([("expert", .string(other.expert)), ("valuePerHour", .number(other.valuePerHour)),
                                               ("shadowPrice", .number(other.shadowPrice)), ("margin", .number(other.margin))])))
        }
        pairs.append(("why", .string(reason.words)))
        return pairs
    }

    /// The `allocation` section; `notes` are the managers' notes by request id.
    public static func json(_ plan: AllocationPlan, notes: [String: String] = [:]) -> JSONValue {
        .object([
            ("status", .string(plan.status.rawValue)),
            ("objective", .number(plan.objective)),
            ("mipGap", .number(plan.mipGap)),
            ("assignments", .array(plan.assignments.map { a in
                .object([("expert", .string(a.expert)), ("request", .string(a.request)), ("account", .string(a.account)),
                         ("hours", .number(a.hours)), ("valuePerHour", .number(a.valuePerHour))] + Self.why(a.reason))
            })),
            ("requests", .array(plan.requests.map { r in
                var pairs: [(String, JSONValue)] = [
                    ("id", .string(r.id)), ("account", .string(r.account)), ("requested", .number(r.requested)),
                    ("allocated", .number(r.allocated)), ("unmet", .number(r.unmet)),
                ]
                if let reason = r.reason { pairs.append(("reason", .string(reason.rawValue))) }
                if let detail = r.detail { pairs.append(("detail", .string(detail))) }
                if r.shortfall > 0 { pairs.append(("shortfall", .number(r.shortfall))) }
                if let note = notes[r.id] { pairs.append(("note", .string(note))) }
                return .object(pairs)
            })),
            ("experts", .array(plan.experts.map { e in
                var pairs: [(String, JSONValue)] = [
                    ("id", .string(e.id)), ("capacity", .number(e.capacity)), ("allocated", .number(e.allocated)),
                    ("utilization", .number(e.utilization)), ("shadowPrice", .number(e.shadowPrice)),
                ]
                if e.bookable != e.capacity { pairs.append(("bookable", .number(e.bookable))) }
                if let range = e.priceRange {
                    pairs.append(("priceRange", .object([("fewer", .number(range.fewer)), ("more", range.more.map { .number($0) } ?? .null)])))
                }
                return .object(pairs)
            })),
            ("teams", .array(plan.teams.map { t in
                .object([("account", .string(t.account)), ("manager", .string(t.manager)),
                         ("experts", .array(t.experts.map { .object([("id", .string($0.expert)), ("hours", .number($0.hours))]) }))])
            })),
        ] + load(plan) + changes(plan))
    }

    /// `load`: the utilization spread over experts with hours (added by kam).
    static func load(_ plan: AllocationPlan) -> [(String, JSONValue)] {
        guard let spread = plan.loadSpread else { return [] }
        return [("load", .object([("min", .number(spread.minimum)), ("median", .number(spread.median)),
                                  ("max", .number(spread.maximum)), ("experts", .number(spread.experts))]))]
    }

    /// `changes`: what moved against the reference plan, when something did (added by kam). A
    /// re-plan that keeps everything writes the same plan.json as the plan it kept, so a
    /// published week re-planned unchanged has the fingerprint the planner saw.
    static func changes(_ plan: AllocationPlan) -> [(String, JSONValue)] {
        guard let changes = plan.changes, !changes.moves.isEmpty else { return [] }
        var pairs: [(String, JSONValue)] = [
            ("reference", .string(changes.reference)), ("movedHours", .number(changes.movedHours)),
            ("addedHours", .number(changes.addedHours)), ("penalty", .number(changes.penalty)),
        ]
        if let gained = changes.valueGained { pairs.append(("valueGained", .number(gained))) }
        pairs.append(("moves", .array(changes.moves.map { move in
            var fields: [(String, JSONValue)] = [
                ("expert", .string(move.expert)), ("request", .string(move.request)), ("account", .string(move.account)),
                ("from", .number(move.from)), ("to", .number(move.to)),
            ]
            if let forced = move.forced { fields.append(("forced", .string(forced))) }
            return .object(fields)
        })))
        return [("changes", .object(pairs))]
    }
}
