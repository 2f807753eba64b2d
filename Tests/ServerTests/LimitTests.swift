import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import Server
import Testing
import Workspace

/// Nobody slows down everyone else: sign-in attempts, requests per user, slow and idle connections.
@Suite("Team server limits")
struct LimitTests {
    static func signIn(_ client: any TestClientProtocol, _ id: String, _ password: String) async throws -> TestResponse {
        try await client.execute(uri: "/signin", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                 body: ByteBuffer(string: "id=\(id)&password=\(password)"))
    }

    @Test("Failed sign-ins: 5 for one user (from one address) make that pair wait, even with the right password; 20 from an address make the address wait; 429 with Retry-After")
    func signIns() async throws {
        let f = try ServerFixture()
        defer { f.remove() }
        try await f.test { client in
            for _ in 0..<5 {
                #expect(try await Self.signIn(client, "zhang", "wrong-password").status == .unauthorized)
            }
            let blocked = try await Self.signIn(client, "zhang", "zhang-password")
            #expect(blocked.status == .tooManyRequests && blocked.text.contains("too many failed sign-ins from here"))
            #expect(blocked.headers[.retryAfter].flatMap(Int.init).map { (1...600).contains($0) } == true)
            // Another user from the same address still signs in (the address has 5 failures of 20).
            #expect(try await Self.signIn(client, "ana", "ana-password").status == .seeOther)
            // 20 failures from the address (any ids): the address waits, whoever it names.
            for n in 0..<20 { _ = try await Self.signIn(client, "nobody\(n)", "wrong-password") }
            let address = try await Self.signIn(client, "li", "li-password")
            #expect(address.status == .tooManyRequests && address.headers[.retryAfter] != nil)
        }
    }

    /// Window 10 min, 5 per user and address, 20 per address; times given, so the test does not wait.
    @Test("The sign-in guard: a pair waits until its oldest failure leaves the window; a success clears the pair; another address is not held")
    func signInWindow() {
        let guard_ = SignInGuard(limits: ServerLimits())
        let t0 = ContinuousClock.now
        for k in 0..<5 { guard_.failed(id: "zhang", address: "10.0.0.1", now: t0 + .seconds(k)) }
        #expect(guard_.wait(id: "zhang", address: "10.0.0.1", now: t0 + .seconds(10)) == 591)  // the first leaves at 600 s
        #expect(guard_.wait(id: "zhang", address: "10.0.0.2", now: t0 + .seconds(10)) == nil)
        #expect(guard_.wait(id: "zhang", address: "10.0.0.1", now: t0 + .seconds(601)) == nil)
        guard_.succeeded(id: "zhang", address: "10.0.0.1")
        for k in 0..<20 { guard_.failed(id: "x\(k)", address: "10.0.0.3", now: t0 + .seconds(k)) }
        #expect(guard_.wait(id: "anyone", address: "10.0.0.3", now: t0 + .seconds(30)) != nil)
    }

    @Test("Requests per user: a burst, then 429 with Retry-After; another user is not held up")
    func perUser() async throws {
        var limits = ServerFixture.limits
        (limits.requestsPerSecond, limits.burst) = (0.01, 3)
        let f = try ServerFixture(limits: limits)
        defer { f.remove() }
        try await f.test { client in
            let (zhang, li) = (f.tokens["zhang"]!, f.tokens["li"]!)
            for _ in 0..<3 { #expect(try await client.call(.get, "/api/me", token: zhang).status == .ok) }
            let limited = try await client.call(.get, "/api/me", token: zhang)
            #expect(limited.status == .tooManyRequests && limited.errorCode == "tooManyRequests")
            #expect(limited.headers[.retryAfter].flatMap(Int.init).map { (1...100).contains($0) } == true)
            #expect(try await client.call(.get, "/api/me", token: li).status == .ok)
        }
    }

    @Test("Over the rate by a little, a request waits for its turn instead of being refused; a refusal is held for the refusal delay")
    func throttled() async throws {
        var limits = ServerFixture.limits
        (limits.requestsPerSecond, limits.burst, limits.refusalDelay) = (1, 1, .milliseconds(400))
        let f = try ServerFixture(limits: limits)
        defer { f.remove() }
        try await f.test { client in
            let zhang = f.tokens["zhang"]!
            let clock = ContinuousClock()
            // One token, taken by the first call; the next comes 1 s after that take, so the second
            // call (which waits for it rather than being refused) ends at least 1 s after the first
            // began, however slowly the first was answered.
            var status = HTTPResponse.Status.ok
            let waited = try await clock.measure {
                #expect(try await client.call(.get, "/api/me", token: zhang).status == .ok)
                status = try await client.call(.get, "/api/me", token: zhang).status
            }
            #expect(status == .ok && waited >= .milliseconds(950), "\(waited)")
            // Six more at once need 6 s of tokens: those beyond the 1 s a request may wait are refused, each after 0.4 s.
            let answers = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Duration).self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        var status = HTTPResponse.Status.ok
                        let took = try await clock.measure { status = try await client.call(.get, "/api/me", token: zhang).status }
                        return (status, took)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let refused = answers.filter { $0.0 == .tooManyRequests }
            #expect(!refused.isEmpty && answers.contains { $0.0 == .ok }, "\(answers)")
            #expect(refused.allSatisfy { $0.1 >= .milliseconds(350) }, "\(refused)")
        }
    }

