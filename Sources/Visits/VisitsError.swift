import Scenarios

/// What can go wrong scheduling visits: only the solver failing (GLPK's own message kept).
public enum VisitsError: CategorizedError {
    case solver(manager: String, Error)

    public var category: ErrorCategory { .unavailable }

    public var description: String {
        switch self {
        case .solver(let manager, let error): "the visits of manager '\(manager)' could not be scheduled: \(error)"
        }
    }
}
