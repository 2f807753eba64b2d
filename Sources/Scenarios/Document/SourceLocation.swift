/// Where something is in an input file: path, 1-based line and column.
///
/// Every node of a parsed document carries one, so it is three integers: the file is a number
/// in `SourceFiles`, not a `String` each copy of a node would retain and release (on a book of
/// 40,000 accounts with a path longer than 15 bytes, that was a third of its loading CPU time).
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
    private var fileNumber: UInt32
    private var storedLine: UInt32
    private var storedColumn: UInt32

    public init(file: String, line: Int, column: Int) {
        self.init(fileNumber: SourceFiles.number(of: file), line: line, column: column)
    }

    /// A location in the file `SourceFiles.number(of:)` gave `fileNumber` (readers look the
    /// number up once per file, not once per node).
    init(fileNumber: UInt32, line: Int, column: Int) {
        self.fileNumber = fileNumber
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
    }

    public var file: String {
        get { SourceFiles.name(of: fileNumber) }
        set { fileNumber = SourceFiles.number(of: newValue) }
    }

    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    /// "path:line:column", the prefix of every diagnostic.
    public var description: String { "\(file):\(line):\(column)" }

    /// By file name, then line, then column.
    public static func < (a: Self, b: Self) -> Bool {
        if a.fileNumber != b.fileNumber { return a.file < b.file }
        return (a.storedLine, a.storedColumn) < (b.storedLine, b.storedColumn)
    }
}
