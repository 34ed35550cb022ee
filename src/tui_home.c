/* tui_home.c - the home screen and the list of saved debriefs.
 *
 * Home offers, in this order: resume the unfinished debrief (when there is
 * one: "Resume: Acme Ltd, question 12 of 38"), a new debrief (full or
 * quick), the list of saved debriefs, quit.  The list shows account, date,
 * type and status; Enter opens a finished debrief's diagnosis or resumes an
 * open one.
 */
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"
#include "vocab.h"
#include "wizard.h"

/* ---- actions shared with tui.c ------------------------------------------- */

/* Opens the wizard on session id (open) or its diagnosis (finished). */
static bool open_session(tui *t, int64_t id, bool edit)
{
    session_info info;
    char *err = NULL;
    memset(&info, 0, sizeof info);
    if (store_session_get(t->st, id, &info, &err) != STORE_OK) {
        tui_message(t, true, "%s", err ? err : "no such session");
        free(err);
        return false;
    }
    screen *s = NULL;
    if (store_read_only(t->st) && (edit || info.status != SESSION_FINISHED)) {
        tui_message(t, true, "the database is open read-only: the debrief cannot be edited");
        session_info_free(&info);
        return false;
    }
    if (info.status == SESSION_FINISHED && !edit) {
        s = diagnosis_screen_new(t, id, &err);
    } else {
        form *f = tui_load_form(info.form_id, &err);
        if (f)
            s = wizard_screen_new(t, f, id, &err);
    }
    session_info_free(&info);
    if (!s) {
        tui_message(t, true, "%s", err ? err : "cannot open the session");
        free(err);
        return false;
    }
    tui_push(t, s);
    return true;
}

bool home_open_session(tui *t, int64_t id)
{
    return open_session(t, id, false);
}

bool home_start_new(tui *t, const char *form_id)
{
    char *err = NULL;
    if (store_read_only(t->st)) {
        tui_message(t, true, "the database is open read-only: no new debrief");
        return false;
    }
    form *f = tui_load_form(form_id ? form_id : (t->cfg && t->cfg->form ? t->cfg->form
                                                                         : "debrief"), &err);
    int64_t id = 0;
    bool training = t->opt && t->opt->training;
    if (f && store_session_new(t->st, f->id, f->version, t->who, training, &id, &err)
             != STORE_OK) {
        form_free(f);
        f = NULL;
    }
    screen *s = f ? wizard_screen_new(t, f, id, &err) : NULL;
    if (!s) {
        tui_message(t, true, "%s", err ? err : "cannot start a debrief");
        free(err);
        return false;
    }
    tui_push(t, s);
    return true;
}

/* ---- home ------------------------------------------------------------------ */

enum { H_CHOOSE = 1, H_RESUME, H_NEW, H_BROWSE, H_QUIT, H_UP, H_DOWN };

