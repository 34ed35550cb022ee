/* training.h - role-play scoring: a trainee's diagnosis against a scenario's key.
 *
 * The trainee answers the debrief as the salesperson of a scenario
 * (scenario.h), then states a diagnosis: the defector type, the three
 * attribution values, the priority and the activities of the plan.
 * training_score compares that with the key and produces binary checks,
 * each with a one-line explanation drawn from the framework, a score out
 * of 100 and a pass/fail verdict; blocker checks fail the session whatever
 * the score.  The program's own classification of the trainee's answers is
 * compared too (did the answers tell the story of the case?).
 *
 * Rubric (version TRAINING_RUBRIC_VERSION), points per group:
 *   type 20, source 10, stability 10, control 10, priority 15,
 *   activities the key requires 20 (shared equally among them),
 *   activities the key forbids 10 (shared equally among them),
 *   answers (the program's type for the trainee's answers is the key's
 *   type or its alternative) 5.
 * A group that does not apply (no forbidden activities in the key, no
 * answers given) is left out and the score is scaled to 100:
 *   score = round(100 * points earned / points available).
 * Pass: score >= TRAINING_PASS_MARK and no blocker failed.
 * Blockers (0 points, only where they apply):
 *   no_concession_let_go  key type intentionally pushed away or key
 *                         priority let go: no activity tagged concession
 *   no_pursuit_let_go     same cases: no activity tagged pursuit, and the
 *                         stated priority is not "pursue now"
 *   apology_first         key source internal and controllable (and not
 *                         pushed away on purpose): an activity tagged apology
 *   no_farewell_pursue    key priority pursue now: no activity tagged farewell
 */
#ifndef WINBACK_TRAINING_H
#define WINBACK_TRAINING_H

#include <stdbool.h>
#include <stddef.h>

#include "answers.h"
#include "form.h"
#include "plan.h"
#include "scenario.h"
#include "util.h"

#define TRAINING_RUBRIC_VERSION "1"
#define TRAINING_PASS_MARK 70

/* The trainee's own diagnosis and plan. */
typedef struct stated {
    int value[SC_ELEM_COUNT];   /* per element (scenario.h), -1 when not stated */
    char **activities;          /* activity ids, owned, in the order chosen */
    size_t nacts;
} stated;

void stated_init(stated *s);
void stated_free(stated *s);
/* Adds an activity id (copied) unless present; false when already there. */
bool stated_add_activity(stated *s, const char *id);
bool stated_has_activity(const stated *s, const char *id);

/* Reads a diagnosis file:
 *   [diagnosis]
 *   type = bought_away
 *   source = competitor
 *   stability = stable
 *   control = uncontrollable
 *   priority = wait_actively
 *   activities = active_waiting, better_communication
 * Type, source, stability, control and priority are required; activities
 * may be left out (none chosen).  Returns 0, or -1 with every problem in
 * probs ("file:line: diagnosis.<key>: message").  out is initialised here
 * and must be freed with stated_free either way.  With lib, every activity
 * must exist in it. */
int training_read_stated(const char *path, stated *out, problems *probs);
int training_read_stated_lib(const char *path, const library *lib, stated *out,
                             problems *probs);

typedef struct training_check {
    char *id;           /* "type", "source", "stability", "control", "priority",
                           "include.<activity>", "exclude.<activity>", "answers",
                           "blocker.<name>" */
    char *label;        /* short, for a list: "Defector type" */
    char *stated;       /* what the trainee said, as shown; NULL when nothing */
    char *expected;     /* what the key says, as shown; NULL for blockers */
    bool passed;
    bool blocker;       /* fails the session whatever the score */
    double points;      /* what the check is worth (0 for blockers) */
    char *explanation;  /* one line, from the framework */
} training_check;

typedef struct training_result {
    char *scenario_id;
    char *scenario_version;
    char *scenario_title;
    char *rubric_version;
    training_check *checks;   /* elements, activities, answers, then blockers */
    size_t nchecks;
    int score;                /* 0..100 */
    int pass_mark;
    bool passed;              /* score >= pass_mark and no blocker failed */
    bool blocked;             /* a blocker failed */
    bool has_program;         /* answers were given and classified */
    int program[SC_ELEM_COUNT]; /* the program's diagnosis and priority of the
                                   trainee's answers; -1 when none */
    char *program_note;       /* the program disagrees with the stated
                                 diagnosis, in words; NULL when it agrees */
    stated diagnosis;         /* a copy of what the trainee stated */
} training_result;

void training_result_init(training_result *r);
void training_result_free(training_result *r);

/* Scores st against the key of sc.  f and answers may be NULL (no answers
 * check then); lib gives the activities' titles and tags (required).  out
 * is overwritten: free it with training_result_free. */
void training_score(const scenario *sc, const stated *st, const form *f,
                    const answer_set *answers, const library *lib, training_result *out);

/* The check with id, or NULL. */
const training_check *training_check_find(const training_result *r, const char *id);

/* Feedback as text (wrapped to width columns; 0 means 78) or JSON.
 * previous is the trainee's last score on the same scenario, or -1 (then
 * nothing is said about it).  Every string is sanitised; caller frees. */
char *training_render_text(const training_result *r, int previous, int width);
char *training_render_json(const training_result *r, int previous);

/* The rubric and the scenario (id, version, title, key) as one JSON object,
 * for storing with a training session so that the feedback can be read
 * later exactly as it was scored.  Caller frees. */
char *training_freeze(const scenario *sc);

#endif
