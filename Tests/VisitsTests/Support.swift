import Foundation
import TestSupport
import Scenarios
@testable import Visits

/// One manager's week, built by hand.
struct Week {
    var scenario: Scenario

    init(hoursPerDay: Double? = nil, away: [String] = [], region: String? = "east") {
        scenario = Scenario(name: "visits", week: ISOWeek(year: 2026, week: 48)!,
                            managers: [Manager(id: "m", name: "Zhang Wei 张伟", region: region, hoursPerDay: hoursPerDay,
                                               unavailableDays: away.map { CalendarDate($0)! })])
    }

    mutating func account(_ id: String, _ tier: Tier, region: String? = "east", lastVisit: String? = nil, name: String? = nil) {
        scenario.accounts.append(Account(id: id, name: name, manager: "m", region: region, revenue: 100, tier: tier,
                                         lastVisit: lastVisit.map { CalendarDate($0)! }))
    }

    func schedule() throws -> VisitPlan { try VisitScheduler.schedule(scenario) }
}

