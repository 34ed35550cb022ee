/* test_worth.c - the worth-pursuing assessment on the real debrief form.
 *
 * Diagnoses are built by hand (final values set directly); answers are put
 * by role, so the tests do not depend on question ids.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "answers.h"
#include "classify.h"
#include "form.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"
#include "worth.h"

static form *F;
static answer_set A;
static diagnosis D;

static void setup(void)
{
    problems probs;
    problems_init(&probs);
    F = form_load(tl_src("forms/debrief.ini"), &probs);
    for (size_t i = 0; i < probs.n; i++)
        fprintf(stderr, "%s\n", probs.msg[i]);
    problems_free(&probs);
    cr_assert_not_null(F, "forms/debrief.ini does not load");
    answers_init(&A);
    diagnosis_init(&D);
}

static void teardown(void)
{
    diagnosis_free(&D);
    answers_free(&A);
    form_free(F);
}

TestSuite(worth, .init = setup, .fini = teardown);

/* Answers the question that has role `role`. */
static void put_role(const char *role, const char *value)
{
    const question *q = form_by_role(F, role);
    cr_assert_not_null(q, "debrief.ini has no question with role %s", role);
    answers_put(&A, q->id, value, false);
}

static void dontknow_role(const char *role)
{
    const question *q = form_by_role(F, role);
    cr_assert_not_null(q, "debrief.ini has no question with role %s", role);
    answers_put(&A, q->id, "", true);
}

/* Sets the final values of the four dimensions (-1 = unknown). */
static void diag(int type, int source, int stability, int control)
{
    int v[DIM_COUNT] = {type, source, stability, control};
    for (int d = 0; d < DIM_COUNT; d++) {
        D.dim[d].computed = v[d];
        D.dim[d].final = v[d];
    }
}

/* Index of the first reason containing s, or -1. */
static int reason_index(const char *s)
{
    for (size_t i = 0; i < D.nreasons; i++)
        if (strstr(D.reasons[i], s))
            return (int)i;
    return -1;
}

static void dump_reasons(void)
{
    for (size_t i = 0; i < D.nreasons; i++)
        fprintf(stderr, "  reason %zu: %s\n", i, D.reasons[i]);
}

Test(worth, big_share_and_open_window_means_pursue_now)
{
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    put_role("share_of_turnover", "20");
    put_role("window", "renewal");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_PURSUE_NOW);
    cr_assert_eq(D.priority_final, PRIORITY_PURSUE_NOW);
    int share = reason_index("They were 20% of our turnover: losing them hurts.");
    cr_assert_geq(share, 0);
    int window = reason_index("There is an opening");
    cr_assert_geq(window, 0);
    cr_assert_lt(share, window, "the share of turnover weighs more than the window");
    cr_assert_neq(reason_index("contract with the new supplier"), -1,
                  "the opening is named with its label");
}

Test(worth, same_account_without_a_window_waits)
{
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    put_role("share_of_turnover", "20");
    put_role("window", "none");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_WAIT_ACTIVELY);
    cr_assert_geq(reason_index("No opening"), 0);
}

Test(worth, small_share_is_not_heavy)
{
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    put_role("share_of_turnover", "3");
    put_role("window", "renewal");
    worth_assess(F, &A, &D);
    cr_assert_eq(reason_index("losing them hurts"), -1);
    cr_assert_geq(reason_index("only 3% of our turnover"), 0);
    cr_assert_eq(D.priority, PRIORITY_WAIT_ACTIVELY, "nothing makes it worth pursuing");
}

Test(worth, intentionally_pushed_away_is_let_go_whatever_the_value)
{
    diag(TYPE_INTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_STABLE, CONTROL_CONTROLLABLE);
    put_role("share_of_turnover", "25");
    put_role("window", "renewal");
    put_role("strategic_value", "5");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_LET_GO);
    cr_assert_eq(reason_index("on purpose"), 0, "the deciding reason comes first");
}

Test(worth, costs_outweighing_benefits_let_go)
{
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    put_role("margin", "-4");
    put_role("cost_to_serve", "5");
    put_role("window", "renewal");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_LET_GO);
    cr_assert_geq(reason_index("We lost money on them"), 0);
    cr_assert_geq(reason_index("very costly to serve"), 0);
}

