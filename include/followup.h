/* followup.h - follow-ups due: checklist items with a due date.
 *
 * A follow-up is a checklist item (plan_items) that is still to do or in
 * progress, has a due date, and is due within the next `days` days or
 * overdue (due before today), in a session the filter (query.h) selects
 * whose outcome still leaves something to do: sessions whose outcome is
 * lost for good or terminated are left out.
 *
 * "Active waiting" re-contact dates are covered by the same rows: active
 * waiting is the activity `active_waiting` of share/activities.ini, and its
 * re-contact date is the due date of its checklist items (item 1: "find
 * out when their contract ends ... put a reminder in the calendar", item 2:
 * "get in touch every two or three months").  There is no separate
 * re-contact field; such rows are marked `recontact`.
 *
 * followup_count is one indexed query (plan_items_open ON plan_items(status,
 * due)) for the home screen: it reads only the items due up to the end of
 * the window, never all sessions.
 */
#ifndef WINBACK_FOLLOWUP_H
#define WINBACK_FOLLOWUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "store.h"

/* The activity whose items are re-contact dates. */
#define FOLLOWUP_RECONTACT_ACTIVITY "active_waiting"

typedef struct followup_row {
    int64_t session_id;
    char *account;        /* NULL when not answered */
    char *salesperson;
    char *item_id;        /* "<activity>.<n>" */
    char *text;           /* the checklist item */
    char *activity;       /* activity id */
    int justice;          /* enum justice, -1 when unknown */
    int status;           /* enum item_status: ITEM_TODO or ITEM_DOING */
    char *owner;          /* NULL when unassigned */
    char *due;            /* YYYY-MM-DD */
    bool overdue;         /* due before today */
    bool recontact;       /* an active-waiting item: a re-contact date */
} followup_row;

void followup_rows_free(followup_row *rows, size_t n);

/* The number of follow-ups due from today (YYYY-MM-DD) to today + days
 * (inclusive; days >= 0) in *due, and of those overdue (before today) in
 * *overdue; f may be NULL (real sessions, no other condition).  Returns a
 * store_rc. */
/* The count stops past FOLLOWUP_COUNT_MAX (then *due is FOLLOWUP_COUNT_MAX + 1:
 * show "1000+"), so the home screen's line costs the same on any history. */
#define FOLLOWUP_COUNT_MAX 1000
int followup_count(store *st, const char *today, int days, const query_filter *f,
                   int64_t *due, int64_t *overdue, char **err);

/* The follow-ups themselves (overdue ones and those due up to today +
 * days), by due date, then session, then checklist order.  Caller frees
 * with followup_rows_free.  Returns a store_rc. */
int followup_list(store *st, const char *today, int days, const query_filter *f,
                  followup_row **rows, size_t *n, char **err);

/* Renders rows for `winback due` as REPORT_TEXT (a table with OVERDUE
 * marks and a closing count), REPORT_TSV (a header row, tabs and newlines
 * in text replaced by spaces) or REPORT_JSON (an array).  User text is
 * sanitised.  Caller frees. */
char *followup_render(const followup_row *rows, size_t n, int format);

#endif
