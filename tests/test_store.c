/* test_store.c - the SQLite store on real database files.
 *
 * Each test makes its own temporary directory and database: file modes,
 * round trips through close and reopen, the history of changes, refusal of
 * foreign, damaged and newer files (left byte for byte as they were),
 * read-only access, a second writer waiting on the busy timeout and a full
 * disk simulated with a page limit.
 */
#include <criterion/criterion.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include "store.h"
#include "testlib.h"
#include "util.h"

#define INJECTION "'); DROP TABLE sessions; --"

static char *tmp;

static void setup(void)
{
    tmp = tl_tmpdir();
    cr_assert_not_null(tmp);
}

static void teardown(void)
{
    tl_rmtree(tmp);
    free(tmp);
}

TestSuite(store, .init = setup, .fini = teardown);

/* Path of name inside the test's directory (caller frees). */
static char *in_tmp(const char *name)
{
    return xasprintf("%s/%s", tmp, name);
}

/* Opens (creating) db, failing the test with the message on error. */
static store *open_ok(const char *path, int flags)
{
    char *err = NULL;
    store *st = store_open(path, flags, &err);
    cr_assert_not_null(st, "store_open(%s): %s", path, err ? err : "?");
    free(err);
    return st;
}

/* A new session in st; returns its id. */
static int64_t new_session(store *st, bool training)
{
    int64_t id = 0;
    char *err = NULL;
    int rc = store_session_new(st, "debrief", "3", "Ana", training, &id, &err);
    cr_assert_eq(rc, STORE_OK, "session_new: %s", err ? err : "?");
    cr_assert_gt(id, 0);
    return id;
}

static void put_ok(store *st, int64_t id, const char *qid, const char *value, bool dk)
{
    char *err = NULL;
    int rc = store_answer_put(st, id, qid, value, dk, "Ana", &err);
    cr_assert_eq(rc, STORE_OK, "answer_put %s: %s", qid, err ? err : "?");
}

/* Whole content of a file (caller frees); *n its size. */
static char *slurp(const char *path, size_t *n)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot read %s", path);
    fseek(fp, 0, SEEK_END);
    long len = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *buf = xmalloc((size_t)len + 1);
    *n = fread(buf, 1, (size_t)len, fp);
    fclose(fp);
    return buf;
}

/* Runs sql on path through a plain SQLite connection. */
static void raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, msg ? msg : "?");
    sqlite3_close(db);
}

/* Asserts that opening path fails, the message names the file and
 * contains what, and the file's bytes are unchanged. */
static void assert_refused(const char *path, int flags, const char *what)
{
    size_t n0, n1;
    char *before = slurp(path, &n0);
    char *err = NULL;
    store *st = store_open(path, flags, &err);
    cr_assert_null(st, "%s was opened", path);
    cr_assert_not_null(err);
    cr_assert_not_null(strstr(err, path), "message does not name the file: %s", err);
    cr_assert_not_null(strstr(err, what), "message lacks \"%s\": %s", what, err);
    cr_assert_null(strchr(err, '\n'), "message is not one line: %s", err);
    char *after = slurp(path, &n1);
    cr_assert_eq(n0, n1, "file size changed");
    cr_assert(memcmp(before, after, n0) == 0, "file content changed");
    free(before);
    free(after);
    free(err);
}

/* ---- files and modes ------------------------------------------------------- */

