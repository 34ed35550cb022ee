/* test_report.c - importing answers files and rendering sessions.
 *
 * Every test works on a real SQLite file in its own temporary directory,
 * with the shipped form (forms/debrief.ini, found via WINBACK_DATADIR set to
 * the source tree), the shipped activity library and the worked examples in
 * share/examples.  Failures are provoked for real: a read-only store and a
 * trigger that makes the plan write fail half-way through an import.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "importer.h"
#include "plan.h"
#include "report.h"
#include "store.h"
#include "jsonlib.h"
#include "testlib.h"
#include "text.h"
#include "util.h"
#include "vocab.h"

static char *Dir;      /* this test's temporary directory */
static char *Db;       /* Dir/winback.db */
static library *L;
static store *S;

static const char *const Examples[] = {
    "bought_away", "pulled_away", "unintentionally_pushed_away", "moved_away",
    "intentionally_pushed_away",
};

static void print_problems(const problems *probs)
{
    for (size_t i = 0; i < probs->n; i++)
        fprintf(stderr, "  %s\n", probs->msg[i]);
}

static void setup(void)
{
    Dir = tl_tmpdir();
    cr_assert_not_null(Dir);
    char *cfg = xasprintf("%s/config", Dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);  /* no user forms from the real home */
    setenv("XDG_DATA_HOME", cfg, 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1); /* forms/ sits at the top */
    free(cfg);
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    L = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    print_problems(&probs);
    problems_free(&probs);
    cr_assert_not_null(L);
    Db = xasprintf("%s/winback.db", Dir);
    char *err = NULL;
    S = store_open(Db, 0, &err);
    cr_assert_not_null(S, "store_open: %s", err ? err : "?");
}

static void teardown(void)
{
    store_close(S);
    library_free(L);
    tl_rmtree(Dir);
    free(Dir);
    free(Db);
}

TestSuite(report, .init = setup, .fini = teardown);

/* ---- helpers ------------------------------------------------------------ */

/* Imports a shipped example and returns the new session id. */
static int64_t import_example(const char *name)
{
    char *rel = xasprintf("share/examples/%s.ini", name);
    char *path = xstrdup(tl_src(rel));
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    int rc = importer_run(S, L, path, "tester", &id, &probs);
    print_problems(&probs);
    cr_assert_eq(rc, 0, "importing %s failed", path);
    cr_assert_eq(probs.n, 0);
    cr_assert_gt(id, 0);
    problems_free(&probs);
    free(path);
    free(rel);
    return id;
}

static size_t count_sessions(void)
{
    session_info *list = NULL;
    size_t n = 0;
    cr_assert_eq(store_session_list(S, &list, &n, NULL), STORE_OK);
    session_list_free(list, n);
    return n;
}

/* Rows in a table, read through a separate connection. */
static long count_rows(const char *table)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(Db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    char *sql = xasprintf("SELECT count(*) FROM %s", table);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    free(sql);
    return n;
}

static void exec_sql(const char *sql)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(Db, &db), SQLITE_OK);
    char *msg = NULL;
    int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
    cr_assert_eq(rc, SQLITE_OK, "%s: %s", sql, msg ? msg : "");
    sqlite3_close(db);
}

