/* store.h - the SQLite store: sessions, answers, history, diagnosis, plan.
 *
 * One database file holds everything.  Every write is its own transaction
 * (BEGIN IMMEDIATE, busy timeout) unless the caller wraps several in
 * store_begin/store_commit.  Answer writes are idempotent upserts; a change
 * to a saved answer, an override, a checklist edit or an outcome adds a row
 * to the history of changes (who, when, old, new, reason).
 *
 * Errors: functions return STORE_OK (0) or a negative store_rc and, when
 * err is not NULL, set *err to a one-line message for the user (caller
 * frees).  Nothing is lost on an error: the caller keeps its data and may
 * retry.
 */
#ifndef WINBACK_STORE_H
#define WINBACK_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "answers.h"
#include "classify.h"
#include "plan.h"

#define STORE_SCHEMA_VERSION 2
#define STORE_APPLICATION_ID 0x57696e42 /* "WinB" */

enum store_rc {
    STORE_OK = 0,
    STORE_ERR = -1,       /* anything else */
    STORE_BUSY = -2,      /* locked by another process beyond the timeout */
    STORE_FULL = -3,      /* disk or quota full */
    STORE_READONLY = -4,  /* opened read-only, or file not writable */
    STORE_NOTFOUND = -5,  /* no such session / row */
    STORE_IOERR = -6
};

enum store_flags {
    STORE_READ_ONLY = 1 << 0, /* open with mode=ro; never create */
    STORE_NO_CREATE = 1 << 1  /* fail when the file does not exist */
};

typedef struct store store;

enum session_status { SESSION_OPEN, SESSION_FINISHED };

typedef struct session_info {
    int64_t id;
    char *uuid;
    char *form_id;
    char *form_version;
    char *account;        /* the customer's name (answer with role customer) */
    char *salesperson;
    char *created;        /* "YYYY-MM-DD HH:MM:SS" */
    char *updated;
    int status;           /* enum session_status */
    char *position;       /* question id to resume at; NULL at the start */
    bool training;
    int type_final;       /* enum defector_type or -1 (no diagnosis yet) */
    int priority_final;   /* enum priority or -1 */
    int outcome;          /* enum outcome */
    char *outcome_date;
    char *outcome_note;
} session_info;

void session_info_free(session_info *s);
void session_list_free(session_info *list, size_t n);

typedef struct change {
    int64_t id;
    char *kind;     /* "answer", "override", "item", "outcome", "plan" */
    char *target;   /* question id, dimension id, item id ... */
    char *old_value;/* NULL when there was none */
    char *new_value;
    char *reason;   /* NULL when none given */
    char *who;
    char *at;
} change;

void change_list_free(change *list, size_t n);

/* Opens (creating with mode 0600, its directory 0700, unless flags say
 * otherwise) and migrates.  Refuses files that are not winback databases or
 * come from a newer winback, with a message naming the file. */
store *store_open(const char *path, int flags, char **err);
void store_close(store *st);
const char *store_path(const store *st);
bool store_read_only(const store *st);

int store_begin(store *st, char **err);      /* BEGIN IMMEDIATE */
int store_commit(store *st, char **err);
void store_rollback(store *st);

/* Sessions. */
int store_session_new(store *st, const char *form_id, const char *form_version,
                      const char *salesperson, bool training, int64_t *id, char **err);
int store_session_get(store *st, int64_t id, session_info *out, char **err);
/* All sessions, newest first. */
int store_session_list(store *st, session_info **out, size_t *n, char **err);
/* The most recently updated open session, or *id = 0 when none. */
int store_session_last_open(store *st, int64_t *id, char **err);
int store_session_set_form(store *st, int64_t id, const char *form_id,
                           const char *form_version, char **err);
int store_session_set_position(store *st, int64_t id, const char *qid, char **err);
int store_session_set_account(store *st, int64_t id, const char *account, char **err);
int store_session_finish(store *st, int64_t id, char **err);
int store_session_delete(store *st, int64_t id, char **err);

/* Answers.  value NULL (with dontknow false) deletes the answer. */
int store_answer_put(store *st, int64_t id, const char *qid, const char *value,
                     bool dontknow, const char *who, char **err);
/* Saves the answer a (NULL deletes it) to question q with what the
 * question's kind implies: text and narrative answers go into the
 * full-text index, the role "customer" names the session's account and
 * "loss_date" dates the loss.  Use this from the wizard and the importer. */
int store_answer_save(store *st, int64_t id, const question *q, const answer *a,
                      const char *who, char **err);
int store_answers_load(store *st, int64_t id, answer_set *out, char **err);

/* Diagnosis: computed and final values, evidence is not stored (it is
 * recomputed from the answers with the recorded form version). */
int store_diagnosis_save(store *st, int64_t id, const diagnosis *d, char **err);
/* Loads the stored values into d (computed, final, confidence, overrides,
 * priority); evidence lists are left empty.  STORE_NOTFOUND when none. */
int store_diagnosis_load(store *st, int64_t id, diagnosis *d, char **err);
/* dim is enum dim, or DIM_COUNT for the priority. Records a change. */
int store_override(store *st, int64_t id, int dim, int value, const char *reason,
                   const char *who, char **err);

/* Plan. */
int store_plan_save(store *st, int64_t id, const plan *p, char **err);
int store_plan_load(store *st, int64_t id, plan *p, char **err); /* NOTFOUND when none */
int store_plan_item_update(store *st, int64_t id, const plan_item *item,
                           const char *who, char **err);

/* Outcome (enum outcome) with a date (YYYY-MM-DD) and a note. */
int store_outcome_set(store *st, int64_t id, int outcome, const char *date,
                      const char *note, const char *who, char **err);

/* History of changes of a session, oldest first.  A "don't know" answer
 * appears as "?" in old_value/new_value; item changes have the target
 * "<item id>:status", ":owner" or ":due"; outcome changes hold
 * "<outcome id> <date>" and the note as reason; store_plan_save records
 * (kind "plan", who NULL) each changed text field (target "fact"...) and
 * each activity added (new_value) or removed (old_value), target
 * "activity". */
int store_changes(store *st, int64_t id, change **out, size_t *n, char **err);

/* Added: caps the database at max_pages pages for this connection (PRAGMA
 * max_page_count), so tests can make writes fail with STORE_FULL as on a
 * full disk.  Returns STORE_OK or a store_rc. */
int store_limit_pages(store *st, long max_pages);

#endif
