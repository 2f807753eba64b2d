import LinearProgramming
import Scenarios

/// The state as a file (a plan directory's recommend-state.bin): "KAMSTATE", a format version,
/// then the parts in a fixed order (StateBytes.swift). Reading checks every count and index
/// against what it refers to, so a damaged or foreign file is an error, never a crash, and never
/// reaches GLPK.
extension RecommendationState {
    /// The file name in a plan directory.
    public static let fileName = "recommend-state.bin"
    static let magic = Array("KAMSTATE".utf8)
    static let version: UInt32 = 1

    /// Why a state file cannot be read.
    public enum ReadError: Error, CustomStringConvertible {
        case notAState
        case otherVersion(UInt32)
        case damaged(String)

        public var description: String {
            switch self {
            case .notAState: "not a solver state written by kam plan"
            case .otherVersion(let version): "a solver state of format \(version), this kam reads format \(RecommendationState.version); run kam plan again"
            case .damaged(let what): "a damaged solver state (\(what)); run kam plan again"
            }
        }
    }

    public func bytes() -> [UInt8] {
        var out = StateByteWriter(capacity: 64 + pairs.count * 40 + model.variables.count * 30 + model.nonzeroCount * 12)
        Self.magic.forEach { out.u8($0) }
        out.u32(Self.version)
        out.bool(source != nil)
        if let source {
            out.string(source.path)
            out.u64(source.size)
            out.u64(source.hash)
        }
        for value in [objective, changePenalty, timeLimit, mipGap] { out.double(value) }
        out.int(binaryCount)
        out.bool(hasReference)
        out.int(requests.count)
        for (request, outcome) in zip(requests, outcomes) {
            out.string(request.id)
            out.string(request.account)
            out.string(request.skill)
            out.double(request.hours)
            out.string(request.priority.rawValue)
            out.bool(request.onsite)
            out.bool(request.singleExpert)
            out.optionalString(request.requestedBy)
            out.optionalString(request.note)
            out.optionalString(request.recurring)
            out.string(outcome.id)
            out.string(outcome.account)
            for value in [outcome.requested, outcome.allocated, outcome.unmet, outcome.shortfall] { out.double(value) }
            out.optionalString(outcome.reason?.rawValue)
            out.optionalString(outcome.detail)
        }
        out.int(experts.count)
        for expert in experts {
            out.string(expert.id)
            out.string(expert.name)
            for value in [expert.capacity, expert.allocated, expert.shadowPrice] { out.double(value) }
        }
        out.int(pairs.count)
        for (index, pair) in pairs.enumerated() {
            out.int(pair.expert)
            out.int(pair.request)
            out.double(pair.value)
            out.double(planHours[index])
            out.int(hoursVariable[index])
            out.u32(keptVariable[index] < 0 ? UInt32.max : UInt32(keptVariable[index]))
        }
        out.int(reference.count)
        reference.forEach { out.double($0) }
        out.int(unplaceable.count)
        unplaceable.forEach { out.double($0) }
        Self.write(model, to: &out)
        out.bool(basis != nil)
        if let basis {
            for statuses in [basis.rows, basis.columns] {
                out.int(statuses.count)
                statuses.forEach { out.u8(Self.code($0)) }
            }
        }
        return out.bytes
    }

    /// The state `bytes()` wrote.
    public init(bytes: [UInt8]) throws(ReadError) {
        guard bytes.starts(with: Self.magic) else { throw .notAState }
        var input = StateByteReader(bytes)
        do {
            for _ in Self.magic { _ = try input.u8("the header") }
            let version = try input.u32("the format version")
            guard version == Self.version else { throw ReadError.otherVersion(version) }
            self = try Self.read(&input)
        } catch let error as ReadError {
            throw error
        } catch let error as StateByteReader.Damaged {
            throw .damaged(error.what)
        } catch {
            throw .damaged("\(error)")
        }
    }

