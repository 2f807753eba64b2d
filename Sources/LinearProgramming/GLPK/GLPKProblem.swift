internal import CGLPK
import Foundation
internal import GLPKShim

/// Owns one GLPK problem object of the current thread and frees it when done.
///
/// GLPK 5.0 keeps its environment per thread, so a problem is created, used and deleted on
/// one thread: `solve` does all of it inside one synchronous call, and this class is not
/// `Sendable`. Every GLPK call goes through the C shim, which turns GLPK's errors (that would
/// otherwise `abort()`) into thrown `LinearProgrammingError.solverError`s. Such an error frees
/// the thread's whole GLPK environment, and with it this problem: `generation` notices that.
final class GLPKProblem {
    private var pointer: OpaquePointer?
    private let generation: UInt

    init() throws {
        var created: OpaquePointer?
        try Self.check(kam_glpk_create(&created))
        pointer = created
        generation = kam_glpk_generation()
    }

    deinit { close() }

    /// Deletes the GLPK problem now (deinit does it otherwise).
    func close() {
        guard let pointer else { return }
        self.pointer = nil
        if generation == kam_glpk_generation() { _ = kam_glpk_delete(pointer) }
    }

    /// The live pointer, or an error if an earlier GLPK error freed it.
    func handle() throws -> OpaquePointer {
        guard let pointer, generation == kam_glpk_generation() else {
            self.pointer = nil
            throw LinearProgrammingError.solverError("the GLPK problem was freed by an earlier GLPK error on this thread")
        }
        return pointer
    }

    /// Runs one shim call and turns its failure into a Swift error.
    func run(_ call: (OpaquePointer) -> Int32) throws {
        let handle = try handle()
        let code = call(handle)
        if code != KAM_GLPK_OK {
            pointer = nil
            throw Self.error()
        }
    }

    static func check(_ code: Int32) throws {
        if code != KAM_GLPK_OK { throw error() }
    }

    /// GLPK's last error message as a Swift error: "glp_add_rows: nrs = 0; invalid number of
    /// rows (detected in api/prob1.c at line 254)".
    static func error() -> LinearProgrammingError {
        let text = String(cString: kam_glpk_last_error())
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let marker = lines.lastIndex(where: { $0.hasPrefix("Error detected in file") }) else {
            return .solverError(lines.last ?? text)
        }
        let location = lines[marker].replacingOccurrences(of: "Error detected in file ", with: "detected in ")
        let message = lines[..<marker].last(where: { !$0.isEmpty }) ?? "GLPK error"
        return .solverError("\(message) (\(location))")
    }
}

extension GLPKProblem {
    /// GLPK's bound type and bounds for ours.
    static func glpkBounds(_ bounds: Bounds) -> (type: Int32, lower: Double, upper: Double) {
        switch bounds {
        case .free: (GLP_FR, 0, 0)
        case .lower(let l): (GLP_LO, l, 0)
        case .upper(let u): (GLP_UP, 0, u)
        case .range(let l, let u): l == u ? (GLP_FX, l, u) : (GLP_DB, l, u)
        case .fixed(let v): (GLP_FX, v, v)
        }
    }

    /// Copies a validated model into this (empty) problem.
    func load(_ model: LinearModel) throws {
        let sense = model.sense == .maximize ? GLP_MAX : GLP_MIN
        try run { kam_glpk_set_objective($0, sense, model.objectiveConstant) }
        if !model.constraints.isEmpty {
            try run { kam_glpk_add_rows($0, Int32(model.constraints.count)) }
        }
        if !model.variables.isEmpty {
            try run { kam_glpk_add_cols($0, Int32(model.variables.count)) }
        }
        try setRows(model.constraints)
        try setColumns(model.variables)
        let count = model.nonzeroCount
        guard count > 0 else { return }
        var rows = [Int32](repeating: 0, count: count + 1)
        var columns = [Int32](repeating: 0, count: count + 1)
        var values = [Double](repeating: 0, count: count + 1)
        var k = 1
        for (row, constraint) in model.constraints.enumerated() {
            for term in constraint.terms {
                rows[k] = Int32(row + 1)
                columns[k] = Int32(term.variable.index + 1)
                values[k] = term.coefficient
                k += 1
            }
        }
        try loadMatrix(rows: rows, columns: columns, values: values)
    }

    /// Sets the bounds (and names) of all rows, one shim call for the bounds.
    private func setRows(_ constraints: [Constraint]) throws {
        guard !constraints.isEmpty else { return }
        var types = [Int32](), lower = [Double](), upper = [Double]()
        types.reserveCapacity(constraints.count); lower.reserveCapacity(constraints.count); upper.reserveCapacity(constraints.count)
        for constraint in constraints {
            let (type, l, u) = Self.glpkBounds(constraint.bounds)
            types.append(type); lower.append(l); upper.append(u)
        }
        try run { kam_glpk_set_rows($0, Int32(constraints.count), types, lower, upper) }
        for (index, constraint) in constraints.enumerated() where constraint.name != nil {
            try setRow(index, constraint.bounds, name: constraint.name)
        }
    }

    /// Sets kind, bounds, objective coefficient (and names) of all columns, one shim call for all but names.
    private func setColumns(_ variables: [Variable]) throws {
        guard !variables.isEmpty else { return }
        var types = [Int32](), lower = [Double](), upper = [Double](), kinds = [Int32](), objective = [Double]()
        types.reserveCapacity(variables.count); kinds.reserveCapacity(variables.count)
        lower.reserveCapacity(variables.count); upper.reserveCapacity(variables.count); objective.reserveCapacity(variables.count)
        for variable in variables {
            let (type, l, u) = Self.glpkBounds(variable.bounds)
            types.append(type); lower.append(l); upper.append(u)
            kinds.append(variable.kind == .continuous ? GLP_CV : GLP_IV)
            objective.append(variable.objective)
        }
        try run { kam_glpk_set_cols($0, Int32(variables.count), types, lower, upper, kinds, objective) }
        for (index, variable) in variables.enumerated() where variable.name != nil {
            try setColumn(index, variable, bounds: variable.bounds)
        }
    }

    /// Sets row `index` (0-based) bounds and name.
    func setRow(_ index: Int, _ bounds: Bounds, name: String?) throws {
        let (type, lower, upper) = Self.glpkBounds(bounds)
        let row = Int32(index + 1)
        try withOptionalCString(name) { name in
            try run { kam_glpk_set_row($0, row, type, lower, upper, name) }
        }
    }

    /// Sets column `index` (0-based): kind, bounds, objective coefficient and name.
    func setColumn(_ index: Int, _ variable: Variable, bounds: Bounds) throws {
        let (type, lower, upper) = Self.glpkBounds(bounds)
        let kind = variable.kind == .continuous ? GLP_CV : GLP_IV
        let column = Int32(index + 1)
        try withOptionalCString(variable.name) { name in
            try run { kam_glpk_set_col($0, column, type, lower, upper, kind, variable.objective, name) }
        }
    }

    /// Loads the matrix from 1-based triplets (element 0 of each array is unused, as in GLPK).
    func loadMatrix(rows: [Int32], columns: [Int32], values: [Double]) throws {
        let count = Int32(rows.count - 1)
        try run { kam_glpk_load_matrix($0, count, rows, columns, values) }
    }

    private func withOptionalCString(_ string: String?, _ body: (UnsafePointer<CChar>?) throws -> Void) throws {
        if let string { try string.withCString { try body($0) } } else { try body(nil) }
    }
}
