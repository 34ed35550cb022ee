/* tui_edit.h - the field editors of the TUI.
 *
 * Each editor's state is plain data (a buffer, a cursor, a scroll offset):
 * nothing depends on the screen size until it is drawn, so a resize only
 * redraws and never loses input.  Key handlers return what happened; they
 * never draw.
 *
 *   line_edit    one line of UTF-8 text (text, number, money, percent, date)
 *   text_edit    multi-line narrative with word wrap
 *   choice_list  one of / any of a list (choice, multi, scale, yesno), with
 *                an optional "Don't know" row
 */
#ifndef WINBACK_TUI_EDIT_H
#define WINBACK_TUI_EDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "tui_draw.h"

/* What a key did to an editor. */
enum ed_result {
    ED_IGNORED = 0,  /* not an editing key: the screen may use it */
    ED_CHANGED,      /* state changed: redraw */
    ED_SUBMIT,       /* Enter on a single-line field / choice list */
    ED_REFUSED       /* an editing key that could not apply (full, ...) */
};

/* ---- single line -------------------------------------------------------- */

typedef struct line_edit {
    char *buf;       /* owned, NUL-terminated UTF-8 */
    size_t len, cap; /* bytes */
    size_t cur;      /* cursor: byte offset, always on a code point start */
    int scroll;      /* display column of the first visible cell */
    size_t maxlen;   /* maximum bytes; 0 = no limit */
} line_edit;

void le_init(line_edit *e, const char *text, size_t maxlen);
void le_free(line_edit *e);
/* Replaces the text; the cursor goes to the end. */
void le_set(line_edit *e, const char *text);
const char *le_text(const line_edit *e);
/* Handles an editing key: Left/Right, Home/End, Ctrl-A/Ctrl-E, Backspace,
 * Delete, Ctrl-U (delete to start), Ctrl-K (delete to end), printable
 * characters; Enter gives ED_SUBMIT. */
int le_key(line_edit *e, tkey k);
/* Draws the field at (y, x) over cols cells; sets *cy, *cx to the cursor. */
void le_draw(line_edit *e, int y, int x, int cols, int *cy, int *cx);

/* ---- multi-line --------------------------------------------------------- */

typedef struct text_edit {
    line_edit t;     /* the buffer (may hold '\n'); t.scroll unused */
    int top;         /* first display line shown */
    int goal;        /* display column kept by Up/Down; -1 none */
} text_edit;

void te_init(text_edit *e, const char *text, size_t maxlen);
void te_free(text_edit *e);
const char *te_text(const text_edit *e);
/* Like le_key plus Up/Down by display line (cols: the width given to
 * te_draw, so that both wrap alike), Enter inserts a newline.  Tab is not
 * handled (the screen uses it to leave the field). */
int te_key(text_edit *e, tkey k, int cols);
/* Draws h rows at (y, x), cols wide; sets *cy, *cx to the cursor. */
void te_draw(text_edit *e, int y, int x, int h, int cols, int *cy, int *cx);

/* ---- choice list -------------------------------------------------------- */

typedef struct choice_list {
    size_t n;          /* real choices (labels are passed to draw) */
    size_t cur;        /* highlighted row; n = the "Don't know" row */
    bool multi;        /* checkboxes; otherwise radio buttons */
    bool *sel;         /* owned, n flags */
    bool allow_dk;     /* show a "Don't know" row */
    bool dontknow;     /* "Don't know" chosen */
    int top;           /* first row shown */
    bool plain;        /* no "1." numbers (labels carry them: scales) */
} choice_list;

void cl_init(choice_list *c, size_t n, bool multi, bool allow_dk);
void cl_free(choice_list *c);
/* Up/Down/Home/End move; Space selects (single) or toggles (multi);
 * digits 1-9 select/toggle that row; Enter gives ED_SUBMIT (a single
 * choice list first selects the highlighted row). */
int cl_key(choice_list *c, tkey k);
/* Selects exactly row i (single) or sets it (multi). */
void cl_select(choice_list *c, size_t i, bool on);
/* Number of rows (choices plus the "Don't know" row). */
size_t cl_rows(const choice_list *c);
/* Draws up to h rows: "> (*) 1. Label" / "[x] 2. Label".  labels has n
 * entries. Sets *cy,*cx to the highlighted row. */
void cl_draw(choice_list *c, const char *const *labels, int y, int x, int h,
             int cols, int *cy, int *cx);

#endif