Test(store, creates_private_file_and_directory)
{
    umask(0);
    char *path = in_tmp("a/b/winback.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    put_ok(st, id, "q1", "x", false);
    struct stat sb;
    char *dir = in_tmp("a/b");
    cr_assert_eq(stat(dir, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0700, "dir mode %o", sb.st_mode & 0777);
    char *sub = in_tmp("a");
    cr_assert_eq(stat(sub, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0700, "parent mode %o", sb.st_mode & 0777);
    const char *suffix[] = { "", "-wal", "-shm" };
    for (size_t i = 0; i < 3; i++) {
        char *f = xasprintf("%s%s", path, suffix[i]);
        cr_assert_eq(stat(f, &sb), 0, "%s missing", f);
        cr_assert_eq(sb.st_mode & 0777, 0600, "%s mode %o", f, sb.st_mode & 0777);
        free(f);
    }
    store_close(st);
    free(sub);
    free(dir);
    free(path);
}

/* Integer result of a one-value query on path through plain SQLite. */
static int raw_int(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK, "%s", sql);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    int v = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    sqlite3_close(db);
    return v;
}

Test(store, file_is_marked_wal_and_versioned)
{
    char *path = in_tmp("w.db");
    store_close(open_ok(path, 0));
    cr_assert_eq(raw_int(path, "PRAGMA application_id"), STORE_APPLICATION_ID);
    cr_assert_eq(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    cr_assert_eq(raw_int(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode"), 1);
    /* Opening again does not migrate twice or fail. */
    store_close(open_ok(path, 0));
    cr_assert_eq(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
    free(path);
}

Test(store, no_create_flag_refuses_missing_file)
{
    char *path = in_tmp("missing.db");
    char *err = NULL;
    cr_assert_null(store_open(path, STORE_NO_CREATE, &err));
    cr_assert_not_null(strstr(err, path));
    struct stat sb;
    cr_assert_neq(stat(path, &sb), 0, "the file was created");
    free(err);
    free(path);
}

Test(store, reopen_keeps_data_and_uuid)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    put_ok(st, id, "customer", "Acme GmbH", false);
    cr_assert_eq(store_session_set_account(st, id, "Acme GmbH", NULL), STORE_OK);
    cr_assert_eq(store_session_set_position(st, id, "q7", NULL), STORE_OK);
    session_info a;
    cr_assert_eq(store_session_get(st, id, &a, NULL), STORE_OK);
    store_close(st);

    st = open_ok(path, 0);
    session_info b;
    cr_assert_eq(store_session_get(st, id, &b, NULL), STORE_OK);
    cr_assert_str_eq(b.uuid, a.uuid);
    cr_assert_eq(strlen(b.uuid), 36);
    cr_assert_eq(b.uuid[14], '4', "not a version-4 uuid: %s", b.uuid);
    cr_assert(strchr("89ab", b.uuid[19]) != NULL, "bad variant: %s", b.uuid);
    cr_assert_str_eq(b.account, "Acme GmbH");
    cr_assert_str_eq(b.position, "q7");
    cr_assert_str_eq(b.form_id, "debrief");
    cr_assert_str_eq(b.form_version, "3");
    cr_assert_str_eq(b.salesperson, "Ana");
    cr_assert_eq(b.status, SESSION_OPEN);
    cr_assert_eq(b.type_final, -1);
    cr_assert_eq(b.priority_final, -1);
    cr_assert_eq(b.outcome, OUTCOME_NONE);
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_eq(as.n, 1);
    cr_assert_str_eq(answers_get(&as, "customer")->value, "Acme GmbH");
    int64_t id2 = new_session(st, false);
    session_info c;
    cr_assert_eq(store_session_get(st, id2, &c, NULL), STORE_OK);
    cr_assert_str_neq(c.uuid, b.uuid);
    answers_free(&as);
    session_info_free(&a);
    session_info_free(&b);
    session_info_free(&c);
    store_close(st);
    free(path);
}

/* ---- answers --------------------------------------------------------------- */

Test(store, answers_round_trip_any_text)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    const char *texts[] = { "Zoë Müller – 東京 ✓", "he said \"no\" and 'never'", INJECTION,
                            "line one\nline two", "" };
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        char qid[8];
        snprintf(qid, sizeof qid, "q%zu", i);
        put_ok(st, id, qid, texts[i], false);
    }
    put_ok(st, id, INJECTION, "qid with quotes", false);
    store_close(st);

    st = open_ok(path, 0);
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_eq(as.n, ARRAY_LEN(texts) + 1);
    for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
        char qid[8];
        snprintf(qid, sizeof qid, "q%zu", i);
        const answer *a = answers_get(&as, qid);
        cr_assert_not_null(a);
        cr_assert_str_eq(a->value, texts[i]);
        cr_assert_not(a->dontknow);
    }
    cr_assert_str_eq(answers_get(&as, INJECTION)->value, "qid with quotes");
    session_info *list;
    size_t n;
    cr_assert_eq(store_session_list(st, &list, &n, NULL), STORE_OK, "sessions table gone");
    cr_assert_eq(n, 1);
    session_list_free(list, n);
    answers_free(&as);
    store_close(st);
    free(path);
}

Test(store, history_on_change_not_on_same_value)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    put_ok(st, id, "price", "1200", false);
    put_ok(st, id, "price", "1200", false);
    change *ch;
    size_t n;
    cr_assert_eq(store_changes(st, id, &ch, &n, NULL), STORE_OK);
    cr_assert_eq(n, 0, "first answer or same value made history");
    change_list_free(ch, n);

    put_ok(st, id, "price", "900", false);
    put_ok(st, id, "price", "900", false);
    cr_assert_eq(store_answer_put(st, id, "price", NULL, false, "Ben", NULL), STORE_OK);
    cr_assert_eq(store_answer_put(st, id, "price", NULL, false, "Ben", NULL), STORE_OK);
    cr_assert_eq(store_changes(st, id, &ch, &n, NULL), STORE_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(ch[0].kind, "answer");
    cr_assert_str_eq(ch[0].target, "price");
    cr_assert_str_eq(ch[0].old_value, "1200");
    cr_assert_str_eq(ch[0].new_value, "900");
    cr_assert_str_eq(ch[0].who, "Ana");
    cr_assert_eq(strlen(ch[0].at), 19);
    cr_assert_str_eq(ch[1].old_value, "900");
    cr_assert_null(ch[1].new_value);
    cr_assert_str_eq(ch[1].who, "Ben");
    change_list_free(ch, n);

    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_null(answers_get(&as, "price"), "deleted answer still there");
    answers_free(&as);
    store_close(st);
    free(path);
}

Test(store, dontknow_round_trip_and_history)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    put_ok(st, id, "reason", "price", false);
    put_ok(st, id, "reason", NULL, true);
    put_ok(st, id, "reason", "ignored when dontknow", true); /* same: don't know */
    store_close(st);
    st = open_ok(path, 0);
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    const answer *a = answers_get(&as, "reason");
    cr_assert_not_null(a);
    cr_assert(a->dontknow);
    cr_assert_str_eq(a->value, "");
    change *ch;
    size_t n;
    cr_assert_eq(store_changes(st, id, &ch, &n, NULL), STORE_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(ch[0].old_value, "price");
    cr_assert_str_eq(ch[0].new_value, "?");
    change_list_free(ch, n);
    answers_free(&as);
    store_close(st);
    free(path);
}

Test(store, answer_to_missing_session_is_notfound)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    char *err = NULL;
    cr_assert_eq(store_answer_put(st, 42, "q", "v", false, "Ana", &err), STORE_NOTFOUND);
    cr_assert_not_null(err);
    free(err);
    session_info s;
    cr_assert_eq(store_session_get(st, 42, &s, NULL), STORE_NOTFOUND);
    store_close(st);
    free(path);
}

/* ---- diagnosis, overrides, plan, outcome -------------------------------------- */

/* A diagnosis with every kind of stored value set. */
static void sample_diagnosis(diagnosis *d)
{
    diagnosis_init(d);
    d->form_id = xstrdup("debrief");
    d->form_version = xstrdup("3");
    dim_result *t = &d->dim[DIM_TYPE];
    t->computed = t->final = TYPE_PULLED_AWAY;
    t->runner_up = TYPE_BOUGHT_AWAY;
    t->close = true;
    t->confidence = 0.625;
    dim_result *s = &d->dim[DIM_SOURCE];
    s->computed = SOURCE_COMPETITOR;
    s->final = SOURCE_FIRM;
    s->override_reason = xstrdup("we botched the demo");
    s->confidence = 0.5;
    d->dim[DIM_CONTROL].computed = d->dim[DIM_CONTROL].final = CONTROL_UNCONTROLLABLE;
    d->priority = PRIORITY_PURSUE_NOW;
    d->priority_final = PRIORITY_WAIT_ACTIVELY;
    d->priority_override_reason = xstrdup("budget freeze until May");
    d->low_evidence = true;
    d->mismatch = true;
}

Test(store, diagnosis_round_trip)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    diagnosis d, back;
    diagnosis_init(&back);
    cr_assert_eq(store_diagnosis_load(st, id, &back, NULL), STORE_NOTFOUND);
    sample_diagnosis(&d);
    cr_assert_eq(store_diagnosis_save(st, id, &d, NULL), STORE_OK);
    store_close(st);

    st = open_ok(path, 0);
    cr_assert_eq(store_diagnosis_load(st, id, &back, NULL), STORE_OK);
    cr_assert_str_eq(back.form_id, "debrief");
    cr_assert_str_eq(back.form_version, "3");
    for (int i = 0; i < DIM_COUNT; i++) {
        cr_assert_eq(back.dim[i].computed, d.dim[i].computed, "dim %d", i);
        cr_assert_eq(back.dim[i].final, d.dim[i].final, "dim %d", i);
        cr_assert_eq(back.dim[i].runner_up, d.dim[i].runner_up, "dim %d", i);
        cr_assert_eq(back.dim[i].close, d.dim[i].close, "dim %d", i);
        cr_assert_float_eq(back.dim[i].confidence, d.dim[i].confidence, 1e-9);
        cr_assert_eq(back.dim[i].nev, 0);
    }
    cr_assert_eq(back.dim[DIM_STABILITY].computed, -1);
    cr_assert_str_eq(back.dim[DIM_SOURCE].override_reason, "we botched the demo");
    cr_assert_null(back.dim[DIM_TYPE].override_reason);
    cr_assert_eq(back.priority, PRIORITY_PURSUE_NOW);
    cr_assert_eq(back.priority_final, PRIORITY_WAIT_ACTIVELY);
    cr_assert_str_eq(back.priority_override_reason, "budget freeze until May");
    cr_assert(back.low_evidence);
    cr_assert(back.mismatch);
    session_info s;
    cr_assert_eq(store_session_get(st, id, &s, NULL), STORE_OK);
    cr_assert_eq(s.type_final, TYPE_PULLED_AWAY);
    cr_assert_eq(s.priority_final, PRIORITY_WAIT_ACTIVELY);
    session_info_free(&s);
    diagnosis_free(&d);
    diagnosis_free(&back);
    store_close(st);
    free(path);
}