static char *render(int64_t id, int format)
{
    session_doc doc;
    char *err = NULL;
    int rc = report_load(S, id, &doc, &err);
    cr_assert_eq(rc, STORE_OK, "report_load: %s", err ? err : "?");
    char *out = report_render(&doc, L, format);
    report_free(&doc);
    return out;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

/* True when some problem message starts with prefix. */
static bool has_problem(const problems *probs, const char *prefix)
{
    for (size_t i = 0; i < probs->n; i++)
        if (strncmp(probs->msg[i], prefix, strlen(prefix)) == 0)
            return true;
    return false;
}

Test(report, json_validator_rejects_broken_documents)
{
    cr_assert(json_valid("{\"a\":[1,2.5,-3e2,true,null,\"x\\n\\u001b\"]}"));
    cr_assert_not(json_valid("{\"a\":[1,2}"));
    cr_assert_not(json_valid("{\"a\":\"raw\nnewline\"}"));
    cr_assert_not(json_valid("{\"a\":\"bad \\q escape\"}"));
    cr_assert_not(json_valid("{\"a\" 1}"));
    cr_assert_not(json_valid("[1,]"));
    cr_assert_not(json_valid("[\"\xff\"]"));
    cr_assert_not(json_valid("{} {}"));
}

/* ---- import --------------------------------------------------------------- */

Test(report, each_example_imports_as_a_finished_session_of_its_type)
{
    for (size_t i = 0; i < ARRAY_LEN(Examples); i++) {
        int64_t id = import_example(Examples[i]);
        session_info info;
        cr_assert_eq(store_session_get(S, id, &info, NULL), STORE_OK);
        cr_assert_eq(info.status, SESSION_FINISHED, "%s", Examples[i]);
        cr_assert_eq(info.type_final, vocab_value_find(DIM_TYPE, Examples[i]),
                     "%s was classified as %s", Examples[i],
                     vocab_value_id(DIM_TYPE, info.type_final));
        cr_assert_geq(info.priority_final, 0, "%s has no priority", Examples[i]);
        cr_assert_not_null(info.account, "%s: account name not set", Examples[i]);
        session_info_free(&info);
        session_doc doc;
        cr_assert_eq(report_load(S, id, &doc, NULL), STORE_OK);
        cr_assert(doc.has_diag && doc.has_plan, "%s", Examples[i]);
        cr_assert_gt(doc.plan.nacts, 0, "%s: plan without activities", Examples[i]);
        cr_assert_gt(doc.plan.nitems, 0, "%s: plan without checklist", Examples[i]);
        cr_assert_eq(doc.diag.dim[DIM_TYPE].final, vocab_value_find(DIM_TYPE, Examples[i]));
        report_free(&doc);
    }
    cr_assert_eq(count_sessions(), ARRAY_LEN(Examples));
}

Test(report, import_lists_every_error_and_creates_nothing)
{
    char *path = tl_write(Dir, "bad.ini",
                          "[session]\n"                  /* 1 */
                          "form = debrief\n"             /* 2 */
                          "[answers]\n"                  /* 3 */
                          "customer = Acme Ltd\n"        /* 4 */
                          "years_customer = lots\n"      /* 5 bad number */
                          "favourite_colour = blue\n"    /* 6 unknown question */
                          "buying_style = bribes\n"      /* 7 unknown choice */
                          "own_reason_text = ?\n"        /* 8 don't know refused */
                          "went_where = in_house\n"      /* 9 */
                          "went_to = Northside\n"        /* 10 hidden by show_if */
                          "own_reason = price\n"
                          "reasons = price\n"
                          "responsible = competitor\n"
                          "recur = likely\n"
                          "preventable = no\n");         /* story missing */
    import_example("moved_away");
    size_t before = count_sessions();
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    cr_assert_eq(importer_run(S, L, path, "tester", &id, &probs), -1);
    print_problems(&probs);
    const char *want[] = {":5: years_customer:", ":6: favourite_colour:", ":7: buying_style:",
                          ":8: own_reason_text:", ":10: went_to:", ":3: story:"};
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        char *prefix = xasprintf("%s%s", path, want[i]);
        cr_assert(has_problem(&probs, prefix), "no problem starting with %s", prefix);
        free(prefix);
    }
    cr_assert_eq(probs.n, ARRAY_LEN(want), "unexpected extra problems");
    cr_assert_eq(count_sessions(), before);
    problems_free(&probs);
    free(path);
}

