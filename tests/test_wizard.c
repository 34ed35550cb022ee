/* test_wizard.c - the headless wizard on the shipped forms and a real
 * SQLite file: skip logic, progress, validation, saving, resuming, pending
 * answers after a failed save, finishing, continuing a quick debrief. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "plan.h"
#include "store.h"
#include "testlib.h"
#include "util.h"
#include "wizard.h"
#include "worth.h"

/* One test's world: a temp dir, a store, a form, a new session. */
typedef struct world {
    char *dir;
    char *db;
    store *st;
    form *f;
    int64_t session;
    wizard w;
} world;

static form *load_form(const char *rel)
{
    problems p;
    problems_init(&p);
    form *f = form_load(tl_src(rel), &p);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "%s\n", p.msg[i]);
    problems_free(&p);
    cr_assert_not_null(f, "cannot load %s", rel);
    return f;
}

static void world_open(world *x, const char *form_rel)
{
    char *err = NULL;
    memset(x, 0, sizeof *x);
    x->dir = tl_tmpdir();
    cr_assert_not_null(x->dir);
    x->db = xasprintf("%s/winback.db", x->dir);
    x->st = store_open(x->db, 0, &err);
    cr_assert_not_null(x->st, "store_open: %s", err ? err : "?");
    x->f = load_form(form_rel);
    cr_assert_eq(store_session_new(x->st, x->f->id, x->f->version, "tester", false,
                                   &x->session, &err), STORE_OK);
    cr_assert_eq(wizard_open(&x->w, x->st, x->f, x->session, "tester", &err), STORE_OK);
}

static void world_close(world *x)
{
    wizard_close(&x->w);
    store_close(x->st);
    form_free(x->f);
    tl_rmtree(x->dir);
    free(x->dir);
    free(x->db);
}

/* Reopens the wizard on the same session (as after quitting and coming back). */
static void reopen(world *x)
{
    char *err = NULL;
    wizard_close(&x->w);
    store_close(x->st);
    x->st = store_open(x->db, 0, &err);
    cr_assert_not_null(x->st);
    cr_assert_eq(wizard_open(&x->w, x->st, x->f, x->session, "tester", &err), STORE_OK);
}

static const char *cur_id(const world *x)
{
    const question *q = wizard_question(&x->w);
    return q ? q->id : "(review)";
}

/* Commits input at the current question and expects success. */
static void say(world *x, const char *input)
{
    char *err = NULL;
    int rc = wizard_commit(&x->w, input, false, &err);
    cr_assert_eq(rc, STORE_OK, "commit '%s' at %s: %s", input, cur_id(x), err ? err : "");
    free(err);
}

static void go(world *x, const char *qid)
{
    int qi = form_find(x->f, qid);
    cr_assert_geq(qi, 0, "no question %s", qid);
    cr_assert(wizard_goto(&x->w, (size_t)qi), "cannot go to %s", qid);
}

/* The stored answer of qid, read through a fresh store handle. */
static char *stored(world *x, const char *qid, bool *dk)
{
    char *err = NULL;
    store *st = store_open(x->db, 0, &err);
    cr_assert_not_null(st);
    answer_set a;
    answers_init(&a);
    cr_assert_eq(store_answers_load(st, x->session, &a, &err), STORE_OK);
    const answer *an = answers_get(&a, qid);
    char *v = an ? xstrdup(an->value) : NULL;
    if (dk)
        *dk = an && an->dontknow;
    answers_free(&a);
    store_close(st);
    return v;
}

Test(wizard, starts_at_first_question)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    cr_assert_str_eq(cur_id(&x), x.f->questions[0].id);
    cr_assert_not(x.w.at_review);
    cr_assert_null(wizard_answer(&x.w));
    world_close(&x);
}

Test(wizard, required_blocks_next)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    cr_assert_str_eq(cur_id(&x), "customer");
    cr_assert_not(wizard_next(&x.w));
    cr_assert_str_eq(cur_id(&x), "customer");
    char *err = NULL;
    cr_assert_eq(wizard_commit(&x.w, "   ", false, &err), -1);
    cr_assert_not_null(err);
    free(err);
    say(&x, "Acme Ltd");
    cr_assert(wizard_next(&x.w));
    cr_assert_str_neq(cur_id(&x), "customer");
    world_close(&x);
}