Test(store, overrides_are_recorded)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    diagnosis d;
    sample_diagnosis(&d);
    cr_assert_eq(store_override(st, id, DIM_TYPE, TYPE_MOVED_AWAY, "x", "Ana", NULL),
                 STORE_NOTFOUND, "override without a diagnosis");
    cr_assert_eq(store_diagnosis_save(st, id, &d, NULL), STORE_OK);
    cr_assert_eq(store_override(st, id, DIM_TYPE, TYPE_MOVED_AWAY, "they in-sourced", "Ana",
                                NULL), STORE_OK);
    cr_assert_eq(store_override(st, id, DIM_COUNT, PRIORITY_LET_GO, "not worth it", "Ben",
                                NULL), STORE_OK);
    cr_assert_eq(store_override(st, id, DIM_TYPE, TYPE_COUNT, "bad", "Ana", NULL), STORE_ERR);

    diagnosis back;
    diagnosis_init(&back);
    cr_assert_eq(store_diagnosis_load(st, id, &back, NULL), STORE_OK);
    cr_assert_eq(back.dim[DIM_TYPE].computed, TYPE_PULLED_AWAY);
    cr_assert_eq(back.dim[DIM_TYPE].final, TYPE_MOVED_AWAY);
    cr_assert_str_eq(back.dim[DIM_TYPE].override_reason, "they in-sourced");
    cr_assert_eq(back.priority_final, PRIORITY_LET_GO);
    cr_assert_str_eq(back.priority_override_reason, "not worth it");

    change *ch;
    size_t n;
    cr_assert_eq(store_changes(st, id, &ch, &n, NULL), STORE_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(ch[0].kind, "override");
    cr_assert_str_eq(ch[0].target, "type");
    cr_assert_str_eq(ch[0].old_value, "pulled_away");
    cr_assert_str_eq(ch[0].new_value, "moved_away");
    cr_assert_str_eq(ch[0].reason, "they in-sourced");
    cr_assert_str_eq(ch[1].target, "priority");
    cr_assert_str_eq(ch[1].old_value, "wait_actively");
    cr_assert_str_eq(ch[1].new_value, "let_go");
    cr_assert_str_eq(ch[1].who, "Ben");
    change_list_free(ch, n);

    /* Back to the computed value clears the override reason. */
    cr_assert_eq(store_override(st, id, DIM_TYPE, TYPE_PULLED_AWAY, "my mistake", "Ana", NULL),
                 STORE_OK);
    cr_assert_eq(store_diagnosis_load(st, id, &back, NULL), STORE_OK);
    cr_assert_eq(back.dim[DIM_TYPE].final, TYPE_PULLED_AWAY);
    cr_assert_null(back.dim[DIM_TYPE].override_reason);
    diagnosis_free(&back);
    diagnosis_free(&d);
    store_close(st);
    free(path);
}

