/// An exact dynamic program for a manager whose due visits all lie in one region (every manager of
/// a book whose managers each keep to their region): no packing of regions into days, so the week
/// is a day-by-day choice of how many visits of each (tier) group to make.
///
/// Days are taken in calendar order; a state is the number of visits still to place in each group
/// (mixed radix, at most prod(visits + 1) states). On each day the program either stays home or
/// makes a *chunk*: a count per group, at most one visit per account, whose hours and one travel
/// fit the day. A chunk on day d is worth the MIP's objective for it, sum n_k (1000 w_k - 0.01 w_k
/// dayIndex(d)) - 10 * travelHours, so the program maximises the MIP's objective exactly (all three
/// terms), where the MIP stops within its gap. Among equal values it keeps the day off, then the
/// first chunk in lexicographic order of the counts, so the result is deterministic. Beyond
/// `workLimit` (states x chunks x days) it gives up (nil) and the MIP schedules the week.
struct OneRegionProgram {
    /// Visits per group that one day holds.
    let chunks: [[Int]]
    let memberCounts: [Int]
    /// Each day's chunk values: `values[d][c]`.
    let values: [[Double]]

    /// Placements (state x chunk x day) the program may try before it gives up: about 10 ms.
    static let workLimit = 6_000_000

    init?(groups: [ManagerScheduler.Group], dayIndices: [Int], hoursPerDay: Double, travelHours: Double) {
        guard !groups.isEmpty, !dayIndices.isEmpty, hoursPerDay.isFinite, travelHours.isFinite,
              groups.allSatisfy({ $0.hours.isFinite && $0.hours >= 0 && $0.weight.isFinite }) else { return nil }
        // The MIP's bound: one visit per account a day, and no more than fit beside one travel.
        let most = groups.map { group -> Int in
            let most = min(group.accounts, group.members.count)
            guard group.hours > 0 else { return most }
            let fit = ((hoursPerDay - travelHours) / group.hours + 1e-9).rounded(.down)
            return fit < Double(most) ? max(0, Int(fit)) : most
        }
        var chunks: [[Int]] = []
        var counts = [Int](repeating: 0, count: groups.count)
        func extend(_ k: Int, _ hours: Double) {
            if k == groups.count {
                if counts.contains(where: { $0 > 0 }) { chunks.append(counts) }
                return
            }
            var n = 0
            while n <= most[k] && hours + Double(n) * groups[k].hours <= hoursPerDay + 1e-9 {
                counts[k] = n
                extend(k + 1, hours + Double(n) * groups[k].hours)
                n += 1
            }
            counts[k] = 0
        }
        extend(0, travelHours)
        var states = 1
        for group in groups {
            let (product, overflow) = states.multipliedReportingOverflow(by: group.members.count + 1)
            guard !overflow, product <= Self.workLimit else { return nil }
            states = product
        }
        let (work, overflow) = states.multipliedReportingOverflow(by: max(1, chunks.count) * dayIndices.count)
        guard !overflow, work <= Self.workLimit else { return nil }
        self.chunks = chunks
        self.memberCounts = groups.map(\.members.count)
        // The MIP's coefficients, term by term: 1000 w - 0.01 w dayIndex per visit, -10 travel a day.
        self.values = dayIndices.map { index in
            chunks.map { chunk in
                var value = 0.0
                for (k, n) in chunk.enumerated() where n > 0 {
                    value += Double(n) * (1000 * groups[k].weight - 0.01 * groups[k].weight * Double(index))
                }
                return value - 10 * travelHours
            }
        }
    }

    /// Visits per group and day, `counts[k][d]`, of an optimum.
    func solve() -> [[Int]] {
        let groupCount = memberCounts.count, dayCount = values.count
        var radix = [Int](repeating: 1, count: groupCount)
        for k in radix.indices.dropFirst() { radix[k] = radix[k - 1] * (memberCounts[k - 1] + 1) }
        let stateCount = radix[groupCount - 1] * (memberCounts[groupCount - 1] + 1)
        let offsets = chunks.map { chunk in zip(chunk, radix).reduce(0) { $0 + $1.0 * $1.1 } }
        let flat = chunks.flatMap { $0 }
        // later[s]: the most the days after the current one make of state s; choice[d * stateCount + s].
        var later = [Double](repeating: 0, count: stateCount)
        var current = later
        var choice = [Int32](repeating: -1, count: stateCount * dayCount)
        var left = [Int](repeating: 0, count: groupCount)
        for d in stride(from: dayCount - 1, through: 0, by: -1) {
            let dayValues = values[d]
            for k in left.indices { left[k] = 0 }
            for s in 0..<stateCount {
                var best = later[s], chosen: Int32 = -1
                for c in chunks.indices {
                    var fits = true
                    for k in 0..<groupCount where flat[c * groupCount + k] > left[k] { fits = false; break }
                    guard fits else { continue }
                    let value = dayValues[c] + later[s - offsets[c]]
                    if value > best + 1e-9 { (best, chosen) = (value, Int32(c)) }
                }
                current[s] = best
                choice[d * stateCount + s] = chosen
                // The next state's visits left per group (an odometer).
                var k = 0
                while k < groupCount {
                    left[k] += 1
                    if left[k] <= memberCounts[k] { break }
                    left[k] = 0
                    k += 1
                }
            }
            swap(&later, &current)
        }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: dayCount), count: groupCount)
        var s = stateCount - 1  // every visit still to place
        for d in 0..<dayCount {
            let c = Int(choice[d * stateCount + s])
            guard c >= 0 else { continue }
            for k in 0..<groupCount { counts[k][d] = chunks[c][k] }
            s -= offsets[c]
        }
        return counts
    }
}
