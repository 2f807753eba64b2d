#include "GLPKShim.h"

#include <glpk.h>
#include <float.h>
#include <limits.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------- */
/* Per-thread state. GLPK's own environment is thread-local, so is ours.      */
/* ------------------------------------------------------------------------- */

enum { LOG_LIMIT = 1 << 20, RECENT_SIZE = 4096, ERROR_SIZE = 2048 };

typedef struct {
    int active;
    int echo;
    char *log;
    size_t log_len, log_cap;
    int log_truncated;
    /* the tail of the output since the current guarded call began: holds an error's text */
    char recent[RECENT_SIZE];
    size_t recent_len;
    char last_error[ERROR_SIZE];
    unsigned long generation;
} shim_thread_state;

static _Thread_local shim_thread_state state;

static void log_append(const char *s, size_t n) {
    if (state.log_truncated) return;
    if (state.log_len + n + 1 > LOG_LIMIT) {
        static const char note[] = "\n[GLPK output truncated at 1 MB]\n";
        state.log_truncated = 1;
        s = note;
        n = sizeof note - 1;
    }
    if (state.log_len + n + 1 > state.log_cap) {
        size_t cap = state.log_cap ? state.log_cap : 4096;
        while (cap < state.log_len + n + 1) cap *= 2;
        char *grown = realloc(state.log, cap);
        if (grown == NULL) { state.log_truncated = 1; return; }
        state.log = grown;
        state.log_cap = cap;
    }
    memcpy(state.log + state.log_len, s, n);
    state.log_len += n;
    state.log[state.log_len] = '\0';
}

static void recent_append(const char *s, size_t n) {
    if (n >= RECENT_SIZE) {            /* keep only the tail of a huge chunk */
        s += n - (RECENT_SIZE - 1);
        n = RECENT_SIZE - 1;
    }
    if (state.recent_len + n >= RECENT_SIZE) {  /* drop the oldest bytes */
        size_t drop = state.recent_len + n - (RECENT_SIZE - 1);
        memmove(state.recent, state.recent + drop, state.recent_len - drop);
        state.recent_len -= drop;
    }
    memcpy(state.recent + state.recent_len, s, n);
    state.recent_len += n;
    state.recent[state.recent_len] = '\0';
}

/* GLPK's terminal hook: everything GLPK prints comes here instead of stdout. */
static int term_hook(void *info, const char *s) {
    (void)info;
    size_t n = strlen(s);
    recent_append(s, n);
    if (state.active) log_append(s, n);
    if (state.echo) fputs(s, stderr);
    return 1; /* non-zero: GLPK prints nothing itself */
}

static void install_hooks(void) {
    glp_term_hook(term_hook, NULL);
}

void kam_glpk_begin(int echo) {
    state.active = 1;
    state.echo = echo;
    state.log_len = 0;
    state.log_truncated = 0;
    if (state.log) state.log[0] = '\0';
    state.recent_len = 0;
    state.recent[0] = '\0';
    install_hooks();
}

void kam_glpk_end(void) {
    glp_term_hook(NULL, NULL);
    state.active = 0;
    state.echo = 0;
    free(state.log);
    state.log = NULL;
    state.log_len = state.log_cap = 0;
}

const char *kam_glpk_log(void) { return state.log ? state.log : ""; }
const char *kam_glpk_last_error(void) { return state.last_error; }
unsigned long kam_glpk_generation(void) { return state.generation; }

/* ------------------------------------------------------------------------- */
/* The guard                                                                  */
/* ------------------------------------------------------------------------- */

typedef struct { jmp_buf env; } guard_point;

/* Called by GLPK after it printed its error message; GLPK would abort() if we returned. */
static void error_hook(void *info) {
    guard_point *point = info;
    longjmp(point->env, 1);
}

/* After GLPK's error: keep its message, free the broken environment, restore our hooks. */
static void recover(void) {
    size_t n = state.recent_len < ERROR_SIZE - 1 ? state.recent_len : ERROR_SIZE - 1;
    memcpy(state.last_error, state.recent + (state.recent_len - n), n);
    state.last_error[n] = '\0';
    if (n == 0) strcpy(state.last_error, "GLPK reported an error without a message");
    glp_free_env();           /* frees every problem object of this thread */
    state.generation += 1;
    glp_term_hook(term_hook, NULL); /* a fresh environment is created here */
}

