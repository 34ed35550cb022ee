/* test_query.c - the sessions browser's query on a real SQLite file: every
 * filter as a user types it, its messages, sorting with ties, paging, the
 * full-text search over narratives (with hostile input), and that the
 * queries the browser runs use the indexes. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "plan.h"
#include "query.h"
#include "sessionlib.h"
#include "store.h"
#include "store_sql.h"
#include "testlib.h"
#include "util.h"

static char *Dir;
static store *S;
static int64_t Id[10];   /* Id[1] .. Id[9]: the sessions of sl_team */

static void setup(void)
{
    Dir = tl_tmpdir();
    cr_assert_not_null(Dir);
    char *cfg = xasprintf("%s/config", Dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    setenv("XDG_DATA_HOME", cfg, 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1);   /* forms/ of the source tree */
    free(cfg);
    char *db = xasprintf("%s/winback.db", Dir);
    char *err = NULL;
    S = store_open(db, 0, &err);
    cr_assert_not_null(S, "store_open: %s", err ? err : "?");
    free(db);
}

static void teardown(void)
{
    store_close(S);
    tl_rmtree(Dir);
    free(Dir);
}

static void make_team(void)
{
    for (int i = 1; i <= 9; i++)
        Id[i] = sl_make(S, &sl_team[i]);
}

TestSuite(query, .init = setup, .fini = teardown);

/* Sets the filter from "name=value" arguments (NULL-terminated). */
static void filter_of(query_filter *f, const char *const *args)
{
    query_filter_init(f);
    for (size_t i = 0; args[i]; i++) {
        char *err = NULL;
        cr_assert(query_filter_parse(f, args[i], &err), "%s: %s", args[i], err ? err : "");
    }
}

/* The team numbers (1..9) of rows, written "1 2 3" (static buffer). */
static const char *numbers_of(const query_row *rows, size_t n)
{
    static char buf[200];
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++)
        for (int k = 1; k <= 9; k++)
            if (rows[i].id == Id[k])
                snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%d", i ? " " : "", k);
    return buf;
}

/* The team numbers of a page of f (args: "name=value", NULL-ended) in
 * column sort; with count, also checks query_count agrees. */
static const char *page(const char *const *args, int sort, bool desc, size_t offset,
                        size_t limit, bool count)
{
    query_filter f;
    filter_of(&f, args);
    query_row *rows;
    size_t n;
    char *err = NULL;
    cr_assert_eq(query_page(S, &f, sort, desc, offset, limit, &rows, &n, &err), STORE_OK, "%s",
                 err ? err : "");
    int64_t total = -1;
    cr_assert_eq(query_count(S, &f, &total, &err), STORE_OK, "%s", err ? err : "");
    cr_assert(!count || total == (int64_t)n, "count %lld, rows %zu", (long long)total, n);
    const char *s = numbers_of(rows, n);
    query_rows_free(rows, n);
    query_filter_free(&f);
    return s;
}

/* The sessions f selects, in date order. */
static const char *team_of(const char *const *args)
{
    return page(args, QC_DATE, false, 0, 100, true);
}

#define TEAM(...) team_of((const char *const[]){ __VA_ARGS__, NULL })

/* ---- parsing ---------------------------------------------------------------- */

