/* tui_edit.c - single-line, multi-line and choice-list field editors.
 *
 * The buffers are UTF-8; the cursor is a byte offset kept on a code point
 * boundary (and never inside a base character + combining marks cluster).
 * Display widths come from text.h.  Key handlers only change state; the
 * draw functions lay the state out for the current size.
 */
#include "tui_edit.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)

/* ---- buffer helpers ------------------------------------------------------ */

/* Display width of the bytes [from, to) of s. */
static int width_range(const char *s, size_t from, size_t to)
{
    int w = 0;
    while (from < to) {
        unsigned cp;
        from += utf8_decode(s + from, to - from, &cp);
        w += cp == '\n' ? 0 : text_cp_width(cp);
    }
    return w;
}

/* True when the code point at pos is a zero-width mark (joins the previous). */
static bool is_mark_at(const char *s, size_t len, size_t pos)
{
    unsigned cp;
    if (pos >= len)
        return false;
    utf8_decode(s + pos, len - pos, &cp);
    return cp != '\n' && text_cp_width(cp) == 0;
}

static size_t next_cluster(const line_edit *e, size_t pos)
{
    if (pos >= e->len)
        return e->len;
    pos = utf8_next(e->buf, e->len, pos);
    while (is_mark_at(e->buf, e->len, pos))
        pos = utf8_next(e->buf, e->len, pos);
    return pos;
}

static size_t prev_cluster(const line_edit *e, size_t pos)
{
    if (pos == 0)
        return 0;
    pos = utf8_prev(e->buf, pos);
    while (pos > 0 && is_mark_at(e->buf, e->len, pos))
        pos = utf8_prev(e->buf, pos);
    return pos;
}

static void le_delete(line_edit *e, size_t from, size_t to)
{
    if (to <= from)
        return;
    memmove(e->buf + from, e->buf + to, e->len - to + 1);
    e->len -= to - from;
    if (e->cur > to)
        e->cur -= to - from;
    else if (e->cur > from)
        e->cur = from;
}

/* Inserts n bytes at the cursor; false when it would pass maxlen. */
static bool le_insert(line_edit *e, const char *s, size_t n)
{
    if (e->maxlen && e->len + n > e->maxlen)
        return false;
    xgrow((void **)&e->buf, &e->cap, e->len + n + 1, 1);
    memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur + 1);
    memcpy(e->buf + e->cur, s, n);
    e->len += n;
    e->cur += n;
    return true;
}

void le_init(line_edit *e, const char *text, size_t maxlen)
{
    memset(e, 0, sizeof *e);
    e->maxlen = maxlen;
    le_set(e, text);
}

void le_free(line_edit *e)
{
    free(e->buf);
    memset(e, 0, sizeof *e);
}

void le_set(line_edit *e, const char *text)
{
    size_t n = text ? strlen(text) : 0;
    xgrow((void **)&e->buf, &e->cap, n + 1, 1);
    if (n)
        memcpy(e->buf, text, n);
    e->buf[n] = '\0';
    e->len = n;
    e->cur = n;
    e->scroll = 0;
}

const char *le_text(const line_edit *e)
{
    return e->buf ? e->buf : "";
}

static bool is_enter(tkey k)
{
    return (k.fn && k.ch == KEY_ENTER) || (!k.fn && (k.ch == '\r' || k.ch == '\n'));
}

static bool is_backspace(tkey k)
{
    return (k.fn && k.ch == KEY_BACKSPACE) || (!k.fn && (k.ch == 127 || k.ch == 8));
}

/* Inserts a typed character; ED_IGNORED for anything not printable. */
static int insert_char(line_edit *e, wint_t ch)
{
    if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch < 0xa0) || ch > 0x10ffff)
        return ED_IGNORED;
    char tmp[4];
    size_t n = utf8_encode((unsigned)ch, tmp);
    return le_insert(e, tmp, n) ? ED_CHANGED : ED_REFUSED;
}

