/* test_badinput.c - bad input of every kind, through the real entry points.
 *
 * - tests/bad-input/config, tests/bad-input/answers, tests/bad-input/forms:
 *   one test per file, each checking the exact messages (file:line: what)
 *   that config_load, importer_read and form_load give, or, for the inputs
 *   that are accepted (CRLF, stripped control characters), what is kept;
 * - every input the fuzzers ever crashed on (tests/fuzz/regress/<target>/)
 *   replayed through the same entry point as its fuzz target;
 * - escape sequences and C0/C1 controls in user text: stripped on import
 *   and never in a rendered report, or the file is refused;
 * - SQL metacharacters and format directives through every text field of
 *   an import and of the later edits, into a real SQLite file: back byte
 *   for byte, and every table still there.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <glob.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "config.h"
#include "form.h"
#include "importer.h"
#include "plan.h"
#include "report.h"
#include "scenario.h"
#include "store.h"
#include "testlib.h"
#include "text.h"
#include "util.h"
#include "vocab.h"

static char *Dir; /* this test's temporary directory */

static void setup(void)
{
    Dir = tl_tmpdir();
    cr_assert_not_null(Dir);
    char *cfg = xasprintf("%s/config", Dir);
    setenv("XDG_CONFIG_HOME", cfg, 1); /* no user forms from the real home */
    setenv("XDG_DATA_HOME", cfg, 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1);
    setenv("USER", "tester", 1);
    free(cfg);
}

static void teardown(void)
{
    tl_rmtree(Dir);
    free(Dir);
}

TestSuite(bad_config, .init = setup, .fini = teardown);
TestSuite(bad_answers, .init = setup, .fini = teardown);
TestSuite(bad_input_forms, .init = setup, .fini = teardown);
TestSuite(fuzz_regress, .init = setup, .fini = teardown);
TestSuite(hostile_text, .init = setup, .fini = teardown);

/* ---- helpers ------------------------------------------------------------ */

/* Path of tests/bad-input/<kind>/<file> in the source tree.  Caller frees. */
static char *bad_path(const char *kind, const char *file)
{
    char *rel = xasprintf("tests/bad-input/%s/%s", kind, file);
    char *path = xstrdup(tl_src(rel));
    free(rel);
    return path;
}

/* Checks that probs holds exactly the messages path + each suffix of the
 * NULL-terminated list ap (":12: key: message" or ": message"), in order. */
static void check_messages(const char *path, const problems *probs, va_list ap)
{
    size_t n = 0;
    for (const char *s = va_arg(ap, const char *); s; s = va_arg(ap, const char *), n++) {
        cr_assert_lt(n, probs->n, "%s: expected message %zu is missing:\n  %s%s", path,
                     n + 1, path, s);
        char *want = xasprintf("%s%s", path, s);
        cr_assert_str_eq(probs->msg[n], want);
        free(want);
    }
    for (size_t i = n; i < probs->n; i++)
        cr_log_error("unexpected: %s", probs->msg[i]);
    cr_assert_eq(probs->n, n, "%s: %zu messages, expected %zu", path, probs->n, n);
}

/* config_load of tests/bad-input/config/<file> fails with exactly the
 * messages listed (NULL-terminated suffixes, see check_messages). */
static void expect_config(const char *file, ...)
{
    char *path = bad_path("config", file);
    config c;
    problems p;
    problems_init(&p);
    cr_assert_not(config_load(&c, path, &p), "%s was accepted", file);
    va_list ap;
    va_start(ap, file);
    check_messages(path, &p, ap);
    va_end(ap);
    config_free(&c);
    problems_free(&p);
    free(path);
}

/* importer_read of tests/bad-input/answers/<file> fails with exactly the
 * messages listed. */
static void expect_import(const char *file, ...)
{
    char *path = bad_path("answers", file);
    form *f = NULL;
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    bool training = false;
    problems p;
    problems_init(&p);
    cr_assert_eq(importer_read(path, &f, &a, &sp, &training, &p), -1, "%s was accepted", file);
    cr_assert_null(f);
    cr_assert_null(sp);
    va_list ap;
    va_start(ap, file);
    check_messages(path, &p, ap);
    va_end(ap);
    answers_free(&a);
    problems_free(&p);
    free(path);
}

/* form_load of tests/bad-input/forms/<file> fails with exactly the
 * messages listed. */
static void expect_form(const char *file, ...)
{
    char *path = bad_path("forms", file);
    problems p;
    problems_init(&p);
    form *f = form_load(path, &p);
    cr_assert_null(f, "%s loaded", file);
    va_list ap;
    va_start(ap, file);
    check_messages(path, &p, ap);
    va_end(ap);
    problems_free(&p);
    free(path);
}

