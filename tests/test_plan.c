/* test_plan.c - the activity library, the rules and plan building.
 *
 * Uses the shipped share/activities.ini and share/rules.ini, the real
 * forms/debrief.ini, and small broken library files written to a temporary
 * directory.  Diagnoses are built by hand.
 */
#include <criterion/criterion.h>
#include <string.h>

#include "answers.h"
#include "classify.h"
#include "form.h"
#include "ini.h"
#include "plan.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"
#include "worth.h"

static library *L;
static form *F;
static answer_set A;
static diagnosis D;
static plan P;

static void print_problems(const problems *probs)
{
    for (size_t i = 0; i < probs->n; i++)
        fprintf(stderr, "  %s\n", probs->msg[i]);
}

static void setup(void)
{
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    L = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    print_problems(&probs);
    cr_assert_eq(probs.n, 0, "the shipped library has problems");
    cr_assert_not_null(L);
    F = form_load(tl_src("forms/debrief.ini"), &probs);
    print_problems(&probs);
    problems_free(&probs);
    cr_assert_not_null(F);
    answers_init(&A);
    diagnosis_init(&D);
    plan_init(&P);
}

static void teardown(void)
{
    plan_free(&P);
    diagnosis_free(&D);
    answers_free(&A);
    form_free(F);
    library_free(L);
}

TestSuite(plan, .init = setup, .fini = teardown);

/* Sets the final values of the four dimensions and the priority. */
static void diag(int type, int source, int stability, int control, int priority)
{
    int v[DIM_COUNT] = {type, source, stability, control};
    for (int d = 0; d < DIM_COUNT; d++)
        D.dim[d].computed = D.dim[d].final = v[d];
    D.priority = D.priority_final = priority;
}

static void put_role(const char *role, const char *value)
{
    const question *q = form_by_role(F, role);
    cr_assert_not_null(q, "debrief.ini has no question with role %s", role);
    answers_put(&A, q->id, value, false);
}

static int act_index(const plan *p, const char *id)
{
    for (size_t i = 0; i < p->nacts; i++)
        if (strcmp(p->acts[i].id, id) == 0)
            return (int)i;
    return -1;
}

static bool has_warning(const plan *p, const char *s)
{
    for (size_t i = 0; i < p->nwarnings; i++)
        if (strstr(p->warnings[i], s))
            return true;
    return false;
}

static void dump(const plan *p)
{
    for (size_t i = 0; i < p->nacts; i++)
        fprintf(stderr, "  act %s: %s\n", p->acts[i].id, p->acts[i].rationale);
    for (size_t i = 0; i < p->nwarnings; i++)
        fprintf(stderr, "  warning: %s\n", p->warnings[i]);
}

/* ---- the shipped library ------------------------------------------------- */

Test(plan, shipped_library_is_complete)
{
    static const char *const ids[] = {
        "apology", "price_concession", "make_good", "co_created_offer", "improved_process",
        "better_communication", "active_waiting", "senior_escalation", "small_bites",
        "positive_dissolution", "graceful_termination", "no_action",
    };
    for (size_t i = 0; i < ARRAY_LEN(ids); i++) {
        const activity *act = library_activity(L, ids[i]);
        cr_assert_not_null(act, "activity %s missing", ids[i]);
        cr_assert(act->title && *act->title && act->summary && *act->summary);
        cr_assert(act->justice >= 0 && act->justice < JUSTICE_COUNT);
        cr_assert_gt(act->nitems, 0);
        for (size_t k = 0; k < act->nitems; k++) {
            cr_assert(act->items[k].justice >= 0 && act->items[k].justice < JUSTICE_COUNT);
            cr_assert(act->items[k].number > 0);
            if (k)
                cr_assert_gt(act->items[k].number, act->items[k - 1].number);
        }
    }
    cr_assert_null(library_activity(L, "discount"));
    cr_assert(library_activity(L, "apology")->tags & ACT_TAG_APOLOGY);
    cr_assert(library_activity(L, "price_concession")->tags & ACT_TAG_CONCESSION);
    cr_assert_geq(L->nconduct, 3, "the rules of conduct are loaded");
    bool attack = false;
    for (size_t i = 0; i < L->nconduct; i++)
        attack = attack || strstr(L->conduct[i], "competition");
    cr_assert(attack, "never attack the competition is among the rules of conduct");
    cr_assert_gt(L->nrules, 5);
}

