/// An exact dynamic program for one manager's week, used before the MIP: the week's days all hold
/// the same hours, so a partial schedule is summed up by the multiset of hours used per day, and
/// regions are added one at a time.
///
/// Hours are counted in whole units (the greatest common divisor, in minutes, of the day's hours,
/// the travel time and the visit lengths), so a day holds `capacity` units and a state is the
/// sorted list of units used per day: at most C(capacity + days, days) states (20,349 for 8-hour
/// days in half hours over 5 days). A region's *chunk* is what it gets on one day: a count per
/// (region, tier) group, at most one visit per account, costing its hours plus one travel; a
/// region's *profile* is the multiset of chunk loads it takes over the week, worth the most visit
/// value that fits those loads. Going from one region to the next, every profile is placed on
/// distinct days of every state; the state keeps the best value reaching it.
///
/// The value is the visit objective's first two terms, 1000 * tierWeight per visit minus
/// 10 * travelHours per region-day, and the program finds their maximum exactly; the third term
/// (valuable visits early in the week) and the spread of an account's visits only order the
/// days afterwards (`ManagerScheduler.bestDayOrder`); among equally valuable schedules the one on
/// the fewest days is kept. When the hours are not whole minutes, a day holds more than 255 units,
/// the week has more than 8 days, the states would number more than `stateLimit`, listing the
/// profiles would take more than `profileBudget` chunk multisets, or the search more than `budget`
/// placements, it gives up (nil) and the MIP schedules the manager.
struct RegionDayProgram {
    /// What one region gets on one day.
    struct Chunk {
        /// Visits per group of the region (same order as `Region.groups`).
        var counts: [Int]
        /// Units of the day it takes: its visits and one travel.
        var load: Int
        /// 1000 * tierWeight per visit minus 10 * travelHours.
        var value: Double
    }

    /// The loads a region takes over the week, largest first, with the best chunks for them.
    struct Profile {
        var loads: [Int]
        var value: Double
        /// Index into `Region.chunks` for each load.
        var chunks: [Int]
    }

    struct Region {
        /// Indices of the region's groups in the scheduler's group list.
        var groups: [Int]
        var chunks: [Chunk]
        var profiles: [Profile]
    }

    let dayCount: Int
    let capacity: Int
    let regions: [Region]
    let groupCount: Int
    /// Placements (profile on a state) the program may try in all before it gives up.
    let budget: Int
    /// Chunk multisets the profiles of all regions may take: a region with many visits of several
    /// tiers has millions (a week the MIP solves at once, its regions being few).
    static let profileBudget = 30_000
    /// Most states a level may have (C(capacity + days, days)): 4 MB of slots.
    static let stateLimit = 1 << 20

