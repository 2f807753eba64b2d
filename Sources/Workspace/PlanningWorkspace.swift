import Allocation
import Foundation
import Planning
import Scenarios
import Synchronization
import Visits

/// A planning workspace: `workspace.yaml` (managers, experts, accounts, policy) and a store
/// (requests, their audit trail, published plans; `kam.sqlite` by default). The rules of the
/// workspace live here; the store only keeps things whole: every call is one transaction.
public final class PlanningWorkspace: Sendable {
    public let directory: String
    public let store: any WorkspaceStore

    public var configurationPath: String { (directory as NSString).appendingPathComponent("workspace.yaml") }
    /// Where the default (SQLite) store of a workspace lives.
    public static func databasePath(_ directory: String) -> String { (directory as NSString).appendingPathComponent("kam.sqlite") }

    /// What workspace.yaml may not hold, and why.
    static let forbiddenKeys = [
        "requests": "requests live in the workspace database; add them with kam request add",
        "history": "history is the last published plan; kam publish records it",
        "extends": "a workspace is self-contained",
        "remove": "a workspace is self-contained",
    ]

    private init(directory: String, store: any WorkspaceStore) {
        self.directory = directory
        self.store = store
    }

    /// The last organisations read, by workspace.yaml's identity (inode, size, modification time
    /// to the nanosecond) and the week: a server answers many requests between two edits of the
    /// file, and an L workspace takes 0.3 s to decode (reading its 6 MB to compare bytes, 4 ms).
    struct Organisation {
        var stamp: [String]
        var week: ISOWeek
        var scenario: Scenario
        var tiers: [TierAssignment]
        /// Each account's position in `scenario.accounts` (and `tiers`), by id.
        var accountIndex: [String: Int]
    }
    private let organisations = Mutex<[Organisation]>([])
    /// Held while workspace.yaml is decoded into `organisations`.
    private let loading = NSLock()
    /// The weeks last solved for a recommendation, by the scenario and the options they were
    /// solved from (`recommendations(week:requests:options:)`): the request page and the approval
    /// view ask about one request after another while the week stays as it is, and each answer
    /// then re-solves only its forced request from the plan's basis. At most two weeks.
    let recommendationStates = Mutex<[(key: RecommendationKey, state: RecommendationState)]>([])
    /// The weeks last planned for the team server's views (an account's page), by what their plan
    /// depends on: a view reads a kept plan while its week stays as it is. At most two weeks.
    let viewPlans = Mutex<[(key: ViewPlanKey, plan: ViewPlan, madeAt: ContinuousClock.Instant)]>([])
    /// The latest published plans as the pages read them, parsed once per version (an L plan is
    /// 13 MB of JSON: parsed on every page load, it cost 0.6 s and, through the allocator's
    /// per-thread arenas, gigabytes of memory). At most two weeks.
    let publishedViews = Mutex<[(week: ISOWeek, version: Int, view: PublishedPlanView)]>([])
    /// The latest drafts (`planWeek`'s plan.json) as the planner's page reads them, by the file's
    /// identity. At most two weeks.
    let draftViews = Mutex<[(week: ISOWeek, file: [String], document: String, view: PublishedPlanView)]>([])
    /// Published plans scoped to a role or manager (`publishedPlan(_:for:)`), by week, version and
    /// scope; at most `scopedPlanBytes` of JSON in all.
    let scopedPlans = Mutex<[(week: ISOWeek, version: Int, scope: String, json: String)]>([])
    static let scopedPlanBytes = 64 << 20
    /// The latest published plan read once for scoping (one week), and the lock under which it is
    /// read: fifty managers asking at once wait for one read instead of making fifty.
    let parsedPlan = Mutex<(week: ISOWeek, version: Int, plan: JSONValue)?>(nil)
    let parsingPlan = NSLock()
    /// Answers already worked out against a kept state, by its key and the request: the planner's
    /// page asks for the same costs on every load while the week stays as it is. At most two weeks.
    let recommendationAnswers = Mutex<[(key: RecommendationKey, answers: [String: Recommendation])]>([])
    /// Approval figures already worked out, by the week's approved scenario (and the options that
    /// shape its solve) and the waiting request. At most two weeks.
    let approvalAnswers = Mutex<[(key: RecommendationKey, base: AllocationPlan, answers: [String: (request: StoredRequest, pending: PendingRequest)])]>([])

    /// What a week's recommendation state depends on: the whole scenario and the options that
    /// shape the problem or its solve.
    struct RecommendationKey: Equatable, Sendable {
        var scenario: Scenario
        var timeLimit: Double?
        var warmStart: Bool
        var maxPairs: Int
        var reference: ReferencePlan?
    }

