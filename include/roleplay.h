/* roleplay.h - training sessions: a trainee's attempt at a scenario,
 * scored (training.h) and kept in the store beside real sessions.
 *
 * A role-play is a session with training = 1 (so it never counts in real
 * statistics unless asked for) plus a row of the training table holding
 * the scenario id and version, the trainee, the stated diagnosis, the
 * score, and the rubric and feedback frozen as JSON: a later change of the
 * scenario or of the rubric does not change a past attempt.
 */
#ifndef WINBACK_ROLEPLAY_H
#define WINBACK_ROLEPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "answers.h"
#include "form.h"
#include "plan.h"
#include "scenario.h"
#include "store.h"
#include "training.h"
#include "util.h"

/* One attempt, for the trainer's views. */
typedef struct attempt {
    int64_t session;
    char *scenario_id;
    char *scenario_version;
    char *trainee;
    char *at;            /* "YYYY-MM-DD HH:MM:SS" */
    int score;
    bool passed;
    int blockers;        /* failed blocker checks */
    int type_chosen;     /* enum defector_type the trainee stated; -1 */
} attempt;

void attempt_list_free(attempt *list, size_t n);

/* Marks session as a role-play of scenario sc by trainee before it is
 * scored (training = 1, a training row without a score), so that a
 * role-play left half-way can be resumed as one. */
int roleplay_begin(store *st, int64_t session, const scenario *sc, const char *trainee,
                   char **err);

/* The scenario id and trainee of a training session (copies; NULL when
 * the session is not a role-play) and whether it has been scored. */
int roleplay_session(store *st, int64_t session, char **scenario_id, char **trainee,
                     bool *scored, char **err);

/* Scores a training session that already holds the trainee's answers
 * (the wizard's), stores the result and marks the session as training.
 * previous gets the trainee's last score on this scenario before this
 * attempt (-1 when none).  out is overwritten (training_result_free). */
int roleplay_finish(store *st, const library *lib, const scenario *sc, int64_t session,
                    const char *trainee, const stated *said, training_result *out,
                    int *previous, char **err);

/* The whole role-play from files (`winback train`): reads the answers
 * file (importer format) and the diagnosis file, creates the training
 * session, scores and stores it, in one transaction.  Returns 0, or -1
 * with the problems (file:line: key: message) in probs. */
int roleplay_run_files(store *st, const library *lib, const scenario *sc,
                       const char *trainee, const char *answers_path,
                       const char *diagnosis_path, training_result *out, int *previous,
                       int64_t *session, problems *probs);

/* The attempts of a scenario (scenario_id NULL: all) by a trainee
 * (trainee NULL: everyone), oldest first. */
int roleplay_attempts(store *st, const char *scenario_id, const char *trainee,
                      attempt **out, size_t *n, char **err);

/* How many attempts each scenario has had: counts[i] for ids[i]. */
int roleplay_play_counts(store *st, const char *const *ids, size_t n, int *counts,
                         char **err);

/* The stored feedback of a training session (JSON, as scored), or NULL
 * when the session is not a scored role-play.  Caller frees. */
int roleplay_feedback_json(store *st, int64_t session, char **json, char **err);

enum roleplay_view { ROLEPLAY_BY_SCENARIO, ROLEPLAY_BY_TRAINEE };

/* The trainer's view of attempts as text (a table), CSV (RFC 4180, with
 * formula-like cells neutralised), Markdown or JSON (report.h formats;
 * CSV is REPORT_CSV below).  By scenario: every attempt side by side; by
 * trainee: each trainee's progress across scenarios with the change since
 * the previous attempt at the same scenario.  Caller frees. */
#define ROLEPLAY_CSV 100
char *roleplay_render_attempts(const attempt *list, size_t n, int view, int format);

#endif
