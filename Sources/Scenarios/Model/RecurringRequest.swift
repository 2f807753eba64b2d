/// A request that repeats: the same hours every week from `from` to `to` (ISO weeks, both
/// included), as a standing need of an account (a weekly security review, say). Each week it
/// covers gets its own request, with the id `ID-WEEK` (`rr-audit-2026-W49`).
public struct RecurringRequest: Sendable, Hashable, Identifiable {
    /// What each week asks for; `hours` are per week, `id` is the recurring entry's own.
    public var template: ExpertRequest
    public var from: ISOWeek
    public var to: ISOWeek

    public var id: String { template.id }

    public init(template: ExpertRequest, from: ISOWeek, to: ISOWeek) {
        (self.template, self.from, self.to) = (template, from, to)
    }

    public func covers(_ week: ISOWeek) -> Bool { from <= week && week <= to }

    /// The id of the request it makes in `week`.
    public func requestID(in week: ISOWeek) -> String { "\(id)-\(week)" }

    /// The request of `week`.
    public func request(in week: ISOWeek) -> ExpertRequest {
        var request = template
        request.id = requestID(in: week)
        request.recurring = id
        return request
    }
}

extension Scenario {
    /// Records contacts: each account named in `dates` gets that day as its `lastVisit` (or
    /// `lastCall`) where it is later than the one it has (the visit log, the contacts a horizon's
    /// earlier weeks scheduled).
    public mutating func recordVisits(_ dates: [String: CalendarDate], channel: ContactChannel = .visit) {
        guard !dates.isEmpty else { return }
        let path: WritableKeyPath<Account, CalendarDate?> = channel == .visit ? \.lastVisit : \.lastCall
        for index in accounts.indices {
            guard let date = dates[accounts[index].id] else { continue }
            if accounts[index][keyPath: path].map({ date > $0 }) ?? true { accounts[index][keyPath: path] = date }
        }
    }

    /// The scenario of another week of a horizon that starts at `week`: the same organisation and
    /// policy, that week's recurring requests (and, for the scenario's own week, its one-off
    /// requests), the exclusions; pins name this week's requests and accounts, so they stay with
    /// the scenario's own week. `history` and the accounts' `lastVisit` are the caller's to carry.
    public func inWeek(_ other: ISOWeek) -> Scenario {
        guard other != week else { return self }
        var scenario = self
        scenario.week = other
        scenario.requests = recurring.filter { $0.covers(other) }.map { $0.request(in: other) }
        scenario.pins = []
        return scenario
    }
}
