import Allocation
import Foundation
import Planning
import Reports
import Scenarios

/// Planning and publishing a workspace's week: the one code path of `kam plan --workspace`,
/// `kam publish` and the team server's plan and publish calls.
extension PlanningWorkspace {
    /// A week just planned: the plan, its plan.json and that document's fingerprint.
    public struct PlannedWeek: Sendable {
        public var plan: WeeklyPlan
        public var document: String
        public var fingerprint: String
        /// Where the plan's files were written (nil when not written).
        public var directory: String?
        public var destination: PlanWriter.Destination?
        public var fileCount: Int
        public var fileNames: [String]
    }

    /// Where `kam plan --workspace` writes a week's plan: DIR/plans/WEEK.
    public func planDirectory(_ week: ISOWeek) -> String {
        ((directory as NSString).appendingPathComponent("plans") as NSString).appendingPathComponent(week.description)
    }

    /// Plans `week` from the workspace, writes its files (plan.json, CSV, calendars, report.html) to
    /// `out` (default DIR/plans/WEEK) and records the plan as the one the planner reviewed: publishing
    /// then publishes exactly this plan.
    /// `today`: a week that ended before it is planned only with `force` (which also replaces a
    /// plan of another week in `out`); nil skips that check.
    public func planWeek(_ week: ISOWeek, options: AllocationOptions = AllocationOptions(), out: String? = nil, force: Bool = false,
                         today: CalendarDate? = nil) throws -> PlannedWeek {
        if let today {
            try requireWeekInWindow(week, today: today)
            try requireNotEnded(week, today: today, action: "plan", force: force)
        }
        let (plan, document) = try makePlan(week, options: options, keepingRecommendationState: true)
        let files = PlanFiles.files(for: plan)
        let target = out ?? planDirectory(week)
        let destination = try PlanWriter().write(files, to: target, week: week.description, force: force)
        try markReviewed(week: week, document: document)
        return PlannedWeek(plan: plan, document: document, fingerprint: fingerprint(document), directory: target,
                           destination: destination, fileCount: files.count, fileNames: PlanWriter.entries(files))
    }

    /// A week just published, and what the planner should know (requests left out).
    public struct PublishedWeek: Sendable {
        public var record: PublishedPlan
        public var planned: PlannedWeek
        public var warnings: [String]
    }

    /// Plans `week` again and publishes it, as `user` (a planner). With `expecting`, the plan must
    /// have that fingerprint (the one the planner saw), else nothing is published (`planChanged`).
    /// Without `force`, refuses a week already published, a week that ended before `today`, and a
    /// week with requests waiting for approval (they would not be in the plan); with it, publishes
    /// and names those requests in `warnings`.
    public func publishWeek(_ week: ISOWeek, by user: User, force: Bool, today: CalendarDate, expecting: String? = nil,
                            options: AllocationOptions = AllocationOptions()) throws -> PublishedWeek {
        try requirePlanner(user, to: "publish a week")
        try requireWeekInWindow(week, today: today)
        try requireNotEnded(week, today: today, action: "publish", force: force)
        let waiting = try waitingForApproval(week: week).map(\.id)
        if !waiting.isEmpty && !force { throw WorkspaceError.requestsWaiting(week: week.description, ids: waiting) }
        let (plan, document) = try makePlan(week, options: options)
        let now = fingerprint(document)
        if let expecting, expecting != now { throw AccessError.planChanged(sent: expecting, now: now) }
        let record = try publish(plan, document: document, by: user.id, force: force)
        let warnings = waiting.isEmpty ? [] : [WorkspaceError.waiting(week: week.description, ids: waiting) + "; published without " + (waiting.count == 1 ? "it" : "them")]
        return PublishedWeek(record: record, planned: PlannedWeek(plan: plan, document: document, fingerprint: now, directory: nil, destination: nil,
                                                                  fileCount: 0, fileNames: []), warnings: warnings)
    }

