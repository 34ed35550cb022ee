/* tui_diagnosis.c - the diagnosis screen of one finished debrief.
 *
 * Shows the defector type that fits best (label, confidence word and
 * percentage, the runner-up when it is close), the salesperson's own reason
 * when the answers point elsewhere (prominently), "why this type" (the
 * answers that pointed each way, grouped by value, with weights), the three
 * attribution dimensions with their evidence, a low-evidence warning for a
 * quick debrief and the priority with its reasons.  Any dimension and the
 * priority can be overridden with a reason.  The content comes from
 * report_load (recomputed diagnosis with the stored overrides) and is
 * rendered into a document, then drawn.
 */
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"
#include "vocab.h"
#include "wizard.h"

enum { D_UP = 1, D_DOWN, D_PGUP, D_PGDN, D_OVERRIDE, D_PLAN, D_REPLAN, D_CONTINUE, D_BACK };

static const binding diag_keys[] = {
    { D_PLAN, { K_CH('p'), K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "p", "Plan" },
    { D_OVERRIDE, { K_CH('o') }, "o", "Override" },
    { D_REPLAN, { K_CH('R') }, "R", "Rebuild plan" },
    { D_CONTINUE, { K_CH('c') }, "c", "Continue as full" },
    { D_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { D_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { D_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { D_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL },
    { D_PGDN, { K_FN(KEY_NPAGE), K_CH(' ') }, "PgDn", NULL },
};

typedef struct diag_screen {
    screen base;
    session_doc doc;
    int top;
    int ov_dim;           /* override in progress: dimension (DIM_COUNT = priority) */
    int ov_value;
    bool type_changed;    /* an override since the plan was built */
    bool ro;              /* the store is read-only */
} diag_screen;

static int pct(double x)
{
    return (int)(x * 100.0 + 0.5);
}

static const char *value_label(int dim, int v)
{
    const char *l = v >= 0 ? vocab_value_label(dim, v) : NULL;
    return l ? l : "not enough evidence";
}

/* The answers that pointed to each value of dimension dim, best first. */
static void add_evidence(textdoc *d, const dim_result *r, int dim)
{
    int order[VOCAB_MAX_VALUES], n = vocab_value_count(dim);
    for (int i = 0; i < n; i++)
        order[i] = i;
    for (int i = 1; i < n; i++)              /* insertion sort by score */
        for (int j = i; j > 0 && r->score[order[j]] > r->score[order[j - 1]]; j--) {
            int tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    for (int i = 0; i < n; i++) {
        int v = order[i];
        if (r->score[v] <= 0)
            continue;
        doc_addf(d, ROLE_NORMAL, 2, "Pointing to %s (score %.1f):", value_label(dim, v),
                 r->score[v]);
        for (size_t k = 0; k < r->nev; k++)
            if (r->ev[k].value == v)
                doc_hang(d, doc_addf(d, ROLE_NORMAL, 4, "+%.1f  %s: %s", r->ev[k].weight,
                                     r->ev[k].prompt, r->ev[k].answer), 6);
    }
}

/* Headline of one dimension: final value, confidence, override. */
static void add_dim_head(textdoc *d, const dim_result *r, int dim)
{
    const char *extra = "";
    if (dim == DIM_SOURCE && r->final >= 0)
        extra = vocab_source_internal(r->final) ? " (internal)" : " (external)";
    doc_addf(d, ROLE_HEADING, 0, "%s: %s%s", vocab_dim_label(dim), value_label(dim, r->final),
             extra);
    if (r->computed >= 0)
        doc_addf(d, ROLE_NORMAL, 2, "Confidence%s: %s (%d%%)",
                 r->override_reason ? " in the computed value" : "",
                 confidence_word(r->confidence), pct(r->confidence));
    if (r->override_reason)
        doc_addf(d, ROLE_WARNING, 2, "! Your override (computed: %s). Reason: %s",
                 value_label(dim, r->computed), r->override_reason);
    if (r->runner_up >= 0 && r->close && r->total > 0)
        doc_addf(d, ROLE_NORMAL, 2, "Close runner-up: %s (%d%%)", value_label(dim, r->runner_up),
                 pct(r->score[r->runner_up] / r->total));
}

/* The salesperson's own reason and, prominently, a mismatch with it. */
static void add_mismatch(textdoc *d, const diagnosis *g)
{
    if (g->claimed_label || g->claimed_text)
        doc_addf(d, ROLE_NORMAL, 2, "Your first take: %s%s%s%s",
                 g->claimed_label ? g->claimed_label : "",
                 g->claimed_text ? " (\"" : "", g->claimed_text ? g->claimed_text : "",
                 g->claimed_text ? "\")" : "");
    if (!g->mismatch)
        return;
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    doc_addf(d, ROLE_WARNING, 0, "! Your first take differs from what your answers show");
    doc_addf(d, ROLE_WARNING, 2, "%s", g->mismatch_text ? g->mismatch_text
             : "The incident answers point to another type than the reason you gave.");
}

static void add_priority(textdoc *d, const diagnosis *g)
{
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    const char *p = g->priority_final >= 0 ? priority_label(g->priority_final) : "not assessed";
    doc_addf(d, ROLE_HEADING, 0, "Worth pursuing? %s", p ? p : "not assessed");
    if (g->priority_override_reason)
        doc_addf(d, ROLE_WARNING, 2, "! Your override (computed: %s). Reason: %s",
                 g->priority >= 0 ? priority_label(g->priority) : "none",
                 g->priority_override_reason);
    for (size_t i = 0; i < g->nreasons; i++)
        doc_hang(d, doc_addf(d, ROLE_NORMAL, 2, "- %s", g->reasons[i]), 2);
}

/* Renders the whole diagnosis into d. */
static void diag_doc(const diag_screen *ds, textdoc *d)
{
    const diagnosis *g = &ds->doc.diag;
    if (ds->doc.form_problem)
        doc_addf(d, ROLE_WARNING, 0, "! %s: the evidence cannot be shown", ds->doc.form_problem);
    add_dim_head(d, &g->dim[DIM_TYPE], DIM_TYPE);
    if (g->low_evidence)
        doc_addf(d, ROLE_WARNING, 2, "! Few answers carried evidence (quick debrief?): treat "
                 "this as a first guess; continue as the full debrief (c) to be surer.");
    else if (g->dim[DIM_TYPE].computed >= 0 &&
             str_eq(confidence_word(g->dim[DIM_TYPE].confidence), "low"))
        doc_addf(d, ROLE_WARNING, 2, "! Low confidence: the answers point several ways; "
                 "read \"Why this type\" before you act on it.");
    add_mismatch(d, g);
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    doc_add(d, ROLE_HEADING, 0, false, -1, "Why this type");
    add_evidence(d, &g->dim[DIM_TYPE], DIM_TYPE);
    for (int dim = DIM_SOURCE; dim < DIM_COUNT; dim++) {
        doc_add(d, ROLE_NORMAL, 0, false, -1, "");
        add_dim_head(d, &g->dim[dim], dim);
        add_evidence(d, &g->dim[dim], dim);
    }
    add_priority(d, g);
}

static void diag_draw(screen *s, tui *t)
{
    (void)t;
    diag_screen *ds = (diag_screen *)s;
    const char *acct = ds->doc.info.account && *ds->doc.info.account ? ds->doc.info.account
                                                                     : "unnamed account";
    char *title = xasprintf("winback \u00b7 diagnosis \u00b7 %s", acct);
    draw_title(title, ds->doc.info.created);
    free(title);
    textdoc d;
    doc_init(&d);
    diag_doc(ds, &d);
    int h = LINES - 3 - 2, cols = COLS - 2;
    int rows = doc_rows(&d, cols);
    if (ds->top > rows - h)
        ds->top = rows - h;
    if (ds->top < 0)
        ds->top = 0;
    doc_draw(&d, 2, 1, h, cols, ds->top, -1);
    if (ds->top + h < rows)
        draw_str(LINES - 3, COLS - 12, 11, "more below", ROLE_DIM);
    doc_free(&d);
}

/* ---- overrides ------------------------------------------------------------ */

/* Prompt callback: the reason; saves the override. */
static bool override_reason(void *ctx, tui *t, const char *text)
{
    diag_screen *ds = ctx;
    if (str_empty(text)) {
        tui_message(t, true, "an override needs a reason");
        return false;
    }
    char *err = NULL;
    int rc = store_override(t->st, ds->doc.info.id, ds->ov_dim, ds->ov_value, text, t->who, &err);
    if (rc != STORE_OK) {
        tui_message(t, true, "override not saved: %s", err ? err : "database error");
        free(err);
        return false;
    }
    diagnosis *g = &ds->doc.diag;
    if (ds->ov_dim < DIM_COUNT) {
        diagnosis_override(g, ds->ov_dim, ds->ov_value, text);
    } else {
        g->priority_final = ds->ov_value;
        free(g->priority_override_reason);
        g->priority_override_reason = ds->ov_value == g->priority ? NULL : xstrdup(text);
    }
    ds->type_changed = true;
    tui_message(t, false, "override saved; press R to rebuild the plan from the new diagnosis");
    return true;
}

/* Picker callback: the new value; asks for the reason. */
static bool pick_value(void *ctx, tui *t, size_t index)
{
    diag_screen *ds = ctx;
    ds->ov_value = (int)index;
    tui_prompt(t, "Reason for the override", "Why is the computed value wrong? (required)",
               "", 300, override_reason, ds);
    return true;
}

/* Picker callback: the dimension; offers its values. */
static bool pick_dim(void *ctx, tui *t, size_t index)
{
    diag_screen *ds = ctx;
    ds->ov_dim = (int)index;
    const char *labels[VOCAB_MAX_VALUES > PRIORITY_COUNT ? VOCAB_MAX_VALUES : PRIORITY_COUNT];
    size_t n = 0, cur = 0;
    if (ds->ov_dim < DIM_COUNT) {
        n = (size_t)vocab_value_count(ds->ov_dim);
        for (size_t i = 0; i < n; i++)
            labels[i] = vocab_value_label(ds->ov_dim, (int)i);
        int f = ds->doc.diag.dim[ds->ov_dim].final;
        cur = f >= 0 ? (size_t)f : 0;
    } else {
        n = PRIORITY_COUNT;
        for (size_t i = 0; i < n; i++)
            labels[i] = priority_label((int)i);
        cur = ds->doc.diag.priority_final >= 0 ? (size_t)ds->doc.diag.priority_final : 0;
    }
    tui_pick(t, "New value", labels, n, cur, pick_value, ds);
    return true;
}

static void start_override(diag_screen *ds, tui *t)
{
    const char *labels[DIM_COUNT + 1];
    for (int d = 0; d < DIM_COUNT; d++)
        labels[d] = vocab_dim_label(d);
    labels[DIM_COUNT] = "Priority (worth pursuing)";
    tui_pick(t, "Override which?", labels, DIM_COUNT + 1, 0, pick_dim, ds);
}

/* Rebuilds the plan from the diagnosis as it is now. */
static void replan(diag_screen *ds, tui *t)
{
    char *err = NULL;
    if (!ds->doc.f || !t->lib) {
        tui_message(t, true, "cannot rebuild: %s", ds->doc.f ? "no activity library"
                                                             : "the form is missing");
        return;
    }
    int rc = wizard_replan(t->st, ds->doc.info.id, t->lib, ds->doc.f, &ds->doc.answers,
                           &ds->doc.diag, &err);
    if (rc == STORE_OK) {
        ds->type_changed = false;
        tui_message(t, false, "plan rebuilt from the current diagnosis");
    } else {
        tui_message(t, true, "plan not saved: %s", err ? err : "database error");
    }
    free(err);
}

/* Reopens a quick debrief as the fuller form it continues. */
static void continue_debrief(diag_screen *ds, tui *t)
{
    char *err = NULL;
    form *f = tui_load_form(ds->doc.f->id, &err);
    screen *w = f ? wizard_screen_new(t, f, ds->doc.info.id, &err) : NULL;
    if (!w) {
        tui_message(t, true, "%s", err ? err : "cannot open the debrief");
        free(err);
        return;
    }
    tui_replace(t, w);
    wizard_screen_continue(w, t);
}

/* ---- keys -------------------------------------------------------------------- */

static bool diag_enabled(void *ctx, int action)
{
    diag_screen *ds = ctx;
    if (action == D_CONTINUE)
        return !ds->ro && ds->doc.f && ds->doc.f->continues;
    return !(ds->ro && (action == D_OVERRIDE || action == D_REPLAN));
}

static int diag_key(screen *s, tui *t, tkey k)
{
    diag_screen *ds = (diag_screen *)s;
    char *err = NULL;
    bool ro = ds->ro;
    switch (bind_lookup(diag_keys, ARRAY_LEN(diag_keys), k, diag_enabled, ds)) {
    case D_UP: ds->top--; return TUI_REDRAW;
    case D_DOWN: ds->top++; return TUI_REDRAW;
    case D_PGUP: ds->top -= LINES - 6; return TUI_REDRAW;
    case D_PGDN: ds->top += LINES - 6; return TUI_REDRAW;
    case D_BACK: tui_pop(t); return TUI_REDRAW;
    case D_OVERRIDE:
        if (ro)
            tui_message(t, true, "the database is open read-only");
        else
            start_override(ds, t);
        return TUI_REDRAW;
    case D_REPLAN:
        if (ro)
            tui_message(t, true, "the database is open read-only");
        else
            replan(ds, t);
        return TUI_REDRAW;
    case D_CONTINUE:
        if (diag_enabled(ds, D_CONTINUE))
            continue_debrief(ds, t);
        return TUI_REDRAW;
    case D_PLAN: {
        screen *p = plan_screen_new(t, ds->doc.info.id, &err);
        if (p)
            tui_push(t, p);
        else
            tui_message(t, true, "%s", err ? err : "no plan yet");
        free(err);
        return TUI_REDRAW;
    }
    default: return TUI_NONE;
    }
}

static void diag_free(screen *s)
{
    diag_screen *ds = (diag_screen *)s;
    report_free(&ds->doc);
    free(ds);
}

static const screen_ops diag_ops = {
    "diagnosis", diag_draw, diag_key, NULL, NULL, diag_free,
    diag_keys, ARRAY_LEN(diag_keys), diag_enabled, false,
};

screen *diagnosis_screen_new(tui *t, int64_t session, char **err)
{
    diag_screen *ds = xcalloc(1, sizeof *ds);
    ds->base.ops = &diag_ops;
    ds->ro = store_read_only(t->st);
    if (report_load(t->st, session, &ds->doc, err) != STORE_OK) {
        report_free(&ds->doc);
        free(ds);
        return NULL;
    }
    if (!ds->doc.has_diag) {
        *err = xstrdup("this debrief has no diagnosis yet: finish it first");
        report_free(&ds->doc);
        free(ds);
        return NULL;
    }
    return &ds->base;
}