Test(report, import_reports_a_missing_file_and_an_unknown_form)
{
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    char *missing = xasprintf("%s/nope.ini", Dir);
    cr_assert_eq(importer_run(S, L, missing, "tester", &id, &probs), -1);
    cr_assert_gt(probs.n, 0);
    cr_assert_not_null(strstr(probs.msg[0], "nope.ini"), "%s", probs.msg[0]);
    problems_free(&probs);
    problems_init(&probs);
    char *path = tl_write(Dir, "f.ini", "[session]\nform = no_such_form\n[answers]\n"
                                        "customer = X\n");
    cr_assert_eq(importer_run(S, L, path, "tester", &id, &probs), -1);
    cr_assert_gt(probs.n, 0);
    cr_assert_not_null(strstr(probs.msg[0], "no_such_form"), "%s", probs.msg[0]);
    char *prefix = xasprintf("%s:2: session.form:", path);
    cr_assert(str_starts(probs.msg[0], prefix), "%s", probs.msg[0]);
    free(prefix);
    cr_assert_eq(count_sessions(), 0);
    problems_free(&probs);
    free(path);
    free(missing);
}

Test(report, import_keeps_narrative_newlines_and_dontknow)
{
    char *path = tl_write(Dir, "ok.ini",
                          "[session]\nsalesperson = Zoë Field\ntraining = yes\n"
                          "[answers]\ncustomer = Acme Ltd\nmargin = ?\n"
                          "story = First line\\nsecond line\n"
                          "own_reason = price\nreasons = price\nresponsible = competitor\n"
                          "recur = likely\npreventable = no\n");
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    int rc = importer_run(S, L, path, "tester", &id, &probs);
    print_problems(&probs);
    cr_assert_eq(rc, 0);
    session_doc doc;
    cr_assert_eq(report_load(S, id, &doc, NULL), STORE_OK);
    cr_assert_str_eq(doc.info.salesperson, "Zoë Field");
    cr_assert(doc.info.training);
    const answer *story = answers_get(&doc.answers, "story");
    cr_assert_not_null(story);
    cr_assert_str_eq(story->value, "First line\nsecond line");
    const answer *margin = answers_get(&doc.answers, "margin");
    cr_assert(margin && margin->dontknow);
    report_free(&doc);
    problems_free(&probs);
    free(path);
}

Test(report, import_into_a_read_only_store_changes_nothing)
{
    import_example("bought_away");
    store_close(S);
    char *err = NULL;
    S = store_open(Db, STORE_READ_ONLY, &err);
    cr_assert_not_null(S, "%s", err ? err : "?");
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    cr_assert_eq(importer_run(S, L, tl_src("share/examples/moved_away.ini"), "tester", &id,
                              &probs), -1);
    cr_assert_eq(probs.n, 1);
    cr_assert_not_null(strstr(probs.msg[0], "not imported"), "%s", probs.msg[0]);
    problems_free(&probs);
    cr_assert_eq(count_rows("sessions"), 1);
}

Test(report, import_failing_half_way_leaves_nothing_behind)
{
    exec_sql("CREATE TRIGGER boom BEFORE INSERT ON plan_items "
             "BEGIN SELECT RAISE(ABORT, 'disk trouble'); END");
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    cr_assert_eq(importer_run(S, L, tl_src("share/examples/pulled_away.ini"), "tester", &id,
                              &probs), -1);
    print_problems(&probs);
    cr_assert_eq(probs.n, 1);
    problems_free(&probs);
    const char *tables[] = {"sessions", "answers", "changes", "diagnosis", "plan",
                            "plan_activities", "plan_items"};
    for (size_t i = 0; i < ARRAY_LEN(tables); i++)
        cr_assert_eq(count_rows(tables[i]), 0, "%s has rows left", tables[i]);
    exec_sql("DROP TRIGGER boom");
    int64_t again = import_example("pulled_away"); /* the store is usable afterwards */
    cr_assert_gt(again, 0);
    cr_assert_eq(count_sessions(), 1);
}

/* ---- rendering ------------------------------------------------------------ */

/* Every checklist item sits between the heading of its justice dimension
 * and the next heading. */
