/* test_form.c - form.h: loading, validation messages and show-if logic. */
#include <criterion/criterion.h>
#include <glob.h>

#include "answers.h"
#include "form.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"

/* A valid form using every question type. */
static const char good_form[] =
    "; every type once\n"
    "[form]\n"
    "id = sample\n"
    "version = 3\n"
    "title = Sample debrief\n"
    "description = A form for the tests.\n"
    "continues = debrief\n"
    "sections = about, why\n"
    "\n"
    "[section.about]\n"
    "title = About\n"
    "intro = \"First; the account.\"\n"
    "\n"
    "[section.why]\n"
    "title = Why\n"
    "\n"
    "[q.customer]\n"                     /* line 17 */
    "section = about\n"
    "type = text\n"
    "prompt = Which customer?\n"
    "required = yes\n"
    "role = customer\n"
    "\n"
    "[q.years]\n"
    "section = about\n"
    "type = number\n"
    "prompt = Years as a customer?\n"
    "min = 0\n"
    "max = 100\n"
    "default = 2\n"
    "role = years_customer\n"
    "\n"
    "[q.revenue]\n"
    "section = about\n"
    "type = money\n"
    "prompt = Annual revenue?\n"
    "unit = EUR\n"
    "min = 0\n"
    "role = annual_revenue\n"
    "\n"
    "[q.share]\n"
    "section = about\n"
    "type = percent\n"
    "prompt = Share of our turnover?\n"
    "dontknow = yes\n"
    "\n"
    "[q.quality]\n"
    "section = about\n"
    "type = scale\n"
    "prompt = How good was the relationship?\n"
    "scale_low = very poor\n"
    "scale_high = excellent\n"
    "evidence.1 = stability:stable 0.5\n"
    "\n"
    "[q.lost_on]\n"
    "section = about\n"
    "type = date\n"
    "prompt = When was the account lost?\n"
    "\n"
    "[q.reason]\n"
    "section = why\n"
    "type = choice\n"
    "prompt = Why did they leave?\n"
    "choices = price, failure, moved\n"
    "choice.price = A lower price\n"
    "choice.failure = Our failure\n"
    "choice.moved = They moved away\n"
    "evidence.price = type:bought_away 3, source:competitor 2, stability:stable\n"
    "evidence.failure = type:unintentionally_pushed_away, \\\n"
    "    source:firm\n"
    "claim = yes\n"
    "default = Our failure\n"
    "\n"
    "[q.reasons]\n"
    "section = why\n"
    "type = multi\n"
    "prompt = What else played a part?\n"
    "choices = price, service, tech\n"
    "choice.price = Price\n"
    "choice.service = Service\n"
    "choice.tech = Technology\n"
    "dontknow = yes\n"
    "\n"
    "[q.repeated]\n"
    "section = why\n"
    "type = yesno\n"
    "prompt = Did it happen before?\n"
    "choice.unsure = Hard to say\n"
    "evidence.yes = stability:stable 2\n"
    "show_if = reason = failure\n"
    "\n"
    "[q.story]\n"
    "section = why\n"
    "type = narrative\n"
    "prompt = Tell the story.\n"
    "maxlen = 500\n"
    "show_if = reason = failure and repeated = yes or reasons has tech\n"
    "\n"
    "[q.big]\n"
    "section = why\n"
    "type = text\n"
    "prompt = Why were they so big?\n"
    "show_if = share >= 15 and years > 1\n"
    "\n"
    "[q.told]\n"
    "section = why\n"
    "type = text\n"
    "prompt = Who told you?\n"
    "show_if = share answered\n";