Test(query, ids_labels_and_short_codes_any_case)
{
    query_filter f;
    query_filter_init(&f);
    char *err = NULL;
    cr_assert(query_filter_set(&f, "type", "Bought Away", &err));
    cr_assert_eq(f.type, TYPE_BOUGHT_AWAY);
    cr_assert(query_filter_set(&f, "TYPE", "intentionally_pushed_away", &err));
    cr_assert_eq(f.type, TYPE_INTENTIONALLY_PUSHED_AWAY);
    cr_assert(query_filter_set(&f, "source", "our firm", &err));
    cr_assert_eq(f.source, SOURCE_FIRM);
    cr_assert(query_filter_set(&f, "source", "COMP", &err));
    cr_assert_eq(f.source, SOURCE_COMPETITOR);
    cr_assert(query_filter_set(&f, "stability", "Stable", &err));
    cr_assert_eq(f.stability, STABILITY_STABLE);
    cr_assert(query_filter_set(&f, "control", "unctl", &err));
    cr_assert_eq(f.control, CONTROL_UNCONTROLLABLE);
    cr_assert(query_filter_set(&f, "priority", "pursue now", &err));
    cr_assert_eq(f.priority, PRIORITY_PURSUE_NOW);
    cr_assert(query_filter_set(&f, "outcome", "Won back", &err));
    cr_assert_eq(f.outcome, OUTCOME_WON_BACK);
    cr_assert(query_filter_set(&f, "outcome", "none", &err));
    cr_assert_eq(f.outcome, OUTCOME_NONE);
    cr_assert(query_filter_set(&f, "training", "all", &err));
    cr_assert_eq(f.training, QUERY_ALL);
    cr_assert(query_filter_set(&f, "training", "yes", &err));
    cr_assert_eq(f.training, QUERY_TRAINING);
    cr_assert(query_filter_set(&f, "overridden", "yes", &err));
    cr_assert(f.overridden);
    cr_assert_null(err);
    query_filter_free(&f);
}

Test(query, messages_name_the_filter_and_the_accepted_values)
{
    query_filter f;
    query_filter_init(&f);
    char *err = NULL;
    cr_assert_not(query_filter_set(&f, "type", "stolen_away", &err));
    cr_assert_not_null(strstr(err, "type"), "%s", err);
    cr_assert_not_null(strstr(err, "stolen_away"), "%s", err);
    cr_assert_not_null(strstr(err, "bought_away, pulled_away"), "%s", err);
    free(err);
    err = NULL;
    cr_assert_not(query_filter_set(&f, "outcome", "maybe", &err));
    cr_assert_not_null(strstr(err, "won_back"), "%s", err);
    free(err);
    err = NULL;
    cr_assert_not(query_filter_set(&f, "from", "2025-02-30", &err));
    cr_assert(str_starts(err, "from:"), "%s", err);
    cr_assert_not_null(strstr(err, "2025Q3"), "%s", err);
    free(err);
    err = NULL;
    cr_assert_not(query_filter_set(&f, "colour", "red", &err));
    cr_assert_not_null(strstr(err, "colour"), "%s", err);
    cr_assert_not_null(strstr(err, "salesperson"), "%s", err);
    free(err);
    err = NULL;
    cr_assert_not(query_filter_parse(&f, "bought_away", &err));
    cr_assert_not_null(strstr(err, "name=value"), "%s", err);
    free(err);
    err = NULL;
    cr_assert_not(query_filter_set(&f, "training", "maybe", &err));
    cr_assert_not_null(strstr(err, "yes"), "%s", err);
    free(err);
    err = NULL;
    cr_assert_not(query_filter_set(&f, "search", " -- ", &err));
    cr_assert(str_starts(err, "search:"), "%s", err);
    free(err);
    /* a refused value leaves the filter as it was */
    cr_assert_eq(f.type, -1);
    cr_assert_null(f.from);
    query_filter_free(&f);
}

Test(query, dates_months_years_and_quarters)
{
    query_filter f;
    query_filter_init(&f);
    char *err = NULL;
    struct { const char *v, *from, *to; } cases[] = {
        { "2025-03-07", "2025-03-07", "2025-03-07" },
        { "2024-02", "2024-02-01", "2024-02-29" },
        { "2023-02", "2023-02-01", "2023-02-28" },
        { "2025", "2025-01-01", "2025-12-31" },
        { "2025Q3", "2025-07-01", "2025-09-30" },
        { "2025q1", "2025-01-01", "2025-03-31" },
        { "2025-Q4", "2025-10-01", "2025-12-31" },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        cr_assert(query_filter_set(&f, "from", cases[i].v, &err), "%s", cases[i].v);
        cr_assert(query_filter_set(&f, "to", cases[i].v, &err), "%s", cases[i].v);
        cr_assert_str_eq(f.from, cases[i].from);
        cr_assert_str_eq(f.to, cases[i].to);
    }
    const char *bad[] = { "2025Q5", "2025-13", "25", "2025-1", "20250", "Q3", "2025-02-29x" };
    for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
        cr_assert_not(query_filter_set(&f, "to", bad[i], &err), "%s", bad[i]);
        free(err);
        err = NULL;
    }
    query_filter_free(&f);
}

