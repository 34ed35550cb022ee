/* worth.h - is the lost account worth pursuing?  (cost-benefit)
 *
 * Reads the cost-benefit answers through their roles (forms/README.md:
 * annual_revenue, share_of_turnover, margin, cost_to_serve,
 * idle_investment, strategic_value, reference_value, winback_cost,
 * contacts_remaining, window, ...) and the diagnosis, and decides a
 * priority with the reasons in words.
 */
#ifndef WINBACK_WORTH_H
#define WINBACK_WORTH_H

#include "answers.h"
#include "classify.h"
#include "form.h"

/* Sets d->priority, d->priority_final (unless overridden) and d->reasons. */
void worth_assess(const form *f, const answer_set *a, diagnosis *d);

/* Added by the worth module: the usable answer of the question that has
 * role `role` in f: NULL when the form has no such question, the question
 * is hidden by its show-if, unanswered, or answered "Don't know".  *q (if
 * q is not NULL) is set to the question, or NULL when the form has none.
 * The result is borrowed from a.  Used by worth.c and plan.c. */
const answer *worth_role_answer(const form *f, const answer_set *a,
                                const char *role, const question **q);

#endif
