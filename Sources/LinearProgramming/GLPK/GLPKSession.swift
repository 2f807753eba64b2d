internal import GLPKShim

/// Brackets GLPK work on the current thread: GLPK's terminal output is captured (and echoed
/// to stderr when `verbose`) instead of reaching stdout.
enum GLPKSession {
    /// Runs `body` with output captured; `body` gets the captured log through `log()`.
    /// `memoryLimit` (megabytes) bounds what GLPK may allocate; nil for no bound of kam's.
    static func run<T>(verbose: Bool, memoryLimit: Int? = nil, _ body: () throws -> T) rethrows -> T {
        kam_glpk_begin(verbose ? 1 : 0)
        defer { kam_glpk_end() }
        // Every session sets the limit, so a limit of one solve does not stay with the thread.
        _ = kam_glpk_mem_limit(Int32(clamping: memoryLimit ?? Int(Int32.max)))
        return try body()
    }

    /// GLPK's output captured so far in this session.
    static func log() -> String { String(cString: kam_glpk_log()) }
}
