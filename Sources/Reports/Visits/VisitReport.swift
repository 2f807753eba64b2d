import Scenarios
import Visits

/// `kam visits`: each manager's week day by day, the visits section of the plan, or CSV.
public struct VisitReport: Sendable {
    public let scenario: Scenario
    public let plan: VisitPlan

    public init(scenario: Scenario, plan: VisitPlan) {
        self.scenario = scenario
        self.plan = plan
    }

    public enum Format: String, Sendable, CaseIterable { case table, json, csv, ics }

    static func clock(_ minute: Int) -> String {
        String(zeroPadded: minute / 60, width: 2) + ":" + String(zeroPadded: minute % 60, width: 2)
    }

    public static func weekday(_ date: CalendarDate) -> String {
        let name = String(describing: date.weekday)
        return name.prefix(1).uppercased() + name.dropFirst(1).prefix(2)
    }

    /// The manager's week, day by day: region blocks with their visits, hours and travel.
    public func table() -> String {
        let accounts = Dictionary(uniqueKeysWithValues: scenario.accounts.map { ($0.id, $0) })
        let travel = scenario.policy.visits.travelHours
        var out = "\(scenario.name), \(scenario.week): \(NumberFormat.count(plan.scheduled.count, "visit")) scheduled, \(plan.unscheduled.count) unscheduled, "
        out += "\(NumberFormat.grouped(plan.travelHours)) travel hours"
        if hasCalls { out += ", \(NumberFormat.count(plan.calls.count, "call")) (\(plan.unscheduledCalls.count) unscheduled)" }
        out += "\n"
        var callsBy: [String: [VisitPlan.Scheduled]] = [:]
        for call in plan.calls { callsBy[call.manager, default: []].append(call) }
        var missedCallsBy: [String: [VisitPlan.Unscheduled]] = [:]
        for call in plan.unscheduledCalls { missedCallsBy[call.manager, default: []].append(call) }
        for (manager, summary) in zip(scenario.managers, plan.managers) {
            let mine = plan.scheduled.filter { $0.manager == manager.id }
            let missed = plan.unscheduled.filter { $0.manager == manager.id }
            let calls = callsBy[manager.id] ?? [], missedCalls = missedCallsBy[manager.id] ?? []
            out += "\n\(manager.id) \(manager.name)\(manager.region.map { " (\($0))" } ?? ""): "
            if mine.isEmpty && missed.isEmpty && calls.isEmpty && missedCalls.isEmpty {
                out += "no visits due this week\n"
                continue
            }
            out += "\(NumberFormat.count(mine.count, "visit")), "
            if !calls.isEmpty || !missedCalls.isEmpty { out += "\(NumberFormat.count(calls.count, "call")), " }
            out += "\(NumberFormat.count(summary.regionDays, "region-day")), \(NumberFormat.grouped(summary.travelHours)) h travel, up to \(NumberFormat.grouped(summary.hoursPerDay)) h a day"
            out += summary.status == .optimal || summary.status == .nothingDue ? "\n" : " (\(summary.status.rawValue))\n"
            var table = TextTable([("day", .left), ("hours", .right), ("region", .left), ("time", .left), ("account", .left),
                                   ("name", .left), ("tier", .left)])
            for date in summary.days {
                let today = mine.filter { $0.date == date }
                let callsToday = calls.filter { $0.date == date }
                guard !today.isEmpty || !callsToday.isEmpty else {
                    table.add(["\(Self.weekday(date)) \(date)", "0", "-"])
                    continue
                }
                let regionsToday = Set(today.map { $0.region ?? "\u{0}" }).count
                let hours = (today + callsToday).reduce(0) { $0 + $1.hours } + Double(regionsToday) * travel
                var previousRegion: String?? = .none
                for (position, visit) in today.enumerated() {
                    let newRegion = previousRegion == nil || previousRegion! != visit.region
                    previousRegion = .some(visit.region)
                    table.add([position == 0 ? "\(Self.weekday(date)) \(date)" : "",
                               position == 0 ? NumberFormat.grouped(hours) : "",
                               newRegion ? (visit.region ?? "(no region)") : "",
                               "\(Self.clock(visit.startMinute))-\(Self.clock(visit.endMinute))",
                               visit.account, accounts[visit.account]?.name ?? "", visit.tier.rawValue])
                }
                for (position, call) in callsToday.enumerated() {
                    table.add([today.isEmpty && position == 0 ? "\(Self.weekday(date)) \(date)" : "",
                               today.isEmpty && position == 0 ? NumberFormat.grouped(hours) : "",
                               position == 0 ? "(calls)" : "",
                               "\(Self.clock(call.startMinute))-\(Self.clock(call.endMinute))",
                               call.account, accounts[call.account]?.name ?? "", call.tier.rawValue])
                }
            }
            out += table.rendered()
            let left = missed.map { "\($0.account) visit \($0.ordinal) (\($0.reason.rawValue))" }
                + missedCalls.map { "\($0.account) call \($0.ordinal) (\($0.reason.rawValue))" }
            if !left.isEmpty { out += "unscheduled: " + left.joined(separator: ", ") + "\n" }
        }
        return out
    }

