import Hummingbird
import NIOHTTP1
import Scenarios
import Workspace

/// An error as the API answers it: `{"error": {"code", "message", "field"}}` with its status code.
/// Every failure a route can meet becomes one of these; nothing else (no stack trace, no SQL text)
/// reaches a client.
struct APIError: Error, Sendable {
    var status: HTTPResponse.Status
    var code: String
    var message: String
    var field: String?
    /// Headers the answer carries besides its body (Retry-After, Allow).
    var headers: HTTPFields = [:]

    init(_ status: HTTPResponse.Status, code: String, _ message: String, field: String? = nil) {
        (self.status, self.code, self.message, self.field) = (status, code, message, field)
    }

    /// 429 or 503 with Retry-After: `seconds` until the client may try again.
    static func wait(_ status: HTTPResponse.Status, code: String, _ message: String, seconds: Int) -> APIError {
        var error = APIError(status, code: code, message + "; try again in \(seconds) s")
        error.headers[.retryAfter] = String(seconds)
        return error
    }

    /// The status code of an error category (the CLI prints the same errors as `error: ...`).
    static func status(of category: ErrorCategory) -> HTTPResponse.Status {
        switch category {
        case .invalid: .unprocessableContent
        case .notFound: .notFound
        case .conflict: .conflict
        case .forbidden: .forbidden
        case .unauthenticated: .unauthorized
        case .unavailable: .serviceUnavailable
        }
    }

    /// Any thrown error in API terms; `nil` for one that is not the client's doing (a bug: logged, 500).
    static func from(_ error: any Error) -> APIError? {
        switch error {
        case let error as APIError:
            return error
        case let error as WorkspaceError:
            return APIError(status(of: error.category), code: caseName(error) ?? error.category.rawValue, error.description, field: error.field)
        case let error as AccessError:
            return APIError(status(of: error.category), code: error.code, error.description, field: error.field)
        case let problem as RequestForm.Problem:
            return problem.malformed
                ? APIError(.badRequest, code: "malformedJSON", problem.message + (problem.line.map { " (line \($0), column \(problem.column ?? 1))" } ?? ""))
                : APIError(.unprocessableContent, code: "invalid", problem.message, field: problem.field)
        case let error as HTTPResponseError where error.status == .contentTooLarge:
            return APIError(.contentTooLarge, code: "bodyTooLarge", "the body is larger than \(TeamServer.maximumBody / 1024) KiB")
        case let error as HTTPError:
            return APIError(error.status, code: "http\(error.status.code)", error.body ?? error.status.reasonPhrase)
        case HTTPParserError.invalidEOFState:
            // The client closed before the body it announced (Content-Length) arrived.
            return APIError(.badRequest, code: "truncatedBody", "the request ended before its body was complete (fewer bytes than its Content-Length); nothing was carried out")
        case is HTTPParserError:
            return APIError(.badRequest, code: "malformedRequest", "the request is not well-formed HTTP; nothing was carried out")
        case let error as HTTPResponseError where error.status.code < 500:
            return APIError(error.status, code: "http\(error.status.code)", error.status.reasonPhrase)
        case let error as CategorizedError:
            return APIError(status(of: error.category), code: error.category.rawValue, error.description)
        default:
            return nil
        }
    }

    /// The case name of an error enum case with a payload: `unknownAccount`, `alreadyPublished`...
    private static func caseName(_ error: some Error) -> String? {
        Mirror(reflecting: error).children.first?.label
    }

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
        if let field { pairs.append(("field", .string(field))) }
        return .object([("error", .object(pairs))])
    }

    var response: Response { JSONResponse.make(json, status: status, headers: headers) }
}
