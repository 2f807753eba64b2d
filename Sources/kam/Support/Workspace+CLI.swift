import ArgumentParser
import Foundation
import Synchronization
import Scenarios
import Workspace
import WorkspacePostgres
import WorkspaceSQLite

/// `--workspace DIR` (or `KAM_WORKSPACE`), for the commands that only work on a workspace.
struct WorkspaceOption: ParsableArguments {
    @Option(help: "The workspace directory made by kam init (default: $KAM_WORKSPACE).", completion: .directory)
    var workspace: String?

    @OptionGroup var database: DatabaseOption

    /// The directory from --workspace, else from KAM_WORKSPACE.
    var directory: String? { workspace ?? Environment.workspace }

    func validate() throws {
        if directory == nil { throw ValidationError("no workspace: give --workspace DIR or set KAM_WORKSPACE") }
    }

    func open() throws -> PlanningWorkspace { try openWorkspace(directory!, database: database.url()) }
}

/// `--database postgresql://...` (or `KAM_DATABASE_URL`): the workspace's store is that PostgreSQL
/// database instead of the directory's kam.sqlite.
struct DatabaseOption: ParsableArguments {
    @Option(help: "Keep requests, plans and users in this PostgreSQL database instead of DIR/kam.sqlite: postgresql://USER@HOST:PORT/DB (password from PGPASSWORD; default: $KAM_DATABASE_URL).")
    var database: String?

    /// The database from --database, else from KAM_DATABASE_URL; nil for the SQLite file.
    func url() throws -> DatabaseURL? {
        guard let text = database ?? Environment.databaseURL else { return nil }
        do {
            return try DatabaseURL(text)
        } catch {
            throw fail("\(database == nil ? "KAM_DATABASE_URL" : "--database"): \(error)")
        }
    }
}

/// Opens a workspace: workspace.yaml in `directory`, the store in `database` or else kam.sqlite.
func openWorkspace(_ directory: String, database: DatabaseURL?) throws -> PlanningWorkspace {
    if let database {
        return try PlanningWorkspace.open(directory) { _ in try PostgresWorkspaceStore.open(database, create: false) }
    }
    let manager = FileManager.default
    if manager.fileExists(atPath: (directory as NSString).appendingPathComponent("workspace.yaml"))
        && !manager.fileExists(atPath: PlanningWorkspace.databasePath(directory)) {
        throw fail("\(directory) has workspace.yaml but no kam.sqlite: if its store is a PostgreSQL database, give --database postgresql://USER@HOST:PORT/DB or set KAM_DATABASE_URL", .notFound)
    }
    return try PlanningWorkspace.open(directory) { try SQLiteWorkspaceStore.open(PlanningWorkspace.databasePath($0), create: false) }
}

/// What the environment sets for every command.
enum Environment {
    /// KAM_WORKSPACE: the workspace when no --workspace is given.
    static var workspace: String? {
        ProcessInfo.processInfo.environment["KAM_WORKSPACE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// KAM_DATABASE_URL: the PostgreSQL store when no --database is given.
    static var databaseURL: String? {
        ProcessInfo.processInfo.environment["KAM_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// A failure the command itself finds while running (not a usage error): `Kam.main` prints it as
/// `error: ...` and exits 1, like every other categorized error.
struct CommandError: CategorizedError {
    var description: String
    var category: ErrorCategory
}

/// A failure found while running, as an error to throw.
func fail(_ message: String, _ category: ErrorCategory = .invalid) -> CommandError {
    CommandError(description: message, category: category)
}

/// Today's date: KAM_TODAY (YYYY-MM-DD) when set, to replay a past or future week, else this machine's calendar.
func today() throws -> CalendarDate {
    if let text = ProcessInfo.processInfo.environment["KAM_TODAY"], !text.isEmpty {
        guard let date = CalendarDate(text) else { throw fail("KAM_TODAY is '\(text)', expected a date like 2026-11-23") }
        return date
    }
    let parts = Calendar.current.dateComponents([.year, .month, .day], from: Date())
    return CalendarDate(year: parts.year!, month: parts.month!, day: parts.day!)!
}

/// Today's date for a long-running process (`kam serve`): KAM_TODAY is read once, at start; the
/// clock's date is worked out again at most once a minute, not on every request.
func todayForServer() throws -> @Sendable () throws -> CalendarDate {
    if ProcessInfo.processInfo.environment["KAM_TODAY"]?.isEmpty == false {
        let fixed = try today()
        return { fixed }
    }
    let cache = Mutex<(minute: Int, date: CalendarDate)?>(nil)
    return {
        let minute = Int(Date().timeIntervalSince1970 / 60)
        if let cached = cache.withLock({ $0 }), cached.minute == minute { return cached.date }
        let date = try today()
        cache.withLock { $0 = (minute, date) }
        return date
    }
}

/// The week every command plans when none is given: next week.
func defaultWeek() throws -> ISOWeek { ISOWeek(containing: try today().adding(days: 7)) }

/// The week a workspace command works on: `week`, or next week, within the workspace's window
/// (policy.weeks) around today.
func workspaceWeek(_ week: ISOWeek?, in space: PlanningWorkspace) throws -> ISOWeek {
    try space.requireWeekInWindow(try week ?? defaultWeek(), today: try today())
}

/// Parses `--week`: an ISO week like 2026-W48.
func parseWeek(_ text: String) throws -> ISOWeek {
    guard let week = ISOWeek(text) else { throw ValidationError("'\(text)' is not an ISO week like 2026-W48 (weeks 01 to 52, or 53 in a long year)") }
    return week
}