Test(plan, item_status_ids)
{
    for (int s = 0; s < ITEM_STATUS_COUNT; s++)
        cr_assert_eq(item_status_find(item_status_id(s)), s);
    cr_assert_eq(item_status_find("finished"), -1);
    cr_assert_null(item_status_id(ITEM_STATUS_COUNT));
}

/* ---- broken files ---------------------------------------------------------- */

static const char good_acts[] =
    "[activity.apology]\n"
    "title = Apology\n"
    "justice = interactional\n"
    "tags = apology\n"
    "summary = Say sorry.\n"
    "item.1 = interactional: Say sorry in person.\n"
    "\n"
    "[activity.price_concession]\n"
    "title = Discount\n"
    "justice = distributive\n"
    "tags = concession\n"
    "summary = Lower the price.\n"
    "item.1 = distributive: Offer a discount.\n";

static const char good_rules[] =
    "[conduct]\n"
    "listen = Listen first.\n"
    "\n"
    "[rule.always_discount]\n"
    "when = always\n"
    "propose = price_concession\n"
    "why = Everyone likes a discount.\n"
    "\n"
    "[rule.no_bribe]\n"
    "when = source = internal and control = controllable\n"
    "exclude = price_concession\n"
    "unless = apology\n"
    "why = No discount without an apology.\n";

/* Loads the two texts as files; returns the library or NULL with probs. */
static library *load_texts(const char *acts, const char *rules, problems *probs, char **dir)
{
    *dir = tl_tmpdir();
    char *ap = tl_write(*dir, "activities.ini", acts);
    char *rp = tl_write(*dir, "rules.ini", rules);
    library *lib = library_load(ap, rp, probs);
    free(ap);
    free(rp);
    return lib;
}

/* True when some problem contains both a and b. */
static bool problem_has(const problems *probs, const char *a, const char *b)
{
    for (size_t i = 0; i < probs->n; i++)
        if (strstr(probs->msg[i], a) && strstr(probs->msg[i], b))
            return true;
    return false;
}

Test(plan, small_library_loads)
{
    problems probs;
    problems_init(&probs);
    char *dir;
    library *lib = load_texts(good_acts, good_rules, &probs, &dir);
    print_problems(&probs);
    cr_assert_not_null(lib);
    cr_assert_eq(lib->nacts, 2);
    cr_assert_eq(lib->nrules, 2);
    cr_assert_eq(lib->nconduct, 1);
    library_free(lib);
    problems_free(&probs);
    tl_rmtree(dir);
    free(dir);
}

Test(plan, bad_activities_are_reported_with_file_and_line)
{
    const char *acts =
        "[activity.apology]\n"                          /* 1 */
        "title = Apology\n"                             /* 2 */
        "justice = interactional\n"                     /* 3 */
        "summary = Say sorry.\n"                        /* 4 */
        "item.1 = fair: Say sorry.\n"                   /* 5 */
        "item.2 = interactional:\n"                     /* 6 */
        "colour = blue\n"                               /* 7 */
        "\n"                                            /* 8 */
        "[activity.price_concession]\n"                 /* 9 */
        "justice = generous\n"                          /* 10 */
        "tags = bribe\n"                                /* 11 */
        "summary = Lower the price.\n"                  /* 12 */
        "item.1 = distributive: Offer a discount.\n"    /* 13 */
        "[extras]\n";                                   /* 14 */
    problems probs;
    problems_init(&probs);
    char *dir;
    library *lib = load_texts(acts, good_rules, &probs, &dir);
    print_problems(&probs);
    cr_assert_null(lib);
    cr_assert(problem_has(&probs, "activities.ini:5:", "unknown justice 'fair'"));
    cr_assert(problem_has(&probs, "activities.ini:6:", "no text"));
    cr_assert(problem_has(&probs, "activities.ini:7:", "unknown key 'colour'"));
    cr_assert(problem_has(&probs, "activities.ini:9:", "'title' missing"));
    cr_assert(problem_has(&probs, "activities.ini:10:", "unknown justice 'generous'"));
    cr_assert(problem_has(&probs, "activities.ini:11:", "unknown tag 'bribe'"));
    cr_assert(problem_has(&probs, "activities.ini:14:", "unknown section [extras]"));
    problems_free(&probs);
    tl_rmtree(dir);
    free(dir);
}

