import Foundation
import TestSupport
import Testing
@testable import LinearProgramming

/// Exported models are read back by an independent program, glpsol (Debian glpk-utils),
/// and must give the same optimum. Skipped, saying so, when glpsol is not installed.
@Suite("Model export")
struct ExportTests {
    static let glpsol: String? = ["/usr/bin/glpsol", "/usr/local/bin/glpsol"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }


    /// Runs glpsol on a file and returns the objective from its report ("Objective:  obj = 36 (MAXimum)").
    func glpsolObjective(_ arguments: [String]) throws -> Double {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("report.txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.glpsol))
        process.arguments = arguments + ["-o", report.path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let text = try String(contentsOf: report, encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("Objective:") })
        let value = try #require(line.split(separator: "=").last?.split(separator: " ").first)
        return try #require(Double(value))
    }

    @Test("MPS export re-read by glpsol gives the same optimum", .enabled(if: glpsol != nil, "glpsol is not installed (Debian glpk-utils); skipped"))
    func mpsRoundTrip() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Free MPS has no objective sense; glpsol reads it as minimize unless told --max.
        let wyndor = directory.appendingPathComponent("wyndor.mps").path
        try export(Fixtures.wyndor().model, to: wyndor)
        #expect(close(try glpsolObjective(["--freemps", wyndor, "--max"]), try solve(Fixtures.wyndor().model).objective))
        let transport = directory.appendingPathComponent("transport.mps").path
        try export(Fixtures.transportation().model, to: transport)
        #expect(close(try glpsolObjective(["--freemps", transport]), 130))
        let knapsack = directory.appendingPathComponent("knapsack.mps").path
        try export(Fixtures.knapsack().model, to: knapsack)
        #expect(close(try glpsolObjective(["--freemps", knapsack, "--max"]), 26))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["knapsack.mps", "transport.mps", "wyndor.mps"])
    }

    @Test("CPLEX LP export re-read by glpsol gives the same optimum", .enabled(if: glpsol != nil, "glpsol is not installed (Debian glpk-utils); skipped"))
    func lpRoundTrip() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (name, model) in [("wyndor", Fixtures.wyndor().model), ("transport", Fixtures.transportation().model), ("knapsack", Fixtures.knapsack().model)] {
            let path = directory.appendingPathComponent("\(name).lp").path
            try export(model, to: path)
            #expect(close(try glpsolObjective(["--lp", path]), try solve(model).objective))
        }
        let text = try String(contentsOfFile: directory.appendingPathComponent("wyndor.lp").path, encoding: .utf8)
        #expect(text.contains("Maximize"))
        #expect(text.contains("plant3: +") && text.contains("<= 18"))
    }

    @Test("Export errors are clear and leave no file behind")
    func exportErrors() throws {
        let directory = try scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = Fixtures.wyndor().model
        #expect(throws: LinearProgrammingError.exportFailed(path: "model.txt", reason: "unknown model format; use a .mps or .lp file name")) {
            try export(model, to: "model.txt")
        }
        let missing = directory.appendingPathComponent("no/such/dir/model.mps").path
        #expect {
            try export(model, to: missing)
        } throws: { error in
            guard case LinearProgrammingError.exportFailed(let path, let reason) = error else { return false }
            return path == missing && reason.contains("No such file or directory")
        }
        var twins = LinearModel()
        _ = twins.addVariable("x")
        _ = twins.addVariable("x")
        #expect(throws: LinearProgrammingError.invalidModel(["variable name 'x' is used by #0 and #1; exported files need unique names"])) {
            try export(twins, to: directory.appendingPathComponent("twins.lp").path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
    }
}
