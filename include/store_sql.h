/* store_sql.h - the store's SQL plumbing, for the modules that read or
 * write the database beyond store.h: review (comments, managers'
 * overrides), query (the sessions browser), stats, export, merge and
 * training records.
 *
 * The same rules hold as inside store.c: every statement binds its
 * parameters, every write runs inside store_write_begin/store_write_end
 * (BEGIN IMMEDIATE, or a nested step of the caller's transaction), and an
 * error sets *err to a one-line message naming the file (caller frees).
 *
 * The schema (version 2) is documented where it is created, in store.c;
 * the columns sessions.type/source/stability/control/priority/overridden/
 * items_done/items_total/day are a summary kept up to date by triggers.
 */
#ifndef WINBACK_STORE_SQL_H
#define WINBACK_STORE_SQL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* The connection; owned by the store. */
sqlite3 *store_db(store *st);

/* Prepares sql and binds the arguments described by types: 'i' int64_t,
 * 'd' int, 'b' bool (as 0/1), 'f' double, 's' text (NULL binds NULL).
 * Returns the statement (caller finalizes) or NULL with *rc set and the
 * error reported. */
sqlite3_stmt *store_prep(store *st, char **err, int *rc, const char *sql,
                         const char *types, ...);

/* Runs one statement that returns no rows (bound as store_prep);
 * *changed (may be NULL) gets the number of rows changed. */
int store_run(store *st, char **err, int *changed, const char *sql, const char *types, ...);

/* Reports the SQLite result src while doing what; returns the store_rc. */
int store_fail(store *st, int src, const char *what, char **err);

/* Reports a missing session id; returns STORE_NOTFOUND. */
int store_not_found(store *st, int64_t id, char **err);

/* Starts a write; store_write_end commits it when rc is STORE_OK and rolls
 * it back otherwise, returning the final rc. */
int store_write_begin(store *st, char **err);
int store_write_end(store *st, int rc, char **err);

/* Marks session id as just updated; STORE_NOTFOUND when it is missing. */
int store_touch(store *st, int64_t id, char **err);

/* Adds a row to the history of changes of session id (with a new uuid). */
int store_add_change(store *st, int64_t id, const char *kind, const char *target,
                     const char *old_value, const char *new_value, const char *reason,
                     const char *who, char **err);

/* Copy of text column i of the current row, or NULL (caller frees). */
char *store_col_str(sqlite3_stmt *s, int i);

/* "file:PATH?mode=ro" with PATH percent-encoded, for opening or attaching
 * a database read-only.  Caller frees. */
char *store_uri_ro(const char *path);

/* A random version-4 UUID; false when /dev/urandom cannot be read. */
bool store_make_uuid(char buf[37]);

#endif