static void check_grouping(const char *out, const plan *p, const char *pre, const char *post)
{
    const char *head[JUSTICE_COUNT + 1];
    for (int j = 0; j < JUSTICE_COUNT; j++) {
        char *h = xasprintf("%s%s%s", pre, justice_label(j), post);
        head[j] = strstr(out, h);
        cr_assert_not_null(head[j], "no heading '%s'", h);
        free(h);
    }
    head[JUSTICE_COUNT] = out + strlen(out);
    for (size_t i = 0; i < p->nitems; i++) {
        int j = p->items[i].justice;
        char *seg = xstrndup(head[j], (size_t)(head[j + 1] - head[j]));
        char *t = text_sanitize(p->items[i].text, false);
        cr_assert_not_null(strstr(seg, t), "item '%s' not under %s", t, justice_label(j));
        free(t);
        free(seg);
    }
}

/* The parts every text-like rendering must show. */
static void check_render(int64_t id, int format, const char *pre, const char *post)
{
    session_doc doc;
    cr_assert_eq(report_load(S, id, &doc, NULL), STORE_OK);
    char *out = report_render(&doc, L, format);
    const diagnosis *d = &doc.diag;
    cr_assert_not_null(strstr(out, vocab_value_label(DIM_TYPE, d->dim[DIM_TYPE].final)));
    cr_assert_not_null(strstr(out, priority_label(d->priority_final)));
    cr_assert_not_null(strstr(out, "Hollis Building Contractors"));
    cr_assert_not_null(strstr(out, "Our commitment"));
    cr_assert_not_null(strstr(out, "The customer's new needs"));
    for (size_t i = 0; i < doc.plan.nacts; i++) {
        const activity *a = library_activity(L, doc.plan.acts[i].id);
        cr_assert_not_null(a);
        cr_assert_not_null(strstr(out, a->title), "activity %s missing", a->title);
    }
    check_grouping(out, &doc.plan, pre, post);
    free(out);
    report_free(&doc);
}

Test(report, text_shows_diagnosis_priority_plan_and_grouped_checklist)
{
    int64_t id = import_example("bought_away");
    check_render(id, REPORT_TEXT, "Checklist, ", ":");
}

Test(report, markdown_shows_diagnosis_priority_plan_and_grouped_checklist)
{
    int64_t id = import_example("bought_away");
    check_render(id, REPORT_MARKDOWN, "### Checklist: ", "");
    char *md = render(id, REPORT_MARKDOWN);
    cr_assert(str_starts(md, "# "));
    cr_assert_not_null(strstr(md, "\n## Diagnosis\n"));
    cr_assert_not_null(strstr(md, "\n## Win-back plan\n"));
    free(md);
}

Test(report, json_of_an_imported_session_is_valid)
{
    int64_t id = import_example("unintentionally_pushed_away");
    char *js = render(id, REPORT_JSON);
    cr_assert(json_valid(js), "invalid JSON:\n%s", js);
    cr_assert_not_null(strstr(js, "\"type\":\"unintentionally_pushed_away\""));
    cr_assert_not_null(strstr(js, "\"checklist\":[{"));
    free(js);
}

/* A session written straight into the store with hostile text in it. */
static int64_t hostile_session(const char *account, const char *story)
{
    problems probs;
    problems_init(&probs);
    form *f = report_open_form("debrief", &probs);
    cr_assert_not_null(f);
    problems_free(&probs);
    int64_t id;
    cr_assert_eq(store_session_new(S, f->id, f->version, "Dana \"D\" Reyes", false, &id, NULL),
                 STORE_OK);
    cr_assert_eq(store_session_set_account(S, id, account, NULL), STORE_OK);
    cr_assert_eq(store_answer_put(S, id, "customer", account, false, "t", NULL), STORE_OK);
    cr_assert_eq(store_answer_put(S, id, "story", story, false, "t", NULL), STORE_OK);
    form_free(f);
    return id;
}

