/* tui.c - terminal start-up, the screen stack, the main loop, modals.
 *
 * Start-up checks that both ends are terminals and that TERM can address
 * the cursor, installs flag-only handlers for SIGINT, SIGTERM and SIGHUP
 * (so that the field being typed is saved before exiting), and restores
 * the terminal on every way out (atexit covers the fatal paths of util.c).
 * The main loop is the only place that draws and reacts to KEY_RESIZE; below
 * 80x24 it shows a "terminal too small" screen until the window grows back
 * (screen state is untouched, so nothing typed is lost).
 */
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "paths.h"
#include "report.h"
#include "text.h"
#include "util.h"

static volatile sig_atomic_t got_signal;
static bool curses_on;

static void on_signal(int sig)
{
    got_signal = sig;
}

/* Flag-only handlers without SA_RESTART: get_wch returns ERR at once. */
static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
}

/* Restores the terminal on any exit while curses is on (fatal paths). */
static void restore_terminal(void)
{
    if (curses_on && !isendwin())
        endwin();
    curses_on = false;
}

/* ---- stack ------------------------------------------------------------- */

void tui_push(tui *t, screen *s)
{
    if (!s)
        return;
    if (t->depth >= TUI_MAX_DEPTH) {
        s->ops->free(s);
        tui_message(t, true, "too many screens open");
        return;
    }
    t->stack[t->depth++] = s;
    t->dirty = true;
}

void tui_pop(tui *t)
{
    if (t->depth == 0)
        return;
    screen *s = t->stack[--t->depth];
    if (t->ndead < TUI_MAX_DEPTH)
        t->dead[t->ndead++] = s;
    else
        s->ops->free(s);
    t->dirty = true;
    if (t->depth && t->stack[t->depth - 1]->ops->reveal)
        t->stack[t->depth - 1]->ops->reveal(t->stack[t->depth - 1], t);
}

void tui_replace(tui *t, screen *s)
{
    if (t->depth == 0) {
        tui_push(t, s);
        return;
    }
    screen *old = t->stack[t->depth - 1];
    if (t->ndead < TUI_MAX_DEPTH)
        t->dead[t->ndead++] = old;
    else
        old->ops->free(old);
    t->stack[t->depth - 1] = s;
    t->dirty = true;
}

/* Removes screen s from the stack wherever it is (a callback may push). */
static void remove_screen(tui *t, screen *s)
{
    for (size_t i = t->depth; i-- > 0;)
        if (t->stack[i] == s) {
            memmove(&t->stack[i], &t->stack[i + 1], (t->depth - i - 1) * sizeof *t->stack);
            t->depth--;
            t->dead[t->ndead++] = s;
            t->dirty = true;
            return;
        }
}

screen *tui_top(tui *t)
{
    return t->depth ? t->stack[t->depth - 1] : NULL;
}

static void free_dead(tui *t)
{
    for (size_t i = 0; i < t->ndead; i++)
        t->dead[i]->ops->free(t->dead[i]);
    t->ndead = 0;
}

void tui_message(tui *t, bool error, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    free(t->msg);
    t->msg = xvasprintf(fmt, ap);
    va_end(ap);
    t->msg_error = error;
    t->dirty = true;
}

void tui_cursor(tui *t, int y, int x)
{
    t->cursor_on = true;
    t->cy = y;
    t->cx = x;
}

int tui_body_top(void)
{
    return 1;
}

int tui_body_bottom(void)
{
    return LINES - 2;
}

form *tui_load_form(const char *id_or_path, char **err)
{
    problems probs;
    problems_init(&probs);
    size_t len = strlen(id_or_path);
    bool is_file = strchr(id_or_path, '/') || (len > 4 && strcmp(id_or_path + len - 4, ".ini") == 0);
    char *path = is_file ? paths_find("forms", id_or_path) : NULL;
    form *f = !is_file ? report_open_form(id_or_path, &probs)   /* a form id */
              : path   ? form_load(path, &probs)
                       : NULL;
    if (!f && is_file && !path)
        *err = xasprintf("form '%s' not found in the forms directories", id_or_path);
    else if (!f)
        *err = xasprintf("form '%s' cannot be used: %s", id_or_path,
                         probs.n ? probs.msg[0] : "unknown problem");
    free(path);
    problems_free(&probs);
    return f;
}

/* ---- drawing ------------------------------------------------------------ */

/* Draws line centred on row y, cut to the screen's width. */
static void draw_centred(int y, const char *line, int role)
{
    int w = text_width(line);
    if (y >= 0 && y < LINES)
        draw_str(y, COLS > w ? (COLS - w) / 2 : 0, COLS, line, role);
}

