/* test_merge.c - merging one winback database into another.
 *
 * Real SQLite files in a temporary directory, filled by importing the
 * shipped examples and edited through the store's own functions.  Copies
 * are made with VACUUM INTO, so two databases can share sessions (same
 * UUIDs, different edits).  Results are compared through a canonical dump
 * of every table with local ids replaced by session UUIDs.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "importer.h"
#include "merge.h"
#include "plan.h"
#include "review.h"
#include "store.h"
#include "store_sql.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"

static char *Dir;
static library *L;

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
}

static void teardown(void)
{
    library_free(L);
    tl_rmtree(Dir);
    free(Dir);
}

TestSuite(merge, .init = setup, .fini = teardown);

/* ---- helpers ------------------------------------------------------------ */

static char *path_of(const char *name)
{
    return xasprintf("%s/%s", Dir, name);
}

static store *open_db(const char *name)
{
    char *path = path_of(name), *err = NULL;
    store *st = store_open(path, 0, &err);
    cr_assert_not_null(st, "store_open: %s", err ? err : "?");
    free(path);
    return st;
}

static int64_t import(store *st, const char *example)
{
    char *rel = xasprintf("share/examples/%s.ini", example);
    char *path = xstrdup(tl_src(rel));
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    int rc = importer_run(st, L, path, "tester", &id, &probs);
    for (size_t i = 0; i < probs.n; i++)
        fprintf(stderr, "  %s\n", probs.msg[i]);
    cr_assert_eq(rc, 0, "importing %s", path);
    problems_free(&probs);
    free(path);
    free(rel);
    return id;
}

/* A copy of st's database at Dir/name. */
static void snapshot(store *st, const char *name)
{
    char *path = path_of(name), *err = NULL;
    cr_assert_eq(store_run(st, &err, NULL, "VACUUM INTO ?", "s", path), STORE_OK, "%s",
                 err ? err : "?");
    free(path);
}

static void exec_sql(store *st, const char *sql)
{
    char *msg = NULL;
    cr_assert_eq(sqlite3_exec(store_db(st), sql, NULL, NULL, &msg), SQLITE_OK, "%s: %s", sql,
                 msg ? msg : "?");
}

static long count(store *st, const char *sql)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, NULL, &rc, sql, NULL);
    cr_assert_not_null(s, "%s", sql);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* One table, rows as text in a stable order, ids replaced by uuids. */
static void dump_table(store *st, const char *table, strbuf *out)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, NULL, &rc,
                                 "SELECT name FROM pragma_table_info(?) WHERE name NOT IN "
                                 "('id', 'session_id', 'touch_seq') ORDER BY cid", "s", table);
    strbuf sql;
    sb_init(&sql);
    bool child = strcmp(table, "sessions") != 0;
    sb_add(&sql, child ? "SELECT s.uuid" : "SELECT t.uuid");
    while (sqlite3_step(s) == SQLITE_ROW)
        sb_addf(&sql, ", quote(t.%s)", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sb_addf(&sql, " FROM %s t%s ORDER BY 1", table,
            child ? " JOIN sessions s ON s.id = t.session_id" : "");
    /* order by every column: rows of a session are then in a fixed order */
    sqlite3_stmt *q = store_prep(st, NULL, &rc, sb_str(&sql), NULL);
    cr_assert_not_null(q, "%s", sb_str(&sql));
    int n = sqlite3_column_count(q);
    size_t nrows = 0, cap = 0;
    char **rows = NULL;
    while (sqlite3_step(q) == SQLITE_ROW) {
        strbuf row;
        sb_init(&row);
        for (int i = 0; i < n; i++) {
            const char *v = (const char *)sqlite3_column_text(q, i);
            sb_addf(&row, "%s|", v ? v : "NULL");
        }
        xgrow((void **)&rows, &cap, nrows + 1, sizeof *rows);
        rows[nrows++] = sb_take(&row);
    }
    sqlite3_finalize(q);
    if (nrows)
        qsort(rows, nrows, sizeof *rows, cmp_str);
    sb_addf(out, "== %s (%zu)\n", table, nrows);
    for (size_t i = 0; i < nrows; i++)
        sb_addf(out, "%s\n", rows[i]);
    str_list_free(rows, nrows);
    sb_free(&sql);
}

