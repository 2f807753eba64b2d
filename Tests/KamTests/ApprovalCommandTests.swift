import Foundation
import Testing

/// Approvals from the command line: a policy that requires them, the approval view, approve and reject.
@Suite("kam request approve, reject, pending")
struct ApprovalCommandTests {
    static let week = "2099-W10"

    @Test("File under approval: required, read the approval view, approve and reject with a reason; only approved requests are planned")
    func approvals() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-approve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        // The organisation of Tests/WorkspaceTests/ApprovalTests.swift, whose figures are derived there.
        let ws = parent.appendingPathComponent("ws").path
        #expect(try KamRunner.run(today: "2099-03-01", ["init", ws, "--from", "docs/examples/approvals.yaml"]).status == 0)
        #expect(try KamRunner.run(today: "2099-03-01", ["user", "add", "--workspace", ws, "--id", "ana", "--role", "planner"]).status == 0)  // --by names a real planner
        func add(_ account: String, _ skill: String, _ hours: String) throws -> KamRunner.Output {
            try KamRunner.run(today: "2099-03-01", ["request", "add", "--workspace", ws, "--account", account, "--skill", skill, "--hours", hours, "--by", "m-ana", "--week", Self.week])
        }
        let first = try add("big", "network", "8")
        #expect(first.stdout == "R0001\n")
        #expect(first.stderr == "warning: R0001 waits for a planner's approval (policy.requests.approval: required); it is planned once approved\n")
        _ = try add("small", "security", "8")
        for id in ["R0001", "R0002"] {
            let approved = try KamRunner.run(today: "2099-03-01", ["request", "approve", id, "--by", "ana", "--workspace", ws])
            #expect(approved.status == 0, "\(approved.stderr)")
        }
        _ = try add("small", "network", "6")
        _ = try add("big", "network", "2")
        _ = try add("big", "security", "6")

        let pending = try KamRunner.run(today: "2099-03-01", ["request", "pending", "--workspace", ws, "--week", Self.week])
        #expect(pending.status == 0, "\(pending.stderr)")
        #expect(pending.stdout.hasSuffix("""
            id     week      account  skill     hours  by     gets  adds  takes from  in full costs
            -----  --------  -------  --------  -----  -----  ----  ----  ----------  ----------------
            R0003  2099-W10  small    network       6  m-ana     2     4  none        808 (R0001 -4 h)
            R0004  2099-W10  big      network       2  m-ana     2     8  none        met in full
            R0005  2099-W10  big      security      6  m-ana     6    16  R0002 -4 h  met in full

