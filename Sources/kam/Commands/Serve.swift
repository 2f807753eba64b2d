import ArgumentParser
import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging
import Server
import Workspace

extension Kam {
    struct Serve: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "serve",
            abstract: "Run the team server: the JSON API, web pages for managers and planners, and calendar feeds.",
            discussion: "Users sign in with an API token or a web password (kam user add, kam user password). One log line per request on standard error (--log-format json: one JSON object per line). GET /api/health says whether the store answers; GET /metrics is Prometheus' text format, for planners or the bearer token in KAM_METRICS_TOKEN. SIGTERM or Ctrl-C stops it after the requests in flight.")
        @OptionGroup var workspace: WorkspaceOption
        @Option(help: "The address to listen on (127.0.0.1: this machine only; 0.0.0.0: the network).") var host = "127.0.0.1"
        @Option(help: "The port (0: any free port).") var port = 8080
        @Option(help: "Requests a second each signed-in user may send, after a burst of three seconds' worth (0: no limit); more answer 429 with Retry-After.")
        var rateLimit: Double = ServerLimits().requestsPerSecond
        @Option(help: "Connections served at once (more wait to be accepted).") var maxConnections = ServerLimits().maximumConnections
        @Option(help: "The log on standard error: text (one line per event) or json (one JSON object per line).") var logFormat: LogFormat = .text

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
            guard rateLimit.isFinite, rateLimit >= 0 else { throw ValidationError("--rate-limit must be a number of requests a second, 0 or more") }
            guard maxConnections >= 1 else { throw ValidationError("--max-connections must be 1 or more") }
        }

        func run() throws {
            Self.limitMallocArenas()
            let space = try workspace.open()
            var limits = ServerLimits()
            (limits.requestsPerSecond, limits.burst, limits.maximumConnections) = (rateLimit, max(1, rateLimit * 3), maxConnections)
            // KAM_METRICS_TOKEN: the bearer token a Prometheus server scrapes /metrics with (planners may read it too).
            let server = TeamServer(workspace: space, today: try todayForServer(), limits: limits,
                                    metricsToken: ProcessInfo.processInfo.environment["KAM_METRICS_TOKEN"])
            server.warmUp()
            LoggingSystem.bootstrap { [logFormat] label in logFormat.handler(label: label) }
            let logger = Logger(label: "kam")
            let app = server.application(host: host, port: port, logger: logger) { [host] bound in
                let users = (try? space.users().count) ?? 0
                // Unbuffered: a script waiting for this line (the port) sees it at once.
                FileHandle.standardOutput.write(Data("kam serve: \(space.directory) on http://\(host):\(bound)/ (\(users) user\(users == 1 ? "" : "s")); Ctrl-C stops\n".utf8))
            }
            let done = DispatchSemaphore(value: 0)
            let failure = Failure()
            Task {
                do { try await app.runService() } catch { failure.error = error }
                done.signal()
            }
            done.wait()
            guard let error = failure.error else { return }
            if TeamServer.isAddressInUse(error) {
                throw fail("port \(port) is already in use on \(host): is another kam serve running? pick another with --port", .unavailable)
            }
            throw fail("the server stopped: \(error)", .unavailable)
        }
    }
}

extension Kam.Serve {
    /// glibc gives threads up to 8 malloc arenas per core, and an arena keeps what was freed in it:
    /// with 32 store threads each parsing plans, freed memory piled up in a dozen arenas (3 GB
    /// after 30 page loads on L, before pages read kept plans). Two arenas per core bound that at
    /// little cost in contention (docs/performance-notes.md, "Server memory"). MALLOC_ARENA_MAX,
    /// when set, wins.
    static func limitMallocArenas() {
        #if canImport(Glibc)
        guard ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil else { return }
        _ = glibcMallopt(mArenaMax, Int32(2 * max(1, ProcessInfo.processInfo.activeProcessorCount)))
        #endif
    }
}

#if canImport(Glibc)
/// glibc's mallopt(3) (malloc.h is not in Swift's Glibc module); M_ARENA_MAX is -8 in malloc.h.
@_silgen_name("mallopt") private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let mArenaMax: Int32 = -8
#endif

/// The error the server task ended with, handed to the waiting main thread.
private final class Failure: @unchecked Sendable {
    var error: Error?
}

extension LogFormat: ExpressibleByArgument {}