Test(query, empty_value_clears_and_describe_names_what_is_set)
{
    query_filter f;
    filter_of(&f, (const char *const[]){ "type=Moved away", "salesperson=Dana Reyes",
                                          "from=2025Q1", "training=all", "overridden=yes",
                                          "search=late \"cold chain\"", NULL });
    char *d = query_filter_describe(&f);
    cr_assert_str_eq(d, "type=moved_away salesperson=\"Dana Reyes\" from=2025-01-01 "
                        "training=all overridden=yes search=\"late \\\"cold chain\\\"\"");
    free(d);
    char *err = NULL;
    const char *names[] = { "type", "salesperson", "from", "training", "overridden", "search" };
    for (size_t i = 0; i < ARRAY_LEN(names); i++)
        cr_assert(query_filter_set(&f, names[i], "  ", &err));
    d = query_filter_describe(&f);
    cr_assert_str_eq(d, "");
    free(d);
    char *w = query_where(&f);
    cr_assert_str_eq(w, " WHERE s.training = 0");   /* real sessions by default */
    free(w);
    f.training = QUERY_ALL;
    w = query_where(&f);
    cr_assert_str_eq(w, "");
    free(w);
    query_filter_free(&f);
}

Test(query, fts_words_are_quoted_strings)
{
    struct { const char *in, *out; } cases[] = {
        { "o'brien", "\"o'brien\"" },
        { "price -- drop", "\"price\" \"drop\"" },
        { "pric*", "\"pric\"*" },
        { "\"late delivery\" price", "\"late delivery\" \"price\"" },
        { "say \"hi", "\"say\" \"hi\"" },
        { "a\"b", "\"a\"\"b\"" },
        { "NOT OR AND", "\"NOT\" \"OR\" \"AND\"" },
        { "'); DROP TABLE sessions;--", "\"DROP\" \"TABLE\" \"sessions;--\"" },
        { "Zoë", "\"Zoë\"" },
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        char *e = query_fts_expr(cases[i].in);
        cr_assert_str_eq(e, cases[i].out, "%s", cases[i].in);
        free(e);
    }
    cr_assert_null(query_fts_expr(" -- * ' "));
    cr_assert_null(query_fts_expr(""));
}

Test(query, columns_by_id)
{
    for (int c = 0; c < QC_COUNT; c++)
        cr_assert_eq(query_col_find(query_col_id(c)), c);
    cr_assert_eq(query_col_find("Account"), QC_ACCOUNT);
    cr_assert_eq(query_col_find("colour"), -1);
    cr_assert_null(query_col_id(QC_COUNT));
}

/* ---- filters on a database ---------------------------------------------------- */

Test(query, each_filter_selects_its_sessions)
{
    make_team();
    cr_assert_str_eq(TEAM("type="), "1 2 3 4 5 6 7 8");            /* real ones only */
    cr_assert_str_eq(TEAM("type=bought_away"), "1 2 3");
    cr_assert_str_eq(TEAM("type=Moved away"), "7");           /* the manager's type wins */
    cr_assert_str_eq(TEAM("type=pulled_away"), "4");
    cr_assert_str_eq(TEAM("source=competitor"), "1 2 4");
    cr_assert_str_eq(TEAM("source=our firm"), "3 5");
    cr_assert_str_eq(TEAM("stability=stable"), "1 3 4 5 7"); /* 4: the salesperson's own */
    cr_assert_str_eq(TEAM("control=uncontrollable"), "1 2 4 5 7"); /* 5: the manager's */
    cr_assert_str_eq(TEAM("control=controllable"), "3 6");
    cr_assert_str_eq(TEAM("priority=wait_actively"), "3 4");
    cr_assert_str_eq(TEAM("priority=Let go"), "5 7");
    cr_assert_str_eq(TEAM("outcome=won_back"), "1 4 7");
    cr_assert_str_eq(TEAM("outcome=none"), "8");
    cr_assert_str_eq(TEAM("outcome=Still trying"), "6");
    cr_assert_str_eq(TEAM("salesperson=bob"), "4 5 6");
    cr_assert_str_eq(TEAM("salesperson=ANN"), "1 2 3");
    cr_assert_str_eq(TEAM("salesperson=An"), "");
    cr_assert_str_eq(TEAM("from=2025-04"), "3 4 5 6 7 8");
    cr_assert_str_eq(TEAM("to=2025-04"), "1 2 3 4");
    cr_assert_str_eq(TEAM("from=2025Q2", "to=2025Q2"), "3 4 5");
    cr_assert_str_eq(TEAM("from=2025-02-01", "to=2025-02-01"), "2");
    cr_assert_str_eq(TEAM("to=2024"), "");
    cr_assert_str_eq(TEAM("training=yes"), "9");
    cr_assert_str_eq(TEAM("training=all"), "1 9 2 3 4 5 6 7 8");
    cr_assert_str_eq(TEAM("overridden=yes"), "4 5 7");
    cr_assert_str_eq(TEAM("salesperson=Ann", "training=all", "outcome=won_back"), "1 9");
    cr_assert_str_eq(TEAM("type=bought_away", "source=competitor", "stability=stable"), "1");
}

