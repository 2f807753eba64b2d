import Foundation
import Scenarios
import TestSupport
import Testing
@testable import Workspace

/// Old credentials stop working: a new password or a revoke ends the user's web sessions (and
/// only theirs); a new feed token retires the old calendar address.
@Suite("Sessions end with the credentials that opened them")
struct SessionEndTests {
    @Test("A new password signs out every session of that user, not others'; a revoke likewise; a new feed token retires the old one",
          arguments: StoreKind.tested)
    func sessionsEnd(store: StoreKind) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-sessions-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let space = try PlanningWorkspace.create(at: url.path, from: try baseline(), store: store.makeStore)
        let anaToken = try space.addUser(id: "ana", role: .planner, manager: nil, by: "test", today: today).token
        let zhang = try space.addUser(id: "zhang", role: .manager, manager: "m-zhang", by: "test", today: today).user
        _ = try space.setPassword(for: "ana", to: "first-password", by: "test")
        _ = try space.setPassword(for: "zhang", to: "zhang-password", by: "test")
        let (laptop, _) = try space.startSession(for: try space.signIn(id: "ana", password: "first-password"))
        let (phone, _) = try space.startSession(for: try space.signIn(id: "ana", password: "first-password"))
        let (other, _) = try space.startSession(for: try space.signIn(id: "zhang", password: "zhang-password"))
        #expect(try space.session(cookie: laptop) != nil && space.session(cookie: phone) != nil)

        _ = try space.setPassword(for: "ana", to: "second-password", by: "ana")
        #expect(try space.session(cookie: laptop) == nil && space.session(cookie: phone) == nil)
        #expect(try space.session(cookie: other)?.user.id == "zhang")
        let (fresh, _) = try space.startSession(for: try space.signIn(id: "ana", password: "second-password"))
        #expect(try space.session(cookie: fresh) != nil)

        _ = try space.revokeUser("zhang", by: "ana")
        #expect(try space.session(cookie: other) == nil)
        #expect(try space.session(cookie: fresh) != nil)

        // The feed token: a new one retires the old calendar address (zhang is revoked, so a new manager).
        let li = try space.addUser(id: "li", role: .manager, manager: "m-li", by: "ana", today: today).user
        let first = try space.newFeedToken(for: "li", by: "ana")
        #expect(try space.calendarOwner(feedToken: first.token).id == "li")
        let rotated = try space.newFeedToken(for: li)  // li's own button
        #expect(rotated.token != first.token && rotated.user.calendarPath(feedToken: rotated.token) == "/calendars/m-li.ics?token=\(rotated.token)")
        #expect(refusal { try space.calendarOwner(feedToken: first.token) } != nil)
        #expect(try space.calendarOwner(feedToken: rotated.token).id == "li")
        #expect(refusal { try space.newFeedToken(for: zhang.id, by: "ana") } != nil)  // revoked
        #expect(refusal { try space.newFeedToken(for: try space.authenticate(token: anaToken)) } != nil)  // a planner has no feed
        // The store keeps the SHA-256 of the token, never the token.
        let stored = try #require(try space.users().first { $0.id == "li" })
        #expect(stored.feedTokenHash == Credentials.hash(rotated.token) && stored.feedTokenHash != rotated.token)
    }

    @Test("A NUL (or any control character) in an id or a secret is refused before any lookup: it never finds the user it was cut to",
          arguments: StoreKind.tested)
    func nulNeverMatches(store: StoreKind) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kam-nul-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: url) }
        let space = try PlanningWorkspace.create(at: url.path, from: try baseline(), store: store.makeStore)
        let ana = try space.addUser(id: "ana", role: .planner, manager: nil, by: "test", today: today)
        _ = try space.addUser(id: "zhang", role: .manager, manager: "m-zhang", by: "test", today: today)
        let feed = try space.newFeedToken(for: "zhang", by: "test").token
        _ = try space.setPassword(for: "ana", to: "ana-password", by: "test")
        #expect(try space.signIn(id: "ana", password: "ana-password").id == "ana")
        #expect(refusal { try space.signIn(id: "ana\u{0}zzz", password: "ana-password") } == "unauthenticated: unknown user or wrong password")
        #expect(refusal { try space.authenticate(token: ana.token + "\u{0}garbage") } != nil)
        #expect(refusal { try space.calendarOwner(feedToken: feed + "\u{0}garbage") } != nil)
        #expect(refusal { try space.calendarOwner(feedToken: feed + "\n") } != nil)
        let (cookie, _) = try space.startSession(for: try space.signIn(id: "ana", password: "ana-password"))
        #expect(try space.session(cookie: cookie + "\u{0}x") == nil && space.session(cookie: cookie) != nil)
        #expect(try space.authenticate(token: ana.token).id == "ana" && space.calendarOwner(feedToken: feed).id == "zhang")
    }
}
