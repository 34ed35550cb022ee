/* tui_draw.c - colours, title/key/message bars, progress, boxes, text.
 *
 * The only place that maps semantic roles to curses attributes.  Every
 * string drawn passes through text_sanitize (no control sequence from user
 * text reaches the terminal) and text_fit (widths in cells, not bytes).
 */
#include "tui_draw.h"

#include <curses.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

/* One role: colour pair colours and the monochrome attributes. */
typedef struct role_style {
    short fg, bg;
    int colour_attr;   /* added to the pair in colour mode */
    int mono_attr;     /* used alone without colour */
} role_style;

static const role_style styles[ROLE_COUNT] = {
    [ROLE_NORMAL]   = { -1, -1, A_NORMAL, A_NORMAL },
    [ROLE_TITLE]    = { COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
    [ROLE_KEYBAR]   = { -1, -1, A_NORMAL, A_NORMAL },
    [ROLE_KEY]      = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
    [ROLE_HEADING]  = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
    [ROLE_SELECTED] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
    [ROLE_FIELD]    = { -1, -1, A_UNDERLINE, A_UNDERLINE },
    [ROLE_ERROR]    = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [ROLE_WARNING]  = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
    [ROLE_OK]       = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
    [ROLE_DIM]      = { -1, -1, A_DIM, A_DIM },
    [ROLE_PROGRESS] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
};

static bool use_colour;
static bool utf8_term;

void draw_init(bool colour)
{
    const char *cs = nl_langinfo(CODESET);
    utf8_term = cs && strcmp(cs, "UTF-8") == 0;
    use_colour = colour && has_colors();
    if (!use_colour)
        return;
    start_color();
    use_default_colors();
    for (int r = 0; r < ROLE_COUNT; r++)
        init_pair((short)(r + 1), styles[r].fg, styles[r].bg);
}

int draw_attr(int role)
{
    if (role < 0 || role >= ROLE_COUNT)
        role = ROLE_NORMAL;
    if (!use_colour)
        return styles[role].mono_attr;
    return (int)COLOR_PAIR(role + 1) | styles[role].colour_attr;
}

int bind_lookup(const binding *table, size_t n, tkey k,
                bool (*enabled)(void *ctx, int action), void *ctx)
{
    for (size_t i = 0; i < n; i++) {
        for (int j = 0; j < BIND_MAX_KEYS; j++) {
            tkey b = table[i].keys[j];
            if (!b.fn && b.ch == 0)
                break;
            if (b.fn != k.fn || b.ch != k.ch)
                continue;
            if (!enabled || enabled(ctx, table[i].action))
                return table[i].action;
        }
    }
    return 0;
}

char *bind_help(const binding *table, size_t n, bool (*enabled)(void *ctx, int action),
                void *ctx)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (!table[i].label || (enabled && !enabled(ctx, table[i].action)))
            continue;
        int pad = 12 - text_width(table[i].keyname);
        sb_addf(&sb, "%s%*s%s\n", table[i].keyname, pad > 1 ? pad : 1, "", table[i].label);
    }
    return sb_take(&sb);
}

int draw_str(int y, int x, int cols, const char *s, int role)
{
    if (cols <= 0 || !s)
        return 0;
    char *clean = text_sanitize(s, false);
    size_t nb = text_fit(clean, cols);
    attrset(draw_attr(role));
    mvaddnstr(y, x, clean, (int)nb);
    clean[nb] = '\0';
    int w = text_width(clean);
    attrset(A_NORMAL);
    free(clean);
    return w;
}

void draw_str_pad(int y, int x, int cols, const char *s, int role)
{
    int w = draw_str(y, x, cols, s, role);
    attrset(draw_attr(role));
    for (int i = w; i < cols; i++)
        mvaddch(y, x + i, ' ');
    attrset(A_NORMAL);
}