Test(query, search_finds_words_typed_in_narratives)
{
    make_team();
    cr_assert_str_eq(TEAM("search=timber"), "1");
    cr_assert_str_eq(TEAM("search=NORTHSIDE framing"), "1");      /* all words, any case */
    cr_assert_str_eq(TEAM("search=northside cedar"), "");
    cr_assert_str_eq(TEAM("search=o'brien"), "2");
    cr_assert_str_eq(TEAM("search=price"), "1 2 3");              /* 9 is training */
    cr_assert_str_eq(TEAM("search=price", "training=all"), "1 9 2 3");
    cr_assert_str_eq(TEAM("search=price -- drop"), "3");          /* "dropped" is another word */
    cr_assert_str_eq(TEAM("search=drop*"), "2 3");
    cr_assert_str_eq(TEAM("search=\"cold chain\""), "4");
    cr_assert_str_eq(TEAM("search=\"chain cold\""), "");
    cr_assert_str_eq(TEAM("search=NOT"), "");
    cr_assert_str_eq(TEAM("search=price", "salesperson=ann", "from=2025-02"), "2 3");
}

Test(query, hostile_search_is_only_text)
{
    make_team();
    cr_assert_str_eq(TEAM("search='); DROP TABLE sessions;--"), "");
    cr_assert_str_eq(TEAM("search=\" OR 1=1 --"), "");
    cr_assert_str_eq(TEAM("search=timber) OR (1"), "");
    cr_assert_str_eq(TEAM("search=^timber"), "1");
    cr_assert_str_eq(TEAM("search=col:timber"), "");
    cr_assert_str_eq(TEAM("training=all"), "1 9 2 3 4 5 6 7 8");  /* still all there */
}

Test(query, search_reads_free_text_not_choice_ids)
{
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));   /* tl_src's buffer is static */
    library *lib = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    cr_assert_not_null(lib);
    const char *ex[] = { "bought_away", "intentionally_pushed_away", "moved_away" };
    int64_t ids[3];
    for (int i = 0; i < 3; i++) {
        char *rel = xasprintf("share/examples/%s.ini", ex[i]);
        int rc = importer_run(S, lib, tl_src(rel), "Dana", &ids[i], &probs);
        cr_assert_eq(rc, 0, "%s: %s", rel, probs.n ? probs.msg[0] : "");
        free(rel);
    }
    library_free(lib);
    problems_free(&probs);
    const char *found[][2] = { { "Northside", "bought_away" }, { "in-house", "moved_away" },
                               { "Residential", "bought_away" } };
    for (size_t i = 0; i < ARRAY_LEN(found); i++) {
        query_filter f;
        query_filter_init(&f);
        cr_assert(query_filter_set(&f, "search", found[i][0], NULL));
        query_row *rows;
        size_t n;
        cr_assert_eq(query_page(S, &f, QC_ID, false, 0, 10, &rows, &n, NULL), STORE_OK);
        cr_assert_eq(n, 1, "%s: %zu rows", found[i][0], n);
        cr_assert_eq(rows[0].type, vocab_value_find(DIM_TYPE, found[i][1]), "%s", found[i][0]);
        query_rows_free(rows, n);
        query_filter_free(&f);
    }
    /* answers to choice questions: window = renewal, how_learned = orders_faded */
    const char *choice_ids[] = { "renewal", "orders_faded", "faded", "on_trust" };
    for (size_t i = 0; i < ARRAY_LEN(choice_ids); i++) {
        query_filter f;
        query_filter_init(&f);
        cr_assert(query_filter_set(&f, "search", choice_ids[i], NULL));
        int64_t n = -1;
        cr_assert_eq(query_count(S, &f, &n, NULL), STORE_OK);
        cr_assert_eq(n, 0, "%s found %lld", choice_ids[i], (long long)n);
        query_filter_free(&f);
    }
}

