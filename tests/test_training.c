/* test_training.c - scoring a trainee's diagnosis against a scenario's key.
 *
 * Real parts throughout: the shipped scenarios, the shipped activity
 * library, the debrief form, the faithful answers of tests/scenarios and
 * the correct diagnoses tests/scenarios/<id>.diagnosis.ini.
 */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "importer.h"
#include "jsonlib.h"
#include "scenario.h"
#include "testlib.h"
#include "text.h"
#include "training.h"
#include "util.h"

static library *lib;
static char *tmp;

/* The real library; forms found through WINBACK_DATADIR (see test_scenario.c). */
static void setup(void)
{
    problems p;
    problems_init(&p);
    tmp = tl_tmpdir();
    cr_assert_not_null(tmp);
    setenv("XDG_CONFIG_HOME", tmp, 1);
    char *cmd = xasprintf("mkdir '%s/data' && ln -s '%s/forms' '%s/data/forms'", tmp,
                          ABS_SRCDIR, tmp);
    cr_assert_eq(system(cmd), 0);
    free(cmd);
    char *data = xasprintf("%s/data", tmp);
    setenv("WINBACK_DATADIR", data, 1);
    free(data);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    lib = library_load(acts, tl_src("share/rules.ini"), &p);
    free(acts);
    cr_assert_not_null(lib);
    problems_free(&p);
}

static void teardown(void)
{
    library_free(lib);
    tl_rmtree(tmp);
    free(tmp);
}

TestSuite(training, .init = setup, .fini = teardown);

Test(training, json_validator_rejects_broken_documents)
{
    cr_assert(json_valid("{\"a\":[1,2.5,true,null,\"x\\n\"]}"));
    cr_assert_not(json_valid("{\"a\":[1,2}"));
    cr_assert_not(json_valid("{\"a\":\"raw\nnewline\"}"));
    cr_assert_not(json_valid("[1,]"));
}

/* ---- helpers ------------------------------------------------------------ */

/* One role-play: the scenario, the trainee's answers and diagnosis. */
typedef struct play {
    scenario *sc;
    form *f;
    answer_set a;
    stated st;
} play;

/* Loads scenario id with its faithful answers and its correct diagnosis. */
static void play_load(play *pl, const char *id)
{
    problems p;
    problems_init(&p);
    char *rel = xasprintf("share/scenarios/%s.ini", id);
    pl->sc = scenario_load(tl_src(rel), lib, &p);
    cr_assert_not_null(pl->sc, "%s", p.n ? p.msg[0] : "");
    free(rel);
    rel = xasprintf("tests/scenarios/%s.ini", id);
    char *sp = NULL;
    bool tr;
    answers_init(&pl->a);
    cr_assert_eq(importer_read(tl_src(rel), &pl->f, &pl->a, &sp, &tr, &p), 0, "%s",
                 p.n ? p.msg[0] : "");
    free(sp);
    free(rel);
    rel = xasprintf("tests/scenarios/%s.diagnosis.ini", id);
    cr_assert_eq(training_read_stated_lib(tl_src(rel), lib, &pl->st, &p), 0, "%s",
                 p.n ? p.msg[0] : "");
    free(rel);
    problems_free(&p);
}

static void play_free(play *pl)
{
    scenario_free(pl->sc);
    form_free(pl->f);
    answers_free(&pl->a);
    stated_free(&pl->st);
}

static void score(play *pl, training_result *r)
{
    training_score(pl->sc, &pl->st, pl->f, &pl->a, lib, r);
}

/* The check id of r, which must exist. */
static const training_check *check(const training_result *r, const char *id)
{
    const training_check *c = training_check_find(r, id);
    cr_assert_not_null(c, "no check %s", id);
    return c;
}

/* Replaces the stated activities by the comma list acts. */
static void set_acts(stated *st, const char *acts)
{
    str_list_free(st->activities, st->nacts);
    st->activities = NULL;
    st->nacts = 0;
    size_t n;
    char **ids = str_split(acts, ',', &n);
    for (size_t i = 0; i < n; i++)
        stated_add_activity(st, ids[i]);
    str_list_free(ids, n);
}

