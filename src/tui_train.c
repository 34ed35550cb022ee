/* tui_train.c - the trainers' screens: role-plays on training scenarios.
 *
 * The scenario list (title, difficulty, times played) starts a role-play:
 * the trainee gives a name, a training session opens on the scenario's form
 * and the normal wizard runs on it, with the brief on F6.  When the wizard
 * finishes, "Your diagnosis" asks the trainee for the defector type, the
 * three attribution values, the priority and the activities before the
 * program shows its own diagnosis; roleplay_finish scores and stores the
 * attempt and the feedback screen shows every check against the key, the
 * score, the verdict and the change since the last attempt.  The trainer's
 * view shows every attempt at a scenario side by side and each trainee's
 * progress across scenarios, and exports either as CSV or Markdown
 * (roleplay_render_attempts, written by export_write_file).  All scoring
 * and storing is in roleplay.c and training.c; this file only shows and
 * asks.
 *
 * Keys: list: Enter play, b brief, v trainer's view, Esc back.  Wizard (a
 * role-play): F6 brief.  Your diagnosis: Enter choose/tick, Space tick,
 * F9 submit, F6 brief, Esc twice leaves unscored.  Feedback: Enter the
 * program's diagnosis, Esc back to the list.  Trainer's view: e export.
 */
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "report.h"
#include "roleplay.h"
#include "text.h"
#include "training.h"
#include "util.h"
#include "vocab.h"

/* ---- shared helpers ------------------------------------------------------- */

void training_show_brief(tui *t, const scenario *sc)
{
    if (!sc)
        return;
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, sc->brief ? sc->brief : "(this scenario has no brief)");
    if (sc->nfacts)
        sb_add(&sb, "\n\nFacts the trainer can reveal when asked:");
    for (size_t i = 0; i < sc->nfacts; i++)
        sb_addf(&sb, "\n- %s", sc->facts[i].text);
    char *title = xasprintf("Brief: %s", sc->title);
    tui_help(t, title, sb_str(&sb));
    free(title);
    sb_free(&sb);
}

/* Scrolls *top so that the rows of the lines tagged tag fit in h rows. */
static void scroll_to_tag(const textdoc *d, int tag, int h, int cols, int *top)
{
    int first = -1, last = -1, row = 0;
    for (size_t i = 0; i < d->n; i++) {
        int r = doc_line_rows(d, i, cols);
        if (d->lines[i].tag == tag) {
            if (first < 0)
                first = row;
            last = row + r;
        }
        row += r;
    }
    if (first < 0)
        return;
    if (first < *top)
        *top = first;
    if (last > *top + h)
        *top = last - h;
}

/* Keeps *top within the document (rows tall) shown in h rows. */
static void clamp_top(int *top, int rows, int h)
{
    if (*top > rows - h)
        *top = rows - h;
    if (*top < 0)
        *top = 0;
}

/* Draws a document in the body (rows 2 .. LINES-4) with a "more" hint. */
static void draw_body_doc(const textdoc *d, int *top, int highlight)
{
    int h = LINES - 3 - 2, cols = COLS - 2;
    clamp_top(top, doc_rows(d, cols), h);
    doc_draw(d, 2, 1, h, cols, *top, highlight);
    if (*top + h < doc_rows(d, cols))
        draw_str(LINES - 3, COLS - 12, 11, "more below", ROLE_DIM);
}

/* Scroll keys shared by the read-only documents. */
enum { S_UP = 1, S_DOWN, S_PGUP, S_PGDN };

/* Moves *top for a scroll action; false when a is not one. */
static bool scroll_action(int a, int *top)
{
    int page = LINES - 6;
    switch (a) {
    case S_UP: (*top)--; return true;
    case S_DOWN: (*top)++; return true;
    case S_PGUP: *top -= page; return true;
    case S_PGDN: *top += page; return true;
    default: return false;
    }
}

#define SCROLL_KEYS \
    { S_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL }, \
    { S_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL }, \
    { S_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL }, \
    { S_PGDN, { K_FN(KEY_NPAGE), K_CH(' ') }, "PgDn", NULL }

/* "Bought away" for value v of element e, "-" when none. */
static const char *elem_value(int e, int v)
{
    const char *l = v >= 0 ? scenario_elem_value_label(e, v) : NULL;
    return l ? l : "-";
}

/* A cell of a table row: s cut or padded to cols cells, then two blanks. */
static void add_cell(strbuf *sb, const char *s, int cols)
{
    char *c = text_sanitize(s ? s : "-", false);
    c[text_fit(c, cols)] = '\0';
    sb_add(sb, c);
    sb_addf(sb, "%*s  ", cols - text_width(c), "");
    free(c);
}

/* ---- the feedback --------------------------------------------------------- */

enum { F_DIAG = S_PGDN + 1, F_DONE };