Test(plan, bad_rules_are_reported_with_file_and_line)
{
    const char *rules =
        "[conduct]\n"                                   /* 1 */
        "listen = Listen first.\n"                      /* 2 */
        "[rule.a]\n"                                    /* 3 */
        "when = type = bought_away\n"                   /* 4 */
        "propose = discount, apology\n"                 /* 5 */
        "why = x\n"                                     /* 6 */
        "[rule.b]\n"                                    /* 7 */
        "when = type = lured_away\n"                    /* 8 */
        "propose = apology\n"                           /* 9 */
        "why = x\n"                                     /* 10 */
        "[rule.c]\n"                                    /* 11 */
        "when = mood = sad and\n"                       /* 12 */
        "propose = apology\n"                           /* 13 */
        "[rule.d]\n"                                    /* 14 */
        "when = role.colour = blue or priority > 2\n"   /* 15 */
        "exclude = apology\n"                           /* 16 */
        "why = x\n"                                     /* 17 */
        "[rule.e]\n"                                    /* 18 */
        "when = always\n"                               /* 19 */
        "unless = apology\n"                            /* 20 */
        "why = x\n"                                     /* 21 */
        "[rule.f]\n"                                    /* 22 */
        "when = source = internal\n"                    /* 23 */
        "propose = apology\n"                           /* 24 */
        "why = x\n"                                     /* 25 */
        "whom = y\n";                                   /* 26 */
    problems probs;
    problems_init(&probs);
    char *dir;
    library *lib = load_texts(good_acts, rules, &probs, &dir);
    print_problems(&probs);
    cr_assert_null(lib);
    cr_assert(problem_has(&probs, "rules.ini:5:", "unknown activity 'discount'"));
    cr_assert_not(problem_has(&probs, "rules.ini:5:", "'apology'"));
    cr_assert(problem_has(&probs, "rules.ini:8:", "unknown value 'lured_away'"));
    cr_assert(problem_has(&probs, "rules.ini:12:", "unknown name 'mood'"));
    cr_assert(problem_has(&probs, "rules.ini:11:", "'why' missing"));
    cr_assert(problem_has(&probs, "rules.ini:15:", "unknown role 'colour'"));
    cr_assert(problem_has(&probs, "rules.ini:18:", "needs 'propose' or 'exclude'"));
    cr_assert(problem_has(&probs, "rules.ini:18:", "'unless' without 'exclude'"));
    cr_assert(problem_has(&probs, "rules.ini:26:", "unknown key 'whom'"));
    cr_assert_not(problem_has(&probs, "rules.ini:23:", ""), "rule f is fine");
    problems_free(&probs);
    tl_rmtree(dir);
    free(dir);
}