static const char *const ids[] = {
    "timber_price", "telecom_requirements", "street_activation", "food_in_house",
    "supplement_small_account", "packaging_price_excuse", "lab_mixed_cues",
    "courier_not_worth", "clinic_relocated", "distributor_ambiguous",
};

/* ---- scoring -------------------------------------------------------------- */

Test(training, the_correct_diagnosis_scores_100_and_passes_in_every_scenario)
{
    for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
        play pl;
        play_load(&pl, ids[i]);
        training_result r;
        score(&pl, &r);
        cr_assert_eq(r.score, 100, "%s: %d", ids[i], r.score);
        cr_assert(r.passed && !r.blocked, "%s", ids[i]);
        cr_assert(r.has_program);
        for (size_t k = 0; k < r.nchecks; k++) {
            cr_assert(r.checks[k].passed, "%s: %s failed", ids[i], r.checks[k].id);
            cr_assert(r.checks[k].explanation && *r.checks[k].explanation);
        }
        cr_assert_str_eq(r.scenario_id, ids[i]);
        cr_assert_str_eq(r.rubric_version, TRAINING_RUBRIC_VERSION);
        training_result_free(&r);
        play_free(&pl);
    }
}

Test(training, a_partly_wrong_diagnosis_fails_the_right_checks_and_explains_them)
{
    play pl;
    play_load(&pl, "timber_price");
    pl.st.value[SC_TYPE] = TYPE_PULLED_AWAY;
    pl.st.value[SC_STABILITY] = STABILITY_UNSTABLE;
    set_acts(&pl.st, "active_waiting, price_concession");
    training_result r;
    score(&pl, &r);
    /* lost: type 20, stability 10, half of the 20 include points */
    cr_assert_eq(r.score, 60);
    cr_assert_not(r.passed);
    cr_assert_not(r.blocked);
    cr_assert_not(check(&r, "type")->passed);
    cr_assert_not(check(&r, "stability")->passed);
    cr_assert(check(&r, "source")->passed);
    cr_assert(check(&r, "control")->passed);
    cr_assert(check(&r, "priority")->passed);
    cr_assert(check(&r, "include.active_waiting")->passed);
    cr_assert_not(check(&r, "include.better_communication")->passed);
    cr_assert(check(&r, "exclude.make_good")->passed);
    const training_check *t = check(&r, "type");
    cr_assert_str_eq(t->stated, "Pulled away");
    cr_assert_str_eq(t->expected, "Bought away");
    cr_assert_not_null(strstr(t->explanation, "not a pulled-away"), "%s", t->explanation);
    cr_assert_not_null(strstr(t->explanation, "You chose Pulled away"), "%s", t->explanation);
    cr_assert_not_null(strstr(check(&r, "include.better_communication")->explanation,
                              "Missing from your plan."));
    /* the answers still tell a bought-away story: the program says so */
    cr_assert(check(&r, "answers")->passed);
    cr_assert_not_null(r.program_note);
    cr_assert_not_null(strstr(r.program_note, "Your own answers point to Bought away, but "
                                              "you diagnosed Pulled away"));
    training_result_free(&r);
    play_free(&pl);
}

Test(training, a_discount_for_a_customer_we_let_go_is_a_blocker_whatever_the_score)
{
    play pl;
    play_load(&pl, "supplement_small_account");
    set_acts(&pl.st, "graceful_termination, price_concession");
    training_result r;
    score(&pl, &r);
    cr_assert_geq(r.score, TRAINING_PASS_MARK, "%d", r.score);
    cr_assert_lt(r.score, 100);
    cr_assert(r.blocked);
    cr_assert_not(r.passed);
    const training_check *b = check(&r, "blocker.no_concession_let_go");
    cr_assert(b->blocker);
    cr_assert_not(b->passed);
    cr_assert_eq(b->points, 0);
    cr_assert_not_null(strstr(b->explanation, "Price concession"), "%s", b->explanation);
    cr_assert(check(&r, "blocker.no_pursuit_let_go")->passed);
    training_result_free(&r);
    play_free(&pl);
}