/* A plan with two activities and three items. */
static void sample_plan(plan *p)
{
    plan_init(p);
    p->relationship = xstrdup("Eight years, 15% of our turnover");
    p->fact = xstrdup("The street activation never happened");
    p->needs = xstrdup("Reliable event staffing");
    p->commitment = xstrdup("A named back-up for every booking");
    p->nacts = 2;
    p->acts = xcalloc(2, sizeof *p->acts);
    p->acts[0].id = xstrdup("apology");
    p->acts[0].rationale = xstrdup("we were at fault");
    p->acts[1].id = xstrdup("price_concession");
    p->nitems = 3;
    p->items = xcalloc(3, sizeof *p->items);
    const char *ids[] = { "apology.1", "apology.2", "price_concession.1" };
    const int just[] = { JUSTICE_INTERACTIONAL, JUSTICE_PROCEDURAL, JUSTICE_DISTRIBUTIVE };
    for (int i = 0; i < 3; i++) {
        p->items[i].id = xstrdup(ids[i]);
        p->items[i].activity = xstrdup(i < 2 ? "apology" : "price_concession");
        p->items[i].justice = just[i];
        p->items[i].text = xasprintf("Do thing %d – \"properly\"", i);
        p->items[i].status = i == 1 ? ITEM_DONE : ITEM_TODO;
    }
    p->items[2].owner = xstrdup("Zoë");
    p->items[2].due = xstrdup("2026-12-01");
}

