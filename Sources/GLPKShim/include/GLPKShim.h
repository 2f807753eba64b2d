/*
 * GLPKShim: the last line of defence between Swift and GLPK.
 *
 * GLPK calls abort() when it is misused (an index out of range, a duplicate matrix
 * entry, zero rows added, a bad parameter...). Every function here that calls into
 * GLPK installs glp_error_hook with a setjmp point first. When GLPK reports an error,
 * the hook longjmps back here, the thread's GLPK environment is freed with
 * glp_free_env (GLPK's documented recovery) and the function returns KAM_GLPK_ERROR;
 * kam_glpk_last_error() then holds GLPK's own message.
 *
 * Freeing the environment destroys every problem object created on this thread, so
 * kam_glpk_generation() is bumped: a caller holding a problem from an older
 * generation must not touch it again.
 *
 * GLPK 5.0 keeps its environment thread-local: a problem may only be used by the
 * thread that created it. Longjmp never crosses a Swift frame: the only Swift code
 * GLPK reaches is the MIP progress callback, which receives plain numbers and never
 * calls back into GLPK.
 *
 * This header deliberately does not include glpk.h: the problem is an opaque pointer
 * and parameters are plain structs, so Swift sees one definition of GLPK's types (CGLPK).
 */
#ifndef KAM_GLPK_SHIM_H
#define KAM_GLPK_SHIM_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct glp_prob;

#define KAM_GLPK_OK 0
#define KAM_GLPK_ERROR (-1)

/* ---- terminal output and errors (all per thread) ---- */

/// Starts a session on this thread: installs the terminal hook, clears the log.
/// echo != 0 also copies GLPK's output to stderr as it is produced (--verbose).
void kam_glpk_begin(int echo);
/// Ends the session: removes the terminal hook and releases the log.
void kam_glpk_end(void);
/// GLPK's terminal output captured since kam_glpk_begin (NUL-terminated; at most about 1 MB is kept).
const char *kam_glpk_log(void);
/// GLPK's message for the last error on this thread, or "" if none.
const char *kam_glpk_last_error(void);
/// Bumped each time an error freed this thread's GLPK environment (and all its problems).
unsigned long kam_glpk_generation(void);

/* ---- guarded problem building ---- */

/// GLPK's memory limit for this thread's environment, in megabytes (glp_mem_limit); past it, GLPK
/// reports "memory limit exceeded" as an error instead of exhausting the machine.
int kam_glpk_mem_limit(int megabytes);
int kam_glpk_create(struct glp_prob **out);
int kam_glpk_delete(struct glp_prob *P);
/// sense: 1 minimize, 2 maximize (GLP_MIN, GLP_MAX). constant: objective offset.
int kam_glpk_set_objective(struct glp_prob *P, int sense, double constant);
int kam_glpk_add_rows(struct glp_prob *P, int count);
int kam_glpk_add_cols(struct glp_prob *P, int count);
/// type is GLPK's GLP_FR, GLP_LO, GLP_UP, GLP_DB or GLP_FX. name may be NULL.
int kam_glpk_set_row(struct glp_prob *P, int i, int type, double lb, double ub, const char *name);
/// kind is GLP_CV or GLP_IV; obj is the objective coefficient. name may be NULL.
int kam_glpk_set_col(struct glp_prob *P, int j, int type, double lb, double ub, int kind,
                     double obj, const char *name);
/// Every column 1...count at once: arrays of count entries (entry 0 is column 1), no names.
int kam_glpk_set_cols(struct glp_prob *P, int count, const int *type, const double *lb, const double *ub,
                      const int *kind, const double *obj);
/// Every row's bounds 1...count at once (entry 0 is row 1), no names.
int kam_glpk_set_rows(struct glp_prob *P, int count, const int *type, const double *lb, const double *ub);
/// Loads the whole matrix: entries 1...ne of ia (rows), ja (columns), ar (values); index 0 unused.
int kam_glpk_load_matrix(struct glp_prob *P, int ne, const int *ia, const int *ja, const double *ar);

/* ---- guarded solving ---- */