Test(training, pursuing_a_let_go_case_is_a_blocker)
{
    play pl;
    play_load(&pl, "courier_not_worth");
    pl.st.value[SC_PRIORITY] = PRIORITY_PURSUE_NOW;
    training_result r;
    score(&pl, &r);
    cr_assert(r.blocked);
    cr_assert_not(check(&r, "blocker.no_pursuit_let_go")->passed);
    cr_assert(check(&r, "blocker.no_concession_let_go")->passed);
    training_result_free(&r);

    pl.st.value[SC_PRIORITY] = PRIORITY_LET_GO;
    set_acts(&pl.st, "positive_dissolution, small_bites");
    score(&pl, &r);
    cr_assert(r.blocked);
    cr_assert_not_null(strstr(check(&r, "blocker.no_pursuit_let_go")->explanation,
                              "Small bites"));
    training_result_free(&r);
    play_free(&pl);
}

Test(training, skipping_the_apology_when_we_were_at_fault_is_a_blocker)
{
    play pl;
    play_load(&pl, "street_activation");
    set_acts(&pl.st, "make_good, improved_process");
    training_result r;
    score(&pl, &r);
    cr_assert_eq(r.score, 93);   /* one of three required activities missing */
    cr_assert(r.blocked);
    cr_assert_not(r.passed);
    const training_check *b = check(&r, "blocker.apology_first");
    cr_assert_not(b->passed);
    cr_assert_not_null(strstr(b->explanation, "apology"));
    cr_assert_null(training_check_find(&r, "blocker.no_concession_let_go"));
    training_result_free(&r);
    play_free(&pl);
}

Test(training, ending_a_relationship_worth_pursuing_is_a_blocker)
{
    play pl;
    play_load(&pl, "telecom_requirements");
    set_acts(&pl.st, "co_created_offer, improved_process, graceful_termination");
    training_result r;
    score(&pl, &r);
    cr_assert(r.blocked);
    cr_assert_not(check(&r, "blocker.no_farewell_pursue")->passed);
    cr_assert_not(check(&r, "exclude.graceful_termination")->passed);
    cr_assert_null(training_check_find(&r, "blocker.apology_first"));
    training_result_free(&r);
    play_free(&pl);
}

Test(training, answers_telling_another_story_fail_the_answers_check)
{
    /* the trainee diagnoses the packaging case right, but answers the
     * debrief with the story of the timber case */
    play pl;
    play_load(&pl, "packaging_price_excuse");
    play other;
    play_load(&other, "timber_price");
    training_result r;
    training_score(pl.sc, &pl.st, other.f, &other.a, lib, &r);
    const training_check *c = check(&r, "answers");
    cr_assert_not(c->passed);
    cr_assert_not_null(strstr(c->explanation, "your answers told a different story"));
    cr_assert_eq(r.program[SC_TYPE], TYPE_BOUGHT_AWAY);
    cr_assert_eq(r.score, 95);
    cr_assert(r.passed);
    cr_assert_not_null(r.program_note);
    training_result_free(&r);
    play_free(&other);
    play_free(&pl);
}

Test(training, the_misleading_price_case_fools_a_trainee_who_follows_the_first_take)
{
    play pl;
    play_load(&pl, "packaging_price_excuse");
    pl.st.value[SC_TYPE] = TYPE_BOUGHT_AWAY;
    pl.st.value[SC_SOURCE] = SOURCE_COMPETITOR;
    pl.st.value[SC_CONTROL] = CONTROL_UNCONTROLLABLE;
    set_acts(&pl.st, "price_concession, better_communication");
    training_result r;
    score(&pl, &r);
    cr_assert_not(r.passed);
    cr_assert(r.blocked);
    cr_assert_lt(r.score, TRAINING_PASS_MARK);
    cr_assert_not(check(&r, "exclude.price_concession")->passed);
    cr_assert_not_null(strstr(check(&r, "exclude.price_concession")->explanation,
                              "over-blame price"));
    cr_assert_not_null(r.program_note);
    training_result_free(&r);
    play_free(&pl);
}

