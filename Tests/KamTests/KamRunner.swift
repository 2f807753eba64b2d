import Foundation
import TestSupport

/// Runs the built `kam` binary, as a user would.
struct KamRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repositoryRoot = TestSupport.repositoryRoot

    /// The `kam` next to the test bundle (the one `swift test` just built).
    static let executable: URL = {
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("kam")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return repositoryRoot.appendingPathComponent(".build/debug/kam")
    }()

    /// `run` with KAM_TODAY set to `today` (a workspace works on weeks around today: tests of a
    /// fixed far week say which day it is).
    static func run(today: String, _ arguments: [String], in directory: URL = repositoryRoot, environment: [String: String] = [:],
                    stdin: String? = nil) throws -> Output {
        try run(arguments, in: directory, environment: environment.merging(["KAM_TODAY": today]) { a, _ in a }, stdin: stdin)
    }

    /// Runs kam with `arguments` in `directory` (the repository by default); standard input is
    /// `stdin` when given, else closed.
    static func run(_ arguments: [String], in directory: URL = repositoryRoot, environment: [String: String] = [:], stdin: String? = nil) throws -> Output {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // Read both pipes while the process runs, so a large output cannot block it.
        final class Box: @unchecked Sendable { var data = Data() }
        let errors = Box()
        let done = DispatchSemaphore(value: 0)
        let handle = err.fileHandleForReading
        DispatchQueue.global().async {
            errors.data = handle.readDataToEndOfFile()
            done.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// Starts kam with `arguments` in the repository and returns at once: the process and its
    /// standard output (standard error discarded, standard input closed).
    static func start(_ arguments: [String], environment: [String: String]) throws -> (Process, Pipe) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, out)
    }
}