/* Runs BODY with GLPK's error hook pointing at a setjmp point in this frame. */
#define GUARDED(...)                                    \
    do {                                                \
        guard_point point;                              \
        state.recent_len = 0;                           \
        state.recent[0] = '\0';                         \
        if (setjmp(point.env) != 0) {                   \
            recover();                                  \
            return KAM_GLPK_ERROR;                      \
        }                                               \
        glp_error_hook(error_hook, &point);             \
        __VA_ARGS__;                                       \
        glp_error_hook(NULL, NULL);                     \
        return KAM_GLPK_OK;                             \
    } while (0)

int kam_glpk_mem_limit(int megabytes) {
    if (megabytes < 1) return KAM_GLPK_ERROR;
    GUARDED(glp_mem_limit(megabytes));
}

int kam_glpk_create(struct glp_prob **out) {
    GUARDED(*out = glp_create_prob());
}

int kam_glpk_delete(struct glp_prob *P) {
    GUARDED(glp_delete_prob(P));
}

int kam_glpk_set_objective(struct glp_prob *P, int sense, double constant) {
    GUARDED(glp_set_obj_dir(P, sense); glp_set_obj_coef(P, 0, constant));
}

int kam_glpk_add_rows(struct glp_prob *P, int count) {
    GUARDED(glp_add_rows(P, count));
}

int kam_glpk_add_cols(struct glp_prob *P, int count) {
    GUARDED(glp_add_cols(P, count));
}

int kam_glpk_set_row(struct glp_prob *P, int i, int type, double lb, double ub, const char *name) {
    GUARDED(glp_set_row_bnds(P, i, type, lb, ub); if (name) glp_set_row_name(P, i, name));
}

int kam_glpk_set_col(struct glp_prob *P, int j, int type, double lb, double ub, int kind,
                     double obj, const char *name) {
    GUARDED(glp_set_col_kind(P, j, kind); glp_set_col_bnds(P, j, type, lb, ub);
            glp_set_obj_coef(P, j, obj); if (name) glp_set_col_name(P, j, name));
}

int kam_glpk_set_cols(struct glp_prob *P, int count, const int *type, const double *lb, const double *ub,
                      const int *kind, const double *obj) {
    GUARDED(for (int j = 1; j <= count; j++) {
        glp_set_col_kind(P, j, kind[j - 1]);
        glp_set_col_bnds(P, j, type[j - 1], lb[j - 1], ub[j - 1]);
        glp_set_obj_coef(P, j, obj[j - 1]);
    });
}

int kam_glpk_set_rows(struct glp_prob *P, int count, const int *type, const double *lb, const double *ub) {
    GUARDED(for (int i = 1; i <= count; i++) glp_set_row_bnds(P, i, type[i - 1], lb[i - 1], ub[i - 1]));
}

int kam_glpk_load_matrix(struct glp_prob *P, int ne, const int *ia, const int *ja, const double *ar) {
    GUARDED(glp_load_matrix(P, ne, (int *)ia, (int *)ja, (double *)ar));
}

int kam_glpk_simplex(struct glp_prob *P, const kam_simplex_params *params, int *ret) {
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.meth = params->method;
    parm.presolve = params->presolve ? GLP_ON : GLP_OFF;
    parm.msg_lev = params->msg_lev;
    parm.tm_lim = params->tm_lim;
    GUARDED(*ret = glp_simplex(P, &parm));
}

int kam_glpk_interior(struct glp_prob *P, const kam_interior_params *params, int *ret) {
    glp_iptcp parm;
    glp_init_iptcp(&parm);
    parm.msg_lev = params->msg_lev;
    GUARDED(*ret = glp_interior(P, &parm));
}

/* Records the search state and forwards it to the caller's progress function. */
static void mip_callback(glp_tree *T, void *info) {
    kam_mip_params *params = info;
    int reason = glp_ios_reason(T);
    if (reason != GLP_IBINGO && reason != GLP_ISELECT) return;
    glp_prob *P = glp_ios_get_prob(T);
    kam_mip_progress p;
    int mip_status = glp_mip_status(P);
    p.has_incumbent = mip_status == GLP_FEAS || mip_status == GLP_OPT;
    p.incumbent = p.has_incumbent ? glp_mip_obj_val(P) : 0.0;
    int best = glp_ios_best_node(T);
    p.has_bound = best != 0;
    p.bound = best != 0 ? glp_ios_node_bound(T, best) : 0.0;
    p.gap = p.has_incumbent ? glp_ios_mip_gap(T) : DBL_MAX;
    int active = 0, total = 0, created = 0;
    glp_ios_tree_size(T, &active, &total, &created);
    p.nodes = created;
    p.improved = reason == GLP_IBINGO;
    params->last = p;
    if (params->progress != NULL && params->progress(params->progress_context, &p) != 0)
        glp_ios_terminate(T);
}

