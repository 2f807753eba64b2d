/// A linear or mixed-integer program as a plain value: variables with bounds and kinds, an
/// objective, and sparse constraint rows. It knows nothing about any solver; `solve(_:options:)`
/// hands it to GLPK.
///
/// ```swift
/// var model = LinearModel(sense: .maximize)
/// let x = model.addVariable("x", bounds: .lower(0), objective: 3)
/// let y = model.addVariable("y", bounds: .lower(0), objective: 2)
/// model.addConstraint("capacity", [(x, 1), (y, 1)], bounds: .upper(4))
/// let solution = try solve(model)
/// ```
public struct LinearModel: Sendable, Hashable {
    /// Whether the objective is minimized or maximized.
    public var sense: ObjectiveSense
    /// A constant added to the objective.
    public var objectiveConstant: Double
    /// The variables (columns), in the order they were added.
    public internal(set) var variables: [Variable]
    /// The constraints (rows), in the order they were added.
    public internal(set) var constraints: [Constraint]

    /// An empty model.
    public init(sense: ObjectiveSense = .minimize, objectiveConstant: Double = 0) {
        self.sense = sense
        self.objectiveConstant = objectiveConstant
        self.variables = []
        self.constraints = []
    }

    /// A model of these variables and constraints, as given (a model read back from a file;
    /// `validate()` checks it, and every solve does).
    public init(sense: ObjectiveSense, objectiveConstant: Double = 0, variables: [Variable], constraints: [Constraint]) {
        self.sense = sense
        self.objectiveConstant = objectiveConstant
        self.variables = variables
        self.constraints = constraints
    }

    /// True when some variable is integer or binary: the model is then a MIP.
    public var isMixedInteger: Bool { variables.contains { $0.kind != .continuous } }

    /// The number of nonzero entries of the constraint matrix.
    public var nonzeroCount: Int { constraints.reduce(0) { $0 + $1.terms.count } }

    /// Adds a variable and returns its identifier. A binary variable gets bounds [0, 1].
    @discardableResult
    public mutating func addVariable(
        _ name: String? = nil, bounds: Bounds = .lower(0), kind: VariableKind = .continuous,
        objective: Double = 0
    ) -> VariableID {
        let id = VariableID(index: variables.count)
        let effective = kind == .binary && bounds == .lower(0) ? .range(0, 1) : bounds
        variables.append(Variable(name: name, bounds: effective, kind: kind, objective: objective))
        return id
    }

    /// Adds a constraint `bounds` on the sum of `coefficient * variable` over `terms`.
    /// Terms naming the same variable twice are summed into one.
    @discardableResult
    public mutating func addConstraint(
        _ name: String? = nil, _ terms: [(VariableID, Double)], bounds: Bounds
    ) -> ConstraintID {
        let merged = Constraint.mergingDuplicates(terms.map { Term(variable: $0.0, coefficient: $0.1) })
        return addConstraint(Constraint(name: name, terms: merged, bounds: bounds))
    }

    /// Adds an unnamed constraint `bounds` on the sum of `coefficient * variable` over `terms`.
    @discardableResult
    public mutating func addConstraint(_ terms: [(VariableID, Double)], bounds: Bounds) -> ConstraintID {
        addConstraint(nil, terms, bounds: bounds)
    }

    /// Adds a constraint as given (its terms are checked by `validate()`, not merged).
    @discardableResult
    public mutating func addConstraint(_ constraint: Constraint) -> ConstraintID {
        constraints.append(constraint)
        return ConstraintID(index: constraints.count - 1)
    }

    /// Sets the objective coefficient of a variable.
    public mutating func setObjective(_ variable: VariableID, _ coefficient: Double) {
        variables[variable.index].objective = coefficient
    }

    /// Changes the bounds of a variable (for example to fix it).
    public mutating func setBounds(_ variable: VariableID, _ bounds: Bounds) {
        variables[variable.index].bounds = bounds
    }

    /// Changes the bounds of a constraint.
    public mutating func setBounds(_ constraint: ConstraintID, _ bounds: Bounds) {
        constraints[constraint.index].bounds = bounds
    }
}

/// Minimize or maximize.
public enum ObjectiveSense: String, Sendable, Hashable, Codable {
    case minimize, maximize
}

/// Identifies a variable of one model by its position.
public struct VariableID: Hashable, Sendable, Comparable {
    public let index: Int
    public init(index: Int) { self.index = index }
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// Identifies a constraint of one model by its position.
public struct ConstraintID: Hashable, Sendable, Comparable {
    public let index: Int
    public init(index: Int) { self.index = index }
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
}

/// The bounds of a variable or of a constraint's activity.
public enum Bounds: Sendable, Hashable {
    /// No bound: -inf < x < +inf.
    case free
    /// x >= lower.
    case lower(Double)
    /// x <= upper.
    case upper(Double)
    /// lower <= x <= upper.
    case range(Double, Double)
    /// x == value.
    case fixed(Double)

    /// The lower bound, or -infinity.
    public var lowerBound: Double {
        switch self {
        case .free, .upper: -.infinity
        case .lower(let l), .range(let l, _), .fixed(let l): l
        }
    }

    /// The upper bound, or +infinity.
    public var upperBound: Double {
        switch self {
        case .free, .lower: .infinity
        case .upper(let u), .range(_, let u), .fixed(let u): u
        }
    }
}

/// Continuous, integer or binary (integer in [0, 1]).
public enum VariableKind: String, Sendable, Hashable, Codable {
    case continuous, integer, binary
}

/// A column of the model.
public struct Variable: Sendable, Hashable {
    /// Used in exported files and messages; optional.
    public var name: String?
    public var bounds: Bounds
    public var kind: VariableKind
    /// The objective coefficient.
    public var objective: Double

    public init(name: String? = nil, bounds: Bounds = .lower(0), kind: VariableKind = .continuous, objective: Double = 0) {
        self.name = name
        self.bounds = bounds
        self.kind = kind
        self.objective = objective
    }
}

/// One nonzero of a constraint row.
public struct Term: Sendable, Hashable {
    public var variable: VariableID
    public var coefficient: Double

    public init(variable: VariableID, coefficient: Double) {
        self.variable = variable
        self.coefficient = coefficient
    }
}

/// A row: `bounds` on the sum of the terms.
public struct Constraint: Sendable, Hashable {
    public var name: String?
    public var terms: [Term]
    public var bounds: Bounds

    public init(name: String? = nil, terms: [Term], bounds: Bounds) {
        self.name = name
        self.terms = terms
        self.bounds = bounds
    }

    /// The terms with every repeated variable summed into its first occurrence.
    static func mergingDuplicates(_ terms: [Term]) -> [Term] {
        var position: [VariableID: Int] = [:]
        position.reserveCapacity(terms.count)
        var merged: [Term] = []
        merged.reserveCapacity(terms.count)
        for term in terms {
            if let at = position[term.variable] {
                merged[at].coefficient += term.coefficient
            } else {
                position[term.variable] = merged.count
                merged.append(term)
            }
        }
        return merged
    }
}
