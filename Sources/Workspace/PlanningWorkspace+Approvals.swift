import Allocation
import Foundation
import Scenarios

/// Approving and rejecting requests (`policy.requests.approval: required`): a filed request waits as
/// `submitted`; only approved ones are planned. A planner may also reject a request filed under
/// `auto`, or approve one rejected before; each decision is one audit line.
extension PlanningWorkspace {
    /// Approves request `id` as `planner`: it is planned from now on.
    public func approve(_ id: String, by planner: String) throws -> StoredRequest {
        let approved = try store.updateRequest(id, actor: planner, action: "approve", at: Date()) { request in
            guard request.status == .submitted || request.status == .rejected else {
                throw WorkspaceError.cannotDecide(request: id, action: "approve", status: request.status.rawValue)
            }
            request.status = .open
            request.rejectionReason = nil
            return ""
        }
        guard let approved else { throw WorkspaceError.unknownRequest(id) }
        return approved
    }

    /// Rejects request `id` as `planner`, saying why: it is not planned (a published week keeps its
    /// published version until the week is published again).
    public func reject(_ id: String, by planner: String, reason: String) throws -> StoredRequest {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw WorkspaceError.reasonRequired(request: id) }
        if let control = TextSafety.firstControl(in: reason) {
            throw WorkspaceError.controlCharacter(field: "reason", character: TextSafety.visible(control))
        }
        let rejected = try store.updateRequest(id, actor: planner, action: "reject", at: Date()) { request in
            guard request.status != .cancelled, request.status != .rejected else {
                throw WorkspaceError.cannotDecide(request: id, action: "reject", status: request.status.rawValue)
            }
            request.status = .rejected
            request.rejectionReason = reason
            return reason
        }
        guard let rejected else { throw WorkspaceError.unknownRequest(id) }
        return rejected
    }

    /// A request waiting for approval, with what approving it would do to its week's plan.
    public struct PendingRequest: Sendable {
        public var request: StoredRequest
        /// The week planned with the request: who fits it, what it gets, what meeting it in full
        /// costs and who gives up hours for that (the `recommend` figures).
        public var recommendation: Recommendation
        /// The plan's value with the request approved, minus its value without it.
        public var adds: Double
        /// The approved requests that get fewer hours once it is approved (as planned, not forced).
        public var takesFrom: [Recommendation.Change]
    }

    /// The submitted requests of `week` (all weeks when nil). For each, its week is planned with the
    /// approved requests alone and again with that one request added: what it would get, what it adds,
    /// whom it takes hours from, and the `recommend` figures of meeting it in full.
    /// `limit`: work out only the first that many (each is two solves and a forcing).
    public func pendingApprovals(week: ISOWeek?, limit: Int? = nil, options: AllocationOptions = AllocationOptions()) throws -> [PendingRequest] {
        var weeks: [ISOWeek: (key: RecommendationKey, plan: AllocationPlan, known: [String: (request: StoredRequest, pending: PendingRequest)])] = [:]
        defer {
            // Kept for the next ask while the week stays as it is (the planner's page on every load).
            approvalAnswers.withLock { entries in
                for (week, worked) in weeks where worked.plan.status == .optimal {
                    entries.removeAll { $0.key.scenario.week == week }
                    entries.append((worked.key, worked.plan, worked.known))
                }
                if entries.count > 2 { entries.removeFirst(entries.count - 2) }
            }
        }
        return try requests(week: week, status: .submitted).prefix(limit ?? .max).map { pending in
            if weeks[pending.week] == nil {
                let scenario = try scenario(week: pending.week)
                let key = RecommendationKey(scenario: scenario, timeLimit: options.timeLimit, warmStart: options.warmStart, maxPairs: options.maxPairs, reference: nil)
                if let kept = approvalAnswers.withLock({ $0.first { $0.key == key } }) {
                    weeks[pending.week] = (key, kept.base, kept.answers)
                } else {
                    weeks[pending.week] = (key, try Allocator.solve(try Allocator.problem(scenario, options: options), options: options), [:])
                }
            }
            if let known = weeks[pending.week]!.known[pending.id], known.request == pending { return known.pending }
            let (approved, base) = (weeks[pending.week]!.key.scenario, weeks[pending.week]!.plan)
            var scenario = approved
            scenario.requests.append(pending.request)
            let problem = try Allocator.problem(scenario, options: options)
            let (plan, flowBasis) = try Allocator.solveKeepingFlowBasis(problem, options: options)
            let takesFrom = approved.requests.indices.compactMap { r -> Recommendation.Change? in
                guard plan.requests[r].allocated < base.requests[r].allocated - 1e-9 else { return nil }
                return Recommendation.Change(request: approved.requests[r].id, account: approved.requests[r].account,
                                             before: base.requests[r].allocated, after: plan.requests[r].allocated)
            }
            let recommendation = try Allocator.recommend(problem, plan: plan, request: pending.id, options: options, flowBasis: flowBasis)
            let answer = PendingRequest(request: pending, recommendation: recommendation, adds: plan.objective - base.objective, takesFrom: takesFrom)
            weeks[pending.week]!.known[pending.id] = (pending, answer)
            return answer
        }
    }
}
