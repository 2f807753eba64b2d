import Hummingbird
import Scenarios

/// Ids that arrive in a path, a query or a body (accounts, experts, managers, requests): checked
/// before any lookup. A control character (a NUL, a newline, an escape) is refused with 422
/// `controlCharacter`; an empty id with 422 `invalid`. What is left is looked up, and an id the
/// workspace does not know answers 404.
enum Identifiers {
    /// The first scalar no id may hold: C0 (tabs and newlines too), DEL and C1.
    static func firstControl(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first { $0.value < 0x20 || TextSafety.isForbiddenControl($0) }
    }

    /// `text` as the id named `field`.
    @discardableResult
    static func check(_ text: String, field: String) throws -> String {
        guard !text.isEmpty else { throw APIError(.unprocessableContent, code: "invalid", "'\(field)' is empty; expected an id", field: field) }
        if let control = firstControl(in: text) {
            throw APIError(.unprocessableContent, code: "controlCharacter",
                           "the \(field) contains the control character \(TextSafety.visible(control)); ids are printable text", field: field)
        }
        return text
    }

    /// The path parameter `name` (percent-decoded: `/api/accounts/%E5%AE%A2` is the account 客) as an id.
    static func path(_ context: ServerContext, _ name: String, field: String? = nil) throws -> String {
        let raw = try context.parameters.require(name)
        return try check(raw.removingPercentEncoding ?? raw, field: field ?? name)
    }

    /// The query parameter `name` as an id, when given.
    static func query(_ request: Request, _ name: String) throws -> String? {
        try request.uri.queryParameters.get(name).map { try check($0, field: name) }
    }
}
