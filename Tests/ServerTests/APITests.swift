import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import Workspace

/// Every endpoint and every status code of the API, in process (HummingbirdTesting's router client).
@Suite("Team server API")
struct APITests {
    static let request = #"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W49"}"#

    @Test("Health needs no sign-in; every other endpoint answers 401 without one, with a bad token, or a revoked user's")
    func unauthenticated() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let health = try await client.call(.get, "/api/health")
            #expect(health.status == .ok)
            #expect(health.text == "{\n  \"status\": \"ok\",\n  \"store\": \"ok\",\n  \"workspace\": \"ok\"\n}\n")
            let endpoints: [(HTTPRequest.Method, String)] = [
                (.get, "/api/me"), (.get, "/api/accounts"), (.get, "/api/experts"), (.post, "/api/requests"), (.get, "/api/requests"),
                (.get, "/api/requests/R0001"), (.post, "/api/requests/R0001/cancel"), (.get, "/api/requests/R0001/recommend"),
                (.post, "/api/weeks/2026-W49/plan"), (.post, "/api/weeks/2026-W49/publish"), (.get, "/api/weeks/2026-W49/plan"),
            ]
            for (method, uri) in endpoints {
                for token in [nil, "kam_not-a-token", f.tokens["rex"]!] as [String?] {
                    let response = try await client.call(method, uri, token: token, json: method == .post ? Self.request : nil)
                    #expect(response.status == .unauthorized, "\(method) \(uri) with \(token ?? "no token")")
                    #expect(response.errorCode == (token == nil ? "notSignedIn" : "unknownToken"))
                    #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"kam\"")
                }
            }
            let basic = try await client.call(.get, "/api/me", headers: [.authorization: "Basic YW5hOng="])
            #expect(basic.status == .unauthorized)
        }
    }

    @Test("A known path asked with a method it does not answer: 405 with Allow (JSON under /api, a page elsewhere); an unknown path stays 404; HEAD answers as GET")
    func methodNotAllowed() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let ana = f.tokens["ana"]!
            for (method, uri, allow) in [(HTTPRequest.Method.delete, "/api/requests", "GET, HEAD, POST"), (.put, "/api/requests/R0001", "GET, HEAD"),
                                         (.get, "/api/weeks/2026-W49/publish", "POST"), (.patch, "/api/health", "GET, HEAD"),
                                         (.get, "/api/pins", "DELETE, POST")] {
                let answer = try await client.call(method, uri, token: ana)
                #expect(answer.status == .methodNotAllowed && answer.errorCode == "methodNotAllowed", "\(method) \(uri): \(answer.text)")
                #expect(answer.headers[.allow] == allow, "\(method) \(uri)")
            }
            let page = try await client.call(.delete, "/manager", token: ana)
            #expect(page.status == .methodNotAllowed && page.headers[.allow] == "GET, HEAD" && page.text.contains("<!doctype html>"))
            let unknown = try await client.call(.get, "/api/nothing-here", token: ana)
            #expect(unknown.status == .notFound && unknown.headers[.allow] == nil)
            let head = try await client.call(.head, "/api/health")
            #expect(head.status == .ok && head.text.isEmpty)
        }
    }

    @Test("The 403 matrix: managers only for their own accounts and requests, planners only plan and publish, viewers change nothing")
    func forbidden() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!, li = f.tokens["li"]!, ana = f.tokens["ana"]!, vic = f.tokens["vic"]!
            let filed = try await client.call(.post, "/api/requests", token: zhang, json: Self.request)
            #expect(filed.status == .created)
            let id = try #require(filed.object["id"] as? String)
            let cases: [(String, HTTPRequest.Method, String, String?, String)] = [
                // Another manager's account, request, cancellation.
                (li, .post, "/api/requests", Self.request, "notYourAccount"),
                // Planner endpoints.
                (zhang, .get, "/api/requests/\(id)/recommend", nil, "plannersOnly"),
                (zhang, .post, "/api/weeks/2026-W49/plan", nil, "plannersOnly"),
                (zhang, .post, "/api/weeks/2026-W49/publish", #"{"fingerprint": "x"}"#, "plannersOnly"),
                (zhang, .get, "/api/weeks/2026-W49/plan?draft=true", nil, "plannersOnly"),
                (vic, .post, "/api/weeks/2026-W49/plan", nil, "plannersOnly"),
                (vic, .post, "/api/weeks/2026-W49/publish", #"{"fingerprint": "x"}"#, "plannersOnly"),
                // Only managers file and cancel, as themselves.
                (ana, .post, "/api/requests", Self.request, "managersOnly"),
                (vic, .post, "/api/requests", Self.request, "managersOnly"),
                (ana, .post, "/api/requests/\(id)/cancel", nil, "managersOnly"),
            ]
            for (token, method, uri, body, code) in cases {
                let response = try await client.call(method, uri, token: token, json: body)
                #expect(response.status == .forbidden, "\(method) \(uri)")
                #expect(response.errorCode == code, "\(method) \(uri): \(response.text)")
            }
            // Another manager's request answers exactly like one nobody filed (404, same code and words).
            for (method, path) in [(HTTPRequest.Method.get, ""), (.post, "/cancel")] {
                let theirs = try await client.call(method, "/api/requests/\(id)\(path)", token: li)
                let missing = try await client.call(method, "/api/requests/R9999\(path)", token: li)
                #expect(theirs.status == .notFound && missing.status == .notFound && theirs.errorCode == "unknownRequest")
                #expect(theirs.text.replacingOccurrences(of: id, with: "R9999") == missing.text, "\(theirs.text) vs \(missing.text)")
            }
            // Nothing was filed or cancelled by the refused calls.
            let all = try f.workspace.requests(week: nil, account: nil, status: nil)
            #expect(all.map(\.id) == [id])
            #expect(all[0].status == .open && all[0].requester == "m-zhang")
        }
    }

    @Test("What each role sees: a manager their own accounts and requests, a planner and a viewer all of them")
    func visibility() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let organisation = try f.workspace.organisation(week: #require(.init("2026-W49")))
            let mine = organisation.accounts.filter { $0.manager == "m-zhang" }.map(\.id)
            #expect(mine.count == 5)
            for (user, expected) in [("zhang", mine), ("ana", organisation.accounts.map(\.id)), ("vic", organisation.accounts.map(\.id))] {
                let response = try await client.call(.get, "/api/accounts", token: f.tokens[user]!)
                #expect(response.status == .ok)
                #expect(response.object["week"] as? String == "2026-W49")
                let ids = (response.object["accounts"] as? [[String: Any]] ?? []).map { $0["id"] as? String ?? "" }
                #expect(ids == expected, "\(user)")
            }
            let me = try await client.call(.get, "/api/me", token: f.tokens["zhang"]!)
            #expect(me.object["role"] as? String == "manager" && me.object["manager"] as? String == "m-zhang")
            #expect(me.object["calendar"] == nil && me.object["csrfToken"] == nil)  // kept only hashed; a bearer call has no CSRF token
            let calendar = try await client.call(.post, "/api/me/calendar", token: f.tokens["zhang"]!)
            #expect(calendar.status == .created && (calendar.object["calendar"] as? String ?? "").hasPrefix("/calendars/m-zhang.ics?token="))
            let planners = try await client.call(.post, "/api/me/calendar", token: f.tokens["ana"]!)
            #expect(planners.status == .forbidden && planners.errorCode == "managersOnly")
            let experts = try await client.call(.get, "/api/experts", token: f.tokens["li"]!)
            #expect((experts.object["experts"] as? [Any])?.count == organisation.experts.count)

            _ = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!, json: Self.request)
            let li = try await client.call(.post, "/api/requests", token: f.tokens["li"]!,
                                           json: #"{"account": "telecom-north", "skill": "cloud", "hours": 4, "week": "2026-W49"}"#)
            #expect(li.status == .created, "\(li.text)")
            let zhangList = try await client.call(.get, "/api/requests?week=2026-W49", token: f.tokens["zhang"]!)
            #expect(((zhangList.object["requests"] as? [[String: Any]]) ?? []).map { $0["account"] as? String } == ["bank-hq"])
            let planner = try await client.call(.get, "/api/requests?status=open", token: f.tokens["ana"]!)
            #expect(((planner.object["requests"] as? [[String: Any]]) ?? []).count == 2)
            let filtered = try await client.call(.get, "/api/requests?account=telecom-north", token: f.tokens["vic"]!)
            #expect(((filtered.object["requests"] as? [[String: Any]]) ?? []).map { $0["requestedBy"] as? String } == ["m-li"])
        }
    }

    @Test("Bad input gets 400, 413 or 422 with the field, in the words of kam request add; never a 500")
    func badInput() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!
            let malformed = try await client.call(.post, "/api/requests", token: zhang, json: "{\"account\": \"bank-hq\",\n  \"hours\": 6,,}")
            #expect(malformed.status == .badRequest)
            #expect(malformed.errorCode == "malformedJSON")
            #expect(malformed.errorMessage?.hasSuffix("(line 2, column 14)") == true, "\(malformed.text)")

            let big = try await client.call(.post, "/api/requests", token: zhang, json: String(repeating: " ", count: 65 * 1024) + Self.request)
            #expect(big.status == .contentTooLarge)
            #expect(big.errorCode == "bodyTooLarge")

            let cases: [(String, String, String)] = [
                (#"{"account": "bank-hq", "skill": "quantum", "hours": 6, "week": "2026-W49"}"#, "skill", "no expert has skill 'quantum'"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 0, "week": "2026-W49"}"#, "hours", "'hours' of the request is 0, expected a finite number > 0"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 200, "week": "2026-W49"}"#, "hours", "hours must be more than 0 and at most 168 (a whole week), in quarter hours (0.25, 0.5, ...); got 200"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 1e-7, "week": "2026-W49"}"#, "hours", "hours must be more than 0 and at most 168 (a whole week), in quarter hours (0.25, 0.5, ...); got 1e-07"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W49", "note": 5}"#, "note", "'note' of the request is a number (5); expected text (a JSON string)"),
                (#"{"account": 7, "skill": "network", "hours": 6, "week": "2026-W49"}"#, "account", "'account' of the request is a number (7); expected text (a JSON string)"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W99"}"#, "week", "'week' of the request is text '2026-W99', expected an ISO week like 2026-W48 (2026 has 53 weeks)"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W40"}"#, "week", "week 2026-W40 is in the past (this is 2026-W48); requests are for this week or later"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 6}"#, "week", "the request has no 'week'; expected an ISO week like 2026-W48"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W49", "requestedBy": "m-li"}"#, "requestedBy", "'requestedBy' cannot be sent: the requester is the signed-in manager"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W49", "prority": "high"}"#, "prority", "unknown key 'prority' in the request; did you mean 'priority'?"),
                (#"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W49", "priority": "urgent"}"#, "priority", "'priority' of the request is 'urgent', expected low, normal, high or critical"),
                (#"{"account": "bank-hq", "skill": "network", "hours": "six", "week": "2026-W49"}"#, "hours", "'hours' of the request is text 'six', expected a finite number > 0"),
                (#"["bank-hq"]"#, "", "the body is a list, expected a JSON object with account, skill, hours, week, priority, onsite, singleExpert, note"),
            ]
            for (body, field, message) in cases {
                let response = try await client.call(.post, "/api/requests", token: zhang, json: body)
                #expect(response.status == .unprocessableContent, "\(body)")
                #expect((response.errorField ?? "") == field, "\(body): \(response.text)")
                #expect(response.errorMessage?.hasPrefix(message) == true, "\(body): \(response.text)")
            }
            let unknownAccount = try await client.call(.post, "/api/requests", token: zhang,
                                                       json: #"{"account": "acme", "skill": "network", "hours": 6, "week": "2026-W49"}"#)
            #expect(unknownAccount.status == .notFound && unknownAccount.errorField == "account")
            let status = try await client.call(.get, "/api/requests?status=done", token: zhang)
            #expect(status.status == .unprocessableContent && status.errorField == "status")
            let week = try await client.call(.get, "/api/accounts?week=next", token: zhang)
            #expect(week.status == .unprocessableContent && week.errorField == "week")
            #expect(try f.workspace.requests(week: nil, account: nil, status: nil).isEmpty)

            // Random bytes: always a 4xx answer, never a 500.
            var random = SystemRandomNumberGenerator()
            for _ in 0..<200 {
                let length = Int.random(in: 0..<80, using: &random)
                let bytes = (0..<length).map { _ in "{}[]\":,0123456789.eE-+ truefalsnl\\u\n\"account\"\"hours\"".randomElement(using: &random)! }
                let response = try await client.call(.post, "/api/requests", token: zhang, json: String(bytes))
                #expect([400, 404, 422].contains(response.status.code), "\(String(bytes)) -> \(response.status.code) \(response.text)")
            }
        }
    }

    @Test("Idempotency-Key: a retried POST returns the first request; the same key with another body is refused (409)", arguments: ServerFixture.Store.tested)
    func idempotency(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store)
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!
            let first = try await client.call(.post, "/api/requests", token: zhang, json: Self.request, headers: [HTTPField.Name("Idempotency-Key")!: "abc-1"])
            let again = try await client.call(.post, "/api/requests", token: zhang, json: Self.request, headers: [HTTPField.Name("Idempotency-Key")!: "abc-1"])
            #expect(first.status == .created && again.status == .created)
            #expect(first.text == again.text)
            #expect(again.headers[HTTPField.Name("Idempotency-Replayed")!] == "true")
            #expect(first.headers[.location] == "/api/requests/R0001")
            let other = try await client.call(.post, "/api/requests", token: zhang, json: Self.request.replacingOccurrences(of: "6", with: "7"),
                                              headers: [HTTPField.Name("Idempotency-Key")!: "abc-1"])
            #expect(other.status == .conflict && other.errorCode == "idempotencyKeyReused")
            let without = try await client.call(.post, "/api/requests", token: zhang, json: Self.request)
            #expect(without.object["id"] as? String == "R0002")
            #expect(try f.workspace.requests(week: nil, account: nil, status: nil).count == 2)
        }
    }

    @Test("Plan, publish (409 when published or changed since), the published plan for managers, cancel (409 twice), 404s", arguments: ServerFixture.Store.tested)
    func planAndPublish(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store)
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!, ana = f.tokens["ana"]!
            let notYet = try await client.call(.get, "/api/weeks/2026-W49/plan", token: zhang)
            #expect(notYet.status == .notFound && notYet.errorCode == "notPublished")
            let noDraft = try await client.call(.get, "/api/weeks/2026-W49/plan?draft=true", token: ana)
            #expect(noDraft.status == .notFound && noDraft.errorCode == "noDraft")
            let missing = try await client.call(.get, "/api/requests/R0042", token: ana)
            #expect(missing.status == .notFound && missing.errorCode == "unknownRequest")

            let filed = try await client.call(.post, "/api/requests", token: zhang, json: Self.request)
            let id = try #require(filed.object["id"] as? String)
            let recommend = try await client.call(.get, "/api/requests/\(id)/recommend", token: ana)
            #expect(recommend.status == .ok)
            #expect(recommend.object["request"] as? String == id)
            #expect(!((recommend.object["candidates"] as? [Any]) ?? []).isEmpty)

            let planned = try await client.call(.post, "/api/weeks/2026-W49/plan", token: ana)
            #expect(planned.status == .ok)
            let fingerprint = try #require(planned.object["fingerprint"] as? String)
            let draft = try await client.call(.get, "/api/weeks/2026-W49/plan?draft=true", token: ana)
            #expect(draft.status == .ok)
            #expect(Workspace.fingerprint(draft.text) == fingerprint)

            let wrong = try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: #"{"fingerprint": "0-0"}"#)
            #expect(wrong.status == .conflict && wrong.errorCode == "planChanged" && wrong.errorField == "fingerprint")
            let noBody = try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: "{}")
            #expect(noBody.status == .unprocessableContent && noBody.errorField == "fingerprint")
            let published = try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: "{\"fingerprint\": \"\(fingerprint)\"}")
            #expect(published.status == .created, "\(published.text)")
            #expect(published.object["version"] as? Double == 1)
            let twice = try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: "{\"fingerprint\": \"\(fingerprint)\"}")
            #expect(twice.status == .conflict && twice.errorCode == "alreadyPublished")
            let forced = try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: "{\"fingerprint\": \"\(fingerprint)\", \"force\": true}")
            #expect(forced.object["version"] as? Double == 2)

            // The planner reads the published plan: the same bytes as the draft they saw.
            let plan = try await client.call(.get, "/api/weeks/2026-W49/plan", token: ana)
            #expect(plan.status == .ok && plan.text == draft.text)
            #expect(plan.headers[HTTPField.Name("Plan-Version")!] == "2")
            let managers = try await client.call(.get, "/api/weeks/2026-W49/plan", token: zhang)
            #expect(managers.status == .ok && managers.headers[HTTPField.Name("Plan-Version")!] == "2")
            let request = try await client.call(.get, "/api/requests/\(id)", token: zhang)
            #expect(request.object["status"] as? String == "allocated")
            #expect(((request.object["audit"] as? [[String: Any]]) ?? []).first?["action"] as? String == "add")

            // A week published after a request changes: re-planning gives another fingerprint.
            let late = try await client.call(.post, "/api/requests", token: zhang, json: Self.request.replacingOccurrences(of: "\"hours\": 6", with: "\"hours\": 2"))
            #expect(late.status == .created)
            #expect(((late.object["warnings"] as? [String]) ?? []).first?.contains("already published (version 2)") == true)
            let stale = try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: "{\"fingerprint\": \"\(fingerprint)\", \"force\": true}")
            #expect(stale.status == .conflict && stale.errorCode == "planChanged")

            let lateId = try #require(late.object["id"] as? String)
            let cancelled = try await client.call(.post, "/api/requests/\(lateId)/cancel", token: zhang)
            #expect(cancelled.status == .ok && cancelled.object["status"] as? String == "cancelled")
            let again = try await client.call(.post, "/api/requests/\(lateId)/cancel", token: zhang)
            #expect(again.status == .conflict && again.errorCode == "alreadyCancelled")
        }
    }

    /// m-zhang manages bank-hq, harbor-life, swiftship, lakeside-schools and riverside-credit;
    /// m-li telecom-north, city-hospital, polytechnic, orchid-hotels and skyline-media
    /// (scenarios/baseline.yaml). Each files a request with a note; the week is planned and published.
    @Test("The published plan as each role reads it: planners all, viewers without notes, a manager only their own accounts and visits")
    func publishedPlanScope() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let (ana, zhang, li, vic) = (f.tokens["ana"]!, f.tokens["zhang"]!, f.tokens["li"]!, f.tokens["vic"]!)
            let mine: Set<String> = ["bank-hq", "harbor-life", "swiftship", "lakeside-schools", "riverside-credit"]
            let zhangs = try await client.call(.post, "/api/requests", token: zhang,
                                               json: #"{"account": "bank-hq", "skill": "network", "hours": 6, "week": "2026-W49", "note": "CFO wants Wang"}"#)
            let lis = try await client.call(.post, "/api/requests", token: li,
                                            json: #"{"account": "telecom-north", "skill": "cloud", "hours": 5, "week": "2026-W49", "note": "Li's private note"}"#)
            #expect(zhangs.status == .created && lis.status == .created)
            let planned = try await client.call(.post, "/api/weeks/2026-W49/plan", token: ana)
            let fingerprint = try #require(planned.object["fingerprint"] as? String)
            let published = try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: "{\"fingerprint\": \"\(fingerprint)\"}")
            #expect(published.status == .created)

            func lists(_ object: [String: Any], _ section: String, _ key: String) -> [[String: Any]] {
                ((object[section] as? [String: Any])?[key] as? [[String: Any]]) ?? []
            }
            let full = try await client.call(.get, "/api/weeks/2026-W49/plan", token: ana).object
            let notes = lists(full, "allocation", "requests").compactMap { $0["note"] as? String }
            #expect(notes.contains("CFO wants Wang") && notes.contains("Li's private note"))

            // The viewer: everything but the notes.
            let viewer = try await client.call(.get, "/api/weeks/2026-W49/plan", token: vic).object
            #expect(lists(viewer, "allocation", "requests").count == lists(full, "allocation", "requests").count)
            #expect(lists(viewer, "allocation", "requests").allSatisfy { $0["note"] == nil })
            #expect(lists(viewer, "visits", "scheduled").count == lists(full, "visits", "scheduled").count)

            // The manager: their accounts and visits only, all of them.
            let own = try await client.call(.get, "/api/weeks/2026-W49/plan", token: zhang).object
            for key in ["assignments", "requests", "teams"] {
                let accounts = lists(own, "allocation", key).map { $0["account"] as? String ?? "" }
                #expect(Set(accounts).isSubset(of: mine), "\(key): \(accounts)")
                #expect(accounts.count == lists(full, "allocation", key).filter { mine.contains($0["account"] as? String ?? "") }.count)
            }
            #expect(lists(own, "allocation", "requests").contains { $0["note"] as? String == "CFO wants Wang" })
            #expect(!lists(own, "allocation", "requests").contains { $0["account"] as? String == "telecom-north" })
            #expect(((own["tiers"] as? [[String: Any]]) ?? []).map { $0["account"] as? String ?? "" }.sorted() == mine.sorted())
            let visits = lists(own, "visits", "scheduled")
            #expect(!visits.isEmpty && visits.allSatisfy { $0["manager"] as? String == "m-zhang" })
            #expect(visits.count == lists(full, "visits", "scheduled").filter { $0["manager"] as? String == "m-zhang" }.count)
            #expect(lists(own, "visits", "managers").map { $0["id"] as? String ?? "" } == ["m-zhang"])
            let experts = Set(lists(own, "allocation", "assignments").map { $0["expert"] as? String ?? "" })
            #expect(Set(lists(own, "allocation", "experts").map { $0["id"] as? String ?? "" }) == experts)
            #expect((own["allocation"] as? [String: Any])?["objective"] as? Double == (full["allocation"] as? [String: Any])?["objective"] as? Double)
        }
    }

    /// Utilization cap 0.5 and change penalty 100 in workspace.yaml. Network experts: e-wang 0.9,
    /// e-liu 0.8, e-wu 0.7, 20 bookable hours each (40 x 0.5). R0001 (bank-hq network 30 h, normal)
    /// gets e-wang's 20 and e-liu's 10 (the best two). Published, then R0002 (bank-hq network 12 h,
    /// critical) arrives: without the penalty e-wang's hours would go to the critical request, with
    /// it every published hour stays (moving one costs 100, more than any gain): R0002 gets e-liu's
    /// other 10 and e-wu's 2; nobody goes above 50%.
    @Test("Re-planning a published week keeps what it can (change penalty) and stays under the utilization cap", arguments: ServerFixture.Store.tested)
    func replanUnderCap(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store) { scenario in
            scenario.policy.allocation.maxUtilization = 0.5
            scenario.policy.allocation.changePenalty = 100
        }
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!, ana = f.tokens["ana"]!
            func draft() async throws -> [String: Any] {
                let planned = try await client.call(.post, "/api/weeks/2026-W49/plan", token: ana)
                #expect(planned.status == .ok, "\(planned.text)")
                let draft = try await client.call(.get, "/api/weeks/2026-W49/plan?draft=true", token: ana)
                return (draft.object["allocation"] as? [String: Any]) ?? [:]
            }
            func hours(_ allocation: [String: Any]) -> [String] {
                ((allocation["assignments"] as? [[String: Any]]) ?? []).map { "\($0["request"] ?? "") \($0["expert"] ?? "") \($0["hours"] ?? "")" }.sorted()
            }
            let first = try await client.call(.post, "/api/requests", token: zhang, json: #"{"account": "bank-hq", "skill": "network", "hours": 30, "week": "2026-W49"}"#)
            #expect(first.object["id"] as? String == "R0001")
            let before = try await draft()
            #expect(hours(before) == ["R0001 e-liu 10", "R0001 e-wang 20"])
            let fingerprint = try #require(try await client.call(.post, "/api/weeks/2026-W49/plan", token: ana).object["fingerprint"] as? String)
            #expect(try await client.call(.post, "/api/weeks/2026-W49/publish", token: ana, json: "{\"fingerprint\": \"\(fingerprint)\"}").status == .created)

            let urgent = try await client.call(.post, "/api/requests", token: zhang,
                                               json: #"{"account": "bank-hq", "skill": "network", "hours": 12, "priority": "critical", "week": "2026-W49"}"#)
            #expect(urgent.object["id"] as? String == "R0002")
            let after = try await draft()
            #expect(hours(after) == ["R0001 e-liu 10", "R0001 e-wang 20", "R0002 e-liu 10", "R0002 e-wu 2"])
            // What changed against the published plan: only the new request's 12 hours were added; nothing moved.
            let changes = try #require(after["changes"] as? [String: Any])
            #expect(changes["movedHours"] as? Double == 0 && changes["addedHours"] as? Double == 12 && changes["penalty"] as? Double == 0)
            #expect((changes["reference"] as? String)?.contains("the published plan of 2026-W49 (version 1)") == true, "\(changes)")
            let moves = (changes["moves"] as? [[String: Any]]) ?? []
            #expect(moves.map { "\($0["request"] ?? "") \($0["expert"] ?? "") \($0["from"] ?? "")->\($0["to"] ?? "")" } == ["R0002 e-liu 0->10", "R0002 e-wu 0->2"])
            let experts = (after["experts"] as? [[String: Any]]) ?? []
            #expect(!experts.isEmpty && experts.allSatisfy { ($0["utilization"] as? Double ?? 1) <= 0.5 })
            #expect((after["load"] as? [String: Any])?["max"] as? Double == 0.5)
            // Each expert's shadow price comes with the hours over which it holds; e-zhao (security
            // only) has no candidate request: price 0 for any number of hours, all 16 of them fewer.
            let zhao = try #require(experts.first { $0["id"] as? String == "e-zhao" })
            let range = try #require(zhao["priceRange"] as? [String: Any])
            #expect(zhao["shadowPrice"] as? Double == 0 && range["fewer"] as? Double == 16 && range["more"] is NSNull, "\(zhao)")
        }
    }

    @Test("Visits: a manager logs visits of their own accounts only (403 for another's), as themselves; the cadence view shows them", arguments: ServerFixture.Store.tested)
    func visits(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store)
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!, li = f.tokens["li"]!, ana = f.tokens["ana"]!
            let today = ServerFixture.today
            let yesterday = today.adding(days: -1).description
            let logged = try await client.call(.post, "/api/visits", token: zhang, json: #"{"account": "bank-hq", "date": "\#(yesterday)", "outcome": "done", "note": "met the CFO"}"#)
            #expect(logged.status == .created, "\(logged.text)")
            #expect(logged.object["by"] as? String == "m-zhang" && logged.object["outcome"] as? String == "done")
            let other = try await client.call(.post, "/api/visits", token: li, json: #"{"account": "bank-hq", "date": "\#(yesterday)", "outcome": "done"}"#)
            #expect(other.status == .forbidden && other.errorCode == "notYourAccount", "\(other.text)")
            let planner = try await client.call(.post, "/api/visits", token: ana, json: #"{"account": "bank-hq", "date": "\#(yesterday)", "outcome": "done"}"#)
            #expect(planner.status == .forbidden && planner.errorCode == "managersOnly")
            let asSomeoneElse = try await client.call(.post, "/api/visits", token: zhang, json: #"{"account": "bank-hq", "date": "\#(yesterday)", "outcome": "done", "by": "m-li"}"#)
            #expect(asSomeoneElse.status == .unprocessableContent && asSomeoneElse.errorField == "by")
            let future = try await client.call(.post, "/api/visits", token: zhang, json: #"{"account": "bank-hq", "date": "\#(today.adding(days: 1))", "outcome": "done"}"#)
            #expect(future.status == .unprocessableContent && future.errorCode == "visitInFuture" && future.errorField == "date")
            let badOutcome = try await client.call(.post, "/api/visits", token: zhang, json: #"{"account": "bank-hq", "date": "\#(yesterday)", "outcome": "maybe"}"#)
            #expect(badOutcome.status == .unprocessableContent && badOutcome.errorField == "outcome")
            let badChannel = try await client.call(.post, "/api/visits", token: zhang, json: #"{"account": "bank-hq", "date": "\#(yesterday)", "outcome": "done", "channel": "fax"}"#)
            #expect(badChannel.status == .unprocessableContent && badChannel.errorField == "channel", "\(badChannel.text)")
            let call = try await client.call(.post, "/api/visits", token: zhang, json: #"{"account": "bank-hq", "date": "\#(yesterday)", "outcome": "done", "channel": "call"}"#)
            #expect(call.status == .created && call.object["channel"] as? String == "call", "\(call.text)")
            #expect(logged.object["channel"] as? String == "visit")

            let mine = try await client.call(.get, "/api/cadence", token: zhang)
            let accounts = (mine.object["accounts"] as? [[String: Any]]) ?? []
            #expect(!accounts.isEmpty && accounts.allSatisfy { $0["manager"] as? String == "m-zhang" })
            let bank = try #require(accounts.first { $0["account"] as? String == "bank-hq" })
            #expect(bank["lastVisit"] as? String == yesterday && bank["channel"] as? String == "visit")
            // The fixture has no call cadence: the logged call is kept, but no call row shows.
            #expect(accounts.allSatisfy { $0["channel"] as? String == "visit" })
            let all = try await client.call(.get, "/api/cadence", token: ana)
            #expect(Set(((all.object["accounts"] as? [[String: Any]]) ?? []).map { $0["manager"] as? String ?? "" }) == ["m-zhang", "m-li", "m-chen"])
        }
    }

    @Test("An account's page: a manager's own (with contacts), 403 for another's; a viewer's without personal data; 404 for none")
    func accountPage() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            let mine = try await client.call(.get, "/api/accounts/bank-hq", token: f.tokens["zhang"]!)
            #expect(mine.status == .ok, "\(mine.text)")
            let file = try #require(mine.object["file"] as? [String: Any])
            #expect((file["contacts"] as? [[String: Any]])?.first?["name"] as? String == "Lu Yao 陆瑶")
            #expect((mine.object["health"] as? [[String: Any]])?.map { $0["period"] as? String } == ["2024", "2025"])
            let other = try await client.call(.get, "/api/accounts/telecom-north", token: f.tokens["zhang"]!)
            #expect(other.status == .forbidden && other.errorCode == "notYourAccount", "\(other.text)")
            let viewer = try await client.call(.get, "/api/accounts/bank-hq?week=2026-W49", token: f.tokens["vic"]!)
            #expect(viewer.status == .ok)
            let redacted = try #require(viewer.object["file"] as? [String: Any])
            #expect(redacted["contacts"] == nil)
            #expect(((redacted["keyDates"] as? [[String: Any]]) ?? []).allSatisfy { $0["kind"] as? String != "birthday" && $0["contact"] == nil })
            #expect(!viewer.text.contains("Lu Yao"))
            let none = try await client.call(.get, "/api/accounts/bank-h", token: f.tokens["ana"]!)
            #expect(none.status == .notFound && none.text.contains("did you mean 'bank-hq'?"), "\(none.text)")
            let badWeek = try await client.call(.get, "/api/accounts/bank-hq?week=2026-49", token: f.tokens["ana"]!)
            #expect(badWeek.status == .unprocessableContent && badWeek.errorField == "week")
        }
    }

    @Test("A look ahead over the API: POST /api/weeks/W/plan?weeks=N gives horizon.json; planners only; the limit is checked")
    func horizon() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            _ = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!, json: Self.request)
            let ana = f.tokens["ana"]!
            let ahead = try await client.call(.post, "/api/weeks/2026-W49/plan?weeks=3", token: ana)
            #expect(ahead.status == .ok, "\(ahead.text)")
            let weeks = (ahead.object["weeks"] as? [[String: Any]]) ?? []
            #expect(weeks.map { $0["week"] as? String ?? "" } == ["2026-W49", "2026-W50", "2026-W51"])
            #expect(weeks.first?["allocatedHours"] as? Double == 6 && weeks.last?["requestedHours"] as? Double == 0)
            #expect(!((ahead.object["skills"] as? [Any]) ?? []).isEmpty)
            let tooMany = try await client.call(.post, "/api/weeks/2026-W49/plan?weeks=14", token: ana)
            #expect(tooMany.status == .unprocessableContent && tooMany.errorField == "weeks")
            #expect(tooMany.errorMessage == "'weeks' is '14'; expected a number of weeks from 1 to 13")
            let notANumber = try await client.call(.post, "/api/weeks/2026-W49/plan?weeks=many", token: ana)
            #expect(notANumber.status == .unprocessableContent && notANumber.errorField == "weeks")
            #expect(try await client.call(.post, "/api/weeks/2026-W49/plan?weeks=3", token: f.tokens["zhang"]!).errorCode == "plannersOnly")
        }
    }

    @Test("Pins and exclusions: only a planner sets them, as themselves; each is checked, listed, planned with and removable", arguments: ServerFixture.Store.tested)
    func controls(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store)
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!, ana = f.tokens["ana"]!, vic = f.tokens["vic"]!
            let filed = try await client.call(.post, "/api/requests", token: zhang, json: Self.request)
            let id = try #require(filed.object["id"] as? String)
            let pin = #"{"week": "2026-W49", "expert": "e-liu", "request": "\#(id)", "hours": 6}"#
            #expect(try await client.call(.post, "/api/pins", token: zhang, json: pin).errorCode == "plannersOnly")
            #expect(try await client.call(.post, "/api/pins", token: vic, json: pin).errorCode == "plannersOnly")
            let asSomeoneElse = try await client.call(.post, "/api/pins", token: ana, json: #"{"week": "2026-W49", "expert": "e-liu", "request": "\#(id)", "hours": 6, "by": "zhang"}"#)
            #expect(asSomeoneElse.status == .unprocessableContent && asSomeoneElse.errorField == "by")
            let tooMany = try await client.call(.post, "/api/pins", token: ana, json: #"{"week": "2026-W49", "expert": "e-liu", "request": "\#(id)", "hours": 7}"#)
            #expect(tooMany.status == .conflict && tooMany.errorCode == "conflictingControl" && tooMany.errorField == "pin", "\(tooMany.text)")
            #expect(tooMany.errorMessage == "pin of expert 'e-liu' on request '\(id)' asks for 7 h, more than the 6 h the request asks for")
            let badMode = try await client.call(.post, "/api/pins", token: ana, json: #"{"week": "2026-W49", "expert": "e-liu", "request": "\#(id)", "hours": 6, "mode": "most"}"#)
            #expect(badMode.status == .unprocessableContent && badMode.errorField == "mode")

            let set = try await client.call(.post, "/api/pins", token: ana, json: pin)
            #expect(set.status == .created, "\(set.text)")
            #expect(set.object["setBy"] as? String == "ana" && set.object["request"] as? String == id && set.object["mode"] as? String == "exactly")
            // The week's plan gives e-liu exactly the pinned 6 h on the request.
            #expect(try await client.call(.post, "/api/weeks/2026-W49/plan", token: ana).status == .ok)
            let draft = try await client.call(.get, "/api/weeks/2026-W49/plan?draft=true", token: ana)
            let assignments = ((draft.object["allocation"] as? [String: Any])?["assignments"] as? [[String: Any]]) ?? []
            let pinned = assignments.first { $0["expert"] as? String == "e-liu" && $0["request"] as? String == id }
            #expect(pinned?["hours"] as? Double == 6 && pinned?["pinnedHours"] as? Double == 6)

            let conflicting = try await client.call(.post, "/api/exclusions", token: ana, json: #"{"week": "2026-W49", "expert": "e-liu", "account": "bank-hq"}"#)
            #expect(conflicting.status == .conflict && conflicting.errorField == "exclusion", "\(conflicting.text)")
            let excluded = try await client.call(.post, "/api/exclusions", token: ana, json: #"{"week": "2026-W49", "expert": "e-wang", "account": "bank-hq"}"#)
            #expect(excluded.status == .created && excluded.object["account"] as? String == "bank-hq")

            let listed = try await client.call(.get, "/api/controls?week=2026-W49", token: vic)
            let controls = (listed.object["controls"] as? [[String: Any]]) ?? []
            #expect(controls.map { "\($0["kind"] ?? "") \($0["expert"] ?? "") \($0["setBy"] ?? "")" } == ["exclusion e-wang ana", "pin e-liu ana"])

            #expect(try await client.call(.delete, "/api/pins?week=2026-W49&expert=e-liu&request=\(id)", token: zhang).errorCode == "plannersOnly")
            #expect(try await client.call(.delete, "/api/pins?week=2026-W49&expert=e-liu&request=\(id)", token: ana).status == .noContent)
            let gone = try await client.call(.delete, "/api/pins?week=2026-W49&expert=e-liu&request=\(id)", token: ana)
            #expect(gone.status == .notFound && gone.errorCode == "unknownControl")
            #expect(try await client.call(.delete, "/api/exclusions?week=2026-W49&expert=e-wang&account=bank-hq", token: ana).status == .noContent)
            let noWeek = try await client.call(.delete, "/api/exclusions?expert=e-wang&account=bank-hq", token: ana)
            #expect(noWeek.status == .unprocessableContent && noWeek.errorField == "week")
            let none = try await client.call(.get, "/api/controls", token: ana)
            #expect((none.object["controls"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Approvals: a filed request waits; planners approve or reject it with a reason (403 for others); the approval view matches recommend once approved", arguments: ServerFixture.Store.tested)
    func approvals(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store, approval: .required)
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!, ana = f.tokens["ana"]!, vic = f.tokens["vic"]!
            let filed = try await client.call(.post, "/api/requests", token: zhang, json: Self.request)
            #expect(filed.status == .created && filed.object["status"] as? String == "submitted")
            let id = try #require(filed.object["id"] as? String)

            let view = try await client.call(.get, "/api/approvals?week=2026-W49", token: vic)
            #expect(view.status == .ok, "\(view.text)")
            let pending = try #require(view.object["pending"] as? [[String: Any]])
            #expect(pending.count == 1)
            let figures = try #require(pending.first?["recommendation"] as? [String: Any])
            #expect(figures["request"] as? String == id)
            #expect(try await client.call(.get, "/api/approvals", token: zhang).errorCode == "plannersOnly")

            // Nobody but a planner decides; a manager's token cannot approve their own request.
            for (token, path) in [(zhang, "approve"), (vic, "approve"), (zhang, "reject"), (vic, "reject")] {
                let refused = try await client.call(.post, "/api/requests/\(id)/\(path)", token: token, json: #"{"reason": "no"}"#)
                #expect(refused.status == .forbidden && refused.errorCode == "plannersOnly", "\(path): \(refused.text)")
            }
            let noReason = try await client.call(.post, "/api/requests/\(id)/reject", token: ana, json: "{}")
            #expect(noReason.status == .unprocessableContent && noReason.errorField == "reason")
            let blank = try await client.call(.post, "/api/requests/\(id)/reject", token: ana, json: #"{"reason": "  "}"#)
            #expect(blank.status == .unprocessableContent && blank.errorCode == "reasonRequired" && blank.errorField == "reason")
            let stray = try await client.call(.post, "/api/requests/\(id)/reject", token: ana, json: #"{"reason": "x", "by": "someone"}"#)
            #expect(stray.status == .unprocessableContent && stray.errorField == "by")
            let rejected = try await client.call(.post, "/api/requests/\(id)/reject", token: ana, json: #"{"reason": "the audit comes first"}"#)
            #expect(rejected.status == .ok && rejected.object["status"] as? String == "rejected")
            #expect(rejected.object["rejectionReason"] as? String == "the audit comes first")
            let again = try await client.call(.post, "/api/requests/\(id)/reject", token: ana, json: #"{"reason": "twice"}"#)
            #expect(again.status == .conflict && again.errorCode == "cannotDecide")
            #expect(try await client.call(.post, "/api/requests/R0042/approve", token: ana).errorCode == "unknownRequest")

            let approved = try await client.call(.post, "/api/requests/\(id)/approve", token: ana)
            #expect(approved.status == .ok && approved.object["status"] as? String == "open")
            // The audit names the signed-in planner, never a name from a body.
            let trail = try await client.call(.get, "/api/requests/\(id)", token: zhang)
            let audit = (trail.object["audit"] as? [[String: Any]]) ?? []
            #expect(audit.map { "\($0["actor"] ?? "") \($0["action"] ?? "")" } == ["m-zhang add", "ana reject", "ana approve"])
            // Approved, it is planned: recommend gives what the approval view promised.
            let recommend = try await client.call(.get, "/api/requests/\(id)/recommend", token: ana)
            #expect(recommend.status == .ok)
            #expect((recommend.object["now"] as? [String: Any])?["allocated"] as? Double == (figures["now"] as? [String: Any])?["allocated"] as? Double)
            #expect(recommend.object["baseObjective"] as? Double == figures["baseObjective"] as? Double)
            let empty = try await client.call(.get, "/api/approvals?week=2026-W49", token: ana)
            #expect((empty.object["pending"] as? [Any])?.isEmpty == true)
        }
    }

    /// Plans 2026-W49 as the planner and publishes it (version 1); the plan's fingerprint.
    static func planAndPublish(_ client: any TestClientProtocol, token: String) async throws -> String {
        let planned = try await client.call(.post, "/api/weeks/2026-W49/plan", token: token)
        let fingerprint = try #require(planned.object["fingerprint"] as? String)
        let published = try await client.call(.post, "/api/weeks/2026-W49/publish", token: token, json: "{\"fingerprint\": \"\(fingerprint)\"}")
        #expect(published.status == .created)
        return fingerprint
    }

    @Test("Re-planning a published week: the draft lists what moved against the published version, with the new request among the moves", arguments: ServerFixture.Store.tested)
    func replanAgainstPublished(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store)
        defer { f.remove() }
        try await f.test { client in
            let ana = f.tokens["ana"]!
            let fingerprint = try await Self.planAndPublish(client, token: ana)
            // Planned again with nothing changed: the same plan.json, so no changes block.
            let same = try await client.call(.post, "/api/weeks/2026-W49/plan", token: ana)
            #expect(same.object["fingerprint"] as? String == fingerprint)
            let urgent = try await client.call(.post, "/api/requests", token: f.tokens["zhang"]!,
                                               json: #"{"account": "bank-hq", "skill": "network", "hours": 4, "week": "2026-W49", "priority": "critical"}"#)
            #expect(urgent.status == .created)
            let id = try #require(urgent.object["id"] as? String)
            #expect(try await client.call(.post, "/api/weeks/2026-W49/plan", token: ana).status == .ok)
            let draft = try await client.call(.get, "/api/weeks/2026-W49/plan?draft=true", token: ana)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(draft.text.utf8)) as? [String: Any])
            let allocation = try #require(document["allocation"] as? [String: Any])
            let outcome = try #require((allocation["requests"] as? [[String: Any]])?.first { $0["id"] as? String == id })
            #expect((outcome["allocated"] as? Double ?? 0) > 0, "the critical request gets hours")
            let changes = try #require(allocation["changes"] as? [String: Any])
            #expect(changes["reference"] as? String == "the published plan of 2026-W49 (version 1)")
            let moves = try #require(changes["moves"] as? [[String: Any]])
            #expect(moves.contains { $0["request"] as? String == id && $0["from"] as? Double == 0 })
        }
    }

    @Test("The calendar feed: a manager's published visits for their feed token; 401 for a wrong token, 403 for another manager's", arguments: ServerFixture.Store.tested)
    func calendarFeed(store: ServerFixture.Store) async throws {
        let f = try ServerFixture(store: store)
        defer { f.remove() }
        try await f.test { client in
            _ = try await Self.planAndPublish(client, token: f.tokens["ana"]!)
            let path = try #require(try await client.call(.post, "/api/me/calendar", token: f.tokens["zhang"]!).object["calendar"] as? String)
            let feed = try await client.call(.get, path)
            #expect(feed.status == .ok)
            #expect(feed.headers[.contentType] == "text/calendar; charset=utf-8")
            // The same events as the week's plan gives m-zhang (kam plan's calendar file of that manager).
            let plan = PublishedPlanEvents(json: try f.workspace.latestPublished(#require(.init("2026-W49"))).planJSON, manager: "m-zhang")
            #expect(plan.count > 0)
            #expect(feed.text.components(separatedBy: "BEGIN:VEVENT").count - 1 == plan.count)
            #expect(feed.text.hasPrefix("BEGIN:VCALENDAR\r\n") && feed.text.hasSuffix("END:VCALENDAR\r\n"))

            let wrong = try await client.call(.get, "/calendars/m-zhang.ics?token=nope")
            #expect(wrong.status == .unauthorized)
            let other = try await client.call(.get, path.replacingOccurrences(of: "m-zhang.ics", with: "m-li.ics"))
            #expect(other.status == .forbidden)
        }
    }
}

/// The number of m-zhang's scheduled visits in a plan.json.
struct PublishedPlanEvents {
    let count: Int
    init(json: String, manager: String) {
        let root = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any]
        let scheduled = ((root?["visits"] as? [String: Any])?["scheduled"] as? [[String: Any]]) ?? []
        count = scheduled.filter { $0["manager"] as? String == manager }.count
    }
}