/* Loads text written to a temporary file; fails the test on problems. */
static form *load_text(const char *text, char **dir)
{
    *dir = tl_tmpdir();
    char *path = tl_write(*dir, "form.ini", text);
    problems p;
    problems_init(&p);
    form *f = form_load(path, &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_error("%s", p.msg[i]);
    cr_assert_not_null(f, "form did not load");
    cr_assert_eq(p.n, 0);
    problems_free(&p);
    free(path);
    return f;
}

static void done(form *f, char *dir)
{
    form_free(f);
    tl_rmtree(dir);
    free(dir);
}

Test(form, loads_header_sections_and_questions_in_order)
{
    char *dir;
    form *f = load_text(good_form, &dir);
    cr_assert_str_eq(f->id, "sample");
    cr_assert_str_eq(f->version, "3");
    cr_assert_str_eq(f->continues, "debrief");
    cr_assert_eq(f->nsections, 2);
    cr_assert_str_eq(f->sections[0].intro, "First; the account.");
    cr_assert_null(f->sections[1].intro);
    cr_assert_eq(f->nquestions, 12);
    cr_assert_str_eq(f->questions[0].id, "customer");
    cr_assert_eq(f->questions[0].line, 17);
    cr_assert(f->questions[0].required);
    cr_assert_eq(f->questions[0].maxlen, 200);
    cr_assert_eq(form_find(f, "reason"), 6);
    cr_assert_eq(form_question(f, "reason")->section, 1);
    cr_assert_eq(form_find(f, "nope"), -1);
    cr_assert_str_eq(form_by_role(f, "annual_revenue")->id, "revenue");
    cr_assert_null(form_by_role(f, "margin"));
    done(f, dir);
}

Test(form, choices_labels_and_evidence)
{
    char *dir;
    form *f = load_text(good_form, &dir);
    const question *q = form_question(f, "reason");
    cr_assert_eq(q->type, Q_CHOICE);
    cr_assert(q->claim);
    cr_assert_eq(q->nchoices, 3);
    cr_assert_eq(question_choice(q, "failure"), 1);
    cr_assert_str_eq(q->choices[1].label, "Our failure");
    cr_assert_str_eq(q->def, "failure"); /* label default made canonical */
    const choice *price = &q->choices[0];
    cr_assert_eq(price->nev, 3);
    cr_assert_eq(price->ev[0].dim, DIM_TYPE);
    cr_assert_eq(price->ev[0].value, TYPE_BOUGHT_AWAY);
    cr_assert_float_eq(price->ev[0].weight, 3.0, 1e-9);
    cr_assert_eq(price->ev[1].value, SOURCE_COMPETITOR);
    cr_assert_float_eq(price->ev[2].weight, 1.0, 1e-9);
    /* a continued line gives both items */
    cr_assert_eq(q->choices[1].nev, 2);
    cr_assert_eq(q->choices[1].ev[1].dim, DIM_SOURCE);
    cr_assert_eq(q->choices[1].ev[1].value, SOURCE_FIRM);
    cr_assert_eq(q->choices[2].nev, 0);
    done(f, dir);
}

Test(form, yesno_and_scale_get_synthesised_choices)
{
    char *dir;
    form *f = load_text(good_form, &dir);
    const question *yn = form_question(f, "repeated");
    cr_assert_eq(yn->nchoices, 3);
    cr_assert_str_eq(yn->choices[0].id, "yes");
    cr_assert_str_eq(yn->choices[0].label, "Yes");
    cr_assert_str_eq(yn->choices[1].label, "No");
    cr_assert_str_eq(yn->choices[2].id, "unsure");
    cr_assert_str_eq(yn->choices[2].label, "Hard to say");
    cr_assert_eq(yn->choices[0].nev, 1);
    cr_assert_float_eq(yn->choices[0].ev[0].weight, 2.0, 1e-9);
    const question *sc = form_question(f, "quality");
    cr_assert_eq(sc->nchoices, 5);
    cr_assert_str_eq(sc->choices[0].id, "1");
    cr_assert_str_eq(sc->choices[0].label, "1 - very poor");
    cr_assert_str_eq(sc->choices[2].label, "3");
    cr_assert_str_eq(sc->choices[4].label, "5 - excellent");
    cr_assert_eq(sc->choices[0].nev, 1);
    cr_assert_eq(sc->choices[0].ev[0].dim, DIM_STABILITY);
    cr_assert(sc->has_min && sc->has_max);
    done(f, dir);
}

Test(form, bounds_defaults_and_lengths)
{
    char *dir;
    form *f = load_text(good_form, &dir);
    const question *y = form_question(f, "years");
    cr_assert(y->has_min && y->has_max);
    cr_assert_float_eq(y->max, 100.0, 1e-9);
    cr_assert_str_eq(y->def, "2");
    const question *r = form_question(f, "revenue");
    cr_assert_str_eq(r->unit, "EUR");
    cr_assert(r->has_min);
    cr_assert_not(r->has_max);
    const question *s = form_question(f, "share");
    cr_assert(s->dontknow);
    cr_assert(s->has_min && s->has_max);
    cr_assert_float_eq(s->max, 100.0, 1e-9);
    cr_assert_eq(form_question(f, "story")->maxlen, 500);
    cr_assert_str_eq(form_question(f, "story")->show_if,
                     "reason = failure and repeated = yes or reasons has tech");
    done(f, dir);
}

/* ---- the bad-forms corpus: one problem each, exact message ------------- */

/* Loads tests/bad-forms/<file> and checks it fails with exactly the
 * problem "<path>:<line>: <msg>". */
static void expect_problem(const char *file, int line, const char *msg)
{
    char rel[256];
    snprintf(rel, sizeof rel, "tests/bad-forms/%s", file);
    char *path = xstrdup(tl_src(rel));
    problems p;
    problems_init(&p);
    form *f = form_load(path, &p);
    cr_assert_null(f, "%s loaded", file);
    char *want = xasprintf("%s:%d: %s", path, line, msg);
    for (size_t i = 0; i < p.n; i++)
        cr_log_info("%s", p.msg[i]);
    cr_assert_eq(p.n, 1, "%s: %zu problems", file, p.n);
    cr_assert_str_eq(p.msg[0], want);
    free(want);
    problems_free(&p);
    free(path);
}

Test(bad_forms, unknown_type)
{
    expect_problem("unknown-type.ini", 22, "question 'reason': unknown type 'choise' (text, "
                   "narrative, choice, multi, number, money, percent, date, scale, yesno)");
}

Test(bad_forms, show_if_names_unknown_question)
{
    expect_problem("showif-unknown.ini", 34,
                   "question 'detail': show_if: names unknown question 'raeson'");
}

Test(bad_forms, show_if_names_later_question)
{
    expect_problem("showif-later.ini", 19, "question 'customer': show_if: names question "
                   "'reason', which comes later (line 21); it must name an earlier question");
}

Test(bad_forms, show_if_value_not_a_choice)
{
    expect_problem("showif-value.ini", 34,
                   "question 'detail': show_if: 'cheap' is not a choice of 'reason'");
}

Test(bad_forms, show_if_syntax)
{
    expect_problem("showif-syntax.ini", 34,
                   "question 'detail': show_if: expected 'and' or 'or', found 'xor'");
}

Test(bad_forms, show_if_compares_a_choice)
{
    expect_problem("showif-compare-choice.ini", 34, "question 'detail': show_if: 'reason' is "
                   "a choice question; <, >, <= and >= need a number question");
}

Test(bad_forms, duplicate_question_id)
{
    expect_problem("duplicate-question.ini", 36,
                   "section [q.reason] is written twice (first at line 20)");
}

Test(bad_forms, duplicate_key)
{
    expect_problem("duplicate-key.ini", 24,
                   "key 'prompt' is written twice in [q.reason] (first at line 23)");
}

Test(bad_forms, choice_without_label)
{
    expect_problem("choice-no-label.ini", 24,
                   "question 'reason': choice 'failure' has no label (choice.failure)");
}

Test(bad_forms, weight_does_not_parse)
{
    expect_problem("bad-weight.ini", 27, "question 'reason': evidence.price: weight 'heavy' "
                   "of 'type:bought_away' is not a number from 0.1 to 10");
}

Test(bad_forms, weight_out_of_range)
{
    expect_problem("weight-range.ini", 27, "question 'reason': evidence.price: weight '20' "
                   "of 'type:bought_away' is not a number from 0.1 to 10");
}

Test(bad_forms, unknown_evidence_target)
{
    expect_problem("unknown-evidence.ini", 27, "question 'reason': evidence.price: unknown "
                   "evidence target 'type:bought_off'");
}

Test(bad_forms, evidence_of_unknown_choice)
{
    expect_problem("evidence-no-choice.ini", 28, "question 'reason': evidence.failures names "
                   "no choice: 'failures' is not one of the choices");
}

Test(bad_forms, byte_order_mark)
{
    expect_problem("bom.ini", 1, "file starts with a UTF-8 byte-order mark; save it without one");
}

Test(bad_forms, line_too_long)
{
    expect_problem("long-line.ini", 33, "line is longer than 1000 bytes (1144)");
}

Test(bad_forms, syntax_error)
{
    expect_problem("syntax-error.ini", 18, "syntax error: 'this line is not ini' is not a "
                   "[section], a key = value or a comment");
}

Test(bad_forms, trailing_backslash)
{
    expect_problem("trailing-backslash.ini", 35, "last line ends with '\\' but no line follows");
}

Test(bad_forms, invalid_utf8)
{
    expect_problem("invalid-utf8.ini", 12, "line is not valid UTF-8");
}

Test(bad_forms, empty_file)
{
    expect_problem("empty.ini", 1, "the file is empty; a form starts with a [form] section");
}

Test(bad_forms, missing_form_id)
{
    expect_problem("missing-form-id.ini", 2, "[form]: missing key 'id'");
}

Test(bad_forms, section_not_in_list)
{
    expect_problem("section-not-listed.ini", 36,
                   "[section.extra] is not listed in [form] sections");
}

Test(bad_forms, listed_section_missing)
{
    expect_problem("section-missing.ini", 6, "sections lists 'plan' but there is no [section.plan]");
}

Test(bad_forms, question_of_a_section_out_of_order)
{
    expect_problem("section-order.ini", 36, "question 'industry': section 'about' comes before "
                   "section 'why' in [form] sections, but this question comes after questions "
                   "of 'why'");
}

Test(bad_forms, unknown_key)
{
    expect_problem("unknown-key.ini", 23, "question 'reason': unknown key 'promt'");
}

Test(bad_forms, key_of_another_type)
{
    expect_problem("key-wrong-type.ini", 19,
                   "question 'customer': key 'min' does not apply to a text question");
}

Test(bad_forms, unknown_section)
{
    expect_problem("unknown-section.ini", 36, "unknown section [questions]; expected [form], "
                   "[section.<id>] or [q.<id>]");
}

Test(bad_forms, colon_in_section_name)
{
    expect_problem("colon-section.ini", 36, "section name [q.why:more] contains ':'");
}

Test(bad_forms, default_invalid_for_question)
{
    expect_problem("bad-default.ini", 42, "question 'years': default '150' is not valid: must "
                   "be a number between 0 and 100, not 150");
}

Test(bad_forms, min_greater_than_max)
{
    expect_problem("min-max.ini", 41, "question 'years': min 10 is greater than max 5");
}

Test(bad_forms, role_used_twice)
{
    expect_problem("duplicate-role.ini", 40, "question 'account': role 'customer' is already "
                   "given to question 'customer' (line 14)");
}

Test(bad_forms, role_of_wrong_type)
{
    expect_problem("role-type.ini", 18,
                   "question 'customer': role 'loss_date' needs a date question, not text");
}

Test(bad_forms, flag_not_yes_or_no)
{
    expect_problem("bad-yesno-flag.ini", 19,
                   "question 'customer': required must be yes or no, not 'maybe'");
}

Test(bad_forms, bad_question_id)
{
    expect_problem("bad-question-id.ini", 36, "question id 'why-not' in [q.why-not] must be "
                   "lower-case letters, digits and '_'");
}

Test(bad_forms, no_questions)
{
    expect_problem("no-questions.ini", 2, "the form has no questions ([q.<id>])");
}

/* Every file of the corpus is covered by a test above. */
Test(bad_forms, corpus_is_all_checked)
{
    glob_t g;
    cr_assert_eq(glob(tl_src("tests/bad-forms/*.ini"), 0, NULL, &g), 0);
    cr_assert_eq(g.gl_pathc, 34, "a new bad form needs its own test");
    globfree(&g);
}

Test(form, reports_every_problem_in_line_order)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "many.ini",
        "[form]\n"
        "id = Many\n"                         /* 2: bad id */
        "version = 1\n"
        "title = Many\n"
        "sections = a\n"
        "[section.a]\n"
        "title = A\n"
        "[q.one]\n"                           /* 8 */
        "section = a\n"
        "type = scale\n"
        "prompt = One?\n"
        "evidence.6 = type:moved_away\n"      /* 12: no such choice */
        "[q.two]\n"                           /* 13: no prompt */
        "section = b\n"                       /* 14: unknown section */
        "type = choice\n"
        "choices = x\n"                       /* 16: no label */
        "show_if = one > six\n");             /* 17: not a number */
    problems p;
    problems_init(&p);
    cr_assert_null(form_load(path, &p));
    const char *want[] = {
        "2: form id 'Many' must be lower-case letters, digits and '_'",
        "12: question 'one': evidence.6 names no choice: '6' is not one of the choices",
        "13: question 'two': missing key 'prompt'",
        "14: question 'two': section 'b' is not in [form] sections",
        "16: question 'two': choice 'x' has no label (choice.x)",
        "17: question 'two': show_if: 'six' is not a number",
    };
    cr_assert_eq(p.n, ARRAY_LEN(want));
    for (size_t i = 0; i < p.n; i++) {
        char *w = xasprintf("%s:%s", path, want[i]);
        cr_assert_str_eq(p.msg[i], w);
        free(w);
    }
    problems_free(&p);
    free(path);
    tl_rmtree(dir);
    free(dir);
}