Test(report, json_escapes_quotes_backslashes_newlines_and_controls)
{
    int64_t id = hostile_session("A\"B\\C\nD\tE\x01" "F\x1b[2J\x7f", "one\r\ntwo");
    char *js = render(id, REPORT_JSON);
    cr_assert(json_valid(js), "invalid JSON:\n%s", js);
    cr_assert_not_null(strstr(js, "\"account\":\"A\\\"B\\\\C\\nD\\tE\\u0001F\\u001b[2J\\u007f\""),
                       "%s", js);
    cr_assert_not_null(strstr(js, "\"salesperson\":\"Dana \\\"D\\\" Reyes\""));
    cr_assert_not_null(strstr(js, "\"one\\r\\ntwo\""));
    cr_assert_null(strchr(js, '\x1b'));
    cr_assert_eq(strchr(js, '\n'), js + strlen(js) - 1, "raw newline inside the document");
    cr_assert_not_null(strstr(js, "\"diagnosis\":null"));
    free(js);
}

Test(report, json_escapes_c1_controls_and_replaces_invalid_utf8)
{
    /* U+009B is an 8-bit CSI; \xff is not UTF-8 at all. */
    int64_t id = hostile_session("ACME\xc2\x9b" "2J \xff end", "Zoë ok");
    char *js = render(id, REPORT_JSON);
    cr_assert(json_valid(js), "invalid JSON:\n%s", js);
    cr_assert_null(strstr(js, "\xc2\x9b"));
    cr_assert_not_null(strstr(js, "ACME\\u009b2J \\ufffd end"), "%s", js);
    cr_assert_not_null(strstr(js, "Zoë ok"));
    free(js);
}

Test(report, text_and_markdown_never_carry_escape_sequences)
{
    int64_t id = hostile_session("ACME\x1b[2J\x1b]0;pwned\x07\xc2\x9b" "31m",
                                 "Line\x1b[31m red\nnext\x08line");
    int formats[] = {REPORT_TEXT, REPORT_MARKDOWN};
    for (size_t i = 0; i < ARRAY_LEN(formats); i++) {
        char *out = render(id, formats[i]);
        cr_assert(text_is_clean(out, true), "unclean output:\n%s", out);
        cr_assert_not_null(strstr(out, "ACME"));
        cr_assert_null(strstr(out, "pwned"), "OSC payload leaked");
        cr_assert_not_null(strstr(out, "Not classified yet."));
        free(out);
    }
}

Test(report, overrides_are_applied_on_load_and_shown_with_their_reason)
{
    int64_t id = import_example("bought_away");
    int computed_prio;
    session_doc doc;
    cr_assert_eq(report_load(S, id, &doc, NULL), STORE_OK);
    computed_prio = doc.diag.priority;
    cr_assert_eq(doc.diag.dim[DIM_TYPE].override_reason, NULL);
    report_free(&doc);
    int prio = (computed_prio + 1) % PRIORITY_COUNT;
    cr_assert_eq(store_override(S, id, DIM_TYPE, TYPE_MOVED_AWAY, "They relocated the yard",
                                "lead", NULL), STORE_OK);
    cr_assert_eq(store_override(S, id, DIM_COUNT, prio, "Board decision", "lead", NULL),
                 STORE_OK);
    cr_assert_eq(report_load(S, id, &doc, NULL), STORE_OK);
    const dim_result *t = &doc.diag.dim[DIM_TYPE];
    cr_assert_eq(t->computed, TYPE_BOUGHT_AWAY);
    cr_assert_eq(t->final, TYPE_MOVED_AWAY);
    cr_assert_str_eq(t->override_reason, "They relocated the yard");
    cr_assert_eq(doc.diag.priority, computed_prio);
    cr_assert_eq(doc.diag.priority_final, prio);
    cr_assert_str_eq(doc.diag.priority_override_reason, "Board decision");
    char *txt = report_render(&doc, L, REPORT_TEXT);
    cr_assert_not_null(strstr(txt, "They relocated the yard"));
    cr_assert_not_null(strstr(txt, "computed: Bought away"), "%s", txt);
    cr_assert_not_null(strstr(txt, priority_label(prio)));
    cr_assert_not_null(strstr(txt, "Board decision"));
    char *js = report_render(&doc, L, REPORT_JSON);
    cr_assert(json_valid(js));
    cr_assert_not_null(strstr(js, "\"computed\":\"bought_away\",\"final\":\"moved_away\""));
    free(js);
    free(txt);
    report_free(&doc);
    session_info info;
    cr_assert_eq(store_session_get(S, id, &info, NULL), STORE_OK);
    cr_assert_eq(info.type_final, TYPE_MOVED_AWAY);
    session_info_free(&info);
}

