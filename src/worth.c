/* worth.c - is the lost account worth pursuing?  (cost-benefit)
 *
 * After Cespedes & Poblete (HBR 2019): weigh what the account brought and
 * would bring against what it costs to serve and to win back, then read the
 * diagnosis.  Answers are found by role (forms/README.md), never by
 * question id.  A question that is unanswered or answered "Don't know" is
 * skipped and said ("Cost to serve unknown."); a role the form does not
 * ask, or a question hidden by its show-if, is skipped silently.
 *
 * Value points (V), summed over what is known:
 *   share_of_turnover  > 15%: +3     5..15%: +1      < 5%: 0
 *   margin             < 0%: -3      < 10%: -1       >= 25%: +1
 *   cost_to_serve      5: -2   4: -1   3: 0   1-2: +1
 *   idle_investment    yes: +2   no: 0
 *   strategic_value    5: +2   4: +1   3: 0   1-2: -1
 *   reference_value    5: +2   4: +1   1-3: 0
 *   winback_cost       5: -2   4: -1   3: 0   1-2: +1
 *   expected_stay      1: -2   2: -1   3: 0   4: +1   5: +2
 *   years_customer     >= 5 years: +1
 *   annual_revenue     shown, not scored (amounts mean different things in
 *                      different firms; the share of turnover is scored)
 * V >= 3 is high value, V >= 1 worth it, V <= -2 not worth it.
 *
 * Opening: the `window` answer is open when any choice other than `none`
 * is picked, closed when only `none` is, unknown otherwise.
 *
 * Priority, first rule that applies:
 *   1. type intentionally pushed away          -> let go
 *   2. V <= -2                                  -> let go
 *   3. type moved away: V >= 3 and window open  -> pursue now, else wait
 *   4. unintentionally pushed away, repeated failure (yes) and the window
 *      not open                                 -> wait actively
 *   5. unintentionally pushed away, V >= 1      -> pursue now (the apology
 *                                                  cannot wait)
 *   6. window open and V >= 1                   -> pursue now
 *   7. window unknown and V >= 3                -> pursue now
 *   8. otherwise                                -> wait actively
 * contacts_remaining never changes the priority; it is said, because it
 * decides where to start.
 *
 * Reasons, most important first: the deciding sentence; "nothing is known
 * about the value" when no value input was answered; then the facts by
 * weight (share of turnover over 15%, the opening, idle investment,
 * contacts, the +-1 facts, plain information); the unknowns last.
 */
#include "worth.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "vocab.h"

#define V_HIGH 3
#define V_WORTH 1
#define V_LOW (-2)

/* Importance of a reason, for ordering (higher first). */
enum {
    W_DECISION = 1000,
    W_NOTHING = 500,
    W_WINDOW = 25,
    W_CONTACTS = 15,
    W_INFO = 5,
    W_UNKNOWN = 1
};

typedef struct reason {
    char *text;
    int weight;
} reason;

typedef struct assessment {
    reason *r;
    size_t n, cap;
    int value;           /* V */
    int known;           /* value inputs that were known */
    int window;          /* -1 unknown, 0 closed, 1 open */
    int repeated;        /* -1 unknown, 0 no, 1 yes */
} assessment;

enum lookup { LK_ABSENT, LK_HIDDEN, LK_UNKNOWN, LK_OK };

/* Finds the answer of the question with role; says why there is none. */
static enum lookup role_lookup(const form *f, const answer_set *a, const char *role,
                               const question **qout, const answer **aout)
{
    *qout = NULL;
    *aout = NULL;
    if (!f)
        return LK_ABSENT;
    const question *q = form_by_role(f, role);
    if (!q)
        return LK_ABSENT;
    *qout = q;
    int qi = form_find(f, q->id);
    if (qi < 0 || !a || !form_visible(f, (size_t)qi, a))
        return LK_HIDDEN;
    const answer *an = answers_get(a, q->id);
    if (!an || an->dontknow || !an->value || !*an->value)
        return LK_UNKNOWN;
    *aout = an;
    return LK_OK;
}