/* The "terminal too small" screen: each message on one line when it fits,
 * split in two where it does not (down to 20 columns). */
static void draw_too_small(void)
{
    char size[48];
    snprintf(size, sizeof size, "(need %dx%d, have %dx%d)", TUI_MIN_COLS, TUI_MIN_LINES,
             COLS, LINES);
    char whole[80];
    snprintf(whole, sizeof whole, "terminal too small %s", size);
    const char *lines[4];
    size_t n = 0;
    bool wide = text_width(whole) <= COLS;
    lines[n++] = wide ? whole : "terminal too small";
    if (!wide)
        lines[n++] = size;
    const char *hint = "enlarge the window to continue; nothing is lost";
    wide = text_width(hint) <= COLS;
    lines[n++] = wide ? hint : "enlarge the window to continue;";
    if (!wide)
        lines[n++] = "nothing is lost";
    int y = LINES / 2 - (int)n / 2;
    if (y < 0 || LINES < (int)n)
        y = 0;
    for (size_t i = 0; i < n; i++)
        draw_centred(y + (int)i, lines[i], i == 0 ? ROLE_WARNING : ROLE_NORMAL);
}

static bool too_small(void)
{
    return COLS < TUI_MIN_COLS || LINES < TUI_MIN_LINES;
}

/* Draws the stack from the last non-modal screen up, then the bars. */
static void draw_all(tui *t)
{
    erase();
    t->cursor_on = false;
    if (too_small()) {
        draw_too_small();
        curs_set(0);
        refresh();
        return;
    }
    size_t base = t->depth - 1;
    while (base > 0 && t->stack[base]->ops->modal)
        base--;
    for (size_t i = base; i < t->depth; i++) {
        t->cursor_on = false;
        t->stack[i]->ops->draw(t->stack[i], t);
    }
    screen *top = tui_top(t);
    draw_message(t->msg, t->msg_error);
    draw_keybar(top->ops->keys, top->ops->nkeys, top->ops->enabled, top);
    if (t->cursor_on) {
        curs_set(1);
        move(t->cy, t->cx);
    } else {
        curs_set(0);
    }
    refresh();
    t->dirty = false;
}

/* ---- main loop ------------------------------------------------------------ */

/* Reads one key; false on timeout, signal or error. */
static bool read_key(tkey *k)
{
    wint_t ch;
    int r = get_wch(&ch);
    if (r == ERR)
        return false;
    k->fn = r == KEY_CODE_YES;
    k->ch = ch;
    return true;
}

/* True when the terminal has gone away (hung up without a SIGHUP
 * reaching us): get_wch would return ERR for ever. */
static bool terminal_gone(void)
{
    struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void main_loop(tui *t)
{
    draw_all(t);
    while (t->depth && !got_signal) {
        tkey k;
        if (!read_key(&k)) {
            if (!got_signal && terminal_gone())
                got_signal = SIGHUP;
            else if (t->dirty)
                draw_all(t);
            continue;
        }
        if (k.fn && k.ch == KEY_RESIZE) {
            draw_all(t);
            continue;
        }
        if (too_small())
            continue;
        if (t->msg) {
            free(t->msg);
            t->msg = NULL;
            t->dirty = true;
        }
        screen *top = tui_top(t);
        int r = top->ops->key(top, t, k);
        free_dead(t);
        if (r & TUI_QUIT)
            break;
        if ((r & TUI_REDRAW) || t->dirty)
            draw_all(t);
    }
}

/* Saves what every screen is editing, then frees the stack. */
static void close_all(tui *t)
{
    for (size_t i = t->depth; i-- > 0;)
        if (t->stack[i]->ops->leave)
            t->stack[i]->ops->leave(t->stack[i], t);
    for (size_t i = t->depth; i-- > 0;)
        t->stack[i]->ops->free(t->stack[i]);
    t->depth = 0;
    free_dead(t);
    free(t->msg);
    t->msg = NULL;
}

static bool want_colour(const config *cfg)
{
    int mode = cfg ? cfg->colour : COLOUR_AUTO;
    if (mode == COLOUR_NEVER)
        return false;
    if (mode == COLOUR_ALWAYS)
        return true;
    const char *nc = getenv("NO_COLOR");
    return !(nc && *nc);
}

/* Starts curses; returns NULL after printing why it cannot. */
static SCREEN *start_curses(const config *cfg)
{
    const char *term = getenv("TERM");
    if (!term || !*term) {
        fprintf(stderr, "winback: TERM is not set; set it (e.g. TERM=xterm-256color) "
                        "or use a command (winback --help)\n");
        return NULL;
    }
    SCREEN *scr = newterm(NULL, stdout, stdin);
    if (!scr) {
        fprintf(stderr, "winback: unknown terminal type '%s' (TERM); try "
                        "TERM=xterm-256color\n", term);
        return NULL;
    }
    set_term(scr);
    char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1) {
        endwin();
        delscreen(scr);
        fprintf(stderr, "winback: terminal '%s' cannot move the cursor; the wizard "
                        "needs a full-screen terminal (or use a command: winback --help)\n",
                term);
        return NULL;
    }
    curses_on = true;
    set_escdelay(25);
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    timeout(250);
    draw_init(want_colour(cfg));
    return scr;
}

