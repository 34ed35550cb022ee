/* plan.h - the win-back plan: activity library, rules and checklist.
 *
 * The activity library (share/activities.ini) and the rules that choose
 * activities (share/rules.ini) are data; see share/README.md for their
 * format.  A plan is built from a diagnosis and the answers, then edited by
 * the user (checklist status, owner, due date, activities added/removed).
 */
#ifndef WINBACK_PLAN_H
#define WINBACK_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "answers.h"
#include "classify.h"
#include "form.h"
#include "util.h"
#include "vocab.h"

typedef struct activity_item {
    int justice;        /* enum justice */
    char *text;
    int number;         /* added: n of item.<n> in the file; plan item id
                           is "<activity>.<n>" */
} activity_item;

/* Added: what an activity is, for plan_check (tags = in activities.ini). */
enum activity_tag {
    ACT_TAG_APOLOGY = 1 << 0,    /* "apology": counts as an apology */
    ACT_TAG_CONCESSION = 1 << 1, /* "concession": gives money or value away */
    ACT_TAG_PURSUIT = 1 << 2,    /* "pursuit": actively courts the customer */
    ACT_TAG_FAREWELL = 1 << 3    /* "farewell": ends the relationship */
};

typedef struct activity {
    char *id;           /* "apology", "price_concession", ... */
    char *title;
    char *summary;      /* one paragraph: what it is and when it fits */
    int justice;        /* main justice dimension */
    activity_item *items;
    size_t nitems;
    unsigned tags;      /* added: enum activity_tag bits */
} activity;

struct rule;            /* opaque: a condition and what it proposes/forbids */

typedef struct library {
    activity *acts;
    size_t nacts;
    struct rule *rules;
    size_t nrules;
    char **conduct;     /* rules of conduct shown on the plan screen */
    size_t nconduct;
} library;

/* Loads both files; NULL with every problem in probs (file:line, key). */
library *library_load(const char *activities_path, const char *rules_path,
                      problems *probs);
void library_free(library *lib);
const activity *library_activity(const library *lib, const char *id);

enum item_status { ITEM_TODO, ITEM_DOING, ITEM_DONE, ITEM_DROPPED, ITEM_STATUS_COUNT };
const char *item_status_id(int s);     /* "todo", "doing", "done", "dropped" */
int item_status_find(const char *id);

typedef struct plan_activity {
    char *id;           /* activity id */
    char *rationale;    /* one line: why this activity for this case */
} plan_activity;

typedef struct plan_item {
    char *id;           /* "<activity>.<n>", stable within a session */
    char *activity;     /* activity id */
    int justice;
    char *text;
    int status;         /* enum item_status */
    char *owner;        /* NULL when unassigned */
    char *due;          /* YYYY-MM-DD or NULL */
} plan_item;

typedef struct plan {
    char *relationship; /* summary of the initial relationship */
    char *fact;         /* statement of fact about the cause */
    char *needs;        /* the customer's new needs */
    char *commitment;   /* it will not happen again */
    plan_activity *acts;
    size_t nacts;
    plan_item *items;
    size_t nitems;
    char **warnings;    /* lopsided-plan warnings, recomputed by plan_check */
    size_t nwarnings;
} plan;

void plan_init(plan *p);
void plan_free(plan *p);
/* Builds the proposed plan for a diagnosis (final values are used).  out
 * is overwritten (not freed first): pass a fresh or freed plan, and free it
 * with plan_free.  f and a may be NULL (no answers are then used). */
void plan_build(const library *lib, const form *f, const answer_set *a,
                const diagnosis *d, plan *out);
/* Adds an activity (with its checklist items) or removes it (and its
 * items).  Return false when unknown / already present / absent. */
bool plan_add_activity(plan *p, const library *lib, const char *id, const char *rationale);
bool plan_remove_activity(plan *p, const char *id);
bool plan_has_activity(const plan *p, const char *id);
/* Recomputes p->warnings: a discount without an apology when we were at
 * fault, nothing interactional, a concession to a customer we let go... */
void plan_check(const library *lib, const diagnosis *d, plan *p);

#endif
