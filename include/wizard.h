/* wizard.h - the debrief as a state machine, without any drawing.
 *
 * The TUI drives a wizard: it asks for the current question, hands back
 * what the user typed, moves forward and back.  The wizard validates,
 * commits each answer to the store the moment the user leaves the field,
 * remembers the position for resuming, follows skip logic and computes the
 * progress.  When a save fails (disk full, locked database) the answer is
 * kept in memory as pending and saved again on the next commit or retry.
 * Headless and tested without a terminal.
 */
#ifndef WINBACK_WIZARD_H
#define WINBACK_WIZARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "answers.h"
#include "form.h"
#include "plan.h"
#include "store.h"

typedef struct wizard {
    store *st;            /* borrowed */
    const form *f;        /* borrowed */
    int64_t session;
    char *who;            /* user name for the history; owned */
    answer_set answers;   /* owned; what is saved plus what is pending */
    size_t cur;           /* index of the current question (always visible) */
    bool at_review;       /* past the last question: the review page */
    char *pending_qid;    /* answer not yet saved (save failed); owned */
    /* Added: every question whose answer is not saved yet (pending_qid is
     * the latest of them), so that several failed saves are all retried. */
    char **pending;       /* owned qids */
    size_t npending, pending_cap;
    /* Added: set by wizard_commit: true when the input was refused
     * (validation), false when it was accepted (saved or pending).  Needed
     * because STORE_ERR is also -1, so the return value alone cannot tell
     * a refused input from a failed save. */
    bool last_invalid;
} wizard;

/* Added: the position saved while the review page is shown (not a valid
 * question id, so it cannot clash with one). */
#define WIZARD_POS_REVIEW "@review"

/* Starts on a new or existing session: loads its answers and its saved
 * position.  Returns STORE_OK or a store_rc with *err set. */
int wizard_open(wizard *w, store *st, const form *f, int64_t session,
                const char *who, char **err);
void wizard_close(wizard *w);

/* The current question; NULL on the review page (added: documented). */
const question *wizard_question(const wizard *w);
const answer *wizard_answer(const wizard *w);      /* current, or NULL */

/* Validates input for the current question and saves it.  Returns
 * STORE_OK; or -1 with *err (a validation message, nothing saved); or a
 * store_rc with *err (saving failed; kept pending in memory).  dontknow
 * records "Don't know" (only when the question allows it). */
int wizard_commit(wizard *w, const char *input, bool dontknow, char **err);
/* Saves a pending answer again.  STORE_OK when nothing is pending. */
int wizard_retry(wizard *w, char **err);

/* Moves to the next / previous visible question (next past the last one
 * goes to the review page).  They return false when they cannot move: next
 * on an unanswered required question.  Saves the position. */
bool wizard_next(wizard *w);
bool wizard_prev(wizard *w);
/* Jumps to the first visible question of a section, or to question qi. */
bool wizard_goto_section(wizard *w, size_t section);
bool wizard_goto(wizard *w, size_t qi);

/* Progress over the visible questions only. */
typedef struct wizard_progress {
    size_t section;        /* 0-based index of the current section */
    size_t nsections;      /* sections with at least one visible question */
    size_t section_pos;    /* 1-based position of the section among those */
    size_t index;          /* 1-based position of the question among visible */
    size_t visible;        /* number of visible questions */
    size_t answered;       /* visible questions with an answer */
} wizard_progress;
void wizard_get_progress(const wizard *w, wizard_progress *p);

/* Required visible questions still unanswered: indices into f->questions,
 * newly allocated (caller frees), count in *n. */
size_t *wizard_missing(const wizard *w, size_t *n);

/* Added: goes to the review page (saves the position). */
void wizard_review(wizard *w);

/* Added: true when question qi is visible with the current answers. */
bool wizard_visible(const wizard *w, size_t qi);

/* Added: finishes the debrief.  Refuses (-1, *err) while required visible
 * questions are unanswered; saves pending answers first.  Classifies,
 * assesses the worth, builds and checks the plan and saves all of it in one
 * transaction, then marks the session finished.  When the session was
 * finished before (answers edited later) the stored overrides are applied
 * again and checklist items that still exist keep their status, owner and
 * due date.  Returns STORE_OK, -1 or a store_rc, with *err. */
int wizard_finish(wizard *w, const library *lib, char **err);

/* Added: builds the plan again for diagnosis d (after an override) and
 * saves it; checklist items that still exist keep their status, owner and
 * due date.  STORE_OK or a store_rc with *err. */
int wizard_replan(store *st, int64_t session, const library *lib, const form *f,
                  const answer_set *a, const diagnosis *d, char **err);

/* Added: continues a quick debrief as the fuller form `full` (the form's
 * `continues`): records the new form on the session and moves to the first
 * visible unanswered question of `full` (borrowed, replaces w->f).
 * Answers carry over by question id.  STORE_OK or a store_rc with *err. */
int wizard_switch_form(wizard *w, const form *full, char **err);

#endif
