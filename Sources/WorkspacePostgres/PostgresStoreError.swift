import Scenarios

/// What only the PostgreSQL store can run into.
public enum PostgresStoreError: CategorizedError {
    /// The database has no kam schema: `kam init --database` or `kam workspace migrate` make one.
    case notAWorkspace(String)
    /// A row another writer left in a shape kam cannot read.
    case unreadable(String)

    public var category: ErrorCategory {
        switch self {
        case .notAWorkspace: .notFound
        case .unreadable: .unavailable
        }
    }

    public var description: String {
        switch self {
        case .notAWorkspace(let url):
            "\(url) holds no kam workspace (no kam_schema table); create one with kam init DIR --database URL, or copy one in with kam workspace migrate"
        case .unreadable(let message):
            "the database holds a row kam cannot read: \(message)"
        }
    }
}
