/* classify.c - the diagnosis: defector type and attribution from answers.
 *
 * Every choice of a form may carry evidence ("type:bought_away 3, ...").
 * For each dimension the classifier sums the weights of the evidence of the
 * choices picked in visible, answered questions ("don't know" carries
 * nothing; claim questions are kept apart), picks the best value, a runner
 * up, and a confidence that grows with the margin and with the amount of
 * evidence.  The salesperson's own reason (the claim question) is compared
 * with the computed type; a clear disagreement is reported in plain words.
 * Pure computation: no I/O, no curses, deterministic.
 */
#include "classify.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The runner-up counts as "close" when its score is at least this share of
 * the best score. */
#define CLOSE_RATIO 0.75

/* Total weight at which a dimension has "enough" evidence: below it the
 * confidence is scaled down in proportion.  The type dimension collects
 * cues from many questions (a full debrief gives 10-20 points, the quick
 * form 4-7); each attribution dimension has one 3-point question plus
 * smaller cues (full 4-8, quick 3-4). */
#define ENOUGH_TYPE 10.0
#define ENOUGH_ATTRIBUTION 6.0

/* Fewer scored questions than this carrying evidence sets low_evidence
 * (the quick form has five). */
#define LOW_EVIDENCE_QUESTIONS 6

/* Confidence words: at least HIGH is "high", at least MODERATE is
 * "moderate", anything above zero "low". */
#define CONF_HIGH 0.6
#define CONF_MODERATE 0.3

/* Evidence items quoted in a mismatch explanation. */
#define MISMATCH_QUOTES 3

static void dim_init(dim_result *r)
{
    memset(r, 0, sizeof *r);
    r->computed = -1;
    r->runner_up = -1;
    r->final = -1;
}

void diagnosis_init(diagnosis *d)
{
    memset(d, 0, sizeof *d);
    for (int i = 0; i < DIM_COUNT; i++)
        dim_init(&d->dim[i]);
    d->claimed_type = -1;
    d->priority = -1;
    d->priority_final = -1;
}

static void dim_free(dim_result *r)
{
    for (size_t i = 0; i < r->nev; i++) {
        free(r->ev[i].qid);
        free(r->ev[i].prompt);
        free(r->ev[i].answer);
    }
    free(r->ev);
    free(r->override_reason);
}

/* Frees everything d owns and leaves it as diagnosis_init does. */
void diagnosis_free(diagnosis *d)
{
    if (!d)
        return;
    for (int i = 0; i < DIM_COUNT; i++)
        dim_free(&d->dim[i]);
    free(d->form_id);
    free(d->form_version);
    free(d->claimed_label);
    free(d->claimed_text);
    free(d->mismatch_text);
    free(d->priority_override_reason);
    for (size_t i = 0; i < d->nreasons; i++)
        free(d->reasons[i]);
    free(d->reasons);
    diagnosis_init(d);
}

/* Appends one evidence item (copies the strings) and adds its weight. */
static void dim_add(dim_result *r, const question *q, const choice *c,
                    const evidence *e)
{
    r->ev = xrealloc(r->ev, (r->nev + 1) * sizeof *r->ev);
    diag_evidence *de = &r->ev[r->nev++];
    de->qid = xstrdup(q->id);
    de->prompt = xstrdup(q->prompt);
    de->answer = xstrdup(c->label ? c->label : c->id);
    de->value = e->value;
    de->weight = e->weight;
    r->score[e->value] += e->weight;
}

/* Scores the evidence of one picked choice; returns true if it had any. */
static bool score_choice(diagnosis *d, const question *q, const choice *c)
{
    bool any = false;
    for (size_t i = 0; i < c->nev; i++) {
        const evidence *e = &c->ev[i];
        if (e->dim < 0 || e->dim >= DIM_COUNT || e->value < 0
            || e->value >= vocab_value_count(e->dim) || e->weight <= 0)
            continue;
        dim_add(&d->dim[e->dim], q, c, e);
        any = true;
    }
    return any;
}

/* Records the claim of one picked choice: the type its evidence points to
 * most strongly (the first one on a tie) and the label picked. */