void draw_title(const char *title, const char *right)
{
    draw_str_pad(0, 0, COLS, "", ROLE_TITLE);
    int rw = right ? text_width(right) : 0;
    if (rw > COLS / 2)
        rw = COLS / 2;                 /* a long name is cut, not hidden */
    draw_str(0, 1, COLS - rw - 3, title, ROLE_TITLE);
    if (rw)
        draw_str(0, COLS - rw - 1, rw, right, ROLE_TITLE);
}

/* True when binding i is the first of its action in the table. */
static bool first_of_action(const binding *t, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (t[j].action == t[i].action && t[j].label)
            return false;
    return true;
}

void draw_keybar(const binding *table, size_t n,
                 bool (*enabled)(void *ctx, int action), void *ctx)
{
    int y = LINES - 1, x = 0;
    move(y, 0);
    clrtoeol();
    for (size_t i = 0; i < n && x < COLS; i++) {
        const binding *b = &table[i];
        if (!b->label || !first_of_action(table, i))
            continue;
        if (enabled && !enabled(ctx, b->action))
            continue;
        int need = text_width(b->keyname) + text_width(b->label) + 2;
        if (x + need > COLS)
            break;
        x += draw_str(y, x, COLS - x, b->keyname, ROLE_KEY);
        x += draw_str(y, x, COLS - x, " ", ROLE_KEYBAR);
        x += draw_str(y, x, COLS - x, b->label, ROLE_KEYBAR);
        x += draw_str(y, x, COLS - x, " ", ROLE_KEYBAR);
    }
}

void draw_message(const char *msg, bool error)
{
    int y = LINES - 2;
    move(y, 0);
    clrtoeol();
    if (!msg || !*msg)
        return;
    if (error) {
        int w = draw_str(y, 1, COLS - 2, "Error: ", ROLE_ERROR);
        draw_str(y, 1 + w, COLS - 2 - w, msg, ROLE_ERROR);
    } else {
        draw_str(y, 1, COLS - 2, msg, ROLE_OK);
    }
}

void draw_progress(int y, int x, int cols, size_t section_pos, size_t nsections,
                   size_t done, size_t total)
{
    char left[64], right[48];
    snprintf(left, sizeof left, "Section %zu of %zu ", section_pos, nsections);
    snprintf(right, sizeof right, " %zu/%zu", done, total);
    int lw = text_width(left), rw = text_width(right);
    int bw = cols - lw - rw - 1;
    x += draw_str(y, x, cols, left, ROLE_NORMAL);
    if (bw >= 4) {
        int fill = total ? (int)((double)done * bw / (double)total + 0.5) : 0;
        x += draw_str(y, x, 1, utf8_term ? "\u258f" : "[", ROLE_NORMAL);
        attrset(draw_attr(ROLE_PROGRESS));
        for (int i = 0; i < fill && i < bw; i++)
            addstr(utf8_term ? "\u2588" : "#");
        attrset(A_NORMAL);
        for (int i = fill; i < bw; i++)
            addstr(utf8_term ? "\u2591" : "-");
        x += bw;
    }
    draw_str(y, x, rw, right, ROLE_NORMAL);
}

void draw_box(int y, int x, int h, int w, const char *title)
{
    if (h < 2 || w < 2)
        return;
    mvhline(y, x + 1, ACS_HLINE, w - 2);
    mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
    mvvline(y + 1, x, ACS_VLINE, h - 2);
    mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
    mvaddch(y, x, ACS_ULCORNER);
    mvaddch(y, x + w - 1, ACS_URCORNER);
    mvaddch(y + h - 1, x, ACS_LLCORNER);
    mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
    if (title && *title && w > 6) {
        int tw = draw_str(y, x + 2, w - 6, " ", ROLE_HEADING);
        tw += draw_str(y, x + 2 + tw, w - 6, title, ROLE_HEADING);
        draw_str(y, x + 2 + tw, 1, " ", ROLE_HEADING);
    }
}

int draw_para_rows(const char *s, int cols)
{
    size_t n = 0;
    if (!s || cols <= 0)
        return 0;
    char **lines = text_wrap(s, cols, &n);
    str_list_free(lines, n);
    return (int)n;
}

