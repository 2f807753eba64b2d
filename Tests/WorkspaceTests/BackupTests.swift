import Foundation
import Scenarios
import TestSupport
import Testing
import Workspace
import WorkspaceSQLite

/// WorkspaceBackup from every store: the backup restores into a new store of another kind with the
/// same records (a PostgreSQL workspace backs up to a SQLite file; restore into PostgreSQL needs an
/// empty database).
@Suite("Workspace backups")
struct BackupTests {
    @Test("Backup from each store, restore into a new workspace of each kind: the same snapshot", arguments: StoreKind.tested.filter { $0 != .memory })
    func acrossStores(kind: StoreKind) throws {
        let (space, url) = try newWorkspace(kind)
        defer { try? FileManager.default.removeItem(at: url) }
        let week = ISOWeek(containing: today.adding(days: 7))
        _ = try space.add(.init(week: week, account: "bank-hq", skill: "network", hours: 4, by: "m-zhang", note: "backed up"), today: today)
        _ = try space.addUser(id: "ana", role: .planner, manager: nil, by: "test", today: today)
        let file = url.appendingPathComponent("ws.backup").path
        let summary = try WorkspaceBackup.backup(space, to: file)
        #expect(summary.counts.first { $0.kind == "requests" }?.count == 1)
        for target in StoreKind.tested.filter({ $0 != .memory }) {
            let (copy, copyURL) = try newWorkspace(target)
            defer { try? FileManager.default.removeItem(at: copyURL) }
            _ = try WorkspaceBackup.restore(copy, from: file)
            #expect(try copy.store.snapshot() == space.store.snapshot(), "\(kind) -> \(target)")
            // PostgreSQL is restored only into an empty database.
            if target == .postgres {
                #expect(refusal { _ = try WorkspaceBackup.restore(copy, from: file) }?.contains("storeNotEmpty") == true
                        || refusal { _ = try WorkspaceBackup.restore(copy, from: file) }?.hasPrefix("conflict") == true)
            }
        }
    }
}
