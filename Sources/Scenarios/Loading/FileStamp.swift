import Foundation

/// A file as it was when something was made from it: its path, size and a 64-bit hash of its
/// bytes. `kam plan` stamps the plan's solver state with its scenario file, and `kam recommend
/// --plan` tells when the file has changed since. The hash finds changes, not tampering.
public struct FileStamp: Sendable, Hashable {
    /// The path as given when it was stamped.
    public var path: String
    public var size: UInt64
    public var hash: UInt64

    public init(path: String, size: UInt64, hash: UInt64) {
        (self.path, self.size, self.hash) = (path, size, hash)
    }

    /// The file at `path` as it is now; nil when it cannot be read.
    public init?(path: String) {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        self.init(path: path, size: UInt64(data.count), hash: data.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer($0)) })
    }

    /// Whether the file at `path` still has this size and hash (false when it cannot be read).
    public func matchesFile() -> Bool {
        FileStamp(path: path).map { $0.size == size && $0.hash == hash } ?? false
    }

    /// A 64-bit hash of `bytes`, eight at a time (little-endian words, then the tail), each word
    /// mixed in by a multiply and a rotation; the length is mixed in last. The same on every machine.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let prime: UInt64 = 0x9E37_79B1_85EB_CA87
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        let words = bytes.count / 8
        for index in 0..<words {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))
            h = ((h ^ word) &* prime)
            h = (h << 31) | (h >> 33)
        }
        var tail: UInt64 = 0
        for index in stride(from: bytes.count - 1, through: words * 8, by: -1) {
            tail = (tail << 8) | UInt64(bytes[index])
        }
        h = ((h ^ tail) &* prime)
        h ^= UInt64(bytes.count) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 29
        return h
    }
}
