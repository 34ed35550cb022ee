/* test_answers.c - answers.h: the answer set, validation and display. */
#include <criterion/criterion.h>

#include "answers.h"
#include "form.h"
#include "testlib.h"
#include "util.h"

/* One question of each type, loaded through the real form loader. */
static const char form_text[] =
    "[form]\nid = t\nversion = 1\ntitle = T\nsections = s\n"
    "[section.s]\ntitle = S\n"
    "[q.name]\nsection = s\ntype = text\nprompt = Name?\nrequired = yes\nmaxlen = 12\n"
    "[q.story]\nsection = s\ntype = narrative\nprompt = Story?\nmaxlen = 40\n"
    "[q.reason]\nsection = s\ntype = choice\nprompt = Why?\nchoices = price, failure, moved\n"
    "choice.price = A lower price\nchoice.failure = Our failure\nchoice.moved = Moved away\n"
    "[q.reasons]\nsection = s\ntype = multi\nprompt = What else?\nrequired = yes\n"
    "choices = price, service, tech\n"
    "choice.price = Price\nchoice.service = Service\nchoice.tech = Technology\n"
    "[q.years]\nsection = s\ntype = number\nprompt = Years?\nmin = 0\nmax = 100\nunit = years\n"
    "[q.count]\nsection = s\ntype = number\nprompt = How many?\n"
    "[q.revenue]\nsection = s\ntype = money\nprompt = Revenue?\nunit = EUR\nmin = 0\n"
    "[q.spend]\nsection = s\ntype = money\nprompt = Spend?\nunit = $\n"
    "[q.share]\nsection = s\ntype = percent\nprompt = Share?\n"
    "[q.lost]\nsection = s\ntype = date\nprompt = Lost on?\n"
    "[q.lostpast]\nsection = s\ntype = date\nprompt = Lost on?\npast = yes\n"
    "[q.quality]\nsection = s\ntype = scale\nprompt = Quality?\nscale_low = poor\n"
    "scale_high = great\n"
    "[q.again]\nsection = s\ntype = yesno\nprompt = Again?\n";

static form *F;

