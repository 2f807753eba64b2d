import Allocation
import ArgumentParser
import Foundation
import LinearProgramming
import Planning
import Reports
import Scenarios

extension Kam {
    struct Bench: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench",
            abstract: "Measure kam's phases on scenario files (build with -c release for real figures).",
            discussion: "For each file: wall time of load (read, parse, decode and validate), build (the allocation model), solve (the min-cost flow, then GLPK from its basis), explain (plan, reasons, shadow prices), visits (every manager's MIP, in parallel) and write (plan JSON), the best of --repeat runs; the model size; and the process's peak memory.")

        @Argument(help: "Scenario files.")
        var files: [String]

        @Option(help: "How many times to run each file; the best time of each phase is kept.")
        var `repeat`: Int = 1

        @Flag(help: "Skip the visit schedule.")
        var noVisits = false

        @Flag(help: "Time the allocation (build, solve, explain) of each file plain and with the planner's controls: 1% of the candidate pairs pinned, some account pins and exclusions, utilization caps, and the plain plan as the reference under a change penalty.")
        var withControls = false

        @Option(help: "Time a horizon of this many weeks of each file (kam plan --weeks): planning the weeks, rendering their files and the horizon's, writing them.")
        var weeks: Int?

        func validate() throws {
            guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
        }

        func run() throws {
            if withControls { return try runWithControls() }
            if let weeks { return try runHorizon(weeks) }
            var table = TextTable([("file", .left), ("MB", .right), ("accounts", .right), ("experts", .right), ("pairs", .right),
                                   ("rows", .right), ("load", .right), ("build", .right), ("solve", .right), ("explain", .right),
                                   ("visits", .right), ("write", .right), ("total", .right), ("peak MB", .right)])
            var notes: [String] = []
            for file in files {
                var best: PlanningPipeline.Timings?
                var run: PlanningPipeline.Run?
                for _ in 0..<`repeat` {
                    let this = try PlanningPipeline.run(file: file, visits: !noVisits) { plan in
                        _ = plan.document().json().rendered()
                    }
                    best = best.map { Self.best($0, this.timings) } ?? this.timings
                    run = this
                }
                guard let best, let run else { continue }
                let scenario = run.plan.scenario
                let megabytes = Double((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1_048_576
                let phases = [best.load, best.build, best.solve, best.explain, best.visits, best.write, best.total]
                table.add([file, String(format: "%.1f", megabytes), "\(scenario.accounts.count)", "\(scenario.experts.count)", "\(run.candidatePairs)", "\(run.rows)"]
                          + phases.map { String(format: "%.2f", Self.seconds($0)) } + [String(format: "%.0f", Self.peakMegabytes())])
                let mip = run.plan.allocation.statistics.binaries > 0
                let start = run.warmStarted ? (mip ? "the relaxation warm from the flow basis, then branch and bound" : "warm start from the flow basis")
                    : (run.basisOffered ? "cold: basis refused" : "cold")
                notes.append(String(format: "%@: load = read %.3f + parse %.3f + decode and validate %.3f; solve = min-cost flow %.3f + GLPK %.3f (%d iterations, %@)",
                                    file, Self.seconds(best.loadPhases.read), Self.seconds(best.loadPhases.parse), Self.seconds(best.loadPhases.decode),
                                    Self.seconds(best.flow), Self.seconds(best.glpk), run.iterations, start))
            }
            print(table.rendered(), terminator: "")
            notes.forEach { print($0) }
            print("seconds, best of \(`repeat`); peak MB is the whole process so far (getrusage); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }

        /// `--weeks N`: each file's horizon, best of --repeat: plan (every week's allocation and
        /// visits, one after the other), render (each week's files and the horizon's), write
        /// (the plan writer, into a temporary directory).
        func runHorizon(_ weeks: Int) throws {
            var table = TextTable([("file", .left), ("weeks", .right), ("load", .right), ("plan", .right), ("render", .right),
                                   ("write", .right), ("total", .right), ("files", .right), ("peak MB", .right)])
            let clock = ContinuousClock()
            for file in files {
                var best: [Duration]?
                var count = 0
                for _ in 0..<`repeat` {
                    let start = clock.now
                    let scenario = try loadScenario(file)
                    let loaded = clock.now
                    let horizon = try HorizonPlan.make(scenario, weeks: weeks)
                    let planned = clock.now
                    let written = HorizonReport(horizon).files()
                    let rendered = clock.now
                    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kam-bench-horizon-\(UUID().uuidString)").path
                    defer { try? FileManager.default.removeItem(atPath: folder) }
                    try PlanWriter().write(written, to: folder, week: scenario.week.description, force: true)
                    let phases = [loaded - start, planned - loaded, rendered - planned, clock.now - rendered, clock.now - start]
                    best = best.map { zip($0, phases).map { min($0, $1) } } ?? phases
                    count = written.count
                }
                guard let best else { continue }
                table.add([file, "\(weeks)"] + best.map { String(format: "%.2f", Self.seconds($0)) } + ["\(count)", String(format: "%.0f", Self.peakMegabytes())])
            }
            print(table.rendered(), terminator: "")
            print("seconds, best of \(`repeat`) (total = load + plan + render + write); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }

        /// The allocation alone, plain and with controls, best of --repeat each; the ratio is the
        /// figure issue 17 sets at <= 1.5.
        func runWithControls() throws {
            var table = TextTable([("file", .left), ("pairs", .right), ("pins", .right), ("account pins", .right), ("exclusions", .right),
                                   ("plain s", .right), ("controlled s", .right), ("ratio", .right), ("moved h", .right), ("GLPK iterations", .right)])
            for file in files {
                let scenario = try loadScenario(file)
                func allocation(_ scenario: Scenario, _ options: AllocationOptions) throws -> (seconds: Double, plan: AllocationPlan) {
                    var best = Double.infinity, plan: AllocationPlan?
                    for _ in 0..<`repeat` {
                        let clock = ContinuousClock(), start = clock.now
                        let made = try Allocator.allocate(scenario, options: options)
                        best = min(best, Self.seconds(clock.now - start))
                        plan = made
                    }
                    return (best, plan!)
                }
                let plain = try allocation(scenario, AllocationOptions())
                for withAccountPins in [false, true] {
                    let (book, reference) = ControlledBook.make(scenario, reference: plain.plan, accountPins: withAccountPins)
                    var options = AllocationOptions()
                    options.reference = reference
                    let controlled = try allocation(book, options)
                    let accountPins = book.pins.filter { if case .account = $0.target { true } else { false } }.count
                    table.add([file, "\(plain.plan.statistics.candidatePairs)", "\(book.pins.count - accountPins)", "\(accountPins)", "\(book.exclusions.count)",
                               String(format: "%.2f", plain.seconds), String(format: "%.2f", controlled.seconds),
                               String(format: "%.2f", controlled.seconds / plain.seconds),
                               NumberFormat.grouped(controlled.plan.changes?.movedHours ?? 0), "\(controlled.plan.statistics.iterations)"])
                }
            }
            print(table.rendered(), terminator: "")
            print("the allocation alone (build, min-cost flow, GLPK, explain), seconds, best of \(`repeat`); \(ProcessInfo.processInfo.activeProcessorCount) cores")
        }

        /// The faster of two runs, phase by phase (the load's parts go with the faster load).
        static func best(_ a: PlanningPipeline.Timings, _ b: PlanningPipeline.Timings) -> PlanningPipeline.Timings {
            var best = a
            if b.load < a.load { (best.load, best.loadPhases) = (b.load, b.loadPhases) }
            best.build = min(a.build, b.build)
            if b.solve < a.solve { (best.flow, best.glpk) = (b.flow, b.glpk) }
            best.explain = min(a.explain, b.explain)
            best.visits = min(a.visits, b.visits)
            best.write = min(a.write, b.write)
            return best
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(seconds: duration)
        }

        /// The process's peak resident memory in MB (Linux reports ru_maxrss in KB).
        static func peakMegabytes() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_maxrss) / 1024
        }
    }
}
