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
} wizard;

/* Starts on a new or existing session: loads its answers and its saved
 * position.  Returns STORE_OK or a store_rc with *err set. */
int wizard_open(wizard *w, store *st, const form *f, int64_t session,
                const char *who, char **err);
void wizard_close(wizard *w);

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

#endif
