/* test_scenario.c - the scenario loader and the shipped scenarios.
 *
 * Every shipped scenario (share/scenarios) must load with no problem, and
 * its key must agree with the program: the answers a faithful salesperson
 * would give in the scenario (tests/scenarios/<id>.ini, importer format)
 * are classified and weighed with the real form and land on the key's type
 * (or its alternative), attribution and priority; and the plan the rules
 * build for the key's diagnosis holds every activity the key requires and
 * none it forbids.  Each file in tests/bad-scenarios is tested with its
 * exact message.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "importer.h"
#include "plan.h"
#include "scenario.h"
#include "testlib.h"
#include "util.h"
#include "worth.h"

#define SHIPPED 10

static library *lib;
static char *tmp;

/* Loads the real library.  Forms and scenarios are found through
 * WINBACK_DATADIR, a temporary directory laid out like the installed one
 * (forms/, scenarios/) with links into the source tree. */
static void setup(void)
{
    problems p;
    problems_init(&p);
    tmp = tl_tmpdir();
    cr_assert_not_null(tmp);
    setenv("XDG_CONFIG_HOME", tmp, 1);   /* no user files from the real home */
    char *cmd = xasprintf("mkdir '%s/data' && ln -s '%s/forms' '%s/data/forms' && "
                          "ln -s '%s/share/scenarios' '%s/data/scenarios'",
                          tmp, ABS_SRCDIR, tmp, ABS_SRCDIR, tmp);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
    char *data = xasprintf("%s/data", tmp);
    setenv("WINBACK_DATADIR", data, 1);
    free(data);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    lib = library_load(acts, tl_src("share/rules.ini"), &p);
    free(acts);
    cr_assert_not_null(lib, "library: %s", p.n ? p.msg[0] : "?");
    problems_free(&p);
}

static void teardown(void)
{
    library_free(lib);
    tl_rmtree(tmp);
    free(tmp);
}

TestSuite(scenario, .init = setup, .fini = teardown);

/* The shipped scenarios, loaded from the source tree. */
static scenario **shipped(size_t *n)
{
    problems p;
    problems_init(&p);
    char *dir = xstrdup(tl_src("share/scenarios"));
    scenario **list = scenario_list_dir(dir, lib, n, &p);
    free(dir);
    cr_assert_eq(p.n, 0, "first problem: %s", p.n ? p.msg[0] : "");
    problems_free(&p);
    return list;
}

Test(scenario, every_shipped_scenario_loads_without_problems)
{
    size_t n;
    scenario **list = shipped(&n);
    cr_assert_eq(n, SHIPPED);
    for (size_t i = 0; i < n; i++) {
        const scenario *s = list[i];
        cr_assert(s->title && *s->title && s->brief && strlen(s->brief) > 200, "%s", s->id);
        cr_assert_geq(s->nfacts, 3, "%s has too few facts", s->id);
        cr_assert_geq(s->key.ninclude, 1, "%s", s->id);
        for (int e = 0; e < SC_ELEM_COUNT; e++) {
            cr_assert_geq(s->key.expected[e], 0, "%s: %s", s->id, scenario_elem_id(e));
            cr_assert_not_null(s->key.why[e], "%s: no why.%s", s->id, scenario_elem_id(e));
        }
        char *file = xasprintf("%s.ini", s->id);
        cr_assert(strstr(s->path, file), "%s is not in %s", s->id, s->path);
        free(file);
    }
    scenario_list_free(list, n);
}

Test(scenario, shipped_set_covers_every_type_difficulty_and_a_let_go)
{
    size_t n;
    scenario **list = shipped(&n);
    unsigned types = 0, diffs = 0;
    int let_go_not_on_purpose = 0, alternatives = 0;
    for (size_t i = 0; i < n; i++) {
        const scenario_key *k = &list[i]->key;
        types |= 1u << k->expected[SC_TYPE];
        diffs |= 1u << list[i]->difficulty;
        if (k->expected[SC_PRIORITY] == PRIORITY_LET_GO
            && k->expected[SC_TYPE] != TYPE_INTENTIONALLY_PUSHED_AWAY)
            let_go_not_on_purpose++;
        alternatives += k->alternative_type >= 0;
    }
    cr_assert_eq(types, (1u << TYPE_COUNT) - 1);
    cr_assert_eq(diffs, (1u << SC_DIFFICULTY_COUNT) - 1);
    cr_assert_geq(let_go_not_on_purpose, 1);
    cr_assert_geq(alternatives, 1);
    scenario_list_free(list, n);
}

