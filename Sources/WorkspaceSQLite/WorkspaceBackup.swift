import Foundation
import GRDB
import Scenarios
import Workspace

/// `kam workspace backup` and `restore`: a workspace in one SQLite file, its store and its
/// workspace.yaml (kept in the file's `kam_backup_file` table). From kam.sqlite the copy is made
/// with SQLite's online backup API, so it is consistent while a server writes; from PostgreSQL it
/// is the store's snapshot (one transaction), written as a SQLite store.
public enum WorkspaceBackup {
    static let filesTable = "kam_backup_file"

    /// What a backup holds, as `kam workspace migrate` counts it.
    public struct Summary: Sendable {
        public var counts: [(kind: String, count: Int)]
        public var workspaceYAMLBytes: Int
    }

    /// Writes the backup of `workspace` to `file`, which must not exist.
    public static func backup(_ workspace: PlanningWorkspace, to file: String) throws -> Summary {
        guard !FileManager.default.fileExists(atPath: file) else {
            throw WorkspaceError.storage(action: "write the backup to", path: file, detail: "the file already exists; name a new one", diskFull: false)
        }
        let yaml = try Data(contentsOf: URL(fileURLWithPath: workspace.configurationPath))
        do {
            if let sqlite = workspace.store as? SQLiteWorkspaceStore {
                let target = try DatabaseQueue(path: file)
                try sqlite.backup(to: target)
                try target.close()
            } else {
                let snapshot = try workspace.store.snapshot()
                let target = try SQLiteWorkspaceStore.open(file, create: true)
                try target.restore(snapshot)
                try target.close()
            }
            let copy = try DatabaseQueue(path: file)
            try copy.write { db in
                try db.execute(sql: "CREATE TABLE \(filesTable) (name TEXT PRIMARY KEY, content BLOB NOT NULL)")
                try db.execute(sql: "INSERT INTO \(filesTable) (name, content) VALUES ('workspace.yaml', ?)", arguments: [yaml])
            }
            try copy.close()
        } catch {
            try? FileManager.default.removeItem(atPath: file)
            throw (error as? WorkspaceError) ?? SQLiteWorkspaceStore.explain(error, doing: "write the backup to", file)
        }
        return try summary(of: file)
    }

    /// Replaces `workspace`'s store and workspace.yaml with the backup in `file` (the file itself is
    /// left as it is). kam.sqlite is overwritten in place with SQLite's online backup API (a
    /// running server sees the restored data; its users sign in again); a PostgreSQL store must be
    /// empty. The workspace.yaml replaced is kept as workspace.yaml.before-restore.
    public static func restore(_ workspace: PlanningWorkspace, from file: String) throws -> Summary {
        let (yaml, snapshot, copy) = try read(file)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        if let sqlite = workspace.store as? SQLiteWorkspaceStore {
            let source = try DatabaseQueue(path: copy)
            try source.write { db in try db.execute(sql: "DROP TABLE IF EXISTS \(filesTable)") }
            try sqlite.restore(from: source)
            try source.close()
        } else {
            try workspace.store.restore(snapshot)
        }
        let configuration = workspace.configurationPath
        let kept = configuration + ".before-restore"
        try? FileManager.default.removeItem(atPath: kept)
        try FileManager.default.copyItem(atPath: configuration, toPath: kept)
        try yaml.write(to: URL(fileURLWithPath: configuration), options: .atomic)
        return Summary(counts: snapshot.counts, workspaceYAMLBytes: yaml.count)
    }

    /// The counts of a backup file.
    public static func summary(of file: String) throws -> Summary {
        let (yaml, snapshot, copy) = try read(file)
        try? FileManager.default.removeItem(atPath: copy)
        return Summary(counts: snapshot.counts, workspaceYAMLBytes: yaml.count)
    }

    /// A backup's workspace.yaml and store, read from a private copy brought up to this kam's
    /// schema (the file is never written); the copy's path, for the caller to remove.
    private static func read(_ file: String) throws -> (yaml: Data, snapshot: WorkspaceSnapshot, copy: String) {
        guard FileManager.default.fileExists(atPath: file) else {
            throw WorkspaceError.storage(action: "read the backup", path: file, detail: "no such file", diskFull: false)
        }
        let copy = NSTemporaryDirectory() + "kam-restore-\(UUID().uuidString).sqlite"
        do {
            try DatabaseQueue(path: file, configuration: readOnly).backup(to: DatabaseQueue(path: copy))
            let yaml = try DatabaseQueue(path: copy).read { db -> Data? in
                guard try db.tableExists(filesTable) else { return nil }
                return try Data.fetchOne(db, sql: "SELECT content FROM \(filesTable) WHERE name = 'workspace.yaml'")
            }
            guard let yaml else {
                throw WorkspaceError.storage(action: "read the backup", path: file, detail: "it is not a kam workspace backup (no workspace.yaml inside); make one with kam workspace backup", diskFull: false)
            }
            let store = try SQLiteWorkspaceStore.open(copy, create: false)
            let snapshot = try store.snapshot()
            try store.close()
            return (yaml, snapshot, copy)
        } catch let error as WorkspaceError {
            try? FileManager.default.removeItem(atPath: copy)
            throw error
        } catch {
            try? FileManager.default.removeItem(atPath: copy)
            throw WorkspaceError.storage(action: "read the backup", path: file, detail: "it is not a kam workspace backup (\(error))", diskFull: false)
        }
    }

    private static var readOnly: Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }
}

extension SQLiteWorkspaceStore {
    /// This store's pages copied into `target` (SQLite's online backup: a consistent copy while
    /// others write).
    func backup(to target: DatabaseQueue) throws {
        try pool.backup(to: target)
    }

    /// This store's pages replaced by `source`'s, in place.
    func restore(from source: DatabaseQueue) throws {
        do {
            try source.backup(to: pool)
        } catch {
            throw Self.explain(error, doing: "restore", path)
        }
    }
}
