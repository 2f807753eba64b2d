import Foundation

/// Number formatting for people (tables) — JSON and CSV keep plain numbers.
public enum NumberFormat {
    /// 12,500,000 or 1,234.5 (at most `decimals` digits after the point, trailing zeros dropped).
    public static func grouped(_ value: Double, decimals: Int = 2) -> String {
        digits(value, decimals: decimals, separator: ",")
    }

    /// `grouped`, with `separator` between groups of three digits (none when nil).
    private static func digits(_ value: Double, decimals: Int, separator: String?) -> String {
        guard value.isFinite else { return "-" }
        guard abs(value) < 1e15 else { return "\(value)" }  // beyond exact integers: scientific notation
        let scale = pow10(decimals)
        let rounded = (value * scale).rounded() / scale
        let negative = rounded < 0
        let magnitude = abs(rounded)
        let whole = Int64(magnitude.rounded(.down))
        var fraction = Int64(((magnitude - Double(whole)) * scale).rounded())
        var wholePart = whole
        if fraction >= Int64(scale) { wholePart += 1; fraction = 0 }
        var digits = String(wholePart)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits.removeLast(3)
        }
        groups.insert(digits, at: 0)
        var text = groups.joined(separator: separator ?? "")
        if fraction > 0 {
            var fractionDigits = String(fraction)
            fractionDigits = String(repeating: "0", count: decimals - fractionDigits.count) + fractionDigits
            while fractionDigits.hasSuffix("0") { fractionDigits.removeLast() }
            text += "." + fractionDigits
        }
        return (negative && text != "0" ? "-" : "") + text
    }

    /// "1 request", "3 requests": a count with its noun, plural when the count is not 1.
    public static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }

    /// "12.5%".
    public static func percent(_ share: Double?, decimals: Int = 1) -> String {
        guard let share, share.isFinite else { return "-" }
        return plain(share * 100, decimals: decimals) + "%"
    }

    /// At most `decimals` digits after the point, trailing zeros dropped, no grouping.
    public static func plain(_ value: Double, decimals: Int = 2) -> String {
        digits(value, decimals: decimals, separator: nil)
    }

    private static func pow10(_ n: Int) -> Double { (0..<n).reduce(1.0) { r, _ in r * 10 } }
}
