/* sessionlib.h - hand-made sessions for the query, stats and follow-up
 * tests, written through the store API (store.h, review.h) the way the
 * wizard and the review screen write them, so the summary columns come
 * from the schema's own triggers.
 */
#ifndef WINBACK_SESSIONLIB_H
#define WINBACK_SESSIONLIB_H

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "form.h"
#include "review.h"
#include "store.h"
#include "store_sql.h"
#include "util.h"
#include "vocab.h"

/* One session; NULL ids mean "none". */
typedef struct sl_case {
    const char *salesperson;
    const char *account;
    const char *type, *source, *stability, *control, *priority; /* type NULL: no diagnosis */
    const char *day;          /* the loss date, YYYY-MM-DD */
    const char *outcome;      /* outcome id */
    const char *outcome_date;
    const char *own;          /* the salesperson overrides the stability to this */
    const char *mgr_dim;      /* a manager overrides this dimension ... */
    const char *mgr_value;    /* ... to this value */
    const char *story;        /* a narrative answer */
    bool training;
} sl_case;

/* Saves an answer to a question with the given type and role. */
static inline void sl_answer(store *st, int64_t id, const char *qid, qtype type,
                             const char *role, const char *value)
{
    question q;
    memset(&q, 0, sizeof q);
    q.id = (char *)qid;
    q.type = type;
    q.role = (char *)role;
    answer a = { (char *)qid, (char *)value, false };
    char *err = NULL;
    cr_assert_eq(store_answer_save(st, id, &q, &a, "tester", &err), STORE_OK, "%s", err);
}

/* Saves a diagnosis with computed = final values. */
static inline void sl_diagnose(store *st, int64_t id, const sl_case *c)
{
    diagnosis d;
    memset(&d, 0, sizeof d);
    d.form_id = (char *)"debrief";
    d.form_version = (char *)"1";
    const char *v[DIM_COUNT] = { c->type, c->source, c->stability, c->control };
    for (int k = 0; k < DIM_COUNT; k++) {
        d.dim[k].computed = d.dim[k].final = vocab_value_find(k, v[k]);
        d.dim[k].runner_up = -1;
    }
    d.priority = d.priority_final = c->priority ? priority_find(c->priority) : -1;
    d.claimed_type = -1;
    char *err = NULL;
    cr_assert_eq(store_diagnosis_save(st, id, &d, &err), STORE_OK, "%s", err);
}

/* Makes the session c; returns its id. */
static inline int64_t sl_make(store *st, const sl_case *c)
{
    int64_t id = 0;
    char *err = NULL;
    cr_assert_eq(store_session_new(st, "debrief", "1", c->salesperson, c->training, &id, &err),
                 STORE_OK, "%s", err);
    sl_answer(st, id, "customer", Q_TEXT, "customer", c->account ? c->account : "Acme");
    if (c->day)
        sl_answer(st, id, "loss_date", Q_DATE, "loss_date", c->day);
    if (c->story)
        sl_answer(st, id, "story", Q_NARRATIVE, NULL, c->story);
    if (c->type)
        sl_diagnose(st, id, c);
    if (c->own)
        cr_assert_eq(store_override(st, id, DIM_STABILITY,
                                    vocab_value_find(DIM_STABILITY, c->own), "I know better",
                                    c->salesperson, &err), STORE_OK, "%s", err);
    if (c->mgr_dim) {
        int dim = vocab_dim_find(c->mgr_dim);
        cr_assert_eq(review_override(st, id, dim, vocab_value_find(dim, c->mgr_value),
                                     "the manager's view", "Boss", &err), STORE_OK, "%s", err);
    }
    if (c->outcome)
        cr_assert_eq(store_outcome_set(st, id, outcome_find(c->outcome), c->outcome_date, NULL,
                                       "Boss", &err), STORE_OK, "%s", err);
    return id;
}

/* ---- query plans ----------------------------------------------------------- */

/* The SQL of the first statement run while tracing that contains
 * sl_needle. */
static char *sl_traced;
static const char *sl_needle;

static inline int sl_trace_cb(unsigned what, void *ctx, void *p, void *x)
{
    (void)what;
    (void)ctx;
    (void)x;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    if (!sl_traced && sql && strstr(sql, sl_needle))
        sl_traced = xstrdup(sql);
    return 0;
}

/* Starts recording the first statement whose SQL contains needle. */
static inline void sl_trace_start(store *st, const char *needle)
{
    free(sl_traced);
    sl_traced = NULL;
    sl_needle = needle;
    sqlite3_trace_v2(store_db(st), SQLITE_TRACE_STMT, sl_trace_cb, NULL);
}

/* Stops recording; the EXPLAIN QUERY PLAN details of the statement
 * recorded, one per line.  Caller frees. */