/* Everything a database holds, independent of local ids. */
static char *dump(store *st)
{
    static const char *const tables[] = { "sessions", "answers", "changes", "diagnosis", "plan",
                                          "plan_activities", "plan_items", "comments",
                                          "reviews", "training" };
    strbuf out;
    sb_init(&out);
    for (size_t i = 0; i < ARRAY_LEN(tables); i++)
        dump_table(st, tables[i], &out);
    return sb_take(&out);
}

static int merge(store *into, const char *name, merge_report *r)
{
    char *path = path_of(name), *err = NULL;
    int rc = merge_run(into, path, r, &err);
    cr_assert_eq(rc, STORE_OK, "merge: %s", err ? err : "?");
    free(path);
    return rc;
}

static const merge_conflict *find_conflict(const merge_report *r, const char *prefix)
{
    for (size_t i = 0; i < r->nconflicts; i++)
        if (str_starts(r->conflicts[i].what, prefix))
            return &r->conflicts[i];
    return NULL;
}

/* No session's summary columns differ from what the view computes. */
static void assert_summary_right(store *st)
{
    cr_assert_eq(count(st, "SELECT count(*) FROM sessions s JOIN session_summary v ON v.id = "
                           "s.id WHERE s.type IS NOT v.type OR s.source IS NOT v.source OR "
                           "s.priority IS NOT v.priority OR s.overridden IS NOT v.overridden "
                           "OR s.items_done IS NOT v.items_done OR s.items_total IS NOT "
                           "v.items_total"), 0);
    cr_assert_eq(count(st, "SELECT count(*) FROM sessions WHERE type IS NULL OR day IS NULL"), 0);
}

/* ---- tests --------------------------------------------------------------- */

Test(merge, twice_gives_the_same_result)
{
    store *a = open_db("a.db"), *b = open_db("b.db");
    import(a, "bought_away");
    import(a, "pulled_away");
    import(b, "moved_away");
    int64_t bid = import(b, "unintentionally_pushed_away");
    char *err = NULL;
    cr_assert_eq(review_comment_add(b, bid, "Call them in March.", "Mia", &err), STORE_OK);
    store_close(b);
    merge_report r;
    merge(a, "b.db", &r);
    cr_assert_eq(r.sessions_added, 2);
    cr_assert_eq(r.sessions_merged + r.sessions_same, 0);
    cr_assert_eq(r.nconflicts, 0);
    cr_assert_eq(r.comments_added, 1);
    cr_assert_gt(r.rows_added, 40);
    merge_report_free(&r);
    cr_assert_eq(count(a, "SELECT count(*) FROM sessions"), 4);
    assert_summary_right(a);
    char *first = dump(a);
    merge(a, "b.db", &r);
    cr_assert_eq(r.sessions_added, 0);
    cr_assert_eq(r.sessions_merged, 0);
    cr_assert_eq(r.sessions_same, 2);
    cr_assert_eq(r.rows_added + r.rows_updated + r.changes_added + r.comments_added, 0);
    cr_assert_eq(r.nconflicts, 0);
    merge_report_free(&r);
    char *second = dump(a);
    cr_assert_str_eq(first, second);
    free(first);
    free(second);
    store_close(a);
}

/* The first checklist item of session id (caller frees with plan_free). */
static void first_item(store *st, int64_t id, plan *p)
{
    plan_init(p);
    cr_assert_eq(store_plan_load(st, id, p, NULL), STORE_OK);
    cr_assert_gt(p->nitems, 0);
}

/* Two databases sharing two sessions, edited differently: the story
 * and the customer's name (B's newer), the outcome (B's later), one
 * checklist item (A's later); a comment only in A, a session only in B.
 * Copies of both before any merge are left in a0.db and b0.db; *item gets
 * the id of the item edited (caller frees). */
