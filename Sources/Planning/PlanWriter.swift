import Foundation
import Synchronization
import Scenarios

/// Writes a set of files as one unit: everything goes into a staging directory next to the
/// target, which then replaces the target by rename. A crash or a failed write leaves the old
/// plan as it was (at worst moved aside to `.NAME.previous-PID` between the two renames; the next
/// run puts back what it holds that kam did not write, and removes it). Hidden entries of the target
/// that kam did not write (`.git`, `.DS_Store`, ...) are carried over: nothing kam did not write is
/// ever deleted. A `--out` that is a symbolic link is followed: the plan replaces the directory it
/// points to and the link stays.
public struct PlanWriter {
    public enum Failure: CategorizedError, Equatable {
        case otherWeek(directory: String, existing: String, new: String)
        /// `--out` exists and is a file.
        case notADirectory(String)
        /// The directory holds files kam did not write (the first few named).
        case foreignFiles(directory: String, names: [String])
        /// Writing failed (a full disk, no permission); the old plan is intact.
        case writeFailed(directory: String, reason: String)
        case danglingLink(link: String, destination: String)

        public var category: ErrorCategory {
            switch self {
            case .otherWeek: .conflict
            case .notADirectory, .foreignFiles: .conflict
            case .writeFailed: .unavailable
            case .danglingLink: .invalid
            }
        }

        public var description: String {
            switch self {
            case .otherWeek(let directory, let existing, let new):
                "\(directory) holds the plan of \(existing); this plan is for \(new). Use --force to replace it, or choose another --out"
            case .notADirectory(let path):
                "\(path) exists and is not a directory"
            case .foreignFiles(let directory, let names):
                "\(directory) holds files that are not part of a kam plan (\(names.prefix(3).joined(separator: ", "))\(names.count > 3 ? ", ..." : "")); choose a new or empty directory"
            case .writeFailed(let directory, let reason):
                "cannot write the plan to \(directory): \(reason)"
            case .danglingLink(let link, let destination):
                "\(link) is a symbolic link to \(destination), which does not exist; create that directory or choose another --out"
            }
        }
    }

    /// For tests: fail after writing this many files.
    var failAfter: Int?

    public init() {}

    /// The week of the plan already in `directory`, if any. kam writes it as a top-level line
    /// `  "week": "2026-W48",` near the start: the first 4 KiB are read for it (an L plan.json is
    /// 13 MB, and a look ahead asks this of each of its weeks); any other file is parsed whole.
    public static func existingWeek(in directory: String) -> String? {
        let path = (directory as NSString).appendingPathComponent("plan.json")
        guard let file = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? file.close() }
        let head = String(decoding: (try? file.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        let prefix = "  \"week\": \""
        if let line = head.split(separator: "\n").first(where: { $0.hasPrefix(prefix) }),
           let end = line.dropFirst(prefix.count).firstIndex(of: "\"") {
            return String(line[line.index(line.startIndex, offsetBy: prefix.count)..<end])
        }
        guard (try? file.seek(toOffset: 0)) != nil, let data = try? file.readToEnd(),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["week"] as? String
    }

    /// Where a plan for `directory` goes: the directory itself, or where it links to.
    public struct Destination: Equatable, Sendable {
        /// The real directory written.
        public var directory: String
        /// Set when `--out` was a symbolic link (to `directory`).
        public var link: String?
    }

    /// Writes `files` into `directory` (see the type's comment); returns where they went.
    @discardableResult
    public func write(_ files: [(path: String, data: Data)], to requested: String, week: String, force: Bool) throws -> Destination {
        let manager = FileManager.default
        var destination = Destination(directory: requested, link: nil)
        if let linked = try? manager.destinationOfSymbolicLink(atPath: requested) {
            let absolute = linked.hasPrefix("/") ? linked : ((requested as NSString).deletingLastPathComponent as NSString).appendingPathComponent(linked)
            let resolved = URL(fileURLWithPath: absolute).resolvingSymlinksInPath().path
            guard manager.fileExists(atPath: resolved) else { throw Failure.danglingLink(link: requested, destination: linked) }
            destination = Destination(directory: resolved, link: requested)
        }
        let directory = destination.directory
        Self.removeStale(next: directory, known: Self.knownEntries(files))
        var isDirectory: ObjCBool = false
        let exists = manager.fileExists(atPath: directory, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw Failure.notADirectory(requested) }
        if exists {
            // Only a directory of kam's own plan files is replaced: nothing else may be lost.
            let known = Self.knownEntries(files)
            let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            let foreign = entries.filter { !Self.isOwn($0, in: directory, known: known) && !$0.hasPrefix(".") }.sorted()
            if !foreign.isEmpty {
                throw Failure.foreignFiles(directory: requested, names: foreign)
            }
        }
        if exists, !force, let existing = Self.existingWeek(in: directory), existing != week {
            throw Failure.otherWeek(directory: requested, existing: existing, new: week)
        }
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).staging-\(pid)")
        let previous = parent.appendingPathComponent(".\(target.lastPathComponent).previous-\(pid)")
        do {
            try? manager.removeItem(at: staging)
            try manager.createDirectory(at: staging, withIntermediateDirectories: true)
            // Folders first (a horizon writes thousands of files into a few), then the files, in a
            // few streams when there are many (a 13-week horizon of a large book: 5,000 files).
            var made: Set<String> = [staging.path]
            for file in files {
                let folder = staging.appendingPathComponent(file.path).deletingLastPathComponent()
                if made.insert(folder.path).inserted { try manager.createDirectory(at: folder, withIntermediateDirectories: true) }
            }
            if let failAfter {
                for (index, file) in files.enumerated() {
                    if index >= failAfter { throw Failure.writeFailed(directory: requested, reason: "simulated failure writing \(file.path)") }
                    try file.data.write(to: staging.appendingPathComponent(file.path))
                }
            } else {
                try Self.writeAll(files, into: staging)
            }
            if exists {
                try manager.moveItem(at: target, to: previous)
                do {
                    try manager.moveItem(at: staging, to: target)
                } catch {
                    try? manager.moveItem(at: previous, to: target)  // put the old plan back
                    throw error
                }
                // What kam did not write (hidden entries) moves into the new plan; only then is the old one removed.
                if Self.carryOver(from: previous, to: target, known: Self.knownEntries(files)) {
                    try? manager.removeItem(at: previous)
                }
            } else {
                try manager.moveItem(at: staging, to: target)
            }
        } catch let failure as Failure {
            try? manager.removeItem(at: staging)
            throw failure
        } catch {
            try? manager.removeItem(at: staging)
            throw Failure.writeFailed(directory: requested, reason: error.localizedDescription)
        }
        return destination
    }