Test(wizard, commit_validates_and_saves)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    say(&x, "Zo\xc3\xab M\xc3\xbcller \xe6\x97\xa5\xe6\x9c\xac");
    char *v = stored(&x, "customer", NULL);
    cr_assert_str_eq(v, "Zo\xc3\xab M\xc3\xbcller \xe6\x97\xa5\xe6\x9c\xac");
    free(v);
    go(&x, "years_customer");
    char *err = NULL;
    cr_assert_eq(wizard_commit(&x.w, "500", false, &err), -1, "out of range accepted");
    cr_assert(x.w.last_invalid);
    cr_assert_not_null(err);
    free(err);
    err = NULL;
    cr_assert_eq(wizard_commit(&x.w, "many", false, &err), -1);
    free(err);
    v = stored(&x, "years_customer", NULL);
    cr_assert_null(v, "a refused answer was saved");
    say(&x, "7");
    v = stored(&x, "years_customer", NULL);
    cr_assert_str_eq(v, "7");
    free(v);
    world_close(&x);
}

Test(wizard, dontknow_only_where_allowed)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    char *err = NULL;
    cr_assert_eq(wizard_commit(&x.w, "", true, &err), -1);   /* customer: no dontknow */
    free(err);
    go(&x, "years_customer");
    cr_assert_eq(wizard_commit(&x.w, "", true, NULL), STORE_OK);
    bool dk = false;
    char *v = stored(&x, "years_customer", &dk);
    cr_assert_not_null(v);
    cr_assert(dk);
    free(v);
    world_close(&x);
}

/* Walks forward from went_where and returns the id reached. */
static const char *after_went_where(world *x, const char *choice_id)
{
    go(x, "went_where");
    say(x, choice_id);
    cr_assert(wizard_next(&x->w));
    return cur_id(x);
}

Test(wizard, next_follows_skip_logic)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    cr_assert_str_eq(after_went_where(&x, "competitor"), "went_to");
    cr_assert_str_neq(after_went_where(&x, "in_house"), "went_to");
    cr_assert(wizard_prev(&x.w));
    cr_assert_str_eq(cur_id(&x), "went_where", "prev must skip the hidden question");
    int qi = form_find(x.f, "went_to");
    cr_assert_not(wizard_goto(&x.w, (size_t)qi), "goto a hidden question");
    world_close(&x);
}

Test(wizard, progress_counts_visible_questions)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    wizard_progress p0, p1;
    wizard_get_progress(&x.w, &p0);
    cr_assert_eq(p0.index, 1);
    cr_assert_eq(p0.section_pos, 1);
    cr_assert_eq(p0.answered, 0);
    cr_assert_lt(p0.visible, x.f->nquestions);
    go(&x, "failure");
    say(&x, "yes");
    wizard_get_progress(&x.w, &p1);
    cr_assert_eq(p1.visible, p0.visible + 4, "four follow-ups of failure = yes");
    cr_assert_eq(p1.answered, 1);
    say(&x, "no");
    wizard_get_progress(&x.w, &p1);
    cr_assert_eq(p1.visible, p0.visible);
    size_t visible = 0;
    for (size_t i = 0; i < x.f->nquestions; i++)
        visible += wizard_visible(&x.w, i);
    cr_assert_eq(p1.visible, visible);
    world_close(&x);
}

Test(wizard, position_restored_on_reopen)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    say(&x, "Acme Ltd");
    cr_assert(wizard_next(&x.w));
    cr_assert(wizard_next(&x.w));
    char *where = xstrdup(cur_id(&x));
    reopen(&x);
    cr_assert_str_eq(cur_id(&x), where);
    const answer *a = answers_get(&x.w.answers, "customer");
    cr_assert_not_null(a);
    cr_assert_str_eq(a->value, "Acme Ltd");
    wizard_review(&x.w);
    reopen(&x);
    cr_assert(x.w.at_review);
    cr_assert_null(wizard_question(&x.w));
    free(where);
    world_close(&x);
}

Test(wizard, hidden_position_moves_on)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    go(&x, "went_where");
    say(&x, "competitor");
    cr_assert(wizard_next(&x.w));
    cr_assert_str_eq(cur_id(&x), "went_to");
    /* another process changes went_where: went_to is hidden on reopen */
    cr_assert_eq(store_answer_put(x.st, x.session, "went_where", "in_house", false, "t", NULL),
                 STORE_OK);
    reopen(&x);
    cr_assert_str_neq(cur_id(&x), "went_to");
    cr_assert_gt(x.w.cur, (size_t)form_find(x.f, "went_to"));
    world_close(&x);
}