static void diverge(store **sa, store **sb, char **item)
{
    store *a = *sa = open_db("a.db");
    int64_t s1 = import(a, "bought_away");
    int64_t s2 = import(a, "pulled_away");
    snapshot(a, "b.db");
    store *b = *sb = open_db("b.db");
    char *err = NULL;
    /* A and B edit the same answer; B's edit is the newer one. */
    cr_assert_eq(store_answer_put(a, s1, "story", "A's version of the story.", false, "ann",
                                  &err), STORE_OK);
    cr_assert_eq(store_answer_put(b, s1, "story", "B's version of the story.", false, "bob",
                                  &err), STORE_OK);
    /* The customer's name too, through the question's role. */
    problems probs;
    problems_init(&probs);
    form *f = form_load(tl_src("forms/debrief.ini"), &probs);
    cr_assert_not_null(f);
    problems_free(&probs);
    const question *cq = form_by_role(f, "customer");
    answer ca = { .qid = cq->id, .value = "Hollis Ltd" }, cb = { .qid = cq->id,
                                                               .value = "Hollis Group" };
    cr_assert_eq(store_answer_save(a, s1, cq, &ca, "ann", &err), STORE_OK);
    cr_assert_eq(store_answer_save(b, s1, cq, &cb, "bob", &err), STORE_OK);
    form_free(f);
    exec_sql(b, "UPDATE answers SET updated_at = '2099-01-01 00:00:00' WHERE qid IN "
                "('story', 'customer')");
    /* Both set an outcome; B's is later in its history. */
    cr_assert_eq(store_outcome_set(a, s1, OUTCOME_TRYING, "2026-01-10", "calling", "ann", &err),
                 STORE_OK);
    cr_assert_eq(store_outcome_set(b, s1, OUTCOME_WON_BACK, "2026-02-01", "signed", "bob", &err),
                 STORE_OK);
    exec_sql(b, "UPDATE changes SET at = '2099-01-01 00:00:00' WHERE kind = 'outcome'");
    /* Both tick the same checklist item differently; A's edit is later. */
    plan pa, pb;
    first_item(a, s2, &pa);
    first_item(b, s2, &pb);
    pa.items[0].status = ITEM_DROPPED;
    pb.items[0].status = ITEM_DONE;
    cr_assert_eq(store_plan_item_update(a, s2, &pa.items[0], "ann", &err), STORE_OK);
    cr_assert_eq(store_plan_item_update(b, s2, &pb.items[0], "bob", &err), STORE_OK);
    exec_sql(a, "UPDATE changes SET at = '2099-06-01 00:00:00' WHERE kind = 'item'");
    *item = xstrdup(pa.items[0].id);
    plan_free(&pa);
    plan_free(&pb);
    /* Only on one side: a comment in A, a new session in B. */
    cr_assert_eq(review_comment_add(a, s2, "Ask about the renewal.", "Mia", &err), STORE_OK);
    import(b, "moved_away");
    snapshot(a, "a0.db");
    snapshot(b, "b0.db");
}

Test(merge, both_directions_agree_and_conflicts_are_reported)
{
    store *a, *b;
    char *item;
    diverge(&a, &b, &item);

    merge_report ra, rb;
    merge(a, "b0.db", &ra);
    merge(b, "a0.db", &rb);
    char *da = dump(a), *db = dump(b);
    cr_assert_str_eq(da, db, "A <- B and B <- A differ");
    free(da);
    free(db);
    assert_summary_right(a);
    assert_summary_right(b);

    /* The answer: B's newer version wins in both, reported both times. */
    const merge_conflict *k = find_conflict(&ra, "answer story");
    cr_assert_not_null(k);
    cr_assert(k->theirs_won);
    cr_assert_str_eq(k->ours, "A's version of the story.");
    cr_assert_str_eq(k->theirs, "B's version of the story.");
    cr_assert_not_null(strstr(k->why, "newer"));
    k = find_conflict(&rb, "answer story");
    cr_assert_not_null(k);
    cr_assert(!k->theirs_won);
    cr_assert_eq(count(a, "SELECT count(*) FROM answers WHERE qid = 'story' AND value = "
                          "'B''s version of the story.'"), 1);
    /* The account follows the merged customer answer, on both sides. */
    cr_assert_not_null(find_conflict(&ra, "answer customer"));
    cr_assert_eq(count(a, "SELECT count(*) FROM sessions WHERE account = 'Hollis Group'"), 1);
    cr_assert_eq(count(b, "SELECT count(*) FROM sessions WHERE account = 'Hollis Group'"), 1);
    /* The outcome: B's, set later. */
    cr_assert_not_null(k = find_conflict(&ra, "outcome"));
    cr_assert(k->theirs_won);
    cr_assert_not_null(k = find_conflict(&rb, "outcome"));
    cr_assert(!k->theirs_won);
    cr_assert_eq(count(a, "SELECT count(*) FROM sessions WHERE outcome = 'won_back'"), 1);
    /* The checklist item: A's later edit. */
    char *what = xasprintf("checklist item %s", item);
    cr_assert_not_null(k = find_conflict(&ra, what));
    cr_assert(!k->theirs_won);
    cr_assert_not_null(k = find_conflict(&rb, what));
    cr_assert(k->theirs_won);
    cr_assert_eq(count(b, "SELECT count(*) FROM plan_items WHERE status = 'dropped'"), 1);
    /* Unions: the comment, the new session, both histories. */
    cr_assert_eq(count(b, "SELECT count(*) FROM comments"), 1);
    cr_assert_eq(count(a, "SELECT count(*) FROM sessions"), 3);
    cr_assert_eq(ra.sessions_added, 1);
    cr_assert_eq(rb.sessions_added, 0);
    cr_assert_eq(ra.sessions_merged, 2);
    char *text = merge_report_render(&ra, "b0.db");
    cr_assert_not_null(strstr(text, "answer story: kept theirs"), "%s", text);
    cr_assert_not_null(strstr(text, "Rule: "));
    free(text);
    merge_report_free(&ra);
    merge_report_free(&rb);
    /* And merging again changes nothing. */
    char *before = dump(a);
    merge(a, "b0.db", &ra);
    char *after = dump(a);
    cr_assert_str_eq(before, after);
    merge_report_free(&ra);
    free(before);
    free(after);
    free(what);
    free(item);
    store_close(a);
    store_close(b);
}

