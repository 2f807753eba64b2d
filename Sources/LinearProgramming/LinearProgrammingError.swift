/// Everything that can go wrong between a model and a solution. Solving never aborts the
/// process: invalid input is found in Swift first (`invalidModel`, `invalidOptions`), and
/// whatever GLPK itself rejects comes back as `solverError` with GLPK's message.
public enum LinearProgrammingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model breaks a rule GLPK relies on; every problem found is listed.
    case invalidModel([String])
    /// A solve option is out of range.
    case invalidOptions([String])
    /// GLPK reported an error (its own message, and where in GLPK it was detected).
    case solverError(String)
    /// A model file could not be written.
    case exportFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidModel(let problems):
            return "invalid model: " + problems.joined(separator: "; ")
        case .invalidOptions(let problems):
            return "invalid solve options: " + problems.joined(separator: "; ")
        case .solverError(let message):
            return "GLPK error: \(message)"
        case .exportFailed(let path, let reason):
            return "cannot write model to '\(path)': \(reason)"
        }
    }
}
