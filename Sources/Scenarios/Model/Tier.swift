/// Customer tiers (客户分级), most valuable first.
public enum Tier: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case platinum, gold, iron, lead

    public static func < (a: Tier, b: Tier) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The stage of the relationship with an account; establishing costs the most effort.
public enum Stage: String, Sendable, Hashable, CaseIterable, Codable {
    case establish, stabilize, strengthen
}

/// How urgent a request for expert hours is.
public enum Priority: String, Sendable, Hashable, CaseIterable, Codable {
    case low, normal, high, critical
}

/// Days of the week, Monday first (ISO 8601).
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// "mon", "tue", ... as written in policy files.
    public var shortName: String { String(String(describing: self).prefix(3)) }

    /// Reads "mon" or "monday" (any case).
    public init?(name: String) {
        let lower = name.lowercased()
        guard let day = Weekday.allCases.first(where: { $0.shortName == lower || String(describing: $0) == lower }) else {
            return nil
        }
        self = day
    }

    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }
}