/* ---- sorting and paging -------------------------------------------------------- */

/* A page of all real sessions. */
static const char *page_of(int sort, bool desc, size_t offset, size_t limit)
{
    return page((const char *const[]){ NULL }, sort, desc, offset, limit, false);
}

Test(query, sort_by_each_column_ties_newest_first)
{
    make_team();
    cr_assert_str_eq(page_of(QC_DATE, true, 0, 100), "8 7 6 5 4 3 2 1");
    cr_assert_str_eq(page_of(QC_ACCOUNT, false, 0, 100), "2 3 4 5 6 7 1 8");
    cr_assert_str_eq(page_of(QC_ACCOUNT, true, 0, 100), "8 1 7 6 5 4 3 2");
    cr_assert_str_eq(page_of(QC_SALESPERSON, false, 0, 100), "3 2 1 6 5 4 8 7");
    cr_assert_str_eq(page_of(QC_SALESPERSON, true, 0, 100), "8 7 6 5 4 3 2 1");
    cr_assert_str_eq(page_of(QC_PRIORITY, false, 0, 100), "6 2 1 4 3 7 5 8");
    cr_assert_str_eq(page_of(QC_OUTCOME, false, 0, 100), "8 6 7 4 1 3 2 5");
    cr_assert_str_eq(page_of(QC_TYPE, false, 0, 100), "8 3 2 1 7 4 6 5");
    cr_assert_str_eq(page_of(QC_ATTRIBUTION, false, 0, 100), "8 4 1 2 7 3 5 6");
    cr_assert_str_eq(page_of(QC_ID, true, 0, 100), "8 7 6 5 4 3 2 1");
    cr_assert_str_eq(page_of(QC_ID, false, 0, 100), "1 2 3 4 5 6 7 8");
}

/* Collects the ids query_each passes, stopping after ctx->stop rows. */
typedef struct collect {
    int64_t ids[20];
    size_t n, stop;
} collect;

static int collect_row(const query_row *r, void *ctx)
{
    collect *c = ctx;
    c->ids[c->n++] = r->id;
    return c->n == c->stop ? 42 : 0;
}

Test(query, pages_cover_every_row_once)
{
    make_team();
    cr_assert_str_eq(page_of(QC_SALESPERSON, false, 0, 3), "3 2 1");
    cr_assert_str_eq(page_of(QC_SALESPERSON, false, 3, 3), "6 5 4");
    cr_assert_str_eq(page_of(QC_SALESPERSON, false, 6, 3), "8 7");
    cr_assert_str_eq(page_of(QC_SALESPERSON, false, 8, 3), "");
    cr_assert_str_eq(page_of(QC_SALESPERSON, false, 2, 2), "1 6");
    cr_assert_str_eq(page_of(QC_DATE, false, 7, 100), "8");
    cr_assert_str_eq(page_of(QC_DATE, false, 0, 0), "");
    /* query_each walks the same order, and stops when asked */
    query_filter f;
    query_filter_init(&f);
    collect c = { .n = 0, .stop = 100 };
    cr_assert_eq(query_each(S, &f, QC_SALESPERSON, false, collect_row, &c, NULL), STORE_OK);
    cr_assert_eq(c.n, 8);
    int64_t want[] = { Id[3], Id[2], Id[1], Id[6], Id[5], Id[4], Id[8], Id[7] };
    for (size_t i = 0; i < 8; i++)
        cr_assert_eq(c.ids[i], want[i], "row %zu", i);
    collect d = { .n = 0, .stop = 2 };
    cr_assert_eq(query_each(S, &f, QC_DATE, false, collect_row, &d, NULL), 42);
    cr_assert_eq(d.n, 2);
}