static const binding feedback_keys[] = {
    { F_DIAG, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER), K_CH('d') }, "Enter",
      "Program's diagnosis" },
    { F_DONE, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Done" },
    SCROLL_KEYS,
};

typedef struct feedback {
    screen base;
    training_result r;    /* owned */
    int previous;         /* the trainee's last score here, -1 none */
    int64_t session;
    char *trainee;        /* owned */
    int top;
} feedback;

/* "OK" / "WRONG" with a mark, so that colour is never the only sign. */
static const char *check_mark(const training_check *c)
{
    if (c->passed)
        return "\u2714 OK    ";
    return c->blocker ? "\u2718 FAILED" : "\u2718 WRONG ";
}

/* One check: the mark, what was said against the key, the explanation. */
static void add_check(textdoc *d, const training_check *c)
{
    char *line;
    if (str_eq(c->id, "answers"))
        line = xasprintf("%s  %s: the program reads your answers as %s, the key says %s",
                         check_mark(c), c->label, c->stated ? c->stated : "-",
                         c->expected ? c->expected : "-");
    else if (!strchr(c->id, '.'))
        line = xasprintf("%s  %s: yours %s, expected %s", check_mark(c), c->label,
                         c->stated ? c->stated : "(not stated)",
                         c->expected ? c->expected : "-");
    else
        line = xasprintf("%s  %s", check_mark(c), c->label);
    doc_hang(d, doc_add(d, c->passed ? ROLE_OK : ROLE_WARNING, 0, true, -1, line), 12);
    free(line);
    if (c->explanation)
        doc_add(d, ROLE_NORMAL, 12, true, -1, c->explanation);
}

/* Score, pass mark, verdict, change since last time, failed blockers. */
static void add_verdict(textdoc *d, const feedback *fb)
{
    const training_result *r = &fb->r;
    doc_addf(d, ROLE_HEADING, 0, "Scenario: %s (version %s), trainee %s", r->scenario_title,
             r->scenario_version, fb->trainee);
    doc_addf(d, r->passed ? ROLE_OK : ROLE_WARNING, 0, "Score: %d/100   pass mark %d   %s",
             r->score, r->pass_mark, r->passed ? "PASSED" : "FAILED");
    int delta = r->score - fb->previous;
    if (fb->previous < 0)
        doc_add(d, ROLE_NORMAL, 0, false, -1, "Your first attempt at this scenario.");
    else if (delta == 0)
        doc_addf(d, ROLE_NORMAL, 0, "Same as last time (%d).", fb->previous);
    else
        doc_addf(d, ROLE_NORMAL, 0, "%+d since last time (%d).", delta, fb->previous);
    if (!r->blocked)
        return;
    doc_add(d, ROLE_WARNING, 0, true, -1, "! FAILED by a blocker, whatever the score:");
    for (size_t i = 0; i < r->nchecks; i++)
        if (r->checks[i].blocker && !r->checks[i].passed)
            doc_hang(d, doc_addf(d, ROLE_WARNING, 2, "! %s", r->checks[i].label), 4);
}

/* The whole feedback as a document. */
static void feedback_doc(const feedback *fb, textdoc *d)
{
    const training_result *r = &fb->r;
    add_verdict(d, fb);
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    doc_add(d, ROLE_HEADING, 0, false, -1, "Your diagnosis and plan against the key");
    bool blockers = false;
    for (size_t i = 0; i < r->nchecks; i++) {
        if (r->checks[i].blocker)
            blockers = true;
        else
            add_check(d, &r->checks[i]);
    }
    if (blockers) {
        doc_add(d, ROLE_NORMAL, 0, false, -1, "");
        doc_add(d, ROLE_HEADING, 0, false, -1, "Blockers (any one fails the session)");
        for (size_t i = 0; i < r->nchecks; i++)
            if (r->checks[i].blocker)
                add_check(d, &r->checks[i]);
    }
    if (!r->has_program)
        return;
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    doc_add(d, ROLE_HEADING, 0, false, -1, "What your answers told the program");
    doc_add(d, r->program_note ? ROLE_WARNING : ROLE_NORMAL, 2, true, -1,
            r->program_note ? r->program_note
                            : "The program's reading of your answers agrees with your "
                              "diagnosis.");
}

static void feedback_draw(screen *s, tui *t)
{
    (void)t;
    feedback *fb = (feedback *)s;
    char *title = xasprintf("winback \u00b7 training feedback \u00b7 %s", fb->r.scenario_title);
    char right[32];
    snprintf(right, sizeof right, "%d/100 %s", fb->r.score, fb->r.passed ? "PASSED" : "FAILED");
    draw_title(title, right);
    free(title);
    textdoc d;
    doc_init(&d);
    feedback_doc(fb, &d);
    draw_body_doc(&d, &fb->top, -1);
    doc_free(&d);
}

