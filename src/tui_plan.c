/* tui_plan.c - the win-back plan of one debrief.
 *
 * Shows the warnings of plan_check first, then the relationship summary,
 * the statement of fact, the new needs, the commitment, the activities with
 * their rationale, the checklist grouped by justice dimension (each item
 * with a status marker, owner and due date), the rules of conduct and the
 * outcome.  The checklist is edited in place (status, owner, due date:
 * store_plan_item_update); activities are added from the library or
 * removed (the plan is checked again and saved); the commitment can be
 * rewritten; the outcome is recorded with a date and a note.
 */
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"
#include "vocab.h"

enum {
    P_UP = 1, P_DOWN, P_PGUP, P_PGDN, P_STATUS, P_OWNER, P_DUE, P_ADD, P_REMOVE,
    P_COMMIT, P_OUTCOME, P_BACK
};

static const binding plan_keys[] = {
    { P_STATUS, { K_CH(' '), K_CH('s') }, "Space", "Status" },
    { P_OWNER, { K_CH('o') }, "o", "Owner" },
    { P_DUE, { K_CH('d') }, "d", "Due" },
    { P_ADD, { K_CH('a') }, "a", "Add" },
    { P_REMOVE, { K_CH('x') }, "x", "Remove" },
    { P_COMMIT, { K_CH('m') }, "m", "Commitment" },
    { P_OUTCOME, { K_CH('w') }, "w", "Outcome" },
    { P_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { P_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { P_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { P_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL },
    { P_PGDN, { K_FN(KEY_NPAGE) }, "PgDn", NULL },
};

typedef struct plan_screen {
    screen base;
    session_doc doc;
    size_t cur;            /* selected row of the checklist (display order) */
    size_t *order;         /* item indices in display order (by justice) */
    int top;
    bool ro;
    bool fresh;            /* opened, no item selected by the user yet */
    int outcome;           /* outcome being recorded */
    char *outcome_date;
    char **choices;        /* activity ids offered by the add/remove picker */
    size_t nchoices;
} plan_screen;

static const char *status_mark(int s)
{
    switch (s) {
    case ITEM_DOING: return "[~]";
    case ITEM_DONE: return "[x]";
    case ITEM_DROPPED: return "[-]";
    default: return "[ ]";
    }
}

static const char *activity_title(const library *lib, const char *id)
{
    const activity *a = lib ? library_activity(lib, id) : NULL;
    return a ? a->title : id;
}

static void add_part(textdoc *d, const char *title, const char *body)
{
    doc_add(d, ROLE_HEADING, 0, false, -1, title);
    doc_add(d, body && *body ? ROLE_NORMAL : ROLE_DIM, 2, true, -1,
            body && *body ? body : "(nothing recorded)");
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
}

/* The checklist grouped by justice dimension; item lines tagged by index. */
static void add_checklist(textdoc *d, const plan *p, const size_t *order)
{
    doc_add(d, ROLE_HEADING, 0, false, -1,
            "Checklist   [ ] to do  [~] doing  [x] done  [-] dropped");
    for (int j = 0; j < JUSTICE_COUNT; j++) {
        doc_add(d, ROLE_HEADING, 2, false, -1, justice_label(j));
        bool any = false;
        for (size_t k = 0; k < p->nitems; k++) {
            const plan_item *it = &p->items[order[k]];
            if (it->justice != j)
                continue;
            any = true;
            char *line = xasprintf("%s %s  (owner: %s, due: %s)", status_mark(it->status),
                                   it->text, it->owner ? it->owner : "-",
                                   it->due ? it->due : "-");
            doc_hang(d, doc_add(d, it->status == ITEM_DONE ? ROLE_OK
                                : it->status == ITEM_DROPPED ? ROLE_DIM : ROLE_NORMAL,
                                4, true, (int)k, line), 4);
            free(line);
        }
        if (!any)
            doc_add(d, ROLE_DIM, 4, false, -1, "(no items)");
    }
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
}

static void add_outcome(textdoc *d, const session_info *s)
{
    doc_add(d, ROLE_HEADING, 0, false, -1, "Outcome");
    if (s->outcome <= OUTCOME_NONE) {
        doc_add(d, ROLE_DIM, 2, false, -1, "not recorded yet (w records it)");
        return;
    }
    doc_addf(d, ROLE_NORMAL, 2, "%s on %s%s%s", outcome_label(s->outcome),
             s->outcome_date ? s->outcome_date : "?", s->outcome_note ? ": " : "",
             s->outcome_note ? s->outcome_note : "");
}

static void plan_doc(const plan_screen *ps, const library *lib, textdoc *d)
{
    const plan *p = &ps->doc.plan;
    for (size_t i = 0; i < p->nwarnings; i++)
        doc_hang(d, doc_addf(d, ROLE_WARNING, 0, "! %s", p->warnings[i]), 2);
    if (p->nwarnings)
        doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    add_part(d, "The relationship", p->relationship);
    add_part(d, "What happened (statement of fact)", p->fact);
    add_part(d, "What they need now", p->needs);
    add_part(d, "Our commitment (m edits)", p->commitment);
    doc_add(d, ROLE_HEADING, 0, false, -1, "Activities");
    for (size_t i = 0; i < p->nacts; i++)
        doc_hang(d, doc_addf(d, ROLE_NORMAL, 2, "- %s: %s", activity_title(lib, p->acts[i].id),
                             p->acts[i].rationale ? p->acts[i].rationale : ""), 2);
    if (!p->nacts)
        doc_add(d, ROLE_DIM, 2, false, -1, "(none: a add one)");
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    add_checklist(d, p, ps->order);
    if (lib && lib->nconduct) {
        doc_add(d, ROLE_HEADING, 0, false, -1, "Rules of conduct");
        for (size_t i = 0; i < lib->nconduct; i++)
            doc_hang(d, doc_addf(d, ROLE_NORMAL, 2, "- %s", lib->conduct[i]), 2);
        doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    }
    add_outcome(d, &ps->doc.info);
}

/* Keeps the selected item's rows inside the window of h rows (unless the
 * user is scrolling freely: fresh). */
static void plan_scroll(plan_screen *ps, const textdoc *d, int h, int cols)
{
    int row = 0, first = -1, rows = 0;
    for (size_t i = 0; i < d->n; i++) {
        int r = doc_line_rows(d, i, cols);
        if (ps->doc.plan.nitems && d->lines[i].tag == (int)ps->cur && first < 0) {
            first = row;
            rows = r;
        }
        row += r;
    }
    if (ps->top < 0)
        ps->top = 0;
    if (!ps->fresh && first >= 0) {
        if (first < ps->top)
            ps->top = first;
        if (first + rows > ps->top + h)
            ps->top = first + rows - h;
    }
    if (ps->top > row - h)
        ps->top = row - h;
    if (ps->top < 0)
        ps->top = 0;
}

static void plan_draw(screen *s, tui *t)
{
    plan_screen *ps = (plan_screen *)s;
    const char *acct = ps->doc.info.account && *ps->doc.info.account ? ps->doc.info.account
                                                                     : "unnamed account";
    char *title = xasprintf("winback \u00b7 win-back plan \u00b7 %s", acct);
    const char *type = ps->doc.diag.dim[DIM_TYPE].final >= 0
        ? vocab_value_label(DIM_TYPE, ps->doc.diag.dim[DIM_TYPE].final) : NULL;
    draw_title(title, type);
    free(title);
    textdoc d;
    doc_init(&d);
    plan_doc(ps, t->lib, &d);
    int h = LINES - 3 - 2, cols = COLS - 2;
    plan_scroll(ps, &d, h, cols);
    doc_draw(&d, 2, 1, h, cols, ps->top, ps->doc.plan.nitems ? (int)ps->cur : -1);
    doc_free(&d);
}

/* ---- editing ----------------------------------------------------------------- */

static plan_item *cur_item(plan_screen *ps)
{
    return ps->cur < ps->doc.plan.nitems ? &ps->doc.plan.items[ps->order[ps->cur]] : NULL;
}

/* Recomputes the display order: items grouped by justice, stable. */
static void plan_order(plan_screen *ps)
{
    const plan *p = &ps->doc.plan;
    free(ps->order);
    ps->order = xcalloc(p->nitems + 1, sizeof *ps->order);
    size_t k = 0;
    for (int j = 0; j < JUSTICE_COUNT; j++)
        for (size_t i = 0; i < p->nitems; i++)
            if (p->items[i].justice == j)
                ps->order[k++] = i;
    for (size_t i = 0; i < p->nitems && k < p->nitems; i++)  /* unknown justice */
        if (p->items[i].justice < 0 || p->items[i].justice >= JUSTICE_COUNT)
            ps->order[k++] = i;
    if (ps->cur >= p->nitems)
        ps->cur = p->nitems ? p->nitems - 1 : 0;
}

/* Saves the selected item; restores old on failure (copied by caller). */
static bool save_item(plan_screen *ps, tui *t, plan_item *it)
{
    char *err = NULL;
    int rc = store_plan_item_update(t->st, ps->doc.info.id, it, t->who, &err);
    if (rc != STORE_OK) {
        tui_message(t, true, "not saved: %s", err ? err : "database error");
        free(err);
        return false;
    }
    return true;
}

static void cycle_status(plan_screen *ps, tui *t)
{
    plan_item *it = cur_item(ps);
    if (!it)
        return;
    int old = it->status;
    it->status = (it->status + 1) % ITEM_STATUS_COUNT;
    if (!save_item(ps, t, it))
        it->status = old;
}

/* Sets *field of the selected item to text (NULL when empty) and saves. */
static bool set_item_field(plan_screen *ps, tui *t, char **field, const char *text)
{
    char *old = *field;
    *field = str_empty(text) ? NULL : xstrdup(text);
    plan_item *it = cur_item(ps);
    if (!save_item(ps, t, it)) {
        free(*field);
        *field = old;
        return false;
    }
    free(old);
    return true;
}

static bool owner_done(void *ctx, tui *t, const char *text)
{
    plan_screen *ps = ctx;
    plan_item *it = cur_item(ps);
    return it && set_item_field(ps, t, &it->owner, text);
}

static bool due_done(void *ctx, tui *t, const char *text)
{
    plan_screen *ps = ctx;
    plan_item *it = cur_item(ps);
    if (!str_empty(text) && !date_valid(text)) {
        tui_message(t, true, "a due date is written YYYY-MM-DD (a real date), or left empty");
        return false;
    }
    return it && set_item_field(ps, t, &it->due, text);
}

/* Checks the plan again and saves it whole (after activity changes). */
static void save_plan(plan_screen *ps, tui *t)
{
    char *err = NULL;
    if (t->lib)
        plan_check(t->lib, &ps->doc.diag, &ps->doc.plan);
    if (store_plan_save(t->st, ps->doc.info.id, &ps->doc.plan, &err) != STORE_OK) {
        tui_message(t, true, "plan not saved: %s", err ? err : "database error");
        free(err);
    }
    plan_order(ps);
}

static bool commitment_done(void *ctx, tui *t, const char *text)
{
    plan_screen *ps = ctx;
    free(ps->doc.plan.commitment);
    ps->doc.plan.commitment = xstrdup(text);
    save_plan(ps, t);
    return true;
}

static void free_choices(plan_screen *ps)
{
    str_list_free(ps->choices, ps->nchoices);
    ps->choices = NULL;
    ps->nchoices = 0;
}

static bool add_done(void *ctx, tui *t, size_t index)
{
    plan_screen *ps = ctx;
    if (index < ps->nchoices) {
        char *why = xasprintf("added by %s", t->who);
        if (plan_add_activity(&ps->doc.plan, t->lib, ps->choices[index], why))
            save_plan(ps, t);
        free(why);
    }
    free_choices(ps);
    return true;
}

static bool remove_done(void *ctx, tui *t, size_t index)
{
    plan_screen *ps = ctx;
    if (index < ps->nchoices && plan_remove_activity(&ps->doc.plan, ps->choices[index]))
        save_plan(ps, t);
    free_choices(ps);
    return true;
}

/* Offers the library's activities not in the plan (add) or those in it. */
static void pick_activity(plan_screen *ps, tui *t, bool add)
{
    const library *lib = t->lib;
    size_t cap = lib ? lib->nacts + ps->doc.plan.nacts + 1 : ps->doc.plan.nacts + 1;
    const char **labels = xcalloc(cap, sizeof *labels);
    free_choices(ps);
    ps->choices = xcalloc(cap, sizeof *ps->choices);
    if (add && lib) {
        for (size_t i = 0; i < lib->nacts; i++)
            if (!plan_has_activity(&ps->doc.plan, lib->acts[i].id)) {
                labels[ps->nchoices] = lib->acts[i].title;
                ps->choices[ps->nchoices++] = xstrdup(lib->acts[i].id);
            }
    } else if (!add) {
        for (size_t i = 0; i < ps->doc.plan.nacts; i++) {
            labels[ps->nchoices] = activity_title(lib, ps->doc.plan.acts[i].id);
            ps->choices[ps->nchoices++] = xstrdup(ps->doc.plan.acts[i].id);
        }
    }
    if (ps->nchoices == 0)
        tui_message(t, true, add ? "no other activity in the library" : "no activity to remove");
    else
        tui_pick(t, add ? "Add an activity" : "Remove an activity", labels, ps->nchoices, 0,
                 add ? add_done : remove_done, ps);
    free(labels);
}

/* ---- outcome ------------------------------------------------------------------ */

static bool outcome_note(void *ctx, tui *t, const char *text)
{
    plan_screen *ps = ctx;
    char *err = NULL;
    char *note = str_empty(text) ? NULL : xstrdup(text);
    int rc = store_outcome_set(t->st, ps->doc.info.id, ps->outcome, ps->outcome_date, note,
                               t->who, &err);
    if (rc != STORE_OK) {
        tui_message(t, true, "outcome not saved: %s", err ? err : "database error");
        free(err);
        free(note);
        return false;
    }
    session_info *s = &ps->doc.info;
    s->outcome = ps->outcome;
    free(s->outcome_date);
    s->outcome_date = xstrdup(ps->outcome_date);
    free(s->outcome_note);
    s->outcome_note = note;
    tui_message(t, false, "outcome recorded: %s", outcome_label(ps->outcome));
    return true;
}

static bool outcome_date(void *ctx, tui *t, const char *text)
{
    plan_screen *ps = ctx;
    if (!date_valid(text)) {
        tui_message(t, true, "the date is written YYYY-MM-DD (a real date)");
        return false;
    }
    free(ps->outcome_date);
    ps->outcome_date = xstrdup(text);
    tui_prompt_long(t, "Outcome", "A note: what worked, what to do differently (optional)",
                    ps->doc.info.outcome_note, 2000, outcome_note, ps);
    return true;
}

static bool outcome_pick(void *ctx, tui *t, size_t index)
{
    plan_screen *ps = ctx;
    char today[11];
    today_date(today);
    ps->outcome = (int)index + 1;          /* the list starts after "none" */
    tui_prompt(t, "Outcome", "Date (YYYY-MM-DD)", today, 10, outcome_date, ps);
    return true;
}

static void start_outcome(plan_screen *ps, tui *t)
{
    const char *labels[OUTCOME_COUNT];
    size_t n = 0;
    for (int o = OUTCOME_NONE + 1; o < OUTCOME_COUNT; o++)
        labels[n++] = outcome_label(o);
    size_t cur = ps->doc.info.outcome > OUTCOME_NONE ? (size_t)ps->doc.info.outcome - 1 : 0;
    tui_pick(t, "How did the win-back end?", labels, n, cur, outcome_pick, ps);
}

/* ---- keys ------------------------------------------------------------------------ */

static bool plan_enabled(void *ctx, int action)
{
    plan_screen *ps = ctx;
    switch (action) {
    case P_STATUS: case P_OWNER: case P_DUE:
        return !ps->ro && ps->doc.plan.nitems > 0;
    case P_ADD: case P_REMOVE: case P_COMMIT: case P_OUTCOME:
        return !ps->ro;
    default: return true;
    }
}

static int plan_key(screen *s, tui *t, tkey k)
{
    plan_screen *ps = (plan_screen *)s;
    plan_item *it = cur_item(ps);
    int a = bind_lookup(plan_keys, ARRAY_LEN(plan_keys), k, plan_enabled, ps);
    if (a == P_STATUS || a == P_OWNER || a == P_DUE)
        ps->fresh = false;                   /* show the item being edited */
    switch (a) {
    case P_UP:
        if (ps->fresh)
            ps->fresh = false;
        else if (ps->cur > 0)
            ps->cur--;
        else
            ps->top = 0;
        return TUI_REDRAW;
    case P_DOWN:
        if (ps->fresh)
            ps->fresh = false;               /* first Down: show the selection */
        else if (ps->cur + 1 < ps->doc.plan.nitems)
            ps->cur++;
        else
            ps->top += 3;
        return TUI_REDRAW;
    case P_PGUP: ps->fresh = true; ps->top -= LINES - 6; return TUI_REDRAW;
    case P_PGDN: ps->fresh = true; ps->top += LINES - 6; return TUI_REDRAW;
    case P_STATUS: cycle_status(ps, t); return TUI_REDRAW;
    case P_OWNER:
        tui_prompt(t, "Owner", it ? it->text : "", it ? it->owner : "", 100, owner_done, ps);
        return TUI_REDRAW;
    case P_DUE:
        tui_prompt(t, "Due date (YYYY-MM-DD, empty for none)", it ? it->text : "",
                   it ? it->due : "", 10, due_done, ps);
        return TUI_REDRAW;
    case P_ADD: pick_activity(ps, t, true); return TUI_REDRAW;
    case P_REMOVE: pick_activity(ps, t, false); return TUI_REDRAW;
    case P_COMMIT:
        tui_prompt_long(t, "Our commitment", "That history will not repeat itself: what we "
                        "change, in a few sentences", ps->doc.plan.commitment, 2000,
                        commitment_done, ps);
        return TUI_REDRAW;
    case P_OUTCOME: start_outcome(ps, t); return TUI_REDRAW;
    case P_BACK: tui_pop(t); return TUI_REDRAW;
    default: return TUI_NONE;
    }
}

static void plan_free_screen(screen *s)
{
    plan_screen *ps = (plan_screen *)s;
    report_free(&ps->doc);
    free(ps->order);
    free_choices(ps);
    free(ps->outcome_date);
    free(ps);
}

static const screen_ops plan_ops = {
    "plan", plan_draw, plan_key, NULL, NULL, plan_free_screen,
    plan_keys, ARRAY_LEN(plan_keys), plan_enabled, false,
};

screen *plan_screen_new(tui *t, int64_t session, char **err)
{
    plan_screen *ps = xcalloc(1, sizeof *ps);
    ps->base.ops = &plan_ops;
    ps->ro = store_read_only(t->st);
    if (report_load(t->st, session, &ps->doc, err) != STORE_OK || !ps->doc.has_plan) {
        if (!*err)
            *err = xstrdup("this debrief has no plan yet: finish it first");
        plan_free_screen(&ps->base);
        return NULL;
    }
    plan_order(ps);
    ps->fresh = true;                      /* start at the top */
    return &ps->base;
}
