/* classify.h - the diagnosis: defector type and attribution from answers.
 *
 * Deterministic: the same form (id and version) and answers always give the
 * same diagnosis.  Each choice answered carries evidence (form.h); the
 * classifier sums the weights per value of each dimension.  "Don't know"
 * and unanswered questions carry none; answers to hidden questions are
 * ignored; evidence of questions marked `claim` is kept apart and only
 * compared with the result (the salesperson's own reason).
 */
#ifndef WINBACK_CLASSIFY_H
#define WINBACK_CLASSIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "answers.h"
#include "form.h"
#include "vocab.h"

#define CLASSIFIER_VERSION "1"

/* One answer that pointed somewhere. */
typedef struct diag_evidence {
    char *qid;
    char *prompt;     /* the question, for "why this type" */
    char *answer;     /* the answer as shown (choice label) */
    int value;        /* the value of the dimension it points to */
    double weight;
} diag_evidence;

typedef struct dim_result {
    int computed;          /* best value, or -1 when there is no evidence */
    int runner_up;         /* second best with a positive score, or -1 */
    bool close;            /* runner-up within reach of the best */
    double score[VOCAB_MAX_VALUES];
    double total;          /* sum of all scores */
    double confidence;     /* 0..1 */
    diag_evidence *ev;     /* owned, in form order */
    size_t nev;
    int final;             /* computed, or the override */
    char *override_reason; /* NULL unless overridden */
} dim_result;

typedef struct diagnosis {
    char *form_id;
    char *form_version;
    dim_result dim[DIM_COUNT];
    bool low_evidence;      /* few answers carried evidence (quick debrief) */

    /* The salesperson's own reason (questions marked claim). */
    int claimed_type;       /* -1 when not given or "don't know" */
    char *claimed_label;    /* the choice they picked; NULL if none */
    char *claimed_text;     /* their one-line reason; NULL if none */
    bool mismatch;          /* the incident answers point elsewhere */
    char *mismatch_text;    /* plain-words explanation; NULL if none */

    /* Worth pursuing (filled by worth_assess, worth.h). */
    int priority;           /* enum priority, -1 until assessed */
    int priority_final;     /* priority, or the override */
    char *priority_override_reason;
    char **reasons;         /* owned sentences, most important first */
    size_t nreasons;
} diagnosis;

/* Classifies the answers.  out is overwritten (call diagnosis_free on it
 * afterwards).  Always succeeds; with no evidence a dimension's computed
 * value is -1. */
void classify(const form *f, const answer_set *a, diagnosis *out);
void diagnosis_init(diagnosis *d);
void diagnosis_free(diagnosis *d);

/* Applies an override: final = value with a reason (copied).  value equal
 * to computed clears the override. */
void diagnosis_override(diagnosis *d, int dim, int value, const char *reason);

/* Lays the overrides of `stored` (as loaded from the store) over d, a
 * freshly computed diagnosis: dimensions and priority with their reasons. */
void diagnosis_apply_overrides(diagnosis *d, const diagnosis *stored);

/* "high", "moderate", "low" or "none". */
const char *confidence_word(double confidence);

#endif
