/// A key account's service plan (its account file's `servicePlan`): where things stand, the goals
/// with how they are measured and when they are due, the team the account needs every week, and
/// the actions agreed. The team can file next week's requests (`kam request from-plan`).
public struct ServicePlan: Sendable, Hashable {
    public struct Goal: Sendable, Hashable {
        public var goal: String
        public var measure: String?
        public var due: CalendarDate?

        public init(goal: String, measure: String? = nil, due: CalendarDate? = nil) { (self.goal, self.measure, self.due) = (goal, measure, due) }
    }

    /// Expert hours the account needs every week.
    public struct TeamNeed: Sendable, Hashable {
        public var skill: String
        public var hours: Double
        public var priority: Priority
        public var onsite: Bool
        public var note: String?

        public init(skill: String, hours: Double, priority: Priority = .normal, onsite: Bool = false, note: String? = nil) {
            (self.skill, self.hours, self.priority, self.onsite, self.note) = (skill, hours, priority, onsite, note)
        }
    }

    public struct Action: Sendable, Hashable {
        public var action: String
        public var owner: String?
        public var due: CalendarDate?
        public var done: Bool

        public init(action: String, owner: String? = nil, due: CalendarDate? = nil, done: Bool = false) {
            (self.action, self.owner, self.due, self.done) = (action, owner, due, done)
        }
    }

    public var situation: String?
    public var goals: [Goal]
    public var team: [TeamNeed]
    public var actions: [Action]

    public init(situation: String? = nil, goals: [Goal] = [], team: [TeamNeed] = [], actions: [Action] = []) {
        (self.situation, self.goals, self.team, self.actions) = (situation, goals, team, actions)
    }
}