    /// The week's plan and its plan.json, from the workspace as it is now.
    /// A week that has a published plan is re-planned against it (the latest version), unless
    /// `options` names another reference: with `policy.allocation.changePenalty` the plan keeps
    /// what it can of what managers were told, and it lists what moved either way.
    /// `keepingRecommendationState`: the plan carries what `kam recommend --plan` reads (its directory's recommend-state.bin).
    func makePlan(_ week: ISOWeek, options: AllocationOptions, keepingRecommendationState: Bool = false) throws -> (plan: WeeklyPlan, document: String) {
        let plan = try weekPlan(week, options: options, keepingRecommendationState: keepingRecommendationState)
        return (plan, plan.document().json().rendered())
    }

    /// `makePlan` without plan.json (a view needs the plan, not its 13 MB rendering at L).
    func weekPlan(_ week: ISOWeek, options: AllocationOptions, keepingRecommendationState: Bool = false) throws -> WeeklyPlan {
        var options = options
        if options.reference == nil, let published = try publishedPlans(week: week).last {
            let source = "the published plan of \(week) (version \(published.version))"
            options.reference = try ReferencePlan.parse(Array(published.planJSON.utf8), file: source)
        }
        return try WeeklyPlan.make(try scenario(week: week), options: options, keepingRecommendationState: keepingRecommendationState)
    }

    /// The plan.json of the latest plan written by `planWeek` for `week` (a draft until published).
    public func draftDocument(_ week: ISOWeek) throws -> String {
        let path = (planDirectory(week) as NSString).appendingPathComponent("plan.json")
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw AccessError.noDraft(week: week.description)
        }
        return text
    }

    /// The version number of `week`'s latest published plan (nil when none), without reading plans.
    public func latestPublishedVersion(_ week: ISOWeek) throws -> Int? {
        try store.latestPublishedVersions()[week]
    }

    /// The latest published plan of `week` as the pages read it (teams, visits), parsed once per
    /// version and kept; nil when the week has none.
    public func latestPublishedView(_ week: ISOWeek) throws -> (version: Int, view: PublishedPlanView)? {
        guard let version = try latestPublishedVersion(week) else { return nil }
        if let kept = publishedViews.withLock({ $0.first { $0.week == week && $0.version == version } }) { return (version, kept.view) }
        guard let latest = try store.publishedPlans(week: week).last else { return nil }
        let view = PublishedPlanView(json: latest.planJSON)
        publishedViews.withLock { kept in
            kept.removeAll { $0.week == week }
            kept.append((week, latest.version, view))
            if kept.count > 2 { kept.removeFirst(kept.count - 2) }
        }
        return (latest.version, view)
    }

    /// The latest draft of `week` (`draftDocument`) and its view (teams, visits, figures), read
    /// once per version of the file; nil when the week has not been planned.
    public func draftView(_ week: ISOWeek) throws -> (document: String, view: PublishedPlanView)? {
        let path = (planDirectory(week) as NSString).appendingPathComponent("plan.json")
        let file = Self.stamp(path)
        guard !file.isEmpty else { return nil }
        if let kept = draftViews.withLock({ $0.first { $0.week == week && $0.file == file } }) { return (kept.document, kept.view) }
        guard let document = try? draftDocument(week) else { return nil }
        let view = PublishedPlanView(json: document)
        draftViews.withLock { kept in
            kept.removeAll { $0.week == week }
            kept.append((week, file, document, view))
            if kept.count > 2 { kept.removeFirst(kept.count - 2) }
        }
        return (document, view)
    }

    /// The latest published plan of `week`.
    public func latestPublished(_ week: ISOWeek) throws -> PublishedPlan {
        guard let latest = try publishedPlans(week: week).last else { throw AccessError.notPublished(week: week.description) }
        return latest
    }
}

extension PlanningWorkspace {
    /// Who fits request `id` in its week's plan, and what meeting it in full would cost.
    public func recommend(_ id: String, options: AllocationOptions = AllocationOptions()) throws -> Recommendation {
        let stored = try request(id).request
        guard let recommendation = try recommendations(week: stored.week, requests: [id], options: options)[id] else {
            throw WorkspaceError.unknownRequest(id)
        }
        return recommendation
    }