    private static func read(_ input: inout StateByteReader) throws -> RecommendationState {
        typealias Damaged = StateByteReader.Damaged
        let source = try input.bool("the source flag")
            ? FileStamp(path: try input.string("the source path"), size: try input.u64("the source size"), hash: try input.u64("the source hash"))
            : nil
        let objective = try input.double("the objective"), changePenalty = try input.double("the change penalty")
        let timeLimit = try input.double("the time limit"), mipGap = try input.double("the gap")
        let binaryCount = try input.int("the binary count")
        guard timeLimit > 0 && timeLimit <= 2_000_000, mipGap >= 0 && mipGap < 1, changePenalty >= 0 && changePenalty.isFinite, objective.isFinite else {
            throw Damaged(what: "time limit \(timeLimit), gap \(mipGap), change penalty \(changePenalty), objective \(objective)")
        }
        let hasReference = try input.bool("the reference flag")
        let requestCount = try input.count("requests", itemSize: 60)
        var requests: [ExpertRequest] = [], outcomes: [AllocationPlan.RequestOutcome] = []
        requests.reserveCapacity(requestCount)
        outcomes.reserveCapacity(requestCount)
        for _ in 0..<requestCount {
            let id = try input.string("a request id"), account = try input.string("a request's account")
            let skill = try input.string("a request's skill"), hours = try input.double("a request's hours")
            let priorityName = try input.string("a request's priority")
            guard let priority = Priority(rawValue: priorityName) else { throw Damaged(what: "request \(id) has priority '\(priorityName)'") }
            var request = ExpertRequest(id: id, account: account, skill: skill, hours: hours, priority: priority,
                                        onsite: try input.bool("onsite"), singleExpert: try input.bool("singleExpert"),
                                        requestedBy: try input.optionalString("requestedBy"), note: try input.optionalString("a note"))
            request.recurring = try input.optionalString("recurring")
            requests.append(request)
            let outcomeID = try input.string("an outcome's request"), outcomeAccount = try input.string("an outcome's account")
            let requested = try input.double("requested hours"), allocated = try input.double("allocated hours")
            let unmet = try input.double("unmet hours"), shortfall = try input.double("shortfall")
            let reasonName = try input.optionalString("an unmet reason")
            let reason = try reasonName.map { name in
                guard let reason = AllocationPlan.UnmetReason(rawValue: name) else { throw Damaged(what: "request \(id) has unmet reason '\(name)'") }
                return reason
            }
            outcomes.append(AllocationPlan.RequestOutcome(
                id: outcomeID, account: outcomeAccount, requested: requested, allocated: allocated, unmet: unmet,
                reason: reason, detail: try input.optionalString("an unmet detail"), shortfall: shortfall))
        }
        let expertCount = try input.count("experts", itemSize: 32)
        var experts: [ExpertFacts] = []
        experts.reserveCapacity(expertCount)
        for _ in 0..<expertCount {
            experts.append(ExpertFacts(id: try input.string("an expert id"), name: try input.string("an expert's name"),
                                       capacity: try input.double("a capacity"), allocated: try input.double("allocated hours"),
                                       shadowPrice: try input.double("a shadow price")))
        }
        let pairCount = try input.count("pairs", itemSize: 32)
        var pairs: [AllocationProblem.Pair] = [], planHours: [Double] = [], hoursVariable: [Int] = [], keptVariable: [Int] = []
        pairs.reserveCapacity(pairCount)
        planHours.reserveCapacity(pairCount)
        hoursVariable.reserveCapacity(pairCount)
        keptVariable.reserveCapacity(pairCount)
        for index in 0..<pairCount {
            let expert = try input.index(below: expertCount, "pair \(index)'s expert")
            let request = try input.index(below: requestCount, "pair \(index)'s request")
            guard pairs.last.map({ $0.request <= request }) ?? true else { throw Damaged(what: "pair \(index) is out of request order") }
            pairs.append(AllocationProblem.Pair(expert: expert, request: request, value: try input.double("a pair's value")))
            planHours.append(try input.double("a pair's hours"))
            hoursVariable.append(try input.int("a pair's column"))
            let kept = try input.u32("a pair's kept column")
            keptVariable.append(kept == UInt32.max ? -1 : Int(kept))
        }
        let referenceCount = try input.count("reference hours", itemSize: 8)
        guard referenceCount == (hasReference ? pairCount : 0) else { throw Damaged(what: "\(referenceCount) reference hours for \(pairCount) pairs") }
        let reference = try (0..<referenceCount).map { _ in try input.double("reference hours") }
        let unplaceableCount = try input.count("unplaceable hours", itemSize: 8)
        let unplaceable = try (0..<unplaceableCount).map { _ in try input.double("unplaceable hours") }
        let model = try readModel(&input)
        guard binaryCount <= model.variables.count else { throw Damaged(what: "\(binaryCount) binaries in a model of \(model.variables.count) columns") }
        for (index, column) in zip(hoursVariable.indices, zip(hoursVariable, keptVariable)) {
            guard column.0 < model.variables.count, column.1 < model.variables.count else {
                throw Damaged(what: "pair \(index)'s columns \(column) are not in the model of \(model.variables.count) columns")
            }
        }
        var basis: Basis?
        if try input.bool("the basis flag") {
            var parts: [[Basis.Status]] = []
            for (what, expected) in [("basis rows", model.constraints.count), ("basis columns", model.variables.count)] {
                let count = try input.count(what, itemSize: 1)
                guard count == expected else { throw Damaged(what: "\(count) \(what) for \(expected) in the model") }
                parts.append(try (0..<count).map { _ in
                    let code = try input.u8(what)
                    guard let status = status(code) else { throw Damaged(what: "a basis status \(code)") }
                    return status
                })
            }
            basis = Basis(rows: parts[0], columns: parts[1])
        }
        guard input.isAtEnd else { throw Damaged(what: "\(input.remaining) bytes after its end") }
        return RecommendationState(
            requests: requests, outcomes: outcomes, experts: experts, pairs: pairs, planHours: planHours, hoursVariable: hoursVariable,
            keptVariable: keptVariable, reference: reference, unplaceable: unplaceable, hasReference: hasReference,
            changePenalty: changePenalty, model: model, basis: basis, binaryCount: binaryCount, timeLimit: timeLimit, mipGap: mipGap,
            objective: objective, source: source)
    }

