import Scenarios

/// RFC 5545 calendars of the visit plan, one per manager: CRLF line ends, lines folded at 75
/// octets (never inside a UTF-8 character), text escaped, floating local times, and UIDs and
/// DTSTAMP derived from the plan itself so the same input gives the same bytes.
public enum ICalendar {
    /// The calendar of one manager's visits.
    public static func calendar(for manager: Manager, plan: VisitPlan, scenario: Scenario) -> String {
        wrap(name: "Visits \(scenario.week): \(manager.name)", events: events(for: manager, plan: plan, scenario: scenario))
    }

    /// A calendar named `name` around event blocks from `events(for:plan:scenario:)` (a feed of
    /// several weeks is their blocks one after the other).
    public static func wrap(name: String, events: String) -> String {
        let head = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//kam//key-account visit plan//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        return head.map(fold).joined(separator: "\r\n") + "\r\n" + events + "END:VCALENDAR\r\n"
    }

    /// Every manager's calendar, in the scenario's manager order. Use this rather than
    /// `calendar(for:)` in a loop: accounts and visits are indexed once for all managers (per
    /// manager, L's 400 calendars took 8 s indexing its 40,000 accounts 400 times).
    public static func calendars(plan: VisitPlan, scenario: Scenario) -> [String] {
        zip(scenario.managers, events(plan: plan, scenario: scenario)).map { manager, events in
            wrap(name: "Visits \(scenario.week): \(manager.name)", events: events)
        }
    }

    /// Every manager's VEVENT blocks, in the scenario's manager order.
    public static func events(plan: VisitPlan, scenario: Scenario) -> [String] {
        let names = accountNames(scenario)
        var contacts: [String: [Contact]] = [:]
        for visit in plan.scheduled { contacts[visit.manager, default: []].append(Contact(channel: .visit, scheduled: visit)) }
        for call in plan.calls { contacts[call.manager, default: []].append(Contact(channel: .call, scheduled: call)) }
        return scenario.managers.map { events(for: $0, contacts: contacts[$0.id] ?? [], names: names, week: scenario.week) }
    }

    /// One manager's visits and calls as VEVENT blocks (folded lines, each ending in CRLF).
    public static func events(for manager: Manager, plan: VisitPlan, scenario: Scenario) -> String {
        let contacts = plan.scheduled.filter { $0.manager == manager.id }.map { Contact(channel: .visit, scheduled: $0) }
            + plan.calls.filter { $0.manager == manager.id }.map { Contact(channel: .call, scheduled: $0) }
        return events(for: manager, contacts: contacts, names: accountNames(scenario), week: scenario.week)
    }

    /// A visit or a call in a manager's calendar.
    private struct Contact {
        var channel: ContactChannel
        var scheduled: VisitPlan.Scheduled
    }

    private static func accountNames(_ scenario: Scenario) -> [String: String] {
        var names: [String: String] = [:]
        names.reserveCapacity(scenario.accounts.count)
        for account in scenario.accounts { names[account.id] = account.name }
        return names
    }

    /// Events by day and start time (a visit before a call at the same minute). A call is a short
    /// event with no location: it takes no travel.
    private static func events(for manager: Manager, contacts: [Contact], names: [String: String], week: ISOWeek) -> String {
        // DTSTAMP must be UTC; the Monday of the plan week at midnight keeps output reproducible.
        let stamp: String = basicDate(week.monday) + "T000000Z"
        let ordered = contacts.enumerated().sorted { a, b in
            let (x, y) = (a.element.scheduled, b.element.scheduled)
            return (x.date, x.startMinute, a.offset) < (y.date, y.startMinute, b.offset)
        }.map(\.element)
        var lines: [String] = []
        for contact in ordered {
            let visit = contact.scheduled
            let name = names[visit.account] ?? visit.account
            let day: String = basicDate(visit.date)
            let isCall = contact.channel == .call
            let uid: String = "\(week)-\(manager.id)-\(visit.account)-" + (isCall ? "call-" : "") + "\(visit.ordinal)@kam"
            let summary: String = (isCall ? "Call " : "Visit ") + "\(name) (\(visit.tier.rawValue))"
            let description: String = "Account \(visit.account), \(visit.tier.rawValue); \(contact.channel.rawValue) \(visit.ordinal) this week; manager \(manager.name)."
            lines.append("BEGIN:VEVENT")
            lines.append("UID:" + escape(uid))
            lines.append("DTSTAMP:" + stamp)
            lines.append("DTSTART:" + day + "T" + basicTime(visit.startMinute))
            lines.append("DTEND:" + day + "T" + basicTime(visit.endMinute))
            lines.append("SUMMARY:" + escape(summary))
            if !isCall { lines.append("LOCATION:" + escape(visit.region ?? "no region")) }
            lines.append("DESCRIPTION:" + escape(description))
            lines.append("CATEGORIES:" + escape(visit.tier.rawValue) + (isCall ? ",call" : ""))
            lines.append("TRANSP:OPAQUE")
            lines.append("END:VEVENT")
        }
        return lines.map { fold($0) + "\r\n" }.joined()
    }

    /// 20261123
    static func basicDate(_ date: CalendarDate) -> String {
        let year = String(zeroPadded: date.year, width: 4)
        let month = String(zeroPadded: date.month, width: 2)
        let day = String(zeroPadded: date.day, width: 2)
        return year + month + day
    }

    /// 090000 (minutes past midnight; a visit running past midnight stays on its day at 23:59).
    static func basicTime(_ minute: Int) -> String {
        let clamped = min(minute, 23 * 60 + 59)
        let hour = String(zeroPadded: clamped / 60, width: 2)
        let minute = String(zeroPadded: clamped % 60, width: 2)
        return hour + minute + "00"
    }

    /// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks; other control
    /// characters (which the RFC forbids in TEXT: ESC, BEL, tab...) are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n", "\r\n", "\r": out += "\\n"
            case "\t": out += " "
            default:
                if character.unicodeScalars.contains(where: TextSafety.isForbiddenControl) {
                    out += TextSafety.withoutControls(String(character))
                } else {
                    out.append(character)
                }
            }
        }
        return out
    }

    /// Folds a content line into pieces of at most 75 octets; continuation lines start with a space.
    public static func fold(_ line: String) -> String {
        let utf8 = Array(line.utf8)
        guard utf8.count > 75 else { return line }
        var pieces: [String] = []
        var start = 0
        var limit = 75
        while start < utf8.count {
            var end = min(start + limit, utf8.count)
            // Never cut inside a UTF-8 sequence: back up to the start of a character.
            while end < utf8.count && end > start && utf8[end] & 0xC0 == 0x80 { end -= 1 }
            pieces.append(String(decoding: utf8[start..<end], as: UTF8.self))
            start = end
            limit = 74  // the leading space of a continuation line counts
        }
        return pieces.joined(separator: "\r\n ")
    }
}