const answer *worth_role_answer(const form *f, const answer_set *a,
                                const char *role, const question **q)
{
    const question *qq;
    const answer *an;
    role_lookup(f, a, role, &qq, &an);
    if (q)
        *q = qq;
    return an;
}

/* Appends a reason (takes ownership of text). */
static void add_reason(assessment *as, char *text, int weight)
{
    xgrow((void **)&as->r, &as->cap, as->n + 1, sizeof *as->r);
    as->r[as->n].text = text;
    as->r[as->n].weight = weight;
    as->n++;
}

/* Adds points to V and a reason weighted by how much they count. */
static void score(assessment *as, int points, char *text)
{
    as->value += points;
    as->known++;
    add_reason(as, text, points ? 10 * abs(points) : W_INFO);
}

/* Numeric answer of role: 1 with *v set, 0 when absent/hidden (silent),
 * -1 when unknown (said, with `unknown` as the sentence). */
static int role_number(assessment *as, const form *f, const answer_set *a,
                       const char *role, const char *unknown, double *v)
{
    const question *q;
    const answer *an;
    enum lookup lk = role_lookup(f, a, role, &q, &an);
    if (lk == LK_OK && parse_double(an->value, v))
        return 1;
    if (lk == LK_UNKNOWN || lk == LK_OK) {
        add_reason(as, xstrdup(unknown), W_UNKNOWN);
        return -1;
    }
    return 0;
}

/* A 1..5 scale answer of role, or 0 when there is none. */
static int role_scale(assessment *as, const form *f, const answer_set *a,
                      const char *role, const char *unknown)
{
    double v;
    if (role_number(as, f, a, role, unknown, &v) != 1)
        return 0;
    int s = (int)lround(v);
    return s < 1 ? 1 : s > 5 ? 5 : s;
}

/* A yes/no answer of role: 1 yes, 0 no, -1 unsure/unknown/absent.  Unsure
 * and unknown are said when `unknown` is not NULL. */
static int role_yesno(assessment *as, const form *f, const answer_set *a,
                      const char *role, const char *unknown)
{
    const question *q;
    const answer *an;
    enum lookup lk = role_lookup(f, a, role, &q, &an);
    if (lk == LK_OK && str_eq(an->value, "yes"))
        return 1;
    if (lk == LK_OK && str_eq(an->value, "no"))
        return 0;
    if (unknown && (lk == LK_OK || lk == LK_UNKNOWN))
        add_reason(as, xstrdup(unknown), W_UNKNOWN);
    return -1;
}

/* Share of our turnover and margin: the money side. */
static void assess_money(assessment *as, const form *f, const answer_set *a)
{
    double v;
    if (role_number(as, f, a, "share_of_turnover", "Share of our turnover unknown.", &v) == 1) {
        if (v > 15)
            score(as, 3, xasprintf("They were %g%% of our turnover: losing them hurts.", v));
        else if (v >= 5)
            score(as, 1, xasprintf("They were %g%% of our turnover: a share worth having.", v));
        else
            score(as, 0, xasprintf("They were only %g%% of our turnover.", v));
    }
    if (role_number(as, f, a, "margin", "Margin unknown.", &v) == 1) {
        if (v < 0)
            score(as, -3, xasprintf("We lost money on them (margin %g%%).", v));
        else if (v < 10)
            score(as, -1, xasprintf("Their margin was thin (%g%%).", v));
        else if (v >= 25)
            score(as, 1, xasprintf("Their margin was healthy (%g%%).", v));
        else
            score(as, 0, xasprintf("Their margin was %g%%.", v));
    }
    const question *q;
    const answer *an;
    enum lookup lk = role_lookup(f, a, "annual_revenue", &q, &an);
    if (lk == LK_OK) {
        char *shown = answer_display(q, an);
        score(as, 0, xasprintf("They bought %s a year.", shown));
        free(shown);
    } else if (lk == LK_UNKNOWN) {
        add_reason(as, xstrdup("Annual revenue unknown."), W_UNKNOWN);
    }
}