static int exit_status(void)
{
    return got_signal ? 128 + got_signal : 0;
}

/* Pushes the first screens as the options ask. */
static void first_screens(tui *t, tui_options *opt)
{
    tui_push(t, home_screen_new(t));
    if (opt && opt->resume > 0)
        home_open_session(t, opt->resume);
    else if (opt && opt->start_new)
        home_start_new(t, opt->form);
}

int tui_run(store *st, const config *cfg, const library *lib, tui_options *opt)
{
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        fprintf(stderr, "winback: the wizard needs a terminal (stdin and stdout); "
                        "use a command instead (winback --help)\n");
        return 1;
    }
    static bool registered;
    if (!registered && atexit(restore_terminal) == 0)
        registered = true;
    got_signal = 0;
    install_signals();
    SCREEN *scr = start_curses(cfg);
    if (!scr)
        return 1;
    tui t;
    memset(&t, 0, sizeof t);
    t.st = st;
    t.cfg = cfg;
    t.lib = lib;
    t.opt = opt;
    t.who = cfg && cfg->user ? cfg->user : "unknown";
    first_screens(&t, opt);
    main_loop(&t);
    close_all(&t);
    restore_terminal();
    delscreen(scr);
    return exit_status();
}

/* ---- picker -------------------------------------------------------------- */

enum { PK_CHOOSE = 1, PK_CANCEL, PK_UP, PK_DOWN };