Test(training, the_alternative_type_is_accepted_and_another_is_not)
{
    play pl;
    play_load(&pl, "distributor_ambiguous");
    pl.st.value[SC_TYPE] = TYPE_BOUGHT_AWAY;
    training_result r;
    score(&pl, &r);
    cr_assert(check(&r, "type")->passed);
    cr_assert_str_eq(check(&r, "type")->expected, "Pulled away or Bought away");
    cr_assert_eq(r.score, 100);
    training_result_free(&r);
    pl.st.value[SC_TYPE] = TYPE_MOVED_AWAY;
    score(&pl, &r);
    cr_assert_not(check(&r, "type")->passed);
    cr_assert_eq(r.score, 80);
    training_result_free(&r);
    play_free(&pl);
}

Test(training, the_right_side_but_the_wrong_party_is_said)
{
    play pl;
    play_load(&pl, "street_activation");
    pl.st.value[SC_SOURCE] = SOURCE_SALESPERSON;
    training_result r;
    score(&pl, &r);
    const training_check *c = check(&r, "source");
    cr_assert_not(c->passed);
    cr_assert_not_null(strstr(c->explanation, "Right side, internal"), "%s", c->explanation);
    cr_assert_eq(r.score, 90);
    training_result_free(&r);
    play_free(&pl);
}

Test(training, without_answers_the_score_is_scaled_over_the_checks_that_apply)
{
    play pl;
    play_load(&pl, "timber_price");
    training_result r;
    training_score(pl.sc, &pl.st, NULL, NULL, lib, &r);
    cr_assert_eq(r.score, 100);
    cr_assert_null(training_check_find(&r, "answers"));
    cr_assert_not(r.has_program);
    training_result_free(&r);
    /* type wrong: 20 of the 95 points that apply */
    pl.st.value[SC_TYPE] = TYPE_MOVED_AWAY;
    training_score(pl.sc, &pl.st, NULL, NULL, lib, &r);
    cr_assert_eq(r.score, 79);
    training_result_free(&r);
    play_free(&pl);
}

Test(training, an_empty_diagnosis_scores_low)
{
    play pl;
    play_load(&pl, "lab_mixed_cues");
    stated_free(&pl.st);
    training_result r;
    score(&pl, &r);
    /* only the forbidden activities left out (10) and the answers (5) */
    cr_assert_eq(r.score, 15);
    cr_assert_str_eq(check(&r, "type")->stated, "(not stated)");
    cr_assert_not(r.passed);
    training_result_free(&r);
    play_free(&pl);
}

/* ---- rendering ------------------------------------------------------------ */

Test(training, text_feedback_shows_score_verdict_checks_and_the_change)
{
    play pl;
    play_load(&pl, "street_activation");
    set_acts(&pl.st, "make_good, improved_process");
    training_result r;
    score(&pl, &r);
    char *t = training_render_text(&r, 78, 0);
    cr_assert_not_null(strstr(t, "Score: 93/100, pass mark 70, +15 since last time (78)"), "%s", t);
    cr_assert_not_null(strstr(t, "FAILED: a blocker failed"));
    cr_assert_not_null(strstr(t, "[ ] Plan includes Apology and taking responsibility"));
    cr_assert_not_null(strstr(t, "[!] An apology when we were at fault"));
    cr_assert_not_null(strstr(t, "[x] Defector type: yours Unintentionally pushed away"));
    cr_assert(text_is_clean(t, true));
    size_t n;
    char **lines = str_split(t, '\n', &n);
    for (size_t i = 0; i < n; i++)
        cr_assert_leq(text_width(lines[i]), 78, "%s", lines[i]);
    str_list_free(lines, n);
    free(t);
    t = training_render_text(&r, -1, 40);
    cr_assert_null(strstr(t, "since last time"));
    free(t);
    t = training_render_text(&r, 93, 0);
    cr_assert_not_null(strstr(t, "same as last time (93)"));
    free(t);
    training_result_free(&r);
    play_free(&pl);
}

