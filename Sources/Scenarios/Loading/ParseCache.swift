import Synchronization

/// The last few clean parses of this process, by file name and exact bytes: the overlays of one
/// `kam compare` extend the same base, which is then parsed once instead of once per overlay
/// (L: 0.3 s a parse). Only parses without any diagnostic are kept, so what a caller sees is
/// exactly what a fresh parse would give. Bounded, so a long-running process holds at most
/// `capacity` documents.
enum ParseCache {
    static let capacity = 4
    private struct Entry {
        var file: String
        var bytes: [UInt8]
        var root: DocumentNode
    }
    private static let entries = Mutex<[Entry]>([])

    static func lookup(file: String, bytes: [UInt8]) -> DocumentNode? {
        entries.withLock { entries in entries.first { $0.file == file && $0.bytes == bytes }?.root }
    }

    static func store(file: String, bytes: [UInt8], root: DocumentNode) {
        entries.withLock { entries in
            entries.removeAll { $0.file == file }
            entries.append(Entry(file: file, bytes: bytes, root: root))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }
}
