/* report.h - one session, gathered and rendered as text, JSON or Markdown.
 *
 * report_load reads a session from the store, loads its form (by id, from
 * the forms search path), recomputes the diagnosis from the answers (the
 * classifier is deterministic) and applies the stored overrides, and loads
 * the plan.  The renderers return new strings; every piece of user text in
 * them is sanitised (no control sequences reach a terminal) and JSON is
 * escaped.
 */
#ifndef WINBACK_REPORT_H
#define WINBACK_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include "answers.h"
#include "classify.h"
#include "form.h"
#include "plan.h"
#include "query.h"
#include "review.h"
#include "store.h"

enum report_format { REPORT_TEXT, REPORT_JSON, REPORT_MARKDOWN, REPORT_TSV };

/* Parses "text", "json", "markdown"/"md", "tsv"; -1 when unknown. */
int report_format_find(const char *name);

typedef struct session_doc {
    session_info info;
    form *f;              /* owned; NULL when the form cannot be found */
    char *form_problem;   /* why the form could not be loaded; owned */
    answer_set answers;
    diagnosis diag;       /* recomputed, with the stored overrides */
    bool has_diag;        /* the session has been classified */
    plan plan;
    bool has_plan;
    change *changes;
    size_t nchanges;
    comment *comments;    /* managers' comments, oldest first */
    size_t ncomments;
    review_overrides review; /* a manager's overrides (value -1: none) */
} session_doc;

/* Loads the form with id form_id ("<id>.ini" on the forms search path).
 * NULL with the problems listed when missing or broken. Caller frees. */
form *report_open_form(const char *form_id, problems *probs);

/* Fills out (see the top of this file).  When the form is missing or its
 * version differs from the one the diagnosis was made with, the stored
 * diagnosis is used as it is (no evidence) and form_problem says why.
 * Returns a store_rc; out must be freed with report_free even on error. */
int report_load(store *st, int64_t id, session_doc *out, char **err);
void report_free(session_doc *doc);

/* Renders one session. lib may be NULL (activity titles then show ids). */
char *report_render(const session_doc *doc, const library *lib, int format);
/* Renders sessions of the browser's query (query.h) as a text table, TSV
 * or a JSON array; total (the number matching) adds a "shown" line to the
 * table when the rows are a page of it.  Marks: T training, O overridden
 * by the salesperson, M by a manager. */
char *report_rows(const query_row *rows, size_t n, int64_t total, int format);

/* Appends s to sb as a JSON string literal (quotes included). */
void json_add_string(strbuf *sb, const char *s);

#endif