static const binding home_keys[] = {
    { H_CHOOSE, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Choose" },
    { H_RESUME, { K_CH('r') }, "r", "Resume" },
    { H_NEW, { K_CH('n') }, "n", "New debrief" },
    { H_BROWSE, { K_CH('b') }, "b", "Saved debriefs" },
    { H_QUIT, { K_CH('q'), K_FN(KEY_F(10)) }, "q", "Quit" },
    { H_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { H_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
};

typedef struct home {
    screen base;
    int64_t resume_id;    /* most recent open session, 0 when none */
    char *resume_label;   /* "Resume: Acme Ltd, question 12 of 38" */
    size_t nsessions;
    size_t cur;           /* highlighted menu row */
} home;

/* The menu rows, resume first when there is something to resume. */
static size_t home_menu(const home *h, int *actions)
{
    size_t n = 0;
    if (h->resume_id)
        actions[n++] = H_RESUME;
    actions[n++] = H_NEW;
    actions[n++] = H_BROWSE;
    actions[n++] = H_QUIT;
    return n;
}

/* "Resume: Acme Ltd, question 12 of 38" for session id. */
static char *resume_label(tui *t, int64_t id)
{
    session_info info;
    memset(&info, 0, sizeof info);
    if (store_session_get(t->st, id, &info, NULL) != STORE_OK)
        return xstrdup("Resume the unfinished debrief");
    char *err = NULL;
    form *f = tui_load_form(info.form_id, &err);
    free(err);
    const char *acct = info.account && *info.account ? info.account : "unnamed account";
    char *label = NULL;
    wizard w;
    if (f && wizard_open(&w, t->st, f, id, t->who, NULL) == STORE_OK) {
        wizard_progress p;
        wizard_get_progress(&w, &p);
        label = w.at_review ? xasprintf("Resume: %s, review of %zu answers", acct, p.answered)
                            : xasprintf("Resume: %s, question %zu of %zu", acct, p.index,
                                        p.visible);
        wizard_close(&w);
    } else if (f) {
        wizard_close(&w);
    }
    if (!label)
        label = xasprintf("Resume: %s", acct);
    form_free(f);
    session_info_free(&info);
    return label;
}

/* Reloads what home shows from the store. */
static void home_refresh(home *h, tui *t)
{
    free(h->resume_label);
    h->resume_label = NULL;
    h->resume_id = 0;
    if (!store_read_only(t->st))
        store_session_last_open(t->st, &h->resume_id, NULL);
    if (h->resume_id)
        h->resume_label = resume_label(t, h->resume_id);
    session_info *list = NULL;
    h->nsessions = 0;
    if (store_session_list(t->st, &list, &h->nsessions, NULL) == STORE_OK)
        session_list_free(list, h->nsessions);
    h->cur = 0;
}

static const char *menu_label(const home *h, int action, char *buf, size_t n)
{
    switch (action) {
    case H_RESUME: return h->resume_label;
    case H_NEW: return "New debrief (full or quick)";
    case H_BROWSE:
        snprintf(buf, n, "Saved debriefs (%zu)", h->nsessions);
        return buf;
    default: return "Quit";
    }
}

static void home_draw(screen *s, tui *t)
{
    home *h = (home *)s;
    draw_title("winback \u00b7 win back a lost customer", t->who);
    int y = 3;
    y += draw_para(y, 4, COLS - 8, 4, 0,
                   "Debrief a lost account: what kind of lost customer is it, who or "
                   "what caused the loss, is it worth winning back, and what to do.",
                   ROLE_NORMAL);
    y++;
    int actions[4];
    size_t n = home_menu(h, actions);
    char buf[64];
    for (size_t i = 0; i < n; i++) {
        bool hl = i == h->cur;
        char *line = xasprintf("%s %s", hl ? ">" : " ",
                               menu_label(h, actions[i], buf, sizeof buf));
        draw_str_pad(y + (int)i * 2, 4, COLS - 8, line, hl ? ROLE_SELECTED : ROLE_NORMAL);
        free(line);
        if (hl)
            tui_cursor(t, y + (int)i * 2, 4);
    }
    if (store_read_only(t->st))
        draw_str(LINES - 3, 4, COLS - 8, "read-only database: you can look but not change",
                 ROLE_WARNING);
}

/* Picker callback: starts a new debrief with the chosen form. */
static bool pick_form(void *ctx, tui *t, size_t index)
{
    (void)ctx;
    const char *cfg_form = t->cfg && t->cfg->form ? t->cfg->form : "debrief";
    home_start_new(t, index == 0 ? cfg_form : "quick");
    return true;
}

static void choose_form(tui *t)
{
    if (store_read_only(t->st)) {
        tui_message(t, true, "the database is open read-only: no new debrief");
        return;
    }
    static const char *const labels[] = {
        "Full debrief: the whole story, 20 to 30 minutes",
        "Quick debrief: eight questions, can be continued as a full one later",
    };
    tui_pick(t, "New debrief", labels, 2, 0, pick_form, NULL);
}

static int home_do(home *h, tui *t, int action)
{
    switch (action) {
    case H_RESUME:
        if (h->resume_id)
            open_session(t, h->resume_id, true);
        return TUI_REDRAW;
    case H_NEW: choose_form(t); return TUI_REDRAW;
    case H_BROWSE: tui_push(t, browse_screen_new(t)); return TUI_REDRAW;
    case H_QUIT: return TUI_QUIT;
    default: return TUI_NONE;
    }
}

static int home_key(screen *s, tui *t, tkey k)
{
    home *h = (home *)s;
    int actions[4];
    size_t n = home_menu(h, actions);
    int a = bind_lookup(home_keys, ARRAY_LEN(home_keys), k, NULL, NULL);
    switch (a) {
    case H_UP: if (h->cur > 0) h->cur--; return TUI_REDRAW;
    case H_DOWN: if (h->cur + 1 < n) h->cur++; return TUI_REDRAW;
    case H_CHOOSE: return home_do(h, t, actions[h->cur < n ? h->cur : 0]);
    default: return home_do(h, t, a);
    }
}

static bool home_enabled(void *ctx, int action)
{
    home *h = ctx;
    return action != H_RESUME || h->resume_id != 0;
}

static void home_reveal(screen *s, tui *t)
{
    home_refresh((home *)s, t);
}

static void home_free(screen *s)
{
    home *h = (home *)s;
    free(h->resume_label);
    free(h);
}

static const screen_ops home_ops = {
    "home", home_draw, home_key, NULL, home_reveal, home_free,
    home_keys, ARRAY_LEN(home_keys), home_enabled, false,
};

screen *home_screen_new(tui *t)
{
    home *h = xcalloc(1, sizeof *h);
    h->base.ops = &home_ops;
    home_refresh(h, t);
    return &h->base;
}

/* ---- saved debriefs ------------------------------------------------------- */

enum { B_OPEN = 1, B_EDIT, B_PLAN, B_BACK, B_UP, B_DOWN, B_HOME, B_END };

static const binding browse_keys[] = {
    { B_OPEN, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Open" },
    { B_EDIT, { K_CH('e') }, "e", "Edit answers" },
    { B_PLAN, { K_CH('p') }, "p", "Plan" },
    { B_BACK, { K_CH(27), K_CH('q'), K_FN(KEY_F(10)) }, "Esc", "Back" },
    { B_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { B_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
    { B_HOME, { K_FN(KEY_HOME), K_FN(KEY_PPAGE) }, "Home", NULL },
    { B_END, { K_FN(KEY_END), K_FN(KEY_NPAGE) }, "End", NULL },
};

typedef struct browse {
    screen base;
    session_info *list;
    size_t n, cur;
    int top;
} browse;

static void browse_load(browse *b, tui *t)
{
    char *err = NULL;
    session_list_free(b->list, b->n);
    b->list = NULL;
    b->n = 0;
    if (store_session_list(t->st, &b->list, &b->n, &err) != STORE_OK) {
        tui_message(t, true, "%s", err ? err : "cannot list the sessions");
        free(err);
    }
    if (b->cur >= b->n)
        b->cur = b->n ? b->n - 1 : 0;
}

/* One row: account, date, type, status (each column cut to its width). */
static void browse_row(const session_info *s, int y, bool hl)
{
    int role = hl ? ROLE_SELECTED : ROLE_NORMAL;
    int wacct = COLS - 4 - 12 - 30 - 22;
    char date[11] = "";
    if (s->created)
        snprintf(date, sizeof date, "%.10s", s->created);
    const char *type = s->type_final >= 0 ? vocab_value_label(DIM_TYPE, s->type_final) : "-";
    const char *status = s->status == SESSION_FINISHED
        ? (s->outcome > OUTCOME_NONE ? outcome_label(s->outcome) : "finished") : "open";
    draw_str_pad(y, 1, COLS - 2, hl ? ">" : " ", role);
    draw_str(y, 3, wacct - 1, s->account && *s->account ? s->account : "(unnamed)", role);
    draw_str(y, 3 + wacct, 11, date, role);
    draw_str(y, 3 + wacct + 12, 29, type ? type : "-", role);
    char st[48];
    snprintf(st, sizeof st, "%s%s", status, s->training ? " (training)" : "");
    draw_str(y, 3 + wacct + 42, 21, st, role);
}

static void browse_draw(screen *s, tui *t)
{
    browse *b = (browse *)s;
    draw_title("winback \u00b7 saved debriefs", NULL);
    int wacct = COLS - 4 - 12 - 30 - 22;
    draw_str(2, 3, wacct, "Account", ROLE_HEADING);
    draw_str(2, 3 + wacct, 11, "Date", ROLE_HEADING);
    draw_str(2, 3 + wacct + 12, 29, "Type", ROLE_HEADING);
    draw_str(2, 3 + wacct + 42, 21, "Status", ROLE_HEADING);
    if (b->n == 0) {
        draw_str(4, 3, COLS - 6, "No debriefs saved yet.", ROLE_DIM);
        return;
    }
    int h = LINES - 3 - 3;
    if ((int)b->cur < b->top)
        b->top = (int)b->cur;
    if ((int)b->cur >= b->top + h)
        b->top = (int)b->cur - h + 1;
    for (int r = 0; r < h && (size_t)(b->top + r) < b->n; r++) {
        size_t i = (size_t)(b->top + r);
        browse_row(&b->list[i], 3 + r, i == b->cur);
        if (i == b->cur)
            tui_cursor(t, 3 + r, 1);
    }
}

static int browse_key(screen *s, tui *t, tkey k)
{
    browse *b = (browse *)s;
    int a = bind_lookup(browse_keys, ARRAY_LEN(browse_keys), k, NULL, NULL);
    const session_info *cur = b->n ? &b->list[b->cur] : NULL;
    char *err = NULL;
    switch (a) {
    case B_UP: if (b->cur > 0) b->cur--; return TUI_REDRAW;
    case B_DOWN: if (b->cur + 1 < b->n) b->cur++; return TUI_REDRAW;
    case B_HOME: b->cur = 0; return TUI_REDRAW;
    case B_END: b->cur = b->n ? b->n - 1 : 0; return TUI_REDRAW;
    case B_BACK: tui_pop(t); return TUI_REDRAW;
    case B_OPEN: if (cur) open_session(t, cur->id, false); return TUI_REDRAW;
    case B_EDIT:
        if (cur && store_read_only(t->st))
            tui_message(t, true, "the database is open read-only");
        else if (cur)
            open_session(t, cur->id, true);
        return TUI_REDRAW;
    case B_PLAN:
        if (cur) {
            screen *p = plan_screen_new(t, cur->id, &err);
            if (p)
                tui_push(t, p);
            else
                tui_message(t, true, "%s", err ? err : "no plan yet");
            free(err);
        }
        return TUI_REDRAW;
    default: return TUI_NONE;
    }
}

static void browse_reveal(screen *s, tui *t)
{
    browse_load((browse *)s, t);
}

static void browse_free(screen *s)
{
    browse *b = (browse *)s;
    session_list_free(b->list, b->n);
    free(b);
}

static const screen_ops browse_ops = {
    "browse", browse_draw, browse_key, NULL, browse_reveal, browse_free,
    browse_keys, ARRAY_LEN(browse_keys), NULL, false,
};

screen *browse_screen_new(tui *t)
{
    browse *b = xcalloc(1, sizeof *b);
    b->base.ops = &browse_ops;
    browse_load(b, t);
    return &b->base;
}
