/* importer.h - `winback import FILE`: an answers file becomes a session.
 *
 * Format (INI):
 *   [session]
 *   form = debrief            ; form id (default: debrief)
 *   salesperson = Dana Reyes  ; default: the configured user
 *   training = no
 *   [answers]
 *   customer = Northwind Timber
 *   reasons = price, service  ; canonical or as typed (labels, numbers ...)
 *   story = First line\nsecond line   ; "\n" is a new line in narratives
 *   margin = ?                ; don't know (where the form allows it)
 *
 * Every answer is validated against the form; either the whole session is
 * created (answers, diagnosis, plan, finished) in one transaction, or
 * nothing changes and every error is listed with its key and line.
 */
#ifndef WINBACK_IMPORTER_H
#define WINBACK_IMPORTER_H

#include <stdint.h>

#include "plan.h"
#include "store.h"
#include "util.h"

/* Imports path into st.  Returns 0 and sets *id; or -1 with the problems
 * in probs (each "file:line: key: message"). */
int importer_run(store *st, const library *lib, const char *path, const char *who,
                 int64_t *id, problems *probs);

/* Reads and validates an answers file against its form without touching a
 * store: fills *f (owned, the form it names) and a (answers, canonical).
 * Returns 0 or -1 with problems.  Used by import and by tests. */
int importer_read(const char *path, form **f, answer_set *a, char **salesperson,
                  bool *training, problems *probs);

/* Writes a read session (form f, answers a) as a finished session with
 * its diagnosis and plan, inside the caller's transaction (store_begin);
 * *id gets the new session.  Returns a store_rc with *err set. */
int importer_write(store *st, const library *lib, const form *f, const answer_set *a,
                   const char *who, bool training, int64_t *id, char **err);

#endif
