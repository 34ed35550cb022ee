/* review.c - what a manager adds to a session: comments and overrides.
 *
 * Comments live in the comments table (with a uuid, so merged databases do
 * not duplicate them); a manager's override is a row of the reviews table
 * per dimension, beside the salesperson's override in the diagnosis table.
 * Triggers (store.c, schema 2) bring the session's summary up to date.
 * Every change is also a row of the history of changes.
 */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "store_sql.h"
#include "text.h"
#include "util.h"
#include "vocab.h"

void comment_list_free(comment *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free(list[i].uuid);
        free(list[i].body);
        free(list[i].who);
        free(list[i].at);
    }
    free(list);
}

/* True when s holds nothing but blanks. */
static bool blank(const char *s)
{
    while (s && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++;
    return !s || !*s;
}

/* Refuses an empty text or one longer than max bytes (what names it). */
static int check_text(const char *text, size_t max, const char *what, char **err)
{
    if (blank(text)) {
        err_set(err, xasprintf("%s cannot be empty", what));
        return STORE_ERR;
    }
    if (strlen(text) > max) {
        err_set(err, xasprintf("%s is too long (%zu bytes; at most %zu)", what, strlen(text),
                               max));
        return STORE_ERR;
    }
    return STORE_OK;
}

int review_comment_add(store *st, int64_t id, const char *body, const char *who, char **err)
{
    int rc = check_text(body, REVIEW_COMMENT_MAX, "A comment", err);
    char uuid[37], now[20];
    if (rc == STORE_OK && !store_make_uuid(uuid)) {
        err_set(err, xasprintf("%s: cannot read /dev/urandom for a comment id",
                               store_path(st)));
        rc = STORE_ERR;
    }
    if (rc != STORE_OK)
        return rc;
    now_timestamp(now);
    rc = store_write_begin(st, err);
    if (rc == STORE_OK)
        rc = store_touch(st, id, err);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL,
                       "INSERT INTO comments (uuid, session_id, body, who, at) "
                       "VALUES (?, ?, ?, ?, ?)", "sisss", uuid, id, body, who, now);
    if (rc == STORE_OK)
        rc = store_add_change(st, id, "comment", NULL, NULL, body, NULL, who, err);
    return store_write_end(st, rc, err);
}

int review_comments(store *st, int64_t id, comment **out, size_t *n, char **err)
{
    int rc;
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT id, uuid, body, who, at FROM comments "
                                 "WHERE session_id = ? ORDER BY at, id", "i", id);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        comment *c = &(*out)[(*n)++];
        c->id = sqlite3_column_int64(s, 0);
        c->uuid = store_col_str(s, 1);
        c->body = store_col_str(s, 2);
        c->who = store_col_str(s, 3);
        c->at = store_col_str(s, 4);
    }
    if (src != SQLITE_DONE)
        rc = store_fail(st, src, "read comments", err);
    sqlite3_finalize(s);
    return rc;
}

/* The manager's current value of dimension dim (copy or NULL). */
static int review_old(store *st, int64_t id, const char *dim, char **old, char **err)
{
    int rc;
    *old = NULL;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT value FROM reviews WHERE session_id = ? AND dim = ?",
                                 "is", id, dim);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *old = store_col_str(s, 0);
    else if (src != SQLITE_DONE)
        rc = store_fail(st, src, "read a review", err);
    sqlite3_finalize(s);
    return rc;
}

/* Writes (v set) or removes (v NULL) the manager's value of dimension dim. */
static int review_write(store *st, int64_t id, const char *dim, const char *v,
                        const char *reason, const char *who, char **err)
{
    char now[20];
    now_timestamp(now);
    if (!v)
        return store_run(st, err, NULL, "DELETE FROM reviews WHERE session_id = ? AND dim = ?",
                         "is", id, dim);
    return store_run(st, err, NULL,
                     "INSERT INTO reviews (session_id, dim, value, reason, who, at) "
                     "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, dim) DO UPDATE SET "
                     "value = excluded.value, reason = excluded.reason, who = excluded.who, "
                     "at = excluded.at", "isssss", id, dim, v, reason, who, now);
}

/* "type" ... "control", or "priority" for DIM_COUNT. */
static const char *review_dim_id(int dim)
{
    return dim == DIM_COUNT ? "priority" : vocab_dim_id(dim);
}

int review_override(store *st, int64_t id, int dim, int value, const char *reason,
                    const char *who, char **err)
{
    const char *v = value < 0 ? NULL : diag_value_id(dim, value);
    if (dim < 0 || dim > DIM_COUNT || (value >= 0 && !v)) {
        err_set(err, xasprintf("%s: cannot override: value %d is out of range",
                               store_path(st), value));
        return STORE_ERR;
    }
    int rc = check_text(reason, REVIEW_COMMENT_MAX, "The reason for an override", err);
    if (rc == STORE_OK)
        rc = store_write_begin(st, err);
    if (rc != STORE_OK)
        return rc;
    const char *d = review_dim_id(dim);
    char *old = NULL;
    rc = store_touch(st, id, err);
    if (rc == STORE_OK)
        rc = review_old(st, id, d, &old, err);
    if (rc == STORE_OK)
        rc = review_write(st, id, d, v, reason, who, err);
    if (rc == STORE_OK)
        rc = store_add_change(st, id, "review", d, old, v, reason, who, err);
    free(old);
    return store_write_end(st, rc, err);
}

void review_overrides_free(review_overrides *r)
{
    for (int i = 0; i <= DIM_COUNT; i++) {
        free(r->reason[i]);
        free(r->who[i]);
        free(r->at[i]);
    }
    memset(r, 0, sizeof *r);
    for (int i = 0; i <= DIM_COUNT; i++)
        r->value[i] = -1;
}

int review_overrides_load(store *st, int64_t id, review_overrides *out, char **err)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i <= DIM_COUNT; i++)
        out->value[i] = -1;
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT dim, value, reason, who, at FROM reviews "
                                 "WHERE session_id = ?", "i", id);
    if (!s)
        return rc;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        const char *d = (const char *)sqlite3_column_text(s, 0);
        int dim = str_eq(d, "priority") ? DIM_COUNT : vocab_dim_find(d);
        int v = dim < 0 ? -1 : diag_value_find(dim, (const char *)sqlite3_column_text(s, 1));
        if (v < 0 || out->reason[dim])
            continue; /* written by a newer winback: not ours to show */
        out->value[dim] = v;
        out->reason[dim] = store_col_str(s, 2);
        out->who[dim] = store_col_str(s, 3);
        out->at[dim] = store_col_str(s, 4);
    }
    if (src != SQLITE_DONE)
        rc = store_fail(st, src, "read the managers' overrides", err);
    sqlite3_finalize(s);
    return rc;
}