/* Keys common to both text editors, except Enter and Up/Down. */
static int edit_key(line_edit *e, tkey k, size_t line_start, size_t line_end)
{
    if (is_backspace(k)) {
        if (e->cur == 0)
            return ED_REFUSED;
        le_delete(e, prev_cluster(e, e->cur), e->cur);
        return ED_CHANGED;
    }
    if (k.fn) {
        switch (k.ch) {
        case KEY_LEFT: e->cur = prev_cluster(e, e->cur); return ED_CHANGED;
        case KEY_RIGHT: e->cur = next_cluster(e, e->cur); return ED_CHANGED;
        case KEY_HOME: e->cur = line_start; return ED_CHANGED;
        case KEY_END: e->cur = line_end; return ED_CHANGED;
        case KEY_DC:
            le_delete(e, e->cur, next_cluster(e, e->cur));
            return ED_CHANGED;
        default: return ED_IGNORED;
        }
    }
    switch (k.ch) {
    case CTRL('a'): e->cur = line_start; return ED_CHANGED;
    case CTRL('e'): e->cur = line_end; return ED_CHANGED;
    case CTRL('u'): le_delete(e, line_start, e->cur); return ED_CHANGED;
    case CTRL('k'): le_delete(e, e->cur, line_end); return ED_CHANGED;
    default: return insert_char(e, k.ch);
    }
}

int le_key(line_edit *e, tkey k)
{
    if (is_enter(k))
        return ED_SUBMIT;
    return edit_key(e, k, 0, e->len);
}

/* Keeps the cursor column inside the visible window of cols cells. */
static void le_scroll(line_edit *e, int cols)
{
    int cx = width_range(e->buf, 0, e->cur);
    if (cx < e->scroll)
        e->scroll = cx - cols / 3;
    if (cx >= e->scroll + cols)
        e->scroll = cx - cols + 1 + cols / 3;
    int total = width_range(e->buf, 0, e->len);
    if (e->scroll > total - cols + 1)
        e->scroll = total - cols + 1;
    if (e->scroll < 0)
        e->scroll = 0;
}

void le_draw(line_edit *e, int y, int x, int cols, int *cy, int *cx)
{
    if (cols < 2)
        return;
    le_scroll(e, cols);
    draw_str_pad(y, x, cols, "", ROLE_FIELD);
    size_t pos = 0;
    int col = 0;
    while (pos < e->len && col < e->scroll) {     /* skip the hidden start */
        unsigned cp;
        pos += utf8_decode(e->buf + pos, e->len - pos, &cp);
        col += text_cp_width(cp);
    }
    int lead = col - e->scroll;                   /* a wide char cut in half */
    draw_str(y, x + lead, cols - lead, e->buf + pos, ROLE_FIELD);
    if (e->scroll > 0)
        draw_str(y, x, 1, "<", ROLE_DIM);
    if (width_range(e->buf, 0, e->len) - e->scroll > cols)
        draw_str(y, x + cols - 1, 1, ">", ROLE_DIM);
    *cy = y;
    *cx = x + width_range(e->buf, 0, e->cur) - e->scroll;
}

/* ---- multi-line ---------------------------------------------------------- */

/* The display lines of a wrapped text: start offsets and end offsets (the
 * end excludes a '\n'). */
typedef struct layout {
    size_t *start, *end;
    size_t n, cap;
} layout;

static void layout_push(layout *l, size_t s, size_t e)
{
    if (l->n + 1 > l->cap) {
        size_t cap = l->cap;
        xgrow((void **)&l->start, &cap, l->n + 1, sizeof *l->start);
        xgrow((void **)&l->end, &l->cap, l->n + 1, sizeof *l->end);
    }
    l->start[l->n] = s;
    l->end[l->n] = e;
    l->n++;
}

static void layout_free(layout *l)
{
    free(l->start);
    free(l->end);
}

/* Wraps buf at spaces to lines of at most cols cells. */
static layout layout_text(const char *buf, size_t len, int cols)
{
    layout l = { 0 };
    size_t pos = 0;
    for (;;) {
        size_t start = pos, brk = 0;
        int col = 0;
        while (pos < len && buf[pos] != '\n') {
            unsigned cp;
            size_t n = utf8_decode(buf + pos, len - pos, &cp);
            int w = text_cp_width(cp);
            if (col + w > cols && pos > start)
                break;
            col += w;
            pos += n;
            if (cp == ' ')
                brk = pos;
        }
        if (pos >= len || buf[pos] == '\n') {
            layout_push(&l, start, pos);
            if (pos >= len)
                return l;
            pos++;
            continue;
        }
        if (brk > start)
            pos = brk;
        layout_push(&l, start, pos);
    }
}

static int layout_line_of(const layout *l, size_t cur)
{
    int i = 0;
    while ((size_t)i + 1 < l->n && l->start[i + 1] <= cur)
        i++;
    return i;
}