static inline char *sl_trace_plan(store *st)
{
    sqlite3 *db = store_db(st);
    sqlite3_trace_v2(db, 0, NULL, NULL);
    cr_assert_not_null(sl_traced, "no statement with %s ran", sl_needle);
    char *sql = xasprintf("EXPLAIN QUERY PLAN %s", sl_traced);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    strbuf sb;
    sb_init(&sb);
    while (sqlite3_step(s) == SQLITE_ROW)
        sb_addf(&sb, "%s\n", (const char *)sqlite3_column_text(s, 3));
    sqlite3_finalize(s);
    free(sql);
    free(sl_traced);
    sl_traced = NULL;
    return sb.buf ? sb_take(&sb) : xstrdup("");
}

/* A small team, used by the query and stats tests: sessions 1-8 are real,
 * 9 is a training session.  In short (type / source, day, outcome):
 *   1 Ann  bought_away / competitor     2025-01-10  won back 2025-01-30 (20 days)
 *   2 Ann  bought_away / competitor     2025-02-01  lost for good
 *   3 Ann  bought_away / firm           2025-04-05  partly won back
 *   4 Bob  pulled_away / competitor     2025-04-20  won back 2025-06-19 (60 days);
 *          Bob overrode his own stability (unstable -> stable)
 *   5 Bob  unintentionally_pushed_away / firm
 *                                       2025-05-02  terminated; a manager
 *          overrode the control (controllable -> uncontrollable)
 *   6 Bob  unintentionally_pushed_away / salesperson
 *                                       2025-07-15  still trying
 *   7 Cy   pulled_away, a manager overrode the type to moved_away /
 *          environment                  2025-08-01  won back 2025-09-10 (40 days)
 *   8 Cy   no diagnosis                 2025-08-20  no outcome
 *   9 Ann  (training) bought_away / competitor 2025-01-15 won back 2025-01-16
 */
static const sl_case sl_team[] = {
    { 0 },
    { .salesperson = "Ann", .account = "Hollis Building", .type = "bought_away",
      .source = "competitor", .stability = "stable", .control = "uncontrollable",
      .priority = "pursue_now", .day = "2025-01-10", .outcome = "won_back",
      .outcome_date = "2025-01-30",
      .story = "Northside Timber beat our price by nine percent on the framing package." },
    { .salesperson = "Ann", .account = "Baker & Sons", .type = "bought_away",
      .source = "competitor", .stability = "unstable", .control = "uncontrollable",
      .priority = "pursue_now", .day = "2025-02-01", .outcome = "lost_for_good",
      .outcome_date = "2025-03-01",
      .story = "Price war with O'Brien Supplies; they dropped us after the tender." },
    { .salesperson = "Ann", .account = "Cedar Clinic", .type = "bought_away", .source = "firm",
      .stability = "stable", .control = "controllable", .priority = "wait_actively",
      .day = "2025-04-05", .outcome = "partly_won_back", .outcome_date = "2025-05-01",
      .story = "Late deliveries -- twice in one month -- and then a price drop elsewhere." },
    { .salesperson = "Bob", .account = "Delta Foods", .type = "pulled_away",
      .source = "competitor", .stability = "unstable", .control = "uncontrollable",
      .priority = "wait_actively", .day = "2025-04-20", .outcome = "won_back",
      .outcome_date = "2025-06-19", .own = "stable",
      .story = "A rival offered a better cold chain service." },
    { .salesperson = "Bob", .account = "Echo Labs", .type = "unintentionally_pushed_away",
      .source = "firm", .stability = "stable", .control = "controllable", .priority = "let_go",
      .day = "2025-05-02", .outcome = "terminated", .outcome_date = "2025-05-30",
      .mgr_dim = "control", .mgr_value = "uncontrollable",
      .story = "Our invoices were wrong for months; the buyer lost patience." },
    { .salesperson = "Bob", .account = "Foxtrot Print", .type = "unintentionally_pushed_away",
      .source = "salesperson", .stability = "unstable", .control = "controllable",
      .priority = "pursue_now", .day = "2025-07-15", .outcome = "still_trying",
      .story = "I missed two calls while on holiday and nobody stood in." },
    { .salesperson = "Cy", .account = "Golf Telecom", .type = "pulled_away",
      .source = "environment", .stability = "stable", .control = "uncontrollable",
      .priority = "let_go", .day = "2025-08-01", .outcome = "won_back",
      .outcome_date = "2025-09-10", .mgr_dim = "type", .mgr_value = "moved_away",
      .story = "They relocated the plant abroad; the new site buys locally." },
    { .salesperson = "Cy", .account = "Hotel Ibis", .day = "2025-08-20" },
    { .salesperson = "Ann", .account = "Training Co", .type = "bought_away",
      .source = "competitor", .stability = "stable", .control = "uncontrollable",
      .priority = "pursue_now", .day = "2025-01-15", .outcome = "won_back",
      .outcome_date = "2025-01-16", .story = "A practice case about price.",
      .training = true },
};

#endif
