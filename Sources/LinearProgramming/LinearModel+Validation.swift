extension LinearModel {
    /// GLPK's limit on the number of rows and of columns.
    static let maximumDimension = 100_000_000
    /// GLPK's limit on the length of a row or column name, in bytes.
    static let maximumNameLength = 255
    /// How many problems `validate()` lists before it stops looking.
    static let maximumReportedProblems = 20

    /// Checks every rule GLPK relies on, so that nothing invalid ever reaches it.
    /// Throws `LinearProgrammingError.invalidModel` listing the problems found (at most 20).
    public func validate() throws {
        let problems = validationProblems()
        if !problems.isEmpty { throw LinearProgrammingError.invalidModel(problems) }
    }

    /// The problems `validate()` would report.
    public func validationProblems() -> [String] {
        var problems: [String] = []
        func report(_ message: @autoclosure () -> String) -> Bool {
            if problems.count < Self.maximumReportedProblems { problems.append(message()) }
            return problems.count < Self.maximumReportedProblems
        }
        if !objectiveConstant.isFinite {
            _ = report("objective constant is \(objectiveConstant), expected a finite number")
        }
        if variables.count >= Self.maximumDimension {
            _ = report("\(variables.count) variables, GLPK allows fewer than \(Self.maximumDimension)")
        }
        if constraints.count >= Self.maximumDimension {
            _ = report("\(constraints.count) constraints, GLPK allows fewer than \(Self.maximumDimension)")
        }
        if nonzeroCount >= Int(Int32.max) {
            _ = report("\(nonzeroCount) nonzeros, GLPK allows fewer than \(Int32.max)")
        }
        for (index, variable) in variables.enumerated() {
            var what: String { Self.label("variable", index, variable.name) }
            if let problem = Self.nameProblem(variable.name), !report("\(what): \(problem)") { return problems }
            if let problem = Self.boundsProblem(variable.bounds), !report("\(what): \(problem)") { return problems }
            if !variable.objective.isFinite,
                !report("\(what): objective coefficient is \(variable.objective), expected a finite number")
            {
                return problems
            }
            if variable.kind == .binary,
                variable.bounds.lowerBound < 0 || variable.bounds.upperBound > 1,
                !report("\(what): a binary variable needs bounds within [0, 1]")
            {
                return problems
            }
        }
        var seenIn = [Int](repeating: -1, count: variables.count)
        for (row, constraint) in constraints.enumerated() {
            var what: String { Self.label("constraint", row, constraint.name) }
            if let problem = Self.nameProblem(constraint.name), !report("\(what): \(problem)") { return problems }
            if let problem = Self.boundsProblem(constraint.bounds), !report("\(what): \(problem)") { return problems }
            for term in constraint.terms {
                let column = term.variable.index
                guard column >= 0 && column < variables.count else {
                    if !report("\(what): names variable #\(column), but the model has \(variables.count) variables") {
                        return problems
                    }
                    continue
                }
                if seenIn[column] == row {
                    let variable = Self.label("variable", column, variables[column].name)
                    if !report("\(what): \(variable) appears twice; add the coefficients into one term") {
                        return problems
                    }
                }
                seenIn[column] = row
                if !term.coefficient.isFinite {
                    let variable = Self.label("variable", column, variables[column].name)
                    if !report("\(what): coefficient of \(variable) is \(term.coefficient), expected a finite number") {
                        return problems
                    }
                }
            }
        }
        return problems
    }

    /// "variable #3 'x'" or "constraint #0".
    static func label(_ kind: String, _ index: Int, _ name: String?) -> String {
        if let name, !name.isEmpty { return "\(kind) #\(index) '\(name)'" }
        return "\(kind) #\(index)"
    }

    static func nameProblem(_ name: String?) -> String? {
        guard let name else { return nil }
        if name.utf8.count > maximumNameLength {
            return "name is \(name.utf8.count) bytes long, GLPK allows at most \(maximumNameLength)"
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "name contains a control character"
        }
        return nil
    }

    static func boundsProblem(_ bounds: Bounds) -> String? {
        switch bounds {
        case .free:
            return nil
        case .lower(let value), .upper(let value), .fixed(let value):
            return value.isFinite ? nil : "bound is \(value), expected a finite number (use .free for no bound)"
        case .range(let lower, let upper):
            guard lower.isFinite, upper.isFinite else {
                return "range [\(lower), \(upper)] needs finite ends (use .lower, .upper or .free)"
            }
            return lower <= upper ? nil : "lower bound \(lower) is above upper bound \(upper)"
        }
    }
}