/* Loads a config file that must be accepted without a message. */
static void load_config_ok(const char *file, config *c)
{
    char *path = bad_path("config", file);
    problems p;
    problems_init(&p);
    bool ok = config_load(c, path, &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_error("%s", p.msg[i]);
    cr_assert(ok, "%s was refused", file);
    cr_assert_eq(p.n, 0);
    problems_free(&p);
    free(path);
}

/* Reads an answers file that must be accepted; fills a (caller frees). */
static void read_answers_ok(const char *path, answer_set *a, char **sp)
{
    form *f = NULL;
    bool training = false;
    problems p;
    problems_init(&p);
    int rc = importer_read(path, &f, a, sp, &training, &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_error("%s", p.msg[i]);
    cr_assert_eq(rc, 0, "%s was refused", path);
    cr_assert_eq(p.n, 0);
    form_free(f);
    problems_free(&p);
}

/* Value of answer qid in a; fails the test when there is none. */
static const char *value_of(const answer_set *a, const char *qid)
{
    const answer *x = answers_get(a, qid);
    cr_assert_not_null(x, "no answer '%s'", qid);
    return x->value;
}

/* True when s holds a byte a terminal acts on: C0 other than newline and
 * tab, DEL, ESC, or a C1 control (UTF-8 encoded or raw). */
static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            return true;
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return true;
    }
    return false;
}

/* Number of files matching pattern (relative to the source tree). */
static size_t count_files(const char *pattern)
{
    glob_t g;
    size_t n = glob(tl_src(pattern), 0, NULL, &g) == 0 ? g.gl_pathc : 0;
    globfree(&g);
    return n;
}

/* ---- config files ------------------------------------------------------- */

Test(bad_config, empty_file_gives_the_defaults)
{
    config c;
    load_config_ok("empty.ini", &c);
    cr_assert_str_eq(c.user, "tester");
    cr_assert_str_eq(c.form, "debrief");
    cr_assert_eq(c.colour, COLOUR_AUTO);
    config_free(&c);
}

Test(bad_config, byte_order_mark)
{
    expect_config("bom.ini", ":1: file starts with a UTF-8 byte-order mark; save it without one",
                  NULL);
}

Test(bad_config, line_too_long)
{
    expect_config("long-line.ini", ":3: line is longer than 1000 bytes (1107)", NULL);
}

Test(bad_config, unterminated_quote_runs_to_the_end_of_the_line)
{
    config c;
    load_config_ok("unterminated-quote.ini", &c);
    cr_assert_str_eq(c.user, "Dana; Reyes"); /* the ';' is kept, not a comment */
    config_free(&c);
}

Test(bad_config, duplicate_key)
{
    expect_config("duplicate-key.ini",
                  ":10: key 'colour' is written twice in [display] (first at line 9)", NULL);
}

Test(bad_config, duplicate_section)
{
    expect_config("duplicate-section.ini", ":10: section [user] is written twice (first at "
                  "line 2)", NULL);
}

Test(bad_config, colour_and_color_together_the_first_wins)
{
    config c;
    load_config_ok("colour-and-color.ini", &c);
    cr_assert_eq(c.colour, COLOUR_NEVER); /* "colour = never" beats "color = always" */
    config_free(&c);
}

Test(bad_config, unknown_key)
{
    expect_config("unknown-key.ini", ":3: unknown setting 'user:nmae' (known: [user] name, "
                  "[wizard] form, [display] colour)", NULL);
}

Test(bad_config, unknown_section)
{
    expect_config("unknown-section.ini", ":11: unknown setting 'paths:db' (known: [user] name, "
                  "[wizard] form, [display] colour)", NULL);
}

Test(bad_config, unknown_colour_mode)
{
    expect_config("bad-colour.ini", ":9: colour must be auto, never or always, not 'purple'",
                  NULL);
}

Test(bad_config, huge_number_for_a_mode)
{
    expect_config("huge-number.ini", ":9: colour must be auto, never or always, not "
                  "'99999999999999999999'", NULL);
}

Test(bad_config, invalid_utf8)
{
    expect_config("invalid-utf8.ini", ":3: line is not valid UTF-8", NULL);
}

Test(bad_config, nul_byte)
{
    expect_config("nul-byte.ini", ":3: line contains a NUL byte", NULL);
}

Test(bad_config, binary_junk)
{
    char *path = bad_path("config", "binary-junk.ini");
    config c;
    problems p;
    problems_init(&p);
    cr_assert_not(config_load(&c, path, &p));
    cr_assert_geq(p.n, 1);
    char *first = xasprintf("%s:1: line is not valid UTF-8", path);
    cr_assert_str_eq(p.msg[0], first);
    char *prefix = xasprintf("%s:", path);
    for (size_t i = 0; i < p.n; i++) { /* every message located and printable */
        cr_assert(str_starts(p.msg[i], prefix), "%s", p.msg[i]);
        cr_assert(text_is_clean(p.msg[i], false), "unclean message %zu", i);
    }
    free(prefix);
    free(first);
    config_free(&c);
    problems_free(&p);
    free(path);
}

Test(bad_config, crlf_line_ends_are_accepted)
{
    config c;
    load_config_ok("crlf.ini", &c);
    cr_assert_str_eq(c.user, "Dana Reyes");
    cr_assert_str_eq(c.form, "quick");
    cr_assert_eq(c.colour, COLOUR_NEVER);
    config_free(&c);
}

Test(bad_config, section_named_like_a_key_cve_2023_33461)
{
    expect_config("colon-section.ini", ":10: section name [user:name] contains ':'", NULL);
}