            """), "\(pending.stdout)")

        let noReason = try KamRunner.run(today: "2099-03-01", ["request", "reject", "R0003", "--by", "ana", "--reason", " ", "--workspace", ws])
        #expect(noReason.status == 1 && noReason.stderr == "error: say why request R0003 is rejected (--reason, or \"reason\" in the body): the manager reads it\n")
        let rejected = try KamRunner.run(today: "2099-03-01", ["request", "reject", "R0003", "--by", "ana", "--reason", "gold network work waits a week", "--workspace", ws])
        #expect(rejected.stdout == "rejected R0003 (m-ana's request for small): gold network work waits a week\n")
        let approved = try KamRunner.run(today: "2099-03-01", ["request", "approve", "R0005", "--by", "ana", "--workspace", ws])
        #expect(approved.stdout == "approved R0005: 6 h of security for big in 2099-W10 is planned from now on\n")
        let twice = try KamRunner.run(today: "2099-03-01", ["request", "approve", "R0005", "--by", "ana", "--workspace", ws])
        #expect(twice.status == 1 && twice.stderr == "error: request R0005 is open; only a submitted or rejected request can be approved\n")
        let show = try KamRunner.run(today: "2099-03-01", ["request", "show", "R0003", "--workspace", ws])
        #expect(show.stdout.contains("status rejected\nrejected: gold network work waits a week\n"))

        // The plan holds R0001, R0002 and R0005 only (R0004 waits, R0003 is rejected).
        let plan = try KamRunner.run(today: "2099-03-01", ["plan", "--workspace", ws, "--week", Self.week])
        #expect(plan.status == 0, "\(plan.stderr)")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(ws)/plans/\(Self.week)/plan.json"))) as? [String: Any]
        let requests = ((document?["allocation"] as? [String: Any])?["requests"] as? [[String: Any]]) ?? []
        #expect(requests.map { $0["id"] as? String ?? "" } == ["R0001", "R0002", "R0005"])
        let list = try KamRunner.run(today: "2099-03-01", ["request", "list", "--workspace", ws, "--status", "submitted"])
        #expect(list.stdout.contains("R0004") && !list.stdout.contains("R0003"))
    }

    @Test("request list marks every request a published week does not hold (filed or approved after it) and shows rejection reasons: text, JSON, CSV")
    func lateAndRejected() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-late-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        #expect(try KamRunner.run(today: "2099-03-01", ["init", ws, "--from", "docs/examples/approvals.yaml"]).status == 0)
        #expect(try KamRunner.run(today: "2099-03-01", ["user", "add", "--workspace", ws, "--id", "ana", "--role", "planner"]).status == 0)  // --by names a real planner
        func run(_ arguments: [String]) throws -> KamRunner.Output {
            let output = try KamRunner.run(today: "2099-03-01", arguments + ["--workspace", ws])
            #expect(output.status == 0, "\(arguments): \(output.stderr)")
            return output
        }
        func add(_ account: String, _ hours: String) throws {
            _ = try run(["request", "add", "--account", account, "--skill", "network", "--hours", hours, "--by", "m-ana", "--week", Self.week])
        }
        try add("big", "4")    // R0001: approved, then published
        try add("small", "2")  // R0002: rejected
        try add("small", "3")  // R0003: waits through the publication, approved after it
        _ = try run(["request", "approve", "R0001", "--by", "ana"])
        _ = try run(["request", "reject", "R0002", "--by", "ana", "--reason", "not this week, sorry"])
        // R0003 waits for approval: publishing is refused and names it, --force publishes without it and says so.
        let refused = try KamRunner.run(today: "2099-03-01", ["publish", "--week", Self.week, "--by", "ana", "--workspace", ws])
        #expect(refused.status == 1 && refused.stderr == "error: request R0003 of 2099-W10 waits for approval and is not in the plan: approve or reject it first (kam request pending), or publish anyway with --force\n",
                "\(refused.stderr)")
        let forced = try run(["publish", "--week", Self.week, "--by", "ana", "--force"])
        #expect(forced.stderr == "warning: request R0003 of 2099-W10 waits for approval and is not in the plan; published without it\n")
        let revoked = try KamRunner.run(today: "2099-03-01", ["publish", "--week", Self.week, "--by", "nobody", "--force", "--workspace", ws])
        #expect(revoked.status == 1 && revoked.stderr.hasPrefix("error: no user 'nobody' in this workspace"))
        try add("big", "1")    // R0004: filed after the publication, approved
        _ = try run(["request", "approve", "R0003", "--by", "ana"])
        _ = try run(["request", "approve", "R0004", "--by", "ana"])

        let text = try run(["request", "list"]).stdout
        #expect(text == """
            id     week      account  skill    hours  priority  by     status     allocated  rejected because
            -----  --------  -------  -------  -----  --------  -----  ---------  ---------  --------------------
            R0001  2099-W10  big      network      4  normal    m-ana  allocated          4
            R0002  2099-W10  small    network      2  normal    m-ana  rejected              not this week, sorry
            R0003  2099-W10  small    network      3  normal    m-ana  open*
            R0004  2099-W10  big      network      1  normal    m-ana  open*
            * filed after 2099-W10 was published (version 1): not in that plan; kam publish --week 2099-W10 --force plans it

            """, "\(text)")
        let json = try JSONSerialization.jsonObject(with: Data(try run(["request", "list", "--format", "json"]).stdout.utf8)) as? [[String: Any]] ?? []
        #expect(json.map { $0["notInPublishedVersion"] as? Int } == [nil, nil, 1, 1])
        #expect(json.map { $0["rejectionReason"] as? String } == [nil, "not this week, sorry", nil, nil])
        let csv = try run(["request", "list", "--format", "csv"]).stdout
        #expect(csv.hasPrefix("id,week,account,skill,hours,priority,requestedBy,status,allocated,notInPublishedVersion,note,rejectionReason\n"))
        #expect(csv.contains("R0002,2099-W10,small,network,2,normal,m-ana,rejected,,,,\"not this week, sorry\"\n"))
        #expect(csv.contains("R0003,2099-W10,small,network,3,normal,m-ana,open,,1,,\n"))
    }
}
