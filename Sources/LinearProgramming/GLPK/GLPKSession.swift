internal import GLPKShim

/// Brackets GLPK work on the current thread: GLPK's terminal output is captured (and echoed
/// to stderr when `verbose`) instead of reaching stdout.
enum GLPKSession {
    /// Runs `body` with output captured; `body` gets the captured log through `log()`.
    static func run<T>(verbose: Bool, _ body: () throws -> T) rethrows -> T {
        kam_glpk_begin(verbose ? 1 : 0)
        defer { kam_glpk_end() }
        return try body()
    }

    /// GLPK's output captured so far in this session.
    static func log() -> String { String(cString: kam_glpk_log()) }
}