    /// Recommendations for several requests of one week: the week's plan is solved once, then each
    /// request is forced in turn, from the flow basis the plan was solved from (as `kam recommend`
    /// does: no flow solved again per request). A request not in the week's plan (cancelled,
    /// another week) has none.
    public func recommendations(week: ISOWeek, requests ids: [String], options: AllocationOptions = AllocationOptions()) throws -> [String: Recommendation] {
        let scenario = try scenario(week: week)
        let state = try recommendationState(scenario, options: options)
        let key = RecommendationKey(scenario: scenario, timeLimit: options.timeLimit, warmStart: options.warmStart,
                                    maxPairs: options.maxPairs, reference: options.reference)
        let known = recommendationAnswers.withLock { $0.first { $0.key == key }?.answers } ?? [:]
        let planned = Set(state.requests.map(\.id))
        var result: [String: Recommendation] = [:]
        for id in ids where planned.contains(id) {
            result[id] = try known[id] ?? state.recommend(request: id, options: options)
        }
        // Kept for the next ask while the week stays as it is (the answers of a state that
        // stopped at its time limit are not: the state itself is not kept).
        if recommendationStates.withLock({ $0.contains { $0.key == key } }) {
            recommendationAnswers.withLock { entries in
                let merged = (entries.first { $0.key == key }?.answers ?? [:]).merging(result) { a, _ in a }
                entries.removeAll { $0.key.scenario.week == week }
                entries.append((key, merged))
                if entries.count > 2 { entries.removeFirst(entries.count - 2) }
            }
        }
        return result
    }

    /// The week's plan as `recommend` needs it: solved once per scenario and options, then kept
    /// (`recommendationStates`). A scenario equal to the one kept is the same week as far as any
    /// answer can tell, so the kept state gives the answers a fresh solve would.
    func recommendationState(_ scenario: Scenario, options: AllocationOptions) throws -> RecommendationState {
        let key = RecommendationKey(scenario: scenario, timeLimit: options.timeLimit, warmStart: options.warmStart,
                                    maxPairs: options.maxPairs, reference: options.reference)
        if let kept = recommendationStates.withLock({ $0.first { $0.key == key }?.state }) { return kept }
        let problem = try Allocator.problem(scenario, options: options)
        let (plan, flowBasis) = try Allocator.solveKeepingFlowBasis(problem, options: options)
        let state = RecommendationState(problem: problem, plan: plan, flowBasis: flowBasis, options: options)
        // A plan that stopped at the time limit is not kept: a later call may have the time to finish.
        guard plan.status == .optimal else { return state }
        recommendationStates.withLock { entries in
            entries.removeAll { $0.key.scenario.week == scenario.week }
            entries.append((key, state))
            if entries.count > 2 { entries.removeFirst(entries.count - 2) }
        }
        return state
    }
}

extension PlanningWorkspace {
    /// A horizon planned and written: `kam plan --workspace DIR --week W --weeks N`.
    public struct PlannedHorizon: Sendable {
        /// The weeks and their capacity outlook.
        public var report: HorizonReport
        public var directory: String
        public var destination: PlanWriter.Destination
        public var fileCount: Int
        public var fileNames: [String]
    }

    /// Where a horizon from `week` goes by default: DIR/plans/horizon-WEEK.
    public func horizonDirectory(_ week: ISOWeek) -> String {
        ((directory as NSString).appendingPathComponent("plans") as NSString).appendingPathComponent("horizon-\(week)")
    }

    /// Plans `count` weeks from `week` as a look ahead: each week from the workspace (its requests,
    /// controls, the visit log), the history and last visits the week before left behind, and
    /// writes them with the capacity outlook (HorizonReport) to `out` (default DIR/plans/horizon-WEEK).
    /// Publishing stays week by week (`kam plan --week`, then `kam publish`).
    public func planHorizon(from week: ISOWeek, weeks count: Int, options: AllocationOptions = AllocationOptions(),
                            out: String? = nil, force: Bool = false) throws -> PlannedHorizon {
        let report = HorizonReport(try HorizonPlan.make(from: week, weeks: count, options: options) { try scenario(week: $0) })
        let files = report.files()
        let target = out ?? horizonDirectory(week)
        let destination = try PlanWriter().write(files, to: target, week: week.description, force: force)
        return PlannedHorizon(report: report, directory: target, destination: destination, fileCount: files.count, fileNames: PlanWriter.entries(files))
    }
}
