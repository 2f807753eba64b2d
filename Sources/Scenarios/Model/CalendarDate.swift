/// A calendar date without time zone (ISO 8601 `YYYY-MM-DD`), proleptic Gregorian.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// A valid date, or nil.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CalendarDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        (self.year, self.month, self.day) = (year, month, day)
    }

    /// Parses exactly `YYYY-MM-DD`.
    public init?(_ text: String) {
        var fields = (year: 0, month: 0, day: 0)  // read from the bytes: this runs for every account
        var position = 0
        for byte in text.utf8 {
            if position == 4 || position == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), position < 10 else { return nil }
                let digit = Int(byte - UInt8(ascii: "0"))
                switch position {
                case ..<4: fields.year = fields.year * 10 + digit
                case ..<7: fields.month = fields.month * 10 + digit
                default: fields.day = fields.day * 10 + digit
                }
            }
            position += 1
        }
        guard position == 10 else { return nil }
        self.init(year: fields.year, month: fields.month, day: fields.day)
    }

    public var description: String {
        String(format4: year) + "-" + String(format2: month) + "-" + String(format2: day)
    }

    static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146097 + dayOfEra - 719468
    }

    /// The date `dayNumber` days after 1970-01-01.
    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let dayOfEra = z - era * 146097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        (self.year, self.month, self.day) = (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public func adding(days: Int) -> CalendarDate { CalendarDate(dayNumber: dayNumber + days) }

    /// Days from `self` to `other`.
    public func days(to other: CalendarDate) -> Int { other.dayNumber - dayNumber }

    public var weekday: Weekday {
        // 1970-01-01 was a Thursday.
        let index = ((dayNumber % 7) + 7 + 3) % 7  // 0 = Monday
        return Weekday(rawValue: index + 1)!
    }

    public static func < (a: Self, b: Self) -> Bool { a.dayNumber < b.dayNumber }
}

/// An ISO 8601 week, `YYYY-Www`, Monday first.
public struct ISOWeek: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let week: Int

    /// A week that exists (week 53 only in years that have one), or nil.
    public init?(year: Int, week: Int) {
        guard (1...9999).contains(year), (1...ISOWeek.weeksIn(year: year)).contains(week) else { return nil }
        (self.year, self.week) = (year, week)
    }

    /// Parses exactly `YYYY-Www` (e.g. 2026-W48).
    public init?(_ text: String) {
        let utf8 = Array(text.utf8)
        guard utf8.count == 8, utf8[4] == UInt8(ascii: "-"), utf8[5] == UInt8(ascii: "W"),
            utf8[0..<4].allSatisfy({ $0 >= 48 && $0 <= 57 }), utf8[6..<8].allSatisfy({ $0 >= 48 && $0 <= 57 }),
            let year = Int(text.prefix(4)), let week = Int(text.suffix(2))
        else { return nil }
        self.init(year: year, week: week)
    }

    /// 52 or 53: a year has 53 ISO weeks when it starts on a Thursday, or is a leap year starting on a Wednesday.
    public static func weeksIn(year: Int) -> Int {
        guard let january1 = CalendarDate(year: year, month: 1, day: 1) else { return 52 }
        let day = january1.weekday
        return day == .thursday || (day == .wednesday && CalendarDate.isLeap(year)) ? 53 : 52
    }

    /// The Monday of this week.
    /// The week `weeks` later (earlier when negative).
    public func adding(weeks: Int) -> ISOWeek { ISOWeek(containing: monday.adding(days: 7 * weeks)) }

    public var monday: CalendarDate {
        // Week 1 is the week with January 4th in it.
        let january4 = CalendarDate(year: year, month: 1, day: 4)!
        let mondayOfWeek1 = january4.adding(days: -(january4.weekday.rawValue - 1))
        return mondayOfWeek1.adding(days: (week - 1) * 7)
    }

    /// The date of `weekday` in this week.
    public func date(of weekday: Weekday) -> CalendarDate { monday.adding(days: weekday.rawValue - 1) }

    /// True when `date` falls in this week.
    public func contains(_ date: CalendarDate) -> Bool {
        let offset = monday.days(to: date)
        return offset >= 0 && offset < 7
    }

    /// The ISO week a date belongs to.
    public init(containing date: CalendarDate) {
        let thursday = date.adding(days: 4 - date.weekday.rawValue)
        let january1 = CalendarDate(year: thursday.year, month: 1, day: 1)!
        self.year = thursday.year
        self.week = january1.days(to: thursday) / 7 + 1
    }

    public var description: String { String(format4: year) + "-W" + String(format2: week) }

    public static func < (a: Self, b: Self) -> Bool { (a.year, a.week) < (b.year, b.week) }
}

extension String {
    /// The number with leading zeros to at least two digits.
    init(format2 value: Int) { self.init(zeroPadded: value, width: 2) }
    /// The number with leading zeros to at least four digits.
    init(format4 value: Int) { self.init(zeroPadded: value, width: 4) }

    public init(zeroPadded value: Int, width: Int) {
        var digits = Swift.String(value)
        while digits.count < width { digits = "0" + digits }
        self = digits
    }
}