/* Reads tests/scenarios/<id>.ini; the form and answers are the caller's. */
static form *faithful_answers(const char *id, answer_set *a)
{
    problems p;
    problems_init(&p);
    char *rel = xasprintf("tests/scenarios/%s.ini", id);
    form *f = NULL;
    char *sp = NULL;
    bool training = false;
    answers_init(a);
    int rc = importer_read(tl_src(rel), &f, a, &sp, &training, &p);
    cr_assert_eq(rc, 0, "%s: %s", rel, p.n ? p.msg[0] : "?");
    cr_assert(training, "%s should say training = yes", rel);
    free(rel);
    free(sp);
    problems_free(&p);
    return f;
}

/* True when value v of element e is accepted by the key. */
static bool accepted(const scenario *s, int e, int v)
{
    return v >= 0 && (s->key.accepted[e] & (1u << v));
}

Test(scenario, faithful_answers_classify_as_the_key_says)
{
    size_t n;
    scenario **list = shipped(&n);
    for (size_t i = 0; i < n; i++) {
        const scenario *s = list[i];
        answer_set a;
        form *f = faithful_answers(s->id, &a);
        cr_assert_str_eq(f->id, s->form_id);
        diagnosis d;
        classify(f, &a, &d);
        worth_assess(f, &a, &d);
        int t = d.dim[DIM_TYPE].computed;
        cr_assert(accepted(s, SC_TYPE, t), "%s: classified as %s", s->id,
                  vocab_value_id(DIM_TYPE, t));
        for (int e = SC_SOURCE; e <= SC_CONTROL && s->key.alternative_type < 0; e++)
            cr_assert(accepted(s, e, d.dim[e].computed), "%s: %s is %s", s->id,
                      scenario_elem_id(e), vocab_value_id(e, d.dim[e].computed));
        cr_assert(accepted(s, SC_PRIORITY, d.priority), "%s: priority %s", s->id,
                  priority_id(d.priority));
        diagnosis_free(&d);
        answers_free(&a);
        form_free(f);
    }
    scenario_list_free(list, n);
}

Test(scenario, key_activities_agree_with_the_plan_rules)
{
    size_t n;
    scenario **list = shipped(&n);
    for (size_t i = 0; i < n; i++) {
        const scenario *s = list[i];
        answer_set a;
        form *f = faithful_answers(s->id, &a);
        diagnosis d;
        classify(f, &a, &d);
        worth_assess(f, &a, &d);
        for (int e = 0; e < DIM_COUNT; e++)   /* the key's diagnosis, not the program's */
            diagnosis_override(&d, e, s->key.expected[e], "key");
        d.priority_final = s->key.expected[SC_PRIORITY];
        plan pl;
        plan_init(&pl);
        plan_build(lib, f, &a, &d, &pl);
        for (size_t k = 0; k < s->key.ninclude; k++)
            cr_assert(plan_has_activity(&pl, s->key.must_include[k].id),
                      "%s: rules do not propose %s", s->id, s->key.must_include[k].id);
        for (size_t k = 0; k < s->key.nnot; k++)
            cr_assert_not(plan_has_activity(&pl, s->key.must_not[k].id),
                          "%s: rules propose forbidden %s", s->id, s->key.must_not[k].id);
        plan_free(&pl);
        diagnosis_free(&d);
        answers_free(&a);
        form_free(f);
    }
    scenario_list_free(list, n);
}