    /// Burst 3, 2 a second: 3 at once, the 4th waits half a second (Retry-After rounds up to 1);
    /// 0.5 s later there is a token again; after 10 s the bucket is full (3), not 20.
    @Test("The token bucket: a burst, then the rate; Retry-After rounds up; the bucket never holds more than the burst")
    func bucket() {
        let limiter = RateLimiter(perSecond: 2, burst: 3)
        let t0 = ContinuousClock.now
        #expect((0..<3).map { _ in limiter.take("a", now: t0) } == [nil, nil, nil])
        #expect(limiter.take("a", now: t0) == 1)
        #expect(limiter.take("b", now: t0) == nil)
        #expect(limiter.take("a", now: t0 + .milliseconds(500)) == nil)
        #expect(limiter.take("a", now: t0 + .milliseconds(600)) == 1)
        let later = t0 + .seconds(10)
        #expect((0..<4).map { _ in limiter.take("a", now: later) } == [nil, nil, nil, 1])
        #expect(RateLimiter(perSecond: 0, burst: 1).take("a") == nil)  // 0: no limit
    }

    @Test("A body that stops coming gets 408 after the body timeout; an idle connection is closed after the idle timeout (real sockets)")
    func slowClients() async throws {
        var limits = ServerFixture.limits
        // The idle timeout far above the body timeout: under a loaded test run the body deadline (a sleep on
        // the cooperative pool) may fire seconds late, and the idle close (on the event loop) must not win.
        (limits.bodyTimeout, limits.idleTimeout) = (.seconds(1), .seconds(10))
        let f = try ServerFixture(limits: limits)
        defer { f.remove() }
        try await f.testLive { client in
            let port = try #require(client.port)
            // A raw client: headers announce 100 bytes, 10 arrive, then nothing (the connection stays open).
            let script = """
                import socket, sys, time
                port = int(sys.argv[1])
                s = socket.create_connection(("127.0.0.1", port)); t0 = time.time()
                s.sendall(b"POST /api/requests HTTP/1.1\\r\\nHost: x\\r\\nAuthorization: Bearer \(f.tokens["zhang"]!)\\r\\nContent-Type: application/json\\r\\nContent-Length: 100\\r\\n\\r\\n{\\"account\\"")
                s.settimeout(20); answer = s.recv(4096)
                print("slow", answer.split(b"\\r\\n")[0].decode(), round(time.time() - t0, 1))
                s = socket.create_connection(("127.0.0.1", port)); t0 = time.time()
                s.settimeout(30); closed = s.recv(10) == b""
                print("idle", closed, round(time.time() - t0, 1))
                """
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, String(port)]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let lines = text.split(separator: "\n").map { $0.split(separator: " ") }
            #expect(lines.count == 2, "\(text)")
            guard lines.count == 2 else { return }
            // "slow HTTP/1.1 408 Request Timeout 1.0": answered 408 after about the body timeout.
            #expect(lines[0].count > 3 && lines[0][2] == "408", "\(text)")
            #expect(Double(lines[0].last!).map { $0 >= 0.9 && $0 < 9.9 } == true, "\(text)")  // before the idle timeout
            // "idle True 10.0": closed by the server after about the idle timeout.
            #expect(lines[1][1] == "True" && Double(lines[1][2]).map { $0 >= 9.5 && $0 < 25 } == true, "\(text)")
        }
    }
}