/* ---- lists ------------------------------------------------------------------- */

/* Every session (real and training) through the browser's query. */
static char *render_list(int format, size_t *n)
{
    query_filter f;
    query_filter_init(&f);
    f.training = QUERY_ALL;
    query_row *rows = NULL;
    int64_t total = 0;
    cr_assert_eq(query_count(S, &f, &total, NULL), STORE_OK);
    cr_assert_eq(query_page(S, &f, QC_DATE, true, 0, 100, &rows, n, NULL), STORE_OK);
    cr_assert_eq((int64_t)*n, total);
    char *out = report_rows(rows, *n, total, format);
    query_rows_free(rows, *n);
    query_filter_free(&f);
    return out;
}

Test(report, list_tsv_has_a_header_and_one_row_per_session)
{
    import_example("bought_away");
    import_example("moved_away");
    hostile_session("Tab\there\nand newline", "x");
    size_t n;
    char *tsv = render_list(REPORT_TSV, &n);
    cr_assert_eq(n, 3);
    cr_assert(str_starts(tsv, "id\t"));
    cr_assert_eq(count_of(tsv, "\n"), n + 1, "%s", tsv);
    size_t tabs = 0, row = 0;
    for (const char *line = tsv; *line; row++) {
        const char *end = strchr(line, '\n');
        size_t t = 0;
        for (const char *c = line; c < end; c++)
            t += *c == '\t';
        if (row == 0)
            tabs = t;
        cr_assert_eq(t, tabs, "row %zu has %zu fields, the header %zu", row, t + 1, tabs + 1);
        line = end + 1;
    }
    cr_assert_eq(tabs, 10);
    cr_assert_not_null(strstr(tsv, "\tmoved_away\t"));
    cr_assert_not_null(strstr(tsv, "\tbought_away\t"));
    free(tsv);
}

Test(report, list_json_is_an_array_of_every_session)
{
    size_t n;
    char *js = render_list(REPORT_JSON, &n);
    cr_assert_eq(n, 0);
    cr_assert(json_valid(js), "%s", js);
    cr_assert_eq(js[0], '[');
    free(js);
    import_example("pulled_away");
    hostile_session("Q\"uote\x1b[0m", "x");
    js = render_list(REPORT_JSON, &n);
    cr_assert(json_valid(js), "%s", js);
    cr_assert_eq(count_of(js, "\"uuid\":"), n);
    cr_assert_not_null(strstr(js, "\"type\":\"pulled_away\""));
    free(js);
}

Test(report, list_text_is_clean)
{
    hostile_session("ACME\x1b[2J", "x");
    size_t n;
    char *txt = render_list(REPORT_TEXT, &n);
    cr_assert(text_is_clean(txt, true), "%s", txt);
    cr_assert_not_null(strstr(txt, "ACME"));
    free(txt);
}

Test(report, format_names)
{
    cr_assert_eq(report_format_find("text"), REPORT_TEXT);
    cr_assert_eq(report_format_find("json"), REPORT_JSON);
    cr_assert_eq(report_format_find("md"), REPORT_MARKDOWN);
    cr_assert_eq(report_format_find("markdown"), REPORT_MARKDOWN);
    cr_assert_eq(report_format_find("tsv"), REPORT_TSV);
    cr_assert_eq(report_format_find("xml"), -1);
    cr_assert_eq(report_format_find(NULL), -1);
}