static int feedback_key(screen *s, tui *t, tkey k)
{
    feedback *fb = (feedback *)s;
    int a = bind_lookup(feedback_keys, ARRAY_LEN(feedback_keys), k, NULL, NULL);
    if (scroll_action(a, &fb->top))
        return TUI_REDRAW;
    char *err = NULL;
    if (a == F_DONE) {
        tui_pop(t);
        return TUI_REDRAW;
    }
    if (a != F_DIAG)
        return TUI_NONE;
    screen *d = diagnosis_screen_new(t, fb->session, &err);
    if (d)
        tui_replace(t, d);
    else
        tui_message(t, true, "%s", err ? err : "the diagnosis cannot be shown");
    free(err);
    return TUI_REDRAW;
}

static void feedback_free(screen *s)
{
    feedback *fb = (feedback *)s;
    training_result_free(&fb->r);
    free(fb->trainee);
    free(fb);
}

static const screen_ops feedback_ops = {
    "feedback", feedback_draw, feedback_key, NULL, NULL, feedback_free,
    feedback_keys, ARRAY_LEN(feedback_keys), NULL, false,
};

/* The feedback screen; takes over the contents of r (r is left empty). */
static screen *feedback_screen_new(training_result *r, int previous, int64_t session,
                                   const char *trainee)
{
    feedback *fb = xcalloc(1, sizeof *fb);
    fb->base.ops = &feedback_ops;
    fb->r = *r;
    training_result_init(r);
    fb->previous = previous;
    fb->session = session;
    fb->trainee = xstrdup(trainee);
    return &fb->base;
}

/* ---- your diagnosis --------------------------------------------------------- */

enum { Y_CHOOSE = S_PGDN + 1, Y_TICK, Y_SUBMIT, Y_BRIEF, Y_LEAVE, Y_HOME, Y_END };

