import Foundation

/// The outcome of loading a scenario file: the scenario when there were no errors, and every
/// error and warning found, sorted by file and position.
public struct LoadResult: Sendable {
    public var scenario: Scenario?
    public var diagnostics: [Diagnostic]

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }
}

/// Time spent in each phase of loading (all files of an `extends` chain added up).
public struct LoadPhases: Sendable {
    public var read = Duration.zero
    public var parse = Duration.zero
    /// Decoding, validation and overlays.
    public var decode = Duration.zero

    public init() {}
}

/// Reads scenario files (YAML or JSON), resolves `extends` chains and `remove`, and decodes
/// and validates the result.
public enum ScenarioLoader {
    /// Loads and validates the scenario at `path`.
    public static func load(path: String) -> LoadResult {
        var phases = LoadPhases()
        return load(path: path, phases: &phases)
    }

    /// Loads like `load(path:)`, recording how long each phase took (for `kam bench`).
    public static func load(path: String, phases: inout LoadPhases) -> LoadResult {
        load(path: path, phases: &phases, defaultWeek: nil, forbidden: [:])
    }

    /// Loads a workspace file: the scenario format whose `week` is given by the caller when the
    /// file has none, and where `forbidden` keys (requests, history: they live elsewhere) are errors.
    public static func load(path: String, defaultWeek: ISOWeek, forbidden: [String: String]) -> LoadResult {
        var phases = LoadPhases()
        return load(path: path, phases: &phases, defaultWeek: defaultWeek, forbidden: forbidden)
    }

    static func load(path: String, phases: inout LoadPhases, defaultWeek: ISOWeek?, forbidden: [String: String]) -> LoadResult {
        var diagnostics = Diagnostics()
        var document = resolve(path: path, chain: [], extendsAt: nil, &diagnostics, phases: &phases)
        if var entries = document?.entries, let root = document {
            for entry in entries {
                if let why = forbidden[entry.key] { diagnostics.error("'\(entry.key)' does not belong here: \(why)", at: entry.keyLocation) }
            }
            if let defaultWeek, root["week"] == nil {
                entries.append(DocumentNode.Entry(key: "week", keyLocation: root.location,
                                                  value: DocumentNode(.scalar(defaultWeek.description, plain: true), at: root.location)))
                document = DocumentNode(.mapping(entries), at: root.location)
            }
        }
        return finish(document, name: defaultName(for: path), diagnostics, phases: &phases)
    }

    /// Decodes a scenario from bytes already in memory (`file` names it in messages and
    /// chooses YAML or JSON by extension). `extends` is resolved relative to `file`.
    public static func load(bytes: [UInt8], file: String) -> LoadResult {
        var diagnostics = Diagnostics()
        var phases = LoadPhases()
        let document = parse(bytes, file: file, &diagnostics).flatMap {
            resolveExtends($0, file: file, canonical: canonicalPath(file), chain: [], &diagnostics, phases: &phases)
        }
        return finish(document, name: defaultName(for: file), diagnostics, phases: &phases)
    }

    /// Decodes the resolved document (if any) and sorts every diagnostic; no scenario when any is an error.
    private static func finish(_ document: DocumentNode?, name: String, _ diagnostics: Diagnostics, phases: inout LoadPhases) -> LoadResult {
        var diagnostics = diagnostics
        var scenario: Scenario?
        if let document {
            let start = ContinuousClock.now
            var decoder = ScenarioDecoder(diagnostics: diagnostics)
            scenario = decoder.decode(document, defaultName: name)
            diagnostics = decoder.diagnostics
            phases.decode += ContinuousClock.now - start
        }
        let sorted = sortedDiagnostics(diagnostics.all)
        return LoadResult(scenario: sorted.contains { $0.severity == .error } ? nil : scenario, diagnostics: sorted)
    }

    /// "baseline" for "scenarios/baseline.yaml".
    public static func defaultName(for path: String) -> String {
        let file = (path as NSString).lastPathComponent
        let stem = (file as NSString).deletingPathExtension
        return stem.isEmpty ? file : stem
    }

    static func sortedDiagnostics(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.enumerated().sorted { a, b in
            let (la, lb) = (a.element.location, b.element.location)
            if a.element.file != b.element.file { return a.element.file < b.element.file }
            if let la, let lb, (la.line, la.column) != (lb.line, lb.column) { return (la.line, la.column) < (lb.line, lb.column) }
            if (la == nil) != (lb == nil) { return lb == nil }
            return a.offset < b.offset
        }.map(\.element)
    }

    static func canonicalPath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// Reads, parses and resolves one file of an `extends` chain into a merged document.
    static func resolve(path: String, chain: [String], extendsAt: SourceLocation?, _ diagnostics: inout Diagnostics, phases: inout LoadPhases) -> DocumentNode? {
        let canonical = canonicalPath(path)
        if let first = chain.firstIndex(of: canonical) {
            let cycle = (chain[first...] + [canonical]).map { ($0 as NSString).lastPathComponent }.joined(separator: " -> ")
            let at = extendsAt ?? SourceLocation(file: path, line: 1, column: 1)
            diagnostics.error("'extends' makes a cycle: \(cycle)", at: at)
            return nil
        }
        let clock = ContinuousClock()
        var start = clock.now
        guard let bytes = read(path: path, extendsAt: extendsAt, &diagnostics) else { return nil }
        phases.read += clock.now - start
        start = clock.now
        guard let root = parseCached(bytes, file: path, &diagnostics) else { return nil }
        phases.parse += clock.now - start
        return resolveExtends(root, file: path, canonical: canonical, chain: chain, &diagnostics, phases: &phases)
    }