static void claim_choice(diagnosis *d, const choice *c)
{
    double best = 0;
    for (size_t i = 0; i < c->nev; i++) {
        const evidence *e = &c->ev[i];
        if (e->dim == DIM_TYPE && e->weight > best) {
            best = e->weight;
            d->claimed_type = e->value;
        }
    }
    free(d->claimed_label);
    d->claimed_label = xstrdup(c->label ? c->label : c->id);
}

/* True when choice c is picked by the canonical answer value of q. */
static bool picked(const question *q, const choice *c, const char *value)
{
    if (q->type == Q_MULTI)
        return answer_has(value, c->id);
    return str_eq(value, c->id);
}

/* Scores (or, for a claim, records) the answer to question qi.  Returns
 * true when a scored answer carried evidence. */
static bool classify_question(diagnosis *d, const form *f, size_t qi,
                              const answer_set *a)
{
    const question *q = &f->questions[qi];
    if (!qtype_has_choices(q->type))
        return false;
    const answer *ans = answers_get(a, q->id);
    if (!ans || ans->dontknow || str_empty(ans->value)
        || !form_visible(f, qi, a))
        return false;
    bool any = false;
    for (size_t i = 0; i < q->nchoices; i++) {
        const choice *c = &q->choices[i];
        if (!picked(q, c, ans->value))
            continue;
        if (q->claim)
            claim_choice(d, c);
        else if (score_choice(d, q, c))
            any = true;
    }
    return any;
}

/* Index of the best value of r other than `skip` (-1 for none), scanning
 * in vocabulary order and keeping the first on a tie, so ties are broken
 * deterministically in favour of the value listed first in vocab.h. */
static int best_value(const dim_result *r, int n, int skip)
{
    int best = -1;
    for (int v = 0; v < n; v++) {
        if (v == skip || r->score[v] <= 0)
            continue;
        if (best < 0 || r->score[v] > r->score[best])
            best = v;
    }
    return best;
}

/* Picks the computed value, the runner-up and the confidence of r:
 *   confidence = (best - second) / total * min(1, total / ENOUGH)
 * the share of all evidence by which the best value leads, scaled down
 * when there is little evidence in all (so a quick debrief of the same
 * case reads lower than the full one). */
static void dim_finish(dim_result *r, int dim)
{
    int n = vocab_value_count(dim);
    r->total = 0;
    for (int v = 0; v < n; v++)
        r->total += r->score[v];
    r->computed = best_value(r, n, -1);
    r->final = r->computed;
    if (r->computed < 0)
        return;
    r->runner_up = best_value(r, n, r->computed);
    double best = r->score[r->computed];
    double second = r->runner_up >= 0 ? r->score[r->runner_up] : 0;
    r->close = r->runner_up >= 0 && second >= CLOSE_RATIO * best;
    double enough = dim == DIM_TYPE ? ENOUGH_TYPE : ENOUGH_ATTRIBUTION;
    double amount = r->total >= enough ? 1.0 : r->total / enough;
    r->confidence = (best - second) / r->total * amount;
}

/* The value of the visible, answered question with role `role`, or NULL. */
static const char *role_value(const form *f, const answer_set *a, const char *role)
{
    const question *q = form_by_role(f, role);
    if (!q)
        return NULL;
    const answer *ans = answers_get(a, q->id);
    int qi = form_find(f, q->id);
    if (!ans || ans->dontknow || str_empty(ans->value) || qi < 0
        || !form_visible(f, (size_t)qi, a))
        return NULL;
    return ans->value;
}

/* Index of the strongest evidence item for value v not yet in used[]. */
static int strongest(const dim_result *r, int v, const bool *used)
{
    int best = -1;
    for (size_t i = 0; i < r->nev; i++) {
        if (used[i] || r->ev[i].value != v)
            continue;
        if (best < 0 || r->ev[i].weight > r->ev[best].weight)
            best = (int)i;
    }
    return best;
}

/* Adds up to `max` of the strongest answers behind the computed value of
 * r as "'answer' (question)", separated by ", "; returns how many. */
