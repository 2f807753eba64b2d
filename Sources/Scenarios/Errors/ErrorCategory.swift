/// What kind of failure an error is, so that each front end can answer in its own terms: the
/// command line prints `error: ...` and exits 1, a server chooses its status code (invalid 422,
/// not found 404, conflict 409, forbidden 403, unauthenticated 401, unavailable 503).
public enum ErrorCategory: String, Sendable, Hashable, CaseIterable {
    /// The input breaks a rule.
    case invalid
    /// The thing named does not exist.
    case notFound
    /// The input is fine but the state does not allow it now (already published, changed since review).
    case conflict
    /// The one asking may not do this.
    case forbidden
    /// Nobody is signed in, or the credentials are wrong.
    case unauthenticated
    /// The machine could not do it (a full disk, a broken database); nothing was changed.
    case unavailable
}

/// An error that says what kind of failure it is, in words for the person who caused it.
public protocol CategorizedError: Error, CustomStringConvertible {
    var category: ErrorCategory { get }
}