Test(bad_config, control_characters_in_the_name_are_stripped)
{
    config c;
    load_config_ok("control-chars.ini", &c);
    cr_assert_str_eq(c.user, "Dana Reyes");
    config_free(&c);
}

Test(bad_config, escape_sequence_in_a_bad_value_is_not_echoed)
{
    expect_config("escape-in-value.ini", ":9: colour must be auto, never or always, not 'red'",
                  NULL);
}

Test(bad_config, escape_sequence_in_an_unknown_key_is_not_echoed)
{
    expect_config("escape-in-key.ini", ":10: unknown setting 'display:color_scheme' (known: "
                  "[user] name, [wizard] form, [display] colour)", NULL);
}

Test(bad_config, key_outside_any_section)
{
    expect_config("key-outside-section.ini", ":1: key 'name' is outside any [section]", NULL);
}

Test(bad_config, syntax_error)
{
    expect_config("syntax-error.ini", ":10: syntax error: 'this line is not ini' is not a "
                  "[section], a key = value or a comment", NULL);
}

Test(bad_config, unterminated_section_header)
{
    expect_config("unterminated-section.ini", ":10: syntax error: '[display' is not a "
                  "[section], a key = value or a comment", NULL);
}

Test(bad_config, trailing_backslash)
{
    expect_config("trailing-backslash.ini", ":9: last line ends with '\\' but no line follows",
                  NULL);
}

Test(bad_config, empty_section_name)
{
    expect_config("empty-section-name.ini", ":10: empty section name []", NULL);
}

Test(bad_config, a_long_name_is_kept_whole)
{
    config c;
    load_config_ok("long-name.ini", &c);
    cr_assert_eq(strlen(c.user), 879); /* 80 x "Dana Reyes ", trimmed: no limit */
    cr_assert(str_starts(c.user, "Dana Reyes Dana Reyes"));
    config_free(&c);
}

Test(bad_config, corpus_is_all_checked)
{
    cr_assert_eq(count_files("tests/bad-input/config/*.ini"), 25,
                 "a new bad config file needs its own test");
}

/* ---- answers files ------------------------------------------------------ */

Test(bad_answers, empty_file)
{
    expect_import("empty.ini", ": no [answers] section", NULL);
}

Test(bad_answers, no_answers_section)
{
    expect_import("no-answers.ini", ": no [answers] section", NULL);
}

Test(bad_answers, byte_order_mark)
{
    expect_import("bom.ini", ":1: file starts with a UTF-8 byte-order mark; save it without one",
                  NULL);
}

Test(bad_answers, line_too_long)
{
    expect_import("long-line.ini", ":9: line is longer than 1000 bytes (1100)", NULL);
}

Test(bad_answers, continued_value_too_long)
{
    expect_import("continued-too-long.ini",
                  ":9: value continued over lines 9-33 is longer than 1000 bytes", NULL);
}

Test(bad_answers, unterminated_quote_runs_to_the_end_of_the_line)
{
    char *path = bad_path("answers", "unterminated-quote.ini");
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    read_answers_ok(path, &a, &sp);
    cr_assert_str_eq(value_of(&a, "story"), "They left; for a cheaper offer.");
    answers_free(&a);
    free(sp);
    free(path);
}

Test(bad_answers, duplicate_key)
{
    expect_import("duplicate-key.ini",
                  ":14: key 'customer' is written twice in [answers] (first at line 7)", NULL);
}

Test(bad_answers, duplicate_section)
{
    expect_import("duplicate-section.ini",
                  ":14: section [answers] is written twice (first at line 6)", NULL);
}

Test(bad_answers, unknown_question)
{
    expect_import("unknown-question.ini",
                  ":14: custmer: no question with this id in form 'quick'", NULL);
}

Test(bad_answers, unknown_session_key)
{
    expect_import("unknown-session-key.ini", ":4: session.salesman: unknown key (known: form, "
                  "salesperson, training)", NULL);
}

Test(bad_answers, unknown_section)
{
    expect_import("unknown-section.ini",
                  ":14: unknown section [notes] (known: [session], [answers])", NULL);
}

Test(bad_answers, unknown_form)
{
    expect_import("unknown-form.ini", ":3: session.form: form 'quik' not found (looked for "
                  "quik.ini in the forms directories)", NULL);
}

Test(bad_answers, form_given_as_a_path_is_refused)
{
    expect_import("form-path.ini", ":3: session.form: form '../../etc/passwd' not found "
                  "(looked for ../../etc/passwd.ini in the forms directories)", NULL);
}

Test(bad_answers, invalid_utf8)
{
    expect_import("invalid-utf8.ini", ":9: line is not valid UTF-8", NULL);
}

Test(bad_answers, nul_byte)
{
    expect_import("nul-byte.ini", ":7: line contains a NUL byte", NULL);
}

