import Foundation
import TestSupport
import Testing

/// A disk that fills up mid-write: the old plan and the published versions stay intact, and the
/// error says what happened. Runs on a small tmpfs (needs root to mount; skipped visibly elsewhere).
@Suite("Full disks", .serialized)
struct DiskFullTests {
    /// Mounts a tmpfs of `kilobytes` at a new directory; nil where mounting is not allowed.
    static func mount(kilobytes: Int) -> URL? {
        let point = FileManager.default.temporaryDirectory.appendingPathComponent("kam-full-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: point, withIntermediateDirectories: true)
        guard run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", point.path]) == 0 else {
            try? FileManager.default.removeItem(at: point)
            return nil
        }
        return point
    }

    static func unmount(_ point: URL) {
        _ = run("/bin/umount", [point.path])
        try? FileManager.default.removeItem(at: point)
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static let canMount: Bool = {
        guard getuid() == 0, let point = mount(kilobytes: 64) else { return false }
        unmount(point)
        return true
    }()

    /// Fills the filesystem at `point` until at most `leave` bytes are free.
    static func fill(_ point: URL, leaving leave: Int) {
        let chunk = Data(repeating: 0x2E, count: 4096)
        guard let handle = try? { () throws -> FileHandle in
            FileManager.default.createFile(atPath: point.appendingPathComponent("filler").path, contents: nil)
            return try FileHandle(forWritingTo: point.appendingPathComponent("filler"))
        }() else { return }
        defer { try? handle.close() }
        while let attributes = try? FileManager.default.attributesOfFileSystem(forPath: point.path),
              let free = attributes[.systemFreeSize] as? Int, free > leave {
            guard (try? handle.write(contentsOf: chunk)) != nil else { break }
        }
    }

    @Test("kam plan onto a full disk: the old plan stays whole, no staging left, the error says the disk is full",
          .enabled(if: canMount, "mounting a small tmpfs needs root; skipped"))
    func planOnFullDisk() throws {
        let point = try #require(Self.mount(kilobytes: 1024))
        defer { Self.unmount(point) }
        let out = point.appendingPathComponent("plan").path
        let first = try KamRunner.run(["plan", "scenarios/baseline.yaml", "--out", out])
        #expect(first.status == 0, "\(first.stderr)")
        let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        let report = FileManager.default.contents(atPath: out + "/report.html")
        Self.fill(point, leaving: 8 * 1024)
        let second = try KamRunner.run(["plan", "scenarios/baseline.yaml", "--out", out])
        #expect(second.status == 1)
        #expect(second.stderr.contains("cannot write the plan to \(out)") && second.stderr.contains("space"), "\(second.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == before)
        #expect(FileManager.default.contents(atPath: out + "/report.html") == report)
        #expect(try FileManager.default.contentsOfDirectory(atPath: point.path).sorted() == ["filler", "plan"])
    }

    @Test("kam publish onto a full disk fails and keeps the previous version",
          .enabled(if: canMount, "mounting a small tmpfs needs root; skipped"))
    func publishOnFullDisk() throws {
        let point = try #require(Self.mount(kilobytes: 2048))
        defer { Self.unmount(point) }
        let ws = point.appendingPathComponent("ws").path
        #expect(try KamRunner.run(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        #expect(try KamRunner.run(["user", "add", "--workspace", ws, "--id", "planner", "--role", "planner"]).status == 0)  // --by names a real planner
        let env = ["KAM_WORKSPACE": ws, "KAM_TODAY": "2099-03-01"]
        #expect(try KamRunner.run(["request", "add", "--account", "bank-hq", "--skill", "security", "--hours", "8", "--by", "m-zhang"], environment: env).status == 0)
        let first = try KamRunner.run(["publish", "--by", "planner"], environment: env)
        #expect(first.status == 0, "\(first.stderr)")
        Self.fill(point, leaving: 0)
        let second = try KamRunner.run(["publish", "--force", "--by", "planner"], environment: env)
        #expect(second.status == 1)
        #expect(second.stderr.lowercased().contains("full") || second.stderr.lowercased().contains("space"), "\(second.stderr)")
        try? FileManager.default.removeItem(at: point.appendingPathComponent("filler"))
        let list = try KamRunner.run(["request", "list"], environment: env)
        #expect(list.status == 0 && list.stdout.contains("allocated"), "\(list.stdout)\(list.stderr)")
        let third = try KamRunner.run(["publish", "--force", "--by", "planner"], environment: env)
        #expect(third.stdout.contains("version 2"), "\(third.stdout)\(third.stderr)")
    }
}