Test(form, missing_file_is_reported)
{
    problems p;
    problems_init(&p);
    cr_assert_null(form_load("/nonexistent/winback/form.ini", &p));
    cr_assert_eq(p.n, 1);
    cr_assert_str_eq(p.msg[0], "/nonexistent/winback/form.ini: cannot read: "
                     "No such file or directory");
    problems_free(&p);
}

/* Every form shipped in the source tree loads without a problem. */
Test(form, shipped_forms_load)
{
    glob_t g;
    int rc = glob(tl_src("forms/*.ini"), 0, NULL, &g);
    if (rc == GLOB_NOMATCH)
        cr_skip_test("no forms in the source tree yet");
    cr_assert_eq(rc, 0);
    for (size_t i = 0; i < g.gl_pathc; i++) {
        problems p;
        problems_init(&p);
        form *f = form_load(g.gl_pathv[i], &p);
        for (size_t k = 0; k < p.n; k++)
            cr_log_error("%s", p.msg[k]);
        cr_expect_not_null(f, "%s does not load", g.gl_pathv[i]);
        cr_expect_eq(p.n, 0);
        cr_expect_gt(f ? f->nquestions : 0, 0);
        form_free(f);
        problems_free(&p);
    }
    globfree(&g);
}

/* ---- show_if evaluation ------------------------------------------------- */