Test(training, json_feedback_is_valid_and_complete)
{
    play pl;
    play_load(&pl, "courier_not_worth");
    set_acts(&pl.st, "positive_dissolution, price_concession");
    training_result r;
    score(&pl, &r);
    char *js = training_render_json(&r, 70);
    cr_assert(json_valid(js), "invalid JSON:\n%s", js);
    cr_assert_not_null(strstr(js, "\"id\":\"courier_not_worth\""));
    cr_assert_not_null(strstr(js, "\"blocked\":true"));
    char *want = xasprintf("\"previous_score\":70,\"change\":%d", r.score - 70);
    cr_assert_not_null(strstr(js, want), "%s", js);
    free(want);
    cr_assert_not_null(strstr(js, "\"id\":\"blocker.no_concession_let_go\""));
    cr_assert_not_null(strstr(js, "\"program\":{\"type\":\"bought_away\""));
    cr_assert_not_null(strstr(js, "\"diagnosis\":{\"type\":\"bought_away\",\"source\":"
                                  "\"competitor\",\"stability\":\"stable\",\"control\":"
                                  "\"uncontrollable\",\"priority\":\"let_go\",\"activities\":"
                                  "[\"positive_dissolution\",\"price_concession\"]}"), "%s", js);
    free(js);
    js = training_render_json(&r, -1);
    cr_assert(json_valid(js));
    cr_assert_not_null(strstr(js, "\"previous_score\":null"));
    free(js);
    training_result_free(&r);
    play_free(&pl);
}

Test(training, hostile_text_in_a_scenario_is_escaped_and_sanitised)
{
    const char *text =
        "[scenario]\nid = hostile\nversion = \"1\\\"x\"\ntitle = Evil \x1b[31mred\x1b[0m title\n"
        "difficulty = easy\nbrief = b\n[key]\ntype = bought_away\nsource = competitor\n"
        "stability = stable\ncontrol = uncontrollable\npriority = wait_actively\n"
        "must_include = active_waiting\nwhy.type = tab\there and a \"quote\" \\ back\n";
    problems p;
    problems_init(&p);
    scenario *sc = scenario_load_mem(text, strlen(text), "hostile.ini", lib, &p);
    cr_assert_not_null(sc, "%s", p.n ? p.msg[0] : "");
    stated st;
    stated_init(&st);
    training_result r;
    training_score(sc, &st, NULL, NULL, lib, &r);
    char *js = training_render_json(&r, -1);
    cr_assert(json_valid(js), "%s", js);
    char *t = training_render_text(&r, -1, 0);
    cr_assert_null(strchr(t, '\x1b'));
    cr_assert(text_is_clean(t, true));
    cr_assert(text_is_clean(sc->title, false), "%s", sc->title);
    cr_assert_str_eq(sc->title, "Evil red title");
    char *fz = training_freeze(sc);
    cr_assert(json_valid(fz), "%s", fz);
    free(fz);
    free(t);
    free(js);
    training_result_free(&r);
    stated_free(&st);
    scenario_free(sc);
    problems_free(&p);
}

Test(training, freeze_holds_the_rubric_and_the_scenario_key)
{
    play pl;
    play_load(&pl, "distributor_ambiguous");
    char *fz = training_freeze(pl.sc);
    cr_assert(json_valid(fz), "%s", fz);
    cr_assert_not_null(strstr(fz, "\"rubric\":{\"version\":\"" TRAINING_RUBRIC_VERSION "\""));
    cr_assert_not_null(strstr(fz, "\"pass_mark\":70"));
    cr_assert_not_null(strstr(fz, "\"id\":\"distributor_ambiguous\",\"version\":\"1\""));
    cr_assert_not_null(strstr(fz, "\"type\":[\"pulled_away\",\"bought_away\"]"), "%s", fz);
    cr_assert_not_null(strstr(fz, "\"must_not\":[\"make_good\",\"graceful_termination\"]"));
    free(fz);
    play_free(&pl);
}

/* ---- diagnosis files ---------------------------------------------------- */

