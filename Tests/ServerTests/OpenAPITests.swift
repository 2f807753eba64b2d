import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Scenarios
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

    /// Every `enum: [...]` list of quoted strings in `text`, in order.
    static func quotedEnums(_ text: String) -> [[String]] {
        var lists: [[String]] = []
        var rest = text[...]
        while let found = rest.range(of: #"enum: \[("[^"]*"(, )?)+\]"#, options: .regularExpression) {
            let body = rest[found].dropFirst("enum: [".count).dropLast()
            lists.append(body.split(separator: ", ").map { String($0.dropFirst().dropLast()) })
            rest = rest[found.upperBound...]
        }
        return lists
    }

    @Test("GET /openapi.yaml serves Sources/Server/Resources/openapi.yaml with the window's weeks, the contact dates and the skills written in; each of its 27 operations reaches a route")
    func document() async throws {
        let fixture = try ServerFixture()
        defer { fixture.remove() }
        let committed = try String(contentsOf: repositoryRoot.appendingPathComponent("Sources/Server/Resources/openapi.yaml"), encoding: .utf8)
        let operations = Self.operations(committed)
        #expect(operations.count == 27)
        try await fixture.test { client in
            let served = try await client.call(.get, "/openapi.yaml")
            #expect(served.status == .ok)
            #expect(served.headers[.contentType] == "application/yaml; charset=utf-8")
            // Every marker is replaced; the rest of the text is the committed file's.
            #expect(!served.text.contains("x-kam-enum"))
            #expect(served.text.replacingOccurrences(of: #"enum: \[("[^"]*"(, )?)*\]"#, with: "ENUM", options: .regularExpression)
                == committed.replacingOccurrences(of: #"x-kam-enum: [a-zA-Z]+"#, with: "ENUM", options: .regularExpression))
            // Today 2026-11-23 is in 2026-W48; policy.weeks' default window is 8 weeks back (2026-W40) to 60 ahead:
            // 2026 has 53 ISO weeks (it ends on a Thursday), so W48 + 6 = 2027-W01 and + 60 = 2027-W55 = 2028-W03 (2027 has 52).
            let lists = Self.quotedEnums(served.text)
            func count(_ marker: String) -> Int { committed.components(separatedBy: "x-kam-enum: \(marker)\n").count - 1 + committed.components(separatedBy: "x-kam-enum: \(marker) ").count - 1 }
            let weeks = (0..<69).map { ISOWeek(year: 2026, week: 40)!.adding(weeks: $0).description }
            #expect(weeks.first == "2026-W40" && weeks.last == "2028-W03" && weeks.contains("2026-W53"))
            #expect(lists.filter { $0 == weeks }.count == count("weeks") && count("weeks") >= 1)
            #expect(lists.filter { $0 == Array(weeks.dropFirst(8)) }.count == count("weeksToFile") && count("weeksToFile") == 1)
            // Contacts: from the Monday of 2026-W40 (2026-09-28) to today, 57 days.
            let dates = (0..<57).map { CalendarDate(year: 2026, month: 9, day: 28)!.adding(days: $0).description }
            #expect(dates.last == "2026-11-23" && lists.filter { $0 == dates }.count == 1)
            // baseline.yaml's experts have these skills between them (iot, asked for by r-hosp-iot, is none of theirs).
            #expect(lists.filter { $0 == ["ai", "cloud", "compliance", "data", "network", "security"] }.count == 1)
            #expect(lists.count == count("weeks") + count("weeksToFile") + count("contactDates") + count("skills"), "\(lists.map(\.count))")
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
