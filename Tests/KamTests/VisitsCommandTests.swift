import Foundation
import Testing

@Suite("kam visits")
struct VisitsCommandTests {
    @Test("The table shows each manager's week day by day")
    func table() throws {
        let output = try KamRunner.run(["visits", "scenarios/baseline.yaml"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix("Northwind baseline, 2026-W48: 12 visits scheduled, 0 unscheduled, 5 travel hours"))
        #expect(output.stdout.contains("m-zhang Zhang Wei 张伟 (east): 6 visits, 2 region-days, 2 h travel, up to 8 h a day"))
        #expect(output.stdout.contains("Mon 2026-11-23      7  east    09:00-11:00  bank-hq"))
    }

    @Test("--format ics --out DIR writes one calendar per manager; json and csv print the plan's visits")
    func files() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-visits-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = try KamRunner.run(["visits", "scenarios/baseline.yaml", "--format", "ics", "--out", folder.path])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "wrote 3 calendars to \(folder.path)/ (12 visits)\n")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files == ["m-chen.ics", "m-li.ics", "m-zhang.ics"])
        let zhang = try String(contentsOf: folder.appendingPathComponent("m-zhang.ics"), encoding: .utf8)
        #expect(zhang.components(separatedBy: "BEGIN:VEVENT").count - 1 == 6)
        let json = try KamRunner.run(["visits", "scenarios/baseline.yaml", "--format", "json"])
        let visits = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(visits["travelHours"] as? Double == 5)
        #expect((visits["scheduled"] as? [[String: Any]])?.first?["date"] as? String == "2026-11-23")
        let csv = try KamRunner.run(["visits", "scenarios/baseline.yaml", "--format", "csv"])
        #expect(csv.stdout.hasPrefix("manager,account,date,start,end,region,hours,tier\nm-zhang,bank-hq,2026-11-23,09:00,11:00,east,2,platinum\n"))
        let missing = try KamRunner.run(["visits", "scenarios/baseline.yaml", "--format", "ics"])
        #expect(missing.status != 0 && missing.stderr.contains("give --out DIR"))
    }
}