Test(training, a_diagnosis_file_is_read)
{
    char *path = tl_write(tmp, "d.ini",
                          "[diagnosis]\ntype = moved_away\nsource = customer\n"
                          "stability = stable\ncontrol = uncontrollable\n"
                          "priority = wait_actively\nactivities = active_waiting, "
                          "positive_dissolution\n");
    stated st;
    problems p;
    problems_init(&p);
    cr_assert_eq(training_read_stated(path, &st, &p), 0);
    cr_assert_eq(st.value[SC_TYPE], TYPE_MOVED_AWAY);
    cr_assert_eq(st.value[SC_PRIORITY], PRIORITY_WAIT_ACTIVELY);
    cr_assert_eq(st.nacts, 2);
    cr_assert_str_eq(st.activities[1], "positive_dissolution");
    stated_free(&st);
    problems_free(&p);
    free(path);
}

Test(training, every_problem_of_a_diagnosis_file_is_reported_with_its_line)
{
    char *path = tl_write(tmp, "bad.ini",
                          "[diagnosis]\n"                       /* 1 */
                          "type = bougth_away\n"                /* 2 */
                          "source = competitor\n"               /* 3 */
                          "stability = sometimes\n"             /* 4 */
                          "priority = let_go\n"                 /* 5 */
                          "activities = apology, discount, apology\n" /* 6 */
                          "mood = good\n"                       /* 7 */
                          "[notes]\n"                           /* 8 */
                          "x = y\n");
    stated st;
    problems p;
    problems_init(&p);
    cr_assert_eq(training_read_stated_lib(path, lib, &st, &p), -1);
    const char *want[] = {
        "2: diagnosis.type: unknown defector type 'bougth_away'",
        "4: diagnosis.stability: unknown stability 'sometimes'",
        "1: diagnosis.control: missing (required)",
        "6: diagnosis.activities: unknown activity 'discount'",
        "6: diagnosis.activities: 'apology' is listed twice",
        "7: diagnosis.mood: unknown key",
        "8: [notes]: unknown section; expected [diagnosis]",
    };
    cr_assert_eq(p.n, ARRAY_LEN(want), "%zu problems, first %s", p.n, p.n ? p.msg[0] : "");
    for (size_t i = 0; i < ARRAY_LEN(want); i++) {
        char *exp = xasprintf("%s:%s", path, want[i]);
        cr_assert_str_eq(p.msg[i], exp);
        free(exp);
    }
    stated_free(&st);
    problems_free(&p);
    free(path);
}

Test(training, a_diagnosis_file_without_its_section_or_unreadable_is_refused)
{
    char *path = tl_write(tmp, "none.ini", "[diag]\ntype = moved_away\n");
    stated st;
    problems p;
    problems_init(&p);
    cr_assert_eq(training_read_stated(path, &st, &p), -1);
    cr_assert_eq(p.n, 2);
    char *exp = xasprintf("%s:1: [diagnosis]: missing; a diagnosis file has a [diagnosis] "
                          "section", path);
    cr_assert_str_eq(p.msg[0], exp);
    free(exp);
    stated_free(&st);
    problems_free(&p);
    problems_init(&p);
    cr_assert_eq(training_read_stated("/nonexistent/d.ini", &st, &p), -1);
    cr_assert_eq(p.n, 1);
    cr_assert(str_starts(p.msg[0], "/nonexistent/d.ini: cannot read"), "%s", p.msg[0]);
    stated_free(&st);
    problems_free(&p);
    free(path);
}

Test(training, stated_activities_are_kept_once_in_order)
{
    stated st;
    stated_init(&st);
    cr_assert(stated_add_activity(&st, "apology"));
    cr_assert(stated_add_activity(&st, "make_good"));
    cr_assert_not(stated_add_activity(&st, "apology"));
    cr_assert_eq(st.nacts, 2);
    cr_assert(stated_has_activity(&st, "make_good"));
    cr_assert_not(stated_has_activity(&st, "no_action"));
    cr_assert_eq(st.value[SC_TYPE], -1);
    stated_free(&st);
}