/* Cost to serve, idle investment, cost of winning back. */
static void assess_costs(assessment *as, const form *f, const answer_set *a)
{
    int s = role_scale(as, f, a, "cost_to_serve", "Cost to serve unknown.");
    if (s == 5)
        score(as, -2, xstrdup("They were very costly to serve."));
    else if (s == 4)
        score(as, -1, xstrdup("They were costly to serve."));
    else if (s == 1 || s == 2)
        score(as, 1, xstrdup("They were cheap to serve."));
    else if (s == 3)
        score(as, 0, xstrdup("Their cost to serve was ordinary."));

    int idle = role_yesno(as, f, a, "idle_investment", "Idle investment unknown.");
    if (idle == 1)
        score(as, 2, xstrdup("Equipment or work made for them stands idle: "
                             "winning them back puts it to use again."));
    else if (idle == 0)
        score(as, 0, xstrdup("Nothing made for them stands idle."));

    s = role_scale(as, f, a, "winback_cost", "Cost of winning them back unknown.");
    if (s == 5)
        score(as, -2, xstrdup("Winning them back would be very costly."));
    else if (s == 4)
        score(as, -1, xstrdup("Winning them back would be costly."));
    else if (s == 1 || s == 2)
        score(as, 1, xstrdup("Winning them back would cost little."));
    else if (s == 3)
        score(as, 0, xstrdup("Winning them back would cost a fair amount."));
}

/* Strategic and reference value, expected stay, years as a customer. */
static void assess_future(assessment *as, const form *f, const answer_set *a)
{
    int s = role_scale(as, f, a, "strategic_value", "Strategic value unknown.");
    if (s >= 4)
        score(as, s - 3, xstrdup("They matter to our strategy (market, technology or name)."));
    else if (s == 1 || s == 2)
        score(as, -1, xstrdup("They matter little to our strategy."));

    s = role_scale(as, f, a, "reference_value", "Reference value unknown.");
    if (s >= 4)
        score(as, s - 3, xstrdup("Other buyers listen to them: winning them back "
                                 "brings word of mouth."));
    else if (s >= 1)
        score(as, 0, xstrdup("Their word carries little weight with other buyers."));

    s = role_scale(as, f, a, "expected_stay", "How long they would stay is unknown.");
    if (s == 1)
        score(as, -2, xstrdup("They would likely leave again at the next cheaper offer."));
    else if (s == 2)
        score(as, -1, xstrdup("They might not stay long."));
    else if (s >= 4)
        score(as, s - 3, xstrdup("Once back, they would likely stay for years."));

    double y;
    if (role_number(as, f, a, "years_customer", "Years as a customer unknown.", &y) == 1) {
        if (y >= 5)
            score(as, 1, xasprintf("A customer for %g years: there is history to build on.", y));
        else
            score(as, 0, xasprintf("A customer for %g year%s.", y, y == 1 ? "" : "s"));
    }
}

/* Labels of the opening choices picked, joined by ", " (caller frees). */
static char *window_labels(const question *q, const answer *an)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < q->nchoices; i++) {
        const choice *c = &q->choices[i];
        if (str_eq(c->id, "none") || !answer_has(an->value, c->id))
            continue;
        if (sb.len)
            sb_add(&sb, ", ");
        sb_add(&sb, c->label);
    }
    return sb_take(&sb);
}

/* The window of opportunity, contacts and repeated failure. */
static void assess_openings(assessment *as, const form *f, const answer_set *a)
{
    const question *q;
    const answer *an;
    enum lookup lk = role_lookup(f, a, "window", &q, &an);
    as->window = -1;
    if (lk == LK_OK) {
        char *labels = window_labels(q, an);
        as->window = *labels ? 1 : 0;
        if (as->window)
            add_reason(as, xasprintf("There is an opening: %s.", labels), W_WINDOW);
        else
            add_reason(as, xstrdup("No opening right now: they are not about to "
                                   "choose a supplier again."), W_WINDOW);
        free(labels);
    } else if (lk == LK_UNKNOWN) {
        add_reason(as, xstrdup("Whether there is an opening now is unknown."), W_UNKNOWN);
    }

    int c = role_yesno(as, f, a, "contacts_remaining",
                       "Whether anyone there still talks to us is unknown.");
    if (c == 1)
        add_reason(as, xstrdup("People on their side still talk to us: start with them."),
                   W_CONTACTS);
    else if (c == 0)
        add_reason(as, xstrdup("Nobody on their side still talks to us: "
                               "start by finding a way in."), W_CONTACTS);
    as->repeated = role_yesno(as, f, a, "repeated_failure", NULL);
}

