/* tui.h - the interactive program: screen framework and main loop.
 *
 * Each screen is a small table of operations (draw, key, leave, free) and a
 * binding table; screens sit on a stack (home, wizard, diagnosis, plan,
 * modal pickers and prompts).  Key handlers change state and return what
 * needs redrawing; only the main loop draws, handles KEY_RESIZE and the
 * "terminal too small" screen, and reacts to SIGINT/SIGTERM/SIGHUP by
 * saving the field being edited, restoring the terminal and exiting with
 * 128 + the signal number.
 *
 * Screens: home (tui_home.c), wizard (tui_wizard.c), diagnosis
 * (tui_diagnosis.c), plan (tui_plan.c), training role-plays (tui_train.c),
 * the managers' browser, session review and due list (tui_review.c) and
 * statistics (tui_stats.c); pickers, prompts and the help viewer are in
 * tui.c.
 */
#ifndef WINBACK_TUI_H
#define WINBACK_TUI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "form.h"
#include "plan.h"
#include "scenario.h"
#include "store.h"
#include "tui_draw.h"
#include "tui_edit.h"

/* How tui_run starts.  All zero: the home screen. */
typedef struct tui_options {
    const char *form;      /* form id or file for a new debrief; NULL = config */
    int64_t resume;        /* open this session at start (0 = home screen) */
    bool start_new;        /* start a new debrief at once with `form` */
    bool training;         /* new sessions are training sessions */
} tui_options;

/* Runs the interactive program until the user quits or a signal arrives.
 * Returns the exit status: 0, 1 (no terminal, bad TERM, fatal error),
 * 129/130/143 after SIGHUP/SIGINT/SIGTERM (what was being typed is saved
 * first).  Messages about a missing terminal go to stderr. */
int tui_run(store *st, const config *cfg, const library *lib, tui_options *opt);

/* ---- framework (for the screen files) ----------------------------------- */

#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24

enum tui_reaction {
    TUI_NONE = 0,        /* nothing changed */
    TUI_REDRAW = 1 << 0, /* redraw the screen */
    TUI_QUIT = 1 << 1    /* leave the program */
};

typedef struct tui tui;
typedef struct screen screen;

typedef struct screen_ops {
    const char *name;
    /* Draws the whole screen (title, body); the main loop then draws the
     * message line and the key bar.  Calls tui_cursor to show a cursor. */
    void (*draw)(screen *s, tui *t);
    /* Handles one key; returns enum tui_reaction flags. */
    int (*key)(screen *s, tui *t, tkey k);
    /* Optional: saves what is being edited (quit, signal).  Must not draw. */
    void (*leave)(screen *s, tui *t);
    /* Optional: the screen is on top again after the one above it closed. */
    void (*reveal)(screen *s, tui *t);
    void (*free)(screen *s);
    const binding *keys;   /* the key bar and the key handler use this */
    size_t nkeys;
    /* Optional: which actions work right now (the key bar shows those). */
    bool (*enabled)(void *s, int action);
    bool modal;            /* drawn over the screen below */
} screen_ops;

/* Every screen struct starts with this. */
struct screen {
    const screen_ops *ops;
};

#define TUI_MAX_DEPTH 16

struct tui {
    store *st;
    const config *cfg;
    const library *lib;
    tui_options *opt;
    const char *who;                 /* user name for the history */
    screen *stack[TUI_MAX_DEPTH];
    size_t depth;
    screen *dead[TUI_MAX_DEPTH];     /* popped during a key; freed after it */
    size_t ndead;
    char *msg;                       /* message line; owned */
    bool msg_error;
    bool cursor_on;                  /* set by tui_cursor during draw */
    int cy, cx;
    bool dirty;                      /* the stack or message changed */
};

