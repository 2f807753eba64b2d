import TestSupport
import GLPKShim
import Testing
@testable import LinearProgramming

/// GLPK calls abort() on misuse. These tests drive GLPK into each such path on purpose, below
/// the Swift validation, and prove the shim turns it into a thrown error in this same process,
/// after which GLPK works normally again on the same thread.
@Suite("GLPK misuse never aborts")
struct MisuseTests {
    /// Runs `misuse` on a fresh problem and returns GLPK's message from the thrown error; then
    /// checks that a normal solve on the same thread still gives the right answer.
    func glpkError(_ misuse: (GLPKProblem) throws -> Void) throws -> String {
        let message: String = try GLPKSession.run(verbose: false) {
            let problem = try GLPKProblem()
            defer { problem.close() }
            do {
                try misuse(problem)
            } catch LinearProgrammingError.solverError(let message) {
                // The environment was freed: the problem knows it is gone and is not touched again.
                #expect(throws: LinearProgrammingError.self) { try problem.handle() }
                return message
            }
            Issue.record("GLPK accepted the misuse")
            return ""
        }
        let after = try solve(Fixtures.wyndor().model)
        #expect(after.status == .optimal && close(after.objective, 36))
        return message
    }

    @Test("A memory limit ends a solve that would exceed it with an error, and the next solve has none")
    func memoryLimit() throws {
        // A transportation-like LP of 300 x 300 = 90,000 variables: GLPK needs well over 1 MB for it.
        var model = LinearModel(sense: .maximize)
        var columns: [[VariableID]] = []
        for i in 0..<300 {
            columns.append((0..<300).map { j in model.addVariable(bounds: .range(0, 1), objective: Double((i * 7 + j * 13) % 17)) })
        }
        for i in 0..<300 { model.addConstraint(columns[i].map { ($0, 1.0) }, bounds: .upper(1)) }
        var options = SolveOptions()
        options.memoryLimit = 1
        #expect {
            try solve(model, options: options)
        } throws: { error in
            guard case LinearProgrammingError.solverError(let message) = error else { return false }
            return message.contains("glp_alloc: memory allocation limit exceeded")
        }
        // The limit was this solve's: the same thread solves the same model without one.
        let free = try solve(model)
        #expect(free.status == .optimal)
        options.memoryLimit = 0
        #expect(throws: LinearProgrammingError.invalidOptions(["memory limit is 0 MB, expected at least 1"])) { try solve(model, options: options) }
    }

    @Test("Adding zero rows")
    func zeroRows() throws {
        let message = try glpkError { problem in try problem.run { kam_glpk_add_rows($0, 0) } }
        #expect(message.hasPrefix("glp_add_rows: nrs = 0; invalid number of rows (detected in "))
    }

    @Test("A row index out of range")
    func rowOutOfRange() throws {
        let message = try glpkError { problem in try problem.setRow(5, .upper(1), name: nil) }
        #expect(message.hasPrefix("glp_set_row_bnds: i = 6; row number out of range"))
    }

    @Test("A column index out of range in the matrix")
    func columnOutOfRange() throws {
        let message = try glpkError { problem in
            try problem.run { kam_glpk_add_rows($0, 1) }
            try problem.run { kam_glpk_add_cols($0, 1) }
            try problem.loadMatrix(rows: [0, 1], columns: [0, 7], values: [0, 1])
        }
        #expect(message.contains("glp_load_matrix: ja[1] = 7; column index out of range"))
    }

    @Test("A duplicate matrix entry")
    func duplicateEntry() throws {
        let message = try glpkError { problem in
            try problem.run { kam_glpk_add_rows($0, 1) }
            try problem.run { kam_glpk_add_cols($0, 1) }
            try problem.loadMatrix(rows: [0, 1, 1], columns: [0, 1, 1], values: [0, 1, 2])
        }
        #expect(message.hasPrefix("glp_load_mat: ia[1] = 1; ja[1] = 1; duplicate indices not allowed"))
    }

    @Test("A bad solver parameter")
    func badParameter() throws {
        let message = try glpkError { problem in
            var params = kam_simplex_params(method: 99, presolve: 0, msg_lev: 0, tm_lim: Int32.max)
            var code: Int32 = 0
            try problem.run { kam_glpk_simplex($0, &params, &code) }
        }
        #expect(message.hasPrefix("glp_simplex: meth = 99; invalid parameter"))
    }

    @Test("A negative time limit for branch and bound")
    func badMIPParameter() throws {
        let message = try glpkError { problem in
            var params = kam_mip_params()
            params.tm_lim = -5
            var code: Int32 = 0
            try problem.run { kam_glpk_intopt($0, &params, &code) }
        }
        #expect(message.hasPrefix("glp_intopt: tm_lim = -5; invalid parameter"))
    }

    @Test("A name longer than GLPK's 255 characters")
    func longName() throws {
        let message = try glpkError { problem in
            try problem.run { kam_glpk_add_cols($0, 1) }
            try problem.setColumn(0, Variable(name: String(repeating: "n", count: 300)), bounds: .lower(0))
        }
        #expect(message.hasPrefix("glp_set_col_name: j = 1; column name too long"))
    }

    @Test("An error frees the thread's GLPK environment: other problems there are not touched again")
    func otherProblemsInvalidated() throws {
        try GLPKSession.run(verbose: false) {
            let survivor = try GLPKProblem()
            let victim = try GLPKProblem()
            #expect(throws: LinearProgrammingError.self) { try victim.run { kam_glpk_add_cols($0, -1) } }
            #expect(throws: LinearProgrammingError.self) { try survivor.handle() }
            survivor.close()  // must not call glp_delete_prob on freed memory
        }
    }

    // The Swift validation stops each of these before GLPK sees them (GLPK would accept NaN
    // silently and compute garbage, or abort on the rest), with a message naming the culprit.
    @Test("Invalid models are refused before GLPK", arguments: [
        ("NaN coefficient", { @Sendable (m: inout LinearModel) in
            let x = m.addVariable("x")
            m.addConstraint(Constraint(name: "row", terms: [Term(variable: x, coefficient: .nan)], bounds: .upper(1)))
        }, "constraint #0 'row': coefficient of variable #0 'x' is nan, expected a finite number"),
        ("infinite objective", { @Sendable (m: inout LinearModel) in _ = m.addVariable("x", objective: .infinity) },
         "variable #0 'x': objective coefficient is inf, expected a finite number"),
        ("NaN bound", { @Sendable (m: inout LinearModel) in _ = m.addVariable("x", bounds: .upper(.nan)) },
         "variable #0 'x': bound is nan, expected a finite number (use .free for no bound)"),
        ("crossed range", { @Sendable (m: inout LinearModel) in _ = m.addVariable(bounds: .range(5, 2)) },
         "variable #0: lower bound 5.0 is above upper bound 2.0"),
        ("unknown variable", { @Sendable (m: inout LinearModel) in
            m.addConstraint(Constraint(name: "row", terms: [Term(variable: VariableID(index: 3), coefficient: 1)], bounds: .free))
        }, "constraint #0 'row': names variable #3, but the model has 0 variables"),
        ("duplicate term", { @Sendable (m: inout LinearModel) in
            let x = m.addVariable("x")
            m.addConstraint(Constraint(terms: [Term(variable: x, coefficient: 1), Term(variable: x, coefficient: 2)], bounds: .upper(1)))
        }, "constraint #0: variable #0 'x' appears twice; add the coefficients into one term"),
        ("long name", { @Sendable (m: inout LinearModel) in _ = m.addVariable(String(repeating: "n", count: 256)) },
         "variable #0 'nnnn\(String(repeating: "n", count: 252))': name is 256 bytes long, GLPK allows at most 255"),
        ("control character", { @Sendable (m: inout LinearModel) in _ = m.addVariable("a\tb") },
         "variable #0 'a\tb': name contains a control character"),
        ("binary out of [0, 1]", { @Sendable (m: inout LinearModel) in _ = m.addVariable("b", bounds: .range(0, 2), kind: .binary) },
         "variable #0 'b': a binary variable needs bounds within [0, 1]"),
    ] as [(String, @Sendable (inout LinearModel) -> Void, String)])
    func invalidModel(_ name: String, build: @Sendable (inout LinearModel) -> Void, expected: String) {
        var model = LinearModel()
        build(&model)
        #expect(throws: LinearProgrammingError.invalidModel([expected])) { try solve(model) }
    }

    @Test("Invalid options are refused before GLPK")
    func invalidOptions() {
        let model = Fixtures.wyndor().model
        #expect(throws: LinearProgrammingError.invalidOptions(["time limit is -1.0 s, expected more than 0 and at most 2147483 s"])) {
            try solve(model, options: SolveOptions(timeLimit: -1))
        }
        #expect(throws: LinearProgrammingError.invalidOptions(["MIP gap is nan, expected a finite number >= 0"])) {
            try solve(model, options: SolveOptions(mipGap: .nan))
        }
    }
}