    /// Creates DIR with workspace.yaml (from a scenario's managers, experts, accounts and policy,
    /// or an empty one) and a new store, made by `makeStore` once the directory exists.
    public static func create(at directory: String, from scenario: Scenario?,
                              store makeStore: (String) throws -> any WorkspaceStore) throws -> PlanningWorkspace {
        let manager = FileManager.default
        if manager.fileExists(atPath: (directory as NSString).appendingPathComponent("workspace.yaml"))
            || manager.fileExists(atPath: databasePath(directory))
        {
            throw WorkspaceError.alreadyAWorkspace(directory: directory)
        }
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var document: [(String, JSONValue)] = [("name", .string(scenario?.name ?? ((directory as NSString).lastPathComponent)))]
        if case .object(let pairs)? = scenario.map(ScenarioWriter.document) {
            document += pairs.filter { ["policy", "managers", "experts", "accounts", "accountFiles"].contains($0.0) }
        } else {
            document += [("managers", .array([])), ("experts", .array([])), ("accounts", .array([]))]
        }
        let header = "# kam workspace: managers, experts, accounts, their files and policy (the scenario format without\n# week, requests and history). Requests are in kam.sqlite: kam request add --workspace DIR ...\n"
        try Data((header + JSONValue.object(document).yamlRendered()).utf8)
            .write(to: URL(fileURLWithPath: (directory as NSString).appendingPathComponent("workspace.yaml")), options: .atomic)
        return PlanningWorkspace(directory: directory, store: try makeStore(directory))
    }

