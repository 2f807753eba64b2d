import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import Server
import Testing
import Scenarios
import Workspace

/// Views never solve while their week stays as it is: an account's page reads the week's kept plan;
/// only the first view after a change solves, through the bounded queue (503 when it is full).
@Suite("Account pages read kept plans")
struct ViewPlanTests {
    @Test("A kept plan per week's inputs: the same key finds it; a new request or a publication makes a new key")
    func keys() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        let week = try #require(ISOWeek("2026-W49"))
        let first = try f.workspace.viewPlanKey(week)
        #expect(f.workspace.keptViewPlan(first) == nil)
        _ = try f.workspace.viewPlan(week: week)
        #expect(f.workspace.keptViewPlan(try f.workspace.viewPlanKey(week)) != nil)
        let zhang = try #require(try f.workspace.users().first { $0.id == "zhang" })
        _ = try f.workspace.file(RequestForm(account: "bank-hq", skill: "network", hours: 4, week: week), by: zhang, idempotencyKey: nil, today: ServerFixture.today)
        let second = try f.workspace.viewPlanKey(week)
        #expect(second != first && f.workspace.keptViewPlan(second) == nil)
    }

    @Test("With the plan thread busy and the queue full, an account page that needs a solve gets 503 with Retry-After; once kept, pages answer without the plan thread")
    func busy() async throws {
        var limits = ServerFixture.limits
        limits.solveQueue = 1
        let f = try ServerFixture(limits: limits)
        defer { f.remove() }
        let (runner, release, holder) = try await PlanRunnerTests.heldRunner()
        let server = TeamServer(workspace: f.workspace, today: { ServerFixture.today }, limits: limits, metricsToken: nil, plans: runner)
        let filler = Task { try await runner.run(key: "filler", limit: 1) { 1 } }
        try await Task.sleep(for: .milliseconds(50))
        var logger = Logger(label: "kam-test")
        logger.logLevel = .error
        try await Application(router: server.router(), logger: logger).test(.router) { client in
            let zhang = f.tokens["zhang"]!
            let busy = try await client.call(.get, "/api/accounts/bank-hq?week=2026-W49", token: zhang)
            #expect(busy.status == .serviceUnavailable && busy.errorCode == "busy" && busy.headers[.retryAfter] != nil, "\(busy.text)")
            release.signal()
            try await holder.value
            _ = try await filler.value
            let solved = try await client.call(.get, "/api/accounts/bank-hq?week=2026-W49", token: zhang)
            #expect(solved.status == .ok)
            // The plan thread held again: pages of the week still answer, from the kept plan.
            let blocker = DispatchSemaphore(value: 0)
            let held = Task { try await runner.run { blocker.wait() } }
            try await Task.sleep(for: .milliseconds(50))
            for account in ["bank-hq", "harbor-life", "swiftship"] {
                let page = try await client.call(.get, "/api/accounts/\(account)?week=2026-W49", token: zhang)
                #expect(page.status == .ok, "\(account)")
            }
            blocker.signal()
            try await held.value
        }
    }

    /// Requests filed into the week being viewed: within `viewRefresh` of the last solve, pages read
    /// the plan kept for the week (without the new request, and without the plan thread); with the
    /// window at zero, the same page after the same filing needs the plan thread again.
    @Test("While a week keeps changing, its pages read the plan made less than viewRefresh ago instead of solving again")
    func refreshWindow() async throws {
        for window in [Duration.seconds(600), .zero] {
            var limits = ServerFixture.limits
            limits.viewRefresh = window
            limits.solveQueue = 1
            let f = try ServerFixture(limits: limits)
            defer { f.remove() }
            let (runner, release, holder) = try await PlanRunnerTests.heldRunner()
            release.signal()
            try await holder.value
            let server = TeamServer(workspace: f.workspace, today: { ServerFixture.today }, limits: limits, metricsToken: nil, plans: runner)
            var logger = Logger(label: "kam-test")
            logger.logLevel = .error
            try await Application(router: server.router(), logger: logger).test(.router) { client in
                let zhang = f.tokens["zhang"]!
                let first = try await client.call(.get, "/api/accounts/bank-hq?week=2026-W49", token: zhang)
                #expect(first.status == .ok)
                let before = (first.object["requests"] as? [Any])?.count ?? -1
                let filed = try await client.call(.post, "/api/requests", token: zhang,
                                                  json: #"{"account": "bank-hq", "skill": "network", "hours": 3, "week": "2026-W49"}"#)
                #expect(filed.status == .created, "\(filed.text)")
                // The plan thread held and its one queue place taken: a page that must solve gets 503.
                let blocker = DispatchSemaphore(value: 0)
                let started = DispatchSemaphore(value: 0)
                let held = Task { try await runner.run { started.signal(); blocker.wait() } }
                while started.wait(timeout: .now()) != .success { try await Task.sleep(for: .milliseconds(5)) }
                let filler = Task { try await runner.run(key: "filler", limit: 1) { 1 } }
                try await Task.sleep(for: .milliseconds(50))
                let page = try await client.call(.get, "/api/accounts/bank-hq?week=2026-W49", token: zhang)
                if window > .zero {
                    // The plan kept 0 s ago: the page answers from it, without the request filed since.
                    #expect(page.status == .ok, "\(page.text)")
                    #expect((page.object["requests"] as? [Any])?.count == before)
                } else {
                    #expect(page.status == .serviceUnavailable && page.errorCode == "busy", "\(page.text)")
                }
                blocker.signal()
                try await held.value
                _ = try await filler.value
                if window == .zero {
                    let fresh = try await client.call(.get, "/api/accounts/bank-hq?week=2026-W49", token: zhang)
                    #expect((fresh.object["requests"] as? [Any])?.count == before + 1, "\(fresh.text)")
                }
            }
        }
    }
}