static void setup(void)
{
    problems p;
    problems_init(&p);
    F = form_load_mem(form_text, strlen(form_text), "answers.ini", &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_error("%s", p.msg[i]);
    cr_assert_not_null(F);
    problems_free(&p);
}

static void teardown(void)
{
    form_free(F);
}

/* Parses input for question qid and expects canonical want. */
static void ok(const char *qid, const char *input, const char *want)
{
    char *canon = NULL, *err = NULL;
    bool r = answer_parse(form_question(F, qid), input, &canon, &err);
    cr_assert(r, "%s: '%s' refused: %s", qid, input, err ? err : "");
    cr_assert_null(err);
    if (want)
        cr_assert_str_eq(canon, want, "%s: '%s'", qid, input);
    else
        cr_assert_null(canon);
    free(canon);
}

/* Parses input for qid and expects the error message want. */
static void bad(const char *qid, const char *input, const char *want)
{
    char *canon = NULL, *err = NULL;
    bool r = answer_parse(form_question(F, qid), input, &canon, &err);
    cr_assert_not(r, "%s: '%s' accepted as '%s'", qid, input, canon ? canon : "(null)");
    cr_assert_null(canon);
    cr_assert_str_eq(err, want);
    cr_assert_null(strchr(err, '\n'), "messages are one line");
    free(err);
}

TestSuite(answer_parse, .init = setup, .fini = teardown);

Test(answer_parse, required_and_optional_empty_answers)
{
    bad("name", "", "an answer is required");
    bad("name", "   \t ", "an answer is required");
    bad("reasons", " , ", "an answer is required");
    ok("story", "", NULL);
    ok("reason", "  ", NULL);
    ok("years", NULL, NULL);
}

Test(answer_parse, text_is_sanitised_and_limited)
{
    ok("name", "  Acme\x1b[31m Ltd ", "Acme Ltd");
    ok("name", "Zoë\nMüller", "Zoë Müller");
    bad("name", "Acme Holdings", "is too long: 13 bytes, at most 12");
    ok("story", "Line one\nLine two\n\n", "Line one\nLine two");
    bad("story", "This story is much longer than forty bytes in total",
        "is too long: 51 bytes, at most 40");
}

Test(answer_parse, choice_by_id_label_or_number)
{
    ok("reason", "failure", "failure");
    ok("reason", "FAILURE", "failure");
    ok("reason", "our failure", "failure");
    ok("reason", "1", "price");
    ok("reason", "3", "moved");
    bad("reason", "4", "'4' is not a choice; answer 1 to 3 or one of: price, failure, moved");
    bad("reason", "cheap", "'cheap' is not a choice; answer 1 to 3 or one of: price, "
        "failure, moved");
}

Test(answer_parse, multi_is_canonical_in_form_order)
{
    ok("reasons", "tech, price", "price,tech");
    ok("reasons", "3,1,3", "price,tech");
    ok("reasons", "Service", "service");
    bad("reasons", "price, speed", "'speed' is not a choice; answer 1 to 3 or one of: price, "
        "service, tech");
}

Test(answer_parse, numbers_with_bounds)
{
    ok("years", "12", "12");
    ok("years", "2.50", "2.5");
    ok("years", "7 years", "7");
    ok("years", "0", "0");
    ok("count", "-3", "-3");
    ok("count", "1,200,000", "1200000");
    bad("years", "101", "must be a number between 0 and 100, not 101");
    bad("years", "-1", "must be a number between 0 and 100, not -1");
    bad("years", "many", "must be a number between 0 and 100, not 'many'");
    bad("count", "1,5", "must be a number, not '1,5'");
    bad("count", "12abc", "must be a number, not '12abc'");
    bad("count", "inf", "must be a number, not 'inf'");
    bad("count", "1e20", "must be a number, not '1e20'");
}

Test(answer_parse, money_accepts_separators_suffixes_and_units)
{
    ok("revenue", "1,200", "1200");
    ok("revenue", "12.5k", "12500");
    ok("revenue", "1.2m", "1200000");
    ok("revenue", "1.2M", "1200000");
    ok("revenue", "EUR 5,000", "5000");
    ok("revenue", "5000 eur", "5000");
    ok("spend", "$1,500.50", "1500.5");
    ok("spend", "2k", "2000");
    bad("revenue", "-5", "must be a number of at least 0, not -5");
    bad("revenue", "lots", "must be a number of at least 0, not 'lots' "
        "(write e.g. 1200, 1,200 or 12.5k)");
    bad("revenue", "1,20", "must be a number of at least 0, not '1,20' "
        "(write e.g. 1200, 1,200 or 12.5k)");
}

Test(answer_parse, percent_is_0_to_100)
{
    ok("share", "15%", "15");
    ok("share", "15.5 %", "15.5");
    ok("share", "100", "100");
    bad("share", "150%", "must be a number between 0 and 100, not 150");
    bad("share", "-2", "must be a number between 0 and 100, not -2");
    bad("share", "half", "must be a number between 0 and 100, not 'half'");
}

Test(answer_parse, dates_must_be_real)
{
    ok("lost", "2024-02-29", "2024-02-29");
    ok("lost", " 2023-12-31 ", "2023-12-31");
    bad("lost", "2023-02-29", "'2023-02-29' is not a real date");
    bad("lost", "2023-13-01", "'2023-13-01' is not a real date");
    bad("lost", "31/12/2023", "'31/12/2023' is not a date; write it as YYYY-MM-DD, "
        "e.g. 2024-03-15");
}

Test(answer_parse, past_dates_refuse_the_future)
{
    char today[11], msg[128];
    today_date(today);
    ok("lostpast", today, today);
    ok("lostpast", "2001-01-01", "2001-01-01");
    ok("lost", "2999-01-01", "2999-01-01"); /* only with past = yes */
    snprintf(msg, sizeof msg, "2999-01-01 is in the future; this date must be today (%s) "
             "or earlier", today);
    bad("lostpast", "2999-01-01", msg);
}

Test(answer_parse, scale_1_to_5)
{
    ok("quality", "1", "1");
    ok("quality", "5", "5");
    ok("quality", "5 - great", "5");
    bad("quality", "6", "must be a whole number from 1 to 5, not '6'");
    bad("quality", "2.5", "must be a whole number from 1 to 5, not '2.5'");
}

Test(answer_parse, yesno_words_and_letters)
{
    ok("again", "y", "yes");
    ok("again", "YES", "yes");
    ok("again", "n", "no");
    ok("again", "No", "no");
    ok("again", "u", "unsure");
    ok("again", "unsure", "unsure");
    bad("again", "maybe", "answer yes, no or unsure, not 'maybe'");
}

Test(answer_parse, hostile_input_is_quoted_safely)
{
    char *canon = NULL, *err = NULL;
    cr_assert_not(answer_parse(form_question(F, "again"), "\x1b]0;pwned\x07%s%n\nx",
                               &canon, &err));
    cr_assert_str_eq(err, "answer yes, no or unsure, not '%s%n x'");
    free(err);
}

Test(answers, put_get_replace_remove)
{
    answer_set a;
    answers_init(&a);
    cr_assert_null(answers_get(&a, "x"));
    answers_put(&a, "x", "1", false);
    answers_put(&a, "y", "ignored", true);
    answers_put(&a, "z", "3", false);
    cr_assert_eq(a.n, 3);
    cr_assert_str_eq(answers_get(&a, "x")->value, "1");
    cr_assert(answers_get(&a, "y")->dontknow);
    cr_assert_str_eq(answers_get(&a, "y")->value, "");
    answers_put(&a, "x", "2", false);
    cr_assert_eq(a.n, 3);
    cr_assert_str_eq(answers_get(&a, "x")->value, "2");
    answers_remove(&a, "y");
    answers_remove(&a, "nope");
    cr_assert_eq(a.n, 2);
    cr_assert_null(answers_get(&a, "y"));
    cr_assert_str_eq(answers_get(&a, "z")->value, "3");
    answers_free(&a);
    cr_assert_eq(a.n, 0);
}

Test(answers, dontknow_inputs)
{
    cr_assert(answer_is_dontknow_input("?"));
    cr_assert(answer_is_dontknow_input(" DK "));
    cr_assert(answer_is_dontknow_input("Don't know"));
    cr_assert(answer_is_dontknow_input("dont know"));
    cr_assert(answer_is_dontknow_input("Unknown"));
    cr_assert_not(answer_is_dontknow_input("no"));
    cr_assert_not(answer_is_dontknow_input(""));
    cr_assert_not(answer_is_dontknow_input(NULL));
}

Test(answers, has_matches_whole_ids)
{
    cr_assert(answer_has("price,tech", "tech"));
    cr_assert(answer_has("price,tech", "price"));
    cr_assert(answer_has("price", "price"));
    cr_assert_not(answer_has("price,tech", "tec"));
    cr_assert_not(answer_has("prices", "price"));
    cr_assert_not(answer_has("", "price"));
    cr_assert_not(answer_has(NULL, "price"));
}

/* Displays the canonical value v of qid. */
static void shows(const char *qid, const char *v, bool dk, const char *want)
{
    answer a = {.qid = (char *)qid, .value = (char *)v, .dontknow = dk};
    char *s = answer_display(form_question(F, qid), &a);
    cr_assert_str_eq(s, want);
    free(s);
}

Test(answer_parse, display_uses_labels_and_units)
{
    shows("reason", "failure", false, "Our failure");
    shows("reasons", "price,tech", false, "Price, Technology");
    shows("quality", "1", false, "1 - poor");
    shows("again", "unsure", false, "Unsure");
    shows("years", "12", false, "12 years");
    shows("revenue", "1200000", false, "1,200,000 EUR");
    shows("spend", "1500.5", false, "$1,500.5");
    shows("share", "15", false, "15%");
    shows("lost", "2024-02-29", false, "2024-02-29");
    shows("share", "", true, "Don't know");
    shows("name", "", false, "");
    char *s = answer_display(form_question(F, "name"), NULL);
    cr_assert_str_eq(s, "");
    free(s);
}

/* "Which one weighed most?" only takes a reason that was ticked. */
Test(answer_check, choices_from_accepts_only_ticked_choices)
{
    problems p;
    problems_init(&p);
    form *f = form_load(tl_src("forms/debrief.ini"), &p);
    cr_assert_not_null(f);
    problems_free(&p);
    const question *q = form_question(f, "main_reason");
    cr_assert_str_eq(q->choices_from, "reasons");
    answer_set a;
    answers_init(&a);
    char *err = NULL;
    cr_assert(answer_check_with(f, q, "moved", &a, &err), "nothing ticked yet: no check");
    answers_put(&a, "reasons", "price,failure", false);
    cr_assert(answer_check_with(f, q, "failure", &a, &err));
    cr_assert_not(answer_check_with(f, q, "moved", &a, &err));
    cr_assert_not_null(strstr(err, "is not among the answers you ticked"), "%s", err);
    free(err);
    answers_free(&a);
    form_free(f);
}

Test(answer_check, choices_from_must_name_an_earlier_multi)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "f.ini",
        "[form]\nid = f\nversion = 1\ntitle = F\nsections = s\n[section.s]\ntitle = S\n"
        "[q.one]\nsection = s\ntype = choice\nprompt = One?\nchoices = a, b\n"
        "choice.a = A\nchoice.b = B\n"
        "[q.two]\nsection = s\ntype = choice\nprompt = Two?\nchoices = a\nchoice.a = A\n"
        "choices_from = one\n");
    problems p;
    problems_init(&p);
    cr_assert_null(form_load(path, &p));
    cr_assert_eq(p.n, 1);
    cr_assert_not_null(strstr(p.msg[0], "f.ini:21: question 'two': choices_from: 'one' is a "
                              "choice question, not multi"), "%s", p.msg[0]);
    problems_free(&p);
    tl_rmtree(dir);
    free(dir);
    free(path);
}