static bool shown(const form *f, const char *qid, const answer_set *a)
{
    return form_visible(f, (size_t)form_find(f, qid), a);
}

Test(show_if, questions_without_condition_are_always_shown)
{
    char *dir;
    form *f = load_text(good_form, &dir);
    answer_set a;
    answers_init(&a);
    cr_assert(shown(f, "customer", &a));
    cr_assert(shown(f, "reason", &a));
    cr_assert(shown(f, "reason", NULL));
    cr_assert_not(form_visible(f, f->nquestions, &a)); /* out of range */
    answers_free(&a);
    done(f, dir);
}

Test(show_if, equality_on_a_choice)
{
    char *dir;
    form *f = load_text(good_form, &dir);
    answer_set a;
    answers_init(&a);
    cr_assert_not(shown(f, "repeated", &a)); /* unanswered: false */
    answers_put(&a, "reason", "price", false);
    cr_assert_not(shown(f, "repeated", &a));
    answers_put(&a, "reason", "failure", false);
    cr_assert(shown(f, "repeated", &a));
    answers_put(&a, "reason", "", true); /* don't know: false */
    cr_assert_not(shown(f, "repeated", &a));
    answers_free(&a);
    done(f, dir);
}

Test(show_if, and_binds_tighter_than_or_and_has)
{
    /* story: reason = failure and repeated = yes  or  reasons has tech */
    char *dir;
    form *f = load_text(good_form, &dir);
    answer_set a;
    answers_init(&a);
    answers_put(&a, "reason", "failure", false);
    cr_assert_not(shown(f, "story", &a));
    answers_put(&a, "repeated", "yes", false);
    cr_assert(shown(f, "story", &a));
    answers_put(&a, "repeated", "no", false);
    cr_assert_not(shown(f, "story", &a));
    answers_put(&a, "reasons", "price,tech", false);
    cr_assert(shown(f, "story", &a));  /* the or-branch alone */
    answers_put(&a, "reasons", "price,service", false);
    cr_assert_not(shown(f, "story", &a));
    answers_put(&a, "reason", "price", false);
    answers_put(&a, "repeated", "yes", false); /* repeated hidden now */
    cr_assert_not(shown(f, "repeated", &a));
    cr_assert_not(shown(f, "story", &a));
    answers_free(&a);
    done(f, dir);
}

