/* tui_draw.h - drawing primitives of the TUI: colours, bars, boxes, text.
 *
 * Colours are a semantic enum (what a thing is, not what colour it has)
 * mapped to colour pairs, with a monochrome attribute for each so that a
 * terminal without colour (or NO_COLOR) shows the same distinctions by
 * bold, reverse and underline.  Meaning is never carried by colour alone:
 * the screens also use markers ("[x]", ">", "!").
 *
 * Key bindings are data: each screen has a table of {action, keys, label}.
 * The screen's key handler looks the pressed key up in that table and the
 * key bar is drawn from the same table, so the two cannot disagree.
 *
 * All display-width arithmetic goes through text.h.
 */
#ifndef WINBACK_TUI_DRAW_H
#define WINBACK_TUI_DRAW_H

#include <stdbool.h>
#include <stddef.h>
#include <wchar.h>

#include "util.h"

/* One key press as get_wch delivers it: fn is true for KEY_* codes. */
typedef struct tkey {
    bool fn;       /* get_wch returned KEY_CODE_YES */
    wint_t ch;     /* the character or the KEY_* code */
} tkey;

/* Semantic colour roles. */
enum tui_role {
    ROLE_NORMAL,
    ROLE_TITLE,      /* title bar */
    ROLE_KEYBAR,     /* key bar background */
    ROLE_KEY,        /* key name in the key bar */
    ROLE_HEADING,    /* section titles, headings */
    ROLE_SELECTED,   /* the highlighted row */
    ROLE_FIELD,      /* the editing area */
    ROLE_ERROR,      /* message line: an error */
    ROLE_WARNING,    /* plan warnings, mismatch, low confidence */
    ROLE_OK,         /* saved, done */
    ROLE_DIM,        /* help text, hints */
    ROLE_PROGRESS,   /* the filled part of the progress bar */
    ROLE_COUNT
};

/* Sets up colour pairs (when colour is true and the terminal has colours)
 * or the monochrome fallback.  Call after newterm. */
void draw_init(bool colour);
/* The curses attributes of a role (colour pair and/or mono attributes). */
int draw_attr(int role);

/* A key binding: up to four keys that trigger an action.  A key with
 * fn = false and ch = 0 ends the list early.  label NULL: not shown in the
 * key bar (but still works). */
#define BIND_MAX_KEYS 4
typedef struct binding {
    int action;                 /* screen-specific action id (> 0) */
    tkey keys[BIND_MAX_KEYS];
    const char *keyname;        /* as shown in the key bar: "Tab", "F1" */
    const char *label;          /* "Next", "Help" */
} binding;

/* The action bound to key k in table (n entries) among the enabled ones,
 * or 0.  enabled may be NULL (all enabled). */
int bind_lookup(const binding *table, size_t n, tkey k,
                bool (*enabled)(void *ctx, int action), void *ctx);

/* The labelled bindings of a table as help text, one "key  label" line
 * each (for help screens; generated from the same table), leaving out the
 * actions enabled(ctx, action) refuses (enabled may be NULL).  Caller
 * frees. */
char *bind_help(const binding *table, size_t n, bool (*enabled)(void *ctx, int action),
                void *ctx);

/* Key constructors for binding tables. */
#define K_CH(c) { false, (wint_t)(c) }
#define K_FN(c) { true, (wint_t)(c) }
#define K_CTRL(c) { false, (wint_t)((c) & 0x1f) }

/* Draws the title bar on row 0: title on the left, right on the right. */
void draw_title(const char *title, const char *right);
/* Draws the key bar on the last row from the enabled bindings. */
void draw_keybar(const binding *table, size_t n,
                 bool (*enabled)(void *ctx, int action), void *ctx);
/* Draws the message line (row LINES-2): an error or an information. */
void draw_message(const char *msg, bool error);
/* Draws "Section 2 of 7 ▏████░░░ 12/38" at row y, over width cols. */
void draw_progress(int y, int x, int cols, size_t section_pos, size_t nsections,
                   size_t done, size_t total);
/* A box with an optional title. */
void draw_box(int y, int x, int h, int w, const char *title);

/* Draws s (UTF-8) at (y, x), cut to cols cells; returns cells used. */
int draw_str(int y, int x, int cols, const char *s, int role);
/* Same, padded with blanks to exactly cols cells. */
void draw_str_pad(int y, int x, int cols, const char *s, int role);
/* Word-wraps s to cols and draws at most maxrows rows starting at y,
 * skipping the first skip rows.  Returns the number of rows the whole
 * paragraph takes (drawn or not). */
int draw_para(int y, int x, int cols, int maxrows, int skip, const char *s, int role);
/* Rows s takes when wrapped to cols. */
int draw_para_rows(const char *s, int cols);

/* A scrollable document of styled lines (the diagnosis and plan views and
 * the help screen render into one, then draw it). */
typedef struct textdoc_line {
    char *text;      /* owned, one display line or a paragraph to wrap */
    int role;
    int indent;      /* cells */
    bool wrap;       /* wrap text to the width (continuation lines indented) */
    int tag;         /* caller's id (e.g. a selectable item index), -1 none */
    int hang;        /* extra indent of continuation rows (cells) */
} textdoc_line;

typedef struct textdoc {
    textdoc_line *lines;
    size_t n, cap;
} textdoc;

void doc_init(textdoc *d);
void doc_free(textdoc *d);
/* Appends a line (text copied). Returns its index. */
size_t doc_add(textdoc *d, int role, int indent, bool wrap, int tag, const char *text);
/* Appends a formatted wrapped line. */
size_t doc_addf(textdoc *d, int role, int indent, const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Sets the hanging indent of line i (continuation rows indented by hang);
 * returns i. */
size_t doc_hang(textdoc *d, size_t i, int hang);
/* Rows taken by line i / by the whole document at width cols. */
int doc_line_rows(const textdoc *d, size_t i, int cols);
int doc_rows(const textdoc *d, int cols);
/* Row (0-based, at width cols) where line i starts. */
int doc_line_row(const textdoc *d, size_t i, int cols);
/* Draws rows [top, top+h) of the document in the given area.  The line
 * with tag == highlight (when >= 0) is drawn selected with a ">" marker. */
void doc_draw(const textdoc *d, int y, int x, int h, int cols, int top, int highlight);

#endif
