/* test_review.c - comments and managers' overrides on a real SQLite file,
 * the session summary the triggers keep, and the migration of a database
 * written by the schema-1 winback (tests/old-db/schema1.db). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "plan.h"
#include "report.h"
#include "review.h"
#include "store.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"

static char *Dir;
static char *Db;
static library *L;
static store *S;

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
    char *acts = xstrdup(tl_src("share/activities.ini"));
    L = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    problems_free(&probs);
    cr_assert_not_null(L);
    Db = xasprintf("%s/winback.db", Dir);
    char *err = NULL;
    S = store_open(Db, 0, &err);
    cr_assert_not_null(S, "store_open: %s", err ? err : "?");
}

static void teardown(void)
{
    store_close(S);
    library_free(L);
    tl_rmtree(Dir);
    free(Dir);
    free(Db);
}

TestSuite(review, .init = setup, .fini = teardown);

static int64_t import_example(const char *name)
{
    char *rel = xasprintf("share/examples/%s.ini", name);
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    int rc = importer_run(S, L, tl_src(rel), "Dana", &id, &probs);
    for (size_t i = 0; i < probs.n; i++)
        fprintf(stderr, "%s\n", probs.msg[i]);
    cr_assert_eq(rc, 0, "importing %s", rel);
    problems_free(&probs);
    free(rel);
    return id;
}

/* One text column of a query on a second connection (what another
 * process would read); caller frees. */