Test(merge, refuses_files_that_are_not_winback_databases)
{
    store *a = open_db("a.db");
    import(a, "bought_away");
    char *before = dump(a);
    char *text = tl_write(Dir, "notes.txt", "just some notes\n");
    merge_report r;
    char *err = NULL;
    cr_assert_neq(merge_run(a, text, &r, &err), STORE_OK);
    cr_assert_not_null(err);
    cr_assert_not_null(strstr(err, "not a winback database"), "%s", err);
    cr_assert(str_starts(err, text), "%s", err);
    merge_report_free(&r);
    free(err);
    err = NULL;
    char *other = path_of("other.sqlite");
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(other, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "CREATE TABLE sessions (id INTEGER PRIMARY KEY, uuid TEXT)",
                              NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    cr_assert_neq(merge_run(a, other, &r, &err), STORE_OK);
    cr_assert_not_null(strstr(err, "not a winback database"), "%s", err);
    merge_report_free(&r);
    free(err);
    err = NULL;
    /* A database from a newer winback. */
    snapshot(a, "newer.db");
    char *newer = path_of("newer.db");
    cr_assert_eq(sqlite3_open(newer, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_exec(db, "PRAGMA user_version = 99", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    cr_assert_neq(merge_run(a, newer, &r, &err), STORE_OK);
    cr_assert_not_null(strstr(err, "newer winback"), "%s", err);
    merge_report_free(&r);
    free(err);
    err = NULL;
    /* Itself. */
    char *self = path_of("a.db");
    cr_assert_neq(merge_run(a, self, &r, &err), STORE_OK);
    cr_assert_not_null(strstr(err, "itself"), "%s", err);
    merge_report_free(&r);
    free(err);
    char *after = dump(a);
    cr_assert_str_eq(before, after);
    free(before);
    free(after);
    free(self);
    free(newer);
    free(other);
    free(text);
    store_close(a);
}

Test(merge, read_only_store_refuses)
{
    store *a = open_db("a.db");
    import(a, "bought_away");
    store_close(a);
    store *b = open_db("b.db");
    import(b, "moved_away");
    store_close(b);
    char *path = path_of("a.db"), *other = path_of("b.db"), *err = NULL;
    store *ro = store_open(path, STORE_READ_ONLY, &err);
    cr_assert_not_null(ro, "%s", err ? err : "?");
    merge_report r;
    cr_assert_eq(merge_run(ro, other, &r, &err), STORE_READONLY);
    cr_assert_not_null(strstr(err, "read-only"), "%s", err);
    merge_report_free(&r);
    free(err);
    store_close(ro);
    free(path);
    free(other);
}

Test(merge, other_file_is_not_written)
{
    store *a = open_db("a.db");
    import(a, "bought_away");
    store *b = open_db("b.db");
    import(b, "moved_away");
    char *before = dump(b);
    store_close(b);
    merge_report r;
    merge(a, "b.db", &r);
    merge_report_free(&r);
    b = open_db("b.db");
    char *after = dump(b);
    cr_assert_str_eq(before, after);
    cr_assert_eq(count(b, "SELECT count(*) FROM sessions"), 1);
    free(before);
    free(after);
    store_close(b);
    store_close(a);
}
