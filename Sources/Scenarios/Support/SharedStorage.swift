/// Whether two arrays are one storage: the same elements without comparing them. A cache that
/// keeps the array it was made from keeps its storage alive, so another array can never come to
/// have that address: equal storage means equal contents.
public enum SharedStorage {
    public static func same<Element>(_ a: [Element], _ b: [Element]) -> Bool {
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBufferPointer { first in b.withUnsafeBufferPointer { second in first.baseAddress == second.baseAddress } }
    }
}
