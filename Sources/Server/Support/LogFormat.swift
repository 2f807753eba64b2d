import Foundation
import Logging
import Scenarios
import Workspace

/// How `kam serve` writes its log on standard error: `text`, one readable line per event, or
/// `json`, one JSON object per line (`time`, `level`, `label`, `message` and the event's fields)
/// for a log collector. A request's line carries `event: request` and its fields (method, path,
/// status, ms); in text they are already in the message, so only JSON repeats them as fields.
public enum LogFormat: String, Sendable, CaseIterable {
    case text, json

    /// A handler for `label` writing to standard error at `level` and above.
    public func handler(label: String, level: Logger.Level = .info) -> any LogHandler {
        KamLogHandler(label: label, format: self, logLevel: level, write: { line in FileHandle.standardError.write(Data(line.utf8)) })
    }
}

/// swift-log's handler for both formats; `write` gets whole lines.
struct KamLogHandler: LogHandler {
    let label: String
    let format: LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]
    let write: @Sendable (String) -> Void

    init(label: String, format: LogFormat, logLevel: Logger.Level, write: @escaping @Sendable (String) -> Void) {
        (self.label, self.format, self.logLevel, self.write) = (label, format, logLevel, write)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let fields = metadata.merging(event.metadata ?? [:]) { $1 }
        let time = Timestamp.text(Date())
        switch format {
        case .json:
            var pairs: [(String, JSONValue)] = [("time", .string(time)), ("level", .string(event.level.rawValue)), ("label", .string(label)),
                                                ("message", .string("\(event.message)"))]
            pairs += fields.sorted { $0.key < $1.key }.map { ($0.key, .string("\($0.value)")) }
            write(Self.compact(.object(pairs)) + "\n")
        case .text:
            let shown = fields["event"] == "request" ? [:] : fields
            let extra = shown.isEmpty ? "" : " " + shown.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            write("\(time) \(event.level) \(label): \(event.message)\(extra)\n")
        }
    }

    /// One line of JSON (the API's rendering is indented over many lines).
    static func compact(_ value: JSONValue) -> String {
        switch value {
        case .object(let pairs):
            return "{" + pairs.map { compact(.string($0.0)) + ":" + compact($0.1) }.joined(separator: ",") + "}"
        default:
            var bytes = value.renderedUTF8()
            bytes.removeLast()  // the final newline
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