/* Applies the priority table (top of file); adds the deciding reason. */
static int decide(assessment *as, const diagnosis *d)
{
    int type = d->dim[DIM_TYPE].final;
    int v = as->value;
    const char *why;
    int p;
    if (type == TYPE_INTENTIONALLY_PUSHED_AWAY) {
        p = PRIORITY_LET_GO;
        why = "We pushed them away on purpose: let them go gracefully and keep our name good.";
    } else if (v <= V_LOW) {
        p = PRIORITY_LET_GO;
        why = "What they cost outweighs what they bring: let them go on good terms.";
    } else if (type == TYPE_MOVED_AWAY) {
        p = (v >= V_HIGH && as->window == 1) ? PRIORITY_PURSUE_NOW : PRIORITY_WAIT_ACTIVELY;
        why = p == PRIORITY_PURSUE_NOW
                  ? "They moved away, but they are valuable and there is an opening: go now."
                  : "They no longer need what we sell: stay in touch in case that changes.";
    } else if (type == TYPE_UNINTENTIONALLY_PUSHED_AWAY && as->repeated == 1 && as->window != 1) {
        p = PRIORITY_WAIT_ACTIVELY;
        why = "We let them down more than once: they may need to see new people "
              "(theirs or ours) before they listen.";
    } else if (type == TYPE_UNINTENTIONALLY_PUSHED_AWAY && v >= V_WORTH) {
        p = PRIORITY_PURSUE_NOW;
        why = "We let them down and they are worth keeping: apologise and make amends now.";
    } else if (as->window == 1 && v >= V_WORTH) {
        p = PRIORITY_PURSUE_NOW;
        why = "They are worth winning back and there is an opening: pursue now.";
    } else if (as->window == -1 && v >= V_HIGH) {
        p = PRIORITY_PURSUE_NOW;
        why = "They are worth a lot to us: pursue now, and look for an opening.";
    } else {
        p = PRIORITY_WAIT_ACTIVELY;
        why = as->window == 0 ? "No opening yet: stay in their consideration set "
                                "until they choose a supplier again."
                              : "The case for winning them back is not strong yet: "
                                "keep in touch and gather facts.";
    }
    add_reason(as, xstrdup(why), W_DECISION);
    return p;
}

/* Stable sort of the reasons, heaviest first. */
static void sort_reasons(assessment *as)
{
    for (size_t i = 1; i < as->n; i++) {
        reason r = as->r[i];
        size_t j = i;
        while (j > 0 && as->r[j - 1].weight < r.weight) {
            as->r[j] = as->r[j - 1];
            j--;
        }
        as->r[j] = r;
    }
}

/* Frees the reasons a diagnosis holds. */
static void clear_reasons(diagnosis *d)
{
    for (size_t i = 0; i < d->nreasons; i++)
        free(d->reasons[i]);
    free(d->reasons);
    d->reasons = NULL;
    d->nreasons = 0;
}

void worth_assess(const form *f, const answer_set *a, diagnosis *d)
{
    assessment as = {0};
    assess_money(&as, f, a);
    assess_costs(&as, f, a);
    assess_future(&as, f, a);
    assess_openings(&as, f, a);
    d->priority = decide(&as, d);
    if (as.known == 0)
        add_reason(&as, xstrdup("Nothing is known yet about what the account is worth: "
                                "the priority rests on the diagnosis alone."), W_NOTHING);
    if (!d->priority_override_reason)
        d->priority_final = d->priority;
    sort_reasons(&as);

    clear_reasons(d);
    d->reasons = xcalloc(as.n ? as.n : 1, sizeof *d->reasons);
    for (size_t i = 0; i < as.n; i++)
        d->reasons[i] = as.r[i].text;
    d->nreasons = as.n;
    free(as.r);
}
