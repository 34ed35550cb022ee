/* tui_stats.c - the statistics screen: what came back, drawn as bars.
 *
 * The numbers come from stats_compute for the browser's filter (the same
 * query_filter, shown on the second row) and are laid out by stats_lines:
 * a summary (reacquisition ratio, outcomes, median days from loss to win
 * back, override rates), then one bar chart per grouping (defector type,
 * attribution source, salesperson, quarter).  Each bar line shows the
 * sessions as a bar scaled to the largest group with the numbers beside
 * it, then the reacquisition ratio as a short bar of ten cells.  Bars use
 * different characters for the filled and empty parts, so nothing depends
 * on colour (NO_COLOR shows the same); ASCII terminals get '#' and '.'.
 * Tab switches between the groupings (or all of them), arrows scroll.
 */
#include "tui.h"

#include <curses.h>
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"
#include "stats.h"
#include "text.h"
#include "util.h"

enum { G_NEXT = 1, G_PREV, G_ALL, G_HELP, G_BACK, G_UP, G_DOWN, G_PGUP, G_PGDN, G_HOME };

static const binding stats_keys[] = {
    { G_NEXT, { K_CH('\t'), K_FN(KEY_RIGHT) }, "Tab", "Next grouping" },
    { G_ALL, { K_CH('a') }, "a", "All" },
    { G_HELP, { K_FN(KEY_F(1)), K_CH('?') }, "?", "Help" },
    { G_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { G_PREV, { K_FN(KEY_BTAB), K_FN(KEY_LEFT) }, "S-Tab", NULL },
    { G_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { G_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { G_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL },
    { G_PGDN, { K_FN(KEY_NPAGE), K_CH(' ') }, "PgDn", NULL },
    { G_HOME, { K_FN(KEY_HOME) }, "Home", NULL },
};

#define RATIO_CELLS 10
#define VIEW_ALL STATS_GROUP_COUNT
_Static_assert(STATS_GROUP_COUNT == 4, "the tab names of draw_tabs follow enum stats_group");

typedef struct stats_screen {
    screen base;
    query_filter f;       /* a copy of the browser's filter */
    stats st;
    bool ok;              /* st was computed */
    char *err;            /* why not; owned */
    stats_line *lines;
    size_t n;
    int *group;           /* per line: -1 summary, else its grouping */
    int view;             /* a grouping, or VIEW_ALL */
    int top;              /* first content row shown */
} stats_screen;

/* One row of the content as drawn: a stats line, or a piece of a wrapped
 * text line. */
typedef struct vrow {
    const stats_line *l;
    char *text;           /* owned piece of a TEXT/TITLE line, else NULL */
} vrow;

static bool ascii_only(void)
{
    const char *cs = nl_langinfo(CODESET);
    return !(cs && strcmp(cs, "UTF-8") == 0);
}

/* Copies filter src into dst (initialised). */
static void filter_copy(query_filter *dst, const query_filter *src)
{
    *dst = *src;
    dst->salesperson = xstrdup(src->salesperson);
    dst->from = xstrdup(src->from);
    dst->to = xstrdup(src->to);
    dst->search = xstrdup(src->search);
}

/* Which grouping each line belongs to: a blank line starts the next one. */
static void assign_groups(stats_screen *g)
{
    int cur = -1;
    g->group = xcalloc(g->n ? g->n : 1, sizeof *g->group);
    for (size_t i = 0; i < g->n; i++) {
        if (g->lines[i].kind == STATS_LINE_BLANK && cur + 1 < STATS_GROUP_COUNT)
            cur++;
        g->group[i] = cur;
    }
}

/* The rows to draw for the current view at width cols (caller frees with
 * vrows_free). */
static vrow *build_rows(const stats_screen *g, int cols, size_t *nrows)
{
    vrow *rows = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < g->n; i++) {
        const stats_line *l = &g->lines[i];
        if (g->group[i] >= 0 && g->view != VIEW_ALL && g->group[i] != g->view)
            continue;
        size_t np = 1;
        char **pieces = NULL;
        if (l->kind == STATS_LINE_TEXT || l->kind == STATS_LINE_TITLE)
            pieces = text_wrap(l->text, cols, &np);
        for (size_t k = 0; k < np; k++) {
            xgrow((void **)&rows, &cap, n + 1, sizeof *rows);
            rows[n].l = l;
            rows[n++].text = pieces ? pieces[k] : NULL;
        }
        free(pieces);                       /* the pieces now belong to rows */
    }
    *nrows = n;
    return rows;
}

static void vrows_free(vrow *rows, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(rows[i].text);
    free(rows);
}

/* Label width: the widest bar label, between 8 and a third of cols (at
 * most 28: "Unintentionally pushed away" fits). */
static int label_width(const stats_screen *g, int cols)
{
    int w = 8, cap = cols / 3 > 28 ? 28 : cols / 3;
    for (size_t i = 0; i < g->n; i++)
        if (g->lines[i].kind == STATS_LINE_BAR && text_width(g->lines[i].label) > w)
            w = text_width(g->lines[i].label);
    return w > cap ? cap : w;
}

/* Widest numbers text of the bar lines (they line up under the heading). */
static int numbers_width(const stats_screen *g)
{
    int w = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->lines[i].kind == STATS_LINE_BAR && text_width(g->lines[i].text) > w)
            w = text_width(g->lines[i].text);
    return w;
}

/* The ratio bar: won of decided over RATIO_CELLS cells, filled and empty
 * parts in different characters (and roles). */
static void draw_ratio(int y, int x, const stats_line *l, bool ascii)
{
    if (l->decided <= 0) {
        draw_str(y, x, RATIO_CELLS, "no outcome", ROLE_DIM);
        return;
    }
    int full = (int)((l->won * RATIO_CELLS + l->decided / 2) / l->decided);
    for (int i = 0; i < RATIO_CELLS; i++)
        draw_str(y, x + i, 1, i < full ? (ascii ? "#" : "\u2588") : (ascii ? "." : "\u2591"),
                 i < full ? ROLE_OK : ROLE_DIM);
}

/* Draws one content row at y. */
static void draw_vrow(const vrow *r, int y, int lw, int bw, bool ascii)
{
    const stats_line *l = r->l;
    int x = 2;
    switch (l->kind) {
    case STATS_LINE_TITLE: draw_str(y, x, COLS - 4, r->text, ROLE_HEADING); break;
    case STATS_LINE_TEXT: draw_str(y, x, COLS - 4, r->text, ROLE_NORMAL); break;
    case STATS_LINE_HEADING:
        draw_str(y, x, lw + bw + 1, l->text, ROLE_HEADING);
        x += lw + 1 + bw + 1;
        draw_str(y, x, COLS - x - 1, l->label, ROLE_HEADING);
        break;
    case STATS_LINE_BAR: {
        draw_str(y, x, lw, l->label, ROLE_NORMAL);
        x += lw + 1;
        char *bar = stats_bar(l->value, l->max, bw, ascii);
        draw_str(y, x, bw, bar, ROLE_PROGRESS);
        free(bar);
        x += bw + 1;
        x += draw_str(y, x, COLS - x - 1, l->text, ROLE_NORMAL);
        if (x + 2 + RATIO_CELLS < COLS)
            draw_ratio(y, x + 2, l, ascii);
        break;
    }
    default: break;
    }
}

/* The row of groupings, the current one marked with brackets. */
static void draw_tabs(const stats_screen *g, int y)
{
    static const char *const names[VIEW_ALL + 1] = {
        "Defector type", "Source", "Salesperson", "Quarter", "All" };
    int x = 1;
    for (int v = 0; v <= VIEW_ALL; v++) {
        const char *name = names[v];
        char *tab = xasprintf(v == g->view ? "[%s]" : " %s ", name);
        x += draw_str(y, x, COLS - x - 1, tab, v == g->view ? ROLE_SELECTED : ROLE_NORMAL);
        x += 1;
        free(tab);
    }
}

static void stats_draw(screen *s, tui *t)
{
    (void)t;
    stats_screen *g = (stats_screen *)s;
    char right[48];
    snprintf(right, sizeof right, "%lld sessions", g->ok ? (long long)g->st.total.sessions : 0LL);
    draw_title("winback \u00b7 statistics", right);
    char *d = query_filter_describe(&g->f);
    char *fl = xasprintf("Filters: %s  (%s)", *d ? d : "none",
                         g->f.training == QUERY_REAL ? "real debriefs"
                         : g->f.training == QUERY_TRAINING ? "training sessions"
                                                           : "real and training");
    draw_str(1, 1, COLS - 2, fl, ROLE_DIM);
    free(fl);
    free(d);
    if (!g->ok) {
        draw_para(3, 2, COLS - 4, 4, 0, g->err ? g->err : "no statistics", ROLE_ERROR);
        return;
    }
    draw_tabs(g, 2);
    int cols = COLS - 4, h = LINES - 3 - 3;
    size_t n;
    vrow *rows = build_rows(g, cols, &n);
    int lw = label_width(g, cols);
    int bw = cols - lw - 1 - 1 - numbers_width(g) - 2 - RATIO_CELLS;
    if (bw < 5)
        bw = 5;
    if (g->top > (int)n - h)
        g->top = (int)n - h;
    if (g->top < 0)
        g->top = 0;
    bool ascii = ascii_only();
    for (int r = 0; r < h && (size_t)(g->top + r) < n; r++)
        draw_vrow(&rows[g->top + r], 3 + r, lw, bw, ascii);
    if (g->top + h < (int)n)
        draw_str(LINES - 3, COLS - 12, 11, "more below", ROLE_DIM);
    vrows_free(rows, n);
}

static void stats_help(tui *t)
{
    char *keys = bind_help(stats_keys, ARRAY_LEN(stats_keys), NULL, NULL);
    char *text = xasprintf(
        "%sS-Tab       Previous grouping\nUp/Down PgUp/PgDn  Scroll\n\n"
        "Each line: the group, a bar of its sessions (scaled to the largest group), the "
        "number of sessions, the reacquisition ratio and won back / decided, then the "
        "ratio again as a bar of ten cells.\n\n"
        "Reacquisition ratio = won back / decided; decided = won back + partly won back + "
        "lost for good + terminated. Still trying and no outcome yet are not decided. "
        "n/a: nothing decided yet.\n\n"
        "The filters of the saved-debriefs browser apply here; change them there (f, /, t, "
        "c) and press g again.", keys);
    tui_help(t, "Statistics: keys and how to read them", text);
    free(text);
    free(keys);
}

static int stats_key(screen *s, tui *t, tkey k)
{
    stats_screen *g = (stats_screen *)s;
    int page = LINES - 7;
    switch (bind_lookup(stats_keys, ARRAY_LEN(stats_keys), k, NULL, NULL)) {
    case G_NEXT: g->view = (g->view + 1) % (VIEW_ALL + 1); g->top = 0; return TUI_REDRAW;
    case G_PREV: g->view = (g->view + VIEW_ALL) % (VIEW_ALL + 1); g->top = 0; return TUI_REDRAW;
    case G_ALL: g->view = VIEW_ALL; return TUI_REDRAW;
    case G_UP: g->top--; return TUI_REDRAW;
    case G_DOWN: g->top++; return TUI_REDRAW;
    case G_PGUP: g->top -= page; return TUI_REDRAW;
    case G_PGDN: g->top += page; return TUI_REDRAW;
    case G_HOME: g->top = 0; return TUI_REDRAW;
    case G_HELP: stats_help(t); return TUI_REDRAW;
    case G_BACK: tui_pop(t); return TUI_REDRAW;
    default: return TUI_NONE;
    }
}

static void stats_screen_free(screen *s)
{
    stats_screen *g = (stats_screen *)s;
    stats_lines_free(g->lines, g->n);
    free(g->group);
    stats_free(&g->st);
    query_filter_free(&g->f);
    free(g->err);
    free(g);
}

static const screen_ops stats_ops = {
    "statistics", stats_draw, stats_key, NULL, NULL, stats_screen_free,
    stats_keys, ARRAY_LEN(stats_keys), NULL, false,
};

screen *stats_screen_new(tui *t, const query_filter *f)
{
    stats_screen *g = xcalloc(1, sizeof *g);
    g->base.ops = &stats_ops;
    query_filter_init(&g->f);
    if (f)
        filter_copy(&g->f, f);
    g->ok = stats_compute(t->st, &g->f, &g->st, &g->err) == STORE_OK;
    if (g->ok)
        g->lines = stats_lines(&g->st, &g->n);
    assign_groups(g);
    g->view = STATS_BY_TYPE;
    return &g->base;
}