typedef struct {
    int method;        /* GLP_PRIMAL, GLP_DUALP or GLP_DUAL */
    int presolve;      /* 0 / 1 */
    int msg_lev;       /* GLP_MSG_OFF ... GLP_MSG_ALL */
    int tm_lim;        /* milliseconds, INT_MAX for none */
} kam_simplex_params;

typedef struct {
    int msg_lev;
} kam_interior_params;

/// What the MIP progress callback sees.
typedef struct {
    int has_incumbent;
    double incumbent;  /* objective of the best integer solution, when has_incumbent */
    int has_bound;
    double bound;      /* best bound over the open nodes, when has_bound */
    double gap;        /* relative gap as GLPK computes it; DBL_MAX without incumbent */
    int nodes;         /* nodes created so far */
    int improved;      /* a better incumbent was just found */
} kam_mip_progress;

/// Return non-zero to stop the search (glp_intopt then returns GLP_ESTOP).
typedef int (*kam_mip_progress_fn)(void *context, const kam_mip_progress *progress);

typedef struct {
    int presolve;
    int msg_lev;
    int tm_lim;        /* milliseconds */
    double mip_gap;
    int cuts;          /* non-zero: GLPK's MIR, Gomory, cover and clique cuts */
    kam_mip_progress_fn progress;  /* may be NULL */
    void *progress_context;
    /* out: the last state seen during the search */
    kam_mip_progress last;
} kam_mip_params;

/// Each returns KAM_GLPK_OK with GLPK's own return code in *ret, or KAM_GLPK_ERROR.
int kam_glpk_simplex(struct glp_prob *P, const kam_simplex_params *params, int *ret);
int kam_glpk_interior(struct glp_prob *P, const kam_interior_params *params, int *ret);
int kam_glpk_intopt(struct glp_prob *P, kam_mip_params *params, int *ret);

/// Statuses and counters after a solve (GLPK's GLP_OPT, GLP_FEAS ... codes).
typedef struct {
    int status;        /* glp_get_status / glp_ipt_status / glp_mip_status */
    int primal_status; /* simplex only */
    int dual_status;   /* simplex only */
    double objective;
    int iterations;
} kam_solution_info;

/// which: 0 basic (simplex), 1 interior point, 2 MIP. Arrays are 0-based and may be NULL;
/// columns have glp_get_num_cols entries, rows glp_get_num_rows. MIP has no duals.
int kam_glpk_read_solution(struct glp_prob *P, int which, kam_solution_info *info,
                           double *col_value, double *col_dual,
                           double *row_value, double *row_dual);

/* ---- guarded sensitivity analysis ---- */

/// Ranging of the active bound of `count` rows (1-based row numbers in `rows`) after an optimal
/// simplex: for each non-basic row, lower[k]..upper[k] is the range of the bound's value over which
/// the current basis stays optimal, so every dual holds (GLPK's glp_analyze_bound; -DBL_MAX and
/// DBL_MAX mean unlimited). status[k]: 0 analyzed, 1 the row is basic (its dual is 0 wherever its
/// activity stays inside its bounds), 2 not analyzed (no optimal basic solution, or no such row).
int kam_glpk_analyze_rows(struct glp_prob *P, int count, const int *rows,
                          double *lower, double *upper, int *status);

/* ---- guarded basis ---- */

/// Sets the status of every row (m entries) and column (n entries), GLPK codes GLP_BS...GLP_NS;
/// GLPK adjusts a non-basic status that does not fit the bound type. 0-based arrays.
int kam_glpk_set_basis(struct glp_prob *P, int m, const int *row_stat, int n, const int *col_stat);
/// Replaces the basis by the standard one (all rows basic).
int kam_glpk_std_basis(struct glp_prob *P);

/* ---- guarded files ---- */

/// Free MPS. *ret is GLPK's return code (non-zero: the file could not be written).
int kam_glpk_write_mps(struct glp_prob *P, const char *path, int *ret);
/// CPLEX LP format.
int kam_glpk_write_lp(struct glp_prob *P, const char *path, int *ret);

#ifdef __cplusplus
}
#endif

#endif