    // MARK: The model

    private static func write(_ model: LinearModel, to out: inout StateByteWriter) {
        out.u8(model.sense == .maximize ? 1 : 0)
        out.double(model.objectiveConstant)
        out.int(model.variables.count)
        for variable in model.variables {
            out.optionalString(variable.name)
            write(variable.bounds, to: &out)
            out.u8(variable.kind == .continuous ? 0 : variable.kind == .integer ? 1 : 2)
            out.double(variable.objective)
        }
        out.int(model.constraints.count)
        for constraint in model.constraints {
            out.optionalString(constraint.name)
            write(constraint.bounds, to: &out)
            out.int(constraint.terms.count)
            for term in constraint.terms {
                out.int(term.variable.index)
                out.double(term.coefficient)
            }
        }
    }

    private static func readModel(_ input: inout StateByteReader) throws -> LinearModel {
        typealias Damaged = StateByteReader.Damaged
        let sense: ObjectiveSense
        switch try input.u8("the objective sense") {
        case 0: sense = .minimize
        case 1: sense = .maximize
        case let code: throw Damaged(what: "objective sense \(code)")
        }
        let objectiveConstant = try input.double("the objective constant")
        let variableCount = try input.count("columns", itemSize: 11)
        var variables: [Variable] = []
        variables.reserveCapacity(variableCount)
        for _ in 0..<variableCount {
            let name = try input.optionalString("a column name")
            let bounds = try readBounds(&input)
            let kind: VariableKind
            switch try input.u8("a column kind") {
            case 0: kind = .continuous
            case 1: kind = .integer
            case 2: kind = .binary
            case let code: throw Damaged(what: "column kind \(code)")
            }
            variables.append(Variable(name: name, bounds: bounds, kind: kind, objective: try input.double("an objective coefficient")))
        }
        let constraintCount = try input.count("rows", itemSize: 6)
        var constraints: [Constraint] = []
        constraints.reserveCapacity(constraintCount)
        for row in 0..<constraintCount {
            let name = try input.optionalString("a row name")
            let bounds = try readBounds(&input)
            let termCount = try input.count("terms", itemSize: 12)
            var terms: [Term] = []
            terms.reserveCapacity(termCount)
            for _ in 0..<termCount {
                let variable = try input.index(below: variableCount, "a column of row \(row)")
                terms.append(Term(variable: VariableID(index: variable), coefficient: try input.double("a coefficient")))
            }
            constraints.append(Constraint(name: name, terms: terms, bounds: bounds))
        }
        return LinearModel(sense: sense, objectiveConstant: objectiveConstant, variables: variables, constraints: constraints)
    }

    private static func write(_ bounds: Bounds, to out: inout StateByteWriter) {
        switch bounds {
        case .free: out.u8(0)
        case .lower(let value): out.u8(1); out.double(value)
        case .upper(let value): out.u8(2); out.double(value)
        case .range(let lower, let upper): out.u8(3); out.double(lower); out.double(upper)
        case .fixed(let value): out.u8(4); out.double(value)
        }
    }

    private static func readBounds(_ input: inout StateByteReader) throws -> Bounds {
        switch try input.u8("a bound's kind") {
        case 0: return .free
        case 1: return .lower(try input.double("a lower bound"))
        case 2: return .upper(try input.double("an upper bound"))
        case 3: return .range(try input.double("a lower bound"), try input.double("an upper bound"))
        case 4: return .fixed(try input.double("a fixed value"))
        case let code: throw StateByteReader.Damaged(what: "bound kind \(code)")
        }
    }

    private static func code(_ status: Basis.Status) -> UInt8 {
        switch status {
        case .basic: 0
        case .atLower: 1
        case .atUpper: 2
        case .free: 3
        case .fixed: 4
        }
    }

    private static func status(_ code: UInt8) -> Basis.Status? {
        switch code {
        case 0: .basic
        case 1: .atLower
        case 2: .atUpper
        case 3: .free
        case 4: .fixed
        default: nil
        }
    }
}
