import Allocation
import Foundation
import Scenarios
import TestSupport
import Testing
@testable import Workspace

/// Pins and exclusions set by a planner in the workspace, on docs/examples/approvals.yaml
/// (see ApprovalTests: e-net has 10 h of network; big is platinum, 4/h, owed ceil(0.75 x 8) = 6 h of
/// an 8 h request; small is gold, 2/h).
/// Approved: R0001 big network 8 h, R0002 small network 6 h.
/// - Unsteered: e-net gives R0001 8 h (4/h) and R0002 the 2 left: value 32 + 4 = 36.
/// - Pin e-net on R0002 at least 4 h: R0002 4, R0001 6 (still its 6 owed): 24 + 8 = 32.
/// - Exclude e-net from small instead: R0002 gets nothing, R0001 8: value 32.
@Suite("Planner controls in the workspace")
struct ControlTests {
    func approvedPair(_ space: PlanningWorkspace) throws {
        _ = try space.add(.init(week: week49, account: "big", skill: "network", hours: 8, by: "m-ana"), today: today)
        _ = try space.add(.init(week: week49, account: "small", skill: "network", hours: 6, by: "m-ana"), today: today)
        _ = try space.approve("R0001", by: "ana")
        _ = try space.approve("R0002", by: "ana")
    }

    func hours(_ space: PlanningWorkspace) throws -> (big: Double, small: Double, objective: Double) {
        let plan = try space.planWeek(week49).plan.allocation
        func hours(_ id: String) -> Double { plan.requests.first { $0.id == id }?.allocated ?? -1 }
        return (hours("R0001"), hours("R0002"), plan.objective)
    }

    @Test("A pin and an exclusion steer the week's plan, are listed with who set them, and every change is audited (derived above)",
          arguments: StoreKind.tested)
    func steer(store: StoreKind) throws {
        let (space, url) = try approvalWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        try approvedPair(space)
        #expect(try hours(space) == (8, 2, 36))

        let pin = Pin(expert: "e-net", target: .request("R0002"), hours: 4, mode: .atLeast)
        let set = try space.setPin(pin, week: week49, by: "ana")
        #expect(set.key == "pin e-net request R0002" && set.setBy == "ana")
        #expect(try hours(space) == (6, 4, 32))
        // Read back from the store.
        let listed = try space.controls(week: week49)
        #expect(listed.count == 1 && listed[0].rule == .pin(pin) && listed[0].setBy == "ana")

        try space.removeControl(.pin(pin), week: week49, by: "ana")
        _ = try space.setExclusion(Exclusion(expert: "e-net", account: "small"), week: week49, by: "ana")
        #expect(try hours(space) == (8, 0, 32))
        #expect(try space.controls().map(\.key) == ["exclusion e-net small"])
        try space.removeControl(.exclusion(Exclusion(expert: "e-net", account: "small")), week: week49, by: "ana")
        #expect(try space.controls().isEmpty)
        #expect(try hours(space) == (8, 2, 36))

        let audit = try space.store.snapshot().audit.filter { $0.subject == "2026-W49" && $0.action != "publish" }
        #expect(audit.map(\.action) == ["pin", "unpin", "exclude", "include"])
        #expect(audit.allSatisfy { $0.actor == "ana" })
        #expect(audit.first?.detail == "pin e-net request R0002: 4 h at least")
        #expect(audit.last?.detail == "exclusion e-net small")
    }

    @Test("Pins and exclusions are checked as kam validate checks a file, and refused with the reason (unknown ids 404, what the data cannot honour 409)", arguments: StoreKind.tested)
    func refused(store: StoreKind) throws {
        let (space, url) = try approvalWorkspace(store)
        defer { try? FileManager.default.removeItem(at: url) }
        try approvedPair(space)
        func pin(_ expert: String, _ request: String, _ hours: Double) -> String? {
            refusal { try space.setPin(Pin(expert: expert, target: .request(request), hours: hours), week: week49, by: "ana") }
        }
        #expect(pin("e-net", "R0002", 7) == "conflict: pin of expert 'e-net' on request 'R0002' asks for 7 h, more than the 6 h the request asks for")
        #expect(pin("e-net", "R0002", -1) == "invalid: pin of expert 'e-net' on request 'R0002' has hours -1; expected a number from 0 to 168 in quarter hours (0.25, 0.5, ...)")
        #expect(pin("e-net", "R0002", 1e-7)?.hasSuffix("expected a number from 0 to 168 in quarter hours (0.25, 0.5, ...)") == true)
        // -0 is stored as 0 (listed as 0, not -0), then removed again.
        let zero = try space.setPin(Pin(expert: "e-net", target: .request("R0002"), hours: -0.0), week: week49, by: "ana")
        #expect(zero.columns.hours == 0 && zero.columns.hours?.sign == .plus)
        try space.removeControl(zero.rule, week: week49, by: "ana")
        #expect(pin("e-sec", "R0001", 2)?.hasPrefix("conflict: pin of expert 'e-sec' on request 'R0001' is not on a candidate pair: ") == true)
        #expect(pin("e-nett", "R0001", 2) == "notFound: unknown expert 'e-nett'; did you mean 'e-net'?")
        #expect(pin("e-net", "R0042", 2) == "notFound: no request 'R0042'")
        // Two pins that together ask e-net for more than its 10 h.
        _ = try space.setPin(Pin(expert: "e-net", target: .request("R0001"), hours: 6), week: week49, by: "ana")
        #expect(pin("e-net", "R0002", 6)?.hasPrefix("conflict: pins conflict: expert 'e-net' is pinned for 12 h in all, more than 10 h bookable this week: ") == true)
        // A pin on an excluded pair, either way round.
        #expect(refusal { try space.setExclusion(Exclusion(expert: "e-net", account: "big"), week: week49, by: "ana") }
                == "conflict: pin of expert 'e-net' on request 'R0001' is on a pair that an exclusion forbids (expert 'e-net' from account 'big'); remove one of them")
        #expect(refusal { try space.removeControl(.exclusion(Exclusion(expert: "e-net", account: "big")), week: week49, by: "ana") }
                == "notFound: there is no exclusion of expert 'e-net' from account 'big' in 2026-W49")
        // Nothing refused was stored.
        #expect(try space.controls().map(\.key) == ["pin e-net request R0001"])
        // A cancelled request cannot be pinned; a pinned request that is cancelled drops its pin from the plan.
        _ = try space.add(.init(week: week49, account: "small", skill: "network", hours: 2, by: "m-ana"), today: today)
        _ = try space.approve("R0003", by: "ana")
        _ = try space.setPin(Pin(expert: "e-net", target: .request("R0003"), hours: 2), week: week49, by: "ana")
        _ = try space.cancel("R0003", by: "m-ana")
        #expect(try space.scenario(week: week49).pins.map(\.target) == [.request("R0001")])
        #expect(pin("e-net", "R0003", 1) == "conflict: request R0003 is cancelled: it is not planned, so it cannot be pinned")
    }
}
