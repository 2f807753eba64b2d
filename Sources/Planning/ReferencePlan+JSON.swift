import Allocation
import Foundation
import Scenarios

extension ReferencePlan {
    /// The assignments of a plan.json file (`allocation.assignments`), for re-planning against it.
    /// Problems are located: `plan.json:12:9: error: ...`.
    public static func read(path: String) throws(Diagnostic) -> ReferencePlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostic.error("cannot read the reference plan '\(path)'; expected the plan.json of a plan (kam plan --out DIR writes DIR/plan.json)", file: path)
        }
        return try parse([UInt8](data), file: path)
    }

    /// The assignments of a plan.json text.
    public static func parse(_ bytes: [UInt8], file: String) throws(Diagnostic) -> ReferencePlan {
        guard let root = try JSONDocument.read(bytes, file: file) else {
            throw Diagnostic.error("the reference plan is empty; expected a plan.json", file: file)
        }
        guard let allocation = root["allocation"], allocation.entries != nil else {
            throw Diagnostic.error("the reference plan has no 'allocation' object; expected a plan.json written by kam plan", at: root.location)
        }
        guard let list = allocation["assignments"], let elements = list.elements else {
            throw Diagnostic.error("'allocation' of the reference plan has no 'assignments' list; expected a plan.json written by kam plan", at: allocation.location)
        }
        var assignments: [Assignment] = []
        assignments.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            let what = "assignment \(index + 1) of the reference plan"
            guard element.entries != nil else {
                throw Diagnostic.error("\(what) is \(element.kindDescription), expected an object {expert, request, account, hours}", at: element.location)
            }
            func text(_ key: String) throws(Diagnostic) -> String {
                guard let value = element[key]?.scalarText, !value.isEmpty else {
                    throw Diagnostic.error("\(what) has no '\(key)'; expected the \(key) id", at: element[key]?.location ?? element.location)
                }
                return value
            }
            guard let node = element["hours"], let hoursText = node.scalarText, let hours = Double(hoursText), hours.isFinite, hours >= 0 else {
                throw Diagnostic.error("'hours' of \(what) is missing or not a finite number >= 0", at: element["hours"]?.location ?? element.location)
            }
            assignments.append(Assignment(expert: try text("expert"), request: try text("request"),
                                          account: element["account"]?.scalarText ?? "", hours: hours))
        }
        return ReferencePlan(source: file, assignments: assignments)
    }
}