Test(store, plan_round_trip_and_replace)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    plan p, back;
    plan_init(&back);
    cr_assert_eq(store_plan_load(st, id, &back, NULL), STORE_NOTFOUND);
    sample_plan(&p);
    cr_assert_eq(store_plan_save(st, id, &p, NULL), STORE_OK);
    store_close(st);

    st = open_ok(path, 0);
    cr_assert_eq(store_plan_load(st, id, &back, NULL), STORE_OK);
    cr_assert_str_eq(back.relationship, p.relationship);
    cr_assert_str_eq(back.fact, p.fact);
    cr_assert_str_eq(back.needs, p.needs);
    cr_assert_str_eq(back.commitment, p.commitment);
    cr_assert_eq(back.nacts, 2);
    cr_assert_str_eq(back.acts[0].id, "apology");
    cr_assert_str_eq(back.acts[0].rationale, "we were at fault");
    cr_assert_null(back.acts[1].rationale);
    cr_assert_eq(back.nitems, 3);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_str_eq(back.items[i].id, p.items[i].id);
        cr_assert_str_eq(back.items[i].activity, p.items[i].activity);
        cr_assert_str_eq(back.items[i].text, p.items[i].text);
        cr_assert_eq(back.items[i].justice, p.items[i].justice);
        cr_assert_eq(back.items[i].status, p.items[i].status);
    }
    cr_assert_null(back.items[0].owner);
    cr_assert_str_eq(back.items[2].owner, "Zoë");
    cr_assert_str_eq(back.items[2].due, "2026-12-01");

    /* Saving a smaller plan replaces the lists. */
    plan_free(&p);
    plan_init(&p);
    p.fact = xstrdup("new fact");
    cr_assert_eq(store_plan_save(st, id, &p, NULL), STORE_OK);
    cr_assert_eq(store_plan_load(st, id, &back, NULL), STORE_OK);
    cr_assert_eq(back.nacts, 0);
    cr_assert_eq(back.nitems, 0);
    cr_assert_str_eq(back.fact, "new fact");
    cr_assert_null(back.relationship);
    plan_free(&p);
    plan_free(&back);
    store_close(st);
    free(path);
}

Test(store, plan_edits_are_recorded)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    plan p;
    sample_plan(&p);
    cr_assert_eq(store_plan_save(st, id, &p, NULL), STORE_OK);
    cr_assert_eq(store_plan_save(st, id, &p, NULL), STORE_OK); /* unchanged */
    free(p.commitment);
    p.commitment = xstrdup("Weekly call with their buyer");
    free(p.acts[1].id);
    p.acts[1].id = xstrdup("escalation");
    cr_assert_eq(store_plan_save(st, id, &p, NULL), STORE_OK);
    change *ch;
    size_t n;
    cr_assert_eq(store_changes(st, id, &ch, &n, NULL), STORE_OK);
    cr_assert_eq(n, 3);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(ch[i].kind, "plan");
    cr_assert_str_eq(ch[0].target, "commitment");
    cr_assert_str_eq(ch[0].old_value, "A named back-up for every booking");
    cr_assert_str_eq(ch[0].new_value, "Weekly call with their buyer");
    cr_assert_str_eq(ch[1].target, "activity");
    cr_assert_null(ch[1].old_value);
    cr_assert_str_eq(ch[1].new_value, "escalation");
    cr_assert_str_eq(ch[2].old_value, "price_concession");
    cr_assert_null(ch[2].new_value);
    change_list_free(ch, n);
    plan_free(&p);
    store_close(st);
    free(path);
}

Test(store, item_updates_are_recorded)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    plan p;
    sample_plan(&p);
    cr_assert_eq(store_plan_save(st, id, &p, NULL), STORE_OK);
    plan_item *it = &p.items[0];
    it->status = ITEM_DOING;
    it->owner = xstrdup("Ben");
    cr_assert_eq(store_plan_item_update(st, id, it, "Ana", NULL), STORE_OK);
    cr_assert_eq(store_plan_item_update(st, id, it, "Ana", NULL), STORE_OK); /* no change */
    plan back;
    plan_init(&back);
    cr_assert_eq(store_plan_load(st, id, &back, NULL), STORE_OK);
    cr_assert_eq(back.items[0].status, ITEM_DOING);
    cr_assert_str_eq(back.items[0].owner, "Ben");
    change *ch;
    size_t n;
    cr_assert_eq(store_changes(st, id, &ch, &n, NULL), STORE_OK);
    cr_assert_eq(n, 2);
    cr_assert_str_eq(ch[0].kind, "item");
    cr_assert_str_eq(ch[0].target, "apology.1:status");
    cr_assert_str_eq(ch[0].old_value, "todo");
    cr_assert_str_eq(ch[0].new_value, "doing");
    cr_assert_str_eq(ch[1].target, "apology.1:owner");
    cr_assert_null(ch[1].old_value);
    cr_assert_str_eq(ch[1].new_value, "Ben");
    change_list_free(ch, n);
    free(it->id);
    it->id = xstrdup("nope.9");
    cr_assert_eq(store_plan_item_update(st, id, it, "Ana", NULL), STORE_NOTFOUND);
    plan_free(&back);
    plan_free(&p);
    store_close(st);
    free(path);
}