    /// Applies the document's own `extends` and `remove`.
    private static func resolveExtends(_ root: DocumentNode, file: String, canonical: String, chain: [String], _ diagnostics: inout Diagnostics, phases: inout LoadPhases) -> DocumentNode? {
        let root = AccountFileInclude.resolve(root, file: file, &diagnostics)
        let remove = root["remove"].flatMap { $0.isNull ? nil : $0 }
        guard let extends = root["extends"], !extends.isNull else {
            if let remove {
                diagnostics.error("'remove' needs 'extends': there is no base scenario to remove from", at: remove.location)
            }
            return root
        }
        guard let relative = extends.scalarText, !relative.isEmpty else {
            diagnostics.error("'extends' is \(extends.kindDescription), expected the path of a base scenario file", at: extends.location)
            return nil
        }
        let directory = (file as NSString).deletingLastPathComponent
        let basePath = relative.hasPrefix("/") ? relative : (directory.isEmpty ? relative : directory + "/" + relative)
        guard let base = resolve(path: basePath, chain: chain + [canonical], extendsAt: extends.location, &diagnostics, phases: &phases) else { return nil }
        var merged = Overlay.merge(base: base, overlay: root)
        if let remove { merged = Overlay.applyRemove(remove, to: merged, &diagnostics) }
        return merged
    }

    /// The file's bytes, or an error (missing, not a regular file, too large, unreadable). Only a
    /// regular file is read (a device such as /dev/zero would never end, a FIFO would block), and the
    /// size cap is checked before reading and again while reading (a file may grow meanwhile).
    static func read(path: String, extendsAt: SourceLocation?, kind: String = "base scenario", _ diagnostics: inout Diagnostics) -> [UInt8]? {
        func fail(_ problem: String) -> [UInt8]? {
            if let extendsAt {
                diagnostics.error("cannot read \(kind) '\(path)': \(problem)", at: extendsAt)
            } else {
                diagnostics.append(contentsOf: [.error("cannot read scenario: \(problem)", file: path)])
            }
            return nil
        }
        let limit = DocumentLimits.maximumFileSize
        let tooLarge = { (size: Int) in "it is more than the \(limit / 1_048_576) MB a scenario may have (\(size / 1_048_576) MB or more)" }
        var info = stat()
        guard stat(path, &info) == 0 else { return fail(errno == ENOENT ? "no such file" : String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: return fail("it is a directory, expected a .yaml, .yml or .json file")
        case S_IFCHR, S_IFBLK: return fail("it is a device, expected a regular .yaml, .yml or .json file")
        case S_IFIFO: return fail("it is a pipe (FIFO), expected a regular .yaml, .yml or .json file")
        case S_IFSOCK: return fail("it is a socket, expected a regular .yaml, .yml or .json file")
        default: return fail("it is not a regular file, expected a .yaml, .yml or .json file")
        }
        if Int(info.st_size) > limit { return fail(tooLarge(Int(info.st_size))) }
        // O_NONBLOCK: should the path be swapped for a FIFO after the check, open does not hang.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return fail(errno == EACCES ? "permission denied" : String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var opened = stat()
        guard fstat(descriptor, &opened) == 0, opened.st_mode & S_IFMT == S_IFREG else {
            return fail("it is not a regular file, expected a .yaml, .yml or .json file")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(opened.st_size))
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return fail(String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { return fail(tooLarge(bytes.count)) }
        }
        return bytes
    }

    /// `parse`, served from `ParseCache` when the same file with the same bytes parsed cleanly before.
    static func parseCached(_ bytes: [UInt8], file: String, _ diagnostics: inout Diagnostics) -> DocumentNode? {
        if let root = ParseCache.lookup(file: file, bytes: bytes) { return root }
        let before = diagnostics.all.count
        let root = parse(bytes, file: file, &diagnostics)
        if let root, diagnostics.all.count == before { ParseCache.store(file: file, bytes: bytes, root: root) }
        return root
    }

    /// Parses YAML or JSON by the file's extension; the root must be a mapping.
    static func parse(_ bytes: [UInt8], file: String, _ diagnostics: inout Diagnostics) -> DocumentNode? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        let parsed: (root: DocumentNode?, problems: [Diagnostic])
        do {
            switch (file as NSString).pathExtension.lowercased() {
            case "yaml", "yml": parsed = try YAMLReader.read(bytes, file: file)
            case "json": parsed = try JSONReader.read(bytes, file: file)
            default:
                diagnostics.append(contentsOf: [.error("unknown scenario format; expected a .yaml, .yml or .json file", file: file)])
                return nil
            }
        } catch {
            diagnostics.append(contentsOf: [error])
            return nil
        }
        diagnostics.append(contentsOf: parsed.problems)
        guard let root = parsed.root, !root.isNull else {
            diagnostics.error("the file is empty; expected a scenario: a mapping with at least 'week'", at: start)
            return nil
        }
        guard root.entries != nil else {
            diagnostics.error("the file holds \(root.kindDescription), expected a scenario: a mapping with at least 'week'", at: root.location)
            return nil
        }
        return root
    }
}