Test(plan, bad_conditions_each_say_why)
{
    static const char *const conds[][2] = {
        {"type = bought_away and", "empty clause"},
        {"type bought_away", "'name operator value'"},
        {"type ~ bought_away", "unknown operator '~'"},
        {"stability > stable", "only takes = or !="},
        {"role.margin > high", "needs a number"},
        {"always = yes", "'always' takes no operator"},
        {"source == internal", "unknown operator"},
    };
    for (size_t i = 0; i < ARRAY_LEN(conds); i++) {
        char *rules = xasprintf("[rule.x]\nwhen = %s\npropose = apology\nwhy = x\n",
                                conds[i][0]);
        problems probs;
        problems_init(&probs);
        char *dir;
        library *lib = load_texts(good_acts, rules, &probs, &dir);
        print_problems(&probs);
        cr_assert_null(lib, "'%s' should not load", conds[i][0]);
        cr_assert(problem_has(&probs, "rules.ini:2: rule 'x': bad condition", conds[i][1]),
                  "'%s' should say %s", conds[i][0], conds[i][1]);
        problems_free(&probs);
        tl_rmtree(dir);
        free(dir);
        free(rules);
    }
}

Test(plan, unloadable_file_is_reported)
{
    problems probs;
    problems_init(&probs);
    char *dir = tl_tmpdir();
    char *rp = tl_write(dir, "rules.ini", good_rules);
    char *missing = xasprintf("%s/nope.ini", dir);
    library *lib = library_load(missing, rp, &probs);
    print_problems(&probs);
    cr_assert_null(lib);
    cr_assert(problem_has(&probs, "nope.ini", ""));
    cr_assert_not(problem_has(&probs, "unknown activity", ""),
                  "rules are not checked against a library that did not load");
    problems_free(&probs);
    free(rp);
    free(missing);
    tl_rmtree(dir);
    free(dir);
}

/* ---- plans from the shipped rules ---------------------------------------- */

Test(plan, bought_away_and_unintentionally_pushed_away_get_different_plans)
{
    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW);
    plan_build(L, F, &A, &D, &P);
    dump(&P);
    cr_assert_gt(P.nacts, 0);
    cr_assert_str_eq(P.acts[0].id, "apology", "the apology comes first");
    cr_assert_geq(act_index(&P, "make_good"), 0);
    cr_assert_geq(act_index(&P, "improved_process"), 0);
    cr_assert_eq(act_index(&P, "graceful_termination"), -1);

    plan bought;
    plan_init(&bought);
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_PURSUE_NOW);
    plan_build(L, F, &A, &D, &bought);
    dump(&bought);
    int price = act_index(&bought, "price_concession");
    cr_assert_geq(price, 0);
    cr_assert_eq(act_index(&bought, "apology"), -1, "nothing to apologise for");
    cr_assert_eq(act_index(&bought, "make_good"), -1);
    cr_assert_str_neq(P.acts[0].id, bought.acts[0].id);
    /* Price is tied to a lock-in: a contract or programme item is there. */
    bool lock_in = false;
    for (size_t i = 0; i < bought.nitems; i++)
        if (strcmp(bought.items[i].activity, "price_concession") == 0 &&
            strstr(bought.items[i].text, "contract"))
            lock_in = true;
    cr_assert(lock_in);
    cr_assert_str_eq(bought.acts[price].rationale,
                     "They left for a lower price: a sharper price can win them back, tied "
                     "to a contract so the next cheaper offer does not take them again.");
    plan_free(&bought);
}

Test(plan, intentionally_pushed_away_gets_a_graceful_termination_only)
{
    diag(TYPE_INTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_STABLE, CONTROL_CONTROLLABLE,
         PRIORITY_LET_GO);
    plan_build(L, F, &A, &D, &P);
    dump(&P);
    cr_assert_geq(act_index(&P, "graceful_termination"), 0);
    cr_assert_eq(act_index(&P, "price_concession"), -1);
    cr_assert_eq(act_index(&P, "make_good"), -1);
    cr_assert_eq(act_index(&P, "small_bites"), -1);
    cr_assert_eq(P.nwarnings, 0);

    /* Even when someone overrode the priority to pursue now. */
    plan_free(&P);
    D.priority_final = PRIORITY_PURSUE_NOW;
    put_role("share_of_turnover", "40");
    plan_build(L, F, &A, &D, &P);
    dump(&P);
    cr_assert_eq(act_index(&P, "price_concession"), -1);
    cr_assert_eq(act_index(&P, "senior_escalation"), -1);
}