Test(store, outcome_is_recorded)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    char *err = NULL;
    cr_assert_eq(store_outcome_set(st, id, OUTCOME_WON_BACK, "2026-02-30", NULL, "Ana", &err),
                 STORE_ERR, "impossible date accepted");
    free(err);
    cr_assert_eq(store_outcome_set(st, id, OUTCOME_WON_BACK, "2026-11-20", "small bites worked",
                                   "Ana", NULL), STORE_OK);
    session_info s;
    cr_assert_eq(store_session_get(st, id, &s, NULL), STORE_OK);
    cr_assert_eq(s.outcome, OUTCOME_WON_BACK);
    cr_assert_str_eq(s.outcome_date, "2026-11-20");
    cr_assert_str_eq(s.outcome_note, "small bites worked");
    session_info_free(&s);
    change *ch;
    size_t n;
    cr_assert_eq(store_changes(st, id, &ch, &n, NULL), STORE_OK);
    cr_assert_eq(n, 1);
    cr_assert_str_eq(ch[0].kind, "outcome");
    cr_assert_str_eq(ch[0].old_value, "none");
    cr_assert_str_eq(ch[0].new_value, "won_back 2026-11-20");
    cr_assert_str_eq(ch[0].reason, "small bites worked");
    change_list_free(ch, n);
    store_close(st);
    free(path);
}

/* ---- sessions: order, last open, delete ------------------------------------- */

Test(store, list_newest_first_and_last_open)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t a = new_session(st, false);
    int64_t b = new_session(st, false);
    int64_t t = new_session(st, true);
    put_ok(st, a, "q", "touch a", false);
    session_info *list;
    size_t n;
    cr_assert_eq(store_session_list(st, &list, &n, NULL), STORE_OK);
    cr_assert_eq(n, 3);
    cr_assert_eq(list[0].id, a);
    cr_assert_eq(list[1].id, t);
    cr_assert_eq(list[2].id, b);
    cr_assert(list[1].training);
    session_list_free(list, n);
    int64_t last;
    cr_assert_eq(store_session_last_open(st, &last, NULL), STORE_OK);
    cr_assert_eq(last, a);
    cr_assert_eq(store_session_finish(st, a, NULL), STORE_OK);
    put_ok(st, t, "q", "training is never resumed", false);
    cr_assert_eq(store_session_last_open(st, &last, NULL), STORE_OK);
    cr_assert_eq(last, b);
    cr_assert_eq(store_session_finish(st, b, NULL), STORE_OK);
    cr_assert_eq(store_session_last_open(st, &last, NULL), STORE_OK);
    cr_assert_eq(last, 0);
    session_info s;
    cr_assert_eq(store_session_get(st, a, &s, NULL), STORE_OK);
    cr_assert_eq(s.status, SESSION_FINISHED);
    session_info_free(&s);
    store_close(st);
    free(path);
}

Test(store, delete_removes_everything_of_a_session)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    int64_t keep = new_session(st, false);
    put_ok(st, id, "q", "1", false);
    put_ok(st, id, "q", "2", false);
    put_ok(st, keep, "q", "kept", false);
    diagnosis d;
    sample_diagnosis(&d);
    cr_assert_eq(store_diagnosis_save(st, id, &d, NULL), STORE_OK);
    plan p;
    sample_plan(&p);
    cr_assert_eq(store_plan_save(st, id, &p, NULL), STORE_OK);
    cr_assert_eq(store_session_delete(st, id, NULL), STORE_OK);
    cr_assert_eq(store_session_delete(st, id, NULL), STORE_NOTFOUND);
    store_close(st);
    const char *tables[] = { "answers", "changes", "diagnosis", "plan", "plan_activities",
                             "plan_items" };
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
    for (size_t i = 0; i < ARRAY_LEN(tables); i++) {
        char *sql = xasprintf("SELECT count(*) FROM %s WHERE session_id = %lld", tables[i],
                              (long long)id);
        sqlite3_stmt *s;
        cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
        cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
        cr_assert_eq(sqlite3_column_int(s, 0), 0, "rows left in %s", tables[i]);
        sqlite3_finalize(s);
        free(sql);
    }
    sqlite3_close(db);
    st = open_ok(path, 0);
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, keep, &as, NULL), STORE_OK);
    cr_assert_str_eq(answers_get(&as, "q")->value, "kept");
    answers_free(&as);
    plan_free(&p);
    diagnosis_free(&d);
    store_close(st);
    free(path);
}

/* ---- transactions -------------------------------------------------------------- */

Test(store, caller_transaction_is_all_or_nothing)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    cr_assert_eq(store_begin(st, NULL), STORE_OK);
    put_ok(st, id, "a", "1", false);
    cr_assert_eq(store_begin(st, NULL), STORE_OK); /* nested */
    put_ok(st, id, "b", "2", false);
    cr_assert_eq(store_commit(st, NULL), STORE_OK);
    store_rollback(st);
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_eq(as.n, 0, "rolled-back answers were saved");

    /* A failed nested step makes the outer commit fail. */
    cr_assert_eq(store_begin(st, NULL), STORE_OK);
    put_ok(st, id, "a", "1", false);
    cr_assert_eq(store_answer_put(st, 999, "x", "y", false, "Ana", NULL), STORE_NOTFOUND);
    char *err = NULL;
    cr_assert_neq(store_commit(st, &err), STORE_OK);
    free(err);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_eq(as.n, 0);

    cr_assert_eq(store_begin(st, NULL), STORE_OK);
    put_ok(st, id, "a", "1", false);
    put_ok(st, id, "b", "2", false);
    cr_assert_eq(store_commit(st, NULL), STORE_OK);
    store_close(st);
    st = open_ok(path, 0);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_eq(as.n, 2);
    answers_free(&as);
    store_close(st);
    free(path);
}