Test(report, open_form_refuses_paths)
{
    problems probs;
    problems_init(&probs);
    cr_assert_null(report_open_form("../forms/debrief", &probs));
    cr_assert_eq(probs.n, 1);
    problems_free(&probs);
}

Test(report, json_ids_are_exact_integers)
{
    exec_sql("INSERT INTO sessions (id, uuid, form_id, form_version, created, updated) "
             "VALUES (12345677, 'x-uuid', 'debrief', '1', '2025-01-01 00:00:00', "
             "'2025-01-01 00:00:00')");
    int64_t id = import_example("moved_away");
    cr_assert_eq(id, 12345678);
    char *js = render(id, REPORT_JSON);
    cr_assert_not_null(strstr(js, "{\"session\":{\"id\":12345678,"), "%.80s", js);
    free(js);
    size_t n;
    js = render_list(REPORT_JSON, &n);
    cr_assert(json_valid(js), "%s", js);
    cr_assert_not_null(strstr(js, "\"id\":12345678,"));
    cr_assert_not_null(strstr(js, "\"id\":12345677,"));
    free(js);
}

Test(report, list_text_cuts_long_names_on_character_boundaries)
{
    problems probs;
    problems_init(&probs);
    form *f = report_open_form("debrief", &probs);
    problems_free(&probs);
    int64_t id;
    cr_assert_eq(store_session_new(S, f->id, f->version, "aëëëëëëëëëëëëë", false, &id, NULL),
                 STORE_OK);
    cr_assert_eq(store_session_set_account(S, id, "日本語の会社日本語の会社日本語の会社", NULL),
                 STORE_OK);
    form_free(f);
    size_t n;
    char *txt = render_list(REPORT_TEXT, &n);
    cr_assert(utf8_valid(txt, strlen(txt)), "%s", txt);
    char *nl = strchr(txt, '\n');
    char *row = xstrndup(nl + 1, strlen(nl + 1) - 1);
    /* the columns line up: the outcome column starts where its header does */
    const char *h = strstr(txt, "OUTCOME");
    char *pre_h = xstrndup(txt, (size_t)(h - txt));
    char *pre_r = xstrndup(row, (size_t)(strrchr(row, '-') - row));
    cr_assert_eq(text_width(pre_r), text_width(pre_h), "%s", txt);
    free(pre_h);
    free(pre_r);
    free(row);
    free(txt);
}

Test(report, text_without_form_shows_clean_question_ids)
{
    int64_t id = hostile_session("ACME", "x");
    exec_sql("UPDATE sessions SET form_id = 'gone', outcome_date = '2025-01-01\x1b[2J'");
    exec_sql("INSERT INTO answers (session_id, qid, value, updated_at) "
             "VALUES (1, 'evil\x1b[2J', 'v', '2025-01-01')");
    cr_assert_eq(id, 1);
    char *out = render(id, REPORT_TEXT);
    cr_assert(text_is_clean(out, true), "%s", out);
    cr_assert_not_null(strstr(out, "form 'gone' not found"), "%s", out);
    free(out);
}

Test(report, a_diagnosis_made_with_an_older_form_version_is_shown_as_saved)
{
    int64_t id = import_example("bought_away");
    exec_sql("UPDATE sessions SET form_version = '0.9'");
    exec_sql("UPDATE diagnosis SET form_version = '0.9', type_computed = 'moved_away', "
             "type_final = 'moved_away'");
    session_doc doc;
    cr_assert_eq(report_load(S, id, &doc, NULL), STORE_OK);
    cr_assert(doc.has_diag);
    cr_assert_eq(doc.diag.dim[DIM_TYPE].final, TYPE_MOVED_AWAY);
    cr_assert_eq(doc.diag.dim[DIM_TYPE].computed, TYPE_MOVED_AWAY);
    char *txt = report_render(&doc, L, REPORT_TEXT);
    cr_assert_not_null(strstr(txt, "version 0.9"), "%s", txt);
    cr_assert_not_null(strstr(txt, "Moved away"));
    free(txt);
    report_free(&doc);
}