int kam_glpk_intopt(struct glp_prob *P, kam_mip_params *params, int *ret) {
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = params->presolve ? GLP_ON : GLP_OFF;
    parm.msg_lev = params->msg_lev;
    parm.tm_lim = params->tm_lim;
    parm.mip_gap = params->mip_gap;
    if (params->cuts) {
        parm.mir_cuts = GLP_ON;
        parm.gmi_cuts = GLP_ON;
        parm.cov_cuts = GLP_ON;
        parm.clq_cuts = GLP_ON;
    }
    parm.cb_func = mip_callback;
    parm.cb_info = params;
    memset(&params->last, 0, sizeof params->last);
    params->last.gap = DBL_MAX;
    GUARDED(*ret = glp_intopt(P, &parm));
}

int kam_glpk_read_solution(struct glp_prob *P, int which, kam_solution_info *info,
                           double *col_value, double *col_dual,
                           double *row_value, double *row_dual) {
    GUARDED({
        int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
        info->iterations = glp_get_it_cnt(P);
        info->primal_status = 0;
        info->dual_status = 0;
        if (which == 0) {
            info->status = glp_get_status(P);
            info->primal_status = glp_get_prim_stat(P);
            info->dual_status = glp_get_dual_stat(P);
            info->objective = glp_get_obj_val(P);
            for (int j = 1; j <= n; j++) {
                if (col_value) col_value[j - 1] = glp_get_col_prim(P, j);
                if (col_dual) col_dual[j - 1] = glp_get_col_dual(P, j);
            }
            for (int i = 1; i <= m; i++) {
                if (row_value) row_value[i - 1] = glp_get_row_prim(P, i);
                if (row_dual) row_dual[i - 1] = glp_get_row_dual(P, i);
            }
        } else if (which == 1) {
            info->status = glp_ipt_status(P);
            info->objective = glp_ipt_obj_val(P);
            for (int j = 1; j <= n; j++) {
                if (col_value) col_value[j - 1] = glp_ipt_col_prim(P, j);
                if (col_dual) col_dual[j - 1] = glp_ipt_col_dual(P, j);
            }
            for (int i = 1; i <= m; i++) {
                if (row_value) row_value[i - 1] = glp_ipt_row_prim(P, i);
                if (row_dual) row_dual[i - 1] = glp_ipt_row_dual(P, i);
            }
        } else {
            info->status = glp_mip_status(P);
            info->objective = glp_mip_obj_val(P);
            for (int j = 1; j <= n; j++)
                if (col_value) col_value[j - 1] = glp_mip_col_val(P, j);
            for (int i = 1; i <= m; i++)
                if (row_value) row_value[i - 1] = glp_mip_row_val(P, i);
        }
    });
}

int kam_glpk_analyze_rows(struct glp_prob *P, int count, const int *rows,
                          double *lower, double *upper, int *status) {
    /* glp_analyze_bound aborts without an optimal basic solution, a factorization, a valid row
       number or a non-basic row: each is checked first, and the guard catches anything else. */
    GUARDED({
        int m = glp_get_num_rows(P);
        int ready = m > 0 && glp_get_status(P) == GLP_OPT;
        if (ready && !glp_bf_exists(P)) ready = glp_factorize(P) == 0;
        for (int k = 0; k < count; k++) {
            int i = rows[k], var1 = 0, var2 = 0;
            lower[k] = -DBL_MAX;
            upper[k] = DBL_MAX;
            if (!ready || i < 1 || i > m) status[k] = 2;
            else if (glp_get_row_stat(P, i) == GLP_BS) status[k] = 1;
            else {
                glp_analyze_bound(P, i, &lower[k], &var1, &upper[k], &var2);
                status[k] = 0;
            }
        }
    });
}

int kam_glpk_set_basis(struct glp_prob *P, int m, const int *row_stat, int n, const int *col_stat) {
    GUARDED({
        for (int i = 1; i <= m; i++) glp_set_row_stat(P, i, row_stat[i - 1]);
        for (int j = 1; j <= n; j++) glp_set_col_stat(P, j, col_stat[j - 1]);
    });
}

int kam_glpk_std_basis(struct glp_prob *P) {
    GUARDED(glp_std_basis(P));
}

int kam_glpk_write_mps(struct glp_prob *P, const char *path, int *ret) {
    GUARDED(*ret = glp_write_mps(P, GLP_MPS_FILE, NULL, path));
}

int kam_glpk_write_lp(struct glp_prob *P, const char *path, int *ret) {
    GUARDED(*ret = glp_write_lp(P, NULL, path));
}