/* ---- read-only --------------------------------------------------------------- */

/* Every write entry point on st must return STORE_READONLY. */
static void assert_all_writes_refused(store *st, int64_t id)
{
    char *err = NULL;
    int64_t nid;
    diagnosis d;
    sample_diagnosis(&d);
    plan p;
    sample_plan(&p);
    int rcs[] = {
        store_begin(st, NULL),
        store_session_new(st, "debrief", "3", "Eve", false, &nid, NULL),
        store_answer_put(st, id, "q", "changed", false, "Eve", &err),
        store_answer_put(st, id, "q", NULL, false, "Eve", NULL),
        store_session_set_account(st, id, "Other", NULL),
        store_session_set_position(st, id, "q9", NULL),
        store_session_set_form(st, id, "quick", "1", NULL),
        store_session_finish(st, id, NULL),
        store_session_delete(st, id, NULL),
        store_diagnosis_save(st, id, &d, NULL),
        store_override(st, id, DIM_TYPE, TYPE_MOVED_AWAY, "r", "Eve", NULL),
        store_plan_save(st, id, &p, NULL),
        store_plan_item_update(st, id, &p.items[0], "Eve", NULL),
        store_outcome_set(st, id, OUTCOME_LOST, "2026-01-02", NULL, "Eve", NULL),
    };
    for (size_t i = 0; i < ARRAY_LEN(rcs); i++)
        cr_assert_eq(rcs[i], STORE_READONLY, "write %zu returned %d", i, rcs[i]);
    cr_assert_not_null(err);
    cr_assert_not_null(strstr(err, "read-only"), "%s", err);
    free(err);
    plan_free(&p);
    diagnosis_free(&d);
}

Test(store, read_only_refuses_writes_and_changes_nothing)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    put_ok(st, id, "q", "original", false);
    store_close(st);
    size_t n0, n1;
    char *before = slurp(path, &n0);

    st = open_ok(path, STORE_READ_ONLY);
    cr_assert(store_read_only(st));
    assert_all_writes_refused(st, id);
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_str_eq(answers_get(&as, "q")->value, "original");
    answers_free(&as);
    session_info *list;
    size_t n;
    cr_assert_eq(store_session_list(st, &list, &n, NULL), STORE_OK);
    cr_assert_eq(n, 1);
    session_list_free(list, n);
    store_close(st);

    char *after = slurp(path, &n1);
    cr_assert_eq(n0, n1);
    cr_assert(memcmp(before, after, n0) == 0, "read-only open changed the file");
    free(before);
    free(after);
    free(path);
}

Test(store, read_only_path_with_uri_characters)
{
    char *dir = in_tmp("a dir?x=1#frag%20");
    cr_assert_eq(mkdir(dir, 0700), 0);
    char *path = xasprintf("%s/w.db", dir);
    store *st = open_ok(path, 0);
    new_session(st, false);
    store_close(st);
    st = open_ok(path, STORE_READ_ONLY);
    session_info *list;
    size_t n;
    cr_assert_eq(store_session_list(st, &list, &n, NULL), STORE_OK);
    cr_assert_eq(n, 1);
    session_list_free(list, n);
    store_close(st);
    free(path);
    free(dir);
}

Test(store, read_only_never_creates)
{
    char *path = in_tmp("none.db");
    char *err = NULL;
    cr_assert_null(store_open(path, STORE_READ_ONLY, &err));
    cr_assert_not_null(strstr(err, path));
    struct stat sb;
    cr_assert_neq(stat(path, &sb), 0);
    free(err);
    free(path);
}

/* ---- refusing files --------------------------------------------------------------- */

Test(store, refuses_foreign_sqlite_database)
{
    char *path = in_tmp("other.db");
    raw_exec(path, "CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('x')");
    assert_refused(path, 0, "not a winback database");
    assert_refused(path, STORE_READ_ONLY, "not a winback database");
    free(path);
}

Test(store, refuses_foreign_application_id)
{
    char *path = in_tmp("other.db");
    raw_exec(path, "PRAGMA application_id = 1234");
    assert_refused(path, 0, "not a winback database");
    free(path);
}

Test(store, refuses_text_file)
{
    char *path = tl_write(tmp, "notes.txt", "Dear diary,\nthis is not a database at all.\n");
    assert_refused(path, 0, "not a winback database");
    assert_refused(path, STORE_READ_ONLY, "not a winback database");
    free(path);
}

Test(store, refuses_newer_schema)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    new_session(st, false);
    store_close(st);
    raw_exec(path, "PRAGMA journal_mode=DELETE; PRAGMA user_version = 99");
    char *msg = xasprintf("was written by a newer winback (schema 99); this version knows "
                          "up to %d: upgrade winback", STORE_SCHEMA_VERSION);
    assert_refused(path, 0, msg);
    assert_refused(path, STORE_READ_ONLY, msg);
    free(msg);
    free(path);
}