Test(bad_answers, binary_junk)
{
    char *path = bad_path("answers", "binary-junk.ini");
    form *f = NULL;
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    bool tr;
    problems p;
    problems_init(&p);
    cr_assert_eq(importer_read(path, &f, &a, &sp, &tr, &p), -1);
    cr_assert_geq(p.n, 1);
    char *first = xasprintf("%s:1: line contains a NUL byte", path);
    cr_assert_str_eq(p.msg[0], first);
    char *prefix = xasprintf("%s:", path);
    for (size_t i = 0; i < p.n; i++) {
        cr_assert(str_starts(p.msg[i], prefix), "%s", p.msg[i]);
        cr_assert(text_is_clean(p.msg[i], false), "unclean message %zu", i);
    }
    free(prefix);
    free(first);
    answers_free(&a);
    problems_free(&p);
    free(path);
}

Test(bad_answers, crlf_line_ends_are_accepted_without_carriage_returns)
{
    char *path = bad_path("answers", "crlf.ini");
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    read_answers_ok(path, &a, &sp);
    cr_assert_eq(a.n, 7);
    for (size_t i = 0; i < a.n; i++)
        cr_assert_null(strchr(a.items[i].value, '\r'), "%s keeps a CR", a.items[i].qid);
    cr_assert_str_eq(value_of(&a, "customer"), "Northwind Timber");
    cr_assert_str_eq(sp, "Dana Reyes");
    answers_free(&a);
    free(sp);
    free(path);
}

Test(bad_answers, section_named_like_a_key_cve_2023_33461)
{
    expect_import("colon-section.ini", ":14: section name [answers:customer] contains ':'",
                  NULL);
}

Test(bad_answers, control_characters_in_answers_are_stripped)
{
    char *path = bad_path("answers", "control-chars.ini");
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    read_answers_ok(path, &a, &sp);
    cr_assert_str_eq(value_of(&a, "customer"), "Northwind Timber");
    cr_assert_str_eq(value_of(&a, "story"), "They left for a cheaper offer.");
    answers_free(&a);
    free(sp);
    free(path);
}

Test(bad_answers, escape_sequences_in_names_are_not_echoed)
{
    expect_import("escape-in-names.ini",
                  ":4: session.salesman: unknown key (known: form, salesperson, training)",
                  ":5: session.training: must be yes or no, not 'maybe'",
                  ":16: unknown section [notes] (known: [session], [answers])",
                  ":15: cust: no question with this id in form 'quick'", NULL);
}

Test(bad_answers, text_longer_than_its_limit)
{
    /* customer has maxlen 120 in forms/quick.ini; the refused answer also
     * counts as missing */
    expect_import("text-too-long.ini", ":7: customer: is too long: 139 bytes, at most 120",
                  ":6: customer: required answer missing (Which customer did we lose?)", NULL);
}

Test(bad_answers, huge_number)
{
    expect_import("huge-number.ini", ":13: annual_revenue: must be a number of at least 0, not "
                  "'99999999999999999999' (write e.g. 1200, 1,200 or 12.5k)", NULL);
}

Test(bad_answers, choice_that_is_not_a_choice)
{
    expect_import("bad-choice.ini", ":12: recur: 'sometimes' is not a choice; answer 1 to 3 or "
                  "one of: likely, possible, unlikely",
                  ":6: recur: required answer missing (If nothing changes, could the same "
                  "cause cost us this or another customer again?)", NULL);
}

Test(bad_answers, dont_know_where_it_is_not_accepted)
{
    expect_import("dontknow-refused.ini",
                  ":7: customer: \"don't know\" is not accepted for this question",
                  ":6: customer: required answer missing (Which customer did we lose?)", NULL);
}

Test(bad_answers, required_answer_missing)
{
    expect_import("required-missing.ini", ":6: story: required answer missing (Tell the story "
                  "of the loss, from the first sign to the last order.)", NULL);
}

Test(bad_answers, training_neither_yes_nor_no)
{
    expect_import("bad-training.ini", ":4: session.training: must be yes or no, not 'maybe'",
                  NULL);
}

Test(bad_answers, syntax_error)
{
    expect_import("syntax-error.ini", ":14: syntax error: 'this line is not ini' is not a "
                  "[section], a key = value or a comment", NULL);
}

Test(bad_answers, unterminated_section_header)
{
    expect_import("unterminated-section.ini", ":14: syntax error: '[notes' is not a [section], "
                  "a key = value or a comment", NULL);
}

Test(bad_answers, key_outside_any_section)
{
    expect_import("key-outside-section.ini", ":1: key 'customer' is outside any [section]", NULL);
}

Test(bad_answers, trailing_backslash)
{
    expect_import("trailing-backslash.ini", ":13: last line ends with '\\' but no line follows",
                  NULL);
}

Test(bad_answers, empty_section_name)
{
    expect_import("empty-section-name.ini", ":14: empty section name []", NULL);
}

Test(bad_answers, impossible_date)
{
    expect_import("bad-date.ini", ":13: loss_date: '2023-02-30' is not a real date", NULL);
}

Test(bad_answers, corpus_is_all_checked)
{
    cr_assert_eq(count_files("tests/bad-input/answers/*.ini"), 32,
                 "a new bad answers file needs its own test");
}

/* ---- forms: the kinds tests/bad-forms does not have --------------------- */

