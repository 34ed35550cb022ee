/* test_classify.c - the diagnosis on the real forms and the seed cases.
 *
 * The five worked cases of shared/domain.md are answers files under
 * tests/cases/ (the full debrief) and tests/cases/quick_*.ini (the quick
 * form); the shipped examples under share/examples/ are checked too.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "answers.h"
#include "classify.h"
#include "form.h"
#include "ini.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"

/* One seed case: the answers file stem and the diagnosis the model must
 * reach (domain.md, "The seeds' worked cases"). */
typedef struct seed {
    const char *name;
    int type, source, stability, control;
} seed;

static const seed SEEDS[] = {
    { "bought_away", TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR,
      STABILITY_STABLE, CONTROL_UNCONTROLLABLE },
    { "pulled_away", TYPE_PULLED_AWAY, SOURCE_COMPETITOR,
      STABILITY_STABLE, CONTROL_UNCONTROLLABLE },
    { "unintentionally_pushed_away", TYPE_UNINTENTIONALLY_PUSHED_AWAY,
      SOURCE_FIRM, STABILITY_UNSTABLE, CONTROL_CONTROLLABLE },
    { "moved_away", TYPE_MOVED_AWAY, SOURCE_CUSTOMER,
      STABILITY_STABLE, CONTROL_UNCONTROLLABLE },
    { "intentionally_pushed_away", TYPE_INTENTIONALLY_PUSHED_AWAY,
      SOURCE_FIRM, STABILITY_STABLE, CONTROL_CONTROLLABLE },
};

