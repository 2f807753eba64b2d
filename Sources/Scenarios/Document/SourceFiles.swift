import Synchronization

/// The names of the files locations point into, each kept once and known by its number
/// (`SourceLocation` holds the number). Names are never forgotten: a process sees few files
/// (a scenario, its bases and account files, the server's plans by week and version), and a
/// name costs its own bytes once however many nodes point into it.
enum SourceFiles {
    private struct Table {
        var names: [String] = []
        var numbers: [String: UInt32] = [:]
    }

    private static let table = Mutex(Table())

    /// The number of `name`, given on first sight.
    static func number(of name: String) -> UInt32 {
        table.withLock { table in
            if let number = table.numbers[name] { return number }
            let number = UInt32(table.names.count)
            table.names.append(name)
            table.numbers[name] = number
            return number
        }
    }

    /// The name numbered `number` (only numbers `number(of:)` gave exist).
    static func name(of number: UInt32) -> String {
        table.withLock { $0.names[Int(number)] }
    }
}