    /// Whether any tier has a call cadence: only then do the outputs carry calls.
    var hasCalls: Bool { !scenario.policy.visits.calls.isEmpty }

    /// The `visits` section of the plan format; `calls` and `unscheduledCalls` (additions to
    /// docs/scenario-format.md) when a tier has a call cadence.
    public func json() -> JSONValue {
        var fields = Self.fields(plan)
        if hasCalls {
            fields.append(("calls", .array(plan.calls.map { c in
                .object([("manager", .string(c.manager)), ("account", .string(c.account)), ("date", .string(c.date.description)),
                         ("hours", .number(c.hours)), ("start", .string(Self.clock(c.startMinute))), ("end", .string(Self.clock(c.endMinute))),
                         ("tier", .string(c.tier.rawValue))])
            })))
            fields.append(("unscheduledCalls", .array(plan.unscheduledCalls.map { c in
                .object([("manager", .string(c.manager)), ("account", .string(c.account)), ("reason", .string(c.reason.rawValue))])
            })))
        }
        return .object(fields)
    }

    private static func fields(_ plan: VisitPlan) -> [(String, JSONValue)] {
        [
            ("travelHours", .number(plan.travelHours)),
            ("scheduled", .array(plan.scheduled.map { v in
                .object([("manager", .string(v.manager)), ("account", .string(v.account)), ("date", .string(v.date.description)),
                         ("region", .string(v.region)), ("hours", .number(v.hours)),
                         ("start", .string(Self.clock(v.startMinute))), ("end", .string(Self.clock(v.endMinute))),
                         ("tier", .string(v.tier.rawValue))])
            })),
            ("unscheduled", .array(plan.unscheduled.map { v in
                .object([("manager", .string(v.manager)), ("account", .string(v.account)), ("reason", .string(v.reason.rawValue))])
            })),
            ("managers", .array(plan.managers.map { m in
                .object([("id", .string(m.manager)), ("status", .string(m.status.rawValue)), ("regionDays", .number(m.regionDays)),
                         ("travelHours", .number(m.travelHours))])
            })),
        ]
    }

    public func csv() -> String {
        var table = CSVTable(["manager", "account", "date", "start", "end", "region", "hours", "tier"])
        for v in plan.scheduled {
            table.add([v.manager, v.account, v.date.description, Self.clock(v.startMinute), Self.clock(v.endMinute),
                       v.region ?? "", JSONValue.format(v.hours), v.tier.rawValue])
        }
        return table.rendered()
    }

    /// The week's calls as CSV (`calls.csv` of a plan with a call cadence).
    public func callsCSV() -> String {
        var table = CSVTable(["manager", "account", "date", "start", "end", "hours", "tier"])
        for c in plan.calls {
            table.add([c.manager, c.account, c.date.description, Self.clock(c.startMinute), Self.clock(c.endMinute), JSONValue.format(c.hours), c.tier.rawValue])
        }
        return table.rendered()
    }
}
