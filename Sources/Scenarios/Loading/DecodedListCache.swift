import Synchronization

/// Long lists this process decoded, by the identity of the document list they came from: the
/// overlays of one `kam compare` share their base's untouched lists (`Overlay.merge` keeps them),
/// so the base's 40,000 accounts are decoded once instead of once per overlay. An entry holds
/// its document list, so the storage it is known by cannot be freed and reused while it is
/// cached; decoding is a function of the list alone, so what a caller gets is exactly what
/// decoding again would give. Bounded, like `ParseCache`.
enum DecodedListCache {
    static let capacity = 16

    private struct Entry: @unchecked Sendable {  // `decoded` holds Sendable values of the list's type
        var kind: String
        var elements: [DocumentNode]
        var decoded: Any
        var skillNames: Set<String>
    }
    private static let entries = Mutex<[Entry]>([])

    /// The storage address of `elements` (non-empty lists only).
    private static func identity(_ elements: [DocumentNode]) -> UnsafeRawPointer? {
        elements.withUnsafeBufferPointer { $0.baseAddress.map { UnsafeRawPointer($0) } }
    }

    static func lookup<T>(kind: String, _ elements: [DocumentNode], as: T.Type) -> (decoded: T, skillNames: Set<String>)? {
        guard let address = identity(elements) else { return nil }
        return entries.withLock { entries in
            entries.first { $0.kind == kind && $0.elements.count == elements.count && identity($0.elements) == address }
                .flatMap { entry in (entry.decoded as? T).map { ($0, entry.skillNames) } }
        }
    }

    static func store<T: Sendable>(kind: String, _ elements: [DocumentNode], decoded: T, skillNames: Set<String>) {
        guard identity(elements) != nil else { return }
        entries.withLock { entries in
            entries.append(Entry(kind: kind, elements: elements, decoded: decoded, skillNames: skillNames))
            if entries.count > capacity { entries.removeFirst(entries.count - capacity) }
        }
    }
}
