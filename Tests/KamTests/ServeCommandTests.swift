import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `kam serve` when it cannot start.
@Suite("kam serve: start-up errors")
struct ServeCommandTests {
    /// A TCP socket listening on 127.0.0.1 at a free port; closed by `close()`.
    static func occupiedPort() throws -> (socket: Int32, port: Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        #expect(bound == 0 && listen(fd, 1) == 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    @Test("A port in use: a plain sentence naming the port and what to do, exit code 1")
    func portInUse() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        #expect(try KamRunner.run(["init", ws, "--from", "docs/examples/approvals.yaml"]).status == 0)
        let (fd, port) = try Self.occupiedPort()
        defer { close(fd) }
        let served = try KamRunner.run(["serve", "--workspace", ws, "--port", String(port)])
        #expect(served.status == 1)
        #expect(served.stderr.hasSuffix("error: port \(port) is already in use on 127.0.0.1: is another kam serve running? pick another with --port\n"),
                "\(served.stderr)")
    }

    /// Sends `bytes` on a new connection to 127.0.0.1:`port`, closes the sending side, and reads the answer.
    static func exchange(port: Int, _ bytes: [UInt8]) -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard connected == 0 else { return "" }
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        shutdown(fd, Int32(SHUT_WR))
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var answer: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            answer += buffer[0..<n]
        }
        return String(decoding: answer, as: UTF8.self)
    }

    @Test("A body cut short before its Content-Length: 400 truncatedBody, not a 500")
    func truncatedBody() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-serve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        #expect(try KamRunner.run(["init", ws, "--from", "docs/examples/approvals.yaml"]).status == 0)
        let token = try KamRunner.run(["user", "add", "--workspace", ws, "--id", "ana", "--role", "manager", "--manager", "m-ana"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try ServerLiveTests.RunningServer(workspace: ws, port: 0, environment: [:])
        defer { _ = server.kill(SIGTERM) }
        let port = server.port
        let head = "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 200\r\n\r\n"
        let answer = Self.exchange(port: port, Array((head + "id=ana&pass").utf8))
        #expect(answer.hasPrefix("HTTP/1.1 400 "), "\(answer)")
        let api = "POST /api/requests HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
        let apiAnswer = Self.exchange(port: port, Array((api + #"{"account": "big""#).utf8))
        #expect(apiAnswer.hasPrefix("HTTP/1.1 400 ") && apiAnswer.contains("\"truncatedBody\""), "\(apiAnswer)")
    }
}
