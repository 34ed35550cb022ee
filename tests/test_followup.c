/* test_followup.c - follow-ups due on a real SQLite file: imported example
 * sessions whose checklist items get due dates and statuses through the
 * store, the window and its edges, filters, outcomes that close a case,
 * active-waiting re-contact dates, the renderers, and that the count is
 * an indexed query. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "followup.h"
#include "importer.h"
#include "jsonlib.h"
#include "plan.h"
#include "report.h"
#include "sessionlib.h"
#include "store.h"
#include "store_sql.h"
#include "testlib.h"
#include "util.h"

#define TODAY "2030-06-15"

static char *Dir;
static store *S;
static library *L;
static int64_t A;   /* bought_away example, Dave Morgan */
static int64_t B;   /* moved_away example */

static int64_t import_example(const char *name)
{
    char *rel = xasprintf("share/examples/%s.ini", name);
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    int rc = importer_run(S, L, tl_src(rel), "Dave", &id, &probs);
    cr_assert_eq(rc, 0, "%s: %s", rel, probs.n ? probs.msg[0] : "");
    problems_free(&probs);
    free(rel);
    return id;
}

/* Sets status, due date and owner of item `item` of session id. */
static void set_item(int64_t id, const char *item, int status, const char *due,
                     const char *owner)
{
    plan_item it = { (char *)item, NULL, 0, NULL, status, (char *)owner, (char *)due };
    char *err = NULL;
    cr_assert_eq(store_plan_item_update(S, id, &it, "Dave", &err), STORE_OK, "%s: %s", item,
                 err ? err : "");
}

/* The id of the n-th checklist item of session id (static buffer). */
static const char *nth_item(int64_t id, size_t n)
{
    static char buf[8][64];
    plan p;
    plan_init(&p);
    cr_assert_eq(store_plan_load(S, id, &p, NULL), STORE_OK);
    cr_assert_gt(p.nitems, n);
    snprintf(buf[n % 8], sizeof buf[0], "%s", p.items[n].id);
    plan_free(&p);
    return buf[n % 8];
}

/* Adds active waiting to the plan of session id unless it is there. */
static void add_active_waiting(int64_t id)
{
    plan p;
    plan_init(&p);
    int rc = store_plan_load(S, id, &p, NULL);
    cr_assert(rc == STORE_OK || rc == STORE_NOTFOUND);
    if (!plan_has_activity(&p, FOLLOWUP_RECONTACT_ACTIVITY)) {
        cr_assert(plan_add_activity(&p, L, FOLLOWUP_RECONTACT_ACTIVITY, "their contract runs on"));
        cr_assert_eq(store_plan_save(S, id, &p, NULL), STORE_OK);
    }
    plan_free(&p);
}

static void setup(void)
{
    Dir = tl_tmpdir();
    cr_assert_not_null(Dir);
    char *cfg = xasprintf("%s/config", Dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    setenv("XDG_DATA_HOME", cfg, 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1);
    free(cfg);
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));   /* tl_src's buffer is static */
    L = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    problems_free(&probs);
    cr_assert_not_null(L);
    char *db = xasprintf("%s/winback.db", Dir);
    char *err = NULL;
    S = store_open(db, 0, &err);
    cr_assert_not_null(S, "store_open: %s", err ? err : "?");
    free(db);
    A = import_example("bought_away");
    B = import_example("moved_away");
    add_active_waiting(A);
    for (size_t i = 0; i < 5; i++)
        cr_assert(!str_starts(nth_item(A, i), FOLLOWUP_RECONTACT_ACTIVITY));
    /* today is 2030-06-15; a week ahead ends on 2030-06-22 */
    set_item(A, nth_item(A, 0), ITEM_TODO, "2030-06-12", "Dave");   /* overdue */
    set_item(A, nth_item(A, 1), ITEM_DOING, "2030-06-17", NULL);    /* due */
    set_item(A, nth_item(A, 2), ITEM_TODO, "2030-06-22", "Lisa");   /* the window's last day */
    set_item(A, nth_item(A, 3), ITEM_TODO, "2030-06-23", NULL);     /* just after */
    set_item(A, nth_item(A, 4), ITEM_DONE, "2030-06-10", NULL);     /* done: no follow-up */
    set_item(A, "active_waiting.1", ITEM_TODO, "2030-06-20", NULL); /* re-contact */
    set_item(B, nth_item(B, 0), ITEM_TODO, "2030-06-16", NULL);
    set_item(B, nth_item(B, 1), ITEM_DROPPED, "2030-06-16", NULL);  /* dropped: none */
}

static void teardown(void)
{
    store_close(S);
    library_free(L);
    tl_rmtree(Dir);
    free(Dir);
}

TestSuite(followup, .init = setup, .fini = teardown);

