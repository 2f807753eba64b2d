import Foundation
import Synchronization

/// A PostgreSQL server of the tests' own: `initdb` into a temporary directory, `pg_ctl start` on a
/// free loopback port (as the `postgres` user when the tests run as root: PostgreSQL refuses
/// root), trust authentication for the user `kam`, stopped and removed when the test process
/// exits. Started once per process, on first use; every test gets a database of its own.
///
/// Where PostgreSQL is not installed the PostgreSQL tests are skipped with a message saying so,
/// except under CI (CI=true), where that is a failure: `make test` installs Debian's postgresql.
public enum PostgresTestServer {
    public enum Availability: Sendable {
        case running(port: Int)
        case unavailable(String)
    }

    private struct Server: Sendable {
        var port: Int
        var directory: String
        var binaries: String
        var runAs: String?
    }

    private static let state = Mutex<(server: Server?, failure: String?, databases: Int)>((nil, nil, 0))
    /// The directory and pg_ctl of the running server, for the exit handler (a C function).
    nonisolated(unsafe) private static var stopCommand: [String] = []

    /// True when CI=true: a missing PostgreSQL fails the tests there instead of skipping them.
    public static var required: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The server, started on first call; or why there is none.
    public static func availability() -> Availability {
        state.withLock { state in
            if let server = state.server { return .running(port: server.port) }
            if let failure = state.failure { return .unavailable(failure) }
            do {
                let server = try start()
                state.server = server
                return .running(port: server.port)
            } catch {
                state.failure = "\(error)"
                return .unavailable("\(error)")
            }
        }
    }

    /// A new empty database on the server: its URL (postgresql://kam@127.0.0.1:PORT/NAME).
    public static func newDatabase() throws -> String {
        guard case .running(let port) = availability() else { throw Failure("PostgreSQL is not running: \(skipReason ?? "")") }
        let (server, number) = state.withLock { state in
            state.databases += 1
            return (state.server!, state.databases)
        }
        let name = "kam_test_\(getpid())_\(number)"
        try run(server.binaries + "/createdb", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "kam", name])
        return "postgresql://kam@127.0.0.1:\(port)/\(name)?sslmode=disable"
    }

    /// Runs SQL on a database of the server with psql (what a test does behind kam's back).
    public static func psql(_ url: String, _ sql: String) throws {
        guard case .running = availability() else { throw Failure("PostgreSQL is not running: \(skipReason ?? "")") }
        let binaries = state.withLock { $0.server!.binaries }
        try run(binaries + "/psql", ["-v", "ON_ERROR_STOP=1", "-q", "-d", String(url.prefix { $0 != "?" }), "-c", sql])
    }

    /// Why the PostgreSQL tests cannot run here (nil when they can).
    public static var skipReason: String? {
        if case .unavailable(let reason) = availability() { return reason }
        return nil
    }

    /// True when the PostgreSQL tests should run; prints once why they are skipped when not.
    /// Under CI a missing server is not a skip: the caller's test then fails on `newDatabase()`.
    public static var enabled: Bool {
        guard let reason = skipReason else { return true }
        if required { return true }
        announce.withLock { announced in
            if !announced {
                print("note: PostgreSQL tests skipped: \(reason) (make test installs Debian's postgresql)")
                announced = true
            }
        }
        return false
    }
    private static let announce = Mutex(false)

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: Starting and stopping

    private static func start() throws -> Server {
        guard let binaries = findBinaries() else {
            throw Failure("no initdb found (looked in /usr/lib/postgresql/*/bin and PATH)")
        }
        let directory = try scratchDirectory("kam-postgres").path
        var runAs: String?
        if geteuid() == 0 {
            guard getpwnam("postgres") != nil else { throw Failure("running as root and there is no 'postgres' user to run the server as") }
            runAs = "postgres"
            try run("/bin/chown", ["-R", "postgres", directory])
        }
        let data = directory + "/data"
        try run(binaries + "/initdb", ["-D", data, "-U", "kam", "--auth=trust", "-E", "UTF8", "--no-sync", "--locale=C"], as: runAs)
        let port = try freePort()
        let options = "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        try run(binaries + "/pg_ctl", ["-D", data, "-l", directory + "/server.log", "-o", options, "-w", "-t", "60", "start"], as: runAs)
        stopCommand = (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--"] } ?? []) + [binaries + "/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"] + [directory]
        atexit {
            let command = PostgresTestServer.stopCommand
            guard let directory = command.last else { return }
            try? PostgresTestServer.run(command[0], Array(command.dropFirst().dropLast()))
            try? FileManager.default.removeItem(atPath: directory)
        }
        return Server(port: port, directory: directory, binaries: binaries, runAs: runAs)
    }

    /// The newest /usr/lib/postgresql/N/bin with initdb, else the directory of initdb on PATH.
    private static func findBinaries() -> String? {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted(by: >)
        for version in versions where FileManager.default.isExecutableFile(atPath: "\(root)/\(version)/bin/initdb") {
            return "\(root)/\(version)/bin"
        }
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(directory)/initdb") && FileManager.default.isExecutableFile(atPath: "\(directory)/pg_ctl") {
            return String(directory)
        }
        return nil
    }

    /// A loopback port nobody listens on right now.
    public static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure("no socket for a free port") }
        defer { Foundation.close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw Failure("cannot bind a loopback socket") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a program to its end (as `user` through runuser when given); its output is kept for the error.
    /// posix_spawn and waitpid, not Foundation's Process: pg_ctl leaves a daemon behind, and Process
    /// was seen never to notice its runuser exit. Output goes to a file (the daemon would hold a pipe open).
    static func run(_ program: String, _ arguments: [String], as user: String? = nil) throws {
        let executable = user == nil ? program : "/usr/sbin/runuser"
        let argv = [executable] + (user.map { ["-u", $0, "--", program] } ?? []) + arguments
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("kam-pg-run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var pid = pid_t()
        let cArguments = argv.map { strdup($0) } + [nil]
        defer { cArguments.forEach { free($0) } }
        let spawned = posix_spawn(&pid, executable, &actions, nil, cArguments, environ)
        guard spawned == 0 else { throw Failure("cannot start \(executable): \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exited = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        guard exited == 0 else {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Failure("\((program as NSString).lastPathComponent) \(arguments.joined(separator: " ")) failed (\(exited)): \(text)")
        }
    }
}