Test(show_if, numeric_comparisons)
{
    /* big: share >= 15 and years > 1 */
    char *dir;
    form *f = load_text(good_form, &dir);
    answer_set a;
    answers_init(&a);
    answers_put(&a, "years", "2", false);
    cr_assert_not(shown(f, "big", &a));
    answers_put(&a, "share", "15", false);
    cr_assert(shown(f, "big", &a));
    answers_put(&a, "share", "14.5", false);
    cr_assert_not(shown(f, "big", &a));
    answers_put(&a, "share", "40", false);
    answers_put(&a, "years", "1", false);
    cr_assert_not(shown(f, "big", &a));
    answers_put(&a, "years", "1.5", false);
    cr_assert(shown(f, "big", &a));
    answers_free(&a);
    done(f, dir);
}

Test(show_if, dontknow_counts_as_answered_only_for_answered)
{
    /* told: share answered;  big: share >= 15 and years > 1 */
    char *dir;
    form *f = load_text(good_form, &dir);
    answer_set a;
    answers_init(&a);
    answers_put(&a, "years", "5", false);
    cr_assert_not(shown(f, "told", &a));
    answers_put(&a, "share", NULL, true);
    cr_assert(shown(f, "told", &a));
    cr_assert_not(shown(f, "big", &a));
    answers_remove(&a, "share");
    cr_assert_not(shown(f, "told", &a));
    answers_free(&a);
    done(f, dir);
}

