import Foundation
internal import GLPKShim

/// File formats a model can be written in, for other solvers and for inspection.
public enum ModelFileFormat: String, Sendable, CaseIterable {
    /// Free MPS (read by glpsol --freemps, HiGHS, CBC, ...).
    case mps
    /// CPLEX LP format (glpsol --lp, HiGHS, ...).
    case cplexLP = "lp"

    /// The format a path's extension names: `.mps` or `.lp`; nil for anything else.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "mps": self = .mps
        case "lp": self = .cplexLP
        default: return nil
        }
    }
}

/// Writes `model` to `path` in `format` (by default the one the extension names) through
/// GLPK's writers. The file is written under a temporary name and renamed into place, so
/// a failed export never leaves a half-written file. Names must be unique per kind, or
/// another solver would read a different model.
public func export(_ model: LinearModel, to path: String, format: ModelFileFormat? = nil) throws {
    guard let format = format ?? ModelFileFormat(path: path) else {
        throw LinearProgrammingError.exportFailed(path: path, reason: "unknown model format; use a .mps or .lp file name")
    }
    try model.validate()
    let duplicates = model.duplicateNames()
    if !duplicates.isEmpty { throw LinearProgrammingError.invalidModel(duplicates) }

    let url = URL(fileURLWithPath: path)
    let temporary = url.deletingLastPathComponent()
        .appendingPathComponent(".\(url.lastPathComponent).\(ProcessInfo.processInfo.processIdentifier).tmp")
    try GLPKSession.run(verbose: false) {
        let problem = try GLPKProblem()
        defer { problem.close() }
        try problem.load(model)
        var code: Int32 = 0
        try problem.run {
            format == .mps ? kam_glpk_write_mps($0, temporary.path, &code) : kam_glpk_write_lp($0, temporary.path, &code)
        }
        guard code == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            let reason = GLPKSession.log().split(whereSeparator: \.isNewline).last.map(String.init)
            throw LinearProgrammingError.exportFailed(path: path, reason: reason ?? "GLPK could not write the file")
        }
    }
    // rename(2) replaces the destination atomically.
    guard rename(temporary.path, url.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw LinearProgrammingError.exportFailed(path: path, reason: reason)
    }
}

extension LinearModel {
    /// Names used by more than one variable, or by more than one constraint.
    func duplicateNames() -> [String] {
        func duplicates(_ kind: String, _ names: [String?]) -> [String] {
            var first: [String: Int] = [:]
            var problems: [String] = []
            for (index, name) in names.enumerated() {
                guard let name, !name.isEmpty else { continue }
                if let earlier = first[name] {
                    problems.append("\(kind) name '\(name)' is used by #\(earlier) and #\(index); exported files need unique names")
                } else {
                    first[name] = index
                }
            }
            return problems
        }
        return duplicates("variable", variables.map(\.name)) + duplicates("constraint", constraints.map(\.name))
    }
}
