import Foundation
import TestSupport
import Testing
import Scenarios
@testable import Visits

@Suite("iCalendar export")
struct ICalendarTests {
    /// A week with Chinese names long enough to fold, and text that needs escaping.
    static func week() throws -> (Scenario, VisitPlan) {
        var week = Week()
        week.account("bank-hq", .platinum, name: "东方银行总行 Eastbank head office, 300 branches; central purchasing")
        week.account("hospital", .gold, region: "north", name: "市第一人民医院 City No.1 Hospital")
        let plan = try week.schedule()
        return (week.scenario, plan)
    }

    static let golden = repositoryRoot.appendingPathComponent("Tests/Fixtures/visits/m.ics")

    @Test("The calendar matches the golden file byte for byte (KAM_UPDATE_GOLDEN=1 rewrites it)")
    func golden() throws {
        let (scenario, plan) = try Self.week()
        let text = ICalendar.calendar(for: scenario.managers[0], plan: plan, scenario: scenario)
        if ProcessInfo.processInfo.environment["KAM_UPDATE_GOLDEN"] == "1" {
            try Data(text.utf8).write(to: Self.golden)
        }
        let expected = try String(contentsOf: Self.golden, encoding: .utf8)
        #expect(text == expected)
    }

    @Test("Every manager's calendar at once (one index of accounts and visits) is each manager's calendar made alone")
    func allAtOnce() throws {
        let scenario = ScenarioGenerator(customers: 800, experts: 20, seed: 4, week: ISOWeek("2026-W48")!).generate()
        let plan = try VisitScheduler.schedule(scenario)
        let all = ICalendar.calendars(plan: plan, scenario: scenario)
        #expect(all.count == scenario.managers.count)
        #expect(all.filter { $0.contains("BEGIN:VEVENT") }.count > scenario.managers.count / 2)
        for (manager, calendar) in zip(scenario.managers, all) {
            #expect(calendar == ICalendar.calendar(for: manager, plan: plan, scenario: scenario), "\(manager.id)")
        }
        #expect(ICalendar.events(plan: plan, scenario: scenario) == scenario.managers.map { ICalendar.events(for: $0, plan: plan, scenario: scenario) })
    }

    @Test("Lines end in CRLF and are at most 75 octets; folding never splits a character")
    func folding() throws {
        let (scenario, plan) = try Self.week()
        let text = ICalendar.calendar(for: scenario.managers[0], plan: plan, scenario: scenario)
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(!lines.contains { $0.contains("\n") || $0.contains("\r") })
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.contains { $0.hasPrefix(" ") })  // something was folded
        // Unfolding gives back the escaped text, valid UTF-8 throughout.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Visit 东方银行总行 Eastbank head office\\, 300 branches\\; central purchasing (platinum)"))
    }

    @Test("Escaping and folding by the rules of RFC 5545")
    func rules() {
        #expect(ICalendar.escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne")
        let long = "SUMMARY:" + String(repeating: "客", count: 40)  // 8 + 120 octets
        let folded = ICalendar.fold(long)
        let pieces = folded.components(separatedBy: "\r\n")
        #expect(pieces.count == 2)
        #expect(pieces[0].utf8.count == 74)  // 8 + 22 * 3: the 23rd character would cross 75
        #expect(pieces.allSatisfy { $0.utf8.count <= 75 })
        #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == long)
        #expect(ICalendar.fold("SHORT:x") == "SHORT:x")
    }

    @Test("Control characters never reach a calendar; HTML-like text and quotes pass as text")
    func hostileText() {
        #expect(ICalendar.escape("Bank\u{1B}]0;pwned\u{07}\u{1B}[31mRED\u{7F}") == "Bank]0\\;pwned[31mRED")
        #expect(ICalendar.escape("a\tb") == "a b")
        #expect(ICalendar.escape("<script>alert(\"x\")</script>, Co; \\ \n") == "<script>alert(\"x\")</script>\\, Co\\; \\\\ \\n")
    }

    @Test("UIDs are stable: the same input gives the same calendar")
    func stable() throws {
        let (scenario, plan) = try Self.week()
        let again = try Self.week()
        #expect(ICalendar.calendar(for: scenario.managers[0], plan: plan, scenario: scenario)
                == ICalendar.calendar(for: again.0.managers[0], plan: again.1, scenario: again.0))
    }

    /// An independent parser: Python's icalendar (PyPI), installed by `make test`.
    static let hasParser: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import icalendar"]
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    @Test("A standard calendar parser (Python icalendar) reads every event", .enabled(if: hasParser, "Python icalendar is not installed; skipped"))
    func parser() throws {
        let (scenario, plan) = try Self.week()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kam-ics-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.ics").path
        try Data(ICalendar.calendar(for: scenario.managers[0], plan: plan, scenario: scenario).utf8).write(to: URL(fileURLWithPath: path))
        let script = """
            import sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            for e in cal.walk('VEVENT'):
                print('|'.join([str(e['UID']), e['DTSTART'].dt.isoformat(), e['DTEND'].dt.isoformat(), str(e['SUMMARY']), str(e['LOCATION'])]))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let events = output.split(separator: "\n").map(String.init)
        #expect(events.count == plan.scheduled.count)
        #expect(events.first == "2026-W48-m-bank-hq-1@kam|2026-11-23T09:00:00|2026-11-23T11:00:00|Visit 东方银行总行 Eastbank head office, 300 branches; central purchasing (platinum)|east")
        #expect(events.contains { $0.hasSuffix("Visit 市第一人民医院 City No.1 Hospital (gold)|north") })
    }
}
