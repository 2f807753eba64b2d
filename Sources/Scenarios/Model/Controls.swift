/// A planner's pin: an expert's hours on one request, or on one account's requests together,
/// fixed (`exactly`) or floored (`atLeast`).
public struct Pin: Sendable, Hashable {
    public enum Target: Sendable, Hashable {
        case request(String)
        case account(String)

        /// The id of the request or account.
        public var id: String {
            switch self {
            case .request(let id), .account(let id): id
            }
        }
    }

    public enum Mode: String, Sendable, Hashable, CaseIterable, Codable {
        /// The expert gives exactly these hours.
        case exactly
        /// The expert gives at least these hours (more if the plan gains by it).
        case atLeast
    }

    public var expert: String
    public var target: Target
    public var hours: Double
    public var mode: Mode

    public init(expert: String, target: Target, hours: Double, mode: Mode = .exactly) {
        self.expert = expert
        self.target = target
        self.hours = hours
        self.mode = mode
    }

    /// "expert 'e1' on request 'r1'", as messages name the pin.
    public var label: String {
        switch target {
        case .request(let id): "pin of expert '\(expert)' on request '\(id)'"
        case .account(let id): "pin of expert '\(expert)' on account '\(id)'"
        }
    }
}

/// A planner's exclusion: the expert does not work for the account this week.
public struct Exclusion: Sendable, Hashable {
    public var expert: String
    public var account: String

    public init(expert: String, account: String) {
        self.expert = expert
        self.account = account
    }
}
