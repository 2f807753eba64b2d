/// Little-endian bytes for kam's own binary files (the solver state of a plan): fixed-width
/// integers, doubles by their bit pattern, strings as a length and UTF-8.
struct StateByteWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func u8(_ value: UInt8) { bytes.append(value) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A count or an index (at most UInt32.max, as every count of a model GLPK accepts is).
    mutating func int(_ value: Int) { u32(UInt32(value)) }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func double(_ value: Double) { u64(value.bitPattern) }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }
}

/// Reads what `StateByteWriter` wrote; every read is bounds-checked and a short or damaged file
/// throws `damaged`, never traps.
struct StateByteReader {
    struct Damaged: Error {
        var what: String
    }

    private let bytes: [UInt8]
    private(set) var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var isAtEnd: Bool { offset == bytes.count }
    var remaining: Int { bytes.count - offset }

    private mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws -> Int {
        guard count >= 0, count <= remaining else { throw Damaged(what: "it ends inside \(what())") }
        defer { offset += count }
        return offset
    }

    mutating func u8(_ what: @autoclosure () -> String) throws -> UInt8 {
        bytes[try take(1, what())]
    }

    mutating func bool(_ what: @autoclosure () -> String) throws -> Bool {
        switch try u8(what()) {
        case 0: return false
        case 1: return true
        default: throw Damaged(what: "\(what()) is neither true nor false")
        }
    }

    mutating func u32(_ what: @autoclosure () -> String) throws -> UInt32 {
        let start = try take(4, what())
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: UInt32.self)) }
    }

    mutating func int(_ what: @autoclosure () -> String) throws -> Int { Int(try u32(what())) }

    /// A count of items each at least `size` bytes long: checked against what is left, so a
    /// damaged count cannot ask for more memory than the file could describe.
    mutating func count(_ what: @autoclosure () -> String, itemSize size: Int) throws -> Int {
        let count = try int("the count of \(what())")
        guard count <= remaining / max(1, size) else { throw Damaged(what: "\(count) \(what()) cannot fit in the \(remaining) bytes left") }
        return count
    }

    mutating func u64(_ what: @autoclosure () -> String) throws -> UInt64 {
        let start = try take(8, what())
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: start, as: UInt64.self)) }
    }

    mutating func double(_ what: @autoclosure () -> String) throws -> Double { Double(bitPattern: try u64(what())) }

    mutating func string(_ what: @autoclosure () -> String) throws -> String {
        let count = try int("the length of \(what())")
        let start = try take(count, what())
        return String(decoding: bytes[start..<start + count], as: UTF8.self)
    }

    mutating func optionalString(_ what: @autoclosure () -> String) throws -> String? {
        try bool(what()) ? try string(what()) : nil
    }

    /// An index below `bound`.
    mutating func index(below bound: Int, _ what: @autoclosure () -> String) throws -> Int {
        let value = try int(what())
        guard value < bound else { throw Damaged(what: "\(what()) is \(value), expected below \(bound)") }
        return value
    }
}
