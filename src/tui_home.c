/* tui_home.c - the home screen.
 *
 * Home offers, in this order: resume the unfinished debrief (when there is
 * one: "Resume: Acme Ltd, question 12 of 38"), a new debrief (full or
 * quick), the saved debriefs (the managers' browser, tui_review.c), the
 * follow-ups due ("3 follow-ups due this week (2 overdue)"), statistics,
 * role-play training, quit.  Drawing it costs a few indexed look-ups and
 * never a scan of all sessions (start-up is timed on 100,000 of them).
 */
#include "tui.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "followup.h"
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
    if (info.training && !store_read_only(t->st))
        s = training_resume(t, id, info.status == SESSION_FINISHED, info.form_id, &err);
    if (s || err) {
        /* an unscored role-play goes on as one */
    } else if (info.status == SESSION_FINISHED && !edit) {
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

bool home_edit_session(tui *t, int64_t id)
{
    return open_session(t, id, true);
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

enum {
    H_CHOOSE = 1, H_RESUME, H_NEW, H_BROWSE, H_DUE, H_STATS, H_TRAIN, H_QUIT, H_UP, H_DOWN
};

static const binding home_keys[] = {
    { H_CHOOSE, { K_CH('\r'), K_CH('\n'), K_FN(KEY_ENTER) }, "Enter", "Choose" },
    { H_RESUME, { K_CH('r') }, "r", "Resume" },
    { H_NEW, { K_CH('n') }, "n", "New debrief" },
    { H_BROWSE, { K_CH('b') }, "b", "Saved debriefs" },
    { H_DUE, { K_CH('d') }, "d", "Due" },
    { H_STATS, { K_CH('g') }, "g", "Stats" },
    { H_TRAIN, { K_CH('t') }, "t", "Training" },
    { H_QUIT, { K_CH('q'), K_FN(KEY_F(10)) }, "q", "Quit" },
    { H_UP, { K_FN(KEY_UP), K_CH('k') }, "Up", NULL },
    { H_DOWN, { K_FN(KEY_DOWN), K_CH('j') }, "Down", NULL },
};

#define HOME_MENU_MAX 8

typedef struct home {
    screen base;
    int64_t resume_id;    /* most recent open session, 0 when none */
    char *resume_label;   /* "Resume: Acme Ltd, question 12 of 38" */
    char *due_label;      /* "3 follow-ups due this week (2 overdue)" */
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
    actions[n++] = H_DUE;
    actions[n++] = H_STATS;
    actions[n++] = H_TRAIN;
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

/* "3 follow-ups due this week (2 overdue)": one indexed count. */
static char *due_label(tui *t)
{
    char today[11];
    int64_t due = 0, overdue = 0;
    today_date(today);
    if (followup_count(t->st, today, TUI_DUE_DAYS, NULL, &due, &overdue, NULL) != STORE_OK)
        return xstrdup("Follow-ups due");
    if (due == 0)
        return xstrdup("Follow-ups: nothing due this week");
    if (due > FOLLOWUP_COUNT_MAX)
        return xasprintf("More than %d follow-ups due this week or overdue",
                         FOLLOWUP_COUNT_MAX);
    if (overdue == 0)
        return xasprintf("%lld follow-up%s due this week", (long long)due, due == 1 ? "" : "s");
    return xasprintf("%lld follow-up%s due this week (%lld overdue)", (long long)due,
                     due == 1 ? "" : "s", (long long)overdue);
}

/* Reloads what home shows from the store (no scan of all sessions). */
static void home_refresh(home *h, tui *t)
{
    free(h->resume_label);
    free(h->due_label);
    h->resume_label = NULL;
    h->resume_id = 0;
    if (!store_read_only(t->st))
        store_session_last_open(t->st, &h->resume_id, NULL);
    if (h->resume_id)
        h->resume_label = resume_label(t, h->resume_id);
    h->due_label = due_label(t);
    h->cur = 0;
}

static const char *menu_label(const home *h, int action)
{
    switch (action) {
    case H_RESUME: return h->resume_label;
    case H_NEW: return "New debrief (full or quick)";
    case H_BROWSE: return "Review saved debriefs";
    case H_DUE: return h->due_label;
    case H_STATS: return "Statistics: what came back, by type, cause, salesperson, quarter";
    case H_TRAIN: return "Role-play training";
    default: return "Quit";
    }
}

static void home_draw(screen *s, tui *t)
{
    home *h = (home *)s;
    draw_title("winback \u00b7 win back a lost customer", t->who);
    int y = 2;
    y += draw_para(y, 4, COLS - 8, 3, 0,
                   "Debrief a lost account: what kind of lost customer is it, who or "
                   "what caused the loss, is it worth winning back, and what to do.",
                   ROLE_NORMAL);
    y++;
    int actions[HOME_MENU_MAX];
    size_t n = home_menu(h, actions);
    int gap = y + (int)n * 2 <= LINES - 3 ? 2 : 1;
    for (size_t i = 0; i < n; i++) {
        bool hl = i == h->cur;
        char *line = xasprintf("%s %s", hl ? ">" : " ", menu_label(h, actions[i]));
        draw_str_pad(y + (int)i * gap, 4, COLS - 8, line, hl ? ROLE_SELECTED : ROLE_NORMAL);
        free(line);
        if (hl)
            tui_cursor(t, y + (int)i * gap, 4);
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
    case H_DUE: tui_push(t, due_screen_new(t)); return TUI_REDRAW;
    case H_STATS: tui_push(t, stats_screen_new(t, NULL)); return TUI_REDRAW;
    case H_TRAIN: tui_push(t, training_screen_new(t)); return TUI_REDRAW;
    case H_QUIT: return TUI_QUIT;
    default: return TUI_NONE;
    }
}

static int home_key(screen *s, tui *t, tkey k)
{
    home *h = (home *)s;
    int actions[HOME_MENU_MAX];
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
    free(h->due_label);
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