int draw_para(int y, int x, int cols, int maxrows, int skip, const char *s, int role)
{
    size_t n = 0;
    if (!s || cols <= 0)
        return 0;
    char **lines = text_wrap(s, cols, &n);
    for (size_t i = (size_t)(skip > 0 ? skip : 0); i < n; i++) {
        int row = (int)i - skip;
        if (row >= maxrows)
            break;
        draw_str(y + row, x, cols, lines[i], role);
    }
    str_list_free(lines, n);
    return (int)n;
}

/* ---- documents ---------------------------------------------------------- */

void doc_init(textdoc *d)
{
    memset(d, 0, sizeof *d);
}

void doc_free(textdoc *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->lines[i].text);
    free(d->lines);
    doc_init(d);
}

size_t doc_add(textdoc *d, int role, int indent, bool wrap, int tag, const char *text)
{
    xgrow((void **)&d->lines, &d->cap, d->n + 1, sizeof *d->lines);
    textdoc_line *l = &d->lines[d->n];
    l->text = xstrdup(text ? text : "");
    l->role = role;
    l->indent = indent;
    l->wrap = wrap;
    l->tag = tag;
    l->hang = 0;
    return d->n++;
}

size_t doc_addf(textdoc *d, int role, int indent, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = xvasprintf(fmt, ap);
    va_end(ap);
    size_t i = doc_add(d, role, indent, true, -1, s);
    free(s);
    return i;
}

size_t doc_hang(textdoc *d, size_t i, int hang)
{
    if (i < d->n)
        d->lines[i].hang = hang;
    return i;
}

/* Width available to line l's text in a document cols wide (2-cell gutter). */
static int line_cols(const textdoc_line *l, int cols)
{
    int w = cols - 2 - l->indent - l->hang;
    return w < 1 ? 1 : w;
}

int doc_line_rows(const textdoc *d, size_t i, int cols)
{
    const textdoc_line *l = &d->lines[i];
    if (!l->wrap || !*l->text)
        return 1;
    return draw_para_rows(l->text, line_cols(l, cols));
}

int doc_rows(const textdoc *d, int cols)
{
    int rows = 0;
    for (size_t i = 0; i < d->n; i++)
        rows += doc_line_rows(d, i, cols);
    return rows;
}

int doc_line_row(const textdoc *d, size_t i, int cols)
{
    int rows = 0;
    for (size_t j = 0; j < i && j < d->n; j++)
        rows += doc_line_rows(d, j, cols);
    return rows;
}

/* Draws the wrapped rows of one line that fall into [top, top+h). */
static void doc_draw_line(const textdoc_line *l, int y, int x, int h, int cols,
                          int row, int top, bool hl)
{
    int lc = line_cols(l, cols);
    size_t n = 1;
    char **parts = NULL;
    if (l->wrap && *l->text)
        parts = text_wrap(l->text, lc, &n);
    int role = hl ? ROLE_SELECTED : l->role;
    for (size_t k = 0; k < n; k++, row++) {
        if (row < top || row >= top + h)
            continue;
        int yy = y + row - top;
        if (hl) {
            draw_str(yy, x, 2, k == 0 ? "> " : "  ", ROLE_SELECTED);
            draw_str_pad(yy, x + 2, cols - 2, "", ROLE_SELECTED);
        }
        int in = l->indent + (k > 0 ? l->hang : 0);
        draw_str(yy, x + 2 + in, lc, parts ? parts[k] : l->text, role);
    }
    if (parts)
        str_list_free(parts, n);
}

void doc_draw(const textdoc *d, int y, int x, int h, int cols, int top, int highlight)
{
    int row = 0;
    for (size_t i = 0; i < d->n && row < top + h; i++) {
        int rows = doc_line_rows(d, i, cols);
        if (row + rows > top) {
            bool hl = highlight >= 0 && d->lines[i].tag == highlight;
            doc_draw_line(&d->lines[i], y, x, h, cols, row, top, hl);
        }
        row += rows;
    }
}
