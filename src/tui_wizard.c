/* tui_wizard.c - the debrief screen: one question at a time, then review.
 *
 * A thin view over the wizard (wizard.h), which does all the deciding:
 * validation, saving, skip logic, progress.  The screen has two modes with
 * their own binding tables (question and review); it swaps its ops table
 * when the mode changes, so the key bar always shows the keys that work.
 * Every answer is committed the moment the user leaves the field (next,
 * back, section jump, review, home, quit, signal); a validation error keeps
 * the user on the field with the message on the message line.
 *
 * In a role-play (wizard_screen_set_scenario) F6 shows the scenario's brief
 * and finishing leads to the trainee's own diagnosis (tui_train.c) before
 * the program shows its own.
 */
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"
#include "wizard.h"

enum editor_kind { EK_LINE, EK_TEXT, EK_CHOICE };

typedef struct wiz_screen {
    screen base;
    form *f;              /* owned: the form the session started with */
    form *full;           /* owned: the fuller form after "continue" */
    wizard w;
    int kind;             /* enum editor_kind */
    line_edit le;
    text_edit te;
    choice_list cl;
    const char **labels;  /* choice labels (borrowed from the form) */
    bool dontknow;        /* "Don't know" chosen on a line/text field */
    bool from_review;     /* Enter on the review page: come back there */
    size_t rcur;          /* review: index among visible questions */
    int rtop;             /* review: first row shown */
    int text_cols;        /* width the narrative was last drawn at */
    scenario *sc;         /* owned: the role-play's scenario; NULL when real */
    char *trainee;        /* owned: who plays the salesperson (role-play) */
    bool leaving;         /* role-play: Esc pressed once, the next one leaves */
} wiz_screen;

enum {
    W_NEXT = 1, W_NEXT_HIDDEN, W_SUBMIT, W_BACK, W_HELP, W_SECTIONS, W_DONTKNOW,
    W_REVIEW, W_RETRY, W_HOME, W_BRIEF,
    R_EDIT, R_FINISH, R_CONTINUE, R_UP, R_DOWN, R_PGUP, R_PGDN
};