Test(bad_input_forms, binary_junk)
{
    char *path = bad_path("forms", "binary-junk.ini");
    problems p;
    problems_init(&p);
    cr_assert_null(form_load(path, &p));
    cr_assert_geq(p.n, 1);
    char *first = xasprintf("%s:1: line contains a NUL byte", path);
    cr_assert_str_eq(p.msg[0], first);
    for (size_t i = 0; i < p.n; i++)
        cr_assert(text_is_clean(p.msg[i], false), "unclean message %zu", i);
    free(first);
    problems_free(&p);
    free(path);
}

Test(bad_input_forms, nul_byte)
{
    expect_form("nul-byte.ini", ":17: line contains a NUL byte", NULL);
}

Test(bad_input_forms, huge_number)
{
    expect_form("huge-number.ini", ":41: question 'size': max '1e999' is not a number", NULL);
}

Test(bad_input_forms, maxlen_above_the_limit_of_text)
{
    expect_form("maxlen-too-big.ini",
                ":19: question 'customer': maxlen '9000' is not a whole number from 1 to 8000",
                NULL);
}

Test(bad_input_forms, continued_value_too_long)
{
    expect_form("continued-too-long.ini",
                ":33: value continued over lines 33-58 is longer than 1000 bytes", NULL);
}

Test(bad_input_forms, key_outside_any_section)
{
    expect_form("key-outside-section.ini", ":1: key 'id' is outside any [section]", NULL);
}

Test(bad_input_forms, empty_section_name)
{
    expect_form("empty-section-name.ini", ":36: empty section name []", NULL);
}

Test(bad_input_forms, unterminated_section_header)
{
    /* the keys after the broken header fall into the section before it */
    expect_form("unterminated-section.ini", ":30: syntax error: '[q.detail' is not a [section], "
                "a key = value or a comment",
                ":31: key 'section' is written twice in [q.reason] (first at line 21)",
                ":32: key 'type' is written twice in [q.reason] (first at line 22)",
                ":33: key 'prompt' is written twice in [q.reason] (first at line 23)", NULL);
}

/* Loads tests/bad-input/forms/<file>, which must load.  Caller frees. */
static form *load_form_ok(const char *file)
{
    char *path = bad_path("forms", file);
    problems p;
    problems_init(&p);
    form *f = form_load(path, &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_error("%s", p.msg[i]);
    cr_assert_not_null(f, "%s did not load", file);
    problems_free(&p);
    free(path);
    return f;
}

Test(bad_input_forms, unterminated_quote_runs_to_the_end_of_the_line)
{
    form *f = load_form_ok("unterminated-quote.ini");
    cr_assert_str_eq(form_question(f, "detail")->prompt, "What happened; and why?");
    form_free(f);
}

Test(bad_input_forms, crlf_line_ends_are_accepted)
{
    form *f = load_form_ok("crlf.ini");
    cr_assert_str_eq(f->title, "Tiny debrief");
    cr_assert_str_eq(form_question(f, "customer")->prompt, "Which customer?");
    cr_assert_str_eq(form_question(f, "reason")->choices[1].label, "Our failure");
    form_free(f);
}

Test(bad_input_forms, control_characters_in_prompts_and_labels_are_stripped)
{
    form *f = load_form_ok("control-chars.ini");
    cr_assert_str_eq(form_question(f, "customer")->prompt, "Which customer?");
    cr_assert_str_eq(form_question(f, "reason")->choices[1].label, "Our failure");
    form_free(f);
}

Test(bad_input_forms, corpus_is_all_checked)
{
    cr_assert_eq(count_files("tests/bad-input/forms/*.ini"), 11,
                 "a new bad form needs its own test");
}

/* ---- the fuzzers' regression inputs ------------------------------------- */

/* Reads a whole file.  Caller frees. */
static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "%s", path);
    strbuf sb;
    sb_init(&sb);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_addn(&sb, buf, n);
    fclose(fp);
    *len = sb.len;
    return sb_take(&sb);
}

/* Runs one input through the entry point of fuzz target `target`. */
static void replay(const char *target, const char *path, const library *lib)
{
    problems p;
    problems_init(&p);
    bool loaded;
    if (strcmp(target, "fuzz_form") == 0) {
        size_t len;
        char *data = slurp(path, &len);
        form *f = form_load_mem(data, len, path, &p);
        loaded = f != NULL;
        form_free(f);
        free(data);
    } else if (strcmp(target, "fuzz_config") == 0) {
        config c;
        loaded = config_load(&c, path, &p);
        cr_assert(text_is_clean(c.user, false));
        config_free(&c);
    } else if (strcmp(target, "fuzz_answers") == 0) {
        form *f = NULL;
        answer_set a;
        answers_init(&a);
        char *sp = NULL;
        bool tr;
        loaded = importer_read(path, &f, &a, &sp, &tr, &p) == 0;
        form_free(f);
        answers_free(&a);
        free(sp);
    } else if (strcmp(target, "fuzz_scenario") == 0) {
        size_t len;
        char *data = slurp(path, &len);
        scenario *s = scenario_load_mem(data, len, path, lib, &p);
        loaded = s != NULL;
        scenario_free(s);
        free(data);
    } else {
        cr_assert_fail("tests/fuzz/regress/%s: no fuzz target of that name", target);
        return;
    }
    cr_assert(loaded || p.n > 0, "%s: refused without a reason", path);
    problems_free(&p);
}

