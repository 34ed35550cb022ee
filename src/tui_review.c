/* tui_review.c - the managers' review: the sessions browser, the view of
 * one session, and the list of follow-ups that are due.
 *
 * The browser shows one row per session (account, salesperson, date,
 * type, attribution, priority, checklist progress, outcome, marks for
 * training and overridden diagnoses).  It never holds more than a window
 * of rows: query_count runs once per filter change and query_page fetches
 * the rows around the visible page, so it stays instant on 100,000
 * sessions.  Sorting, filters (the names of query.h) and the full-text
 * search are keys; the filters in force are shown on a line of their own.
 *
 * The session view renders the whole session read-only (report_render's
 * text, with headings styled, plus who decided what: computed value, the
 * salesperson's override and the manager's, side by side) and offers the
 * manager's actions: a comment, an override with a reason, the outcome.
 * Each action is refused with a message when the store is read-only.
 */
#include "tui.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "followup.h"
#include "query.h"
#include "report.h"
#include "review.h"
#include "text.h"
#include "util.h"
#include "vocab.h"

#define RO_MSG "Read-only: opened with --read-only; nothing can be changed"

/* True when the terminal's locale writes UTF-8 (arrows, bars). */
static bool utf8_locale(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && strcmp(cs, "UTF-8") == 0;
}

/* ---- browser: columns ----------------------------------------------------- */

enum { BC_FLAGS, BC_ACCOUNT, BC_SALES, BC_DATE, BC_TYPE, BC_ATTR, BC_PRIO, BC_DONE,
       BC_OUTCOME, BC_COUNT };

typedef struct bcol {
    int qc;              /* the query_col it sorts by; -1 none */
    const char *head, *head_narrow;
    int wide, narrow;    /* widths in cells; the account takes the slack */
} bcol;

static const bcol bcols[BC_COUNT] = {
    [BC_FLAGS] = { -1, "", "", 3, 3 },
    [BC_ACCOUNT] = { QC_ACCOUNT, "Account", "Account", 0, 0 },
    [BC_SALES] = { QC_SALESPERSON, "Salesperson", "Sales", 14, 8 },
    [BC_DATE] = { QC_DATE, "Date", "Date", 10, 10 },
    [BC_TYPE] = { QC_TYPE, "Type", "Type", 13, 7 },
    [BC_ATTR] = { QC_ATTRIBUTION, "Attribution", "Attribution", 16, 15 },
    [BC_PRIO] = { QC_PRIORITY, "Prio", "Prio", 6, 6 },
    [BC_DONE] = { QC_PROGRESS, "Done", "Done", 5, 5 },
    [BC_OUTCOME] = { QC_OUTCOME, "Outcome", "Outc.", 7, 6 },
};

/* The order in which columns give up width when the account is narrow. */
static const int shrink_order[] = { BC_TYPE, BC_OUTCOME, BC_ATTR, BC_SALES };

#define ACCOUNT_MIN 20

/* Column widths for the current terminal width: the wide ones when the
 * account keeps ACCOUNT_MIN cells, else narrower ones, account last. */
static void col_widths(int w[BC_COUNT])
{
    int fixed = 1 + BC_COUNT - 1;          /* the cursor marker, separators */
    for (int c = 0; c < BC_COUNT; c++) {
        w[c] = bcols[c].wide;
        fixed += w[c];
    }
    for (size_t i = 0; i < ARRAY_LEN(shrink_order) && COLS - fixed < ACCOUNT_MIN; i++) {
        int c = shrink_order[i];
        fixed -= w[c] - bcols[c].narrow;
        w[c] = bcols[c].narrow;
    }
    w[BC_ACCOUNT] = COLS - fixed > 4 ? COLS - fixed : 4;
}

/* Short type labels: wide and narrow (the legend in the help says them). */
static const char *type_short(int type, bool narrow)
{
    static const char *const wide_l[TYPE_COUNT] = {
        "Bought away", "Pulled away", "Unint. pushed", "Moved away", "Int. pushed" };
    static const char *const narrow_l[TYPE_COUNT] = {
        "bought", "pulled", "unint.", "moved", "intent." };
    if (type < 0 || type >= TYPE_COUNT)
        return "-";
    return narrow ? narrow_l[type] : wide_l[type];
}

static const char *prio_short(int p)
{
    static const char *const l[PRIORITY_COUNT] = { "now", "wait", "let go" };
    return p >= 0 && p < PRIORITY_COUNT ? l[p] : "-";
}

static const char *outcome_short(const query_row *r)
{
    static const char *const l[OUTCOME_COUNT] = { "-", "won", "partly", "trying", "lost",
                                                  "ended" };
    if (r->outcome <= OUTCOME_NONE || r->outcome >= OUTCOME_COUNT)
        return r->status == SESSION_OPEN ? "open" : "-";
    return l[r->outcome];
}

/* The text of column c of row r (into buf, or a constant). */
static const char *cell_text(const query_row *r, int c, const int w[BC_COUNT], char *buf,
                             size_t n)
{
    switch (c) {
    case BC_FLAGS:
        snprintf(buf, n, "%c%c%c", r->training ? 'T' : ' ', r->overridden & 1 ? 'O' : ' ',
                 r->overridden & 2 ? 'M' : ' ');
        return buf;
    case BC_ACCOUNT: return r->account && *r->account ? r->account : "(unnamed)";
    case BC_SALES: return r->salesperson ? r->salesperson : "-";
    case BC_DATE: return r->day ? r->day : "-";
    case BC_TYPE: return type_short(r->type, w[BC_TYPE] < bcols[BC_TYPE].wide);
    case BC_ATTR:
        if (r->source < 0 && r->stability < 0 && r->control < 0)
            return "-";
        return vocab_attribution_short(r->source, r->stability, r->control, buf);
    case BC_PRIO: return prio_short(r->priority);
    case BC_DONE:
        if (r->items_total <= 0)
            return "-";
        snprintf(buf, n, "%d/%d", r->items_done, r->items_total);
        return buf;
    default: return outcome_short(r);
    }
}

/* ---- browser: state --------------------------------------------------------- */

enum {
    B_OPEN = 1, B_FILTER, B_SEARCH, B_CLEAR, B_SORT, B_SORT_BACK, B_REVERSE, B_TRAINING,
    B_STATS, B_EDIT, B_PLAN, B_DIAG, B_VIEW, B_HELP, B_BACK, B_UP, B_DOWN, B_PGUP, B_PGDN, B_HOME, B_END
};

