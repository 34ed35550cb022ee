/* query.h - the sessions browser's query: filters, sort, paging, search.
 *
 * One filter serves the TUI's browser, `winback list`, `stats`, `export`
 * and `due`: the same names everywhere.  Rows come from the session
 * summary columns (store_sql.h), so a page of 100,000 sessions costs one
 * indexed query; the full-text search runs on the FTS5 index of free-text
 * answers.  Nothing here writes.
 */
#ifndef WINBACK_QUERY_H
#define WINBACK_QUERY_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "util.h"

/* Which sessions: real ones only (the default), training ones, or both. */
enum query_training { QUERY_REAL, QUERY_TRAINING, QUERY_ALL };

typedef struct query_filter {
    int type;            /* enum defector_type, or -1 for any */
    int source;          /* enum values of vocab.h's dimensions, -1 any */
    int stability;
    int control;
    int priority;        /* enum priority, -1 any */
    int outcome;         /* enum outcome, -1 any (OUTCOME_NONE: none yet) */
    char *salesperson;   /* exact, case-insensitive (ASCII); NULL any */
    char *from;          /* YYYY-MM-DD, on the session's day (the loss date, */
    char *to;            /*   else the debrief's date), inclusive; NULL open */
    int training;        /* enum query_training */
    bool overridden;     /* only diagnoses overridden by anyone */
    char *search;        /* FTS5 query over free-text answers; NULL none */
} query_filter;

void query_filter_init(query_filter *f);
void query_filter_free(query_filter *f);

/* The filter names, in the order shown in help and in the TUI: "type",
 * "source", "stability", "control", "priority", "outcome", "salesperson",
 * "from", "to", "training", "overridden", "search".  NULL-terminated. */
extern const char *const query_filter_names[];

/* Sets the filter `name` from text as a user types it: vocabulary ids or
 * labels (case-insensitive), dates YYYY-MM-DD (also YYYY-MM and YYYY, and
 * "2025Q3" for from/to), training yes|no|all, overridden yes|no.  An empty
 * value clears the filter.  false with *err (caller frees) naming the
 * filter and the accepted values. */
bool query_filter_set(query_filter *f, const char *name, const char *value, char **err);

/* Parses "name=value" (as given on the command line). */
bool query_filter_parse(query_filter *f, const char *arg, char **err);

/* "type=bought_away from=2025-01-01", or "" when nothing is set; caller
 * frees. */
char *query_filter_describe(const query_filter *f);

/* Columns of the browser, for sorting. */
enum query_col {
    QC_DATE, QC_ACCOUNT, QC_SALESPERSON, QC_TYPE, QC_ATTRIBUTION, QC_PRIORITY,
    QC_PROGRESS, QC_OUTCOME, QC_ID, QC_COUNT
};
const char *query_col_id(int col);      /* "date", "account", ... */
int query_col_find(const char *id);     /* -1 when unknown */

typedef struct query_row {
    int64_t id;
    char *uuid;
    char *account;       /* NULL when not answered */
    char *salesperson;
    char *day;           /* YYYY-MM-DD */
    int status;          /* enum session_status */
    bool training;
    int type, source, stability, control, priority;  /* -1 when none */
    int overridden;      /* bit 1: by the salesperson, bit 2: by a manager */
    int items_done, items_total;
    int outcome;         /* enum outcome */
    char *outcome_date;
} query_row;

void query_rows_free(query_row *rows, size_t n);

/* Number of sessions matching f. */
int query_count(store *st, const query_filter *f, int64_t *n, char **err);

/* One page: rows offset .. offset+limit-1 in the order of column sort
 * (ties broken by id, newest first).  Caller frees with query_rows_free. */
int query_page(store *st, const query_filter *f, int sort, bool desc, size_t offset,
               size_t limit, query_row **rows, size_t *n, char **err);

/* Calls fn for each matching row in order without holding them all; fn
 * returns 0 to go on, anything else stops and is returned. */
int query_each(store *st, const query_filter *f, int sort, bool desc,
               int (*fn)(const query_row *row, void *ctx), void *ctx, char **err);

/* For the other reading modules (stats, export, due): the SQL condition
 * for f over table `sessions` aliased s, starting with " WHERE " (or "" when
 * nothing is set; caller frees), and the binder of its parameters, in the
 * same order, from index first; returns the next free index. */
char *query_where(const query_filter *f);
int query_bind(sqlite3_stmt *s, int first, const query_filter *f);

/* Added: like query_where with one more condition `extra` (SQL over s,
 * may be NULL) AND-ed after the filter's; its parameters come after those
 * query_bind binds.  Caller frees. */
char *query_where_with(const query_filter *f, const char *extra);

/* Added: the first and last day (YYYY-MM-DD, buffers of 11) of a date
 * written YYYY-MM-DD, YYYY-MM, YYYY or as a quarter YYYYQn / YYYY-Qn;
 * false when s is none of these. */
bool query_date_range(const char *s, char first[11], char last[11]);

/* Added: the FTS5 query for a search as the user typed it: every word
 * becomes an FTS5 string (so quotes, apostrophes, "--" or SQL are only
 * text), all must appear; "a phrase" in double quotes stays one phrase;
 * a word ending in * matches as a prefix; words with no letter or digit
 * are left out.  NULL when no word is left.  Caller frees. */
char *query_fts_expr(const char *text);

#endif
