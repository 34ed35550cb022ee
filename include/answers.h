/* answers.h - the answers of one session and their validation.
 *
 * Answers are kept in canonical text form, the same form stored in the
 * database and written in answers files:
 *   text, narrative  the text itself (sanitised UTF-8)
 *   choice           the choice id
 *   multi            choice ids in form order, joined by ","
 *   number, money,   a decimal number ("1200", "12.5"), no unit
 *   percent, scale
 *   date             YYYY-MM-DD
 *   yesno            "yes", "no" or "unsure"
 * "Don't know" is a separate flag with an empty value.
 */
#ifndef WINBACK_ANSWERS_H
#define WINBACK_ANSWERS_H

#include <stdbool.h>
#include <stddef.h>

#include "form.h"

typedef struct answer {
    char *qid;
    char *value;     /* canonical; "" when dontknow */
    bool dontknow;
} answer;

typedef struct answer_set {
    answer *items;   /* owned */
    size_t n;
    size_t cap;
} answer_set;

void answers_init(answer_set *a);
void answers_free(answer_set *a);
const answer *answers_get(const answer_set *a, const char *qid);
/* Copies qid and value.  Replaces an existing answer. */
void answers_put(answer_set *a, const char *qid, const char *value, bool dontknow);
void answers_remove(answer_set *a, const char *qid);

/* Validates what the user typed (or what an answers file says) for q and
 * turns it into the canonical form.  Accepts for choices the id, the label
 * (any case) or the 1-based number; for multi a comma-separated list of
 * those; for numbers separators ("1,200"), "k"/"m" suffixes for money and a
 * trailing "%" for percent; for yesno y/n/u.  An empty input is valid only
 * when the question is not required (canonical is then NULL).
 * Returns true and sets *canonical (caller frees), or returns false and
 * sets *err to a one-line message naming what is wrong (caller frees). */
bool answer_parse(const question *q, const char *input, char **canonical, char **err);

/* Checks a canonical answer of q against the other answers: a question
 * with choices_from accepts only a choice ticked in that question.  True
 * when fine; else false with *err (caller frees). */
bool answer_check_with(const form *f, const question *q, const char *canonical,
                       const answer_set *a, char **err);

/* True for the inputs that mean "don't know": "?", "dk", "don't know",
 * "dont know", "unknown" (any case). */
bool answer_is_dontknow_input(const char *input);

/* Human-readable form of an answer: choice labels, "Don't know", numbers
 * with their unit.  Caller frees. */
char *answer_display(const question *q, const answer *a);

/* True when choice id is selected in the canonical value of a multi answer
 * (or equals it for a choice answer). */
bool answer_has(const char *canonical, const char *choice_id);

#endif