/* Byte offset in line i closest to display column goal. */
static size_t layout_col_to_pos(const layout *l, const char *buf, size_t len,
                                int i, int goal)
{
    size_t pos = l->start[i];
    int col = 0;
    while (pos < l->end[i]) {
        unsigned cp;
        size_t n = utf8_decode(buf + pos, len - pos, &cp);
        int w = text_cp_width(cp);
        if (col + w > goal)
            break;
        col += w;
        pos += n;
    }
    /* a soft-wrapped line ends where the next begins: stay on this one */
    if (pos == l->end[i] && (size_t)i + 1 < l->n && l->start[i + 1] == pos && pos > l->start[i])
        pos = utf8_prev(buf, pos);
    return pos;
}

void te_init(text_edit *e, const char *text, size_t maxlen)
{
    le_init(&e->t, text, maxlen);
    e->top = 0;
    e->goal = -1;
}

void te_free(text_edit *e)
{
    le_free(&e->t);
}

const char *te_text(const text_edit *e)
{
    return le_text(&e->t);
}

static int te_vertical(text_edit *e, int dir, int cols)
{
    layout l = layout_text(e->t.buf, e->t.len, cols - 1);
    int i = layout_line_of(&l, e->t.cur);
    int j = i + dir;
    int rc = ED_REFUSED;
    if (j >= 0 && (size_t)j < l.n) {
        if (e->goal < 0)
            e->goal = width_range(e->t.buf, l.start[i], e->t.cur);
        e->t.cur = layout_col_to_pos(&l, e->t.buf, e->t.len, j, e->goal);
        rc = ED_CHANGED;
    }
    layout_free(&l);
    return rc;
}

int te_key(text_edit *e, tkey k, int cols)
{
    if (k.fn && (k.ch == KEY_UP || k.ch == KEY_DOWN))
        return te_vertical(e, k.ch == KEY_UP ? -1 : 1, cols);
    e->goal = -1;
    if (is_enter(k))
        return le_insert(&e->t, "\n", 1) ? ED_CHANGED : ED_REFUSED;
    layout l = layout_text(e->t.buf, e->t.len, cols - 1);
    int i = layout_line_of(&l, e->t.cur);
    size_t ls = l.start[i], lend = l.end[i];
    if ((size_t)i + 1 < l.n && l.start[i + 1] == lend && lend > ls)
        lend = utf8_prev(e->t.buf, lend);    /* soft wrap: stay on this line */
    layout_free(&l);
    return edit_key(&e->t, k, ls, lend);
}

void te_draw(text_edit *e, int y, int x, int h, int cols, int *cy, int *cx)
{
    if (cols < 2 || h < 1)
        return;
    layout l = layout_text(e->t.buf, e->t.len, cols - 1);
    int ci = layout_line_of(&l, e->t.cur);
    if (ci < e->top)
        e->top = ci;
    if (ci >= e->top + h)
        e->top = ci - h + 1;
    for (int r = 0; r < h; r++) {
        size_t i = (size_t)(e->top + r);
        draw_str_pad(y + r, x, cols, "", ROLE_NORMAL);
        if (i >= l.n)
            continue;
        char *s = xstrndup(e->t.buf + l.start[i], l.end[i] - l.start[i]);
        draw_str(y + r, x, cols - 1, s, ROLE_NORMAL);
        free(s);
    }
    if (e->top > 0)
        draw_str(y, x + cols - 1, 1, "^", ROLE_DIM);
    if ((size_t)(e->top + h) < l.n)
        draw_str(y + h - 1, x + cols - 1, 1, "v", ROLE_DIM);
    *cy = y + ci - e->top;
    *cx = x + width_range(e->t.buf, l.start[ci], e->t.cur);
    layout_free(&l);
}

/* ---- choice list ---------------------------------------------------------- */

void cl_init(choice_list *c, size_t n, bool multi, bool allow_dk)
{
    memset(c, 0, sizeof *c);
    c->n = n;
    c->multi = multi;
    c->allow_dk = allow_dk;
    c->sel = xcalloc(n ? n : 1, sizeof *c->sel);
}

void cl_free(choice_list *c)
{
    free(c->sel);
    memset(c, 0, sizeof *c);
}

size_t cl_rows(const choice_list *c)
{
    return c->n + (c->allow_dk ? 1 : 0);
}

void cl_select(choice_list *c, size_t i, bool on)
{
    if (i == c->n && c->allow_dk) {        /* the "Don't know" row */
        c->dontknow = on;
        if (on)
            memset(c->sel, 0, c->n * sizeof *c->sel);
        return;
    }
    if (i >= c->n)
        return;
    if (!c->multi)
        memset(c->sel, 0, c->n * sizeof *c->sel);
    c->sel[i] = on;
    if (on)
        c->dontknow = false;
}