    /// Opens the workspace in DIR with the store `makeStore` opens for it.
    public static func open(_ directory: String, store makeStore: (String) throws -> any WorkspaceStore) throws -> PlanningWorkspace {
        guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("workspace.yaml")) else {
            throw WorkspaceError.notAWorkspace(directory: directory)
        }
        return PlanningWorkspace(directory: directory, store: try makeStore(directory))
    }

    // MARK: The organisation

    /// workspace.yaml as a scenario of `week` without requests or history; its errors thrown.
    public func organisation(week: ISOWeek) throws -> Scenario { try organisationAndTiers(week: week).scenario }

    /// The organisation of `week` and its accounts' tiers (in account order). Decoded again only
    /// when workspace.yaml's bytes change.
    public func organisationAndTiers(week: ISOWeek) throws -> (scenario: Scenario, tiers: [TierAssignment]) {
        let known = try organisationEntry(week: week)
        return (known.scenario, known.tiers)
    }

    /// The cached organisation of `week` with its tiers and account index.
    func organisationEntry(week: ISOWeek) throws -> Organisation {
        let stamp = Self.stamp(configurationPath)
        if let known = cached(week: week, stamp: stamp) { return known }
        // One thread decodes; the others that missed at the same moment wait for its result
        // instead of decoding the same file again each (32 store threads on a 2-core machine).
        loading.lock()
        defer { loading.unlock() }
        if let known = cached(week: week, stamp: stamp) { return known }
        let result = ScenarioLoader.load(path: configurationPath, defaultWeek: week, forbidden: Self.forbiddenKeys)
        guard var scenario = result.scenario else {
            throw WorkspaceError.invalidConfiguration(result.errors.map(\.description))
        }
        scenario.week = week
        let entry = Organisation(stamp: stamp, week: week, scenario: scenario, tiers: Tiering.assign(scenario),
                                 accountIndex: Dictionary(scenario.accounts.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first }))
        organisations.withLock { entries in
            entries.removeAll { $0.week == week }
            entries.append(entry)
            if entries.count > 4 { entries.removeFirst(entries.count - 4) }
        }
        return entry
    }

    private func cached(week: ISOWeek, stamp: [String]) -> Organisation? {
        guard !stamp.isEmpty else { return nil }
        return organisations.withLock { $0.first { $0.week == week && $0.stamp == stamp } }
    }

    /// The week to read workspace.yaml for when the week does not matter (who manages what, names).
    public static let anyWeek = ISOWeek(year: 2026, week: 1)!

    /// What identifies one version of a file without reading it (empty when it cannot be read).
    static func stamp(_ path: String) -> [String] {
        var info = stat()
        guard stat(path, &info) == 0 else { return [] }
        return [String(info.st_dev), String(info.st_ino), String(info.st_size), String(info.st_mtim.tv_sec), String(info.st_mtim.tv_nsec),
                String(info.st_ctim.tv_sec), String(info.st_ctim.tv_nsec)]
    }

    // MARK: Requests

    /// A request to file: the scenario's request shape (its id is given by the store) for a week,
    /// made by a manager.
    public struct NewRequest: Sendable {
        public var week: ISOWeek
        public var request: ExpertRequest
        /// The manager making the request (the signed-in one, on a server).
        public var by: String { request.requestedBy ?? "" }

        public init(week: ISOWeek, account: String, skill: String, hours: Double, priority: Priority = .normal,
                    onsite: Bool = false, singleExpert: Bool = false, by: String, note: String? = nil) {
            self.week = week
            request = ExpertRequest(id: "", account: account, skill: skill, hours: hours, priority: priority,
                                    onsite: onsite, singleExpert: singleExpert, requestedBy: by, note: note)
        }
    }

    /// A request as filed, with what the manager should know about it.
    public struct Filed: Sendable {
        public var request: StoredRequest
        /// Accepted, but: the week is already published, or the account's tier is not planned.
        public var warnings: [String]
        /// True when an idempotency key matched an earlier request: nothing new was stored.
        public var replayed = false
    }

    /// Checks a new request against the workspace and stores it; returns it with its new id.
    /// With an idempotency key seen before, returns the request filed then (nothing new is stored).
    public func add(_ new: NewRequest, today: CalendarDate, idempotency: IdempotencyKey? = nil) throws -> Filed {
        let asked = new.request
        if new.week < ISOWeek(containing: today) {
            throw WorkspaceError.weekInPast(week: new.week, current: ISOWeek(containing: today))
        }
        try requireWeekInWindow(new.week, today: today)
        let known = try organisationEntry(week: new.week)
        let organisation = known.scenario
        guard WorkspaceError.isRequestHours(asked.hours) else {
            throw WorkspaceError.hoursOutOfRange(asked.hours)
        }
        if let note = asked.note, let control = TextSafety.firstControl(in: note) {
            throw WorkspaceError.controlCharacter(field: "note", character: TextSafety.visible(control))
        }
        guard let index = known.accountIndex[asked.account] else {
            throw WorkspaceError.unknownAccount(asked.account, hint: hint(asked.account, organisation.accounts.map(\.id)))
        }
        let account = organisation.accounts[index]
        guard organisation.managers.contains(where: { $0.id == new.by }) else {
            throw WorkspaceError.unknownManager(new.by, hint: hint(new.by, organisation.managers.map(\.id)))
        }
        try requireActiveManager(new.by)
        guard account.manager == new.by else {
            throw WorkspaceError.notTheAccountManager(manager: new.by, account: account.id, owner: account.manager)
        }
        guard organisation.experts.contains(where: { $0.skills.contains { $0.name == asked.skill } }) else {
            let skills = Set(organisation.experts.flatMap { $0.skills.map(\.name) })
            throw WorkspaceError.unknownSkill(asked.skill, hint: hint(asked.skill, skills.sorted()))
        }
        var warnings: [String] = []
        let tier = known.tiers[index].tier, eligible = organisation.policy.allocation.eligibleTiers
        if !eligible.contains(tier) {
            let names = eligible.map(\.rawValue)
            warnings.append("account '\(account.id)' is \(tier.rawValue), and expert hours go to \(names.isEmpty ? "no tier" : names.joined(separator: " and ")) accounts (policy.allocation.eligibleTiers): this request will not be planned")
        }
        let approval = organisation.policy.requests.approval
        let (stored, replayed) = try store.fileRequest(asked, week: new.week, status: approval == .required ? .submitted : .open, at: Date(),
                                                       idempotency: idempotency) { stored in
            "\(NumberFormat.grouped(stored.hours)) h of \(stored.skill) for \(stored.account) in \(stored.week)"
                + (stored.filedAfterVersion.map { " (after version \($0) was published)" } ?? "")
        }
        if stored.status == .submitted {
            warnings.insert("\(stored.id) waits for a planner's approval (policy.requests.approval: required); it is planned once approved", at: 0)
        }
        if let published = stored.filedAfterVersion {
            warnings.insert("\(new.week) is already published (version \(published)); \(stored.id) is not in that plan: it is planned when the planner publishes the week again (kam publish --week \(new.week) --force)", at: 0)
        }
        return Filed(request: stored, warnings: warnings, replayed: replayed)
    }

    /// The latest published version of each week that has one.
    public func latestPublishedVersions() throws -> [ISOWeek: Int] { try store.latestPublishedVersions() }

    /// Throws unless the store answers now (the team server's health check).
    public func checkStore() throws { try store.checkReachable() }

    public func requests(week: ISOWeek? = nil, account: String? = nil, status: StoredRequest.Status? = nil) throws -> [StoredRequest] {
        try store.requests(week: week, account: account, status: status)
    }

    public func request(_ id: String) throws -> (request: StoredRequest, audit: [AuditEntry]) {
        guard let found = try store.request(id) else { throw WorkspaceError.unknownRequest(id) }
        return found
    }

    /// Cancels a request; only the manager who made it may.
    public func cancel(_ id: String, by manager: String) throws -> StoredRequest {
        let cancelled = try store.updateRequest(id, actor: manager, action: "cancel", at: Date()) { request in
            guard request.requester == manager else { throw WorkspaceError.notTheRequester(request: id, requester: request.requester) }
            guard request.status != .cancelled else { throw WorkspaceError.alreadyCancelled(request: id) }
            request.status = .cancelled
            return ""
        }
        guard let cancelled else { throw WorkspaceError.unknownRequest(id) }
        return cancelled
    }

    // MARK: Planning and publishing

    /// The scenario of `week`: the organisation, the week's planned requests (not submitted,
    /// rejected or cancelled), the planners' pins and exclusions of the week, and as history the
    /// hours of the latest published plan of an earlier week. Controls that no longer fit the week
    /// (the organisation changed since they were set) are refused with the reasons.
    public func scenario(week: ISOWeek) throws -> Scenario {
        try scenario(week: week, checkingControls: true)
    }

    func scenario(week: ISOWeek, checkingControls: Bool) throws -> Scenario {
        var scenario = try organisation(week: week)
        scenario.requests = try requests(week: week).filter(\.isPlanned).map(\.request)
        try applyControls(to: &scenario, week: week)
        try applyVisitLog(to: &scenario, week: week)
        if checkingControls, !scenario.pins.isEmpty || !scenario.exclusions.isEmpty {
            let errors = scenario.controlErrors
            if !errors.isEmpty {
                throw WorkspaceError.conflictingControl(field: "controls", messages: errors.map { "\($0) (a control set for \(week); change or remove it with kam pin / kam exclude)" })
            }
        }
        scenario.history = try store.history(before: week)
        // Managers and accounts may have changed since: keep only history the scenario can name.
        let experts = Set(scenario.experts.map(\.id)), accounts = Set(scenario.accounts.map(\.id))
        scenario.history = scenario.history.filter { experts.contains($0.expert) && accounts.contains($0.account) }
        return scenario
    }

    /// Records that the planner reviewed `document` (the plan.json of `kam plan --workspace`) for `week`.
    public func markReviewed(week: ISOWeek, document: String) throws {
        try store.setReviewed(week: week, fingerprint: fingerprint(document), at: Date())
    }

    /// Stores the plan of its week as a new version and updates the requests' statuses, in one
    /// transaction: a crash leaves either the old state or the new one. When the planner reviewed
    /// the week (`kam plan --workspace`), only that same plan is published.
    public func publish(_ plan: WeeklyPlan, document json: String, by actor: String, force: Bool) throws -> PublishedPlan {
        let week = plan.scenario.week
        if let reviewed = try store.reviewedFingerprint(week: week), reviewed != fingerprint(json) {
            let path = ((directory as NSString).appendingPathComponent("plans/\(week)") as NSString).appendingPathComponent("plan.json")
            // Name the requests that came after the review: planned now, absent from the reviewed plan.
            // (Only when the draft on disk is the reviewed plan: `kam plan --out` may have written it elsewhere.)
            let draft = (try? draftDocument(week)).flatMap { fingerprint($0) == reviewed ? $0 : nil }
            let reviewedIDs = Set(draft.map { PublishedPlanView(json: $0).requestIDs } ?? [])
            let newcomers = reviewedIDs.isEmpty ? [] : plan.allocation.requests.map(\.id).filter { !reviewedIDs.contains($0) }
            throw WorkspaceError.changedSinceReview(reviewed: path, directory: directory, week: week.description, newRequests: newcomers)
        }
        let objective = plan.allocation.objective
        let publication = Publication(
            week: week, by: actor, at: Date(), objective: objective, planJSON: json,
            hours: plan.allocation.teams.flatMap { team in team.experts.map { HistoryEntry(expert: $0.expert, account: team.account, hours: $0.hours) } },
            outcomes: plan.allocation.requests.map { outcome in
                (outcome.id, outcome.allocated, outcome.unmet == 0 ? .allocated : outcome.allocated > 0 ? .partial : .unmet)
            },
            calendars: Array(zip(plan.scenario.managers.map(\.id), ICalendar.events(plan: plan.visits, scenario: plan.scenario))),
            detail: { version in "version \(version), objective \(objective)" })
        return try store.publish(publication, force: force)
    }

    public func publishedPlans(week: ISOWeek) throws -> [PublishedPlan] { try store.publishedPlans(week: week) }

    /// The calendar feed of a manager: their visits in every published week (latest versions).
    public func calendarFeed(manager: String) throws -> String {
        let name = (try? organisation(week: Self.anyWeek).managers.first { $0.id == manager }?.name) ?? manager
        return ICalendar.wrap(name: "Visits: \(name)", events: try store.calendarEvents(manager: manager).joined())
    }

    // MARK: Helpers

    /// "; did you mean 'bank-hq'?" for a likely typo, else "" (the same hint as scenario files give).
    func hint(_ word: String, _ candidates: [String]) -> String {
        Suggestion.hint(for: word, in: candidates)
    }
}
