internal import CGLPK

/// Which solver library this build uses.
public enum SolverInfo {
    /// GLPK's version, for example "5.0".
    public static var glpkVersion: String { String(cString: glp_version()) }
    /// "GLPK 5.0".
    public static var description: String { "GLPK \(glpkVersion)" }
}
