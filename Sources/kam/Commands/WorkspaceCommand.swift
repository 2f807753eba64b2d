import ArgumentParser
import Foundation
import Reports
import Workspace
import WorkspacePostgres
import WorkspaceSQLite

extension Kam {
    struct WorkspaceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "workspace",
            abstract: "Look after a workspace's store.",
            subcommands: [Migrate.self, Backup.self, Restore.self])
    }
}

extension Kam.WorkspaceCommand {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "migrate",
            abstract: "Copy a workspace's SQLite store into an empty PostgreSQL database.",
            discussion: """
                Copies requests, the audit trail, users, idempotency keys, published plans (every version, with hours and \
                calendars) and reviewed fingerprints in one transaction, then reads the copy back and checks it equals the \
                source record for record. Web sign-in sessions are not copied (users sign in again). Nothing is deleted \
                from kam.sqlite; afterwards give --database (or KAM_DATABASE_URL) to every workspace command.
                """)

        @Option(help: "The workspace directory whose kam.sqlite is copied (default: $KAM_WORKSPACE).", completion: .directory)
        var workspace: String?

        @Option(help: "The PostgreSQL database to copy into: postgresql://USER@HOST:PORT/DB (password from PGPASSWORD). It must hold no kam workspace yet.")
        var to: String

        func run() throws {
            guard let directory = workspace ?? Environment.workspace else { throw ValidationError("no workspace: give --workspace DIR or set KAM_WORKSPACE") }
            let url: DatabaseURL
            do { url = try DatabaseURL(to) } catch { throw ValidationError("--to: \(error)") }
            let source = try openWorkspace(directory, database: nil)
            let snapshot = try source.store.snapshot()
            let target = try PostgresWorkspaceStore.open(url, create: true)
            try target.restore(snapshot)
            let copy = try target.snapshot()
            var table = TextTable([("copied", .left), ("source", .right), ("copy", .right)])
            for (source, copied) in zip(snapshot.counts, copy.counts) { table.add([source.kind, String(source.count), String(copied.count)]) }
            print("copied \(PlanningWorkspace.databasePath(directory)) to \(url):")
            print(table.rendered(), terminator: "")
            guard copy == snapshot else {
                throw fail("the copy in \(url) does not read back the same as \(PlanningWorkspace.databasePath(directory)); the source is untouched: empty the database and run kam workspace migrate again")
            }
            print("verified: the copy reads back record for record as the source; request ids continue from R\(String(zeroPadded: snapshot.lastRequestNumber + 1, width: 4))")
            print("nothing was deleted from kam.sqlite; web sessions were not copied (users sign in again)")
            print("next: kam serve --workspace \(directory) --database \(url)")
        }
    }
}

extension Kam.WorkspaceCommand {
    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "backup",
            abstract: "Copy a workspace (its store and workspace.yaml) into one SQLite file, safely while kam serve runs.",
            discussion: """
                From kam.sqlite the copy is made with SQLite's online backup API, so it is consistent even while the server \
                writes; from a PostgreSQL store it is one snapshot of the database. workspace.yaml goes inside the file. \
                kam workspace restore --from FILE brings it back.
                """)
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The backup file to write (it must not exist yet).", completion: .file()) var to: String

        func run() throws {
            let space = try workspace.open()
            let summary = try WorkspaceBackup.backup(space, to: to)
            print("backed up \(space.directory) to \(to):")
            print(Self.table(summary), terminator: "")
        }

        static func table(_ summary: WorkspaceBackup.Summary) -> String {
            var table = TextTable([("kept", .left), ("count", .right)])
            for (kind, count) in summary.counts { table.add([kind, String(count)]) }
            table.add(["workspace.yaml bytes", String(summary.workspaceYAMLBytes)])
            return table.rendered()
        }
    }

    struct Restore: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "restore",
            abstract: "Replace a workspace's store and workspace.yaml with a backup made by kam workspace backup.",
            discussion: """
                kam.sqlite is overwritten in place (SQLite's online backup API: a running server sees the restored data; \
                its users sign in again); a PostgreSQL store must be empty (a new database). The workspace.yaml replaced \
                is kept as workspace.yaml.before-restore; the backup file is not changed.
                """)
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The backup file.", completion: .file()) var from: String

        func run() throws {
            let space = try workspace.open()
            let summary = try WorkspaceBackup.restore(space, from: from)
            print("restored \(space.directory) from \(from):")
            print(Backup.table(summary), terminator: "")
            print("the workspace.yaml it replaced is \(space.configurationPath).before-restore")
        }
    }
}