static const binding question_keys[] = {
    { W_SUBMIT, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Next" },
    { W_NEXT, { K_CH('\t'), K_FN(KEY_NPAGE) }, "Tab", "Next" },
    { W_NEXT_HIDDEN, { K_CH('\t'), K_FN(KEY_NPAGE) }, "Tab", NULL },
    { W_BACK, { K_FN(KEY_BTAB), K_FN(KEY_PPAGE) }, "S-Tab", "Back" },
    { W_HELP, { K_FN(KEY_F(1)) }, "F1", "Help" },
    { W_SECTIONS, { K_FN(KEY_F(2)) }, "F2", "Jump" },
    { W_DONTKNOW, { K_FN(KEY_F(3)) }, "F3", "Don't know" },
    { W_REVIEW, { K_FN(KEY_F(4)) }, "F4", "Review" },
    { W_RETRY, { K_FN(KEY_F(5)) }, "F5", "Retry" },
    { W_BRIEF, { K_FN(KEY_F(6)) }, "F6", "Brief" },
    { W_HOME, { K_CH(27), K_FN(KEY_F(10)) }, "Esc", "Home" },
};

static const binding review_keys[] = {
    { R_EDIT, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Edit" },
    { R_FINISH, { K_FN(KEY_F(9)), K_CH('f') }, "F9", "Finish" },
    { R_CONTINUE, { K_CH('c') }, "c", "Continue as full" },
    { W_BACK, { K_FN(KEY_BTAB), K_FN(KEY_PPAGE) }, "S-Tab", "Back" },
    { W_SECTIONS, { K_FN(KEY_F(2)) }, "F2", "Jump" },
    { W_RETRY, { K_FN(KEY_F(5)) }, "F5", "Retry" },
    { W_BRIEF, { K_FN(KEY_F(6)) }, "F6", "Brief" },
    { W_HOME, { K_CH(27), K_FN(KEY_F(10)) }, "Esc", "Home" },
    { R_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { R_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { R_PGUP, { K_FN(KEY_HOME) }, "Home", NULL },
    { R_PGDN, { K_FN(KEY_END) }, "End", NULL },
};

static const screen_ops question_ops;
static const screen_ops review_ops;

/* ---- the editor of the current question ---------------------------------- */

static void editor_free(wiz_screen *ws)
{
    le_free(&ws->le);
    te_free(&ws->te);
    cl_free(&ws->cl);
    free(ws->labels);
    ws->labels = NULL;
    ws->dontknow = false;
}

/* Sets the choice list from a canonical value (single or multi); the
 * highlight goes to the first selected choice. */
static void choices_from_value(wiz_screen *ws, const question *q, const char *v)
{
    bool placed = false;
    for (size_t i = 0; i < q->nchoices; i++) {
        bool on = q->type == Q_MULTI ? answer_has(v, q->choices[i].id)
                                     : str_eq(v, q->choices[i].id);
        if (!on)
            continue;
        cl_select(&ws->cl, i, true);
        if (!placed)
            ws->cl.cur = i;
        placed = true;
    }
}

/* Loads the editor for the current question from its answer or default. */
static void editor_load(wiz_screen *ws)
{
    editor_free(ws);
    const question *q = wizard_question(&ws->w);
    if (!q)
        return;
    const answer *a = wizard_answer(&ws->w);
    const char *v = a ? a->value : q->def;
    bool dk = a && a->dontknow;
    if (qtype_has_choices(q->type)) {
        ws->kind = EK_CHOICE;
        cl_init(&ws->cl, q->nchoices, q->type == Q_MULTI, q->dontknow);
        ws->cl.plain = q->type == Q_SCALE;
        ws->labels = xcalloc(q->nchoices + 1, sizeof *ws->labels);
        for (size_t i = 0; i < q->nchoices; i++)
            ws->labels[i] = q->choices[i].label;
        if (dk) {
            cl_select(&ws->cl, q->nchoices, true);
            ws->cl.cur = q->nchoices;
        } else if (v) {
            choices_from_value(ws, q, v);
        }
    } else if (q->type == Q_NARRATIVE) {
        ws->kind = EK_TEXT;
        te_init(&ws->te, dk ? "" : v, q->maxlen);
        ws->dontknow = dk;
    } else {
        ws->kind = EK_LINE;
        le_init(&ws->le, dk ? "" : v, q->type == Q_TEXT ? q->maxlen : 64);
        ws->dontknow = dk;
    }
}

/* What the editor holds, as input for wizard_commit (caller frees). */
static char *editor_input(const wiz_screen *ws, bool *dk)
{
    const question *q = wizard_question(&ws->w);
    *dk = ws->dontknow;
    if (ws->kind == EK_LINE)
        return xstrdup(le_text(&ws->le));
    if (ws->kind == EK_TEXT)
        return xstrdup(te_text(&ws->te));
    *dk = ws->cl.dontknow;
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; q && i < q->nchoices; i++) {
        if (!ws->cl.sel[i])
            continue;
        if (sb.len)
            sb_addc(&sb, ',');
        sb_add(&sb, q->choices[i].id);
    }
    return sb_take(&sb);
}

/* Commits the field.  Going back (forward false) an empty field that has no
 * answer yet is left alone.  False when the input is refused (message set). */
static bool commit_field(wiz_screen *ws, tui *t, bool forward)
{
    if (!wizard_question(&ws->w))
        return true;
    bool dk;
    char *input = editor_input(ws, &dk);
    if (!forward && !dk && str_empty(input) && !wizard_answer(&ws->w)) {
        free(input);
        return true;
    }
    char *err = NULL;
    int rc = wizard_commit(&ws->w, input, dk, &err);
    free(input);
    if (rc != STORE_OK && ws->w.last_invalid) {
        tui_message(t, true, "%s", err ? err : "this answer cannot be used");
        free(err);
        return false;
    }
    if (rc != STORE_OK)
        tui_message(t, true, "not saved (%s); the answer is kept and saved again with the "
                    "next one, or press F5", err ? err : "database error");
    free(err);
    return true;
}

/* Switches between question and review mode after the wizard moved. */
static void sync_mode(wiz_screen *ws)
{
    ws->base.ops = ws->w.at_review ? &review_ops : &question_ops;
    editor_load(ws);
}

static int go_next(wiz_screen *ws, tui *t)
{
    if (!commit_field(ws, t, true))
        return TUI_REDRAW;
    if (ws->from_review) {
        ws->from_review = false;
        wizard_review(&ws->w);
    } else if (!wizard_next(&ws->w)) {
        tui_message(t, true, "this question needs an answer before you go on");
        return TUI_REDRAW;
    }
    sync_mode(ws);
    return TUI_REDRAW;
}

static int go_back(wiz_screen *ws, tui *t)
{
    if (!commit_field(ws, t, false))
        return TUI_REDRAW;
    ws->from_review = false;
    if (!wizard_prev(&ws->w))
        tui_message(t, false, "this is the first question");
    sync_mode(ws);
    return TUI_REDRAW;
}

static int go_review(wiz_screen *ws, tui *t)
{
    if (!commit_field(ws, t, false))
        return TUI_REDRAW;
    ws->from_review = false;
    wizard_review(&ws->w);
    sync_mode(ws);
    return TUI_REDRAW;
}

/* Picker callback: jump to the first visible question of a section. */
static bool pick_section(void *ctx, tui *t, size_t index)
{
    (void)t;
    wiz_screen *ws = ctx;
    size_t n = 0;
    for (size_t s = 0; s < ws->w.f->nsections; s++) {
        bool any = false;
        for (size_t i = 0; i < ws->w.f->nquestions; i++)
            if (ws->w.f->questions[i].section == s && wizard_visible(&ws->w, i))
                any = true;
        if (any && n++ == index) {
            wizard_goto_section(&ws->w, s);
            ws->from_review = false;
            sync_mode(ws);
            return true;
        }
    }
    return true;
}

/* Opens the section menu (sections with visible questions). */
static int go_sections(wiz_screen *ws, tui *t)
{
    if (!commit_field(ws, t, false))
        return TUI_REDRAW;
    const form *f = ws->w.f;
    const char **labels = xcalloc(f->nsections + 1, sizeof *labels);
    char **owned = xcalloc(f->nsections + 1, sizeof *owned);
    size_t n = 0, cur = 0;
    wizard_progress p;
    wizard_get_progress(&ws->w, &p);
    for (size_t s = 0; s < f->nsections; s++) {
        size_t vis = 0, done = 0;
        for (size_t i = 0; i < f->nquestions; i++) {
            if (f->questions[i].section != s || !wizard_visible(&ws->w, i))
                continue;
            vis++;
            done += answers_get(&ws->w.answers, f->questions[i].id) != NULL;
        }
        if (!vis)
            continue;
        if (!ws->w.at_review && s == p.section)
            cur = n;
        owned[n] = xasprintf("%zu. %s  (%zu/%zu answered)", n + 1, f->sections[s].title, done, vis);
        labels[n] = owned[n];
        n++;
    }
    tui_pick(t, "Jump to section", labels, n, cur, pick_section, ws);
    str_list_free(owned, n);
    free(labels);
    return TUI_REDRAW;
}

static int toggle_dontknow(wiz_screen *ws)
{
    if (ws->kind == EK_CHOICE) {
        cl_select(&ws->cl, ws->cl.n, !ws->cl.dontknow);
        ws->cl.cur = ws->cl.n;
    } else {
        ws->dontknow = !ws->dontknow;
        if (ws->dontknow)
            le_set(ws->kind == EK_LINE ? &ws->le : &ws->te.t, "");
    }
    return TUI_REDRAW;
}

static int retry_save(wiz_screen *ws, tui *t)
{
    char *err = NULL;
    if (wizard_retry(&ws->w, &err) == STORE_OK)
        tui_message(t, false, "all answers saved");
    else
        tui_message(t, true, "still not saved: %s", err ? err : "database error");
    free(err);
    return TUI_REDRAW;
}

static int go_home(wiz_screen *ws, tui *t)
{
    if (!commit_field(ws, t, false))
        return TUI_REDRAW;
    if (ws->w.npending) {
        tui_message(t, true, "%zu answer(s) not saved yet: press F5 to retry", ws->w.npending);
        return TUI_REDRAW;
    }
    if (ws->sc && !ws->leaving) {   /* resuming it later is a plain debrief */
        ws->leaving = true;
        tui_message(t, false, "press Esc again to leave the role-play: the answers are kept, "
                              "but it cannot be scored later");
        return TUI_REDRAW;
    }
    tui_pop(t);
    return TUI_REDRAW;
}

static bool question_enabled(void *ctx, int action);

static void show_help(wiz_screen *ws, tui *t)
{
    const question *q = wizard_question(&ws->w);
    strbuf sb;
    sb_init(&sb);
    if (q && q->help)
        sb_addf(&sb, "%s\n\n", q->help);
    else if (q)
        sb_add(&sb, "There is no further help for this question.\n\n");
    char *keys = bind_help(question_keys, ARRAY_LEN(question_keys), question_enabled, ws);
    sb_addf(&sb, "Keys (the bar at the bottom shows those that work here):\n%s\n", keys);
    free(keys);
    sb_add(&sb, "Tab and PgDn also go on, PgUp goes back, F10 goes home.  In a long "
                "answer Enter starts a new line: use Tab to go on.  In lists: arrows, "
                "Space or a number selects (ticks, in a multiple choice), '?' opens "
                "this help.  Editing: Left/Right, Home/End or Ctrl-A/Ctrl-E, "
                "Backspace/Delete, Ctrl-U deletes to the start, Ctrl-K to the end.");
    tui_help(t, q ? q->prompt : "Help", sb_str(&sb));
    sb_free(&sb);
}

/* ---- finishing ------------------------------------------------------------ */

static int finish(wiz_screen *ws, tui *t)
{
    char *err = NULL;
    if (!t->lib) {
        tui_message(t, true, "the activity library could not be loaded: cannot build a plan");
        return TUI_REDRAW;
    }
    int rc = wizard_finish(&ws->w, t->lib, &err);
    if (rc != STORE_OK) {
        tui_message(t, true, "%s", err ? err : "cannot finish");
        free(err);
        return TUI_REDRAW;
    }
    if (ws->sc) {           /* a role-play: the trainee's diagnosis first */
        screen *st = training_stated_screen_new(t, ws->sc, ws->trainee, ws->w.session);
        ws->sc = NULL;      /* handed on */
        tui_replace(t, st);
        return TUI_REDRAW;
    }
    screen *d = diagnosis_screen_new(t, ws->w.session, &err);
    if (!d) {
        tui_message(t, true, "saved, but the diagnosis cannot be shown: %s",
                    err ? err : "unknown error");
        free(err);
        return TUI_REDRAW;
    }
    tui_replace(t, d);
    return TUI_REDRAW;
}

/* Continues a quick debrief as the form it `continues`. */
static int continue_full(wiz_screen *ws, tui *t)
{
    const char *next = ws->w.f->continues;
    char *err = NULL;
    if (!next)
        return TUI_NONE;
    form *full = tui_load_form(next, &err);
    if (!full) {
        tui_message(t, true, "%s", err);
        free(err);
        return TUI_REDRAW;
    }
    size_t before = ws->w.answers.n;
    if (wizard_switch_form(&ws->w, full, &err) != STORE_OK) {
        tui_message(t, true, "cannot switch forms: %s", err ? err : "database error");
        free(err);
        form_free(full);
        return TUI_REDRAW;
    }
    form_free(ws->full);
    ws->full = full;
    sync_mode(ws);
    wizard_progress p;
    wizard_get_progress(&ws->w, &p);
    tui_message(t, false, "now the full debrief: %zu answers kept, %zu questions to go",
                before, p.visible - p.answered);
    return TUI_REDRAW;
}

/* ---- drawing ---------------------------------------------------------------- */

/* The account's name (answer with role customer) or NULL. */
static const char *account_name(const wizard *w)
{
    const question *q = form_by_role(w->f, "customer");
    const answer *a = q ? answers_get(&w->answers, q->id) : NULL;
    return a && !a->dontknow && *a->value ? a->value : NULL;
}

static void draw_header(wiz_screen *ws)
{
    const char *acct = account_name(&ws->w);
    char *title = ws->sc ? xasprintf("winback \u00b7 training \u00b7 %s", ws->sc->title)
                         : xasprintf("winback \u00b7 %s", ws->w.f->title);
    draw_title(title, acct);
    free(title);
    wizard_progress p;
    wizard_get_progress(&ws->w, &p);
    draw_progress(1, 1, COLS - 2, p.section_pos, p.nsections, p.index, p.visible);
}

/* True when the current question is the first visible one of its section. */
static bool first_of_section(const wizard *w)
{
    const question *q = wizard_question(w);
    for (size_t i = 0; i < w->cur; i++)
        if (w->f->questions[i].section == q->section && wizard_visible(w, i))
            return false;
    return true;
}

/* One line saying what the field expects (bounds, unit, format). */
static char *field_hint(const question *q)
{
    switch (q->type) {
    case Q_DATE: return xstrdup("a date: YYYY-MM-DD");
    case Q_PERCENT: return xstrdup("a percentage, 0 to 100");
    case Q_NUMBER:
    case Q_MONEY:
        if (q->has_min && q->has_max)
            return xasprintf("a number from %g to %g%s%s", q->min, q->max,
                             q->unit ? " " : "", q->unit ? q->unit : "");
        return xasprintf("a number%s%s%s", q->unit ? " (" : "", q->unit ? q->unit : "",
                         q->unit ? ")" : "");
    case Q_MULTI: return xstrdup("Space or a number ticks a box; tick all that apply");
    case Q_NARRATIVE: return xstrdup("Enter starts a new line; Tab goes on");
    default: return NULL;
    }
}

static void draw_editor(wiz_screen *ws, tui *t, const question *q, int y, int bottom)
{
    int cy = y, cx = 2, h = bottom - y;
    if (ws->kind == EK_LINE) {
        int w = q->type == Q_TEXT ? COLS - 4 : 24;
        le_draw(&ws->le, y, 2, w, &cy, &cx);
        if (q->unit && q->type != Q_TEXT)
            draw_str(y, 2 + w + 1, COLS - w - 4, q->unit, ROLE_NORMAL);
    } else if (ws->kind == EK_TEXT) {
        ws->text_cols = COLS - 6;
        draw_box(y, 1, h, COLS - 2, NULL);
        te_draw(&ws->te, y + 1, 3, h - 2, COLS - 6, &cy, &cx);
    } else {
        cl_draw(&ws->cl, ws->labels, y, 2, h, COLS - 4, &cy, &cx);
    }
    tui_cursor(t, cy, cx);
}

static void draw_question(screen *s, tui *t)
{
    wiz_screen *ws = (wiz_screen *)s;
    const question *q = wizard_question(&ws->w);
    draw_header(ws);
    const form_section *sec = &ws->w.f->sections[q->section];
    int y = 3, cols = COLS - 4;
    draw_str(y++, 2, cols, sec->title, ROLE_HEADING);
    if (sec->intro && first_of_section(&ws->w))
        y += draw_para(y, 2, cols, 4, 0, sec->intro, ROLE_DIM);
    y++;
    wizard_progress p;
    wizard_get_progress(&ws->w, &p);
    char *prompt = xasprintf("%zu. %s%s", p.index, q->prompt, q->required ? "  (required)" : "");
    y += draw_para(y, 2, cols, 5, 0, prompt, ROLE_NORMAL);
    free(prompt);
    y++;
    int bottom = LINES - 3;
    char *hint = field_hint(q);
    bool dk = ws->kind == EK_CHOICE ? false : ws->dontknow;
    if (dk)
        draw_str(bottom, 2, cols, "[x] Don't know  (F3 or typing undoes it)", ROLE_WARNING);
    else if (hint)
        draw_str(bottom, 2, cols, hint, ROLE_DIM);
    free(hint);
    if (bottom - y < 1)
        y = bottom - 1;
    draw_editor(ws, t, q, y, bottom);
}

/* Indices of the visible questions (caller frees); count in *n. */
static size_t *visible_list(const wizard *w, size_t *n)
{
    size_t *v = xcalloc(w->f->nquestions + 1, sizeof *v);
    *n = 0;
    for (size_t i = 0; i < w->f->nquestions; i++)
        if (wizard_visible(w, i))
            v[(*n)++] = i;
    return v;
}

/* The review page as a document; tags are positions among visible ones. */
static void review_doc(const wiz_screen *ws, textdoc *d)
{
    size_t n, last = (size_t)-1;
    size_t *vis = visible_list(&ws->w, &n);
    for (size_t k = 0; k < n; k++) {
        const question *q = &ws->w.f->questions[vis[k]];
        if (q->section != last) {
            if (last != (size_t)-1)
                doc_add(d, ROLE_NORMAL, 0, false, -1, "");
            doc_add(d, ROLE_HEADING, 0, false, -1, ws->w.f->sections[q->section].title);
            last = q->section;
        }
        const answer *a = answers_get(&ws->w.answers, q->id);
        char *shown = a ? answer_display(q, a) : NULL;
        bool missing = !a && q->required;
        char *line = xasprintf("%s %s", missing ? "!" : (a ? " " : "-"), q->prompt);
        doc_add(d, missing ? ROLE_WARNING : ROLE_NORMAL, 0, true, (int)k, line);
        doc_add(d, a ? ROLE_OK : ROLE_DIM, 4, true, (int)k,
                shown ? shown : (missing ? "(required: not answered)" : "(not answered)"));
        free(line);
        free(shown);
    }
    free(vis);
}

/* Scrolls the review so that the rows tagged rcur are visible. */
static void review_scroll(wiz_screen *ws, const textdoc *d, int h, int cols)
{
    int first = -1, rows = 0, row = 0;
    for (size_t i = 0; i < d->n; i++) {
        int r = doc_line_rows(d, i, cols);
        if (d->lines[i].tag == (int)ws->rcur) {
            if (first < 0)
                first = row;
            rows += r;
        }
        row += r;
    }
    if (first < 0)
        return;
    if (first < ws->rtop)
        ws->rtop = first > 0 && d->lines[0].tag < 0 ? first - 1 : first;
    if (first + rows > ws->rtop + h)
        ws->rtop = first + rows - h;
}

static void draw_review(screen *s, tui *t)
{
    (void)t;
    wiz_screen *ws = (wiz_screen *)s;
    draw_header(ws);
    wizard_progress p;
    wizard_get_progress(&ws->w, &p);
    size_t nmiss;
    free(wizard_missing(&ws->w, &nmiss));
    char *head = xasprintf("Review: %zu of %zu questions answered%s", p.answered, p.visible,
                           nmiss ? "; questions marked ! are required" : "; F9 finishes");
    draw_str(3, 2, COLS - 4, head, nmiss ? ROLE_WARNING : ROLE_HEADING);
    free(head);
    textdoc d;
    doc_init(&d);
    review_doc(ws, &d);
    int h = LINES - 3 - 5, cols = COLS - 2;
    review_scroll(ws, &d, h, cols);
    doc_draw(&d, 5, 1, h, cols, ws->rtop, (int)ws->rcur);
    doc_free(&d);
}

/* ---- keys ------------------------------------------------------------------- */

static bool question_enabled(void *ctx, int action)
{
    wiz_screen *ws = ctx;
    const question *q = wizard_question(&ws->w);
    switch (action) {
    case W_SUBMIT: return ws->kind != EK_TEXT;
    case W_NEXT: return ws->kind == EK_TEXT;
    case W_DONTKNOW: return q && q->dontknow;
    case W_RETRY: return ws->w.npending > 0;
    case W_BRIEF: return ws->sc != NULL;
    default: return true;
    }
}

/* Passes a key to the editor of the current question. */
static int editor_key(wiz_screen *ws, tui *t, tkey k)
{
    int r;
    if (ws->kind == EK_LINE)
        r = le_key(&ws->le, k);
    else if (ws->kind == EK_TEXT)
        r = te_key(&ws->te, k, ws->text_cols > 0 ? ws->text_cols : COLS - 6);
    else
        r = cl_key(&ws->cl, k);
    const line_edit *le = ws->kind == EK_LINE ? &ws->le : &ws->te.t;
    if (r == ED_REFUSED && ws->kind != EK_CHOICE && le->maxlen && le->len + 4 > le->maxlen)
        tui_message(t, true, "this answer can be at most %zu bytes long", le->maxlen);
    else if (r == ED_REFUSED)
        beep();
    if (r == ED_CHANGED && ws->kind != EK_CHOICE &&
        (ws->kind == EK_LINE ? ws->le.len : ws->te.t.len) > 0)
        ws->dontknow = false;
    return r == ED_IGNORED ? TUI_NONE : TUI_REDRAW;
}

static int question_key(screen *s, tui *t, tkey k)
{
    wiz_screen *ws = (wiz_screen *)s;
    int a = bind_lookup(question_keys, ARRAY_LEN(question_keys), k, question_enabled, ws);
    if (a != W_HOME)
        ws->leaving = false;
    if (!a && ws->kind == EK_CHOICE && !k.fn && k.ch == '?')
        a = W_HELP;
    switch (a) {
    case W_SUBMIT:
        if (ws->kind == EK_CHOICE && !ws->cl.multi)
            cl_select(&ws->cl, ws->cl.cur, true);
        return go_next(ws, t);
    case W_NEXT:
    case W_NEXT_HIDDEN: return go_next(ws, t);
    case W_BACK: return go_back(ws, t);
    case W_HELP: show_help(ws, t); return TUI_REDRAW;
    case W_SECTIONS: return go_sections(ws, t);
    case W_DONTKNOW: return toggle_dontknow(ws);
    case W_REVIEW: return go_review(ws, t);
    case W_RETRY: return retry_save(ws, t);
    case W_BRIEF: training_show_brief(t, ws->sc); return TUI_REDRAW;
    case W_HOME: return go_home(ws, t);
    default: return editor_key(ws, t, k);
    }
}

static bool review_enabled(void *ctx, int action)
{
    wiz_screen *ws = ctx;
    switch (action) {
    case R_CONTINUE: return ws->w.f->continues != NULL;
    case W_RETRY: return ws->w.npending > 0;
    case W_BRIEF: return ws->sc != NULL;
    default: return true;
    }
}

static int review_key(screen *s, tui *t, tkey k)
{
    wiz_screen *ws = (wiz_screen *)s;
    size_t n;
    size_t *vis = visible_list(&ws->w, &n);
    int a = bind_lookup(review_keys, ARRAY_LEN(review_keys), k, review_enabled, ws);
    if (a != W_HOME)
        ws->leaving = false;
    int r = TUI_REDRAW;
    if (ws->rcur >= n)
        ws->rcur = n ? n - 1 : 0;
    switch (a) {
    case R_UP: if (ws->rcur > 0) ws->rcur--; break;
    case R_DOWN: if (ws->rcur + 1 < n) ws->rcur++; break;
    case R_PGUP: ws->rcur = 0; break;
    case R_PGDN: ws->rcur = n ? n - 1 : 0; break;
    case R_EDIT:
        if (n && wizard_goto(&ws->w, vis[ws->rcur])) {
            ws->from_review = true;
            sync_mode(ws);
        }
        break;
    case R_FINISH: r = finish(ws, t); break;
    case R_CONTINUE: r = continue_full(ws, t); break;
    case W_BACK: r = go_back(ws, t); break;
    case W_SECTIONS: r = go_sections(ws, t); break;
    case W_RETRY: r = retry_save(ws, t); break;
    case W_BRIEF: training_show_brief(t, ws->sc); break;
    case W_HOME: r = go_home(ws, t); break;
    default: r = TUI_NONE; break;
    }
    free(vis);
    return r;
}

/* ---- life cycle -------------------------------------------------------------- */

static void wiz_leave(screen *s, tui *t)
{
    wiz_screen *ws = (wiz_screen *)s;
    commit_field(ws, t, false);
}

static void wiz_free(screen *s)
{
    wiz_screen *ws = (wiz_screen *)s;
    editor_free(ws);
    wizard_close(&ws->w);
    form_free(ws->full);
    form_free(ws->f);
    scenario_free(ws->sc);
    free(ws->trainee);
    free(ws);
}

static const screen_ops question_ops = {
    "question", draw_question, question_key, wiz_leave, NULL, wiz_free,
    question_keys, ARRAY_LEN(question_keys), question_enabled, false,
};

static const screen_ops review_ops = {
    "review", draw_review, review_key, wiz_leave, NULL, wiz_free,
    review_keys, ARRAY_LEN(review_keys), review_enabled, false,
};

screen *wizard_screen_new(tui *t, form *f, int64_t session, char **err)
{
    wiz_screen *ws = xcalloc(1, sizeof *ws);
    ws->f = f;
    if (wizard_open(&ws->w, t->st, f, session, t->who, err) != STORE_OK) {
        wizard_close(&ws->w);
        form_free(f);
        free(ws);
        return NULL;
    }
    sync_mode(ws);
    return &ws->base;
}

void wizard_screen_continue(screen *s, tui *t)
{
    continue_full((wiz_screen *)s, t);
}

void wizard_screen_set_scenario(screen *s, scenario *sc, const char *trainee)
{
    wiz_screen *ws = (wiz_screen *)s;
    scenario_free(ws->sc);
    free(ws->trainee);
    ws->sc = sc;
    ws->trainee = xstrdup(trainee);
}