static void count(const char *const *args, int days, int64_t want_due, int64_t want_overdue)
{
    query_filter f;
    query_filter_init(&f);
    for (size_t i = 0; args[i]; i++)
        cr_assert(query_filter_parse(&f, args[i], NULL), "%s", args[i]);
    int64_t due = -1, overdue = -1;
    char *err = NULL;
    cr_assert_eq(followup_count(S, TODAY, days, &f, &due, &overdue, &err), STORE_OK, "%s",
                 err ? err : "");
    cr_assert_eq(due, want_due, "days %d: due %lld", days, (long long)due);
    cr_assert_eq(overdue, want_overdue, "days %d: overdue %lld", days, (long long)overdue);
    query_filter_free(&f);
}

#define COUNT(days, due, overdue, ...) \
    count((const char *const[]){ __VA_ARGS__ NULL }, days, due, overdue)

Test(followup, counts_the_window_and_what_is_overdue)
{
    COUNT(7, 5, 1);        /* A: 06-12, 06-17, 06-20, 06-22; B: 06-16 */
    COUNT(0, 1, 1);        /* only the overdue one */
    COUNT(1, 2, 1);        /* and 06-16 (B) */
    COUNT(8, 6, 1);        /* and 06-23 */
    int64_t due = -1, overdue = -1;
    cr_assert_eq(followup_count(S, TODAY, 7, NULL, &due, &overdue, NULL), STORE_OK);
    cr_assert_eq(due, 5);
}

Test(followup, filters_and_closed_cases)
{
    COUNT(7, 4, 1, "salesperson=dave morgan",);
    COUNT(7, 1, 0, "type=moved_away",);
    char *err = NULL;
    cr_assert_eq(store_outcome_set(S, B, OUTCOME_LOST, "2030-06-01", NULL, "Boss", &err),
                 STORE_OK);
    COUNT(7, 4, 1);        /* lost for good: nothing left to follow up */
    cr_assert_eq(store_outcome_set(S, A, OUTCOME_TRYING, NULL, NULL, "Boss", &err), STORE_OK);
    COUNT(7, 4, 1);        /* still trying: still to do */
    cr_assert_eq(store_outcome_set(S, A, OUTCOME_TERMINATED, "2030-06-02", NULL, "Boss", &err),
                 STORE_OK);
    COUNT(7, 0, 0);
}

Test(followup, training_sessions_only_when_asked)
{
    sl_case c = sl_team[9];   /* a training session */
    int64_t t = sl_make(S, &c);
    add_active_waiting(t);
    set_item(t, "active_waiting.2", ITEM_TODO, "2030-06-18", NULL);
    COUNT(7, 5, 1);
    COUNT(7, 6, 1, "training=all",);
    COUNT(7, 1, 0, "training=yes",);
}

Test(followup, list_in_due_order_with_sessions_and_marks)
{
    followup_row *rows;
    size_t n;
    char *err = NULL;
    cr_assert_eq(followup_list(S, TODAY, 7, NULL, &rows, &n, &err), STORE_OK, "%s",
                 err ? err : "");
    cr_assert_eq(n, 5);
    const char *dues[] = { "2030-06-12", "2030-06-16", "2030-06-17", "2030-06-20", "2030-06-22" };
    for (size_t i = 0; i < n; i++) {
        cr_assert_str_eq(rows[i].due, dues[i]);
        cr_assert_eq(rows[i].overdue, i == 0);
        cr_assert_eq(rows[i].session_id, i == 1 ? B : A);
        cr_assert_not_null(rows[i].text);
        cr_assert_geq(rows[i].justice, 0);
        cr_assert(rows[i].status == ITEM_TODO || rows[i].status == ITEM_DOING);
        cr_assert_eq(rows[i].recontact, strcmp(rows[i].activity, "active_waiting") == 0);
    }
    cr_assert_str_eq(rows[0].account, "Hollis Building Contractors");
    cr_assert_str_eq(rows[0].salesperson, "Dave Morgan");
    cr_assert_str_eq(rows[0].owner, "Dave");
    cr_assert_null(rows[2].owner);
    cr_assert_eq(rows[2].status, ITEM_DOING);
    cr_assert(rows[3].recontact);
    cr_assert_str_eq(rows[3].item_id, "active_waiting.1");
    cr_assert_not_null(strstr(rows[3].text, "contract"), "%s", rows[3].text);
    followup_rows_free(rows, n);
}