static int quote_evidence(strbuf *sb, const dim_result *r, int max, bool comma)
{
    int k = 0;
    if (r->computed < 0)
        return 0;
    bool *used = xcalloc(r->nev ? r->nev : 1, sizeof *used);
    for (; k < max; k++) {
        int i = strongest(r, r->computed, used);
        if (i < 0)
            break;
        used[i] = true;
        sb_addf(sb, "%s'%s' (%s)", comma || k ? ", " : "", r->ev[i].answer,
                r->ev[i].prompt);
    }
    free(used);
    return k;
}

/* Builds the plain-words explanation of a mismatch.  Caller frees. */
static char *mismatch_explain(const diagnosis *d)
{
    const dim_result *t = &d->dim[DIM_TYPE];
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "You named '%s' (%s), but your account of the incident "
            "points to %s: ", d->claimed_label,
            vocab_value_label(DIM_TYPE, d->claimed_type),
            vocab_value_label(DIM_TYPE, t->computed));
    int n = quote_evidence(&sb, t, MISMATCH_QUOTES, false);
    quote_evidence(&sb, &d->dim[DIM_SOURCE], 1, n > 0);
    sb_add(&sb, ".");
    if (d->claimed_type == TYPE_BOUGHT_AWAY)
        sb_add(&sb, " Salespeople often over-blame price: check the incident "
               "before offering a discount.");
    else
        sb_add(&sb, " Go through the incident again, with a colleague if you "
               "can, before you choose how to approach the customer.");
    return sb_take(&sb);
}

/* Sets claimed_text and the mismatch fields once the type is computed.
 * A mismatch needs the computed type to differ from the claimed one, and
 * either moderate confidence or no incident answer at all pointing to the
 * claimed type (even a quick debrief can show that much). */
static void compare_claim(diagnosis *d, const form *f, const answer_set *a)
{
    const dim_result *t = &d->dim[DIM_TYPE];
    d->claimed_text = xstrdup(role_value(f, a, "own_reason_text"));
    d->mismatch = d->claimed_type >= 0 && t->computed >= 0
                  && t->computed != d->claimed_type
                  && (t->confidence >= CONF_MODERATE || t->score[d->claimed_type] <= 0.0);
    if (d->mismatch)
        d->mismatch_text = mismatch_explain(d);
}

void classify(const form *f, const answer_set *a, diagnosis *out)
{
    diagnosis_init(out);
    out->form_id = xstrdup(f->id);
    out->form_version = xstrdup(f->version);
    int carrying = 0;
    for (size_t qi = 0; qi < f->nquestions; qi++)
        if (classify_question(out, f, qi, a))
            carrying++;
    for (int dim = 0; dim < DIM_COUNT; dim++)
        dim_finish(&out->dim[dim], dim);
    out->low_evidence = carrying < LOW_EVIDENCE_QUESTIONS;
    compare_claim(out, f, a);
}

void diagnosis_override(diagnosis *d, int dim, int value, const char *reason)
{
    if (dim < 0 || dim >= DIM_COUNT || value < 0 || value >= vocab_value_count(dim))
        return;
    dim_result *r = &d->dim[dim];
    free(r->override_reason);
    r->override_reason = NULL;
    if (value == r->computed) {
        r->final = r->computed;
        return;
    }
    r->final = value;
    r->override_reason = xstrdup(reason ? reason : "");
}

const char *confidence_word(double confidence)
{
    if (confidence >= CONF_HIGH)
        return "high";
    if (confidence >= CONF_MODERATE)
        return "moderate";
    if (confidence > 0)
        return "low";
    return "none";
}

void diagnosis_apply_overrides(diagnosis *d, const diagnosis *stored)
{
    for (int i = 0; i < DIM_COUNT; i++)
        if (stored->dim[i].override_reason)
            diagnosis_override(d, i, stored->dim[i].final, stored->dim[i].override_reason);
    if (stored->priority_override_reason) {
        d->priority_final = stored->priority_final;
        free(d->priority_override_reason);
        d->priority_override_reason = xstrdup(stored->priority_override_reason);
    }
}
