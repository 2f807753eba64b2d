import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Workspace

/// The web pages: Mustache templates (Sources/Server/Resources, compiled into the binary) inside
/// one layout. Values are HTML-escaped by the templates; nothing on a page needs JavaScript.
enum Pages {
    static let library: MustacheLibrary = {
        var library = MustacheLibrary()
        let templates: [(String, [UInt8])] = [
            ("layout", PackageResources.layout_mustache), ("signin", PackageResources.signin_mustache),
            ("manager", PackageResources.manager_mustache), ("planner", PackageResources.planner_mustache),
            ("error", PackageResources.error_mustache),
        ]
        for (name, bytes) in templates {
            // The templates are part of the source: one that does not parse is a build mistake the tests catch.
            try! library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        return library
    }()

    /// A page: `template` rendered with `values`, inside the layout with the signed-in user's bar.
    static func render(_ template: String, title: String, values: [String: Any], context: ServerContext,
                       status: HTTPResponse.Status = .ok, notice: String? = nil, problem: String? = nil) -> Response {
        var all = values
        if let user = context.identity { all["user"] = present(["id": user.id, "role": user.role.rawValue, "manager": user.manager]) }
        if let session = context.session { all["csrf"] = session.csrfToken }
        let body = library.render(all, withTemplate: template) ?? ""
        var layout: [String: Any] = ["title": title, "body": body]
        layout["user"] = all["user"]
        layout["csrf"] = all["csrf"]
        layout["notice"] = notice
        layout["problem"] = problem
        return html(library.render(layout, withTemplate: "layout") ?? "", status: status)
    }

    /// Template values without the absent ones: Mustache would show a nil wrapped in Any as "nil".
    static func present(_ values: [String: Any?]) -> [String: Any] {
        values.compactMapValues { $0 }
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        // Pages load nothing from elsewhere and run no script; forms post only here; no framing.
        fields[.contentSecurityPolicy] = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        fields[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// An error page for a browser.
    static func error(_ error: APIError, signedIn: Bool) -> Response {
        let body = library.render(["status": "\(error.status.code) \(error.status.reasonPhrase)", "message": error.message, "signedIn": signedIn],
                                  withTemplate: "error") ?? ""
        let page = library.render(["title": "\(error.status.code)", "body": body], withTemplate: "layout") ?? ""
        return html(page, status: error.status)
    }

    /// `done=TEXT&sig=HMAC`: a notice for the page a form redirects to, signed so that a page shows
    /// only the server's own words (a link from elsewhere with `done=` shows nothing).
    static func noticeQuery(_ text: String) -> String {
        let encoded = text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        return "done=\(encoded)&sig=\(Credentials.signed(text))"
    }

    /// The notice of a page's address when the server signed it; nil otherwise.
    static func notice(_ query: Parameters) -> String? {
        guard let text = query.get("done"), let signature = query.get("sig"), Credentials.isSigned(text, signature: signature) else { return nil }
        return text
    }

    /// 303 to `location`: after a form, the browser fetches the page again with GET.
    static func redirect(_ location: String, cookie: Cookie? = nil) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        if let cookie { response.setCookie(cookie) }
        return response
    }
}
