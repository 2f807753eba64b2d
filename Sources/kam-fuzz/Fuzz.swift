import Foundation
import Scenarios

/// The fuzzing entry point: one input through the YAML reader, the JSON reader and the scenario
/// decoder (both as YAML and as JSON). libFuzzer calls it with mutated bytes (`make fuzz`); a crash,
/// a hang or a sanitizer report is a bug. Whatever the bytes, loading must end in a scenario or in
/// located errors.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size > 0 && data != nil ? Array(UnsafeBufferPointer(start: data, count: size)) : []
    for file in ["fuzz.yaml", "fuzz.json"] {
        let result = ScenarioLoader.load(bytes: bytes, file: file)
        // Either a scenario or at least one error: never neither.
        if result.scenario == nil && result.errors.isEmpty { fatalError("\(file): no scenario and no error") }
        for diagnostic in result.diagnostics { _ = diagnostic.description }
    }
    return 0
}

#if FUZZING
/// libFuzzer's driver (from libclang_rt.fuzzer_no_main, linked by `make fuzz`).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// With libFuzzer (`make fuzz`): libFuzzer's own command line (corpus directories, -max_total_time, ...).
@main
struct FuzzDriver {
    static func main() {
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, { data, size in fuzzOneInput(data, size) }))
    }
}
#else
/// Without libFuzzer (`swift build`): replays the files named on the command line, e.g. the corpus
/// or a crash that `make fuzz` saved, through the same entry point.
@main
struct FuzzReplay {
    static func main() {
        var count = 0
        for path in CommandLine.arguments.dropFirst() {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("kam-fuzz: no such file \(path)\n".utf8))
                exit(1)
            }
            let files = isDirectory.boolValue
                ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { (path as NSString).appendingPathComponent($0) }
                : [path]
            for file in files {
                let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
                _ = bytes.withUnsafeBufferPointer { fuzzOneInput($0.baseAddress, $0.count) }
                count += 1
            }
        }
        print("replayed \(count) input\(count == 1 ? "" : "s"): no crash")
    }
}
#endif
