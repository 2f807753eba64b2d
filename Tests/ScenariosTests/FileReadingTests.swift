import Foundation
import TestSupport
import Testing
@testable import Scenarios

/// Only regular files are read: a device, a pipe or a directory is a located error, never a hang or
/// a read without end; a base named by `extends` is reported at the `extends` line.
@Suite("Reading files safely")
struct FileReadingTests {

    func messages(_ path: String) -> [String] { ScenarioLoader.load(path: path).errors.map(\.description) }

    @Test("Devices, pipes and directories are refused before reading", .timeLimit(.minutes(1)))
    func notRegular() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(messages("/dev/zero") == ["/dev/zero: error: cannot read scenario: it is a device, expected a regular .yaml, .yml or .json file"])
        #expect(messages("/dev/null") == ["/dev/null: error: cannot read scenario: it is a device, expected a regular .yaml, .yml or .json file"])
        let fifo = dir.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        #expect(messages(fifo) == ["\(fifo): error: cannot read scenario: it is a pipe (FIFO), expected a regular .yaml, .yml or .json file"])
        #expect(messages(dir.path) == ["\(dir.path): error: cannot read scenario: it is a directory, expected a .yaml, .yml or .json file"])
    }

    @Test("A base that cannot be read is reported at the overlay's extends line", .timeLimit(.minutes(1)))
    func baseAtExtends() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fifo = dir.appendingPathComponent("pipe.yaml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for (base, problem) in [("/dev/zero", "it is a device"), ("/dev/null", "it is a device"), (fifo, "it is a pipe (FIFO)"),
                                (dir.appendingPathComponent("missing.yaml").path, "no such file")] {
            let overlay = dir.appendingPathComponent("o.yaml")
            try "name: what-if\nextends: \(base)\n".write(to: overlay, atomically: true, encoding: .utf8)
            let errors = messages(overlay.path)
            #expect(errors.count == 1)
            #expect(errors.first?.hasPrefix("\(overlay.path):2:10: error: cannot read base scenario '\(base)': \(problem)") == true, "\(errors)")
        }
    }

    @Test("extends takes an absolute path as well as one relative to the overlay")
    func absoluteExtends() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("books"), withIntermediateDirectories: true)
        try minimalScenario.write(to: dir.appendingPathComponent("books/base.yaml"), atomically: true, encoding: .utf8)
        let absolute = dir.appendingPathComponent("absolute.yaml")
        try "extends: \(dir.appendingPathComponent("books/base.yaml").path)\nname: abs\n".write(to: absolute, atomically: true, encoding: .utf8)
        #expect(ScenarioLoader.load(path: absolute.path).scenario?.name == "abs")
        let relative = dir.appendingPathComponent("relative.yaml")
        try "extends: books/base.yaml\nname: rel\n".write(to: relative, atomically: true, encoding: .utf8)
        #expect(ScenarioLoader.load(path: relative.path).scenario?.name == "rel")
    }

    @Test("A file that is not readable says so", .enabled(if: getuid() != 0, "root reads every file; run as another user to check"))
    func unreadable() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("secret.yaml")
        try minimalScenario.write(to: file, atomically: true, encoding: .utf8)
        #expect(chmod(file.path, 0) == 0)
        #expect(messages(file.path) == ["\(file.path): error: cannot read scenario: permission denied"])
    }
}
