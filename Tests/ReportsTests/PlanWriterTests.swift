@testable import Planning
import Foundation
import TestSupport
import Testing
@testable import Reports

/// The plan writer deletes nothing it did not write, keeps one calendar per manager, follows a
/// symlinked --out openly, and cleans up after runs that were killed.
@Suite("Plan writer: nothing lost")
struct PlanWriterTests {

    static let plan: [(path: String, data: Data)] = [("plan.json", Data("{\"week\": \"2026-W48\"}".utf8)), ("calendars/m.ics", Data("x".utf8))]

    @Test("Hidden entries in the plan directory (a .git, a .DS_Store) survive a rewrite")
    func hiddenEntries() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("p")
        try PlanWriter().write(Self.plan, to: out.path, week: "2026-W48", force: false)
        try FileManager.default.createDirectory(at: out.appendingPathComponent(".git/objects"), withIntermediateDirectories: true)
        try Data("ref: main".utf8).write(to: out.appendingPathComponent(".git/HEAD"))
        try Data("x".utf8).write(to: out.appendingPathComponent(".DS_Store"))
        try PlanWriter().write(Self.plan, to: out.path, week: "2026-W48", force: false)
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent(".git/HEAD").path) == Data("ref: main".utf8))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".git/objects").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".DS_Store").path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["p"])
    }

    /// A look ahead of 3 weeks, then one of 2 into the same directory (the team server's
    /// plans/horizon-WEEK): the third week's folder was kam's and goes; a folder named like a week
    /// that holds no plan of that week is not kam's and stops the write.
    @Test("A shorter look ahead replaces a longer one; a week-named folder kam did not write is kept")
    func shorterHorizon() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("horizon-2026-W48")
        func horizon(_ weeks: [String]) -> [(path: String, data: Data)] {
            [("horizon.json", Data("{\"week\": \"2026-W48\"}".utf8))] + weeks.map { ("\($0)/plan.json", Data("{\"week\": \"\($0)\"}".utf8)) }
        }
        try PlanWriter().write(horizon(["2026-W48", "2026-W49", "2026-W50"]), to: out.path, week: "2026-W48", force: false)
        try PlanWriter().write(horizon(["2026-W48", "2026-W49"]), to: out.path, week: "2026-W48", force: false)
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: out.path)) == ["horizon.json", "2026-W48", "2026-W49"])
        try FileManager.default.createDirectory(at: out.appendingPathComponent("2026-W51"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("2026-W51/notes.txt"))
        #expect(throws: PlanWriter.Failure.foreignFiles(directory: out.path, names: ["2026-W51"])) {
            try PlanWriter().write(horizon(["2026-W48"]), to: out.path, week: "2026-W48", force: false)
        }
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent("2026-W51/notes.txt").path) == Data("mine".utf8))
    }

    @Test("Managers whose ids make the same file name get calendars of their own")
    func calendarNames() {
        #expect(PlanFiles.calendarFileNames(["m:li", "m_li", "M_LI", "m-zhang"]) == ["m_li.ics", "m_li-2.ics", "M_LI-3.ics", "m-zhang.ics"])
        #expect(PlanFiles.calendarFileNames(["a", "a-2", "a"]) == ["a.ics", "a-2.ics", "a-3.ics"])
    }

    @Test("A symlinked --out is followed and said; a dangling one is refused with its destination")
    func symlink() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let real = dir.appendingPathComponent("w48")
        try PlanWriter().write(Self.plan, to: real.path, week: "2026-W48", force: false)
        let link = dir.appendingPathComponent("current")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "w48")
        let written = try PlanWriter().write(Self.plan, to: link.path, week: "2026-W48", force: false)
        #expect(written == PlanWriter.Destination(directory: real.resolvingSymlinksInPath().path, link: link.path))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link.path) == "w48")
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: dir.path)) == ["w48", "current"])
        let dangling = dir.appendingPathComponent("next")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "w49")
        #expect(throws: PlanWriter.Failure.danglingLink(link: dangling.path, destination: "w49")) {
            try PlanWriter().write(Self.plan, to: dangling.path, week: "2026-W48", force: false)
        }
    }

    @Test("Staging and previous directories of killed runs are removed; what they hold that kam did not write is given back")
    func staleDirectories() throws {
        let dir = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("kp")
        try PlanWriter().write(Self.plan, to: out.path, week: "2026-W48", force: false)
        // A process that has ended: its pid is free (a child we waited for).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        let gone = process.processIdentifier
        let staging = dir.appendingPathComponent(".kp.staging-\(gone)")
        let previous = dir.appendingPathComponent(".kp.previous-\(gone)")
        let alive = dir.appendingPathComponent(".kp.staging-1")  // pid 1 is always running
        for folder in [staging, previous, alive] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        try Data("{}".utf8).write(to: previous.appendingPathComponent("plan.json"))
        try Data("notes".utf8).write(to: previous.appendingPathComponent(".notes"))
        try PlanWriter().write(Self.plan, to: out.path, week: "2026-W48", force: false)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        #expect(left == ["kp", alive.lastPathComponent])  // a running process's directory is not stale
        #expect(FileManager.default.contents(atPath: out.appendingPathComponent(".notes").path) == Data("notes".utf8))
    }
}