void tui_push(tui *t, screen *s);
/* Closes the top screen (freed after the current key handler). */
void tui_pop(tui *t);
/* Replaces the top screen with s. */
void tui_replace(tui *t, screen *s);
screen *tui_top(tui *t);
/* Sets the message line (copied; fmt is a format). */
void tui_message(tui *t, bool error, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Shows the cursor at (y, x) after this draw. */
void tui_cursor(tui *t, int y, int x);
/* Rows of the body: between the title (row 0) and the message line. */
int tui_body_top(void);
int tui_body_bottom(void);   /* first row that is not body */

/* Loads a form by id or path (newly allocated, caller frees with
 * form_free); NULL with a message in *err (caller frees). */
form *tui_load_form(const char *id_or_path, char **err);

/* A modal list: Enter calls pick(ctx, t, index); Esc closes it.  labels
 * are copied.  The callback returns true to close the picker. */
typedef bool (*tui_pick_fn)(void *ctx, tui *t, size_t index);
void tui_pick(tui *t, const char *title, const char *const *labels, size_t n,
              size_t initial, tui_pick_fn pick, void *ctx);

/* A modal one-line prompt: Enter calls done(ctx, t, text); false from the
 * callback keeps the prompt open (it sets the message). */
typedef bool (*tui_prompt_fn)(void *ctx, tui *t, const char *text);
void tui_prompt(tui *t, const char *title, const char *label, const char *initial,
                size_t maxlen, tui_prompt_fn done, void *ctx);

/* The same with a multi-line editor (Enter: new line, Tab saves). */
void tui_prompt_long(tui *t, const char *title, const char *label, const char *initial,
                     size_t maxlen, tui_prompt_fn done, void *ctx);

/* A scrollable read-only text (help); text is copied. */
void tui_help(tui *t, const char *title, const char *text);

/* Screens. */
screen *home_screen_new(tui *t);
/* The wizard on session id with form f (ownership of f passes to it). */
screen *wizard_screen_new(tui *t, form *f, int64_t session, char **err);
/* The diagnosis of a finished session (read-only when the store is). */
screen *diagnosis_screen_new(tui *t, int64_t session, char **err);
/* Switches the wizard screen s (a quick debrief) to the form it continues
 * and shows its first unanswered question (message line says why not). */
void wizard_screen_continue(screen *s, tui *t);
screen *plan_screen_new(tui *t, int64_t session, char **err);
/* The saved debriefs: the managers' sessions browser (tui_review.c). */
screen *browse_screen_new(tui *t);
/* Opens session id: its diagnosis when finished, else the wizard.  False
 * with the message line set when it cannot. */
bool home_open_session(tui *t, int64_t id);
/* Starts a new debrief with form id (NULL: the configured form). */
bool home_start_new(tui *t, const char *form_id);
/* Added: opens session id in the wizard to edit its answers (refused with
 * a message on a read-only store). */
bool home_edit_session(tui *t, int64_t id);

/* ---- managers' review (tui_review.c, tui_stats.c) -------------------------- */

struct query_filter;

/* Added: one session read-only (answers by section, diagnosis with its
 * evidence, who decided what, plan, outcome, comments, history) with the
 * manager's actions: comment, override with a reason, outcome.  NULL with
 * *err (caller frees) when it cannot be loaded. */
screen *review_session_new(tui *t, int64_t session, char **err);
/* Added: the statistics of the sessions filter f selects (copied; NULL:
 * the default filter), as bar charts. */
screen *stats_screen_new(tui *t, const struct query_filter *f);
/* Added: the follow-ups due this week and overdue; Enter opens the
 * session. */
screen *due_screen_new(tui *t);
/* Added: "this week" for follow-ups: today and the days after it. */
#define TUI_DUE_DAYS 6

/* ---- training (tui_train.c) ------------------------------------------------ */

/* The role-play entry: the list of scenarios (title, difficulty, times
 * played); Enter asks for the trainee's name and starts a training session
 * on the scenario's form, v opens the trainer's view of the highlighted
 * scenario. */
screen *training_screen_new(tui *t);
/* Makes the wizard screen s a role-play of scenario sc played by trainee:
 * F6 shows the brief, and finishing leads to "Your diagnosis" instead of
 * the program's diagnosis.  The wizard takes ownership of sc (it frees it,
 * or hands it on to the "Your diagnosis" screen); trainee is copied. */
void wizard_screen_set_scenario(screen *s, scenario *sc, const char *trainee);
/* "Your diagnosis" for the finished training session: the trainee states
 * type, attribution, priority and activities, then gets the feedback.
 * Takes ownership of sc; trainee is copied. */
screen *training_stated_screen_new(tui *t, scenario *sc, const char *trainee,
                                   int64_t session);
/* Shows the scenario's brief and facts in the help viewer. */
void training_show_brief(tui *t, const scenario *sc);

/* Resumes a role-play left before it was scored (tui_train.c): the
 * wizard with its scenario, or "Your diagnosis" when finished.  NULL when
 * the session is not such a role-play (then *err may say why). */
screen *training_resume(tui *t, int64_t session, bool finished, const char *form_id,
                        char **err);

#endif
