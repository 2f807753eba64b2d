import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import TestSupport
import Testing

/// The committed OpenAPI document is the one served, and every operation it lists is a route.
@Suite("Team server OpenAPI document")
struct OpenAPITests {
    /// (method, path) of every operation in the document, read from its `paths:` block.
    static func operations(_ text: String) -> [(String, String)] {
        var result: [(String, String)] = [], path: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("components:") { break }
            if line.hasPrefix("  /"), line.hasSuffix(":") { path = String(line.dropFirst(2).dropLast()) }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("    "), !line.hasPrefix("     "), ["get:", "post:", "delete:"].contains(trimmed), let path {
                result.append((String(trimmed.dropLast()).uppercased(), path))
            }
        }
        return result
    }

    @Test("GET /openapi.yaml serves Sources/Server/Resources/openapi.yaml; each of its 27 operations reaches a route")
    func document() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Server/Resources/openapi.yaml"), encoding: .utf8)
        let operations = Self.operations(committed)
        #expect(operations.count == 27)
        try await fixture.test { client in
            let served = try await client.call(.get, "/openapi.yaml")
            #expect(served.status == .ok && served.text == committed)
            #expect(served.headers[.contentType] == "application/yaml; charset=utf-8")
            for (method, path) in operations {
                let uri = path.replacingOccurrences(of: "{id}", with: "R0001").replacingOccurrences(of: "{week}", with: "2026-W49")
                    .replacingOccurrences(of: "{manager}", with: "m-zhang")
                let response = try await client.call(HTTPRequest.Method(method)!, uri, token: fixture.tokens["ana"]!,
                                                     json: method == "POST" ? "{}" : nil)
                // A missing route answers Hummingbird's own 404 (code http404); a route answers in its own words.
                #expect(response.errorCode != "http404", "\(method) \(path): \(response.text)")
            }
            let unknown = try await client.call(.get, "/api/nothing-here", token: fixture.tokens["ana"]!)
            #expect(unknown.status == .notFound && unknown.errorCode == "http404")
        }
    }
}