/* Makes every write to the answers table fail (a trigger), or stops it. */
static void break_answers(world *x, bool broken)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(x->db, &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *q;
    cr_assert_eq(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name LIKE '%answer%' AND name NOT LIKE 'answers_fts%'", -1, &q,
                                    NULL), SQLITE_OK);
    int tables = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *t = (const char *)sqlite3_column_text(q, 0);
        const char *ops[] = { "INSERT", "UPDATE", "DELETE" };
        for (int i = 0; i < 3; i++) {
            char *sql = broken
                ? sqlite3_mprintf("CREATE TRIGGER \"wb_fail_%s_%d\" BEFORE %s ON \"%w\" "
                                  "BEGIN SELECT RAISE(ABORT, 'simulated failure'); END", t, i,
                                  ops[i], t)
                : sqlite3_mprintf("DROP TRIGGER \"wb_fail_%s_%d\"", t, i);
            cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK, "%s",
                         sqlite3_errmsg(db));
            sqlite3_free(sql);
        }
        tables++;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    cr_assert_gt(tables, 0, "no answers table found");
}

Test(wizard, pending_answer_kept_when_save_fails)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    say(&x, "Acme Ltd");
    break_answers(&x, true);
    cr_assert(wizard_next(&x.w));
    char *err = NULL;
    int rc = wizard_commit(&x.w, "Timber", false, &err);
    cr_assert_neq(rc, STORE_OK);
    cr_assert_not(x.w.last_invalid, "a failed save is not a validation error");
    cr_assert_not_null(err);
    free(err);
    cr_assert_not_null(x.w.pending_qid);
    cr_assert_str_eq(x.w.pending_qid, "industry");
    const answer *a = answers_get(&x.w.answers, "industry");
    cr_assert_not_null(a, "the pending answer is kept in memory");
    cr_assert_str_eq(a->value, "Timber");
    err = NULL;
    cr_assert_neq(wizard_retry(&x.w, &err), STORE_OK);
    free(err);
    break_answers(&x, false);
    cr_assert_eq(wizard_retry(&x.w, NULL), STORE_OK);
    cr_assert_null(x.w.pending_qid);
    cr_assert_eq(x.w.npending, 0);
    char *v = stored(&x, "industry", NULL);
    cr_assert_str_eq(v, "Timber");
    free(v);
    world_close(&x);
}

Test(wizard, pending_saved_with_next_commit)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    say(&x, "Acme Ltd");
    cr_assert(wizard_next(&x.w));
    break_answers(&x, true);
    char *err = NULL;
    cr_assert_neq(wizard_commit(&x.w, "Timber", false, &err), STORE_OK);
    free(err);
    break_answers(&x, false);
    cr_assert(wizard_next(&x.w));
    say(&x, "Beams");
    char *v = stored(&x, "industry", NULL);
    cr_assert_str_eq(v, "Timber", "the earlier pending answer was not saved");
    free(v);
    cr_assert_eq(x.w.npending, 0);
    world_close(&x);
}

/* Answers every required visible question with a plausible value. */
static void answer_required(world *x)
{
    size_t n;
    size_t *miss = wizard_missing(&x->w, &n);
    for (size_t i = 0; i < n; i++) {
        const question *q = &x->f->questions[miss[i]];
        cr_assert(wizard_goto(&x->w, miss[i]));
        switch (q->type) {
        case Q_TEXT:
        case Q_NARRATIVE: say(x, "They found a cheaper supplier."); break;
        case Q_MULTI:
        case Q_CHOICE: say(x, q->choices[0].id); break;
        default: say(x, "1"); break;
        }
    }
    free(miss);
}

Test(wizard, finish_refuses_missing_then_saves_all)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));   /* tl_src: static buffer */
    library *lib = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    cr_assert_not_null(lib, "%s", probs.n ? probs.msg[0] : "");
    problems_free(&probs);
    char *err = NULL;
    size_t n;
    free(wizard_missing(&x.w, &n));
    cr_assert_gt(n, 0);
    cr_assert_eq(wizard_finish(&x.w, lib, &err), -1);
    cr_assert_not_null(err);
    free(err);
    say(&x, "Acme Ltd");
    answer_required(&x);
    free(wizard_missing(&x.w, &n));
    cr_assert_eq(n, 0);
    err = NULL;
    cr_assert_eq(wizard_finish(&x.w, lib, &err), STORE_OK, "%s", err ? err : "");
    session_info info;
    memset(&info, 0, sizeof info);
    cr_assert_eq(store_session_get(x.st, x.session, &info, NULL), STORE_OK);
    cr_assert_eq(info.status, SESSION_FINISHED);
    cr_assert_str_eq(info.account, "Acme Ltd", "the customer answer names the session");
    session_info_free(&info);
    diagnosis d;
    diagnosis_init(&d);
    cr_assert_eq(store_diagnosis_load(x.st, x.session, &d, NULL), STORE_OK);
    cr_assert_geq(d.dim[DIM_TYPE].final, 0, "no type decided");
    diagnosis_free(&d);
    plan p;
    plan_init(&p);
    cr_assert_eq(store_plan_load(x.st, x.session, &p, NULL), STORE_OK);
    cr_assert_gt(p.nitems, 0);
    plan_free(&p);
    library_free(lib);
    world_close(&x);
}