static char *sql_text(const char *path, const char *sql, int64_t id)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s", sqlite3_errmsg(db));
    if (id)
        sqlite3_bind_int64(s, 1, id);
    char *out = NULL;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        out = xstrdup((const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close(db);
    return out;
}

static void assert_sql(const char *path, const char *sql, int64_t id, const char *want)
{
    char *got = sql_text(path, sql, id);
    cr_assert(str_eq(got, want), "%s -> %s, want %s", sql, got ? got : "NULL",
              want ? want : "NULL");
    free(got);
}

Test(review, comments_are_kept_in_order_with_who_and_when)
{
    int64_t id = import_example("bought_away");
    char *err = NULL;
    cr_assert_eq(review_comment_add(S, id, "Call their CFO, not purchasing.", "Maria", &err),
                 STORE_OK, "%s", err ? err : "");
    cr_assert_eq(review_comment_add(S, id, "Zoë agrees:\n\"price was not it\"", "Li", NULL),
                 STORE_OK);
    comment *c;
    size_t n;
    cr_assert_eq(review_comments(S, id, &c, &n, NULL), STORE_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(c[0].body, "Call their CFO, not purchasing.");
    cr_assert_str_eq(c[0].who, "Maria");
    cr_assert_str_eq(c[1].body, "Zoë agrees:\n\"price was not it\"");
    cr_assert_eq(strlen(c[0].at), 19);
    cr_assert_eq(strlen(c[0].uuid), 36);
    cr_assert_str_neq(c[0].uuid, c[1].uuid);
    comment_list_free(c, n);

    change *ch;
    size_t nch;
    cr_assert_eq(store_changes(S, id, &ch, &nch, NULL), STORE_OK);
    bool seen = false;
    for (size_t i = 0; i < nch; i++)
        seen |= str_eq(ch[i].kind, "comment") && str_eq(ch[i].who, "Li");
    change_list_free(ch, nch);
    cr_assert(seen, "the comment is in the history of changes");
}

Test(review, empty_or_huge_comment_is_refused_and_nothing_saved)
{
    int64_t id = import_example("moved_away");
    char *err = NULL;
    cr_assert_eq(review_comment_add(S, id, "  \n ", "Maria", &err), STORE_ERR);
    cr_assert_not_null(strstr(err, "cannot be empty"), "%s", err);
    free(err);
    err = NULL;
    char *big = xmalloc(REVIEW_COMMENT_MAX + 2);
    memset(big, 'x', REVIEW_COMMENT_MAX + 1);
    big[REVIEW_COMMENT_MAX + 1] = '\0';
    cr_assert_eq(review_comment_add(S, id, big, "Maria", &err), STORE_ERR);
    cr_assert_not_null(strstr(err, "too long"), "%s", err);
    free(err);
    free(big);
    cr_assert_eq(review_comment_add(S, 9999, "x", "Maria", NULL), STORE_NOTFOUND);
    comment *c;
    size_t n;
    cr_assert_eq(review_comments(S, id, &c, &n, NULL), STORE_OK);
    cr_assert_eq(n, 0);
    comment_list_free(c, n);
}

Test(review, manager_override_sits_beside_the_salespersons_and_wins)
{
    int64_t id = import_example("moved_away");
    assert_sql(Db, "SELECT type FROM sessions WHERE id = ?", id, "moved_away");
    /* The salesperson's own override first, then the manager's. */
    cr_assert_eq(store_override(S, id, DIM_TYPE, TYPE_PULLED_AWAY, "a rival lured them",
                                "Luis", NULL), STORE_OK);
    assert_sql(Db, "SELECT type || ' ' || overridden FROM sessions WHERE id = ?", id,
               "pulled_away 1");
    char *err = NULL;
    cr_assert_eq(review_override(S, id, DIM_TYPE, TYPE_BOUGHT_AWAY, "the rival was cheaper",
                                 "Maria", &err), STORE_OK, "%s", err ? err : "");
    assert_sql(Db, "SELECT type || ' ' || overridden FROM sessions WHERE id = ?", id,
               "bought_away 3");
    assert_sql(Db, "SELECT type_final FROM diagnosis WHERE session_id = ?", id, "pulled_away");

    review_overrides r;
    cr_assert_eq(review_overrides_load(S, id, &r, NULL), STORE_OK);
    cr_assert_eq(r.value[DIM_TYPE], TYPE_BOUGHT_AWAY);
    cr_assert_str_eq(r.reason[DIM_TYPE], "the rival was cheaper");
    cr_assert_str_eq(r.who[DIM_TYPE], "Maria");
    cr_assert_eq(r.value[DIM_SOURCE], -1);
    cr_assert_eq(r.value[DIM_COUNT], -1);
    review_overrides_free(&r);

    /* Withdrawn: the salesperson's value shows again. */
    cr_assert_eq(review_override(S, id, DIM_TYPE, -1, "talked it through", "Maria", NULL),
                 STORE_OK);
    assert_sql(Db, "SELECT type || ' ' || overridden FROM sessions WHERE id = ?", id,
               "pulled_away 1");
    change *ch;
    size_t nch;
    cr_assert_eq(store_changes(S, id, &ch, &nch, NULL), STORE_OK);
    int reviews = 0;
    for (size_t i = 0; i < nch; i++)
        if (str_eq(ch[i].kind, "review")) {
            reviews++;
            cr_assert_str_eq(ch[i].target, "type");
            cr_assert_str_eq(ch[i].who, "Maria");
        }
    cr_assert_eq(reviews, 2);
    change_list_free(ch, nch);
}

Test(review, override_needs_a_reason_and_a_valid_value)
{
    int64_t id = import_example("pulled_away");
    char *err = NULL;
    cr_assert_eq(review_override(S, id, DIM_COUNT, PRIORITY_LET_GO, "", "Maria", &err),
                 STORE_ERR);
    cr_assert_not_null(strstr(err, "reason"), "%s", err);
    free(err);
    cr_assert_eq(review_override(S, id, DIM_SOURCE, 99, "x", "Maria", NULL), STORE_ERR);
    cr_assert_eq(review_override(S, id, DIM_COUNT, PRIORITY_LET_GO, "no budget", "Maria", NULL),
                 STORE_OK);
    assert_sql(Db, "SELECT priority FROM sessions WHERE id = ?", id, "let_go");
}

Test(review, checklist_progress_follows_item_updates)
{
    int64_t id = import_example("unintentionally_pushed_away");
    char *total = sql_text(Db, "SELECT items_total FROM sessions WHERE id = ?", id);
    cr_assert_gt(atoi(total), 0);
    free(total);
    assert_sql(Db, "SELECT items_done FROM sessions WHERE id = ?", id, "0");
    plan p;
    plan_init(&p);
    cr_assert_eq(store_plan_load(S, id, &p, NULL), STORE_OK);
    p.items[0].status = ITEM_DONE;
    cr_assert_eq(store_plan_item_update(S, id, &p.items[0], "Jess", NULL), STORE_OK);
    plan_free(&p);
    assert_sql(Db, "SELECT items_done FROM sessions WHERE id = ?", id, "1");
}

Test(review, read_only_store_refuses_review_writes)
{
    int64_t id = import_example("bought_away");
    store_close(S);
    char *err = NULL;
    S = store_open(Db, STORE_READ_ONLY, &err);
    cr_assert_not_null(S, "%s", err ? err : "");
    cr_assert_eq(review_comment_add(S, id, "hello", "Maria", &err), STORE_READONLY);
    cr_assert_not_null(strstr(err, "read-only"), "%s", err);
    free(err);
    cr_assert_eq(review_override(S, id, DIM_TYPE, TYPE_MOVED_AWAY, "x", "Maria", NULL),
                 STORE_READONLY);
    comment *c;
    size_t n;
    cr_assert_eq(review_comments(S, id, &c, &n, NULL), STORE_OK);
    cr_assert_eq(n, 0);
    comment_list_free(c, n);
}

/* ---- migration from schema 1 -------------------------------------------- */

/* Copies the kept schema-1 database into the test's directory. */
static char *old_copy(void)
{
    FILE *in = fopen(tl_src("tests/old-db/schema1.db"), "rb");
    cr_assert_not_null(in);
    char *path = xasprintf("%s/old.db", Dir);
    FILE *out = fopen(path, "wb");
    cr_assert_not_null(out);
    char buf[8192];
    size_t got;
    while ((got = fread(buf, 1, sizeof buf, in)) > 0)
        cr_assert_eq(fwrite(buf, 1, got, out), got);
    fclose(in);
    cr_assert_eq(fclose(out), 0);
    return path;
}

Test(review, schema1_database_is_migrated_with_everything_kept)
{
    char *path = old_copy();
    char *err = NULL;
    /* Read-only cannot migrate: it says so and leaves the file alone. */
    store *ro = store_open(path, STORE_READ_ONLY, &err);
    cr_assert_null(ro);
    cr_assert_not_null(strstr(err, "older winback"), "%s", err);
    free(err);
    err = NULL;
    store *st = store_open(path, 0, &err);
    cr_assert_not_null(st, "%s", err ? err : "");
    session_info *list;
    size_t n;
    cr_assert_eq(store_session_list(st, &list, &n, NULL), STORE_OK);
    cr_assert_eq(n, 5);
    session_list_free(list, n);
    /* The summary was filled in from the old rows. */
    assert_sql(path, "SELECT type || ' ' || overridden || ' ' || day FROM sessions "
               "WHERE account = 'Greenway Foods' AND ?1 = ?1", 1, "pulled_away 1 2024-11-30");
    assert_sql(path, "SELECT outcome || ' ' || outcome_date FROM sessions "
               "WHERE account LIKE 'Hollis%' AND ?1 = ?1", 1, "won_back 2026-10-01");
    assert_sql(path, "SELECT count(*) FROM changes WHERE uuid IS NULL AND ?1 = ?1", 1, "0");
    assert_sql(path, "SELECT PRAGMA_user_version FROM (SELECT user_version AS "
               "PRAGMA_user_version FROM pragma_user_version) WHERE ?1 = ?1", 1, "2");
    /* Old narratives are searchable; choice ids are not. */
    char *hits = sql_text(path, "SELECT count(*) FROM answers_fts WHERE answers_fts MATCH "
                          "'price' AND ?1 = ?1", 1);
    cr_assert_gt(atoi(hits), 0);
    free(hits);
    assert_sql(path, "SELECT count(*) FROM answers a JOIN answers_fts f ON f.rowid = a.rowid "
               "WHERE a.value GLOB '[a-z_]*' AND a.value NOT GLOB '*[^a-z_]*' AND ?1 = ?1", 1,
               "0");
    /* And it takes new writes of schema 2. */
    cr_assert_eq(review_comment_add(st, 1, "migrated fine", "Maria", NULL), STORE_OK);
    store_close(st);
    free(path);
}

Test(review, report_shows_comments_managers_overrides_and_history)
{
    int64_t id = import_example("pulled_away");
    cr_assert_eq(review_comment_add(S, id, "Ask \x1b[31mPriya\x1b[0m first", "Maria", NULL),
                 STORE_OK);
    cr_assert_eq(review_override(S, id, DIM_COUNT, PRIORITY_WAIT_ACTIVELY, "budget freeze",
                                 "Maria", NULL), STORE_OK);
    cr_assert_eq(store_answer_put(S, id, "customer", "Brightline LLP", false, "Priya", NULL),
                 STORE_OK);
    session_doc doc;
    char *err = NULL;
    cr_assert_eq(report_load(S, id, &doc, &err), STORE_OK, "%s", err ? err : "");
    char *text = report_render(&doc, L, REPORT_TEXT);
    cr_assert_not_null(strstr(text, "MANAGER'S REVIEW"), "%s", text);
    cr_assert_not_null(strstr(text, "Wait actively, by Maria"), "%s", text);
    cr_assert_not_null(strstr(text, "budget freeze"));
    cr_assert_not_null(strstr(text, "COMMENTS"));
    cr_assert_not_null(strstr(text, "Priya"));
    cr_assert_null(strchr(text, '\x1b'), "no escape sequence reaches the terminal");
    cr_assert_not_null(strstr(text, "HISTORY OF CHANGES"));
    cr_assert_not_null(strstr(text, "review priority: (none) -> wait_actively"), "%s", text);
    cr_assert_not_null(strstr(text, "answer \"Which customer did we lose?\": "), "%s", text);
    char *json = report_render(&doc, L, REPORT_JSON);
    cr_assert_not_null(strstr(json, "\"review\":{\"priority\":{\"value\":\"wait_actively\""),
                       "%s", json);
    cr_assert_not_null(strstr(json, "\"comments\":[{\"uuid\":"));
    free(json);
    free(text);
    report_free(&doc);
}
