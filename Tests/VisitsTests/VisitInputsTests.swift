import Scenarios
import Testing
@testable import Visits

@Suite("Visits: what a visit plan depends on")
struct VisitInputsTests {
    @Test("Experts, requests and history leave the inputs equal; accounts, managers, policy and week change them")
    func inputs() throws {
        var week = Week(away: ["2026-11-24"])
        week.account("A", .platinum)
        let base = VisitInputs(week.scenario)

        var staffing = week.scenario
        staffing.experts.append(Expert(id: "e", name: "Li Na", weeklyHours: 40, skills: [Skill("network", proficiency: 1)]))
        staffing.requests.append(ExpertRequest(id: "r", account: "A", skill: "network", hours: 8))
        staffing.history.append(HistoryEntry(expert: "e", account: "A", hours: 4))
        #expect(VisitInputs(staffing) == base)

        var lastVisit = week.scenario
        lastVisit.accounts[0].lastVisit = CalendarDate("2026-11-20")
        var dayOff = week.scenario
        dayOff.managers[0].unavailableDays = []
        var policy = week.scenario
        policy.policy.visits.managerHoursPerDay += 1
        var later = week.scenario
        later.week = ISOWeek(year: 2026, week: 49)!
        for changed in [lastVisit, dayOff, policy, later] { #expect(VisitInputs(changed) != base) }
    }
}