    init?(groups: [ManagerScheduler.Group], dayCount: Int, hoursPerDay: Double, travelHours: Double, budget: Int = 20_000_000) {
        guard dayCount >= 1, dayCount <= 8 else { return nil }
        var minutes: [Int] = []
        for hours in [hoursPerDay, travelHours] + groups.map(\.hours) {
            let value = hours * 60
            guard value.isFinite, value >= 0, value <= 24 * 60, abs(value - value.rounded()) < 1e-6 else { return nil }
            minutes.append(Int(value.rounded()))
        }
        let unit = minutes.reduce(0) { Self.gcd($0, $1) }
        guard unit > 0 else { return nil }
        let capacity = minutes[0] / unit, travel = minutes[1] / unit
        guard capacity <= 255 else { return nil }
        let regionCount = (groups.map(\.region).max() ?? -1) + 1
        var regions: [Region] = []
        var work = 0
        for r in 0..<regionCount {
            let members = groups.indices.filter { groups[$0].region == r }
            let units = members.map { minutes[2 + $0] / unit }
            let perDay = members.map { min(groups[$0].accounts, groups[$0].members.count) }
            let chunks = Self.chunks(perDay: perDay, units: units, weights: members.map { groups[$0].weight },
                                     travel: travel, travelHours: travelHours, capacity: capacity)
            guard let profiles = Self.profiles(chunks, counts: members.map { groups[$0].members.count }, dayCount: dayCount,
                                               work: &work, budget: Self.profileBudget)
            else { return nil }
            regions.append(Region(groups: members, chunks: chunks, profiles: profiles))
        }
        self.dayCount = dayCount
        self.capacity = capacity
        // Regions with the most profiles first, while there are few states to put them on.
        self.regions = regions.enumerated().sorted { a, b in
            a.element.profiles.count != b.element.profiles.count ? a.element.profiles.count > b.element.profiles.count : a.offset < b.offset
        }.map(\.element)
        self.groupCount = groups.count
        self.budget = budget
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Every nonempty count vector that fits one day, in lexicographic order of the counts.
    static func chunks(perDay: [Int], units: [Int], weights: [Double], travel: Int, travelHours: Double, capacity: Int) -> [Chunk] {
        var result: [Chunk] = []
        var counts = [Int](repeating: 0, count: perDay.count)
        func visit(_ g: Int, _ load: Int) {
            if g == perDay.count {
                guard load > travel else { return }
                var weight = 0.0
                for (count, w) in zip(counts, weights) { weight += Double(count) * w }
                result.append(Chunk(counts: counts, load: load, value: 1000 * weight - 10 * travelHours))
                return
            }
            var n = 0
            while n <= perDay[g] && load + n * units[g] <= capacity {
                counts[g] = n
                visit(g + 1, load + n * units[g])
                n += 1
            }
            counts[g] = 0
        }
        visit(0, travel)
        return result
    }

    /// The best value for every multiset of chunk loads a region can take (at most one chunk a
    /// day, no more visits than due), without the profiles another one beats: fewer or smaller
    /// loads for at least the value. Nil when the enumeration outgrows the budget.
    static func profiles(_ chunks: [Chunk], counts: [Int], dayCount: Int, work: inout Int, budget: Int) -> [Profile]? {
        var best: [[Int]: Profile] = [:]
        var order: [[Int]] = []
        var taken: [Int] = []
        var used = [Int](repeating: 0, count: counts.count)
        var exceeded = false
        func extend(from start: Int, value: Double) {
            work += 1
            if work > budget { exceeded = true; return }
            if !taken.isEmpty {
                let sorted = taken.sorted { chunks[$0].load != chunks[$1].load ? chunks[$0].load > chunks[$1].load : $0 < $1 }
                let loads = sorted.map { chunks[$0].load }
                if let known = best[loads] {
                    if value > known.value + 1e-9 { best[loads] = Profile(loads: loads, value: value, chunks: sorted) }
                } else {
                    best[loads] = Profile(loads: loads, value: value, chunks: sorted)
                    order.append(loads)
                }
            }
            guard taken.count < dayCount else { return }
            for c in start..<chunks.count {
                let chunk = chunks[c]
                guard zip(chunk.counts, zip(used, counts)).allSatisfy({ $0 + $1.0 <= $1.1 }) else { continue }
                for g in used.indices { used[g] += chunk.counts[g] }
                taken.append(c)
                extend(from: c, value: value + chunk.value)
                taken.removeLast()
                for g in used.indices { used[g] -= chunk.counts[g] }
                if exceeded { return }
            }
        }
        extend(from: 0, value: 0)
        if exceeded { return nil }
        // Most valuable first (first found on ties), then drop the dominated ones.
        let candidates = order.enumerated().sorted { a, b in
            let (va, vb) = (best[a.element]!.value, best[b.element]!.value)
            return va != vb ? va > vb : a.offset < b.offset
        }.map { best[$0.element]! }
        var kept: [Profile] = []
        for profile in candidates where profile.value > 0 {
            let dominated = kept.contains { other in
                other.value >= profile.value - 1e-9 && other.loads.count <= profile.loads.count
                    && zip(other.loads, profile.loads).allSatisfy { $0 <= $1 }
            }
            if !dominated { kept.append(profile) }
        }
        return kept
    }

    /// The states after some regions: sorted units per day packed in a key, the best value
    /// reaching each, and where it came from (the state before and the region's profile, -1: none).
    struct Level {
        var keys: [UInt64] = []
        var values: [Double] = []
        var parents: [Int32] = []
        var profiles: [Int32] = []
    }

    /// Numbers the sorted states 0 ..< count (the combinatorial number system: units a_0 <= ... <=
    /// a_(D-1) are the strictly increasing b_i = a_i + i, numbered sum C(b_i, i + 1)), so a level
    /// finds its states in an array instead of a hash table.
    struct StateNumbering {
        let dayCount: Int
        /// C(n, k) at n * (dayCount + 2) + k.
        let binomial: [Int]
        let count: Int

        init?(dayCount: Int, capacity: Int, limit: Int) {
            let n = capacity + dayCount
            var table = [Int](repeating: 0, count: (n + 1) * (dayCount + 2))
            for i in 0...n {
                table[i * (dayCount + 2)] = 1
                for k in 1...(dayCount + 1) where i > 0 {
                    table[i * (dayCount + 2) + k] = min(table[(i - 1) * (dayCount + 2) + k - 1] + table[(i - 1) * (dayCount + 2) + k], Int(Int32.max))
                }
            }
            count = table[n * (dayCount + 2) + dayCount]
            guard count <= limit else { return nil }
            self.dayCount = dayCount
            binomial = table
            // Every sorted state, by number: the odometer over a_0 <= ... <= a_(D-1) <= capacity.
            var keys = [UInt64](repeating: 0, count: count)
            var lanes = [Int](repeating: 0, count: dayCount)
            while true {
                var key: UInt64 = 0
                for use in lanes.reversed() { key = key << 8 | UInt64(use) }
                keys[Self.number(key, dayCount: dayCount, binomial: table)] = key
                var i = dayCount - 1
                while i >= 0 && lanes[i] == capacity { i -= 1 }
                guard i >= 0 else { break }
                lanes[i] += 1
                for j in (i + 1)..<dayCount { lanes[j] = lanes[i] }
            }
            self.keys = keys
        }

        /// The state of each number.
        let keys: [UInt64]

        @inline(__always) private static func number(_ key: UInt64, dayCount: Int, binomial: [Int]) -> Int {
            var k = key, result = 0
            for i in 0..<dayCount {
                result += binomial[(Int(k & 0xFF) + i) * (dayCount + 2) + i + 1]
                k >>= 8
            }
            return result
        }

        @inline(__always) func number(_ key: UInt64) -> Int { Self.number(key, dayCount: dayCount, binomial: binomial) }
    }

    /// A region's profiles as a trie of their loads (largest first), so profiles that start with
    /// the same loads share their placements.
    struct Trie {
        var loads: [Int] = [0]
        var children: [[Int32]] = [[]]
        var profile: [Int32] = [-1]

        init(_ profiles: [Profile]) {
            for (p, entry) in profiles.enumerated() {
                var node = 0
                for load in entry.loads {
                    if let child = children[node].first(where: { loads[Int($0)] == load }) {
                        node = Int(child)
                    } else {
                        loads.append(load); children.append([]); profile.append(-1)
                        children[node].append(Int32(loads.count - 1))
                        node = loads.count - 1
                    }
                }
                profile[node] = Int32(p)
            }
        }
    }

    /// Puts a region's profiles on every state of a level.
    struct Expansion {
        let trie: Trie
        let values: [Double]
        let dayCount: Int
        let capacity: Int
        let numbering: StateNumbering
        /// Index in `next` of each numbered state, -1 when not reached yet (all -1 again after `finish`).
        var slots: [Int32]
        var next = Level()
        var work = 0

        mutating func expand(_ key: UInt64, value: Double, parent: Int32) {
            offer(key, value, parent: parent, profile: -1)
            descend(0, days: key, mask: 0, value: value, parent: parent)
        }

        /// The level reached without the states another one beats (fewer units on every day, in
        /// sorted order, for at least the value: whatever follows the one fits after the other),
        /// with the slots cleared for the next region.
        mutating func finish(best: inout [Double]) -> Level {
            // best[n]: the most value of a reached state at or below state n. Numbers grow with
            // every day's units, so the states one unit below n come before it.
            for (s, key) in next.keys.enumerated() { best[numbering.number(key)] = next.values[s] }
            var beaten = [Bool](repeating: false, count: numbering.count)
            for n in 0..<numbering.count {
                let key = numbering.keys[n]
                var below = -Double.infinity
                var previous = UInt64.max
                for i in 0..<dayCount {
                    let use = (key >> UInt64(8 * i)) & 0xFF
                    // Lowering the first day of each use keeps the days sorted.
                    if use > 0 && use != previous { below = max(below, best[numbering.number(key - 1 << UInt64(8 * i))]) }
                    previous = use
                }
                if below >= best[n] - 1e-9 && best[n] > -Double.infinity { beaten[n] = true }
                best[n] = max(best[n], below)
            }
            var kept = Level()
            for (s, key) in next.keys.enumerated() {
                let n = numbering.number(key)
                slots[n] = -1
                guard !beaten[n] else { continue }
                kept.keys.append(key); kept.values.append(next.values[s])
                kept.parents.append(next.parents[s]); kept.profiles.append(next.profiles[s])
            }
            for n in 0..<numbering.count { best[n] = -Double.infinity }
            return kept
        }

        @inline(__always) private mutating func offer(_ key: UInt64, _ value: Double, parent: Int32, profile: Int32) {
            let number = numbering.number(key)
            let at = Int(slots[number])
            if at >= 0 {
                if value > next.values[at] + 1e-9 {
                    next.values[at] = value
                    next.parents[at] = parent
                    next.profiles[at] = profile
                }
            } else {
                slots[number] = Int32(next.keys.count)
                next.keys.append(key); next.values.append(value)
                next.parents.append(parent); next.profiles.append(profile)
            }
        }

        /// `days` holds the units of day d in bits 8d ..< 8d + 8 (in the state's sorted order;
        /// `mask` marks the days this region already has).
        private mutating func descend(_ node: Int, days: UInt64, mask: Int, value: Double, parent: Int32) {
            let profile = trie.profile[node]
            if profile >= 0 {
                work += 1
                offer(RegionDayProgram.sorted(days, count: dayCount), value + values[Int(profile)], parent: parent, profile: profile)
            }
            for child in trie.children[node] {
                let load = UInt64(trie.loads[Int(child)])
                var previous = UInt64.max
                for d in 0..<dayCount where mask & (1 << d) == 0 {
                    let use = (days >> UInt64(8 * d)) & 0xFF
                    // Days this region has not used keep their sorted order, so a day with the
                    // same use as the one before it is interchangeable with it.
                    guard use != previous else { continue }
                    previous = use
                    guard use + load <= UInt64(capacity) else { continue }
                    descend(Int(child), days: days + load << UInt64(8 * d), mask: mask | (1 << d), value: value, parent: parent)
                }
            }
        }
    }

    /// The first `count` lanes of eight bits sorted ascending (insertion sort in a register).
    @inline(__always) static func sorted(_ days: UInt64, count: Int) -> UInt64 {
        var key = days
        var i = 1
        while i < count {
            let v = (key >> UInt64(8 * i)) & 0xFF
            var j = i
            while j > 0 {
                let before = (key >> UInt64(8 * (j - 1))) & 0xFF
                guard before > v else { break }
                key = key & ~(0xFF << UInt64(8 * j)) | before << UInt64(8 * j)
                j -= 1
            }
            key = key & ~(0xFF << UInt64(8 * j)) | v << UInt64(8 * j)
            i += 1
        }
        return key
    }

    /// ceilings[r][units]: the most the regions from r on are worth in that many units of the week
    /// (their profiles' loads added up, as if the week were one long day): a bound on what a state
    /// with those units free can still gain.
    func ceilings() -> [[Double]] {
        let total = dayCount * capacity
        var result = [[Double]](repeating: [Double](repeating: 0, count: total + 1), count: regions.count + 1)
        for r in stride(from: regions.count - 1, through: 0, by: -1) {
            result[r] = result[r + 1]
            for profile in regions[r].profiles {
                let units = profile.loads.reduce(0, +)
                guard units <= total else { continue }
                for free in units...total { result[r][free] = max(result[r][free], profile.value + result[r + 1][free - units]) }
            }
        }
        return result
    }

    /// The levels region by region: with `beam`, only that many of the most valuable states of a
    /// level go on; states worth less than `floor` even with the ceiling of what is left are dropped.
    private func search(_ numbering: StateNumbering, ceilings: [[Double]], beam: Int?, floor: Double, work: inout Int) -> (levels: [Level], last: Level)? {
        var levels: [Level] = []
        var current = Level(keys: [0], values: [0], parents: [-1], profiles: [-1])
        var slots = [Int32](repeating: -1, count: numbering.count)
        var lowest = [Double](repeating: -.infinity, count: numbering.count)
        for (r, region) in regions.enumerated() {
            var expansion = Expansion(trie: Trie(region.profiles), values: region.profiles.map(\.value),
                                      dayCount: dayCount, capacity: capacity, numbering: numbering, slots: slots)
            slots = []
            for s in current.keys.indices {
                expansion.expand(current.keys[s], value: current.values[s], parent: Int32(s))
                if work + expansion.work > budget { return nil }
            }
            work += expansion.work
            var next = expansion.finish(best: &lowest)
            slots = expansion.slots
            var keep = Array(next.keys.indices)
            if floor > -.infinity {
                keep.removeAll { s in
                    var free = dayCount * capacity, key = next.keys[s]
                    for _ in 0..<dayCount { free -= Int(key & 0xFF); key >>= 8 }
                    return next.values[s] + ceilings[r + 1][free] < floor - 1e-9
                }
            }
            if let beam, keep.count > beam {
                keep = Array(keep.sorted { next.values[$0] != next.values[$1] ? next.values[$0] > next.values[$1] : $0 < $1 }.prefix(beam)).sorted()
            }
            if keep.count < next.keys.count {
                next = Level(keys: keep.map { next.keys[$0] }, values: keep.map { next.values[$0] },
                             parents: keep.map { next.parents[$0] }, profiles: keep.map { next.profiles[$0] })
            }
            levels.append(current)
            current = next
        }
        return (levels, current)
    }

    /// Visits per group and day (days in no particular order: every day holds the same hours),
    /// or nil when the search outgrows the budget.
    func solve() -> [[Int]]? {
        guard let numbering = StateNumbering(dayCount: dayCount, capacity: capacity, limit: Self.stateLimit) else { return nil }
        // A quick pass keeping the 32 most valuable states of each level finds a good schedule;
        // the exact pass then drops every state that cannot beat it even with the rest of the week's
        // units to spare (`ceilings`), and the states another one beats.
        let ceilings = self.ceilings()
        var work = 0
        guard let quick = search(numbering, ceilings: ceilings, beam: 32, floor: -.infinity, work: &work),
              let exact = search(numbering, ceilings: ceilings, beam: nil, floor: quick.last.values.max() ?? 0, work: &work)
        else { return nil }
        let levels = exact.levels
        let current = exact.last
        // The best final state, then back along the parents, re-placing each region's profile on
        // the actual days: the first placement that gives the next state on the path.
        // Among equally valuable schedules, the one on the fewest days (the MIP's third term, valuable
        // visits early, packs the week the same way; the days are ordered afterwards).
        func daysUsed(_ key: UInt64) -> Int { (0..<dayCount).filter { (key >> UInt64(8 * $0)) & 0xFF > 0 }.count }
        var best = 0
        for s in current.values.indices {
            let (value, top) = (current.values[s], current.values[best])
            if value > top + 1e-9 || (value > top - 1e-9 && daysUsed(current.keys[s]) < daysUsed(current.keys[best])) { best = s }
        }
        var path: [(state: Int, profile: Int)] = []
        var state = best
        var level = current
        for r in stride(from: regions.count - 1, through: 0, by: -1) {
            path.append((state, Int(level.profiles[state])))
            state = Int(level.parents[state])
            level = levels[r]
        }
        path.reverse()
        var counts = [[Int]](repeating: [Int](repeating: 0, count: dayCount), count: groupCount)
        var used = [Int](repeating: 0, count: dayCount)
        let stateLevel = levels + [current]
        for (r, step) in path.enumerated() where step.profile >= 0 {
            let region = regions[r], profile = region.profiles[step.profile]
            let target = stateLevel[r + 1].keys[step.state]
            var chosen: [Int]?
            Self.placements(of: profile.loads, on: &used, capacity: capacity) { result, placed in
                if chosen == nil && Self.pack(result) == target { chosen = placed }
            }
            guard let chosen else { return nil }
            for (slot, day) in chosen.enumerated() {
                let chunk = region.chunks[profile.chunks[slot]]
                used[day] += chunk.load
                for (g, group) in region.groups.enumerated() { counts[group][day] += chunk.counts[g] }
            }
        }
        return counts
    }

    /// Calls `body` with the units used per day after each way of putting `loads` on distinct days,
    /// and the day of each load. Days with equal use are interchangeable, so only the first of them
    /// is tried for a load.
    static func placements(of loads: [Int], on days: inout [Int], capacity: Int, _ body: ([Int], [Int]) -> Void) {
        var mask = 0
        var placed = [Int](repeating: 0, count: loads.count)
        func place(_ i: Int) {
            if i == loads.count { body(days, placed); return }
            candidates: for d in days.indices where mask & (1 << d) == 0 {
                let use = days[d]
                guard use + loads[i] <= capacity else { continue }
                for earlier in 0..<d where mask & (1 << earlier) == 0 && days[earlier] == use { continue candidates }
                days[d] += loads[i]; mask |= 1 << d; placed[i] = d
                place(i + 1)
                days[d] -= loads[i]; mask &= ~(1 << d)
            }
        }
        place(0)
    }

    /// The days' units sorted and packed eight bits a day.
    static func pack(_ days: [Int]) -> UInt64 {
        var key: UInt64 = 0
        for use in days.reversed() { key = key << 8 | UInt64(use) }
        return sorted(key, count: days.count)
    }
}