Test(plan, moved_away_waits_and_keeps_the_door_open)
{
    diag(TYPE_MOVED_AWAY, SOURCE_CUSTOMER, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_WAIT_ACTIVELY);
    plan_build(L, F, &A, &D, &P);
    dump(&P);
    cr_assert_geq(act_index(&P, "active_waiting"), 0);
    cr_assert_geq(act_index(&P, "positive_dissolution"), 0);
    cr_assert_eq(act_index(&P, "apology"), -1);
    cr_assert_eq(P.nwarnings, 0);
}

Test(plan, unknown_type_proposes_no_action)
{
    diag(-1, -1, -1, -1, -1);
    plan_build(L, F, &A, &D, &P);
    dump(&P);
    cr_assert_eq(P.nacts, 1);
    cr_assert_str_eq(P.acts[0].id, "no_action");
    cr_assert_str_eq(P.items[0].id, "no_action.1");
}

Test(plan, role_conditions_use_the_answers)
{
    diag(TYPE_PULLED_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_PURSUE_NOW);
    put_role("share_of_turnover", "10");
    plan_build(L, F, &A, &D, &P);
    cr_assert_eq(act_index(&P, "senior_escalation"), -1);
    plan_free(&P);

    put_role("share_of_turnover", "20");
    plan_build(L, F, &A, &D, &P);
    cr_assert_geq(act_index(&P, "senior_escalation"), 0);
    plan_free(&P);

    put_role("share_of_turnover", "");
    answers_put(&A, form_by_role(F, "share_of_turnover")->id, "", true);
    put_role("contacts_remaining", "no");
    plan_build(L, F, &A, &D, &P);
    cr_assert_geq(act_index(&P, "senior_escalation"), 0, "nobody talks to us");
}

Test(plan, checklist_ids_and_editing)
{
    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW);
    plan_build(L, F, &A, &D, &P);
    const activity *apology = library_activity(L, "apology");
    size_t n = 0;
    for (size_t i = 0; i < P.nitems; i++) {
        plan_item *it = &P.items[i];
        char *want = NULL;
        const activity *act = library_activity(L, it->activity);
        cr_assert_not_null(act);
        for (size_t k = 0; k < act->nitems; k++)
            if (strcmp(act->items[k].text, it->text) == 0)
                want = xasprintf("%s.%d", act->id, act->items[k].number);
        cr_assert_not_null(want);
        cr_assert_str_eq(it->id, want);
        cr_assert_eq(it->status, ITEM_TODO);
        cr_assert_null(it->owner);
        free(want);
        n += strcmp(it->activity, "apology") == 0;
    }
    cr_assert_eq(n, apology->nitems);

    cr_assert_not(plan_add_activity(&P, L, "apology", NULL), "already there");
    cr_assert_not(plan_add_activity(&P, L, "discount", NULL), "unknown");
    size_t before = P.nitems;
    cr_assert(plan_add_activity(&P, L, "senior_escalation", "The CEO knows their CEO."));
    cr_assert(plan_has_activity(&P, "senior_escalation"));
    cr_assert_eq(P.nitems, before + library_activity(L, "senior_escalation")->nitems);
    cr_assert_str_eq(P.acts[P.nacts - 1].rationale, "The CEO knows their CEO.");

    cr_assert(plan_remove_activity(&P, "apology"));
    cr_assert_not(plan_remove_activity(&P, "apology"));
    cr_assert_not(plan_has_activity(&P, "apology"));
    cr_assert_eq(P.nitems, before + library_activity(L, "senior_escalation")->nitems -
                               apology->nitems);
    for (size_t i = 0; i < P.nitems; i++)
        cr_assert_str_neq(P.items[i].activity, "apology");
}