Test(worth, moved_away_waits_unless_valuable_with_an_opening)
{
    diag(TYPE_MOVED_AWAY, SOURCE_CUSTOMER, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    put_role("share_of_turnover", "18");
    put_role("window", "none");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_WAIT_ACTIVELY);

    put_role("window", "outsource");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_PURSUE_NOW);
    cr_assert_geq(reason_index("They may buy from outside again"), 0);
}

Test(worth, unknown_inputs_are_skipped_and_said)
{
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    dontknow_role("share_of_turnover");
    dontknow_role("cost_to_serve");
    put_role("margin", "30");
    worth_assess(F, &A, &D);
    dump_reasons();
    cr_assert_geq(reason_index("Share of our turnover unknown."), 0);
    cr_assert_geq(reason_index("Cost to serve unknown."), 0);
    cr_assert_eq(reason_index("of our turnover:"), -1, "no judgement on an unknown share");
    cr_assert_geq(reason_index("healthy (30%)"), 0);
    /* Unknowns come after everything that is known. */
    cr_assert_gt(reason_index("Cost to serve unknown."), reason_index("healthy (30%)"));
}

Test(worth, contacts_are_said)
{
    diag(TYPE_PULLED_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    put_role("contacts_remaining", "no");
    worth_assess(F, &A, &D);
    cr_assert_geq(reason_index("Nobody on their side still talks to us: "
                               "start by finding a way in."), 0);
    put_role("contacts_remaining", "yes");
    worth_assess(F, &A, &D);
    cr_assert_eq(reason_index("Nobody on their side"), -1, "old reasons are replaced");
    cr_assert_geq(reason_index("still talk to us"), 0);
}

Test(worth, unintentional_mistake_is_pursued_now_unless_repeated)
{
    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE);
    put_role("share_of_turnover", "8");
    put_role("window", "none");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_PURSUE_NOW, "the apology cannot wait");

    /* repeated_failure is shown only after a failure: hidden, it is ignored. */
    put_role("repeated_failure", "yes");
    worth_assess(F, &A, &D);
    const question *rq = form_by_role(F, "repeated_failure");
    int qi = form_find(F, rq->id);
    cr_assert_not(form_visible(F, (size_t)qi, &A));
    cr_assert_eq(D.priority, PRIORITY_PURSUE_NOW, "a hidden answer is not used");
    cr_assert_str_eq(rq->show_if, "failure = yes");
    answers_put(&A, "failure", "yes", false);
    cr_assert(form_visible(F, (size_t)qi, &A));

    worth_assess(F, &A, &D);
    dump_reasons();
    cr_assert_eq(D.priority, PRIORITY_WAIT_ACTIVELY);
    cr_assert_geq(reason_index("more than once"), 0);
}

Test(worth, override_is_kept)
{
    diag(TYPE_INTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_STABLE, CONTROL_CONTROLLABLE);
    D.priority_final = PRIORITY_PURSUE_NOW;
    D.priority_override_reason = xstrdup("New owner, new terms.");
    worth_assess(F, &A, &D);
    cr_assert_eq(D.priority, PRIORITY_LET_GO);
    cr_assert_eq(D.priority_final, PRIORITY_PURSUE_NOW);
}

Test(worth, deterministic_and_without_form)
{
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE);
    put_role("share_of_turnover", "16");
    put_role("idle_investment", "yes");
    put_role("expected_stay", "1");
    worth_assess(F, &A, &D);
    size_t n = D.nreasons;
    char *first = xstrdup(D.reasons[0]);
    int p = D.priority;
    worth_assess(F, &A, &D);
    cr_assert_eq(D.nreasons, n);
    cr_assert_str_eq(D.reasons[0], first);
    cr_assert_eq(D.priority, p);
    free(first);

    worth_assess(NULL, NULL, &D);
    cr_assert_eq(D.priority, PRIORITY_WAIT_ACTIVELY, "no facts: wait and gather them");
    cr_assert_eq(D.nreasons, 2);
    cr_assert_geq(reason_index("Nothing is known yet about what the account is worth"), 0);
}