Test(scenario, misleading_price_claim_is_flagged_by_the_program)
{
    answer_set a;
    form *f = faithful_answers("packaging_price_excuse", &a);
    diagnosis d;
    classify(f, &a, &d);
    cr_assert_eq(d.claimed_type, TYPE_BOUGHT_AWAY);
    cr_assert_eq(d.dim[DIM_TYPE].computed, TYPE_UNINTENTIONALLY_PUSHED_AWAY);
    cr_assert(d.mismatch);
    diagnosis_free(&d);
    answers_free(&a);
    form_free(f);
}

Test(scenario, brief_paragraphs_facts_and_key_are_read)
{
    problems p;
    problems_init(&p);
    scenario *s = scenario_load(tl_src("share/scenarios/timber_price.ini"), lib, &p);
    cr_assert_not_null(s);
    cr_assert_str_eq(s->id, "timber_price");
    cr_assert_str_eq(s->version, "1");
    cr_assert_eq(s->difficulty, SC_EASY);
    cr_assert_str_eq(s->form_id, "debrief");
    cr_assert(str_starts(s->brief, "You are Dave Morgan"));
    cr_assert_not_null(strstr(s->brief, "the site managers like your yard staff."));
    cr_assert_not_null(strstr(s->brief, ".\n\nEvery January"), "paragraphs: %s", s->brief);
    cr_assert_str_eq(s->facts[0].key, "price_gap");
    cr_assert_eq(s->key.expected[SC_TYPE], TYPE_BOUGHT_AWAY);
    cr_assert_eq(s->key.alternative_type, -1);
    cr_assert_eq(s->key.accepted[SC_TYPE], 1u << TYPE_BOUGHT_AWAY);
    cr_assert_eq(s->key.expected[SC_PRIORITY], PRIORITY_WAIT_ACTIVELY);
    cr_assert(scenario_key_includes(s, "active_waiting"));
    cr_assert(scenario_key_forbids(s, "make_good"));
    cr_assert_not(scenario_key_forbids(s, "active_waiting"));
    cr_assert_not_null(s->key.must_include[0].why);
    scenario_free(s);
    problems_free(&p);
}

Test(scenario, alternatives_and_value_lists_are_accepted)
{
    const char *text =
        "[scenario]\nid = alt\nversion = 2b\ntitle = Alt\ndifficulty = hard\n"
        "brief.2 = Second.\nbrief.1 = First.\n"
        "[key]\ntype = pulled_away\nalternative_type = bought_away\n"
        "source = firm, salesperson\nstability = stable\ncontrol = controllable\n"
        "priority = pursue_now, wait_actively\nmust_include = apology\n";
    problems p;
    problems_init(&p);
    scenario *s = scenario_load_mem(text, strlen(text), "alt.ini", lib, &p);
    cr_assert_not_null(s, "%s", p.n ? p.msg[0] : "");
    cr_assert_str_eq(s->brief, "First.\n\nSecond.");
    cr_assert_eq(s->key.accepted[SC_TYPE], (1u << TYPE_PULLED_AWAY) | (1u << TYPE_BOUGHT_AWAY));
    cr_assert_eq(s->key.expected[SC_SOURCE], SOURCE_FIRM);
    cr_assert_eq(s->key.accepted[SC_SOURCE], (1u << SOURCE_FIRM) | (1u << SOURCE_SALESPERSON));
    cr_assert_eq(s->key.accepted[SC_PRIORITY],
                 (1u << PRIORITY_PURSUE_NOW) | (1u << PRIORITY_WAIT_ACTIVELY));
    cr_assert_eq(s->nfacts, 0);
    cr_assert_eq(s->key.nnot, 0);
    scenario_free(s);
    problems_free(&p);
}

/* ---- bad files ------------------------------------------------------------ */

typedef struct bad_case {
    const char *file;
    const char *msgs[4];    /* "line: message", in order */
} bad_case;