Test(wizard, quick_continues_as_full)
{
    world x;
    world_open(&x, "forms/quick.ini");
    cr_assert_str_eq(x.f->continues, "debrief");
    say(&x, "Acme Ltd");
    cr_assert(wizard_next(&x.w));
    form *full = load_form("forms/debrief.ini");
    char *err = NULL;
    cr_assert_eq(wizard_switch_form(&x.w, full, &err), STORE_OK);
    cr_assert_eq(x.w.f, full);
    const answer *a = answers_get(&x.w.answers, "customer");
    cr_assert_not_null(a);
    cr_assert_str_eq(cur_id(&x), "industry", "first unanswered question of the full form");
    session_info info;
    memset(&info, 0, sizeof info);
    cr_assert_eq(store_session_get(x.st, x.session, &info, NULL), STORE_OK);
    cr_assert_str_eq(info.form_id, "debrief");
    session_info_free(&info);
    wizard_close(&x.w);
    cr_assert_eq(wizard_open(&x.w, x.st, full, x.session, "tester", &err), STORE_OK);
    cr_assert_str_eq(cur_id(&x), "industry");
    wizard_close(&x.w);
    memset(&x.w, 0, sizeof x.w);
    form_free(full);
    store_close(x.st);
    form_free(x.f);
    tl_rmtree(x.dir);
    free(x.dir);
    free(x.db);
}

/* Rebuilding the plan after an override keeps the work already done, even
 * on activities the new diagnosis would not propose. */
Test(wizard, replan_keeps_started_work)
{
    world x;
    world_open(&x, "forms/debrief.ini");
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    library *lib = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    cr_assert_not_null(lib);
    problems_free(&probs);
    char *err = NULL;
    say(&x, "Acme Ltd");
    answer_required(&x);
    cr_assert_eq(wizard_finish(&x.w, lib, &err), STORE_OK, "%s", err ? err : "");
    plan p;
    plan_init(&p);
    cr_assert_eq(store_plan_load(x.st, x.session, &p, NULL), STORE_OK);
    cr_assert_gt(p.nitems, 0);
    plan_item it = p.items[0];
    char *id = xstrdup(it.id);
    it.owner = "Maria";
    it.due = "2026-12-01";
    it.status = ITEM_DOING;
    cr_assert_eq(store_plan_item_update(x.st, x.session, &it, "tester", NULL), STORE_OK);
    plan_free(&p);

    diagnosis d;
    diagnosis_init(&d);
    cr_assert_eq(store_diagnosis_load(x.st, x.session, &d, NULL), STORE_OK);
    diagnosis_free(&d);
    classify(x.f, &x.w.answers, &d);
    worth_assess(x.f, &x.w.answers, &d);
    diagnosis_override(&d, DIM_TYPE, TYPE_INTENTIONALLY_PUSHED_AWAY, "we let them go");
    d.priority_final = PRIORITY_LET_GO;
    cr_assert_eq(wizard_replan(x.st, x.session, lib, x.f, &x.w.answers, &d, &err), STORE_OK);
    plan_init(&p);
    cr_assert_eq(store_plan_load(x.st, x.session, &p, NULL), STORE_OK);
    bool found = false;
    for (size_t i = 0; i < p.nitems; i++)
        if (str_eq(p.items[i].id, id)) {
            found = true;
            cr_assert_str_eq(p.items[i].owner, "Maria");
            cr_assert_str_eq(p.items[i].due, "2026-12-01");
            cr_assert_eq(p.items[i].status, ITEM_DOING);
        }
    cr_assert(found, "item %s with work on it was dropped by the rebuild", id);
    cr_assert(plan_has_activity(&p, "graceful_termination"));
    plan_free(&p);
    diagnosis_free(&d);
    free(id);
    library_free(lib);
    world_close(&x);
}
