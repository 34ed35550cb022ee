/* wizard.c - the debrief as a state machine, without any drawing.
 *
 * Holds the answers of one session in memory, validates what the user
 * types (answer_parse), saves each answer the moment it is committed,
 * follows the skip logic (form_visible) and remembers the position for
 * resuming.  A failed save keeps the answer in memory as pending; every
 * later commit (and wizard_retry) tries to save it again.  At the end,
 * wizard_finish runs the diagnosis, the worth assessment and the plan and
 * stores them together.
 */
#include "wizard.h"

#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "util.h"
#include "worth.h"

bool wizard_visible(const wizard *w, size_t qi)
{
    return qi < w->f->nquestions && form_visible(w->f, qi, &w->answers);
}

/* First visible question at or after qi; nquestions when none. */
static size_t next_visible(const wizard *w, size_t qi)
{
    while (qi < w->f->nquestions && !wizard_visible(w, qi))
        qi++;
    return qi;
}

/* Last visible question before qi; (size_t)-1 when none. */
static size_t prev_visible(const wizard *w, size_t qi)
{
    while (qi-- > 0)
        if (wizard_visible(w, qi))
            return qi;
    return (size_t)-1;
}

/* Saves the position (the current question id, or the review page).  A
 * failure is not fatal: the position is a convenience. */
static void save_position(wizard *w)
{
    const char *pos = w->at_review ? WIZARD_POS_REVIEW : w->f->questions[w->cur].id;
    store_session_set_position(w->st, w->session, pos, NULL);
}

/* Places the wizard where the saved position says (or at the start). */
static void restore_position(wizard *w, const char *pos)
{
    size_t first = next_visible(w, 0);
    w->cur = first < w->f->nquestions ? first : 0;
    w->at_review = first >= w->f->nquestions;
    if (!pos)
        return;
    if (strcmp(pos, WIZARD_POS_REVIEW) == 0) {
        w->at_review = true;
        return;
    }
    int qi = form_find(w->f, pos);
    if (qi < 0)
        return;
    size_t v = next_visible(w, (size_t)qi);   /* hidden since: the next one */
    if (v < w->f->nquestions)
        w->cur = v;
    else
        w->at_review = true;
}

int wizard_open(wizard *w, store *st, const form *f, int64_t session,
                const char *who, char **err)
{
    memset(w, 0, sizeof *w);
    w->st = st;
    w->f = f;
    w->session = session;
    w->who = xstrdup(who ? who : "unknown");
    answers_init(&w->answers);
    int rc = store_answers_load(st, session, &w->answers, err);
    if (rc != STORE_OK)
        return rc;
    session_info info;
    memset(&info, 0, sizeof info);
    rc = store_session_get(st, session, &info, err);
    if (rc != STORE_OK)
        return rc;
    restore_position(w, info.position);
    session_info_free(&info);
    return STORE_OK;
}

void wizard_close(wizard *w)
{
    free(w->who);
    answers_free(&w->answers);
    free(w->pending_qid);
    str_list_free(w->pending, w->npending);
    memset(w, 0, sizeof *w);
}

const question *wizard_question(const wizard *w)
{
    if (w->at_review || w->cur >= w->f->nquestions)
        return NULL;
    return &w->f->questions[w->cur];
}

const answer *wizard_answer(const wizard *w)
{
    const question *q = wizard_question(w);
    return q ? answers_get(&w->answers, q->id) : NULL;
}

/* Adds qid to the pending list (once) and makes it the latest. */
static void pending_add(wizard *w, const char *qid)
{
    bool found = false;
    for (size_t i = 0; i < w->npending; i++)
        if (strcmp(w->pending[i], qid) == 0)
            found = true;
    if (!found) {
        xgrow((void **)&w->pending, &w->pending_cap, w->npending + 1, sizeof *w->pending);
        w->pending[w->npending++] = xstrdup(qid);
    }
    free(w->pending_qid);
    w->pending_qid = xstrdup(qid);
}

static void pending_remove(wizard *w, size_t i)
{
    free(w->pending[i]);
    memmove(&w->pending[i], &w->pending[i + 1], (w->npending - i - 1) * sizeof *w->pending);
    w->npending--;
    free(w->pending_qid);
    w->pending_qid = w->npending ? xstrdup(w->pending[w->npending - 1]) : NULL;
}

/* Writes the in-memory answer of qid (or its absence) to the store, with
 * what its role implies (store_answer_save). */
static int save_answer(wizard *w, const char *qid, char **err)
{
    const question *q = form_question(w->f, qid);
    const answer *a = answers_get(&w->answers, qid);
    if (q)
        return store_answer_save(w->st, w->session, q, a, w->who, err);
    return store_answer_put(w->st, w->session, qid, a ? a->value : NULL,
                            a ? a->dontknow : false, w->who, err);
}