/* Loads a form of the source tree; fails the test with every problem. */
static form *load_form(const char *rel)
{
    problems p;
    problems_init(&p);
    form *f = form_load(tl_src(rel), &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_error("%s", p.msg[i]);
    cr_assert_not_null(f, "%s does not load", rel);
    problems_free(&p);
    return f;
}

/* Reads the [answers] section of an answers file into a: "?" is "don't
 * know", anything else goes through answer_parse like user input. */
static void load_answers(const form *f, const char *rel, answer_set *a)
{
    problems p;
    problems_init(&p);
    ini_file *ini = ini_load(tl_src(rel), &p);
    cr_assert_not_null(ini, "%s does not load: %s", rel, p.n ? p.msg[0] : "");
    const ini_section *s = ini_section_get(ini, "answers");
    cr_assert_not_null(s, "%s has no [answers]", rel);
    answers_init(a);
    for (size_t i = 0; i < s->nentries; i++) {
        const ini_entry *e = &s->entries[i];
        const question *q = form_question(f, e->key);
        cr_assert_not_null(q, "%s:%d: no question '%s' in form %s", rel, e->line,
                           e->key, f->id);
        if (strcmp(e->value, "?") == 0) {
            cr_assert(q->dontknow, "%s:%d: %s does not accept don't know", rel,
                      e->line, e->key);
            answers_put(a, e->key, "", true);
            continue;
        }
        char *canon = NULL, *err = NULL;
        bool ok = answer_parse(q, e->value, &canon, &err);
        cr_assert(ok, "%s:%d: %s: %s", rel, e->line, e->key, err ? err : "");
        if (canon)
            answers_put(a, e->key, canon, false);
        free(canon);
        free(err);
    }
    ini_free(ini);
    problems_free(&p);
}

/* Classifies answers file `answers_rel` with form `form_rel`. */
static void diagnose_file(const char *form_rel, const char *answers_rel, diagnosis *d)
{
    form *f = load_form(form_rel);
    answer_set a;
    load_answers(f, answers_rel, &a);
    classify(f, &a, d);
    answers_free(&a);
    form_free(f);
}

static void case_path(char *buf, size_t n, const char *dir, const char *prefix,
                      const char *name)
{
    snprintf(buf, n, "%s/%s%s.ini", dir, prefix, name);
}

/* Asserts the four dimensions of d against seed s. */
static void assert_seed(const diagnosis *d, const seed *s, const char *what)
{
    cr_assert_eq(d->dim[DIM_TYPE].computed, s->type, "%s: type %s", what,
                 vocab_value_id(DIM_TYPE, d->dim[DIM_TYPE].computed));
    cr_assert_eq(d->dim[DIM_SOURCE].computed, s->source, "%s: source %s", what,
                 vocab_value_id(DIM_SOURCE, d->dim[DIM_SOURCE].computed));
    cr_assert_eq(d->dim[DIM_STABILITY].computed, s->stability, "%s: stability", what);
    cr_assert_eq(d->dim[DIM_CONTROL].computed, s->control, "%s: control", what);
    for (int dim = 0; dim < DIM_COUNT; dim++)
        cr_assert_eq(d->dim[dim].final, d->dim[dim].computed, "%s: final", what);
}

Test(classify, seed_cases_full_debrief)
{
    for (size_t i = 0; i < ARRAY_LEN(SEEDS); i++) {
        char path[256];
        diagnosis d;
        case_path(path, sizeof path, "tests/cases", "", SEEDS[i].name);
        diagnose_file("forms/debrief.ini", path, &d);
        assert_seed(&d, &SEEDS[i], path);
        cr_assert_str_eq(d.form_id, "debrief");
        cr_assert_not(d.low_evidence, "%s: low evidence", path);
        cr_assert_not(d.mismatch, "%s: the salesperson was right", path);
        cr_assert_eq(d.claimed_type, SEEDS[i].type, "%s: claimed type", path);
        cr_assert_gt(d.dim[DIM_TYPE].confidence, 0.3, "%s: confidence", path);
        cr_assert_eq(d.priority, -1);
        cr_assert_eq(d.priority_final, -1);
        diagnosis_free(&d);
    }
}

Test(classify, shipped_examples_classify_to_their_type)
{
    for (size_t i = 0; i < ARRAY_LEN(SEEDS); i++) {
        char path[256];
        diagnosis d;
        case_path(path, sizeof path, "share/examples", "", SEEDS[i].name);
        diagnose_file("forms/debrief.ini", path, &d);
        assert_seed(&d, &SEEDS[i], path);
        cr_assert_not_null(d.claimed_text, "%s: own reason text", path);
        diagnosis_free(&d);
    }
}

Test(classify, quick_form_same_diagnosis_lower_confidence)
{
    for (size_t i = 0; i < ARRAY_LEN(SEEDS); i++) {
        char full[256], quick[256];
        diagnosis df, dq;
        case_path(full, sizeof full, "tests/cases", "", SEEDS[i].name);
        case_path(quick, sizeof quick, "tests/cases", "quick_", SEEDS[i].name);
        diagnose_file("forms/debrief.ini", full, &df);
        diagnose_file("forms/quick.ini", quick, &dq);
        assert_seed(&dq, &SEEDS[i], quick);
        cr_assert_str_eq(dq.form_id, "quick");
        cr_assert(dq.low_evidence, "%s: quick should be low evidence", quick);
        cr_assert_lt(dq.dim[DIM_TYPE].confidence, df.dim[DIM_TYPE].confidence,
                     "%s: quick %.2f vs full %.2f", quick,
                     dq.dim[DIM_TYPE].confidence, df.dim[DIM_TYPE].confidence);
        cr_assert_gt(dq.dim[DIM_TYPE].confidence, 0, "%s", quick);
        cr_assert_lt(dq.dim[DIM_TYPE].nev, df.dim[DIM_TYPE].nev, "%s", quick);
        diagnosis_free(&df);
        diagnosis_free(&dq);
    }
}

Test(classify, shipped_forms_load_without_any_problem)
{
    const char *forms[] = { "forms/debrief.ini", "forms/quick.ini" };
    for (size_t i = 0; i < ARRAY_LEN(forms); i++) {
        problems p;
        problems_init(&p);
        form *f = form_load(tl_src(forms[i]), &p);
        cr_assert_not_null(f, "%s", forms[i]);
        cr_assert_eq(p.n, 0, "%s: %s", forms[i], p.n ? p.msg[0] : "");
        cr_assert_not_null(form_by_role(f, "own_reason"), "%s", forms[i]);
        cr_assert(form_by_role(f, "own_reason")->claim, "%s", forms[i]);
        form_free(f);
        problems_free(&p);
    }
}

/* A quick session continued as a full debrief keeps its diagnosis. */
Test(classify, quick_answers_continue_in_the_full_debrief)
{
    for (size_t i = 0; i < ARRAY_LEN(SEEDS); i++) {
        char quick[256];
        diagnosis d;
        case_path(quick, sizeof quick, "tests/cases", "quick_", SEEDS[i].name);
        diagnose_file("forms/debrief.ini", quick, &d);
        assert_seed(&d, &SEEDS[i], quick);
        diagnosis_free(&d);
    }
}

/* Every quick question is the debrief question of the same id, with the
 * same type and choice ids, so a quick session continues as a debrief. */
Test(classify, quick_form_is_a_subset_of_debrief)
{
    form *q = load_form("forms/quick.ini");
    form *d = load_form("forms/debrief.ini");
    cr_assert_str_eq(q->continues, d->id);
    cr_assert_leq(q->nquestions, 8);
    for (size_t i = 0; i < q->nquestions; i++) {
        const question *qq = &q->questions[i];
        const question *dq = form_question(d, qq->id);
        cr_assert_not_null(dq, "quick question %s not in debrief", qq->id);
        cr_assert_eq(qq->type, dq->type, "%s: type", qq->id);
        cr_assert_eq(qq->claim, dq->claim, "%s: claim", qq->id);
        cr_assert_eq(qq->nchoices, dq->nchoices, "%s: choices", qq->id);
        for (size_t c = 0; c < qq->nchoices; c++) {
            cr_assert_str_eq(qq->choices[c].id, dq->choices[c].id, "%s", qq->id);
            cr_assert_eq(qq->choices[c].nev, dq->choices[c].nev, "%s.%s",
                         qq->id, qq->choices[c].id);
            for (size_t e = 0; e < qq->choices[c].nev; e++) {
                const evidence *a = &qq->choices[c].ev[e], *b = &dq->choices[c].ev[e];
                cr_assert(a->dim == b->dim && a->value == b->value
                          && a->weight == b->weight, "%s.%s evidence %zu",
                          qq->id, qq->choices[c].id, e);
            }
        }
    }
    form_free(q);
    form_free(d);
}

/* Loads the debrief and an empty answer set for the hand-made cases. */
static form *debrief_and(answer_set *a)
{
    form *f = load_form("forms/debrief.ini");
    answers_init(a);
    return f;
}

Test(classify, mixed_cues_give_a_close_runner_up)
{
    answer_set a;
    form *f = debrief_and(&a);
    answers_put(&a, "reasons", "price,better_offer", false);
    answers_put(&a, "main_reason", "better_offer", false);
    answers_put(&a, "price_gap", "medium", false);
    diagnosis d;
    classify(f, &a, &d);
    const dim_result *t = &d.dim[DIM_TYPE];
    cr_assert_eq(t->computed, TYPE_PULLED_AWAY);
    cr_assert_eq(t->runner_up, TYPE_BOUGHT_AWAY);
    cr_assert(t->close);
    cr_assert_lt(t->confidence, 0.3);
    cr_assert_str_eq(confidence_word(t->confidence), "low");
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

Test(classify, clear_case_is_not_close)
{
    diagnosis d;
    diagnose_file("forms/debrief.ini", "tests/cases/bought_away.ini", &d);
    const dim_result *t = &d.dim[DIM_TYPE];
    cr_assert_not(t->close);
    if (t->runner_up >= 0)
        cr_assert_lt(t->score[t->runner_up], 0.75 * t->score[t->computed]);
    cr_assert_str_eq(confidence_word(t->confidence), "high");
    diagnosis_free(&d);
}

/* Equal scores: the value listed first in vocab.h wins, every time. */
Test(classify, ties_break_in_vocabulary_order)
{
    answer_set a;
    form *f = debrief_and(&a);
    answers_put(&a, "reasons", "failure,price", false);
    diagnosis d;
    classify(f, &a, &d);
    const dim_result *t = &d.dim[DIM_TYPE];
    cr_assert_float_eq(t->score[TYPE_BOUGHT_AWAY],
                       t->score[TYPE_UNINTENTIONALLY_PUSHED_AWAY], 1e-9);
    cr_assert_eq(t->computed, TYPE_BOUGHT_AWAY);
    cr_assert_eq(t->runner_up, TYPE_UNINTENTIONALLY_PUSHED_AWAY);
    cr_assert(t->close);
    cr_assert_float_eq(t->confidence, 0, 1e-9);
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

/* The salesperson says price; the incident shows our missed deliveries. */
static void put_missed_deliveries(answer_set *a)
{
    answers_put(a, "own_reason", "price", false);
    answers_put(a, "own_reason_text", "They found it cheaper elsewhere.", false);
    answers_put(a, "reasons", "price,failure", false);
    answers_put(a, "main_reason", "failure", false);
    answers_put(a, "price_gap", "small", false);
    answers_put(a, "satisfied", "no", false);
    answers_put(a, "failure", "yes", false);
    answers_put(a, "failure_kind", "delivery", false);
    answers_put(a, "failure_severity", "serious", false);
    answers_put(a, "failure_cause", "process", false);
    answers_put(a, "repeated_failure", "yes", false);
    answers_put(a, "responsible", "firm", false);
    answers_put(a, "recur", "likely", false);
    answers_put(a, "preventable", "yes", false);
}

Test(classify, own_reason_mismatch_is_explained)
{
    answer_set a;
    form *f = debrief_and(&a);
    put_missed_deliveries(&a);
    diagnosis d;
    classify(f, &a, &d);
    cr_assert_eq(d.dim[DIM_TYPE].computed, TYPE_UNINTENTIONALLY_PUSHED_AWAY);
    cr_assert_eq(d.dim[DIM_SOURCE].computed, SOURCE_FIRM);
    cr_assert_eq(d.claimed_type, TYPE_BOUGHT_AWAY);
    cr_assert_str_eq(d.claimed_label, "They found a cheaper price");
    cr_assert_str_eq(d.claimed_text, "They found it cheaper elsewhere.");
    cr_assert(d.mismatch);
    cr_assert_not_null(d.mismatch_text);
    const char *says[] = { "They found a cheaper price", "Unintentionally",
                           "went wrong", "Our firm", "discount" };
    for (size_t i = 0; i < ARRAY_LEN(says); i++)
        cr_assert_not_null(strstr(d.mismatch_text, says[i]), "'%s' not in: %s",
                           says[i], d.mismatch_text);
    /* The claim itself is never scored. */
    for (size_t i = 0; i < d.dim[DIM_TYPE].nev; i++)
        cr_assert_str_neq(d.dim[DIM_TYPE].ev[i].qid, "own_reason");
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

/* The claim is not scored: answering it differently changes no score. */
Test(classify, claim_is_never_scored)
{
    answer_set a;
    form *f = debrief_and(&a);
    put_missed_deliveries(&a);
    diagnosis d1, d2;
    classify(f, &a, &d1);
    answers_put(&a, "own_reason", "our_mistake", false);
    classify(f, &a, &d2);
    for (int v = 0; v < TYPE_COUNT; v++)
        cr_assert_float_eq(d1.dim[DIM_TYPE].score[v], d2.dim[DIM_TYPE].score[v], 1e-9);
    cr_assert_not(d2.mismatch);
    cr_assert_null(d2.mismatch_text);
    diagnosis_free(&d1);
    diagnosis_free(&d2);
    answers_free(&a);
    form_free(f);
}

/* A differing claim against a weak, split diagnosis is not a mismatch. */
Test(classify, no_mismatch_without_moderate_confidence)
{
    answer_set a;
    form *f = debrief_and(&a);
    answers_put(&a, "own_reason", "price", false);
    answers_put(&a, "reasons", "price,failure", false);
    answers_put(&a, "main_reason", "failure", false);
    diagnosis d;
    classify(f, &a, &d);
    cr_assert_eq(d.dim[DIM_TYPE].computed, TYPE_UNINTENTIONALLY_PUSHED_AWAY);
    cr_assert_lt(d.dim[DIM_TYPE].confidence, 0.3);
    cr_assert_not(d.mismatch);
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

/* Even with little evidence, a claimed reason that no incident answer
 * supports at all is flagged (the quick debrief case). */
Test(classify, mismatch_when_nothing_supports_the_claim)
{
    answer_set a;
    form *f = debrief_and(&a);
    answers_put(&a, "own_reason", "price", false);
    answers_put(&a, "reasons", "failure", false);
    answers_put(&a, "main_reason", "better_offer", false);
    diagnosis d;
    classify(f, &a, &d);
    cr_assert_eq(d.dim[DIM_TYPE].computed, TYPE_UNINTENTIONALLY_PUSHED_AWAY);
    cr_assert_eq(d.dim[DIM_TYPE].score[TYPE_BOUGHT_AWAY], 0.0);
    cr_assert(d.mismatch);
    cr_assert_not_null(strstr(d.mismatch_text, "over-blame price"));
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

/* Compares every score of two diagnoses. */
static bool same_scores(const diagnosis *x, const diagnosis *y)
{
    for (int dim = 0; dim < DIM_COUNT; dim++) {
        if (x->dim[dim].nev != y->dim[dim].nev)
            return false;
        for (int v = 0; v < VOCAB_MAX_VALUES; v++)
            if (fabs(x->dim[dim].score[v] - y->dim[dim].score[v]) > 1e-9)
                return false;
    }
    return true;
}

Test(classify, dont_know_carries_no_evidence)
{
    form *f = load_form("forms/debrief.ini");
    answer_set a;
    load_answers(f, "tests/cases/bought_away.ini", &a);
    diagnosis answered, unknown, missing;
    answers_put(&a, "satisfied", "yes", false);
    answers_put(&a, "buying_style", "on_price", false);
    classify(f, &a, &answered);
    answers_put(&a, "satisfied", "", true);
    answers_put(&a, "buying_style", "", true);
    classify(f, &a, &unknown);
    answers_remove(&a, "satisfied");
    answers_remove(&a, "buying_style");
    classify(f, &a, &missing);
    cr_assert(same_scores(&unknown, &missing));
    cr_assert_not(same_scores(&answered, &unknown));
    cr_assert_gt(answered.dim[DIM_TYPE].score[TYPE_BOUGHT_AWAY],
                 unknown.dim[DIM_TYPE].score[TYPE_BOUGHT_AWAY]);
    diagnosis_free(&answered);
    diagnosis_free(&unknown);
    diagnosis_free(&missing);
    answers_free(&a);
    form_free(f);
}

Test(classify, dont_know_claim_gives_no_claimed_type)
{
    answer_set a;
    form *f = debrief_and(&a);
    answers_put(&a, "own_reason", "", true);
    answers_put(&a, "reasons", "failure", false);
    diagnosis d;
    classify(f, &a, &d);
    cr_assert_eq(d.claimed_type, -1);
    cr_assert_null(d.claimed_label);
    cr_assert_not(d.mismatch);
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

/* The failure details hang on "did anything go wrong = yes": once that
 * answer is "no", answers left behind in them count for nothing. */
Test(classify, hidden_questions_are_ignored)
{
    form *f = load_form("forms/debrief.ini");
    answer_set a;
    load_answers(f, "tests/cases/unintentionally_pushed_away.ini", &a);
    answers_put(&a, "failure", "no", false);
    diagnosis hidden, removed;
    classify(f, &a, &hidden);
    const char *details[] = { "failure_kind", "failure_severity",
                              "failure_cause", "repeated_failure" };
    for (size_t i = 0; i < ARRAY_LEN(details); i++) {
        cr_assert_not_null(answers_get(&a, details[i]));
        answers_remove(&a, details[i]);
    }
    classify(f, &a, &removed);
    cr_assert(same_scores(&hidden, &removed));
    for (int dim = 0; dim < DIM_COUNT; dim++)
        for (size_t i = 0; i < hidden.dim[dim].nev; i++)
            cr_assert_str_neq(hidden.dim[dim].ev[i].qid, "failure_cause");
    diagnosis_free(&hidden);
    diagnosis_free(&removed);
    answers_free(&a);
    form_free(f);
}

Test(classify, evidence_items_name_question_answer_and_weight)
{
    diagnosis d;
    diagnose_file("forms/debrief.ini", "tests/cases/bought_away.ini", &d);
    const dim_result *t = &d.dim[DIM_TYPE];
    bool found = false;
    double sum = 0;
    for (size_t i = 0; i < t->nev; i++) {
        const diag_evidence *e = &t->ev[i];
        cr_assert(e->qid && e->prompt && e->answer && e->weight > 0);
        sum += e->weight;
        if (strcmp(e->qid, "reasons") == 0 && e->value == TYPE_BOUGHT_AWAY) {
            cr_assert_str_eq(e->answer, "A lower price elsewhere");
            cr_assert_str_eq(e->prompt, "Which of these played a part in their decision?");
            cr_assert_float_eq(e->weight, 3, 1e-9);
            found = true;
        }
    }
    cr_assert(found);
    cr_assert_float_eq(sum, t->total, 1e-9);
    diagnosis_free(&d);
}

Test(classify, deterministic)
{
    form *f = load_form("forms/debrief.ini");
    answer_set a;
    load_answers(f, "tests/cases/pulled_away.ini", &a);
    answers_put(&a, "own_reason", "price", false);
    diagnosis x, y;
    classify(f, &a, &x);
    classify(f, &a, &y);
    cr_assert(same_scores(&x, &y));
    for (int dim = 0; dim < DIM_COUNT; dim++) {
        cr_assert_eq(x.dim[dim].computed, y.dim[dim].computed);
        cr_assert_eq(x.dim[dim].runner_up, y.dim[dim].runner_up);
        cr_assert_eq(x.dim[dim].confidence, y.dim[dim].confidence);
        for (size_t i = 0; i < x.dim[dim].nev; i++)
            cr_assert_str_eq(x.dim[dim].ev[i].qid, y.dim[dim].ev[i].qid);
    }
    cr_assert_eq(x.mismatch, y.mismatch);
    if (x.mismatch_text)
        cr_assert_str_eq(x.mismatch_text, y.mismatch_text);
    diagnosis_free(&x);
    diagnosis_free(&y);
    answers_free(&a);
    form_free(f);
}

Test(classify, no_answers_no_diagnosis)
{
    answer_set a;
    form *f = debrief_and(&a);
    diagnosis d;
    classify(f, &a, &d);
    for (int dim = 0; dim < DIM_COUNT; dim++) {
        cr_assert_eq(d.dim[dim].computed, -1);
        cr_assert_eq(d.dim[dim].runner_up, -1);
        cr_assert_eq(d.dim[dim].final, -1);
        cr_assert_float_eq(d.dim[dim].confidence, 0, 1e-9);
        cr_assert_str_eq(confidence_word(d.dim[dim].confidence), "none");
    }
    cr_assert(d.low_evidence);
    cr_assert_not(d.mismatch);
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

Test(classify, override_and_clear)
{
    diagnosis d;
    diagnose_file("forms/debrief.ini", "tests/cases/moved_away.ini", &d);
    diagnosis_override(&d, DIM_TYPE, TYPE_PULLED_AWAY, "They left for a new strategy");
    cr_assert_eq(d.dim[DIM_TYPE].final, TYPE_PULLED_AWAY);
    cr_assert_eq(d.dim[DIM_TYPE].computed, TYPE_MOVED_AWAY);
    cr_assert_str_eq(d.dim[DIM_TYPE].override_reason, "They left for a new strategy");
    diagnosis_override(&d, DIM_TYPE, 99, "out of range");
    cr_assert_eq(d.dim[DIM_TYPE].final, TYPE_PULLED_AWAY);
    diagnosis_override(&d, DIM_TYPE, TYPE_MOVED_AWAY, "back");
    cr_assert_eq(d.dim[DIM_TYPE].final, TYPE_MOVED_AWAY);
    cr_assert_null(d.dim[DIM_TYPE].override_reason);
    diagnosis_override(&d, DIM_CONTROL, CONTROL_CONTROLLABLE, "We saw the kitchen plans");
    cr_assert_eq(d.dim[DIM_CONTROL].final, CONTROL_CONTROLLABLE);
    cr_assert_eq(d.dim[DIM_SOURCE].final, SOURCE_CUSTOMER);
    diagnosis_free(&d);
}

Test(classify, confidence_words)
{
    cr_assert_str_eq(confidence_word(0.9), "high");
    cr_assert_str_eq(confidence_word(0.6), "high");
    cr_assert_str_eq(confidence_word(0.45), "moderate");
    cr_assert_str_eq(confidence_word(0.1), "low");
    cr_assert_str_eq(confidence_word(0), "none");
}