static const binding stated_keys[] = {
    { Y_CHOOSE, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Choose" },
    { Y_TICK, { K_CH(' ') }, "Space", "Tick" },
    { Y_SUBMIT, { K_FN(KEY_F(9)) }, "F9", "Submit" },
    { Y_BRIEF, { K_FN(KEY_F(6)) }, "F6", "Brief" },
    { Y_LEAVE, { K_CH(27), K_FN(KEY_F(10)) }, "Esc", "Leave unscored" },
    { S_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { S_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { Y_HOME, { K_FN(KEY_HOME), K_FN(KEY_PPAGE) }, "Home", NULL },
    { Y_END, { K_FN(KEY_END), K_FN(KEY_NPAGE) }, "End", NULL },
};

/* Rows: the five elements, the activities of the library, "Submit". */
typedef struct stated_screen {
    screen base;
    scenario *sc;            /* owned */
    char *trainee;           /* owned */
    int64_t session;
    int value[SC_ELEM_COUNT];/* chosen value per element, -1 none */
    bool *act;               /* lib->nacts flags */
    size_t nacts;
    size_t cur;              /* highlighted row */
    int top;
    bool leaving;            /* Esc pressed once: the next Esc leaves */
} stated_screen;

static size_t stated_rows(const stated_screen *ss)
{
    return SC_ELEM_COUNT + ss->nacts + 1;
}

/* The form of the screen: elements, activities, the submit row. */
static void stated_doc(const stated_screen *ss, const library *lib, textdoc *d)
{
    doc_add(d, ROLE_NORMAL, 0, true, -1,
            "Before the program shows its own diagnosis, state yours. Enter chooses a "
            "value or ticks an activity; F9 submits for feedback.");
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    doc_add(d, ROLE_HEADING, 0, false, -1, "Your diagnosis");
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        doc_addf(d, ss->value[e] >= 0 ? ROLE_NORMAL : ROLE_DIM, 2, "%-16s %s",
                 scenario_elem_label(e),
                 ss->value[e] >= 0 ? elem_value(e, ss->value[e]) : "(not chosen: Enter)");
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        d->lines[d->n - SC_ELEM_COUNT + (size_t)e].tag = e;
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    doc_add(d, ROLE_HEADING, 0, false, -1, "Activities you would choose (Space ticks)");
    for (size_t i = 0; i < ss->nacts; i++) {
        char *line = xasprintf("[%c] %s", ss->act[i] ? 'x' : ' ', lib->acts[i].title);
        doc_add(d, ROLE_NORMAL, 2, false, (int)(SC_ELEM_COUNT + i), line);
        free(line);
    }
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    doc_add(d, ROLE_HEADING, 2, false, (int)(SC_ELEM_COUNT + ss->nacts),
            "[ Submit: score my diagnosis (F9) ]");
}

static void stated_draw(screen *s, tui *t)
{
    stated_screen *ss = (stated_screen *)s;
    char *title = xasprintf("winback \u00b7 training \u00b7 your diagnosis \u00b7 %s",
                            ss->sc->title);
    draw_title(title, ss->trainee);
    free(title);
    textdoc d;
    doc_init(&d);
    stated_doc(ss, t->lib, &d);
    int h = LINES - 3 - 2, cols = COLS - 2;
    scroll_to_tag(&d, (int)ss->cur, h, cols, &ss->top);
    draw_body_doc(&d, &ss->top, (int)ss->cur);
    doc_free(&d);
}

/* Picker callback: the value of the element on the highlighted row. */
static bool pick_elem_value(void *ctx, tui *t, size_t index)
{
    (void)t;
    stated_screen *ss = ctx;
    if (ss->cur < SC_ELEM_COUNT) {
        ss->value[ss->cur] = (int)index;
        ss->cur++;
    }
    return true;
}

/* Offers the values of element e in a picker. */
static void choose_elem(stated_screen *ss, tui *t, int e)
{
    const char *labels[VOCAB_MAX_VALUES > PRIORITY_COUNT ? VOCAB_MAX_VALUES : PRIORITY_COUNT];
    size_t n = (size_t)scenario_elem_value_count(e);
    for (size_t v = 0; v < n && v < ARRAY_LEN(labels); v++)
        labels[v] = scenario_elem_value_label(e, (int)v);
    tui_pick(t, scenario_elem_label(e), labels, n < ARRAY_LEN(labels) ? n : ARRAY_LEN(labels),
             ss->value[e] >= 0 ? (size_t)ss->value[e] : 0, pick_elem_value, ss);
}

/* Scores and stores the attempt, then shows the feedback. */
static int stated_submit(stated_screen *ss, tui *t)
{
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        if (ss->value[e] < 0) {
            ss->cur = (size_t)e;
            tui_message(t, true, "choose the %s first", scenario_elem_label(e));
            return TUI_REDRAW;
        }
    stated said;
    stated_init(&said);
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        said.value[e] = ss->value[e];
    for (size_t i = 0; i < ss->nacts; i++)
        if (ss->act[i])
            stated_add_activity(&said, t->lib->acts[i].id);
    training_result r;
    int previous = -1;
    char *err = NULL;
    int rc = roleplay_finish(t->st, t->lib, ss->sc, ss->session, ss->trainee, &said, &r,
                             &previous, &err);
    stated_free(&said);
    if (rc != STORE_OK) {
        tui_message(t, true, "not scored: %s", err ? err : "database error");
        free(err);
        training_result_free(&r);
        return TUI_REDRAW;
    }
    tui_replace(t, feedback_screen_new(&r, previous, ss->session, ss->trainee));
    training_result_free(&r);
    return TUI_REDRAW;
}

/* Enter / Space on the highlighted row. */
static int stated_choose(stated_screen *ss, tui *t, bool tick_only)
{
    if (ss->cur < SC_ELEM_COUNT) {
        if (!tick_only)
            choose_elem(ss, t, (int)ss->cur);
        return TUI_REDRAW;
    }
    size_t i = ss->cur - SC_ELEM_COUNT;
    if (i < ss->nacts)
        ss->act[i] = !ss->act[i];
    else if (!tick_only)
        return stated_submit(ss, t);
    return TUI_REDRAW;
}

static int stated_key(screen *s, tui *t, tkey k)
{
    stated_screen *ss = (stated_screen *)s;
    int a = bind_lookup(stated_keys, ARRAY_LEN(stated_keys), k, NULL, NULL);
    bool leaving = ss->leaving;
    ss->leaving = false;
    size_t last = stated_rows(ss) - 1;
    switch (a) {
    case S_UP: if (ss->cur > 0) ss->cur--; return TUI_REDRAW;
    case S_DOWN: if (ss->cur < last) ss->cur++; return TUI_REDRAW;
    case Y_HOME: ss->cur = 0; return TUI_REDRAW;
    case Y_END: ss->cur = last; return TUI_REDRAW;
    case Y_CHOOSE: return stated_choose(ss, t, false);
    case Y_TICK: return stated_choose(ss, t, true);
    case Y_SUBMIT: return stated_submit(ss, t);
    case Y_BRIEF: training_show_brief(t, ss->sc); return TUI_REDRAW;
    case Y_LEAVE:
        if (leaving) {
            tui_pop(t);
            return TUI_REDRAW;
        }
        ss->leaving = true;
        tui_message(t, false, "press Esc again to leave: this role-play then stays "
                              "unscored (its answers are kept)");
        return TUI_REDRAW;
    default: return TUI_NONE;
    }
}

static void stated_free_screen(screen *s)
{
    stated_screen *ss = (stated_screen *)s;
    scenario_free(ss->sc);
    free(ss->trainee);
    free(ss->act);
    free(ss);
}

static const screen_ops stated_ops = {
    "your diagnosis", stated_draw, stated_key, NULL, NULL, stated_free_screen,
    stated_keys, ARRAY_LEN(stated_keys), NULL, false,
};

screen *training_stated_screen_new(tui *t, scenario *sc, const char *trainee,
                                   int64_t session)
{
    stated_screen *ss = xcalloc(1, sizeof *ss);
    ss->base.ops = &stated_ops;
    ss->sc = sc;
    ss->trainee = xstrdup(trainee ? trainee : t->who);
    ss->session = session;
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        ss->value[e] = -1;
    ss->nacts = t->lib ? t->lib->nacts : 0;
    ss->act = xcalloc(ss->nacts + 1, sizeof *ss->act);
    return &ss->base;
}

/* ---- the trainer's view ------------------------------------------------------ */

enum { V_BACK = S_PGDN + 1, V_EXPORT };

static const binding view_keys[] = {
    { V_EXPORT, { K_CH('e') }, "e", "Export" },
    { V_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    SCROLL_KEYS,
};

typedef struct trainer_view {
    screen base;
    char *scenario_id;    /* owned */
    char *title;          /* owned: the scenario's title */
    attempt *here;        /* attempts at this scenario, oldest first */
    size_t nhere;
    attempt *all;         /* every attempt, oldest first */
    size_t nall;
    int top;
    int export_choice;    /* the export being asked for (export_kinds) */
} trainer_view;

/* What the trainer's view exports: which table, in which format. */
static const struct export_kind {
    const char *label;
    bool by_trainee;      /* every trainee's progress, else this scenario */
    int format;           /* ROLEPLAY_CSV or REPORT_MARKDOWN */
    const char *ext;
} export_kinds[] = {
    { "This scenario's attempts as CSV", false, ROLEPLAY_CSV, "csv" },
    { "This scenario's attempts as Markdown", false, REPORT_MARKDOWN, "md" },
    { "Every trainee's progress as CSV", true, ROLEPLAY_CSV, "csv" },
    { "Every trainee's progress as Markdown", true, REPORT_MARKDOWN, "md" },
};

/* Change since the same trainee's previous attempt at the same scenario
 * (earlier in list); false when i is the first. */
static bool score_change(const attempt *list, size_t i, int *delta)
{
    for (size_t j = i; j-- > 0;)
        if (str_eq(list[j].trainee, list[i].trainee) &&
            str_eq(list[j].scenario_id, list[i].scenario_id)) {
            *delta = list[i].score - list[j].score;
            return true;
        }
    return false;
}

/* One row of a table of attempts; first is the trainee or the scenario. */
static char *attempt_row(const attempt *list, size_t i, const char *first, int wfirst,
                         int wtype)
{
    const attempt *a = &list[i];
    char date[11], score[8], blk[8], since[16];
    int delta;
    snprintf(date, sizeof date, "%.10s", a->at ? a->at : "");
    snprintf(score, sizeof score, "%d", a->score);
    snprintf(blk, sizeof blk, "%d", a->blockers);
    if (score_change(list, i, &delta))
        snprintf(since, sizeof since, "%+d", delta);
    else
        snprintf(since, sizeof since, "first");
    strbuf sb;
    sb_init(&sb);
    add_cell(&sb, first, wfirst);
    add_cell(&sb, date, 10);
    add_cell(&sb, a->type_chosen >= 0 ? vocab_value_label(DIM_TYPE, a->type_chosen) : "-",
             wtype);
    add_cell(&sb, score, 5);
    add_cell(&sb, a->passed ? "pass" : "FAIL", 6);
    add_cell(&sb, blk, 8);
    add_cell(&sb, since, 5);
    return sb_take(&sb);
}

/* The header of the tables, with the same widths as attempt_row. */
static char *table_head(const char *first, int wfirst, int wtype)
{
    strbuf sb;
    sb_init(&sb);
    add_cell(&sb, first, wfirst);
    add_cell(&sb, "Date", 10);
    add_cell(&sb, "Type chosen", wtype);
    add_cell(&sb, "Score", 5);
    add_cell(&sb, "Result", 6);
    add_cell(&sb, "Blockers", 8);
    add_cell(&sb, "Since", 5);
    return sb_take(&sb);
}

static void add_table_line(textdoc *d, int role, char *line)
{
    doc_add(d, role, 2, false, -1, line);
    free(line);
}

/* Each trainee's attempts across all scenarios, with passes counted. */
static void add_progress(textdoc *d, const trainer_view *v, int wtype)
{
    doc_add(d, ROLE_HEADING, 0, false, -1, "Progress of each trainee (all scenarios)");
    if (!v->nall)
        doc_add(d, ROLE_DIM, 2, false, -1, "No role-plays yet.");
    for (size_t i = 0; i < v->nall; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = str_eq(v->all[j].trainee, v->all[i].trainee);
        if (seen)
            continue;
        size_t n = 0, passed = 0;
        for (size_t j = i; j < v->nall; j++)
            if (str_eq(v->all[j].trainee, v->all[i].trainee)) {
                n++;
                passed += v->all[j].passed;
            }
        doc_add(d, ROLE_NORMAL, 0, false, -1, "");
        doc_addf(d, ROLE_HEADING, 2, "%s: %zu attempt(s), %zu passed", v->all[i].trainee, n,
                 passed);
        add_table_line(d, ROLE_DIM, table_head("Scenario", 16, wtype));
        for (size_t j = i; j < v->nall; j++)
            if (str_eq(v->all[j].trainee, v->all[i].trainee))
                add_table_line(d, ROLE_NORMAL,
                               attempt_row(v->all, j, v->all[j].scenario_id, 16, wtype));
    }
}

/* The trainer's view as a document: this scenario's attempts, then each
 * trainee's progress; the type column takes what the width leaves. */
static void view_doc(const trainer_view *v, textdoc *d, int cols)
{
    int wtype = cols - 2 - (16 + 10 + 5 + 6 + 8 + 5) - 7 * 2;
    if (wtype < 10)
        wtype = 10;
    doc_addf(d, ROLE_HEADING, 0, "Attempts at \"%s\" (%s), oldest first", v->title,
             v->scenario_id);
    if (!v->nhere) {
        doc_add(d, ROLE_DIM, 2, false, -1, "Nobody has played this scenario yet.");
    } else {
        add_table_line(d, ROLE_DIM, table_head("Trainee", 16, wtype));
        for (size_t i = 0; i < v->nhere; i++)
            add_table_line(d, v->here[i].passed ? ROLE_NORMAL : ROLE_WARNING,
                           attempt_row(v->here, i, v->here[i].trainee, 16, wtype));
    }
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    add_progress(d, v, wtype);
}

static void view_draw(screen *s, tui *t)
{
    (void)t;
    trainer_view *v = (trainer_view *)s;
    draw_title("winback \u00b7 trainer's view", v->scenario_id);
    textdoc d;
    doc_init(&d);
    view_doc(v, &d, COLS - 2);
    draw_body_doc(&d, &v->top, -1);
    doc_free(&d);
}

/* Prompt callback: writes the chosen export to the file named. */
static bool export_to(void *ctx, tui *t, const char *path)
{
    trainer_view *v = ctx;
    const struct export_kind *k = &export_kinds[v->export_choice];
    if (str_empty(path)) {
        tui_message(t, true, "name the file to write");
        return false;
    }
    char *data = k->by_trainee
        ? roleplay_render_attempts(v->all, v->nall, ROLEPLAY_BY_TRAINEE, k->format)
        : roleplay_render_attempts(v->here, v->nhere, ROLEPLAY_BY_SCENARIO, k->format);
    char *err = NULL;
    int rc = export_write_file(path, data, strlen(data), false, &err);
    free(data);
    if (rc != 0) {
        tui_message(t, true, "%s", err ? err : "cannot write the file");
        free(err);
        return false;
    }
    tui_message(t, false, "written to %s", path);
    return true;
}

/* Picker callback: the kind of export; asks for the file. */
static bool pick_export(void *ctx, tui *t, size_t index)
{
    trainer_view *v = ctx;
    v->export_choice = (int)index;
    const struct export_kind *k = &export_kinds[index];
    char *name = xasprintf("%s-%s.%s", k->by_trainee ? "trainees" : "attempts",
                           k->by_trainee ? "progress" : v->scenario_id, k->ext);
    tui_prompt(t, "Export", "Write to which file? (an existing file is not overwritten)",
               name, 400, export_to, v);
    free(name);
    return true;
}

static int view_key(screen *s, tui *t, tkey k)
{
    trainer_view *v = (trainer_view *)s;
    int a = bind_lookup(view_keys, ARRAY_LEN(view_keys), k, NULL, NULL);
    if (scroll_action(a, &v->top))
        return TUI_REDRAW;
    if (a == V_BACK) {
        tui_pop(t);
        return TUI_REDRAW;
    }
    if (a == V_EXPORT) {
        const char *labels[ARRAY_LEN(export_kinds)];
        for (size_t i = 0; i < ARRAY_LEN(export_kinds); i++)
            labels[i] = export_kinds[i].label;
        tui_pick(t, "Export the attempts", labels, ARRAY_LEN(labels), 0, pick_export, v);
        return TUI_REDRAW;
    }
    return TUI_NONE;
}

static void view_free(screen *s)
{
    trainer_view *v = (trainer_view *)s;
    attempt_list_free(v->here, v->nhere);
    attempt_list_free(v->all, v->nall);
    free(v->scenario_id);
    free(v->title);
    free(v);
}

static const screen_ops view_ops = {
    "trainer's view", view_draw, view_key, NULL, NULL, view_free,
    view_keys, ARRAY_LEN(view_keys), NULL, false,
};

/* The trainer's view of scenario sc; NULL with *err set (caller frees). */
static screen *trainer_view_new(tui *t, const scenario *sc, char **err)
{
    trainer_view *v = xcalloc(1, sizeof *v);
    v->base.ops = &view_ops;
    v->scenario_id = xstrdup(sc->id);
    v->title = xstrdup(sc->title);
    if (roleplay_attempts(t->st, sc->id, NULL, &v->here, &v->nhere, err) != STORE_OK ||
        roleplay_attempts(t->st, NULL, NULL, &v->all, &v->nall, err) != STORE_OK) {
        view_free(&v->base);
        return NULL;
    }
    return &v->base;
}

/* ---- the scenario list --------------------------------------------------------- */

enum { T_START = S_PGDN + 1, T_VIEW, T_BRIEF, T_BACK, T_HOME, T_END };

static const binding train_keys[] = {
    { T_START, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Play" },
    { T_BRIEF, { K_FN(KEY_F(6)), K_CH('b') }, "b", "Brief" },
    { T_VIEW, { K_CH('v') }, "v", "Trainer's view" },
    { T_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { S_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { S_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { T_HOME, { K_FN(KEY_HOME), K_FN(KEY_PPAGE) }, "Home", NULL },
    { T_END, { K_FN(KEY_END), K_FN(KEY_NPAGE) }, "End", NULL },
};

typedef struct train_list {
    screen base;
    scenario **list;      /* owned */
    size_t n, cur;
    int *played;          /* attempts per scenario */
    int top;
} train_list;

/* (Re)loads the scenarios and their play counts. */
static void train_load(train_list *tl, tui *t)
{
    problems probs;
    problems_init(&probs);
    scenario_list_free(tl->list, tl->n);
    free(tl->played);
    tl->list = scenario_list(t->lib, &tl->n, &probs);
    if (probs.n)
        tui_message(t, true, "%zu problem(s) in the scenario files, first: %s", probs.n,
                    probs.msg[0]);
    problems_free(&probs);
    tl->played = xcalloc(tl->n + 1, sizeof *tl->played);
    const char **ids = xcalloc(tl->n + 1, sizeof *ids);
    for (size_t i = 0; i < tl->n; i++)
        ids[i] = tl->list[i]->id;
    char *err = NULL;
    if (tl->n && roleplay_play_counts(t->st, ids, tl->n, tl->played, &err) != STORE_OK) {
        tui_message(t, true, "cannot count the attempts: %s", err ? err : "database error");
        free(err);
    }
    free(ids);
    if (tl->cur >= tl->n)
        tl->cur = tl->n ? tl->n - 1 : 0;
}

/* One scenario: title, difficulty, times played. */
static void train_row(const train_list *tl, size_t i, int y, bool hl)
{
    int role = hl ? ROLE_SELECTED : ROLE_NORMAL;
    int wtitle = COLS - 4 - 10 - 16;
    char played[32];
    snprintf(played, sizeof played, "%d time%s", tl->played[i], tl->played[i] == 1 ? "" : "s");
    draw_str_pad(y, 1, COLS - 2, hl ? ">" : " ", role);
    draw_str(y, 3, wtitle - 1, tl->list[i]->title, role);
    draw_str(y, 3 + wtitle, 9, scenario_difficulty_id(tl->list[i]->difficulty), role);
    draw_str(y, 3 + wtitle + 10, 16, played, role);
}

static void train_draw(screen *s, tui *t)
{
    train_list *tl = (train_list *)s;
    draw_title("winback \u00b7 training (role-play)", t->who);
    draw_para(2, 3, COLS - 6, 2, 0, "Play the salesperson who lost the account: read the "
              "brief, answer the debrief, state your diagnosis and get feedback.", ROLE_DIM);
    int wtitle = COLS - 4 - 10 - 16;
    draw_str(5, 3, wtitle, "Scenario", ROLE_HEADING);
    draw_str(5, 3 + wtitle, 9, "Level", ROLE_HEADING);
    draw_str(5, 3 + wtitle + 10, 16, "Played", ROLE_HEADING);
    if (!tl->n) {
        draw_str(7, 3, COLS - 6, "No training scenarios found.", ROLE_DIM);
        return;
    }
    int h = LINES - 3 - 6;
    if ((int)tl->cur < tl->top)
        tl->top = (int)tl->cur;
    if ((int)tl->cur >= tl->top + h)
        tl->top = (int)tl->cur - h + 1;
    for (int r = 0; r < h && (size_t)(tl->top + r) < tl->n; r++) {
        size_t i = (size_t)(tl->top + r);
        train_row(tl, i, 6 + r, i == tl->cur);
        if (i == tl->cur)
            tui_cursor(t, 6 + r, 1);
    }
}

/* Prompt callback: the trainee's name; opens the training session. */
static bool start_roleplay(void *ctx, tui *t, const char *text)
{
    train_list *tl = ctx;
    char *name = str_trim(xstrdup(text));
    if (!*name) {
        free(name);
        tui_message(t, true, "the trainee needs a name (the trainer sees it)");
        return false;
    }
    problems probs;
    problems_init(&probs);
    scenario *sc = scenario_load(tl->list[tl->cur]->path, t->lib, &probs);
    char *err = sc ? NULL : xstrdup(probs.n ? probs.msg[0] : "the scenario cannot be loaded");
    problems_free(&probs);
    form *f = sc ? tui_load_form(sc->form_id, &err) : NULL;
    int64_t id = 0;
    if (f && (store_session_new(t->st, f->id, f->version, name, true, &id, &err) != STORE_OK
              || roleplay_begin(t->st, id, sc, name, &err) != STORE_OK)) {
        form_free(f);
        f = NULL;
    }
    screen *w = f ? wizard_screen_new(t, f, id, &err) : NULL;
    if (!w) {
        tui_message(t, true, "%s", err ? err : "cannot start the role-play");
        scenario_free(sc);
    } else {
        wizard_screen_set_scenario(w, sc, name);
        tui_push(t, w);
        tui_message(t, false, "role-play started: F6 shows the brief at any time");
    }
    free(err);
    free(name);
    return true;
}

/* The actions on the highlighted scenario. */
static int train_do(train_list *tl, tui *t, int a)
{
    const scenario *cur = tl->n ? tl->list[tl->cur] : NULL;
    char *err = NULL;
    switch (a) {
    case T_BACK: tui_pop(t); return TUI_REDRAW;
    case T_BRIEF: training_show_brief(t, cur); return TUI_REDRAW;
    case T_START:
        if (cur && store_read_only(t->st))
            tui_message(t, true, "the database is open read-only: no role-play");
        else if (cur)
            tui_prompt(t, "Trainee", "Who plays the salesperson? (the trainer sees this name)",
                       t->who, 80, start_roleplay, tl);
        return TUI_REDRAW;
    case T_VIEW: {
        screen *v = cur ? trainer_view_new(t, cur, &err) : NULL;
        if (v)
            tui_push(t, v);
        else if (cur)
            tui_message(t, true, "%s", err ? err : "cannot read the attempts");
        free(err);
        return TUI_REDRAW;
    }
    default: return TUI_NONE;
    }
}

static int train_key(screen *s, tui *t, tkey k)
{
    train_list *tl = (train_list *)s;
    int a = bind_lookup(train_keys, ARRAY_LEN(train_keys), k, NULL, NULL);
    switch (a) {
    case S_UP: if (tl->cur > 0) tl->cur--; return TUI_REDRAW;
    case S_DOWN: if (tl->cur + 1 < tl->n) tl->cur++; return TUI_REDRAW;
    case T_HOME: tl->cur = 0; return TUI_REDRAW;
    case T_END: tl->cur = tl->n ? tl->n - 1 : 0; return TUI_REDRAW;
    default: return train_do(tl, t, a);
    }
}

static void train_reveal(screen *s, tui *t)
{
    train_load((train_list *)s, t);
}

static void train_free(screen *s)
{
    train_list *tl = (train_list *)s;
    scenario_list_free(tl->list, tl->n);
    free(tl->played);
    free(tl);
}

static const screen_ops train_ops = {
    "training", train_draw, train_key, NULL, train_reveal, train_free,
    train_keys, ARRAY_LEN(train_keys), NULL, false,
};

screen *training_screen_new(tui *t)
{
    train_list *tl = xcalloc(1, sizeof *tl);
    tl->base.ops = &train_ops;
    train_load(tl, t);
    return &tl->base;
}

/* A role-play left before it was scored: the wizard with its scenario, or
 * "Your diagnosis" when the answers are finished.  NULL (and *err unset)
 * when session is not an unscored role-play. */
screen *training_resume(tui *t, int64_t session, bool finished, const char *form_id,
                        char **err)
{
    char *sid = NULL, *trainee = NULL;
    bool scored = false;
    screen *s = NULL;
    if (roleplay_session(t->st, session, &sid, &trainee, &scored, err) != STORE_OK || !sid ||
        scored) {
        free(sid);
        free(trainee);
        return NULL;
    }
    problems probs;
    problems_init(&probs);
    scenario *sc = scenario_find(sid, t->lib, &probs);
    if (!sc && err && !*err)
        *err = xstrdup(probs.n ? probs.msg[0] : "the role-play's scenario is missing");
    problems_free(&probs);
    form *f = sc && !finished ? tui_load_form(form_id, err) : NULL;
    if (sc && finished)
        s = training_stated_screen_new(t, sc, trainee, session);
    else if (f && (s = wizard_screen_new(t, f, session, err)))
        wizard_screen_set_scenario(s, sc, trainee);
    else
        scenario_free(sc);
    free(sid);
    free(trainee);
    return s;
}