Test(query, rows_carry_the_summary)
{
    make_team();
    query_filter f;
    filter_of(&f, (const char *const[]){ "search=cold chain", NULL });
    query_row *rows;
    size_t n;
    cr_assert_eq(query_page(S, &f, QC_DATE, false, 0, 10, &rows, &n, NULL), STORE_OK);
    cr_assert_eq(n, 1);
    query_row *r = &rows[0];
    cr_assert_eq(r->id, Id[4]);
    cr_assert_str_eq(r->account, "Delta Foods");
    cr_assert_str_eq(r->salesperson, "Bob");
    cr_assert_str_eq(r->day, "2025-04-20");
    cr_assert_eq(r->type, TYPE_PULLED_AWAY);
    cr_assert_eq(r->source, SOURCE_COMPETITOR);
    cr_assert_eq(r->stability, STABILITY_STABLE);
    cr_assert_eq(r->control, CONTROL_UNCONTROLLABLE);
    cr_assert_eq(r->priority, PRIORITY_WAIT_ACTIVELY);
    cr_assert_eq(r->overridden, 1);
    cr_assert_eq(r->outcome, OUTCOME_WON_BACK);
    cr_assert_str_eq(r->outcome_date, "2025-06-19");
    cr_assert_not(r->training);
    cr_assert_eq(strlen(r->uuid), 36);
    query_rows_free(rows, n);
    query_filter_free(&f);
}

/* ---- the indexes -------------------------------------------------------------- */

/* The query plan of the statement query_page runs for f and sort, one
 * detail per line (static buffer). */
static const char *plan_of(const char *const *args, int sort, bool desc)
{
    static char buf[4000];
    query_filter f;
    filter_of(&f, args);
    sl_trace_start(S, "FROM sessions s");
    query_row *rows;
    size_t n;
    cr_assert_eq(query_page(S, &f, sort, desc, 0, 50, &rows, &n, NULL), STORE_OK);
    query_rows_free(rows, n);
    char *qp = sl_trace_plan(S);
    snprintf(buf, sizeof buf, "%s", qp);
    free(qp);
    query_filter_free(&f);
    return buf;
}

Test(query, pages_use_the_indexes)
{
    make_team();
    /* the first page, newest first: read in index order, no sorting */
    const char *p = plan_of((const char *const[]){ NULL }, QC_DATE, true);
    cr_assert_not_null(strstr(p, "USING INDEX sessions_training (training=?)"), "%s", p);
    cr_assert_null(strstr(p, "TEMP B-TREE"), "%s", p);
    p = plan_of((const char *const[]){ "training=all", NULL }, QC_DATE, true);
    cr_assert_not_null(strstr(p, "USING INDEX sessions_day"), "%s", p);
    cr_assert_null(strstr(p, "TEMP B-TREE"), "%s", p);
    p = plan_of((const char *const[]){ "type=bought_away", NULL }, QC_DATE, true);
    cr_assert_not_null(strstr(p, "USING INDEX sessions_"), "%s", p);
    cr_assert_null(strstr(p, "TEMP B-TREE"), "%s", p);
    p = plan_of((const char *const[]){ "type=bought_away", "training=all", NULL }, QC_DATE, true);
    cr_assert_not_null(strstr(p, "USING INDEX sessions_type (type=?)"), "%s", p);
    cr_assert_null(strstr(p, "TEMP B-TREE"), "%s", p);
    p = plan_of((const char *const[]){ "search=price", NULL }, QC_DATE, true);
    cr_assert_not_null(strstr(p, "VIRTUAL TABLE INDEX"), "%s", p);
    cr_assert_not_null(strstr(p, "answers"), "%s", p);
}