Test(fuzz_regress, every_input_that_once_crashed_runs_clean)
{
    problems lp;
    problems_init(&lp);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    library *lib = library_load(acts, tl_src("share/rules.ini"), &lp);
    free(acts);
    cr_assert_not_null(lib);
    problems_free(&lp);
    char *root = xstrdup(tl_src("tests/fuzz/regress"));
    DIR *d = opendir(root);
    cr_assert_not_null(d, "%s is missing", root);
    size_t files = 0;
    for (struct dirent *t; (t = readdir(d));) {
        if (t->d_name[0] == '.')
            continue;
        char *pattern = xasprintf("%s/%s/*", root, t->d_name);
        glob_t g;
        if (glob(pattern, 0, NULL, &g) == 0)
            for (size_t i = 0; i < g.gl_pathc; i++, files++)
                replay(t->d_name, g.gl_pathv[i], lib);
        globfree(&g);
        free(pattern);
    }
    closedir(d);
    cr_assert_geq(files, 3, "the regression corpus is gone");
    library_free(lib);
    free(root);
}

/* ---- escape sequences and controls in user text ------------------------- */

/* Writes an answers file for forms/debrief.ini into Dir from the lines
 * given (NULL-terminated); returns its path (caller frees). */
static char *write_answers(const char *name, ...)
{
    strbuf sb;
    sb_init(&sb);
    va_list ap;
    va_start(ap, name);
    for (const char *l = va_arg(ap, const char *); l; l = va_arg(ap, const char *)) {
        sb_add(&sb, l);
        sb_addc(&sb, '\n');
    }
    va_end(ap);
    char *path = tl_write(Dir, name, sb_str(&sb));
    sb_free(&sb);
    return path;
}

/* The hostile answers: CSI (colour, clear screen), OSC (window title,
 * clipboard write, hyperlink) ended by BEL and by ST, C0 controls, DEL and
 * UTF-8 encoded C1 controls (CSI 0x9b, OSC 0x9d).  Values holding ';' are
 * quoted: unquoted, INI would cut them there. */
#define HOSTILE_SESSION \
    "[session]", "form = debrief", "salesperson = Dana\x1b[1m Reyes\x1b[0m\x07"
#define HOSTILE_ANSWERS \
    "[answers]", \
    "customer = \"North\x1b[31mwind\x1b[0m Timber\x1b]0;pwned\x07\"", \
    "industry = \"Timber\x1b]52;c;ZXZpbA==\x07 trade\"", \
    "products = \"Beams\x1b[2J\x1b[H and \x1b]8;;http://x.example\x1b\\boards\x1b]8;;\x1b\\\"", \
    "decision_makers = \"Helen\xc2\x9b" "2J Park\xc2\x9d" "0;x\x07\"", \
    "own_reason = price", \
    "story = Line one\x01\x02\\nLine\x7f two\x1b[A\x1b[K", \
    "reasons = price", \
    "responsible = competitor", "recur = possible", "preventable = partly"

Test(hostile_text, control_sequences_are_stripped_on_import)
{
    char *path = write_answers("hostile.ini", HOSTILE_SESSION, HOSTILE_ANSWERS, NULL);
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    read_answers_ok(path, &a, &sp);
    cr_assert_str_eq(sp, "Dana Reyes");
    cr_assert_str_eq(value_of(&a, "customer"), "Northwind Timber");
    cr_assert_str_eq(value_of(&a, "industry"), "Timber trade");
    cr_assert_str_eq(value_of(&a, "products"), "Beams and boards");
    /* a C1 introducer goes; what followed it is harmless text and stays */
    cr_assert_str_eq(value_of(&a, "decision_makers"), "Helen2J Park0;x");
    cr_assert_str_eq(value_of(&a, "story"), "Line one\nLine two");
    for (size_t i = 0; i < a.n; i++)
        cr_assert(text_is_clean(a.items[i].value, true), "%s kept a control", a.items[i].qid);
    answers_free(&a);
    free(sp);
    free(path);
}

Test(hostile_text, raw_c1_bytes_are_refused_as_invalid_utf8)
{
    /* a raw 0x9b (8-bit CSI) is not UTF-8: the file is refused, not cleaned */
    char *path = write_answers("c1.ini", "[session]", "form = quick", "[answers]",
                               "customer = North\x9b" "2Jwind", NULL);
    form *f = NULL;
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    bool tr;
    problems p;
    problems_init(&p);
    cr_assert_eq(importer_read(path, &f, &a, &sp, &tr, &p), -1);
    cr_assert_eq(p.n, 1);
    char *want = xasprintf("%s:4: line is not valid UTF-8", path);
    cr_assert_str_eq(p.msg[0], want);
    free(want);
    answers_free(&a);
    problems_free(&p);
    free(path);
}