/* A chain: c depends on b which depends on a; hiding b hides c. */
Test(show_if, hidden_questions_count_as_unanswered)
{
    char *dir;
    form *f = load_text(
        "[form]\nid = chain\nversion = 1\ntitle = Chain\nsections = s\n"
        "[section.s]\ntitle = S\n"
        "[q.a]\nsection = s\ntype = yesno\nprompt = A?\n"
        "[q.b]\nsection = s\ntype = multi\nprompt = B?\nchoices = x, y\n"
        "choice.x = X\nchoice.y = Y\nshow_if = a = yes\n"
        "[q.c]\nsection = s\ntype = text\nprompt = C?\nshow_if = b answered or b != x\n"
        "[q.d]\nsection = s\ntype = scale\nprompt = D?\nshow_if = a != yes and b = y\n",
        &dir);
    answer_set a;
    answers_init(&a);
    answers_put(&a, "a", "yes", false);
    answers_put(&a, "b", "x", false);
    cr_assert(shown(f, "c", &a));
    cr_assert_not(shown(f, "d", &a));
    answers_put(&a, "a", "no", false);      /* b hidden: its answer is ignored */
    cr_assert_not(shown(f, "b", &a));
    cr_assert_not(shown(f, "c", &a));
    answers_put(&a, "b", "x,y", false);
    cr_assert_not(shown(f, "d", &a));       /* b hidden, so "b = y" is false */
    answers_put(&a, "a", "yes", false);
    cr_assert(shown(f, "c", &a));
    cr_assert_not(shown(f, "d", &a));       /* a != yes fails */
    answers_free(&a);
    done(f, dir);
}
