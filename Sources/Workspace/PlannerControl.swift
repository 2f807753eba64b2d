import Foundation
import Scenarios

/// A planner's pin or exclusion for one week of the workspace (the scenario's `pins` and
/// `exclusions`, set by a signed-in planner and audited). One control per week and key: setting a
/// pin on the same expert and target again replaces it.
public struct PlannerControl: Sendable, Hashable {
    public enum Rule: Sendable, Hashable {
        case pin(Pin)
        case exclusion(Exclusion)
    }

    public var week: ISOWeek
    public var rule: Rule
    /// The planner who set it, and when.
    public var setBy: String
    public var setAt: Date

    public init(week: ISOWeek, rule: Rule, setBy: String, setAt: Date) {
        (self.week, self.rule, self.setBy, self.setAt) = (week, rule, setBy, setAt)
    }

    /// What identifies the control within its week: "pin e1 request R0001", "pin e1 account a1",
    /// "exclusion e1 a1".
    public var key: String {
        let (kind, expert, targetKind, target, _, _) = columns
        return [kind, expert, targetKind, target].filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The control flattened for a table row: kind ("pin" or "exclusion"), expert, target kind
    /// ("request" or "account"; "" for an exclusion), target id, hours and mode (pins only).
    public var columns: (kind: String, expert: String, targetKind: String, target: String, hours: Double?, mode: String?) {
        switch rule {
        case .pin(let pin):
            switch pin.target {
            case .request(let id): ("pin", pin.expert, "request", id, pin.hours, pin.mode.rawValue)
            case .account(let id): ("pin", pin.expert, "account", id, pin.hours, pin.mode.rawValue)
            }
        case .exclusion(let exclusion): ("exclusion", exclusion.expert, "", exclusion.account, nil, nil)
        }
    }

    /// A control read back from a table row; nil when the row does not describe one.
    public init?(week: ISOWeek, kind: String, expert: String, targetKind: String, target: String, hours: Double?, mode: String?,
                 setBy: String, setAt: Date) {
        switch kind {
        case "pin":
            guard let hours, let mode = mode.flatMap(Pin.Mode.init(rawValue:)) else { return nil }
            let pinTarget: Pin.Target
            switch targetKind {
            case "request": pinTarget = .request(target)
            case "account": pinTarget = .account(target)
            default: return nil
            }
            self.init(week: week, rule: .pin(Pin(expert: expert, target: pinTarget, hours: hours, mode: mode)), setBy: setBy, setAt: setAt)
        case "exclusion":
            self.init(week: week, rule: .exclusion(Exclusion(expert: expert, account: target)), setBy: setBy, setAt: setAt)
        default:
            return nil
        }
    }

    /// The audit line's detail: "8 h exactly", "12 h at least", "" for an exclusion.
    public var auditDetail: String {
        guard case .pin(let pin) = rule else { return "" }
        return "\(NumberFormat.plain(pin.hours)) h \(pin.mode == .exactly ? "exactly" : "at least")"
    }

    /// "pin of expert 'e1' on request 'R0001'", "exclusion of expert 'e1' from account 'a1'".
    public var label: String {
        switch rule {
        case .pin(let pin): pin.label
        case .exclusion(let exclusion): "exclusion of expert '\(exclusion.expert)' from account '\(exclusion.account)'"
        }
    }
}
