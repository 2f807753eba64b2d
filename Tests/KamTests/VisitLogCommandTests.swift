import Foundation
import Testing

/// kam visit log and kam visit cadence on docs/examples/approvals.yaml (figures derived in
/// Tests/WorkspaceTests/VisitLogTests.swift): today Wednesday 2026-12-02.
@Suite("kam visit log, kam visit cadence")
struct VisitLogCommandTests {
    @Test("Log visits, read the cadence view; a day after today and another manager are refused")
    func logAndCadence() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-visitlog-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        let environment = ["KAM_TODAY": "2026-12-02"]
        #expect(try KamRunner.run(["init", ws, "--from", "docs/examples/approvals.yaml"], environment: environment).status == 0)
        func log(_ account: String, _ date: String, _ outcome: String, by: String = "m-ana") throws -> KamRunner.Output {
            try KamRunner.run(["visit", "log", "--workspace", ws, "--account", account, "--date", date, "--outcome", outcome, "--by", by], environment: environment)
        }
        #expect(try log("big", "2026-11-25", "missed").stdout == "logged: big missed on 2026-11-25\n")
        _ = try log("big", "2026-11-26", "done")
        _ = try log("small", "2026-11-30", "done")
        let future = try log("big", "2026-12-03", "done")
        #expect(future.status == 1 && future.stderr == "error: the visit is on 2026-12-03, after today (2026-12-02); log a visit once it has happened\n")
        let badDate = try log("big", "2026-13-01", "done")
        #expect(badDate.status == 64 && badDate.stderr.contains("'2026-13-01' is not a date like 2026-11-24"))
        let cadence = try KamRunner.run(["visit", "cadence", "--workspace", ws], environment: environment)
        #expect(cadence.stdout == """
            manager  tier      account  last visit  every  next due    state    days late  missed last week
            -------  --------  -------  ----------  -----  ----------  -------  ---------  ----------------
            m-ana    platinum  big      2026-11-26    3 d  2026-11-29  overdue          3                 1
            m-ana    gold      small    2026-11-30   15 d  2026-12-15  onTrack

            """, "\(cadence.stdout)")
    }
}