    /// Writes every file into `folder` (whose subfolders exist), in up to four streams; the first
    /// error is thrown once all streams have stopped.
    static func writeAll(_ files: [(path: String, data: Data)], into folder: URL) throws {
        let streams = files.count < 64 ? 1 : min(4, ProcessInfo.processInfo.activeProcessorCount * 2)
        let failure = Mutex<(any Error)?>(nil)
        let work = files.map { (url: folder.appendingPathComponent($0.path), data: $0.data) }
        DispatchQueue.concurrentPerform(iterations: streams) { stream in
            for index in stride(from: stream, to: work.count, by: streams) {
                if failure.withLock({ $0 != nil }) { return }
                do {
                    try work[index].data.write(to: work[index].url)
                } catch {
                    failure.withLock { if $0 == nil { $0 = error } }
                    return
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// The top-level entries of `files` in order, a directory once with a trailing "/"
    /// ("plan.json", ..., "calendars/"): what `kam plan` says it wrote.
    public static func entries(_ files: [(path: String, data: Data)]) -> [String] {
        var seen = Set<String>(), result: [String] = []
        for file in files {
            let parts = file.path.split(separator: "/", maxSplits: 1)
            let entry = String(parts[0]) + (parts.count > 1 ? "/" : "")
            if seen.insert(entry).inserted { result.append(entry) }
        }
        return result
    }

    /// The top-level names kam writes into a plan directory.
    static func knownEntries(_ files: [(path: String, data: Data)]) -> Set<String> {
        Set(entries(files).map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } + ["calendars"])
    }

    /// Whether `entry` of `directory` is kam's: one of the `known` names it writes now, or a week's
    /// folder of an earlier, longer look ahead (`2027-W06/` holding the plan of 2027-W06), which a
    /// shorter one replaces.
    static func isOwn(_ entry: String, in directory: String, known: Set<String>) -> Bool {
        if known.contains(entry) { return true }
        guard ISOWeek(entry) != nil else { return false }
        return existingWeek(in: (directory as NSString).appendingPathComponent(entry)) == entry
    }

    /// Moves every entry of `old` that kam did not write into `new` (unless `new` has one of that
    /// name); true when nothing of that kind is left behind in `old`.
    @discardableResult
    static func carryOver(from old: URL, to new: URL, known: Set<String>) -> Bool {
        let manager = FileManager.default
        var allMoved = true
        for entry in (try? manager.contentsOfDirectory(atPath: old.path)) ?? [] where !isOwn(entry, in: old.path, known: known) {
            let target = new.appendingPathComponent(entry)
            if manager.fileExists(atPath: target.path) || (try? manager.moveItem(at: old.appendingPathComponent(entry), to: target)) == nil {
                allMoved = false
            }
        }
        return allMoved
    }

    /// Removes `.NAME.staging-PID` and `.NAME.previous-PID` directories left next to `directory` by
    /// runs that were killed (their process is gone). A previous plan first gives back to the plan
    /// what kam did not write; one that cannot give everything back is kept.
    static func removeStale(next directory: String, known: Set<String>) {
        let manager = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        for entry in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] {
            for kind in ["staging", "previous"] {
                let prefix = ".\(name).\(kind)-"
                guard entry.hasPrefix(prefix), let pid = Int32(entry.dropFirst(prefix.count)), pid > 0,
                      pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0, errno == ESRCH
                else { continue }
                let stale = parent.appendingPathComponent(entry)
                if kind == "previous" {
                    if !manager.fileExists(atPath: target.path) {
                        try? manager.moveItem(at: stale, to: target)  // killed between the two renames: the old plan is the plan
                        continue
                    }
                    guard carryOver(from: stale, to: target, known: known) else { continue }
                }
                try? manager.removeItem(at: stale)
            }
        }
    }
}
