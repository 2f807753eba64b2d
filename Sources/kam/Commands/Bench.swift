import ArgumentParser
import Foundation
import Scenarios

extension Kam {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Measure kam's phases on a scenario file (build with -c release for real figures).",
            subcommands: [Load.self])

        struct Load: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Time loading a scenario: read, parse, decode and validate. Reports the best of --repeat runs.")

            @Argument(help: "A scenario file.")
            var file: String

            @Option(help: "How many times to load it.")
            var `repeat`: Int = 5

            func run() throws {
                guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
                var best: (total: Duration, phases: LoadPhases)?
                var loaded: LoadResult?
                for _ in 0..<`repeat` {
                    var phases = LoadPhases()
                    let start = ContinuousClock.now
                    loaded = ScenarioLoader.load(path: file, phases: &phases)
                    let total = ContinuousClock.now - start
                    if best == nil || total < best!.total { best = (total, phases) }
                }
                guard let best, let scenario = loaded?.scenario else {
                    for diagnostic in loaded?.errors ?? [] { StandardError.write("\(diagnostic)\n") }
                    throw ExitCode(1)
                }
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                func ms(_ d: Duration) -> String { String(format: "%8.1f ms", Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15) }
                print("\(file): \(String(format: "%.1f", Double(size) / 1_048_576)) MB, \(scenario.accounts.count) accounts, \(scenario.experts.count) experts, \(scenario.requests.count) requests")
                print("read   \(ms(best.phases.read))")
                print("parse  \(ms(best.phases.parse))")
                print("decode \(ms(best.phases.decode))")
                print("total  \(ms(best.total))   (best of \(`repeat`))")
            }
        }
    }
}