/* Opens a store in Dir and the shipped library. */
static store *open_store(library **lib)
{
    char *db = xasprintf("%s/winback.db", Dir);
    char *err = NULL;
    store *st = store_open(db, 0, &err);
    cr_assert_not_null(st, "store_open: %s", err ? err : "?");
    free(db);
    problems p;
    problems_init(&p);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    *lib = library_load(acts, tl_src("share/rules.ini"), &p);
    free(acts);
    cr_assert_not_null(*lib);
    problems_free(&p);
    return st;
}

/* Imports path into st; returns the session id. */
static int64_t import_ok(store *st, const library *lib, const char *path)
{
    problems p;
    problems_init(&p);
    int64_t id = 0;
    int rc = importer_run(st, lib, path, "tester", &id, &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_error("%s", p.msg[i]);
    cr_assert_eq(rc, 0, "import of %s failed", path);
    problems_free(&p);
    return id;
}

Test(hostile_text, no_control_sequence_reaches_a_rendered_report)
{
    char *path = write_answers("hostile.ini", HOSTILE_SESSION, HOSTILE_ANSWERS, NULL);
    library *lib;
    store *st = open_store(&lib);
    int64_t id = import_ok(st, lib, path);
    session_doc doc;
    char *err = NULL;
    cr_assert_eq(report_load(st, id, &doc, &err), STORE_OK, "%s", err ? err : "?");
    cr_assert_str_eq(doc.info.account, "Northwind Timber");
    cr_assert_str_eq(doc.info.salesperson, "Dana Reyes");
    const int formats[] = {REPORT_TEXT, REPORT_MARKDOWN, REPORT_JSON, REPORT_TSV};
    for (size_t i = 0; i < ARRAY_LEN(formats); i++) {
        char *out = report_render(&doc, lib, formats[i]);
        cr_assert_not_null(out);
        cr_assert_not(has_control(out), "format %d carries a control:\n%s", formats[i], out);
        cr_assert_null(strstr(out, "pwned"), "an OSC payload leaked (format %d)", formats[i]);
        cr_assert_null(strstr(out, "ZXZpbA=="), "a clipboard write leaked (format %d)",
                       formats[i]);
        cr_assert_not_null(strstr(out, "Northwind Timber"), "format %d", formats[i]);
        free(out);
    }
    report_free(&doc);
    store_close(st);
    library_free(lib);
    free(path);
}

/* ---- SQL metacharacters and format directives --------------------------- */

/* Strings that break SQL built by pasting, or printf given user text. */
static const char *const Nasty[] = {
    "'",
    "--",
    "'); DROP TABLE sessions;--",
    "%s%n%x%p",
    "Robert'); DROP TABLE answers; --",
    "1' OR '1'='1",
    "\"; DELETE FROM changes; --",
    "x'||(SELECT group_concat(sql) FROM sqlite_master)||'",
    "O'Brien & Sons -- %d",
    "%%n%%s \\' OR 1=1 /*",
    "; ATTACH DATABASE '/tmp/x.db' AS x; --",
    "?1 ?2 :name @p $v",
};

/* An INI line "key = value" that gives back value exactly: quoted with
 * the quote character value does not hold.  Caller frees. */
static char *ini_line(const char *key, const char *value)
{
    char q = strchr(value, '"') ? '\'' : '"';
    cr_assert_null(strchr(value, q), "cannot quote %s", value);
    return xasprintf("%s = %c%s%c", key, q, value, q);
}

/* Table names of the database at path, sorted, joined by ",".  Caller
 * frees.  Also checks PRAGMA integrity_check. */
static char *tables_of(const char *db)
{
    sqlite3 *h;
    cr_assert_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *s;
    cr_assert_eq(sqlite3_prepare_v2(h, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                       "ORDER BY name", -1, &s, NULL), SQLITE_OK);
    strbuf sb;
    sb_init(&sb);
    while (sqlite3_step(s) == SQLITE_ROW)
        sb_addf(&sb, "%s%s", sb.len ? "," : "", (const char *)sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    cr_assert_eq(sqlite3_prepare_v2(h, "PRAGMA integrity_check", -1, &s, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
    cr_assert_str_eq((const char *)sqlite3_column_text(s, 0), "ok");
    sqlite3_finalize(s);
    sqlite3_close(h);
    return sb_take(&sb);
}

/* Writes Dir/nasty.ini: the answers of share/examples/<example>.ini with
 * every shown text and narrative question answered with a nasty string
 * (recorded in *want, which the caller frees with answers_free), and a
 * nasty salesperson.  Returns the path (caller frees). */
static char *nasty_answers_file(const char *example, answer_set *want, const char **sp)
{
    char *rel = xasprintf("share/examples/%s.ini", example);
    char *src = xstrdup(tl_src(rel));
    free(rel);
    form *f = NULL;
    answer_set a;
    answers_init(&a);
    char *orig_sp = NULL;
    bool tr;
    problems p;
    problems_init(&p);
    cr_assert_eq(importer_read(src, &f, &a, &orig_sp, &tr, &p), 0, "%s", src);
    problems_free(&p);
    free(orig_sp);
    free(src);
    *sp = Nasty[2];
    strbuf sb;
    sb_init(&sb);
    char *spl = ini_line("salesperson", *sp);
    sb_addf(&sb, "[session]\nform = %s\n%s\n[answers]\n", f->id, spl);
    free(spl);
    size_t k = 0;
    for (size_t i = 0; i < f->nquestions; i++) {
        const question *q = &f->questions[i];
        bool text = q->type == Q_TEXT || q->type == Q_NARRATIVE;
        if (text && form_visible(f, i, &a)) {
            const char *v = Nasty[k++ % ARRAY_LEN(Nasty)];
            answers_put(want, q->id, v, false);
            answers_put(&a, q->id, v, false);
        }
        const answer *x = answers_get(&a, q->id);
        if (!x)
            continue;
        char *line = x->dontknow ? xasprintf("%s = ?", q->id)
                   : text ? ini_line(q->id, x->value) : xasprintf("%s = %s", q->id, x->value);
        sb_addf(&sb, "%s\n", line);
        free(line);
    }
    cr_assert_geq(k, 8, "too few text questions to be a real test");
    char *path = tl_write(Dir, "nasty.ini", sb_str(&sb));
    sb_free(&sb);
    answers_free(&a);
    form_free(f);
    return path;
}

/* The edits after an import, each with nasty text: an outcome note, an
 * override reason (and who), a checklist item's owner.  Returns the id of
 * the item edited (caller frees). */
static const char *const Note = "O'Brien \"quoted\"; DROP TABLE changes; -- %s%n";
#define REASON Nasty[4]
#define OWNER Nasty[0]
#define WHO Nasty[3]

static char *nasty_edits(store *st, int64_t id, const char *sp)
{
    char *err = NULL;
    cr_assert_eq(store_outcome_set(st, id, OUTCOME_TRYING, "2024-05-01", Note, sp, &err),
                 STORE_OK, "%s", err ? err : "?");
    cr_assert_eq(store_override(st, id, DIM_TYPE, TYPE_PULLED_AWAY, REASON, WHO, &err),
                 STORE_OK, "%s", err ? err : "?");
    plan pl;
    plan_init(&pl);
    cr_assert_eq(store_plan_load(st, id, &pl, &err), STORE_OK);
    cr_assert_gt(pl.nitems, 0);
    free(pl.items[0].owner);
    pl.items[0].owner = xstrdup(OWNER);
    cr_assert_eq(store_plan_item_update(st, id, &pl.items[0], sp, &err), STORE_OK);
    char *item_id = xstrdup(pl.items[0].id);
    plan_free(&pl);
    return item_id;
}

/* Checks that session id holds, byte for byte, what was written. */
static void check_stored(store *st, int64_t id, const answer_set *want, const char *sp,
                         const char *item_id)
{
    session_info info;
    cr_assert_eq(store_session_get(st, id, &info, NULL), STORE_OK);
    cr_assert_str_eq(info.salesperson, sp);
    cr_assert_str_eq(info.account, value_of(want, "customer"));
    cr_assert_str_eq(info.outcome_note, Note);
    session_info_free(&info);
    answer_set got;
    answers_init(&got);
    cr_assert_eq(store_answers_load(st, id, &got, NULL), STORE_OK);
    for (size_t i = 0; i < want->n; i++)
        cr_assert_str_eq(value_of(&got, want->items[i].qid), want->items[i].value, "%s",
                         want->items[i].qid);
    answers_free(&got);
    plan pl;
    plan_init(&pl);
    cr_assert_eq(store_plan_load(st, id, &pl, NULL), STORE_OK);
    size_t found = 0;
    for (size_t i = 0; i < pl.nitems; i++)
        if (strcmp(pl.items[i].id, item_id) == 0 && ++found)
            cr_assert_str_eq(pl.items[i].owner, OWNER);
    cr_assert_eq(found, 1);
    plan_free(&pl);
    change *ch;
    size_t nch, overrides = 0;
    cr_assert_eq(store_changes(st, id, &ch, &nch, NULL), STORE_OK);
    for (size_t i = 0; i < nch; i++)
        if (strcmp(ch[i].kind, "override") == 0 && ++overrides) {
            cr_assert_str_eq(ch[i].reason, REASON);
            cr_assert_str_eq(ch[i].who, WHO);
        }
    cr_assert_eq(overrides, 1);
    change_list_free(ch, nch);
}

Test(hostile_text, sql_and_format_strings_in_every_text_field_come_back_unchanged)
{
    library *lib;
    store *st = open_store(&lib);
    char *db = xasprintf("%s/winback.db", Dir);
    char *tables = tables_of(db);
    answer_set want;
    answers_init(&want);
    const char *sp;
    char *path = nasty_answers_file("bought_away", &want, &sp);
    int64_t id = import_ok(st, lib, path);
    char *item_id = nasty_edits(st, id, sp);
    check_stored(st, id, &want, sp, item_id);
    store_close(st);
    /* nothing dropped, nothing added, the file is sound */
    char *after = tables_of(db);
    cr_assert_str_eq(after, tables);
    cr_assert_not_null(strstr(after, "sessions"));
    cr_assert_not_null(strstr(after, "answers"));
    free(after);
    free(tables);
    free(item_id);
    answers_free(&want);
    library_free(lib);
    free(path);
    free(db);
}