Test(plan, plan_texts_come_from_the_answers)
{
    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW);
    put_role("customer", "Baltic Timber Oy");
    put_role("share_of_turnover", "18");
    put_role("story", "The street activation never happened.");
    put_role("do_differently", "Pass every booking to the region the same day.");
    plan_build(L, F, &A, &D, &P);
    fprintf(stderr, "%s\n--\n%s\n--\n%s\n--\n%s\n", P.relationship, P.fact, P.needs,
            P.commitment);
    cr_assert_not_null(strstr(P.relationship, "Baltic Timber Oy"));
    cr_assert_not_null(strstr(P.relationship, "18"));
    cr_assert_not_null(strstr(P.fact, "The street activation never happened."));
    cr_assert_not_null(strstr(P.fact, vocab_value_label(DIM_TYPE, D.dim[DIM_TYPE].final)));
    cr_assert_not_null(strstr(P.needs, "Not known yet"));
    cr_assert_not_null(strstr(P.commitment, "Pass every booking"));
    cr_assert_not_null(strstr(P.commitment, "prevented"));

    plan empty;
    plan_init(&empty);
    answer_set none;
    answers_init(&none);
    plan_build(L, F, &none, &D, &empty);
    cr_assert_not_null(strstr(empty.relationship, "Not recorded"));
    cr_assert_null(strstr(empty.fact, "What happened"));
    plan_free(&empty);
    answers_free(&none);
}

/* ---- warnings ------------------------------------------------------------- */

Test(plan, balanced_plans_have_no_warnings)
{
    static const int cases[][5] = {
        {TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW},
        {TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_PURSUE_NOW},
        {TYPE_PULLED_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_WAIT_ACTIVELY},
        {TYPE_MOVED_AWAY, SOURCE_CUSTOMER, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_LET_GO},
        {TYPE_BOUGHT_AWAY, SOURCE_SALESPERSON, STABILITY_STABLE, CONTROL_CONTROLLABLE,
         PRIORITY_WAIT_ACTIVELY},
        {TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_STABLE,
         CONTROL_CONTROLLABLE, PRIORITY_LET_GO},
        {TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_LET_GO},
        {TYPE_PULLED_AWAY, SOURCE_ENVIRONMENT, STABILITY_UNSTABLE, CONTROL_UNCONTROLLABLE,
         -1},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        diag(cases[i][0], cases[i][1], cases[i][2], cases[i][3], cases[i][4]);
        plan_build(L, F, &A, &D, &P);
        dump(&P);
        cr_assert_eq(P.nwarnings, 0, "case %zu has warnings", i);
        plan_free(&P);
    }
}

Test(plan, a_discount_without_apology_when_we_were_at_fault_is_flagged)
{
    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW);
    plan_build(L, F, &A, &D, &P);
    cr_assert(plan_add_activity(&P, L, "price_concession", NULL));
    plan_check(L, &D, &P);
    cr_assert_eq(P.nwarnings, 0, "with the apology it is fine");
    plan_remove_activity(&P, "apology");
    plan_check(L, &D, &P);
    dump(&P);
    cr_assert(has_warning(&P, "no apology"));

    /* The same plan for a customer who left for price is fine. */
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_PURSUE_NOW);
    plan_check(L, &D, &P);
    cr_assert_not(has_warning(&P, "no apology"));
}

Test(plan, a_plan_without_people_is_flagged)
{
    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_PURSUE_NOW);
    plan_add_activity(&P, L, "price_concession", NULL);
    plan_check(L, &D, &P);
    dump(&P);
    cr_assert(has_warning(&P, "interactional"));
    plan_add_activity(&P, L, "better_communication", NULL);
    plan_check(L, &D, &P);
    cr_assert_not(has_warning(&P, "interactional"));
}

