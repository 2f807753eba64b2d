extension ScenarioLoader {
    /// Loads several files (`kam validate`), results in input order: the first alone, so what-ifs
    /// extending it find its parse and its decoded lists cached, then the others side by side on
    /// every core. Each result is what `load(path:)` gives for its file. (`kam compare` does the
    /// same while it allocates the first: `WeeklyPlan.load(comparing:)`.)
    public static func load(paths: [String]) -> [LoadResult] {
        guard let first = paths.first else { return [] }
        let base = load(path: first)
        return [base] + ParallelChunks.map(Array(paths.dropFirst())) { load(path: $0) }
    }
}
