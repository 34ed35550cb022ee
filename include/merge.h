/* merge.h - `winback merge OTHER.db`: brings another winback database's
 * sessions into this one.
 *
 * The other file is opened read-only (checked first as store_open does:
 * a file that is not a winback database, is damaged, or comes from an
 * older or newer schema is refused with a message naming it) and attached
 * with mode=ro; everything is written in one transaction of this store,
 * so either all of it lands or nothing does.  The other file is never
 * written.
 *
 * The rule (merge_rule below, printed with every report) is symmetric and
 * idempotent: merging twice changes nothing the second time, and merging
 * A into B gives the same content as merging B into A.
 *  - Sessions are matched by UUID (local ids differ and are mapped).  A
 *    session only in the other database is copied with everything it
 *    holds: answers, diagnosis, managers' overrides (reviews), plan,
 *    activities, checklist, training record, history and comments.
 *  - For a session in both databases:
 *    - each answer, the diagnosis, each manager's override, the training
 *      record, the plan (its four parts) and each plan activity keep the
 *      version saved last (answers.updated_at, diagnosis.computed_at,
 *      reviews.at, training.at, plan.updated_at); on the same second the
 *      version whose values are larger, compared byte by byte, wins, so
 *      both directions agree;
 *    - each checklist item keeps the version of its latest recorded edit
 *      (its latest "item" change, or the plan's save if later);
 *    - the outcome (status, date, note) is the one set last according to
 *      each side's history of changes;
 *    - the session's own fields (form, salesperson, position) come from
 *      the side updated last; the account and the loss date then follow
 *      the merged answers of the questions with the roles customer and
 *      loss_date (as when they are answered; when the form cannot be
 *      found they too come from the side updated last); a session
 *      finished on either side is finished; created is the earlier,
 *      updated the later;
 *    - comments and history entries are united by UUID.
 *  - A merge never deletes: a row deleted on one side only comes back.
 *    Nothing is recorded in the history by the merge itself (that would
 *    make the two directions differ); the report says what happened.
 * Every conflict (the same answer, item, outcome, override, diagnosis,
 * plan part or session field holding different content on both sides) is
 * reported with the session, what it was, both values and which side
 * won.  The summary columns of the sessions are recomputed afterwards.
 */
#ifndef WINBACK_MERGE_H
#define WINBACK_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "store.h"

/* The conflict rule in a few sentences, for help texts and reports. */
extern const char *const merge_rule;

typedef struct merge_conflict {
    char *session;       /* the session's UUID */
    char *account;       /* its account name (may be NULL) */
    char *what;          /* "answer story", "outcome", "checklist item x" ... */
    char *ours;          /* the value here before the merge ("(none)" if none) */
    char *theirs;        /* the value in the other database */
    bool theirs_won;     /* the other database's value is kept */
    char *why;           /* "theirs is newer (2026-01-02 10:00:00)", "same time: ..." */
} merge_conflict;

typedef struct merge_report {
    size_t sessions_added;    /* copied from the other database */
    size_t sessions_merged;   /* in both; something here changed */
    size_t sessions_same;     /* in both; nothing to bring */
    size_t rows_added;        /* answers, items, overrides ... new here */
    size_t rows_updated;      /* replaced by the other side's version */
    size_t changes_added;     /* history entries brought over */
    size_t comments_added;
    merge_conflict *conflicts;
    size_t nconflicts, cap;
} merge_report;

/* Merges the database at other_path into `into` (see above).  Returns
 * STORE_OK and fills *out (free with merge_report_free, also on error),
 * or a store_rc with *err (caller frees); on error nothing changed. */
int merge_run(store *into, const char *other_path, merge_report *out, char **err);

void merge_report_free(merge_report *r);

/* The report as text for the terminal (sanitised), with the rule.
 * Caller frees. */
char *merge_report_render(const merge_report *r, const char *other_path);

#endif