Test(report, import_stores_a_clean_salesperson_name)
{
    char *path = tl_write(Dir, "sp.ini",
                          "[session]\nsalesperson = Dana\x1b[31m Reyes\x07\n"
                          "[answers]\ncustomer = Acme Ltd\nstory = s\n"
                          "own_reason = price\nreasons = price\nresponsible = competitor\n"
                          "recur = likely\npreventable = no\n");
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    int rc = importer_run(S, L, path, "tester", &id, &probs);
    print_problems(&probs);
    cr_assert_eq(rc, 0);
    session_info info;
    cr_assert_eq(store_session_get(S, id, &info, NULL), STORE_OK);
    cr_assert(text_is_clean(info.salesperson, false), "%s", info.salesperson);
    cr_assert_not_null(strstr(info.salesperson, "Reyes"));
    session_info_free(&info);
    problems_free(&probs);
    free(path);
}

Test(report, import_rejects_a_bad_training_flag_with_its_line)
{
    char *path = tl_write(Dir, "t.ini", "[session]\nform = debrief\ntraining = maybe\n"
                                        "[answers]\ncustomer = Acme Ltd\n");
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    cr_assert_eq(importer_run(S, L, path, "tester", &id, &probs), -1);
    char *prefix = xasprintf("%s:3: session.training:", path);
    cr_assert(has_problem(&probs, prefix), "no problem starting with %s", prefix);
    cr_assert_eq(count_sessions(), 0);
    free(prefix);
    problems_free(&probs);
    free(path);
}

Test(report, read_validates_without_a_store)
{
    char *path = tl_write(Dir, "dup.ini", "[answers]\ncustomer = A\ncustomer = B\n");
    form *f = NULL;
    answer_set a;
    answers_init(&a);
    char *sp = NULL;
    bool training = false;
    problems probs;
    problems_init(&probs);
    cr_assert_eq(importer_read(path, &f, &a, &sp, &training, &probs), -1);
    cr_assert_null(f);
    cr_assert_gt(probs.n, 0);
    char *prefix = xasprintf("%s:3:", path);
    cr_assert(has_problem(&probs, prefix), "duplicate key not reported at line 3");
    free(prefix);
    problems_free(&probs);
    answers_free(&a);
    problems_init(&probs);
    answers_init(&a);
    cr_assert_eq(importer_read(tl_src("share/examples/moved_away.ini"), &f, &a, &sp, &training,
                               &probs), 0);
    cr_assert_not_null(f);
    cr_assert_str_eq(f->id, "debrief");
    cr_assert_not_null(answers_get(&a, "customer"));
    cr_assert_not_null(sp);
    form_free(f);
    free(sp);
    answers_free(&a);
    problems_free(&probs);
    free(path);
}

static long page_count(void)
{
    sqlite3 *db;
    cr_assert_eq(sqlite3_open_v2(Db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_stmt *st;
    cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &st, NULL), SQLITE_OK);
    cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
    long n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
}

Test(report, import_on_a_full_disk_leaves_nothing_behind)
{
    import_example("bought_away");
    long rows = count_rows("answers"), changes = count_rows("changes");
    cr_assert_eq(store_limit_pages(S, page_count()), STORE_OK);
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    cr_assert_eq(importer_run(S, L, tl_src("share/examples/moved_away.ini"), "tester", &id,
                              &probs), -1);
    print_problems(&probs);
    cr_assert_eq(probs.n, 1);
    cr_assert_not_null(strstr(probs.msg[0], "not imported"));
    problems_free(&probs);
    cr_assert_eq(count_sessions(), 1);
    cr_assert_eq(count_rows("answers"), rows);
    cr_assert_eq(count_rows("changes"), changes);
    cr_assert_eq(store_limit_pages(S, 1000000), STORE_OK);
    import_example("moved_away");
    cr_assert_eq(count_sessions(), 2);
}
