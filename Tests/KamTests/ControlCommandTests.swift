import Foundation
import Testing

/// Pins and exclusions from the command line, on the organisation of Tests/WorkspaceTests/ControlTests.swift
/// (figures derived there): R0001 big network 8 h, R0002 small network 6 h, e-net's 10 h.
@Suite("kam pin, kam exclude")
struct ControlCommandTests {
    static let week = "2099-W10"

    @Test("Pin, exclude, list, refuse with the reason, plan with them, remove")
    func controls() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("kam-pin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        let ws = parent.appendingPathComponent("ws").path
        #expect(try KamRunner.run(today: "2099-03-01", ["init", ws, "--from", "docs/examples/approvals.yaml"]).status == 0)
        #expect(try KamRunner.run(today: "2099-03-01", ["user", "add", "--workspace", ws, "--id", "ana", "--role", "planner"]).status == 0)  // --by names a real planner
        for (account, hours) in [("big", "8"), ("small", "6")] {
            _ = try KamRunner.run(today: "2099-03-01", ["request", "add", "--workspace", ws, "--account", account, "--skill", "network", "--hours", hours, "--by", "m-ana", "--week", Self.week])
        }
        for id in ["R0001", "R0002"] { _ = try KamRunner.run(today: "2099-03-01", ["request", "approve", id, "--by", "ana", "--workspace", ws]) }
        func allocated() throws -> [String: Double] {
            let plan = try KamRunner.run(today: "2099-03-01", ["plan", "--workspace", ws, "--week", Self.week])
            #expect(plan.status == 0, "\(plan.stderr)")
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(ws)/plans/\(Self.week)/plan.json"))) as? [String: Any]
            let requests = ((document?["allocation"] as? [String: Any])?["requests"] as? [[String: Any]]) ?? []
            return Dictionary(uniqueKeysWithValues: requests.map { ($0["id"] as? String ?? "", $0["allocated"] as? Double ?? -1) })
        }
        #expect(try allocated() == ["R0001": 8, "R0002": 2])

        let pin = try KamRunner.run(today: "2099-03-01", ["pin", "add", "--workspace", ws, "--week", Self.week, "--expert", "e-net", "--request", "R0002",
                                     "--hours", "4", "--mode", "atLeast", "--by", "ana"])
        #expect(pin.status == 0 && pin.stdout == "pinned in \(Self.week): pin e-net request R0002, 4 h at least\n", "\(pin.stderr)")
        #expect(try allocated() == ["R0001": 6, "R0002": 4])

        let tooMany = try KamRunner.run(today: "2099-03-01", ["pin", "add", "--workspace", ws, "--week", Self.week, "--expert", "e-net", "--request", "R0002", "--hours", "7", "--by", "ana"])
        #expect(tooMany.status == 1 && tooMany.stderr == "error: pin of expert 'e-net' on request 'R0002' asks for 7 h, more than the 6 h the request asks for\n")
        let noTarget = try KamRunner.run(today: "2099-03-01", ["pin", "add", "--workspace", ws, "--week", Self.week, "--expert", "e-net", "--hours", "1", "--by", "ana"])
        #expect(noTarget.status == 64 && noTarget.stderr.hasPrefix("Error: give either --request or --account\n"))

        let exclude = try KamRunner.run(today: "2099-03-01", ["exclude", "add", "--workspace", ws, "--week", Self.week, "--expert", "e-sec", "--account", "small", "--by", "ana"])
        #expect(exclude.stdout == "excluded in \(Self.week): exclusion of expert 'e-sec' from account 'small'\n")
        let list = try KamRunner.run(today: "2099-03-01", ["pin", "list", "--workspace", ws])
        #expect(list.stdout == """
            week      control    expert  target         hours  mode     set by
            --------  ---------  ------  -------------  -----  -------  ------
            2099-W10  exclusion  e-sec   small                          ana
            2099-W10  pin        e-net   request R0002      4  atLeast  ana

            """, "\(list.stdout)")

        let unpin = try KamRunner.run(today: "2099-03-01", ["pin", "remove", "--workspace", ws, "--week", Self.week, "--expert", "e-net", "--request", "R0002", "--by", "ana"])
        #expect(unpin.stdout == "removed from \(Self.week): pin of expert 'e-net' on request 'R0002'\n")
        #expect(try allocated() == ["R0001": 8, "R0002": 2])
        let again = try KamRunner.run(today: "2099-03-01", ["pin", "remove", "--workspace", ws, "--week", Self.week, "--expert", "e-net", "--request", "R0002", "--by", "ana"])
        #expect(again.status == 1 && again.stderr == "error: there is no pin of expert 'e-net' on request 'R0002' in \(Self.week)\n")
        let include = try KamRunner.run(today: "2099-03-01", ["exclude", "remove", "--workspace", ws, "--week", Self.week, "--expert", "e-sec", "--account", "small", "--by", "ana"])
        #expect(include.status == 0)
        #expect(try KamRunner.run(today: "2099-03-01", ["exclude", "list", "--workspace", ws]).stdout == "no pins or exclusions\n")
    }
}