static const binding browse_keys[] = {
    { B_OPEN, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Open" },
    { B_FILTER, { K_CH('f') }, "f", "Filter" },
    { B_SEARCH, { K_CH('/') }, "/", "Search" },
    { B_CLEAR, { K_CH('c') }, "c", "Clear" },
    { B_SORT, { K_CH('s') }, "s", "Sort" },
    { B_REVERSE, { K_CH('r') }, "r", "Reverse" },
    { B_STATS, { K_CH('g') }, "g", "Stats" },
    { B_TRAINING, { K_CH('t') }, "t", "Training" },
    { B_HELP, { K_FN(KEY_F(1)), K_CH('?') }, "?", "Help" },
    { B_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { B_SORT_BACK, { K_CH('S') }, "S", NULL },
    { B_EDIT, { K_CH('e') }, "e", NULL },
    { B_PLAN, { K_CH('p') }, "p", NULL },
    { B_DIAG, { K_CH('d') }, "d", NULL },
    { B_VIEW, { K_CH('v') }, "v", NULL },
    { B_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { B_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { B_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL },
    { B_PGDN, { K_FN(KEY_NPAGE), K_CH(' ') }, "PgDn", NULL },
    { B_HOME, { K_FN(KEY_HOME), K_CH('<') }, "Home", NULL },
    { B_END, { K_FN(KEY_END), K_CH('>') }, "End", NULL },
};

typedef struct browser {
    screen base;
    query_filter f;
    int sort;             /* enum query_col */
    bool desc;
    int64_t total;        /* sessions matching f: counted when f changes */
    query_row *rows;      /* the loaded window: rows win .. win + nrows - 1 */
    size_t nrows, win;
    bool loaded;          /* rows hold the window for the current f and sort */
    size_t cur, top;      /* highlighted row and first row shown (whole order) */
    int64_t cur_id;       /* the highlighted session (kept across re-sorts) */
    char *failed;         /* the last query error, shown in the body; owned */
    const char *edit;     /* the filter being chosen in a picker */
} browser;

/* Rows of the table on screen. */
static int page_rows(void)
{
    int h = LINES - 2 - 4;
    return h > 1 ? h : 1;
}

static void set_failed(browser *b, char *err)
{
    free(b->failed);
    b->failed = err ? err : xstrdup("database error");
}

/* Drops the loaded window (the next look-up fetches again). */
static void drop_window(browser *b)
{
    query_rows_free(b->rows, b->nrows);
    b->rows = NULL;
    b->nrows = 0;
    b->win = 0;
    b->loaded = false;
}

/* Pages fetched at once: the visible one and two on each side, so that
 * scrolling asks the database again only every other page or so. */
#define WINDOW_PAGES 5

/* Makes sure rows top .. top + page are loaded: one query_page of
 * WINDOW_PAGES pages around them, only when they are not loaded already. */
static void fetch_window(browser *b, tui *t)
{
    size_t h = (size_t)page_rows();
    size_t want_end = b->top + h < (size_t)b->total ? b->top + h : (size_t)b->total;
    if (b->loaded && b->top >= b->win && want_end <= b->win + b->nrows)
        return;
    drop_window(b);
    size_t before = h * (WINDOW_PAGES / 2);
    size_t off = b->top > before ? b->top - before : 0;
    char *err = NULL;
    if (query_page(t->st, &b->f, b->sort, b->desc, off, WINDOW_PAGES * h, &b->rows, &b->nrows,
                   &err)
        != STORE_OK) {
        set_failed(b, err);
        return;
    }
    b->win = off;
    b->loaded = true;
}

/* The loaded row at index i of the whole order, or NULL. */
static const query_row *row_at(const browser *b, size_t i)
{
    return b->loaded && i >= b->win && i < b->win + b->nrows ? &b->rows[i - b->win] : NULL;
}

/* Keeps the cursor on screen and remembers its session. */
static void follow_cursor(browser *b, tui *t)
{
    size_t h = (size_t)page_rows();
    if (b->total <= 0) {
        b->cur = b->top = 0;
        b->cur_id = 0;
        return;
    }
    if (b->cur >= (size_t)b->total)
        b->cur = (size_t)b->total - 1;
    if (b->cur < b->top)
        b->top = b->cur;
    if (b->cur >= b->top + h)
        b->top = b->cur - h + 1;
    fetch_window(b, t);
    const query_row *r = row_at(b, b->cur);
    b->cur_id = r ? r->id : 0;
}

/* Puts the cursor on session id when it is in the loaded window. */
static bool find_id(browser *b, int64_t id)
{
    for (size_t i = 0; id && i < b->nrows; i++)
        if (b->rows[i].id == id) {
            b->cur = b->win + i;
            return true;
        }
    return false;
}

/* Runs the query again: counts (the filter or the data changed), fetches
 * the window around the cursor and keeps the cursor's session when it is
 * still near. */
static void requery(browser *b, tui *t, bool keep_place)
{
    char *err = NULL;
    int64_t id = b->cur_id;
    free(b->failed);
    b->failed = NULL;
    drop_window(b);
    if (query_count(t->st, &b->f, &b->total, &err) != STORE_OK) {
        set_failed(b, err);
        b->total = 0;
    }
    if (!keep_place)
        b->cur = b->top = 0;
    follow_cursor(b, t);
    if (id && !find_id(b, id) && keep_place) {
        b->top = 0;                          /* look at the first page too */
        fetch_window(b, t);
        if (!find_id(b, id))
            b->cur = b->cur < (size_t)b->total ? b->cur : 0;
    }
    follow_cursor(b, t);
}

/* After a re-sort: the cursor's session stays highlighted when it is on
 * the first pages of the new order (cheap), else the cursor goes to the
 * top. */
static void resort(browser *b, tui *t)
{
    int64_t id = b->cur_id;
    drop_window(b);
    b->cur = b->top = 0;
    fetch_window(b, t);
    if (!find_id(b, id))
        b->cur = 0;
    follow_cursor(b, t);
}

/* ---- browser: drawing ------------------------------------------------------- */

/* "Filters: type=moved_away ..." with what the training filter means. */
static char *filter_line(const browser *b)
{
    char *d = query_filter_describe(&b->f);
    const char *scope = b->f.training == QUERY_REAL ? "real debriefs"
                        : b->f.training == QUERY_TRAINING ? "training sessions"
                                                          : "real and training";
    char *line = *d ? xasprintf("Filters: %s  (%s; c clears)", d, scope)
                    : xasprintf("Filters: none  (%s; f filters, / searches)", scope);
    free(d);
    return line;
}

/* The header row, with the sort column marked. */
static void draw_header(const browser *b, int y, const int w[BC_COUNT])
{
    bool u = utf8_locale();
    int x = 1;
    draw_str_pad(y, 0, COLS, "", ROLE_HEADING);
    for (int c = 0; c < BC_COUNT; c++) {
        char head[48];
        bool sorted = bcols[c].qc >= 0 && bcols[c].qc == b->sort;
        snprintf(head, sizeof head, "%s%s",
                 w[c] < bcols[c].wide ? bcols[c].head_narrow : bcols[c].head,
                 !sorted ? "" : b->desc ? (u ? "\u25bc" : "v") : (u ? "\u25b2" : "^"));
        draw_str(y, x, w[c], head, ROLE_HEADING);
        x += w[c] + 1;
    }
}

static void draw_row(const query_row *r, int y, bool hl, const int w[BC_COUNT])
{
    int role = hl ? ROLE_SELECTED : ROLE_NORMAL;
    draw_str_pad(y, 0, COLS, hl ? ">" : " ", role);
    int x = 1;
    for (int c = 0; c < BC_COUNT; c++) {
        char buf[32];
        const char *s = cell_text(r, c, w, buf, sizeof buf);
        int cr = !hl && c == BC_OUTCOME && r->status == SESSION_OPEN ? ROLE_DIM : role;
        draw_str(y, x, w[c], s, cr);
        x += w[c] + 1;
    }
}

/* What the body says when no row is shown. */
static void draw_empty(const browser *b, int y)
{
    char *d = query_filter_describe(&b->f);
    char *msg;
    if (b->failed)
        msg = xasprintf("Cannot list the sessions: %s", b->failed);
    else if (*d)
        msg = xasprintf("No sessions match: %s. Press c to clear the filters.", d);
    else if (b->f.training == QUERY_REAL)
        msg = xstrdup("No real debriefs saved yet. Press t to include training sessions, "
                      "or start a debrief from the home screen.");
    else
        msg = xstrdup("No sessions saved yet. Start a debrief from the home screen.");
    draw_para(y, 2, COLS - 4, 4, 0, msg, b->failed ? ROLE_ERROR : ROLE_DIM);
    free(msg);
    free(d);
}

static void browse_draw(screen *s, tui *t)
{
    browser *b = (browser *)s;
    char right[64];
    snprintf(right, sizeof right, "%lld session%s, by %s", (long long)b->total,
             b->total == 1 ? "" : "s", query_col_id(b->sort));
    draw_title("winback \u00b7 saved debriefs", right);
    char *fl = filter_line(b);
    draw_str(1, 1, COLS - 2, fl, ROLE_DIM);
    free(fl);
    int w[BC_COUNT];
    col_widths(w);
    draw_header(b, 2, w);
    follow_cursor(b, t);
    if (b->total <= 0 || b->failed) {
        draw_empty(b, 4);
        return;
    }
    int h = page_rows();
    for (int r = 0; r < h; r++) {
        const query_row *row = row_at(b, b->top + (size_t)r);
        if (!row)
            break;
        draw_row(row, 3 + r, b->top + (size_t)r == b->cur, w);
        if (b->top + (size_t)r == b->cur)
            tui_cursor(t, 3 + r, 0);
    }
}

/* ---- browser: filters --------------------------------------------------------- */

enum fkind { FK_DIM, FK_OUTCOME, FK_TEXT, FK_TRAINING, FK_YESNO };

/* The kind of filter `name` (and its dimension, DIM_COUNT: priority). */
static int filter_kind(const char *name, int *dim)
{
    *dim = vocab_dim_find(name);
    if (*dim >= 0)
        return FK_DIM;
    if (str_eq(name, "priority")) {
        *dim = DIM_COUNT;
        return FK_DIM;
    }
    if (str_eq(name, "outcome"))
        return FK_OUTCOME;
    if (str_eq(name, "training"))
        return FK_TRAINING;
    return str_eq(name, "overridden") ? FK_YESNO : FK_TEXT;
}

/* The value of a dimension filter (-1: any). */
static int dim_value(const query_filter *f, int dim)
{
    switch (dim) {
    case DIM_TYPE: return f->type;
    case DIM_SOURCE: return f->source;
    case DIM_STABILITY: return f->stability;
    case DIM_CONTROL: return f->control;
    default: return f->priority;
    }
}

/* The value of a typed filter (salesperson, from, to, search), or NULL. */
static const char *text_value(const query_filter *f, const char *name)
{
    return str_eq(name, "salesperson") ? f->salesperson : str_eq(name, "from") ? f->from
           : str_eq(name, "to") ? f->to : f->search;
}

/* "type: Bought away" / "from: any" for the filter picker (caller frees). */
static char *filter_label(const query_filter *f, const char *name)
{
    int dim, v;
    const char *val = NULL;
    switch (filter_kind(name, &dim)) {
    case FK_DIM:
        v = dim_value(f, dim);
        val = v >= 0 ? diag_value_label(dim, v) : NULL;
        break;
    case FK_OUTCOME: val = f->outcome >= 0 ? outcome_label(f->outcome) : NULL; break;
    case FK_TRAINING:
        val = f->training == QUERY_REAL ? "real debriefs only"
              : f->training == QUERY_TRAINING ? "training only" : "real and training";
        break;
    case FK_YESNO: val = f->overridden ? "only overridden" : NULL; break;
    default: val = text_value(f, name);
    }
    return xasprintf("%-12s %s", name, val ? val : "any");
}

/* Sets filter b->edit to value (ids as query_filter_set takes them). */
static bool apply_filter(browser *b, tui *t, const char *value)
{
    char *err = NULL;
    if (!query_filter_set(&b->f, b->edit, value, &err)) {
        tui_message(t, true, "%s", err ? err : "not a valid value");
        free(err);
        return false;
    }
    requery(b, t, false);
    return true;
}

static bool filter_text_done(void *ctx, tui *t, const char *text)
{
    return apply_filter(ctx, t, text);
}

/* Picker callback of a value list: index 0 is "any". */
static bool filter_value_pick(void *ctx, tui *t, size_t i)
{
    browser *b = ctx;
    int dim;
    int kind = filter_kind(b->edit, &dim);
    const char *v = "";
    if (kind == FK_DIM && i > 0)
        v = diag_value_id(dim, (int)i - 1);
    else if (kind == FK_OUTCOME && i > 0)
        v = outcome_id((int)i - 1);
    else if (kind == FK_TRAINING)
        v = i == 0 ? "no" : i == 1 ? "yes" : "all";
    else if (kind == FK_YESNO)
        v = i == 0 ? "no" : "yes";
    return apply_filter(b, t, v);
}

/* The hint of a typed filter's prompt. */
static const char *text_hint(const char *name)
{
    if (str_eq(name, "salesperson"))
        return "The salesperson's name (any case). Empty: any.";
    if (str_eq(name, "search"))
        return "Words that must all appear in the narrative answers; \"a phrase\"; "
               "prefix*. Empty: no search.";
    return "A day YYYY-MM-DD, a month YYYY-MM, a year YYYY or a quarter 2025Q3. "
           "Empty: open.";
}

/* Offers the values of filter name (a picker, or a prompt for text). */
static void edit_filter(browser *b, tui *t, const char *name)
{
    const char *labels[OUTCOME_COUNT + VOCAB_MAX_VALUES + 2];
    size_t n = 0, cur = 0;
    int dim;
    int kind = filter_kind(name, &dim);
    b->edit = name;
    if (kind == FK_TEXT) {
        const char *now = text_value(&b->f, name);
        char *title = xasprintf("Filter: %s", name);
        tui_prompt(t, title, text_hint(name), now ? now : "", 200, filter_text_done, b);
        free(title);
        return;
    }
    labels[n++] = kind == FK_TRAINING ? "Real debriefs only" : "(any)";
    int count = kind == FK_DIM ? (dim == DIM_COUNT ? PRIORITY_COUNT : vocab_value_count(dim))
                : kind == FK_OUTCOME ? OUTCOME_COUNT : kind == FK_TRAINING ? 2 : 1;
    for (int i = 0; i < count; i++)
        labels[n++] = kind == FK_DIM ? diag_value_label(dim, i)
                      : kind == FK_OUTCOME ? outcome_label(i)
                      : kind == FK_YESNO ? "Only diagnoses overridden by anyone"
                      : i == 0 ? "Training sessions only" : "Real and training";
    if (kind == FK_DIM && dim_value(&b->f, dim) >= 0)
        cur = (size_t)dim_value(&b->f, dim) + 1;
    else if (kind == FK_OUTCOME && b->f.outcome >= 0)
        cur = (size_t)b->f.outcome + 1;
    else if (kind == FK_TRAINING)
        cur = b->f.training == QUERY_REAL ? 0 : b->f.training == QUERY_TRAINING ? 1 : 2;
    else if (kind == FK_YESNO)
        cur = b->f.overridden;
    tui_pick(t, name, labels, n, cur, filter_value_pick, b);
}

static bool filter_name_pick(void *ctx, tui *t, size_t i)
{
    edit_filter(ctx, t, query_filter_names[i]);
    return true;
}

/* The filter picker: every filter with its value. */
static void choose_filter(browser *b, tui *t)
{
    size_t n = 0;
    while (query_filter_names[n])
        n++;
    char **labels = xcalloc(n, sizeof *labels);
    for (size_t i = 0; i < n; i++)
        labels[i] = filter_label(&b->f, query_filter_names[i]);
    tui_pick(t, "Filter by", (const char *const *)labels, n, 0, filter_name_pick, b);
    str_list_free(labels, n);
}

/* ---- browser: keys ------------------------------------------------------------ */

static void browse_help(tui *t)
{
    char *keys = bind_help(browse_keys, ARRAY_LEN(browse_keys), NULL, NULL);
    char *text = xasprintf(
        "%sS           Sort by the previous column\ne           Edit the answers\n"
        "d           The diagnosis screen (the salesperson's overrides)\n"
        "v           Review the session, even an unfinished one\n"
        "p           The plan\nUp/Down PgUp/PgDn Home/End  Move\n\n"
        "Enter opens a finished debrief for review, an unfinished one in the wizard "
        "(in the review when the database is read-only).\n\n"
        "Marks: T training session, O the salesperson overrode the diagnosis, "
        "M a manager did.\n\n"
        "Attribution: source/stability/controllability. Source: sales (the salesperson), "
        "firm (our firm), cust (the customer), comp (a competitor), env (the market or "
        "regulation); stab stable (likely to recur) or once (a one-off); ctl controllable "
        "(preventable) or unctl (not).\n\n"
        "Type (narrow columns): bought, pulled, unint. (unintentionally pushed away), "
        "moved, intent. (intentionally pushed away).\n\n"
        "Prio: now (pursue now), wait (wait actively), let go. Done: checklist items "
        "done of all. Outcome: won (won back), partly, trying, lost (for good), ended "
        "(terminated), open (debrief not finished).", keys);
    tui_help(t, "Saved debriefs: keys and legend", text);
    free(text);
    free(keys);
}

/* Opens session id in the review view. */
static void open_review(tui *t, int64_t id)
{
    char *err = NULL;
    screen *s = review_session_new(t, id, &err);
    if (s)
        tui_push(t, s);
    else
        tui_message(t, true, "%s", err ? err : "cannot open the session");
    free(err);
}

static void open_plan(tui *t, int64_t id)
{
    char *err = NULL;
    screen *p = plan_screen_new(t, id, &err);
    if (p)
        tui_push(t, p);
    else
        tui_message(t, true, "%s", err ? err : "no plan yet");
    free(err);
}

/* True when the highlighted debrief is not finished yet. */
static bool unfinished(const browser *b)
{
    const query_row *r = row_at(b, b->cur);
    return r && r->status == SESSION_OPEN;
}

/* Moves the cursor by delta rows (clamped). */
static void move_cursor(browser *b, tui *t, long long delta)
{
    long long c = (long long)b->cur + delta;
    long long last = b->total > 0 ? b->total - 1 : 0;
    b->cur = (size_t)(c < 0 ? 0 : c > last ? last : c);
    follow_cursor(b, t);
}

/* Sort, filter and search actions. */
static int browse_query_key(browser *b, tui *t, int a)
{
    switch (a) {
    case B_SORT: b->sort = (b->sort + 1) % QC_ID; resort(b, t); break;
    case B_SORT_BACK: b->sort = (b->sort + QC_ID - 1) % QC_ID; resort(b, t); break;
    case B_REVERSE: b->desc = !b->desc; resort(b, t); break;
    case B_FILTER: choose_filter(b, t); break;
    case B_SEARCH: edit_filter(b, t, "search"); break;
    case B_CLEAR:
        query_filter_free(&b->f);
        requery(b, t, false);
        tui_message(t, false, "filters cleared");
        break;
    case B_TRAINING:
        b->f.training = b->f.training == QUERY_REAL ? QUERY_ALL
                        : b->f.training == QUERY_ALL ? QUERY_TRAINING : QUERY_REAL;
        requery(b, t, true);
        break;
    default: return TUI_NONE;
    }
    return TUI_REDRAW;
}

static int browse_key(screen *s, tui *t, tkey k)
{
    browser *b = (browser *)s;
    int a = bind_lookup(browse_keys, ARRAY_LEN(browse_keys), k, NULL, NULL);
    long long h = page_rows();
    int64_t id = b->total > 0 ? b->cur_id : 0;
    switch (a) {
    case B_UP: move_cursor(b, t, -1); return TUI_REDRAW;
    case B_DOWN: move_cursor(b, t, 1); return TUI_REDRAW;
    case B_PGUP: move_cursor(b, t, -h); return TUI_REDRAW;
    case B_PGDN: move_cursor(b, t, h); return TUI_REDRAW;
    case B_HOME: move_cursor(b, t, -(long long)b->cur); return TUI_REDRAW;
    case B_END: move_cursor(b, t, b->total); return TUI_REDRAW;
    case B_BACK: tui_pop(t); return TUI_REDRAW;
    case B_HELP: browse_help(t); return TUI_REDRAW;
    case B_STATS: tui_push(t, stats_screen_new(t, &b->f)); return TUI_REDRAW;
    case B_OPEN:
        if (id && unfinished(b) && !store_read_only(t->st))
            home_edit_session(t, id);
        else if (id)
            open_review(t, id);
        return TUI_REDRAW;
    case B_DIAG: if (id) home_open_session(t, id); return TUI_REDRAW;
    case B_VIEW: if (id) open_review(t, id); return TUI_REDRAW;
    case B_PLAN: if (id) open_plan(t, id); return TUI_REDRAW;
    case B_EDIT:
        if (id && store_read_only(t->st))
            tui_message(t, true, RO_MSG);
        else if (id)
            home_edit_session(t, id);
        return TUI_REDRAW;
    default: return browse_query_key(b, t, a);
    }
}

/* Back from a session: its row may have changed (outcome, marks). */
static void browse_reveal(screen *s, tui *t)
{
    requery((browser *)s, t, true);
}

static void browse_free(screen *s)
{
    browser *b = (browser *)s;
    query_filter_free(&b->f);
    query_rows_free(b->rows, b->nrows);
    free(b->failed);
    free(b);
}

static const screen_ops browse_ops = {
    "browse", browse_draw, browse_key, NULL, browse_reveal, browse_free,
    browse_keys, ARRAY_LEN(browse_keys), NULL, false,
};

screen *browse_screen_new(tui *t)
{
    browser *b = xcalloc(1, sizeof *b);
    b->base.ops = &browse_ops;
    query_filter_init(&b->f);
    b->sort = QC_DATE;
    b->desc = true;                        /* newest first */
    requery(b, t, false);
    return &b->base;
}

/* ---- session view ---------------------------------------------------------------- */

enum {
    V_COMMENT = 1, V_OVERRIDE, V_OUTCOME, V_PLAN, V_NEXT, V_PREV, V_HELP, V_BACK, V_UP,
    V_DOWN, V_PGUP, V_PGDN, V_HOME, V_END
};

static const binding view_keys[] = {
    { V_COMMENT, { K_CH('c') }, "c", "Comment" },
    { V_OVERRIDE, { K_CH('o') }, "o", "Override" },
    { V_OUTCOME, { K_CH('w') }, "w", "Outcome" },
    { V_PLAN, { K_CH('p') }, "p", "Plan" },
    { V_NEXT, { K_CH('\t') }, "Tab", "Next part" },
    { V_HELP, { K_FN(KEY_F(1)), K_CH('?') }, "?", "Help" },
    { V_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { V_PREV, { K_FN(KEY_BTAB) }, "S-Tab", NULL },
    { V_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { V_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { V_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL },
    { V_PGDN, { K_FN(KEY_NPAGE), K_CH(' ') }, "PgDn", NULL },
    { V_HOME, { K_FN(KEY_HOME), K_CH('<') }, "Home", NULL },
    { V_END, { K_FN(KEY_END), K_CH('>') }, "End", NULL },
};

#define MAX_HEADS 24

typedef struct view_parts {
    size_t heads[MAX_HEADS];  /* line index of each section heading */
    int n;
} view_parts;

typedef struct sview {
    screen base;
    int64_t id;
    session_doc doc;
    textdoc d;            /* the rendered session */
    int top;              /* first row shown */
    bool ro;
    int ov_dim, ov_value; /* an override being made */
    int outcome;          /* an outcome being recorded */
    char *outcome_date;
    view_parts parts;     /* where each part starts (Tab jumps) */
} sview;

/* "Bought away" or "not determined" for value v of dim (DIM_COUNT: priority). */
static const char *dim_value_label(int dim, int v)
{
    const char *l = v >= 0 ? diag_value_label(dim, v) : NULL;
    return l ? l : "not determined";
}

/* One dimension: the computed value, the salesperson's, the manager's. */
static void add_who_decided(textdoc *d, const session_doc *doc, int dim)
{
    const diagnosis *g = &doc->diag;
    const review_overrides *r = &doc->review;
    bool pr = dim == DIM_COUNT;
    int computed = pr ? g->priority : g->dim[dim].computed;
    int own = pr ? g->priority_final : g->dim[dim].final;
    const char *own_reason = pr ? g->priority_override_reason : g->dim[dim].override_reason;
    int fin = r->value[dim] >= 0 ? r->value[dim] : own;
    doc_addf(d, ROLE_NORMAL, 2, "%s: %s%s", diag_dim_label(dim), dim_value_label(dim, fin),
             r->value[dim] >= 0 ? "  (the manager's)" : own_reason ? "  (the salesperson's)" : "");
    if (pr || computed < 0)
        doc_hang(d, doc_addf(d, ROLE_DIM, 6, "computed:     %s", dim_value_label(dim, computed)), 14);
    else
        doc_hang(d, doc_addf(d, ROLE_DIM, 6, "computed:     %s, confidence %s (%.0f%%)",
                             dim_value_label(dim, computed),
                             confidence_word(g->dim[dim].confidence),
                             g->dim[dim].confidence * 100.0), 14);
    if (own_reason)
        doc_hang(d, doc_addf(d, ROLE_WARNING, 6, "salesperson:  ! %s. Reason: %s",
                             dim_value_label(dim, own), own_reason), 14);
    else
        doc_addf(d, ROLE_DIM, 6, "salesperson:  kept the computed value");
    if (r->value[dim] >= 0)
        doc_hang(d, doc_addf(d, ROLE_WARNING, 6, "manager:      ! %s, by %s on %.10s. Reason: %s",
                             dim_value_label(dim, r->value[dim]), r->who[dim] ? r->who[dim] : "?",
                             r->at[dim] ? r->at[dim] : "?", r->reason[dim] ? r->reason[dim] : ""),
                 14);
    else
        doc_addf(d, ROLE_DIM, 6, "manager:      no override");
}

/* The section "who decided what", placed after the diagnosis. */
static void add_decisions(textdoc *d, const session_doc *doc, int *nheads, size_t *heads)
{
    heads[(*nheads)++] = doc_add(d, ROLE_HEADING, 0, false, -1,
                                 "WHO DECIDED WHAT (computed, salesperson, manager)");
    if (!doc->has_diag) {
        doc_add(d, ROLE_DIM, 2, false, -1, "Not classified yet.");
    } else {
        for (int dim = 0; dim <= DIM_COUNT; dim++)
            add_who_decided(d, doc, dim);
    }
    doc_add(d, ROLE_NORMAL, 0, false, -1, "");
}

/* Adds one line of the report's text: a heading when it starts in the
 * first column, else an indented, wrapped line. */
static void add_report_line(textdoc *d, const char *line, view_parts *p)
{
    int indent = 0;
    while (line[indent] == ' ')
        indent++;
    if (!*line) {
        doc_add(d, ROLE_NORMAL, 0, false, -1, "");
    } else if (indent == 0) {
        size_t i = doc_add(d, ROLE_HEADING, 0, true, -1, line);
        if (p->n < MAX_HEADS)
            p->heads[p->n++] = i;
    } else {
        bool warn = str_starts(line + indent, "WARNING") || str_starts(line + indent, "CHECK");
        doc_hang(d, doc_add(d, warn ? ROLE_WARNING : ROLE_NORMAL, indent, true, -1,
                            line + indent), 4);
    }
}

/* Renders the session into v->d: the report's text, without its manager's
 * section (shown in "who decided what", placed before the plan). */
static void view_build(sview *v, const library *lib)
{
    view_parts *p = &v->parts;
    doc_free(&v->d);
    doc_init(&v->d);
    p->n = 0;
    char *text = report_render(&v->doc, lib, REPORT_TEXT);
    bool skip = false, placed = false;
    for (char *l = text, *e; l && *l; l = e ? e + 1 : NULL) {
        e = strchr(l, '\n');
        if (e)
            *e = '\0';                      /* one line at a time, blanks kept */
        bool head = *l && *l != ' ';
        if (head && !placed && (str_eq(l, "WIN-BACK PLAN") || str_eq(l, "MANAGER'S REVIEW"))) {
            add_decisions(&v->d, &v->doc, &p->n, p->heads);
            placed = true;
        }
        if (head)
            skip = str_eq(l, "MANAGER'S REVIEW");
        if (!skip)
            add_report_line(&v->d, l, p);
    }
    if (!placed)
        add_decisions(&v->d, &v->doc, &p->n, p->heads);
    free(text);
}

/* Reloads the session from the store and renders it again. */
static bool view_reload(sview *v, tui *t, char **err)
{
    report_free(&v->doc);
    if (report_load(t->st, v->id, &v->doc, err) != STORE_OK)
        return false;
    view_build(v, t->lib);
    return true;
}

static void view_draw(screen *s, tui *t)
{
    sview *v = (sview *)s;
    const char *acct = v->doc.info.account && *v->doc.info.account ? v->doc.info.account
                                                                   : "unnamed account";
    char *title = xasprintf("winback \u00b7 review \u00b7 %s", acct);
    draw_title(title, v->ro ? "read-only" : t->who);
    free(title);
    int h = LINES - 3 - 1, cols = COLS - 2;
    int rows = doc_rows(&v->d, cols);
    if (v->top > rows - h)
        v->top = rows - h;
    if (v->top < 0)
        v->top = 0;
    doc_draw(&v->d, 1, 1, h, cols, v->top, -1);
    if (v->top + h < rows) {
        char more[48];
        snprintf(more, sizeof more, " more below (%d%%) ", (v->top + h) * 100 / rows);
        draw_str(LINES - 3, COLS - 1 - text_width(more), text_width(more), more, ROLE_DIM);
    }
}

/* Scrolls to the next (dir 1) or previous (-1) section heading. */
static void view_jump(sview *v, int dir)
{
    const view_parts *p = &v->parts;
    int cols = COLS - 2;
    int best = dir > 0 ? -1 : 0;
    for (int i = 0; i < p->n; i++) {
        int row = doc_line_row(&v->d, p->heads[i], cols);
        if (dir > 0 && row > v->top) {
            best = row;
            break;
        }
        if (dir < 0 && row < v->top)
            best = row;
    }
    if (best >= 0)
        v->top = best;
}

/* ---- session view: actions ---------------------------------------------------------- */

/* After a change: reload and say what was saved. */
static void view_changed(sview *v, tui *t, const char *what)
{
    char *err = NULL;
    if (view_reload(v, t, &err))
        tui_message(t, false, "%s", what);
    else
        tui_message(t, true, "%s saved, but the session cannot be shown again: %s", what,
                    err ? err : "database error");
    free(err);
}

static bool comment_done(void *ctx, tui *t, const char *text)
{
    sview *v = ctx;
    char *err = NULL;
    if (review_comment_add(t->st, v->id, text, t->who, &err) != STORE_OK) {
        tui_message(t, true, "comment not saved: %s", err ? err : "database error");
        free(err);
        return false;
    }
    view_changed(v, t, "comment saved");
    return true;
}

static bool override_reason_done(void *ctx, tui *t, const char *text)
{
    sview *v = ctx;
    char *err = NULL;
    if (str_empty(text)) {
        tui_message(t, true, "an override needs a reason");
        return false;
    }
    if (review_override(t->st, v->id, v->ov_dim, v->ov_value, text, t->who, &err)
        != STORE_OK) {
        tui_message(t, true, "override not saved: %s", err ? err : "database error");
        free(err);
        return false;
    }
    view_changed(v, t, v->ov_value < 0 ? "the manager's override was withdrawn"
                                       : "the manager's override is saved");
    return true;
}

/* Picker callback: the value (the last row withdraws an override). */
static bool override_value_pick(void *ctx, tui *t, size_t i)
{
    sview *v = ctx;
    int n = v->ov_dim == DIM_COUNT ? PRIORITY_COUNT : vocab_value_count(v->ov_dim);
    v->ov_value = (int)i < n ? (int)i : -1;
    tui_prompt(t, "Reason for the override",
               v->ov_value < 0 ? "Why withdraw the manager's override? (required)"
                               : "Why? (required; kept beside the salesperson's value)", "",
               300, override_reason_done, v);
    return true;
}

/* Picker callback: the dimension; offers its values. */
static bool override_dim_pick(void *ctx, tui *t, size_t i)
{
    sview *v = ctx;
    const char *labels[VOCAB_MAX_VALUES + PRIORITY_COUNT + 1];
    v->ov_dim = (int)i;
    int n = v->ov_dim == DIM_COUNT ? PRIORITY_COUNT : vocab_value_count(v->ov_dim);
    for (int k = 0; k < n; k++)
        labels[k] = diag_value_label(v->ov_dim, k);
    size_t m = (size_t)n;
    if (v->doc.review.value[v->ov_dim] >= 0)
        labels[m++] = "(withdraw the manager's override)";
    int cur = v->doc.review.value[v->ov_dim];
    tui_pick(t, "The manager's value", labels, m, cur >= 0 ? (size_t)cur : 0,
             override_value_pick, v);
    return true;
}

static void start_override(sview *v, tui *t)
{
    const char *labels[DIM_COUNT + 1];
    for (int d = 0; d <= DIM_COUNT; d++)
        labels[d] = diag_dim_label(d);
    if (!v->doc.has_diag) {
        tui_message(t, true, "this debrief has no diagnosis yet: nothing to override");
        return;
    }
    tui_pick(t, "Override which? (as a manager)", labels, DIM_COUNT + 1, 0, override_dim_pick, v);
}

static bool outcome_note_done(void *ctx, tui *t, const char *text)
{
    sview *v = ctx;
    char *err = NULL;
    if (store_outcome_set(t->st, v->id, v->outcome, v->outcome_date,
                          str_empty(text) ? NULL : text, t->who, &err) != STORE_OK) {
        tui_message(t, true, "outcome not saved: %s", err ? err : "database error");
        free(err);
        return false;
    }
    char *what = xasprintf("outcome recorded: %s", outcome_label(v->outcome));
    view_changed(v, t, what);
    free(what);
    return true;
}

static bool outcome_date_done(void *ctx, tui *t, const char *text)
{
    sview *v = ctx;
    if (!date_valid(text)) {
        tui_message(t, true, "the date is written YYYY-MM-DD (a real date)");
        return false;
    }
    free(v->outcome_date);
    v->outcome_date = xstrdup(text);
    tui_prompt_long(t, "Outcome", "A note: what worked, what to do differently (optional; "
                    "Tab saves)", v->doc.info.outcome_note, 2000, outcome_note_done, v);
    return true;
}

static bool outcome_pick(void *ctx, tui *t, size_t i)
{
    sview *v = ctx;
    char today[11];
    today_date(today);
    v->outcome = (int)i + 1;               /* the list starts after "none" */
    tui_prompt(t, "Outcome", "Date (YYYY-MM-DD; today by default)", today, 10,
               outcome_date_done, v);
    return true;
}

static void start_outcome(sview *v, tui *t)
{
    const char *labels[OUTCOME_COUNT];
    size_t n = 0;
    for (int o = OUTCOME_NONE + 1; o < OUTCOME_COUNT; o++)
        labels[n++] = outcome_label(o);
    size_t cur = v->doc.info.outcome > OUTCOME_NONE ? (size_t)v->doc.info.outcome - 1 : 0;
    tui_pick(t, "How did the win-back end?", labels, n, cur, outcome_pick, v);
}

static void view_help(tui *t)
{
    char *keys = bind_help(view_keys, ARRAY_LEN(view_keys), NULL, NULL);
    char *text = xasprintf("%sS-Tab       Previous part\nUp/Down PgUp/PgDn Home/End  Scroll\n\n"
                           "Everything here is read-only except the manager's actions: a "
                           "comment, an override of the diagnosis with a reason (kept beside "
                           "the salesperson's, which stays visible) and the outcome. Each is "
                           "recorded in the history of changes with who and when.", keys);
    tui_help(t, "Review a session", text);
    free(text);
    free(keys);
}

/* The manager's actions (refused on a read-only store). */
static int view_act(sview *v, tui *t, int a)
{
    if (v->ro) {
        tui_message(t, true, RO_MSG);
        return TUI_REDRAW;
    }
    switch (a) {
    case V_COMMENT:
        tui_prompt_long(t, "Review comment", "Your comment on this debrief (Tab saves, Esc "
                        "cancels)", "", REVIEW_COMMENT_MAX, comment_done, v);
        break;
    case V_OVERRIDE: start_override(v, t); break;
    default: start_outcome(v, t); break;
    }
    return TUI_REDRAW;
}

static int view_key(screen *s, tui *t, tkey k)
{
    sview *v = (sview *)s;
    int a = bind_lookup(view_keys, ARRAY_LEN(view_keys), k, NULL, NULL);
    int page = LINES - 5;
    switch (a) {
    case V_UP: v->top--; return TUI_REDRAW;
    case V_DOWN: v->top++; return TUI_REDRAW;
    case V_PGUP: v->top -= page; return TUI_REDRAW;
    case V_PGDN: v->top += page; return TUI_REDRAW;
    case V_HOME: v->top = 0; return TUI_REDRAW;
    case V_END: v->top = doc_rows(&v->d, COLS - 2); return TUI_REDRAW;
    case V_NEXT: view_jump(v, 1); return TUI_REDRAW;
    case V_PREV: view_jump(v, -1); return TUI_REDRAW;
    case V_HELP: view_help(t); return TUI_REDRAW;
    case V_BACK: tui_pop(t); return TUI_REDRAW;
    case V_PLAN: open_plan(t, v->id); return TUI_REDRAW;
    case V_COMMENT: case V_OVERRIDE: case V_OUTCOME: return view_act(v, t, a);
    default: return TUI_NONE;
    }
}

/* The plan screen may have changed the checklist or the outcome. */
static void view_reveal(screen *s, tui *t)
{
    sview *v = (sview *)s;
    char *err = NULL;
    if (!view_reload(v, t, &err))
        tui_message(t, true, "%s", err ? err : "cannot show the session again");
    free(err);
}

/* The key bar leaves out what a read-only store refuses. */
static bool view_enabled(void *ctx, int a)
{
    sview *v = ctx;
    return !(v->ro && (a == V_COMMENT || a == V_OVERRIDE || a == V_OUTCOME));
}

static void view_free(screen *s)
{
    sview *v = (sview *)s;
    report_free(&v->doc);
    doc_free(&v->d);
    free(v->outcome_date);
    free(s);
}

static const screen_ops view_ops = {
    "review", view_draw, view_key, NULL, view_reveal, view_free,
    view_keys, ARRAY_LEN(view_keys), view_enabled, false,
};

screen *review_session_new(tui *t, int64_t session, char **err)
{
    sview *v = xcalloc(1, sizeof *v);
    v->base.ops = &view_ops;
    v->id = session;
    v->ro = store_read_only(t->st);
    doc_init(&v->d);
    if (!view_reload(v, t, err)) {
        view_free(&v->base);
        return NULL;
    }
    return &v->base;
}

/* ---- follow-ups due ------------------------------------------------------------------ */

enum { F_OPEN = 1, F_PLAN, F_HELP, F_BACK, F_UP, F_DOWN, F_PGUP, F_PGDN, F_HOME, F_END };

static const binding due_keys[] = {
    { F_OPEN, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Open" },
    { F_PLAN, { K_CH('p') }, "p", "Plan" },
    { F_HELP, { K_FN(KEY_F(1)), K_CH('?') }, "?", "Help" },
    { F_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { F_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { F_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { F_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL },
    { F_PGDN, { K_FN(KEY_NPAGE), K_CH(' ') }, "PgDn", NULL },
    { F_HOME, { K_FN(KEY_HOME) }, "Home", NULL },
    { F_END, { K_FN(KEY_END) }, "End", NULL },
};

typedef struct due_list {
    screen base;
    followup_row *rows;
    size_t n, cur, top;
    size_t overdue;
    char *failed;         /* why the list cannot be read; owned */
} due_list;

/* Reads the follow-ups due this week and the overdue ones. */
static void due_load(due_list *dl, tui *t)
{
    char today[11];
    today_date(today);
    followup_rows_free(dl->rows, dl->n);
    dl->rows = NULL;
    dl->n = dl->overdue = 0;
    free(dl->failed);
    dl->failed = NULL;
    if (followup_list(t->st, today, TUI_DUE_DAYS, NULL, &dl->rows, &dl->n, &dl->failed)
        != STORE_OK && !dl->failed)
        dl->failed = xstrdup("database error");
    for (size_t i = 0; i < dl->n; i++)
        dl->overdue += dl->rows[i].overdue;
    if (dl->cur >= dl->n)
        dl->cur = dl->n ? dl->n - 1 : 0;
}

/* Widths of the due list: due, state, account, owner; the item takes the
 * rest. */
enum { DW_DUE = 10, DW_STATE = 10, DW_OWNER = 12 };

static void due_row(const followup_row *r, int y, bool hl)
{
    int role = hl ? ROLE_SELECTED : r->overdue ? ROLE_WARNING : ROLE_NORMAL;
    int wacct = COLS >= 100 ? 24 : 16;
    int witem = COLS - 2 - DW_DUE - DW_STATE - wacct - DW_OWNER - 4;
    draw_str_pad(y, 0, COLS, hl ? ">" : " ", role);
    int x = 2;
    x += draw_str(y, x, DW_DUE, r->due, role) + 1;
    x = 2 + DW_DUE + 1;
    draw_str(y, x, DW_STATE, r->overdue ? "! OVERDUE" : r->recontact ? "re-contact" : "",
             role);
    x += DW_STATE + 1;
    draw_str(y, x, wacct, r->account ? r->account : "(unnamed)", role);
    x += wacct + 1;
    draw_str(y, x, witem, r->text, role);
    x += witem + 1;
    draw_str(y, x, DW_OWNER, r->owner ? r->owner : "-", role);
}

static void due_draw(screen *s, tui *t)
{
    due_list *dl = (due_list *)s;
    char right[64];
    snprintf(right, sizeof right, "%zu due, %zu overdue", dl->n, dl->overdue);
    draw_title("winback \u00b7 follow-ups due this week", right);
    int wacct = COLS >= 100 ? 24 : 16;
    int witem = COLS - 2 - DW_DUE - DW_STATE - wacct - DW_OWNER - 4;
    char *head = xasprintf("  %-*s %-*s %-*s %-*s %s", DW_DUE, "Due", DW_STATE, "", wacct,
                           "Account", witem, "Checklist item", "Owner");
    draw_str_pad(1, 0, COLS, head, ROLE_HEADING);
    free(head);
    if (dl->failed || dl->n == 0) {
        draw_para(3, 2, COLS - 4, 4, 0, dl->failed ? dl->failed
                  : "Nothing is due this week and nothing is overdue: checklist items with "
                    "a due date appear here (set them on a session's plan, d).",
                  dl->failed ? ROLE_ERROR : ROLE_DIM);
        return;
    }
    size_t h = (size_t)(LINES - 2 - 2);
    if (dl->cur < dl->top)
        dl->top = dl->cur;
    if (dl->cur >= dl->top + h)
        dl->top = dl->cur - h + 1;
    for (size_t r = 0; r < h && dl->top + r < dl->n; r++) {
        due_row(&dl->rows[dl->top + r], 2 + (int)r, dl->top + r == dl->cur);
        if (dl->top + r == dl->cur)
            tui_cursor(t, 2 + (int)r, 0);
    }
}

static int due_key(screen *s, tui *t, tkey k)
{
    due_list *dl = (due_list *)s;
    size_t page = (size_t)(LINES - 4);
    int64_t id = dl->n ? dl->rows[dl->cur].session_id : 0;
    switch (bind_lookup(due_keys, ARRAY_LEN(due_keys), k, NULL, NULL)) {
    case F_UP: if (dl->cur > 0) dl->cur--; return TUI_REDRAW;
    case F_DOWN: if (dl->cur + 1 < dl->n) dl->cur++; return TUI_REDRAW;
    case F_PGUP: dl->cur = dl->cur > page ? dl->cur - page : 0; return TUI_REDRAW;
    case F_PGDN: dl->cur = dl->cur + page < dl->n ? dl->cur + page : (dl->n ? dl->n - 1 : 0);
        return TUI_REDRAW;
    case F_HOME: dl->cur = 0; return TUI_REDRAW;
    case F_END: dl->cur = dl->n ? dl->n - 1 : 0; return TUI_REDRAW;
    case F_OPEN: if (id) open_review(t, id); return TUI_REDRAW;
    case F_PLAN: if (id) open_plan(t, id); return TUI_REDRAW;
    case F_HELP:
        tui_help(t, "Follow-ups due",
                 "Checklist items still to do or in progress whose due date is before the "
                 "end of this week (today and the six days after), overdue ones first "
                 "marked \"! OVERDUE\". \"re-contact\" marks an active-waiting date. Real "
                 "debriefs only; sessions lost for good or terminated are left out.\n\n"
                 "Enter opens the session, p its plan (where items are ticked off or "
                 "given another date).");
        return TUI_REDRAW;
    case F_BACK: tui_pop(t); return TUI_REDRAW;
    default: return TUI_NONE;
    }
}

static void due_reveal(screen *s, tui *t)
{
    due_load((due_list *)s, t);
}

static void due_free(screen *s)
{
    due_list *dl = (due_list *)s;
    followup_rows_free(dl->rows, dl->n);
    free(dl->failed);
    free(dl);
}

static const screen_ops due_ops = {
    "due", due_draw, due_key, NULL, due_reveal, due_free,
    due_keys, ARRAY_LEN(due_keys), NULL, false,
};

screen *due_screen_new(tui *t)
{
    due_list *dl = xcalloc(1, sizeof *dl);
    dl->base.ops = &due_ops;
    due_load(dl, t);
    return &dl->base;
}
