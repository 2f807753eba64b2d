import Foundation
import Scenarios
import TestSupport
import Testing
@testable import Workspace

/// Actions named on the command line are done by real, active users of the right role; publishing
/// a week with requests waiting for approval, or a week that has ended, needs `force`.
@Suite("Who acts: real users, waiting requests, ended weeks")
struct ActorTests {
    static func workspace(_ store: StoreKind, approval: Bool) throws -> (PlanningWorkspace, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-actors-\(UUID().uuidString)")
        var scenario = try baseline()
        if approval { scenario.policy.requests.approval = .required }
        return (try PlanningWorkspace.create(at: url.path, from: scenario, store: store.makeStore), url)
    }

    @Test("--by must name an active user of the right role; a manager whose users are all revoked cannot be filed for", arguments: StoreKind.tested)
    func actors(store: StoreKind) throws {
        let (space, url) = try Self.workspace(store, approval: false)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try space.addUser(id: "ana", role: .planner, manager: nil, by: "test", today: today)
        _ = try space.addUser(id: "li", role: .manager, manager: "m-li", by: "test", today: today)
        #expect(try space.actingUser("ana", role: .planner, to: "publish a week").id == "ana")
        #expect(refusal { try space.actingUser("planner", role: .planner, to: "publish a week") }
                == "notFound: no user 'planner' in this workspace: actions are recorded under real users; create one with kam user add --id planner --role planner, or name an existing one (kam user list)")
        #expect(refusal { try space.actingUser("li", role: .planner, to: "publish a week") } == "forbidden: user 'li' is a manager; only a planner can publish a week")
        _ = try space.revokeUser("li", by: "ana")
        #expect(refusal { try space.actingUser("li", role: .manager, to: "file a request") }?.hasPrefix("forbidden: user 'li' was revoked (") == true)
        // m-li's only user is revoked: nobody files as m-li; m-zhang has no user at all and still can.
        let asLi = PlanningWorkspace.NewRequest(week: week49, account: "telecom-north", skill: "network", hours: 4, by: "m-li")
        #expect(refusal { try space.add(asLi, today: today) } == "forbidden: manager 'm-li' has no active user (li revoked): nobody can file requests as them")
        #expect(try space.add(PlanningWorkspace.NewRequest(week: week49, account: "bank-hq", skill: "network", hours: 4, by: "m-zhang"), today: today).request.id == "R0001")
    }

    @Test("Publishing with requests waiting for approval is refused and names them; --force publishes without them and says so; an ended week needs --force",
          arguments: StoreKind.tested)
    func publishing(store: StoreKind) throws {
        let (space, url) = try Self.workspace(store, approval: true)
        defer { try? FileManager.default.removeItem(at: url) }
        _ = try space.addUser(id: "ana", role: .planner, manager: nil, by: "test", today: today)
        let ana = try space.actingUser("ana", role: .planner, to: "publish a week")
        _ = try space.add(PlanningWorkspace.NewRequest(week: week49, account: "bank-hq", skill: "network", hours: 4, by: "m-zhang"), today: today)
        _ = try space.add(PlanningWorkspace.NewRequest(week: week49, account: "bank-hq", skill: "security", hours: 6, by: "m-zhang"), today: today)
        #expect(refusal { try space.publishWeek(week49, by: ana, force: false, today: today) }
                == "conflict: requests R0001, R0002 of 2026-W49 wait for approval and are not in the plan: approve or reject them first (kam request pending), or publish anyway with --force")
        _ = try space.approve("R0001", by: ana)
        let published = try space.publishWeek(week49, by: ana, force: true, today: today)
        #expect(published.warnings == ["request R0002 of 2026-W49 waits for approval and is not in the plan; published without it"])
        #expect(published.record.version == 1)
        // 2026-W49 ends on Sunday 2026-12-06: on the Monday after, publishing or planning it needs force.
        let monday = CalendarDate(year: 2026, month: 12, day: 7)!
        _ = try space.reject("R0002", by: ana, reason: "not now")
        #expect(refusal { try space.publishWeek(week49, by: ana, force: false, today: monday) } == "conflict: 2026-W49 has ended (today is 2026-12-07); publish it anyway with --force")
        #expect(refusal { try space.planWeek(week49, today: monday) } == "conflict: 2026-W49 has ended (today is 2026-12-07); plan it anyway with --force")
        #expect(try space.planWeek(week49, today: CalendarDate(year: 2026, month: 12, day: 6)!).plan.scenario.week == week49)
        #expect(try space.publishWeek(week49, by: ana, force: true, today: monday).record.version == 2)
    }
}