static const bad_case bad_cases[] = {
    {"missing-id.ini", {"2: scenario.id: missing (required)"}},
    {"bad-id.ini", {"3: scenario.id: 'Small-Case' must be lower-case letters, digits and '_'"}},
    {"bad-difficulty.ini", {"6: scenario.difficulty: 'tricky' is not easy, medium or hard"}},
    {"no-brief.ini",
     {"2: scenario.brief: missing (required: brief or brief.1, brief.2, ...)"}},
    {"bad-brief-number.ini",
     {"2: scenario.brief: missing (required: brief or brief.1, brief.2, ...)",
      "7: scenario.brief.01: unknown key"}},
    {"unknown-type.ini", {"13: key.type: unknown defector type 'bougth_away'"}},
    {"two-types.ini", {"13: key.type: one type only; name a second one with alternative_type"}},
    {"alternative-same.ini", {"14: key.alternative_type: 'bought_away' is the type itself"}},
    {"unknown-source.ini", {"14: key.source: unknown source 'partner'"}},
    {"unknown-priority.ini", {"17: key.priority: unknown priority 'now'"}},
    {"unknown-activity.ini", {"18: key.must_include: unknown activity 'discount'"}},
    {"include-and-forbid.ini",
     {"19: key.must_not: activity 'active_waiting' is also in must_include"}},
    {"no-must-include.ini", {"12: key.must_include: missing (required)"}},
    {"why-unknown.ini",
     {"20: key.why.price_concession: explains neither an element (type, source, stability, "
      "control, priority) nor an activity of must_include or must_not"}},
    {"unknown-key.ini", {"20: key.colour: unknown key"}},
    {"unknown-section.ini",
     {"21: [answers]: unknown section; expected [scenario], [facts] or [key]"}},
    {"no-key.ini", {"2: [key]: missing; a scenario needs its answer key"}},
    {"no-scenario.ini",
     {"1: [scenario]: missing; a scenario file starts with a [scenario] section"}},
    {"duplicate-key.ini", {"17: key 'control' is written twice in [key] (first at line 16)"}},
    {"many-problems.ini",
     {"6: scenario.difficulty: 'tricky' is not easy, medium or hard",
      "14: key.source: unknown source 'partner'",
      "19: key.must_not: unknown activity 'discount'"}},
};

Test(scenario, every_bad_file_is_refused_with_its_exact_messages)
{
    for (size_t i = 0; i < ARRAY_LEN(bad_cases); i++) {
        const bad_case *bc = &bad_cases[i];
        char *rel = xasprintf("tests/bad-scenarios/%s", bc->file);
        char *path = xstrdup(tl_src(rel));
        problems p;
        problems_init(&p);
        scenario *s = scenario_load(path, lib, &p);
        cr_assert_null(s, "%s loaded", bc->file);
        size_t want = 0;
        while (want < ARRAY_LEN(bc->msgs) && bc->msgs[want])
            want++;
        cr_assert_eq(p.n, want, "%s: %zu problems, first: %s", bc->file, p.n,
                     p.n ? p.msg[0] : "");
        for (size_t k = 0; k < want; k++) {
            char *exp = xasprintf("%s:%s", path, bc->msgs[k]);
            cr_assert_str_eq(p.msg[k], exp);
            free(exp);
        }
        cr_assert(scenario_file_is(path) == (strcmp(bc->file, "no-scenario.ini") != 0),
                  "%s", bc->file);
        problems_free(&p);
        free(path);
        free(rel);
    }
}

Test(scenario, without_a_library_activities_are_only_checked_for_syntax)
{
    problems p;
    problems_init(&p);
    char *path = xstrdup(tl_src("tests/bad-scenarios/unknown-activity.ini"));
    scenario *s = scenario_load(path, NULL, &p);
    cr_assert_not_null(s, "%s", p.n ? p.msg[0] : "");
    cr_assert_eq(s->key.ninclude, 2);
    scenario_free(s);
    free(path);
    problems_free(&p);
}

Test(scenario, broken_ini_syntax_is_reported_with_its_line)
{
    const char *text = "[scenario]\nid = x\nthis line is not ini\n";
    problems p;
    problems_init(&p);
    cr_assert_null(scenario_load_mem(text, strlen(text), "mem.ini", lib, &p));
    cr_assert_eq(p.n, 1);
    cr_assert(str_starts(p.msg[0], "mem.ini:3: syntax error"), "%s", p.msg[0]);
    problems_free(&p);
}

