/* test_roleplay.c - role-plays kept in the store: a training session from
 * files, retakes with the previous score, the trainer's views, and a
 * role-play begun in the wizard and scored later. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonlib.h"
#include "query.h"
#include "report.h"
#include "roleplay.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"

static char *Dir;
static library *L;
static store *S;

static void setup(void)
{
    Dir = tl_tmpdir();
    cr_assert_not_null(Dir);
    char *cfg = xasprintf("%s/config", Dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    setenv("XDG_DATA_HOME", cfg, 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1);
    free(cfg);
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    L = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    problems_free(&probs);
    cr_assert_not_null(L);
    char *db = xasprintf("%s/w.db", Dir);
    S = store_open(db, 0, NULL);
    free(db);
    cr_assert_not_null(S);
}

static void teardown(void)
{
    store_close(S);
    library_free(L);
    tl_rmtree(Dir);
    free(Dir);
}

TestSuite(roleplay, .init = setup, .fini = teardown);

static scenario *load(const char *id)
{
    char *rel = xasprintf("share/scenarios/%s.ini", id);
    problems probs;
    problems_init(&probs);
    scenario *sc = scenario_load(tl_src(rel), L, &probs);
    for (size_t i = 0; i < probs.n; i++)
        fprintf(stderr, "%s\n", probs.msg[i]);
    problems_free(&probs);
    free(rel);
    cr_assert_not_null(sc);
    return sc;
}

/* Plays scenario id with the faithful answers and diagnosis file diag
 * (NULL: the correct one); returns the score, *previous and *session. */
static int play(const scenario *sc, const char *trainee, const char *diag, int *previous,
                int64_t *session)
{
    char *ans = xasprintf("tests/scenarios/%s.ini", sc->id);
    char *rel = xasprintf("tests/scenarios/%s.diagnosis.ini", sc->id);
    char *dg = xstrdup(diag ? diag : tl_src(rel));
    char *ap = xstrdup(tl_src(ans));
    free(rel);
    training_result r;
    problems probs;
    problems_init(&probs);
    int rc = roleplay_run_files(S, L, sc, trainee, ap, dg, &r, previous, session, &probs);
    for (size_t i = 0; i < probs.n; i++)
        fprintf(stderr, "%s\n", probs.msg[i]);
    cr_assert_eq(rc, 0);
    int score = r.score;
    training_result_free(&r);
    problems_free(&probs);
    free(ap);
    free(dg);
    free(ans);
    return score;
}

Test(roleplay, a_retake_knows_the_previous_score_and_views_list_both)
{
    scenario *sc = load("timber_price");
    char *wrong = tl_write(Dir, "wrong.ini", "[diagnosis]\ntype = pulled_away\n"
                           "source = firm\nstability = unstable\ncontrol = controllable\n"
                           "priority = pursue_now\nactivities = apology\n");
    int prev = 0;
    int64_t s1 = 0, s2 = 0;
    int first = play(sc, "Sam", wrong, &prev, &s1);
    cr_assert_eq(prev, -1, "no earlier attempt");
    cr_assert_lt(first, 70);
    int second = play(sc, "Sam", NULL, &prev, &s2);
    cr_assert_eq(second, 100);
    cr_assert_eq(prev, first, "the retake sees the first score");
    int other = play(sc, "Kim", NULL, &prev, &s2);
    cr_assert_eq(other, 100);
    cr_assert_eq(prev, -1, "another trainee's attempts do not count");

    attempt *a;
    size_t n;
    cr_assert_eq(roleplay_attempts(S, "timber_price", NULL, &a, &n, NULL), STORE_OK);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(a[0].trainee, "Sam");
    cr_assert_eq(a[0].type_chosen, TYPE_PULLED_AWAY);
    cr_assert_eq(a[0].passed, false);
    cr_assert_eq(a[1].score, 100);
    char *csv = roleplay_render_attempts(a, n, ROLEPLAY_BY_SCENARIO, ROLEPLAY_CSV);
    cr_assert(strstr(csv, "session,scenario,"), "%s", csv);
    char *delta = xasprintf(",%d\r\n", 100 - first);
    cr_assert_not_null(strstr(csv, delta), "the retake's change since last time: %s", csv);
    free(delta);
    char *js = roleplay_render_attempts(a, n, ROLEPLAY_BY_TRAINEE, REPORT_JSON);
    cr_assert(json_valid(js), "%s", js);
    free(js);
    free(csv);
    attempt_list_free(a, n);

    const char *ids[] = { "timber_price", "food_in_house" };
    int counts[2];
    cr_assert_eq(roleplay_play_counts(S, ids, 2, counts, NULL), STORE_OK);
    cr_assert_eq(counts[0], 3);
    cr_assert_eq(counts[1], 0);
    char *fb = NULL;
    cr_assert_eq(roleplay_feedback_json(S, s1, &fb, NULL), STORE_OK);
    cr_assert(fb && json_valid(fb), "the feedback is kept as scored");
    free(fb);
    free(wrong);
    scenario_free(sc);
}

Test(roleplay, training_sessions_stay_out_of_real_lists)
{
    scenario *sc = load("food_in_house");
    int prev;
    int64_t s;
    play(sc, "Sam", NULL, &prev, &s);
    query_filter f;
    query_filter_init(&f);
    int64_t n = -1;
    cr_assert_eq(query_count(S, &f, &n, NULL), STORE_OK);
    cr_assert_eq(n, 0, "real sessions only by default");
    f.training = QUERY_TRAINING;
    cr_assert_eq(query_count(S, &f, &n, NULL), STORE_OK);
    cr_assert_eq(n, 1);
    query_filter_free(&f);
    scenario_free(sc);
}

Test(roleplay, begun_in_the_wizard_then_scored)
{
    scenario *sc = load("street_activation");
    int64_t id = 0;
    cr_assert_eq(store_session_new(S, "debrief", "1", "Ana", false, &id, NULL), STORE_OK);
    cr_assert_eq(roleplay_begin(S, id, sc, "Ana", NULL), STORE_OK);
    char *sid = NULL, *who = NULL;
    bool scored = true;
    cr_assert_eq(roleplay_session(S, id, &sid, &who, &scored, NULL), STORE_OK);
    cr_assert_str_eq(sid, "street_activation");
    cr_assert_str_eq(who, "Ana");
    cr_assert_not(scored);
    free(sid);
    free(who);
    session_info info;
    cr_assert_eq(store_session_get(S, id, &info, NULL), STORE_OK);
    cr_assert(info.training, "a role-play is a training session from its start");
    session_info_free(&info);
    const char *ids[] = { "street_activation" };
    int count = -1;
    cr_assert_eq(roleplay_play_counts(S, ids, 1, &count, NULL), STORE_OK);
    cr_assert_eq(count, 0, "an unscored role-play is not a play yet");

    stated said;
    stated_init(&said);
    said.value[SC_TYPE] = TYPE_UNINTENTIONALLY_PUSHED_AWAY;
    training_result r;
    int prev = 0;
    cr_assert_eq(roleplay_finish(S, L, sc, id, "Ana", &said, &r, &prev, NULL), STORE_OK);
    cr_assert_eq(prev, -1);
    cr_assert_gt(r.score, 0);
    cr_assert_eq(roleplay_session(S, id, &sid, &who, &scored, NULL), STORE_OK);
    cr_assert(scored);
    free(sid);
    free(who);
    training_result_free(&r);
    stated_free(&said);
    scenario_free(sc);
}