int wizard_retry(wizard *w, char **err)
{
    while (w->npending) {
        int rc = save_answer(w, w->pending[0], err);
        if (rc != STORE_OK)
            return rc;
        pending_remove(w, 0);
    }
    return STORE_OK;
}

/* Turns input into (canonical value, dontknow) for q.  Returns false with
 * *err on invalid input.  *canon NULL and !*dk means "no answer". */
static bool interpret(const question *q, const char *input, bool dontknow,
                      char **canon, bool *dk, char **err)
{
    *canon = NULL;
    *dk = false;
    bool free_text = q->type == Q_TEXT || q->type == Q_NARRATIVE;
    if (!dontknow && q->dontknow && !free_text && input && answer_is_dontknow_input(input))
        dontknow = true;
    if (dontknow) {
        if (!q->dontknow) {
            *err = xstrdup("\"Don't know\" is not an answer to this question");
            return false;
        }
        *dk = true;
        return true;
    }
    return answer_parse(q, input ? input : "", canon, err);
}

/* True when the stored answer of qid already is (value, dk). */
static bool unchanged(const wizard *w, const char *qid, const char *value, bool dk)
{
    const answer *a = answers_get(&w->answers, qid);
    if (!a)
        return !value && !dk;
    return a->dontknow == dk && (dk || str_eq(a->value, value));
}

int wizard_commit(wizard *w, const char *input, bool dontknow, char **err)
{
    const question *q = wizard_question(w);
    w->last_invalid = true;
    if (!q) {
        *err = xstrdup("no question to answer on the review page");
        return -1;
    }
    char *canon = NULL;
    bool dk = false;
    if (!interpret(q, input, dontknow, &canon, &dk, err))
        return -1;
    if (!dk && !answer_check_with(w->f, q, canon, &w->answers, err)) {
        free(canon);
        return -1;
    }
    w->last_invalid = false;
    if (unchanged(w, q->id, canon, dk) && w->npending == 0) {
        free(canon);
        return STORE_OK;
    }
    if (canon || dk)
        answers_put(&w->answers, q->id, dk ? "" : canon, dk);
    else
        answers_remove(&w->answers, q->id);
    free(canon);
    pending_add(w, q->id);
    return wizard_retry(w, err);
}

/* True when the current question may be left forwards. */
static bool may_leave(const wizard *w)
{
    const question *q = wizard_question(w);
    return !q || !q->required || answers_get(&w->answers, q->id);
}

bool wizard_next(wizard *w)
{
    if (w->at_review || !may_leave(w))
        return false;
    size_t n = next_visible(w, w->cur + 1);
    if (n < w->f->nquestions)
        w->cur = n;
    else
        w->at_review = true;
    save_position(w);
    return true;
}

bool wizard_prev(wizard *w)
{
    size_t p = prev_visible(w, w->at_review ? w->f->nquestions : w->cur);
    if (p == (size_t)-1)
        return false;
    w->cur = p;
    w->at_review = false;
    save_position(w);
    return true;
}

bool wizard_goto(wizard *w, size_t qi)
{
    if (!wizard_visible(w, qi))
        return false;
    w->cur = qi;
    w->at_review = false;
    save_position(w);
    return true;
}

void wizard_review(wizard *w)
{
    w->at_review = true;
    save_position(w);
}

bool wizard_goto_section(wizard *w, size_t section)
{
    for (size_t i = 0; i < w->f->nquestions; i++)
        if (w->f->questions[i].section == section && wizard_visible(w, i))
            return wizard_goto(w, i);
    return false;
}

void wizard_get_progress(const wizard *w, wizard_progress *p)
{
    memset(p, 0, sizeof *p);
    size_t last_section = (size_t)-1;
    const question *cur = wizard_question(w);
    for (size_t i = 0; i < w->f->nquestions; i++) {
        if (!wizard_visible(w, i))
            continue;
        const question *q = &w->f->questions[i];
        p->visible++;
        if (answers_get(&w->answers, q->id))
            p->answered++;
        if (q->section != last_section) {
            p->nsections++;
            last_section = q->section;
        }
        if (cur && i == w->cur) {
            p->index = p->visible;
            p->section = q->section;
            p->section_pos = p->nsections;
        }
    }
    if (!cur) {                     /* review page: past the last question */
        p->index = p->visible;
        p->section_pos = p->nsections;
        p->section = last_section == (size_t)-1 ? 0 : last_section;
    }
}

size_t *wizard_missing(const wizard *w, size_t *n)
{
    size_t *out = xcalloc(w->f->nquestions + 1, sizeof *out);
    *n = 0;
    for (size_t i = 0; i < w->f->nquestions; i++) {
        const question *q = &w->f->questions[i];
        if (q->required && wizard_visible(w, i) && !answers_get(&w->answers, q->id))
            out[(*n)++] = i;
    }
    return out;
}