Test(scenario, empty_file_is_refused)
{
    problems p;
    problems_init(&p);
    cr_assert_null(scenario_load_mem("", 0, "empty.ini", lib, &p));
    cr_assert_eq(p.n, 1);
    cr_assert_str_eq(p.msg[0], "empty.ini:1: [scenario]: missing; the file is empty");
    problems_free(&p);
}

/* ---- kinds of file, search path ------------------------------------------- */

Test(scenario, scenario_files_are_told_from_forms)
{
    cr_assert(scenario_file_is(tl_src("share/scenarios/street_activation.ini")));
    cr_assert_not(scenario_file_is(tl_src("forms/debrief.ini")));
    cr_assert_not(scenario_file_is(tl_src("share/activities.ini")));
    cr_assert_not(scenario_file_is(tl_src("tests/scenarios/timber_price.ini")));
    cr_assert_not(scenario_file_is("/nonexistent/x.ini"));
    char *p = tl_write(tmp, "upper.ini", "; comment\n\n  [ Scenario ]\nid = x\n");
    cr_assert(scenario_file_is(p));
    free(p);
}

Test(scenario, search_path_finds_by_id_and_user_files_replace_shipped_ones)
{
    problems p;
    problems_init(&p);
    scenario *s = scenario_find("clinic_relocated", lib, &p);
    cr_assert_not_null(s, "%s", p.n ? p.msg[0] : "");
    cr_assert_eq(s->key.expected[SC_TYPE], TYPE_MOVED_AWAY);
    scenario_free(s);

    char *dir = xasprintf("%s/winback/scenarios", tmp);
    char *mk = xasprintf("mkdir -p '%s'", dir);
    cr_assert_eq(system(mk), 0);
    char *user = tl_write(dir, "clinic_relocated.ini",
                          "[scenario]\nid = clinic_relocated\nversion = 9\ntitle = Mine\n"
                          "difficulty = easy\nbrief = Mine.\n[key]\ntype = moved_away\n"
                          "source = customer\nstability = stable\ncontrol = uncontrollable\n"
                          "priority = let_go\nmust_include = positive_dissolution\n");
    s = scenario_find("clinic_relocated", lib, &p);
    cr_assert_not_null(s);
    cr_assert_str_eq(s->version, "9");
    scenario_free(s);

    size_t n;
    scenario **list = scenario_list(lib, &n, &p);
    cr_assert_eq(n, SHIPPED);
    cr_assert_eq(p.n, 0);
    for (size_t i = 1; i < n; i++)
        cr_assert_lt(strcmp(list[i - 1]->id, list[i]->id), 0);
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i]->id, "clinic_relocated") == 0)
            cr_assert_str_eq(list[i]->version, "9");
    scenario_list_free(list, n);

    cr_assert_null(scenario_find("no_such_case", lib, &p));
    cr_assert_eq(p.n, 1);
    cr_assert_str_eq(p.msg[0], "scenario 'no_such_case' not found (looked in the "
                               "scenarios directories)");
    problems_free(&p);
    free(user);
    free(mk);
    free(dir);
}

Test(scenario, vocabulary_helpers)
{
    cr_assert_eq(scenario_elem_find("priority"), SC_PRIORITY);
    cr_assert_eq(scenario_elem_find("colour"), -1);
    cr_assert_str_eq(scenario_elem_value_id(SC_PRIORITY, PRIORITY_LET_GO), "let_go");
    cr_assert_str_eq(scenario_elem_value_id(SC_SOURCE, SOURCE_FIRM), "firm");
    cr_assert_null(scenario_elem_value_id(SC_PRIORITY, 7));
    cr_assert_eq(scenario_elem_value_find(SC_CONTROL, "controllable"), CONTROL_CONTROLLABLE);
    cr_assert_eq(scenario_difficulty_find("hard"), SC_HARD);
    cr_assert_eq(scenario_difficulty_find("Hard"), -1);
    cr_assert_str_eq(scenario_elem_label(SC_PRIORITY), "Priority");
}