Test(followup, renderers)
{
    /* an owner with a tab, a quote and an escape sequence */
    set_item(A, nth_item(A, 1), ITEM_DOING, "2030-06-17", "Lisa\t\"L\"\x1b[2J");
    followup_row *rows;
    size_t n;
    cr_assert_eq(followup_list(S, TODAY, 7, NULL, &rows, &n, NULL), STORE_OK);
    char *t = followup_render(rows, n, REPORT_TEXT);
    cr_assert_not_null(strstr(t, "2030-06-12  OVERDUE"), "%s", t);
    cr_assert_not_null(strstr(t, "[re-contact]"), "%s", t);
    cr_assert_not_null(strstr(t, "5 follow-ups: 1 overdue, 4 due"), "%s", t);
    cr_assert_null(strchr(t, '\x1b'));
    free(t);
    char *tsv = followup_render(rows, n, REPORT_TSV);
    size_t nl;
    char **lines = str_split(tsv, '\n', &nl);
    cr_assert_eq(nl, 6, "%s", tsv);
    for (size_t i = 0; i < nl; i++) {
        size_t tabs = 0;
        for (const char *p = lines[i]; *p; p++)
            tabs += *p == '\t';
        cr_assert_eq(tabs, 11, "line %zu: %s", i, lines[i]);
    }
    str_list_free(lines, nl);
    cr_assert_null(strchr(tsv, '\x1b'));
    free(tsv);
    char *js = followup_render(rows, n, REPORT_JSON);
    cr_assert(json_valid(js), "%s", js);
    cr_assert_not_null(strstr(js, "\"overdue\":true"), "%s", js);
    cr_assert_not_null(strstr(js, "\"recontact\":true"), "%s", js);
    cr_assert_not_null(strstr(js, "\"account\":\"Hollis Building Contractors\""), "%s", js);
    free(js);
    followup_rows_free(rows, n);
    char *none = followup_render(NULL, 0, REPORT_TEXT);
    cr_assert_not_null(strstr(none, "No follow-ups due."));
    free(none);
}

Test(followup, refuses_a_bad_day)
{
    int64_t due, overdue;
    char *err = NULL;
    cr_assert_neq(followup_count(S, "2030-02-30", 7, NULL, &due, &overdue, &err), STORE_OK);
    cr_assert_not_null(strstr(err, "YYYY-MM-DD"), "%s", err);
    free(err);
    err = NULL;
    followup_row *rows;
    size_t n;
    cr_assert_neq(followup_list(S, TODAY, -1, NULL, &rows, &n, &err), STORE_OK);
    cr_assert_null(rows);
    free(err);
}

Test(followup, the_count_is_an_indexed_query)
{
    int64_t due, overdue;
    query_filter f;
    query_filter_init(&f);
    cr_assert(query_filter_parse(&f, "salesperson=Dave Morgan", NULL));
    sl_trace_start(S, "plan_items");
    cr_assert_eq(followup_count(S, TODAY, 7, &f, &due, &overdue, NULL), STORE_OK);
    char *p = sl_trace_plan(S);
    query_filter_free(&f);
    cr_assert(strstr(p, "SEARCH p USING INDEX plan_items_open (status=? AND due<?)")
                  || strstr(p, "SEARCH p USING COVERING INDEX"), "%s", p);
    cr_assert_not_null(strstr(p, "SEARCH s USING INTEGER PRIMARY KEY"), "%s", p);
    /* Only the capped result of the indexed search may be scanned. */
    cr_assert_null(strstr(p, "SCAN p"), "%s", p);
    cr_assert_null(strstr(p, "SCAN s"), "%s", p);
    cr_assert_null(strstr(p, "SCAN plan_items"), "%s", p);
    cr_assert_null(strstr(p, "SCAN sessions"), "%s", p);
    free(p);
}

Test(followup, the_count_stops_past_its_cap)
{
    /* More open items due than the cap: the count says "more than". */
    int64_t id = 0;
    cr_assert_eq(store_session_new(S, "debrief", "1", "Cap", false, &id, NULL), STORE_OK);
    plan p;
    plan_init(&p);
    p.nitems = FOLLOWUP_COUNT_MAX + 5;
    p.items = xcalloc(p.nitems, sizeof *p.items);
    for (size_t i = 0; i < p.nitems; i++) {
        p.items[i].id = xasprintf("apology.%zu", i);
        p.items[i].activity = xstrdup("apology");
        p.items[i].text = xstrdup("Call them");
        p.items[i].justice = JUSTICE_INTERACTIONAL;
        p.items[i].status = ITEM_TODO;
        p.items[i].due = xstrdup(TODAY);
    }
    cr_assert_eq(store_plan_save(S, id, &p, NULL), STORE_OK);
    plan_free(&p);
    int64_t due = 0, overdue = 0;
    cr_assert_eq(followup_count(S, TODAY, 7, NULL, &due, &overdue, NULL), STORE_OK);
    cr_assert_eq(due, FOLLOWUP_COUNT_MAX + 1);
}