Test(plan, a_concession_to_a_customer_we_let_go_is_flagged)
{
    diag(TYPE_INTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_STABLE, CONTROL_CONTROLLABLE,
         PRIORITY_LET_GO);
    plan_build(L, F, &A, &D, &P);
    cr_assert_eq(P.nwarnings, 0);
    plan_add_activity(&P, L, "price_concession", NULL);
    plan_check(L, &D, &P);
    dump(&P);
    cr_assert(has_warning(&P, "pushed away on purpose"));
    cr_assert(has_warning(&P, "ends the relationship and courts"));

    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_LET_GO);
    plan_check(L, &D, &P);
    cr_assert(has_warning(&P, "decided to let go"));
}

Test(plan, activities_with_every_item_dropped_are_flagged)
{
    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW);
    plan_build(L, F, &A, &D, &P);
    cr_assert_eq(P.nwarnings, 0);
    for (size_t i = 0; i < P.nitems; i++)
        if (strcmp(P.items[i].activity, "improved_process") == 0)
            P.items[i].status = ITEM_DROPPED;
    plan_check(L, &D, &P);
    dump(&P);
    cr_assert(has_warning(&P, "no checklist items left"));
    cr_assert_not(has_warning(&P, "changes how we work"), "other items are procedural");
    cr_assert(has_warning(&P, library_activity(L, "improved_process")->title));

    for (size_t i = 0; i < P.nitems; i++)
        if (P.items[i].justice == JUSTICE_PROCEDURAL)
            P.items[i].status = ITEM_DROPPED;
    plan_check(L, &D, &P);
    cr_assert(has_warning(&P, "changes how we work"), "nothing procedural is left");

    for (size_t i = 0; i < P.nitems; i++)
        P.items[i].status = ITEM_DONE;
    plan_check(L, &D, &P);
    cr_assert_eq(P.nwarnings, 0, "done items still count");

    plan_free(&P);
    plan_check(L, &D, &P);
    cr_assert(has_warning(&P, "no activities"));
}

/* ---- exclusions ------------------------------------------------------------ */

Test(plan, exclusion_applies_unless_the_plan_has_the_named_activity)
{
    problems probs;
    problems_init(&probs);
    char *dir;
    library *lib = load_texts(good_acts, good_rules, &probs, &dir);
    cr_assert_not_null(lib);

    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_FIRM, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW);
    plan_build(lib, NULL, NULL, &D, &P);
    cr_assert_eq(act_index(&P, "price_concession"), -1, "no discount without an apology");
    plan_free(&P);

    diag(TYPE_BOUGHT_AWAY, SOURCE_COMPETITOR, STABILITY_STABLE, CONTROL_UNCONTROLLABLE,
         PRIORITY_PURSUE_NOW);
    plan_build(lib, NULL, NULL, &D, &P);
    cr_assert_geq(act_index(&P, "price_concession"), 0);
    plan_free(&P);
    library_free(lib);

    /* With a rule proposing the apology, the discount stays. */
    char *rules = xasprintf("%s\n[rule.sorry]\nwhen = source = internal\n"
                            "propose = apology\nwhy = Sorry.\n", good_rules);
    tl_rmtree(dir);
    free(dir);
    lib = load_texts(good_acts, rules, &probs, &dir);
    print_problems(&probs);
    cr_assert_not_null(lib);
    diag(TYPE_UNINTENTIONALLY_PUSHED_AWAY, SOURCE_SALESPERSON, STABILITY_UNSTABLE,
         CONTROL_CONTROLLABLE, PRIORITY_PURSUE_NOW);
    plan_build(lib, NULL, NULL, &D, &P);
    cr_assert_geq(act_index(&P, "price_concession"), 0);
    cr_assert_geq(act_index(&P, "apology"), 0);
    library_free(lib);
    free(rules);
    problems_free(&probs);
    tl_rmtree(dir);
    free(dir);
}

/* ---- the worked examples, through the real classifier ---------------------- */