/* ---- finishing ------------------------------------------------------------ */

/* Applies the overrides stored by an earlier finish to d. */
static void keep_overrides(wizard *w, diagnosis *d)
{
    diagnosis old;
    diagnosis_init(&old);
    if (store_diagnosis_load(w->st, w->session, &old, NULL) == STORE_OK)
        diagnosis_apply_overrides(d, &old);
    diagnosis_free(&old);
}

/* True when the user has worked on item it (status, owner or due date). */
static bool item_touched(const plan_item *it)
{
    return it->status != ITEM_TODO || it->owner || it->due;
}

/* Re-adds the activities of the old plan that the new one drops although
 * work on them had started, so that a rebuild never throws work away. */
static void keep_started_activities(const library *lib, const plan *old, plan *p)
{
    for (size_t j = 0; j < old->nitems; j++)
        if (item_touched(&old->items[j]) && !plan_has_activity(p, old->items[j].activity))
            plan_add_activity(p, lib, old->items[j].activity,
                              "Kept from the earlier plan: work on it had started.");
}

/* Carries status, owner and due date of items that exist in the old plan. */
static void keep_item_edits(store *st, int64_t session, const library *lib, plan *p)
{
    plan old;
    plan_init(&old);
    if (store_plan_load(st, session, &old, NULL) == STORE_OK) {
        keep_started_activities(lib, &old, p);
        for (size_t i = 0; i < p->nitems; i++)
            for (size_t j = 0; j < old.nitems; j++) {
                if (!str_eq(p->items[i].id, old.items[j].id))
                    continue;
                p->items[i].status = old.items[j].status;
                free(p->items[i].owner);
                free(p->items[i].due);
                p->items[i].owner = xstrdup(old.items[j].owner);
                p->items[i].due = xstrdup(old.items[j].due);
            }
    }
    plan_free(&old);
}

/* Builds the plan for d into p (initialised here), keeping item edits. */
static void build_plan(store *st, int64_t session, const library *lib, const form *f,
                       const answer_set *a, const diagnosis *d, plan *p)
{
    plan_init(p);
    plan_build(lib, f, a, d, p);
    keep_item_edits(st, session, lib, p);
    plan_check(lib, d, p);
}

int wizard_replan(store *st, int64_t session, const library *lib, const form *f,
                  const answer_set *a, const diagnosis *d, char **err)
{
    plan p;
    build_plan(st, session, lib, f, a, d, &p);
    int rc = store_plan_save(st, session, &p, err);
    plan_free(&p);
    return rc;
}

/* Lists the missing required questions in *err; true when there are some. */
static bool refuse_missing(wizard *w, char **err)
{
    size_t n;
    size_t *miss = wizard_missing(w, &n);
    if (n) {
        *err = xasprintf("%zu required question%s unanswered (first: \"%s\")", n,
                         n == 1 ? " is" : "s are", w->f->questions[miss[0]].prompt);
    }
    free(miss);
    return n > 0;
}

/* Saves diagnosis and plan and marks the session finished, all or nothing. */
static int save_result(wizard *w, const diagnosis *d, const plan *p, char **err)
{
    int rc = store_begin(w->st, err);
    if (rc != STORE_OK)
        return rc;
    rc = store_diagnosis_save(w->st, w->session, d, err);
    if (rc == STORE_OK)
        rc = store_plan_save(w->st, w->session, p, err);
    if (rc == STORE_OK)
        rc = store_session_finish(w->st, w->session, err);
    if (rc == STORE_OK)
        rc = store_commit(w->st, err);
    if (rc != STORE_OK)
        store_rollback(w->st);
    return rc;
}

int wizard_finish(wizard *w, const library *lib, char **err)
{
    if (refuse_missing(w, err))
        return -1;
    int rc = wizard_retry(w, err);
    if (rc != STORE_OK)
        return rc;
    diagnosis d;
    diagnosis_init(&d);
    classify(w->f, &w->answers, &d);
    worth_assess(w->f, &w->answers, &d);
    keep_overrides(w, &d);
    plan p;
    build_plan(w->st, w->session, lib, w->f, &w->answers, &d, &p);
    rc = save_result(w, &d, &p, err);
    plan_free(&p);
    diagnosis_free(&d);
    return rc;
}

int wizard_switch_form(wizard *w, const form *full, char **err)
{
    int rc = store_session_set_form(w->st, w->session, full->id, full->version, err);
    if (rc != STORE_OK)
        return rc;
    w->f = full;
    w->at_review = false;
    size_t i = next_visible(w, 0);
    while (i < full->nquestions && answers_get(&w->answers, full->questions[i].id))
        i = next_visible(w, i + 1);
    if (i < full->nquestions) {
        w->cur = i;
    } else {
        w->at_review = true;
        w->cur = 0;
    }
    save_position(w);
    return STORE_OK;
}
