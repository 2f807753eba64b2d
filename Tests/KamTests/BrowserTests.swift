import Foundation
import TestSupport
import Testing

/// The web pages in a real browser: headless Chromium driven by selenium (installed by make test).
@Suite("Team server, in a browser")
struct BrowserTests {
    /// True when python3 can import selenium and chromedriver is installed.
    static let hasBrowser = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver") && ServerLiveTests.canImport("selenium")

    @Test("A manager files a request, the planner plans and publishes, the manager sees the team (screenshots in .build/test-artifacts/browser)",
          .enabled(if: hasBrowser, "selenium or chromium-driver missing (make test installs them)"), .timeLimit(.minutes(4)))
    func managerAndPlanner() throws {
        let folder = try scratchDirectory("kam-browser")
        defer { try? FileManager.default.removeItem(at: folder) }
        let ws = folder.appendingPathComponent("ws").path
        let env = ["KAM_TODAY": "2026-11-23"]
        #expect(try KamRunner.run(["init", ws, "--from", "scenarios/baseline.yaml"]).status == 0)
        for (id, role, password) in [("zhang", "manager", "zhang-password"), ("ana", "planner", "ana-password")] {
            var arguments = ["user", "add", "--workspace", ws, "--id", id, "--role", role]
            if role == "manager" { arguments += ["--manager", "m-zhang"] }
            #expect(try KamRunner.run(arguments).status == 0)
            #expect(try KamRunner.run(["user", "password", id, "--workspace", ws], stdin: password + "\n").status == 0)
        }
        let server = try ServerLiveTests.RunningServer(workspace: ws, port: 0, environment: env)
        defer { _ = server.kill(SIGTERM) }
        let artifacts = repositoryRoot.appendingPathComponent(".build/test-artifacts/browser")
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: ServerLiveTests.python!)
        browser.arguments = [repositoryRoot.appendingPathComponent("Tests/Live/browser_flow.py").path, "http://127.0.0.1:\(server.port)", artifacts.path]
        let out = Pipe(), err = Pipe()
        browser.standardOutput = out
        browser.standardError = err
        try browser.run()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        browser.waitUntilExit()
        #expect(browser.terminationStatus == 0, "\(String(decoding: errors, as: UTF8.self).suffix(3000))")
        #expect(output.contains("ok"))
        #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("3-manager-team.png").path))
    }
}