/* Loads the [answers] of share/examples/<name>.ini into A, as `winback
 * import` would read them ("?" is "Don't know"). */
static void load_example(const char *name)
{
    problems probs;
    problems_init(&probs);
    char *rel = xasprintf("share/examples/%s.ini", name);
    ini_file *ini = ini_load(tl_src(rel), &probs);
    print_problems(&probs);
    cr_assert_not_null(ini, "%s does not load", rel);
    const ini_section *s = ini_section_get(ini, "answers");
    cr_assert_not_null(s);
    for (size_t i = 0; i < s->nentries; i++) {
        const ini_entry *e = &s->entries[i];
        const question *q = form_question(F, e->key);
        cr_assert_not_null(q, "%s: no question %s", rel, e->key);
        char *canon = NULL, *err = NULL;
        if (strcmp(e->value, "?") == 0) {
            answers_put(&A, q->id, "", true);
            continue;
        }
        cr_assert(answer_parse(q, e->value, &canon, &err), "%s: %s: %s", rel, e->key, err);
        if (canon)
            answers_put(&A, q->id, canon, false);
        free(canon);
    }
    ini_free(ini);
    problems_free(&probs);
    free(rel);
}

/* Classifies A, assesses the worth and builds the plan into P. */
static void run_pipeline(void)
{
    classify(F, &A, &D);
    worth_assess(F, &A, &D);
    plan_build(L, F, &A, &D, &P);
    fprintf(stderr, "type %s, priority %s\n",
            vocab_value_id(DIM_TYPE, D.dim[DIM_TYPE].final), priority_id(D.priority_final));
    dump(&P);
}

Test(plan, example_unintentionally_pushed_away)
{
    load_example("unintentionally_pushed_away");
    run_pipeline();
    cr_assert_eq(D.dim[DIM_TYPE].final, TYPE_UNINTENTIONALLY_PUSHED_AWAY);
    cr_assert_str_eq(P.acts[0].id, "apology");
    cr_assert_geq(act_index(&P, "make_good"), 0);
    cr_assert_eq(P.nwarnings, 0);
    cr_assert_not_null(strstr(P.relationship, "Sunfield Beverages"));
}

Test(plan, example_intentionally_pushed_away)
{
    load_example("intentionally_pushed_away");
    run_pipeline();
    cr_assert_eq(D.dim[DIM_TYPE].final, TYPE_INTENTIONALLY_PUSHED_AWAY);
    cr_assert_eq(D.priority_final, PRIORITY_LET_GO);
    cr_assert_str_eq(P.acts[0].id, "graceful_termination");
    cr_assert_eq(act_index(&P, "price_concession"), -1);
    cr_assert_eq(P.nwarnings, 0);
}

Test(plan, example_bought_away)
{
    load_example("bought_away");
    run_pipeline();
    cr_assert_eq(D.dim[DIM_TYPE].final, TYPE_BOUGHT_AWAY);
    cr_assert_eq(act_index(&P, "apology"), -1);
    cr_assert_eq(P.nwarnings, 0);
}

Test(plan, example_pulled_away)
{
    load_example("pulled_away");
    run_pipeline();
    cr_assert_eq(D.dim[DIM_TYPE].final, TYPE_PULLED_AWAY);
    cr_assert_geq(act_index(&P, "co_created_offer"), 0);
    cr_assert_eq(P.nwarnings, 0);
}

Test(plan, example_moved_away)
{
    load_example("moved_away");
    run_pipeline();
    cr_assert_eq(D.dim[DIM_TYPE].final, TYPE_MOVED_AWAY);
    if (D.priority_final == PRIORITY_PURSUE_NOW)
        cr_assert_geq(act_index(&P, "co_created_offer"), 0, "an opening: make an offer");
    else
        cr_assert_geq(act_index(&P, "active_waiting"), 0);
    cr_assert_eq(act_index(&P, "apology"), -1);
    cr_assert_eq(P.nwarnings, 0);
}
