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
}
