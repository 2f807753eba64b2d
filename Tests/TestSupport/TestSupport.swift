import Foundation

/// What every test target needs: where the repository is, scratch directories, and number
/// comparison with a tolerance. One copy, shared by the test targets.

/// The repository's root, found from this file's path.
public let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A new, empty directory under the system's temporary directory; the caller removes it.
public func scratchDirectory(_ prefix: String = "kam-test") throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// a and b equal within `tolerance`, relative to their size (absolute below 1).
public func close(_ a: Double, _ b: Double, tolerance: Double = 1e-6) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(a), abs(b))
}
