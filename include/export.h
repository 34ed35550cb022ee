/* export.h - `winback export`: the sessions matching a filter as CSV, JSON
 * or Markdown, written safely to a file or to standard output.
 *
 * CSV is what a CRM or a spreadsheet imports cleanly: UTF-8 without a BOM,
 * a header row, RFC 4180 (CRLF between records, every field holding a
 * comma, a quote, CR or LF is quoted, quotes doubled), one row per session.
 * Every coded field comes twice, as its stable id and as its label
 * ("type", "type_label").  Form answers follow, one column per question
 * named by the question id; a choice or yes/no question adds
 * "<id>_label"; a multiple-choice question gives "<id>" (the ids ticked,
 * "price,service") and one column "<id>:<option>" per option holding 1 or
 * 0 (empty when unanswered or "don't know").  "Don't know" is written "?".
 * A question id equal to a session column's name ("loss_date") is
 * written "<id>_answer" so that no two columns share a name.
 * Checklist progress is two numeric columns (items_done, items_total),
 * never "4/9", which spreadsheets read as a date.
 *
 * Formula injection (OWASP): a text cell that begins with = + - @, a tab
 * or a CR gets a single quote ' in front, so a spreadsheet shows it as
 * text and never runs it.  Numeric columns (ids, counts, and answers to
 * number, money, percent and scale questions) hold a plain decimal number
 * written as is, so -5 stays the number -5; anything else in a numeric
 * column (which validation never lets in) is neutralised like text.
 *
 * JSON is an array with one object per session holding the same content,
 * structured (coded fields as {"id", "label"}, answers by question id).
 * Markdown is the win-back plan document a team circulates: a title, the
 * filter, then each session as report_render(REPORT_MARKDOWN) shows it.
 * All user text is sanitised (no control characters or escape sequences)
 * in every format.
 *
 * Redaction (--redact) replaces the names of customers, their contacts,
 * competitors they went to and the salespeople with pseudonyms ("Customer
 * A", "Contact 3", "Competitor 1", "Salesperson 2"), the same name always
 * the same pseudonym within one export, everywhere it appears: in the
 * account and salesperson columns and inside every text and narrative
 * answer, note, comment and history entry.  Names come from the session's
 * account and salesperson and from the answers of questions with the
 * roles customer, went_to, decision_makers, advocates and blockers (a run
 * of capitalised words there is taken as a name).  A full name, each part
 * of a person's name (first name, surname) and the first distinctive word
 * of a firm's ("Hollis" of "Hollis Building Contractors") are replaced
 * where they appear as whole words (full names case-insensitively, single
 * words case-sensitively).  It is
 * a careful heuristic, not a proof: a name that appears only in a
 * narrative and never in a named field is not recognised.
 *
 * Writing: a file is never overwritten unless force is set; the data goes
 * to a temporary file (mode 0600) in the same directory, is synced and
 * then renamed into place (linked, when not overwriting, so that a file
 * appearing meanwhile is not clobbered either).  On any error the
 * temporary file is removed and *err says "FILE: cannot write: reason".
 */
#ifndef WINBACK_EXPORT_H
#define WINBACK_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "plan.h"
#include "query.h"
#include "store.h"
#include "util.h"

enum export_format { EXPORT_CSV, EXPORT_JSON, EXPORT_MARKDOWN };

/* Parses "csv", "json", "markdown" or "md"; -1 when unknown. */
int export_format_find(const char *name);

typedef struct export_options {
    int format;          /* enum export_format */
    bool redact;         /* pseudonyms for names (see above) */
    bool force;          /* overwrite an existing file */
    const library *lib;  /* activity titles in Markdown; may be NULL */
} export_options;

/* Writes the sessions matching f (ordered by id) to path, or to standard
 * output when path is NULL or "-".  *count (may be NULL) gets the number
 * of sessions written.  Returns STORE_OK, or a store_rc with *err set
 * (caller frees); nothing is left behind on error. */
int export_run(store *st, const query_filter *f, const export_options *opt,
               const char *path, size_t *count, char **err);

/* Same, into an open stream (nothing is renamed or synced).  Write errors
 * are reported as "where: cannot write: reason". */
int export_stream(store *st, const query_filter *f, const export_options *opt,
                  FILE *out, const char *where, size_t *count, char **err);

/* Appends one CSV field (no separator) to sb: sanitised, neutralised
 * unless numeric and a plain number, quoted when needed.  NULL is an
 * empty field. */
void export_csv_field(strbuf *sb, const char *s, bool numeric);

/* Writes data (len bytes) to path as export_run does (temp file, fsync,
 * rename; no overwrite unless force).  Returns 0, or -1 with *err. */
int export_write_file(const char *path, const char *data, size_t len, bool force,
                      char **err);

#endif
