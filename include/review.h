/* review.h - what a manager adds to a session: comments and overrides.
 *
 * A manager's override of the diagnosis is kept beside the salesperson's
 * (store_override) and wins over it in lists, statistics and exports; both
 * are recorded in the history of changes with who, when and the reason.
 * Outcomes are set with store_outcome_set (store.h).
 */
#ifndef WINBACK_REVIEW_H
#define WINBACK_REVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "classify.h"
#include "store.h"

typedef struct comment {
    int64_t id;
    char *uuid;
    char *body;
    char *who;
    char *at;            /* "YYYY-MM-DD HH:MM:SS" */
} comment;

void comment_list_free(comment *list, size_t n);

/* Adds a comment (body: any UTF-8 text, not empty, at most
 * REVIEW_COMMENT_MAX bytes); recorded in the history too. */
#define REVIEW_COMMENT_MAX 4000
int review_comment_add(store *st, int64_t id, const char *body, const char *who, char **err);

/* The comments of a session, oldest first. */
int review_comments(store *st, int64_t id, comment **out, size_t *n, char **err);

/* A manager's override of dimension dim (enum dim, or DIM_COUNT for the
 * priority) with a reason (required, not empty).  value -1 withdraws the
 * manager's override (the reason then says why). */
int review_override(store *st, int64_t id, int dim, int value, const char *reason,
                    const char *who, char **err);

typedef struct review_overrides {
    int value[DIM_COUNT + 1];   /* -1 where the manager has not overridden */
    char *reason[DIM_COUNT + 1];
    char *who[DIM_COUNT + 1];
    char *at[DIM_COUNT + 1];
} review_overrides;

void review_overrides_free(review_overrides *r);

/* Loads the manager's overrides of a session (all -1 when none). */
int review_overrides_load(store *st, int64_t id, review_overrides *out, char **err);

#endif