static const binding pick_keys[] = {
    { PK_CHOOSE, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Choose" },
    { PK_CANCEL, { K_CH(27), K_FN(KEY_F(10)) }, "Esc", "Cancel" },
    { PK_UP, { K_FN(KEY_UP) }, "Up", NULL },
    { PK_DOWN, { K_FN(KEY_DOWN) }, "Down", NULL },
};

typedef struct picker {
    screen base;
    char *title;
    char **labels;
    size_t n, cur;
    int top;
    tui_pick_fn pick;
    void *ctx;
} picker;

/* The box of a modal: centred, h rows (capped to the body). */
/* The width of a modal box on this screen. */
static int modal_width(void)
{
    return COLS - 8 > 72 ? 72 : COLS - 8;
}

static void modal_box(int h, int *y, int *x, int *w)
{
    int maxh = tui_body_bottom() - tui_body_top();
    if (h > maxh)
        h = maxh;
    *w = modal_width();
    *x = (COLS - *w) / 2;
    *y = tui_body_top() + (maxh - h) / 2;
    for (int r = 0; r < h; r++)
        draw_str_pad(*y + r, *x, *w, "", ROLE_NORMAL);
}

static void picker_draw(screen *s, tui *t)
{
    picker *p = (picker *)s;
    int maxh = tui_body_bottom() - tui_body_top();
    int h = (int)p->n + 2 > maxh ? maxh : (int)p->n + 2;
    int y, x, w;
    modal_box(h, &y, &x, &w);
    draw_box(y, x, h, w, p->title);
    int rows = h - 2;
    if ((int)p->cur < p->top)
        p->top = (int)p->cur;
    if ((int)p->cur >= p->top + rows)
        p->top = (int)p->cur - rows + 1;
    for (int r = 0; r < rows && (size_t)(p->top + r) < p->n; r++) {
        size_t i = (size_t)(p->top + r);
        char *line = xasprintf("%s %s", i == p->cur ? ">" : " ", p->labels[i]);
        draw_str_pad(y + 1 + r, x + 1, w - 2, line, i == p->cur ? ROLE_SELECTED : ROLE_NORMAL);
        free(line);
    }
    tui_cursor(t, y + 1 + (int)p->cur - p->top, x + 1);
}

static int picker_key(screen *s, tui *t, tkey k)
{
    picker *p = (picker *)s;
    int a = bind_lookup(pick_keys, ARRAY_LEN(pick_keys), k, NULL, NULL);
    if (!k.fn && k.ch >= '1' && k.ch <= '9' && (size_t)(k.ch - '1') < p->n) {
        p->cur = (size_t)(k.ch - '1');
        a = PK_CHOOSE;
    }
    switch (a) {
    case PK_UP: if (p->cur > 0) p->cur--; return TUI_REDRAW;
    case PK_DOWN: if (p->cur + 1 < p->n) p->cur++; return TUI_REDRAW;
    case PK_CANCEL: tui_pop(t); return TUI_REDRAW;
    case PK_CHOOSE:
        /* the callback may have pushed a screen above the picker */
        if (p->n == 0 || p->pick(p->ctx, t, p->cur))
            remove_screen(t, s);
        return TUI_REDRAW;
    default: return TUI_NONE;
    }
}

static void picker_free(screen *s)
{
    picker *p = (picker *)s;
    str_list_free(p->labels, p->n);
    free(p->title);
    free(p);
}

static const screen_ops picker_ops = {
    "pick", picker_draw, picker_key, NULL, NULL, picker_free,
    pick_keys, ARRAY_LEN(pick_keys), NULL, true,
};

void tui_pick(tui *t, const char *title, const char *const *labels, size_t n,
              size_t initial, tui_pick_fn pick, void *ctx)
{
    picker *p = xcalloc(1, sizeof *p);
    p->base.ops = &picker_ops;
    p->title = xstrdup(title);
    p->labels = xcalloc(n ? n : 1, sizeof *p->labels);
    for (size_t i = 0; i < n; i++)
        p->labels[i] = xstrdup(labels[i]);
    p->n = n;
    p->cur = initial < n ? initial : 0;
    p->pick = pick;
    p->ctx = ctx;
    tui_push(t, &p->base);
}

/* ---- prompt -------------------------------------------------------------- */

enum { PR_OK = 1, PR_CANCEL };

static const binding prompt_keys[] = {
    { PR_OK, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "OK" },
    { PR_CANCEL, { K_CH(27), K_FN(KEY_F(10)) }, "Esc", "Cancel" },
};

static const binding long_prompt_keys[] = {
    { PR_OK, { K_CH('\t'), K_FN(KEY_F(2)) }, "Tab", "Save" },
    { PR_CANCEL, { K_CH(27), K_FN(KEY_F(10)) }, "Esc", "Cancel" },
};

typedef struct prompt {
    screen base;
    char *title, *label;
    bool multi;           /* a text_edit (Enter: new line) instead of ed */
    line_edit ed;
    text_edit te;
    tui_prompt_fn done;
    void *ctx;
} prompt;

#define LONG_PROMPT_ROWS 8

static void prompt_draw(screen *s, tui *t)
{
    prompt *p = (prompt *)s;
    int y, x, w, cy = 0, cx = 0;
    int lr = draw_para_rows(p->label, modal_width() - 4);
    int eh = p->multi ? LONG_PROMPT_ROWS : 1;
    modal_box(lr + 3 + eh, &y, &x, &w);
    draw_box(y, x, lr + 3 + eh, w, p->title);
    draw_para(y + 1, x + 2, w - 4, lr, 0, p->label, ROLE_NORMAL);
    if (p->multi)
        te_draw(&p->te, y + 2 + lr, x + 2, eh, w - 4, &cy, &cx);
    else
        le_draw(&p->ed, y + 2 + lr, x + 2, w - 4, &cy, &cx);
    tui_cursor(t, cy, cx);
}

static int prompt_key(screen *s, tui *t, tkey k)
{
    prompt *p = (prompt *)s;
    int a = bind_lookup(s->ops->keys, s->ops->nkeys, k, NULL, NULL);
    if (a == PR_CANCEL) {
        tui_pop(t);
        return TUI_REDRAW;
    }
    if (a == PR_OK) {
        if (p->done(p->ctx, t, p->multi ? te_text(&p->te) : le_text(&p->ed)))
            remove_screen(t, s);
        return TUI_REDRAW;
    }
    int r = p->multi ? te_key(&p->te, k, modal_width() - 4) : le_key(&p->ed, k);
    if (r == ED_REFUSED)
        beep();
    return r == ED_IGNORED ? TUI_NONE : TUI_REDRAW;
}

static void prompt_free(screen *s)
{
    prompt *p = (prompt *)s;
    le_free(&p->ed);
    te_free(&p->te);
    free(p->title);
    free(p->label);
    free(p);
}

static const screen_ops prompt_ops = {
    "prompt", prompt_draw, prompt_key, NULL, NULL, prompt_free,
    prompt_keys, ARRAY_LEN(prompt_keys), NULL, true,
};

static const screen_ops long_prompt_ops = {
    "long prompt", prompt_draw, prompt_key, NULL, NULL, prompt_free,
    long_prompt_keys, ARRAY_LEN(long_prompt_keys), NULL, true,
};

/* Pushes a one-line or multi-line prompt. */
static void prompt_push(tui *t, bool multi, const char *title, const char *label,
                        const char *initial, size_t maxlen, tui_prompt_fn done, void *ctx)
{
    prompt *p = xcalloc(1, sizeof *p);
    p->base.ops = multi ? &long_prompt_ops : &prompt_ops;
    p->multi = multi;
    p->title = xstrdup(title);
    p->label = xstrdup(label ? label : "");
    if (multi)
        te_init(&p->te, initial, maxlen);
    else
        le_init(&p->ed, initial, maxlen);
    p->done = done;
    p->ctx = ctx;
    tui_push(t, &p->base);
}

void tui_prompt(tui *t, const char *title, const char *label, const char *initial,
                size_t maxlen, tui_prompt_fn done, void *ctx)
{
    prompt_push(t, false, title, label, initial, maxlen, done, ctx);
}

void tui_prompt_long(tui *t, const char *title, const char *label, const char *initial,
                     size_t maxlen, tui_prompt_fn done, void *ctx)
{
    prompt_push(t, true, title, label, initial, maxlen, done, ctx);
}

/* ---- help viewer --------------------------------------------------------- */

enum { HV_CLOSE = 1, HV_UP, HV_DOWN, HV_PGUP, HV_PGDN };

static const binding help_keys[] = {
    { HV_CLOSE, { K_CH(27), K_FN(KEY_F(1)), K_CH('q'), K_CH('\r') }, "Esc", "Close" },
    { HV_UP, { K_FN(KEY_UP) }, "Up", NULL },
    { HV_DOWN, { K_FN(KEY_DOWN) }, "Down", NULL },
    { HV_PGUP, { K_FN(KEY_PPAGE) }, "PgUp", NULL },
    { HV_PGDN, { K_FN(KEY_NPAGE), K_CH(' ') }, "PgDn", NULL },
};

typedef struct helpview {
    screen base;
    char *title;
    textdoc d;
    int top;
} helpview;

static void help_draw(screen *s, tui *t)
{
    (void)t;
    helpview *h = (helpview *)s;
    int y, x, w;
    modal_box(3, &y, &x, &w);               /* the width does not depend on height */
    int rows = doc_rows(&h->d, w - 2);      /* wrap at the width actually drawn */
    modal_box(rows + 2, &y, &x, &w);
    int maxh = tui_body_bottom() - tui_body_top();
    int bh = rows + 2 > maxh ? maxh : rows + 2;
    if (h->top > rows - (bh - 2))
        h->top = rows - (bh - 2);
    if (h->top < 0)
        h->top = 0;
    draw_box(y, x, bh, w, h->title);
    doc_draw(&h->d, y + 1, x + 1, bh - 2, w - 2, h->top, -1);
}

static int help_key(screen *s, tui *t, tkey k)
{
    helpview *h = (helpview *)s;
    switch (bind_lookup(help_keys, ARRAY_LEN(help_keys), k, NULL, NULL)) {
    case HV_CLOSE: tui_pop(t); return TUI_REDRAW;
    case HV_UP: h->top--; return TUI_REDRAW;
    case HV_DOWN: h->top++; return TUI_REDRAW;
    case HV_PGUP: h->top -= 10; return TUI_REDRAW;
    case HV_PGDN: h->top += 10; return TUI_REDRAW;
    default: return TUI_NONE;
    }
}

static void help_free(screen *s)
{
    helpview *h = (helpview *)s;
    doc_free(&h->d);
    free(h->title);
    free(h);
}

static const screen_ops help_ops = {
    "help", help_draw, help_key, NULL, NULL, help_free,
    help_keys, ARRAY_LEN(help_keys), NULL, true,
};

void tui_help(tui *t, const char *title, const char *text)
{
    helpview *h = xcalloc(1, sizeof *h);
    h->base.ops = &help_ops;
    h->title = xstrdup(title);
    doc_init(&h->d);
    doc_add(&h->d, ROLE_NORMAL, 0, true, -1, text);
    tui_push(t, &h->base);
}
