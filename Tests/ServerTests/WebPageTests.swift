import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Scenarios
import Workspace

/// The web pages in process: sign-in, the session cookie, CSRF on every form, a manager filing a
/// request as themselves, a planner planning and publishing.
@Suite("Team server web pages")
struct WebPageTests {
    let fixture: ServerFixture
    init() throws { fixture = try ServerFixture() }

    /// Signs in with the form; returns the cookie header value and the page's CSRF token.
    static func signIn(_ client: any TestClientProtocol, id: String, password: String) async throws -> (cookie: String, csrf: String) {
        let response = try await client.execute(uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                body: ByteBuffer(string: "id=\(id)&password=\(password)"))
        #expect(response.status == .seeOther)
        let setCookie = try #require(response.headers[.setCookie])
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict") && setCookie.contains("Path=/"))
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = try await client.execute(uri: response.headers[.location] == "/" ? "/" : "/", method: .get, headers: [.cookie: cookie])
        let target = try #require(page.headers[.location])
        let html = try await client.execute(uri: target, method: .get, headers: [.cookie: cookie])
        #expect(html.status == .ok)
        let text = html.text
        let marker = "name=\"_csrf\" value=\""
        let start = try #require(text.range(of: marker)).upperBound
        return (cookie, String(text[start..<text.index(start, offsetBy: 43)]))
    }