/* Space or a digit on row i: radio select, or checkbox toggle. */
static void cl_hit(choice_list *c, size_t i)
{
    bool on = i == c->n ? c->dontknow : c->sel[i];
    cl_select(c, i, c->multi ? !on : true);
}

int cl_key(choice_list *c, tkey k)
{
    size_t rows = cl_rows(c);
    if (rows == 0)
        return ED_IGNORED;
    if (is_enter(k)) {
        if (!c->multi)
            cl_select(c, c->cur, true);
        return ED_SUBMIT;
    }
    if (k.fn) {
        switch (k.ch) {
        case KEY_UP: if (c->cur == 0) return ED_REFUSED; c->cur--; return ED_CHANGED;
        case KEY_DOWN: if (c->cur + 1 >= rows) return ED_REFUSED; c->cur++; return ED_CHANGED;
        case KEY_HOME: c->cur = 0; return ED_CHANGED;
        case KEY_END: c->cur = rows - 1; return ED_CHANGED;
        default: return ED_IGNORED;
        }
    }
    if (k.ch == ' ') {
        cl_hit(c, c->cur);
        return ED_CHANGED;
    }
    if (k.ch >= '1' && k.ch <= '9' && (size_t)(k.ch - '1') < c->n) {
        c->cur = (size_t)(k.ch - '1');
        cl_hit(c, c->cur);
        return ED_CHANGED;
    }
    return ED_IGNORED;
}

/* The label of row i ("Don't know" for the extra row). */
static const char *cl_label(const choice_list *c, const char *const *labels, size_t i)
{
    return i == c->n ? "Don't know" : labels[i];
}

/* "> (*) 1. " style prefix of row i into buf; returns its width. */
static int cl_prefix(const choice_list *c, size_t i, char *buf, size_t n)
{
    bool on = i == c->n ? c->dontknow : c->sel[i];
    char num[8] = "   ";
    if (c->plain)
        num[0] = '\0';
    else if (i < c->n && i < 9)
        snprintf(num, sizeof num, "%zu. ", i + 1);
    snprintf(buf, n, "%s %s %s", i == c->cur ? ">" : " ",
             c->multi ? (on ? "[x]" : "[ ]") : (on ? "(*)" : "( )"), num);
    return text_width(buf);
}

/* Rows row i takes with its label wrapped after the prefix. */
static int cl_item_rows(const choice_list *c, const char *const *labels, size_t i, int cols)
{
    char pre[32];
    int pw = cl_prefix(c, i, pre, sizeof pre);
    int r = draw_para_rows(cl_label(c, labels, i), cols - pw);
    return r < 1 ? 1 : r;
}

/* Moves top so that the highlighted row is fully inside h rows. */
static void cl_scroll(choice_list *c, const char *const *labels, int h, int cols)
{
    if ((int)c->cur < c->top)
        c->top = (int)c->cur;
    for (;;) {
        int used = 0;
        for (size_t i = (size_t)c->top; i <= c->cur; i++)
            used += cl_item_rows(c, labels, i, cols);
        if (used <= h || c->top >= (int)c->cur)
            return;
        c->top++;
    }
}

void cl_draw(choice_list *c, const char *const *labels, int y, int x, int h,
             int cols, int *cy, int *cx)
{
    size_t rows = cl_rows(c);
    if (h < 1)
        return;
    cl_scroll(c, labels, h, cols);
    for (int r = 0; r < h; r++)
        draw_str_pad(y + r, x, cols, "", ROLE_NORMAL);
    int r = 0;
    size_t i = (size_t)c->top;
    *cy = y;
    for (; i < rows && r < h; i++) {
        char pre[32];
        int pw = cl_prefix(c, i, pre, sizeof pre);
        int role = i == c->cur ? ROLE_SELECTED : ROLE_NORMAL;
        int n = cl_item_rows(c, labels, i, cols);
        if (i == c->cur) {
            for (int k = 0; k < n && r + k < h; k++)
                draw_str_pad(y + r + k, x, cols, "", role);
            *cy = y + r;
        }
        draw_str(y + r, x, pw, pre, role);
        draw_para(y + r, x + pw, cols - pw, h - r, 0, cl_label(c, labels, i), role);
        r += n;
    }
    if (c->top > 0)
        draw_str(y, x + cols - 1, 1, "^", ROLE_DIM);
    if (i < rows || r > h)
        draw_str(y + h - 1, x + cols - 1, 1, "v", ROLE_DIM);
    *cx = x + 3;
}
