import Foundation
import Scenarios

/// Pins and exclusions set by a planner for one week (the scenario file's `pins` and `exclusions`,
/// kept in the store and audited). Each is checked as `kam validate` checks a file, against the
/// week as it would be planned with it; the week's plan then honours it.
extension PlanningWorkspace {
    /// Sets `pin` for `week` as `planner` (replacing a pin of the same expert and target).
    public func setPin(_ pin: Pin, week: ISOWeek, by planner: String) throws -> PlannerControl {
        guard pin.hours == 0 || WorkspaceError.isRequestHours(pin.hours) else {
            throw WorkspaceError.invalidControl(field: "hours", messages: [
                "\(pin.label) has hours \(WorkspaceError.plain(pin.hours)); expected a number from 0 to \(Int(WorkspaceError.maximumHours)) in quarter hours (0.25, 0.5, ...)",
            ])
        }
        var pin = pin
        pin.hours += 0  // -0 is 0: stored, listed and planned as 0
        return try set(PlannerControl(week: week, rule: .pin(pin), setBy: planner, setAt: Date()), action: "pin", field: "pin")
    }

    /// Excludes `exclusion`'s expert from its account for `week`, as `planner`.
    public func setExclusion(_ exclusion: Exclusion, week: ISOWeek, by planner: String) throws -> PlannerControl {
        try set(PlannerControl(week: week, rule: .exclusion(exclusion), setBy: planner, setAt: Date()), action: "exclude", field: "exclusion")
    }

    /// Removes the pin or exclusion of `week` that `rule` names (its expert and target; hours and
    /// mode are ignored), as `planner`; the removal is audited.
    public func removeControl(_ rule: PlannerControl.Rule, week: ISOWeek, by planner: String) throws {
        let control = PlannerControl(week: week, rule: rule, setBy: planner, setAt: Date())
        let action = if case .pin = rule { "unpin" } else { "include" }
        guard try store.removeControl(week: week, key: control.key, actor: planner, at: control.setAt, action: action, detail: control.key) else {
            throw WorkspaceError.unknownControl(label: control.label, week: week.description)
        }
    }

    /// The pins and exclusions of `week` (every week when nil), by week, then key.
    public func controls(week: ISOWeek? = nil) throws -> [PlannerControl] { try store.controls(week: week) }

    /// Checks `control` against its week's scenario with the week's other controls, then stores it.
    private func set(_ control: PlannerControl, action: String, field: String) throws -> PlannerControl {
        var scenario = try scenario(week: control.week, checkingControls: false)
        // What the control names must exist (404, as a request that does not); then the rules of a file's controls (422).
        let (expert, account): (String, String?) = switch control.rule {
        case .pin(let pin): (pin.expert, { if case .account(let id) = pin.target { id } else { nil } }())
        case .exclusion(let exclusion): (exclusion.expert, exclusion.account)
        }
        guard scenario.experts.contains(where: { $0.id == expert }) else {
            throw WorkspaceError.unknownExpert(expert, hint: hint(expert, scenario.experts.map(\.id)))
        }
        if let account, !scenario.accounts.contains(where: { $0.id == account }) {
            throw WorkspaceError.unknownAccount(account, hint: hint(account, scenario.accounts.map(\.id)))
        }
        if case .pin(let pin) = control.rule, case .request(let id) = pin.target {
            guard let stored = try store.request(id)?.request else { throw WorkspaceError.unknownRequest(id) }
            guard stored.week == control.week else {
                throw WorkspaceError.conflictingControl(field: "request", messages: ["request \(id) is for \(stored.week), not \(control.week)"])
            }
            guard stored.isPlanned else {
                throw WorkspaceError.conflictingControl(field: "request", messages: ["request \(id) is \(stored.status.rawValue): it is not planned, so it cannot be pinned"])
            }
        }
        let key = control.key
        scenario.pins.removeAll { PlannerControl(week: control.week, rule: .pin($0), setBy: "", setAt: control.setAt).key == key }
        switch control.rule {
        case .pin(let pin): scenario.pins.append(pin)
        case .exclusion(let exclusion):
            guard !scenario.exclusions.contains(exclusion) else { return control }
            scenario.exclusions.append(exclusion)
        }
        let errors = scenario.controlErrors
        guard errors.isEmpty else { throw WorkspaceError.conflictingControl(field: field, messages: errors) }
        try store.setControl(control, action: action, detail: key + (control.auditDetail.isEmpty ? "" : ": " + control.auditDetail))
        return control
    }

    /// The week's controls as the scenario's pins and exclusions. A pin on a request that is no
    /// longer planned (cancelled or rejected since) is left out.
    func applyControls(to scenario: inout Scenario, week: ISOWeek) throws {
        let planned = Set(scenario.requests.map(\.id))
        for control in try store.controls(week: week) {
            switch control.rule {
            case .pin(let pin):
                if case .request(let id) = pin.target, !planned.contains(id) { continue }
                scenario.pins.append(pin)
            case .exclusion(let exclusion):
                scenario.exclusions.append(exclusion)
            }
        }
    }
}