Test(store, refuses_damaged_file)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    for (int i = 0; i < 200; i++) {
        char q[16];
        snprintf(q, sizeof q, "q%d", i);
        put_ok(st, id, q, "some answer text that fills a few pages of the database", false);
    }
    store_close(st);
    /* Scribble over the second half of the file, past the header page. */
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    int fd = open(path, O_WRONLY);
    cr_assert_geq(fd, 0);
    char junk[4096];
    memset(junk, 0xA5, sizeof junk);
    for (off_t off = 4096; off + 4096 <= sb.st_size; off += 8192)
        cr_assert_eq(pwrite(fd, junk, sizeof junk, off), (ssize_t)sizeof junk);
    close(fd);
    assert_refused(path, 0, "damaged");
    free(path);
}

/* ---- concurrency and a full disk --------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Child: waits for the parent's go on fd_in, holds a write transaction for
 * hold_ms (telling the parent on fd_out once it has it), then commits and
 * writes '1' (or '0' on failure) on fd_out.  The result goes through the
 * pipe, not the exit status, which valgrind may change. */
static void hold_lock(const char *path, int64_t id, int fd_in, int fd_out, int hold_ms)
{
    char c;
    store *st = store_open(path, 0, NULL);
    int ok = st && read(fd_in, &c, 1) == 1 && store_begin(st, NULL) == STORE_OK
             && store_answer_put(st, id, "child", "first", false, "Kid", NULL) == STORE_OK;
    if (write(fd_out, "x", 1) != 1)
        ok = 0;
    struct timespec ts = { hold_ms / 1000, (long)(hold_ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
    ok = ok && store_commit(st, NULL) == STORE_OK;
    store_close(st);
    if (write(fd_out, ok ? "1" : "0", 1) != 1)
        ok = 0;
    _exit(ok ? 0 : 1);
}

Test(store, second_writer_waits_for_the_first)
{
    char path[4096]; /* not on the heap: the child exits without freeing */
    snprintf(path, sizeof path, "%s/w.db", tmp);
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    store_close(st);
    int go[2], locked[2];
    cr_assert_eq(pipe(go), 0);
    cr_assert_eq(pipe(locked), 0);
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0)
        hold_lock(path, id, go[0], locked[1], 400);
    st = open_ok(path, 0);  /* opened before the child takes the lock */
    char c = 'g';
    cr_assert_eq(write(go[1], &c, 1), 1);
    cr_assert_eq(read(locked[0], &c, 1), 1, "child did not take the lock");
    double t0 = now_s();
    char *err = NULL;
    int rc = store_answer_put(st, id, "parent", "second", false, "Ana", &err);
    double waited = now_s() - t0;
    cr_assert_eq(rc, STORE_OK, "%s", err ? err : "?");
    cr_assert_geq(waited, 0.2, "did not wait for the lock (%.3f s)", waited);
    cr_assert_eq(read(locked[0], &c, 1), 1);
    cr_assert_eq(c, '1', "the child's transaction failed");
    cr_assert_eq(waitpid(pid, NULL, 0), pid);
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_str_eq(answers_get(&as, "child")->value, "first");
    cr_assert_str_eq(answers_get(&as, "parent")->value, "second");
    answers_free(&as);
    store_close(st);
    for (int i = 0; i < 2; i++) {
        close(go[i]);
        close(locked[i]);
    }
}

Test(store, full_disk_keeps_earlier_data)
{
    char *path = in_tmp("w.db");
    store *st = open_ok(path, 0);
    int64_t id = new_session(st, false);
    put_ok(st, id, "kept", "saved before the disk filled", false);
    cr_assert_eq(store_limit_pages(st, 1), STORE_OK); /* no room to grow */
    strbuf big;
    sb_init(&big);
    for (int i = 0; i < 4000; i++)
        sb_add(&big, "lorem ipsum ");
    char *err = NULL;
    int rc = store_answer_put(st, id, "big", sb_str(&big), false, "Ana", &err);
    cr_assert_eq(rc, STORE_FULL, "rc %d: %s", rc, err ? err : "?");
    cr_assert_not_null(strstr(err, path));
    cr_assert_not_null(strstr(err, "full"), "%s", err);
    free(err);
    /* The connection is usable again and nothing half-written remains. */
    answer_set as;
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_eq(as.n, 1);
    cr_assert_str_eq(answers_get(&as, "kept")->value, "saved before the disk filled");
    answers_free(&as);
    store_close(st);
    st = open_ok(path, 0);
    answers_init(&as);
    cr_assert_eq(store_answers_load(st, id, &as, NULL), STORE_OK);
    cr_assert_eq(as.n, 1);
    put_ok(st, id, "big", sb_str(&big), false);
    answers_free(&as);
    sb_free(&big);
    store_close(st);
    free(path);
}
