/// Reads a JSON text into a `DocumentNode` (every value with its line and column), for callers
/// outside scenario files: the team server's request bodies.
public enum JSONDocument {
    /// The root value (nil for an empty text); malformed JSON throws with its location.
    public static func read(_ bytes: [UInt8], file: String = "body") throws(Diagnostic) -> DocumentNode? {
        let (root, problems) = try JSONReader.read(bytes, file: file)
        if let first = problems.first(where: { $0.severity == .error }) { throw first }
        return root
    }
}
