import Hummingbird
import Scenarios

/// JSON responses: kam's own renderer (keys in a fixed order, so the same state gives the same bytes).
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        text(value.rendered(), status: status, headers: headers)
    }

    /// An already rendered JSON document (a stored plan.json).
    static func text(_ json: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: json)))
    }
}