    static func form(_ client: any TestClientProtocol, _ uri: String, cookie: String, _ body: String) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                 body: ByteBuffer(string: body))
    }

    @Test("Sign-in: a wrong password is refused (401) and says nothing of which part was wrong; pages need a session")
    func signIn() async throws {
        let f = fixture
        defer { f.remove() }
        try await f.test { client in
            let root = try await client.execute(uri: "/", method: .get)
            #expect(root.status == .seeOther && root.headers[.location] == "/signin")
            let page = try await client.execute(uri: "/signin", method: .get)
            #expect(page.status == .ok && page.text.contains("<form method=\"post\" action=\"/signin\">"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            for body in ["id=zhang&password=wrong-password", "id=nobody&password=zhang-password", "id=li&password=anything-at-all"] {
                let refused = try await client.execute(uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                       body: ByteBuffer(string: body))
                #expect(refused.status == .unauthorized, "\(body)")
                #expect(refused.text.contains("unknown user or wrong password"))
                #expect(refused.headers[.setCookie] == nil)
            }
            let manager = try await client.execute(uri: "/manager", method: .get)
            #expect(manager.status == .unauthorized && manager.text.contains("<a href=\"/signin\">Sign in</a>"))
        }
    }

    @Test("A manager files a request from the page (as themselves, CSRF checked), sees it, and cancels it; signing out ends the session")
    func managerPage() async throws {
        let f = fixture
        defer { f.remove() }
        try await f.test { client in
            let (cookie, csrf) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let page = try await client.execute(uri: "/manager", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("bank-hq") && !page.text.contains("telecom-north"))
            #expect(page.text.contains("Make a new calendar address") && !page.text.contains("?token="))

            let body = "account=bank-hq&skill=network&hours=5&week=2026-W49&priority=high&onsite=true&note=board+meeting+%26+demo"
            let noToken = try await Self.form(client, "/manager/requests", cookie: cookie, body)
            #expect(noToken.status == .forbidden && noToken.text.contains("security token"))
            let badToken = try await Self.form(client, "/manager/requests", cookie: cookie, body + "&_csrf=" + String(repeating: "A", count: 43))
            #expect(badToken.status == .forbidden)
            #expect(try f.workspace.requests(week: nil, account: nil, status: nil).isEmpty)

            let filed = try await Self.form(client, "/manager/requests", cookie: cookie, body + "&_csrf=" + csrf)
            #expect(filed.status == .seeOther)
            let location = try #require(filed.headers[.location])
            #expect(location.hasPrefix("/manager?week=2026-W49&done=Filed%20request%20R0001%2E&sig="))
            let notice = try await client.execute(uri: location, method: .get, headers: [.cookie: cookie])
            #expect(notice.text.contains("Filed request R0001."))
            // A notice the server did not write is not shown: any text in the address, or a forged signature.
            let forged = try await client.execute(uri: "/manager?done=Your%20account%20is%20locked&sig=00", method: .get, headers: [.cookie: cookie])
            let unsigned = try await client.execute(uri: "/manager?done=Call%20IT%20now", method: .get, headers: [.cookie: cookie])
            #expect(forged.status == .ok && !forged.text.contains("locked") && !unsigned.text.contains("Call IT"))
            let stored = try #require(try f.workspace.requests(week: nil, account: nil, status: nil).first)
            #expect(stored.requester == "m-zhang" && stored.hours == 5 && stored.priority == .high && stored.onsite && !stored.singleExpert)
            #expect(stored.note == "board meeting & demo")

            let invalid = try await Self.form(client, "/manager/requests", cookie: cookie, "account=bank-hq&skill=quantum&hours=5&week=2026-W49&_csrf=" + csrf)
            #expect(invalid.status == .unprocessableContent && invalid.text.contains("no expert has skill &#39;quantum&#39;"))
            let other = try await Self.form(client, "/manager/requests", cookie: cookie, "account=telecom-north&skill=cloud&hours=5&week=2026-W49&_csrf=" + csrf)
            #expect(other.status == .forbidden)

            let cancel = try await Self.form(client, "/manager/requests/R0001/cancel", cookie: cookie, "_csrf=" + csrf)
            #expect(cancel.status == .seeOther)
            #expect(try f.workspace.request("R0001").request.status == .cancelled)

            let out = try await Self.form(client, "/signout", cookie: cookie, "_csrf=" + csrf)
            #expect(out.status == .seeOther && out.headers[.location] == "/signin")
            let after = try await client.execute(uri: "/manager", method: .get, headers: [.cookie: cookie])
            #expect(after.status == .unauthorized)
        }
    }

    @Test("The session cookie on the API: reads work; a change needs X-CSRF-Token (403 without) and a JSON body type (415 for text/plain)")
    func cookieAPI() async throws {
        let f = fixture
        defer { f.remove() }
        try await f.test { client in
            let (cookie, csrf) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let me = try await client.execute(uri: "/api/me", method: .get, headers: [.cookie: cookie])
            #expect(me.status == .ok && me.object["csrfToken"] as? String == csrf)
            let body = ByteBuffer(string: APITests.request)
            let csrfHeader = HTTPField.Name("X-CSRF-Token")!
            let bare = try await client.execute(uri: "/api/requests", method: .post, headers: [.cookie: cookie, .contentType: "application/json"], body: body)
            #expect(bare.status == .forbidden && bare.errorCode == "badCSRFToken")
            let wrong = try await client.execute(uri: "/api/requests", method: .post,
                                                 headers: [.cookie: cookie, .contentType: "application/json", csrfHeader: String(repeating: "A", count: 43)], body: body)
            #expect(wrong.status == .forbidden && wrong.errorCode == "badCSRFToken")
            let plain = try await client.execute(uri: "/api/requests", method: .post, headers: [.cookie: cookie, .contentType: "text/plain", csrfHeader: csrf], body: body)
            #expect(plain.status == .unsupportedMediaType && plain.errorCode == "unsupportedMediaType" && plain.errorField == "Content-Type")
            #expect(try f.workspace.requests(week: nil, account: nil, status: nil).isEmpty)
            let filed = try await client.execute(uri: "/api/requests", method: .post,
                                                 headers: [.cookie: cookie, .contentType: "application/json; charset=utf-8", csrfHeader: csrf], body: body)
            #expect(filed.status == .created)
            let cancel = try await client.execute(uri: "/api/requests/R0001/cancel", method: .post, headers: [.cookie: cookie])
            #expect(cancel.status == .forbidden && cancel.errorCode == "badCSRFToken")
            // A bearer token needs neither (no browser sends it on its own).
            let bearer = try await client.call(.post, "/api/requests/R0001/cancel", token: f.tokens["zhang"]!)
            #expect(bearer.status == .ok)
        }
    }

    @Test("A manager makes a calendar address on the page: shown once, in the answer (not a URL); the older one stops working")
    func calendarAddress() async throws {
        let f = fixture
        defer { f.remove() }
        try await f.test { client in
            let (cookie, csrf) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let page = try await client.execute(uri: "/manager", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("action=\"/manager/calendar\"") && !page.text.contains("?token="))
            func address() async throws -> String {
                let made = try await Self.form(client, "/manager/calendar", cookie: cookie, "_csrf=" + csrf)
                #expect(made.status == .ok)
                let text = made.text
                let start = try #require(text.range(of: "/calendars/m-zhang.ics?token="))
                return String(text[start.lowerBound...].prefix { $0 != "<" })
            }
            let first = try await address(), second = try await address()
            #expect(first != second)
            #expect(try await client.execute(uri: first, method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: second, method: .get).status == .ok)
            let forged = try await Self.form(client, "/manager/calendar", cookie: cookie, "_csrf=x")
            #expect(forged.status == .forbidden)
        }
    }

    @Test("A planner sees open requests with their cost, plans, sees the changes, publishes; the manager then sees the team")
    func plannerPage() async throws {
        let f = fixture
        defer { f.remove() }
        try await f.test { client in
            _ = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!, json: APITests.request)
            let (cookie, csrf) = try await Self.signIn(client, id: "ana", password: "ana-password")
            let page = try await client.execute(uri: "/planner", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("<td>R0001</td>"))
            #expect(page.text.contains("met in full by the plan") || page.text.contains("costs"))
            #expect(page.text.contains("2026-W49 has not been planned yet."))

            let planned = try await Self.form(client, "/planner/weeks/2026-W49/plan", cookie: cookie, "_csrf=" + csrf)
            #expect(planned.status == .seeOther)
            let draft = try await client.execute(uri: "/planner?week=2026-W49", method: .get, headers: [.cookie: cookie])
            let fingerprint = Workspace.fingerprint(try f.workspace.draftDocument(#require(.init("2026-W49"))))
            #expect(draft.text.contains("name=\"fingerprint\" value=\"\(fingerprint)\""))
            // Absent values are left out, not shown as "nil" (no manager for a planner, no published version yet).
            #expect(!draft.text.contains("nil") && !draft.text.contains("publish a new version"))
            // Nothing published yet: the change list is every team line of the plan (e-wang 6 h on bank-hq).
            #expect(draft.text.contains("<td>bank-hq</td><td>e-wang</td><td class=\"num\">0</td><td class=\"num\">6</td>"))

            let published = try await Self.form(client, "/planner/weeks/2026-W49/publish", cookie: cookie, "fingerprint=\(fingerprint)&_csrf=" + csrf)
            #expect(published.status == .seeOther)
            #expect(try f.workspace.publishedPlans(week: #require(.init("2026-W49"))).count == 1)

            let (managerCookie, _) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let team = try await client.execute(uri: "/manager?week=2026-W49", method: .get, headers: [.cookie: managerCookie])
            #expect(team.text.contains("<tr><td>bank-hq</td><td>Wang Fang 王芳 6 h</td></tr>"))
        }
    }

    @Test("A planner approves and rejects from the page (CSRF checked): waiting requests show what approving them gets and costs")
    func approvalsOnThePage() async throws {
        let f = try ServerFixture(approval: .required)
        defer { f.remove() }
        try await f.test { client in
            _ = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!, json: APITests.request)
            _ = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!, json: APITests.request.replacingOccurrences(of: "\"hours\": 6", with: "\"hours\": 2"))
            let (cookie, csrf) = try await Self.signIn(client, id: "ana", password: "ana-password")
            let page = try await client.execute(uri: "/planner?week=2026-W49", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("<h2>Waiting for approval</h2>"))
            // baseline: no approved request yet, so R0001 (6 h of network for bank-hq) gets all 6 h and takes from nobody.
            #expect(page.text.contains("<td>R0001</td><td>bank-hq</td><td>network</td><td class=\"num\">6</td><td>normal</td><td>m-zhang</td><td class=\"num\">6</td>"), "\(page.text)")
            #expect(page.text.contains("action=\"/planner/requests/R0001/approve\""))
            #expect(page.text.contains("No open requests for 2026-W49."))

            let forged = try await Self.form(client, "/planner/requests/R0001/approve", cookie: cookie, "_csrf=" + String(repeating: "A", count: 43))
            #expect(forged.status == .forbidden)
            let approved = try await Self.form(client, "/planner/requests/R0001/approve", cookie: cookie, "_csrf=" + csrf)
            #expect(approved.status == .seeOther)
            let noReason = try await Self.form(client, "/planner/requests/R0002/reject", cookie: cookie, "reason=&_csrf=" + csrf)
            #expect(noReason.status == .unprocessableContent && noReason.text.contains("say why request R0002 is rejected"))
            let rejected = try await Self.form(client, "/planner/requests/R0002/reject", cookie: cookie, "reason=not+this+week&_csrf=" + csrf)
            #expect(rejected.status == .seeOther)
            #expect(try f.workspace.request("R0001").request.status == .open)
            #expect(try f.workspace.request("R0002").request.rejectionReason == "not this week")
            let after = try await client.execute(uri: "/planner?week=2026-W49", method: .get, headers: [.cookie: cookie])
            #expect(!after.text.contains("Waiting for approval") && after.text.contains("<td>R0001</td>"))

            let (managerCookie, managerCSRF) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let byManager = try await Self.form(client, "/planner/requests/R0002/approve", cookie: managerCookie, "_csrf=" + managerCSRF)
            #expect(byManager.status == .forbidden)
        }
    }

    @Test("Publishing from the page with a request waiting for approval: the page names it, publishing is refused until the box is ticked")
    func publishWithWaitingRequest() async throws {
        let f = try ServerFixture(approval: .required)
        defer { f.remove() }
        try await f.test { client in
            _ = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!, json: APITests.request)
            let (cookie, csrf) = try await Self.signIn(client, id: "ana", password: "ana-password")
            #expect(try await Self.form(client, "/planner/weeks/2026-W49/plan", cookie: cookie, "_csrf=" + csrf).status == .seeOther)
            let page = try await client.execute(uri: "/planner?week=2026-W49", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("request R0001 of 2026-W49 waits for approval and is not in the plan: approve or reject it above first, or tick the box to publish without it."))
            #expect(page.text.contains("<input type=\"checkbox\" name=\"force\" value=\"true\"> publish without the requests waiting for approval</label>"))
            let fingerprint = Workspace.fingerprint(try f.workspace.draftDocument(#require(.init("2026-W49"))))
            let refused = try await Self.form(client, "/planner/weeks/2026-W49/publish", cookie: cookie, "fingerprint=\(fingerprint)&_csrf=" + csrf)
            #expect(refused.status == .conflict && refused.text.contains("request R0001 of 2026-W49 waits for approval"))
            #expect(try f.workspace.publishedPlans(week: #require(.init("2026-W49"))).isEmpty)
            let forced = try await Self.form(client, "/planner/weeks/2026-W49/publish", cookie: cookie, "fingerprint=\(fingerprint)&force=true&_csrf=" + csrf)
            #expect(forced.status == .seeOther)
            let done = try await client.execute(uri: forced.headers[.location] ?? "/planner", method: .get, headers: [.cookie: cookie])
            #expect(done.text.contains("Published 2026-W49 version 1. request R0001 of 2026-W49 waits for approval and is not in the plan; published without it"))

            // The API: the same rule, a stable code, and the warning in the answer.
            let planned = try await client.call(.post, "/api/weeks/2026-W49/plan", token: f.tokens["ana"]!)
            let again = try #require(planned.object["fingerprint"] as? String)
            let refusedAPI = try await client.call(.post, "/api/weeks/2026-W49/publish", token: f.tokens["ana"]!, json: "{\"fingerprint\": \"\(again)\"}")
            #expect(refusedAPI.status == .conflict && refusedAPI.errorCode == "requestsWaiting", "\(refusedAPI.text)")
            let forcedAPI = try await client.call(.post, "/api/weeks/2026-W49/publish", token: f.tokens["ana"]!, json: "{\"fingerprint\": \"\(again)\", \"force\": true}")
            #expect(forcedAPI.status == .created && (forcedAPI.object["warnings"] as? [String]) == ["request R0001 of 2026-W49 waits for approval and is not in the plan; published without it"])
        }
    }

    @Test("Pins and exclusions on the planner page: set, refused with the reason, listed, removed; managers cannot")
    func controlsOnThePage() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            _ = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!, json: APITests.request)
            let (cookie, csrf) = try await Self.signIn(client, id: "ana", password: "ana-password")
            let page = try await client.execute(uri: "/planner?week=2026-W49", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("No pins or exclusions for 2026-W49.") && page.text.contains("id=\"pin-form\""))
            #expect(page.text.contains("<select name=\"request\" aria-label=\"request\"><option value=\"\">-</option><option>R0001</option></select>"))

            let tooMany = try await Self.form(client, "/planner/weeks/2026-W49/pins", cookie: cookie,
                                              "expert=e-liu&request=R0001&account=&hours=7&mode=exactly&_csrf=" + csrf)
            #expect(tooMany.status == .conflict && tooMany.text.contains("asks for 7 h, more than the 6 h the request asks for"))
            let pinned = try await Self.form(client, "/planner/weeks/2026-W49/pins", cookie: cookie,
                                             "expert=e-liu&request=R0001&account=&hours=4&mode=atLeast&_csrf=" + csrf)
            #expect(pinned.status == .seeOther)
            let excluded = try await Self.form(client, "/planner/weeks/2026-W49/exclusions", cookie: cookie, "expert=e-wang&account=bank-hq&_csrf=" + csrf)
            #expect(excluded.status == .seeOther)
            let listed = try await client.execute(uri: "/planner?week=2026-W49", method: .get, headers: [.cookie: cookie])
            #expect(listed.text.contains("<td>pin</td><td>e-liu</td><td>request R0001</td><td class=\"num\">4 at least</td><td>ana</td>"), "\(listed.text)")
            #expect(listed.text.contains("<td>exclusion</td><td>e-wang</td><td>account bank-hq</td>"))
            #expect(try f.workspace.controls(week: ISOWeek(year: 2026, week: 49)!).map(\.key) == ["exclusion e-wang bank-hq", "pin e-liu request R0001"])

            let (managerCookie, managerCSRF) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let byManager = try await Self.form(client, "/planner/weeks/2026-W49/exclusions/remove", cookie: managerCookie,
                                                "expert=e-wang&account=bank-hq&_csrf=" + managerCSRF)
            #expect(byManager.status == .forbidden)

            let removed = try await Self.form(client, "/planner/weeks/2026-W49/pins/remove", cookie: cookie, "expert=e-liu&request=R0001&_csrf=" + csrf)
            #expect(removed.status == .seeOther)
            let unexcluded = try await Self.form(client, "/planner/weeks/2026-W49/exclusions/remove", cookie: cookie, "expert=e-wang&account=bank-hq&_csrf=" + csrf)
            #expect(unexcluded.status == .seeOther)
            #expect(try f.workspace.controls().isEmpty)
        }
    }

    @Test("The manager's page: the cadence view of their accounts and a form to log a visit; another manager's account is refused")
    func visitsOnThePage() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let (cookie, csrf) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let page = try await client.execute(uri: "/manager", method: .get, headers: [.cookie: cookie])
            #expect(page.text.contains("<h2>Contact cadence</h2>") && page.text.contains("id=\"visit-form\""))
            #expect(page.text.contains("\">bank-hq</a></td>") && !page.text.contains("\">telecom-north</a></td><td><span class=\"tier"))
            let day = ServerFixture.today.adding(days: -1).description
            let logged = try await Self.form(client, "/manager/visits", cookie: cookie, "account=bank-hq&date=\(day)&outcome=done&note=&_csrf=" + csrf)
            #expect(logged.status == .seeOther)
            #expect(try f.workspace.visitLog(account: "bank-hq").map(\.date.description) == [day])
            let after = try await client.execute(uri: "/manager", method: .get, headers: [.cookie: cookie])
            #expect(after.text.contains("<td><a href=\"/accounts/bank-hq\">bank-hq</a></td><td><span class=\"tier platinum\">platinum</span></td><td>visit</td><td>\(day)</td>"), "\(after.text)")
            let other = try await Self.form(client, "/manager/visits", cookie: cookie, "account=telecom-north&date=\(day)&outcome=done&_csrf=" + csrf)
            #expect(other.status == .forbidden && other.text.contains("telecom-north"))
        }
    }

    @Test("An account's page in the browser: the manager's own, linked from the cadence view; another's refused")
    func accountPage() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let (cookie, _) = try await Self.signIn(client, id: "zhang", password: "zhang-password")
            let manager = try await client.execute(uri: "/manager", method: .get, headers: [.cookie: cookie])
            #expect(manager.text.contains("<a href=\"/accounts/bank-hq\">bank-hq</a>"))
            let page = try await client.execute(uri: "/accounts/bank-hq", method: .get, headers: [.cookie: cookie])
            #expect(page.status == .ok)
            #expect(page.text.contains("<h2>Financial health in 2025</h2>") && page.text.contains("Lu Yao 陆瑶") && page.text.contains("<h2>Service plan</h2>"))
            let other = try await client.execute(uri: "/accounts/telecom-north", method: .get, headers: [.cookie: cookie])
            #expect(other.status == .forbidden)
            // Harbor Life's 30th anniversary is on Thursday of 2026-W48 (scenarios/files/harbor-life.yaml).
            let w48 = try await client.execute(uri: "/manager?week=2026-W48", method: .get, headers: [.cookie: cookie])
            #expect(w48.text.contains("<h2>Key dates in 2026-W48</h2>"))
            #expect(w48.text.contains("<b>Thu 2026-11-26</b> · <a href=\"/accounts/harbor-life\">Harbor Life Insurance 港湾人寿</a>: company anniversary (the 30th): gala dinner for staff and partners — send congratulations"), "\(w48.text)")
            #expect(!manager.text.contains("<h2>Key dates in"))
        }
    }
}
