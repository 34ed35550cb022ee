/* test_stats.c - outcome statistics on a hand-made team (sessionlib.h's
 * sl_team) whose figures are worked out by hand below, their filters, and
 * the text (bars) and JSON renderings. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonlib.h"
#include "query.h"
#include "sessionlib.h"
#include "stats.h"
#include "store.h"
#include "testlib.h"
#include "text.h"
#include "util.h"

/* The figures of sl_team's real sessions 1-8, by hand:
 *
 * outcomes: won back 1, 4, 7 (3); partly won back 3 (1); lost for good 2
 *   (1); terminated 5 (1); still trying 6 (1); none 8 (1).
 *   decided = 3 + 1 + 1 + 1 = 6; ratio = 3 / 6 = 0.5.
 * days from loss to win back: 1: 01-10 -> 01-30 = 20; 4: 04-20 -> 06-19 =
 *   10 + 31 + 19 = 60; 7: 08-01 -> 09-10 = 40.  Median of 20, 40, 60 = 40.
 * diagnosed: all but 8 = 7; overridden by the salesperson: 4 (1 = 1/7);
 *   by a manager: 5, 7 (2); by either: 3 (3/7).
 *
 * per type (7 counts as moved_away: the manager's type wins):
 *   bought_away   1 2 3  sessions 3, won 1, decided 3 (won, lost, partly): 1/3
 *   pulled_away   4      1, won 1, decided 1: 1
 *   unintentionally_pushed_away 5 6  2, won 0, decided 1 (terminated): 0
 *   moved_away    7      1, won 1: 1
 *   intentionally_pushed_away  0 sessions: n/a
 *   (no diagnosis) 8     1, nothing decided: n/a
 * per source: salesperson 6 (n/a); firm 3 5 (0/2 = 0); customer none
 *   (n/a); competitor 1 2 4 (won 1 and 4, lost 2: 2/3); environment 7 (1);
 *   (no diagnosis) 8.
 * per salesperson: Ann 1 2 3: 3 sessions, 1/3, overridden 0 of 3;
 *   Bob 4 5 6: 3 sessions, won 4, terminated 5: 1/2, overridden 2 of 3
 *   (own 4, manager 5); Cy 7 8: 2 sessions, 1/1, overridden 1 of 1 (7).
 * per quarter: 2025Q1 1 2: won, lost: 1/2; 2025Q2 3 4 5: partly, won,
 *   terminated: 1/3; 2025Q3 6 7 8: trying, won, none: 1/1.
 * with training session 9 (won back after 1 day): 9 sessions, won 4 of 7
 *   decided; median of 1, 20, 40, 60 = (20 + 40) / 2 = 30.
 */

static char *Dir;
static store *S;

static void setup(void)
{
    Dir = tl_tmpdir();
    cr_assert_not_null(Dir);
    char *db = xasprintf("%s/winback.db", Dir);
    char *err = NULL;
    S = store_open(db, 0, &err);
    cr_assert_not_null(S, "store_open: %s", err ? err : "?");
    free(db);
    for (int i = 1; i <= 9; i++)
        sl_make(S, &sl_team[i]);
}

static void teardown(void)
{
    store_close(S);
    tl_rmtree(Dir);
    free(Dir);
}

TestSuite(stats, .init = setup, .fini = teardown);

/* Computes the statistics for the filter "name=value" args (NULL-ended). */
static void compute(stats *s, const char *const *args)
{
    query_filter f;
    query_filter_init(&f);
    char *err = NULL;
    for (size_t i = 0; args[i]; i++)
        cr_assert(query_filter_parse(&f, args[i], &err), "%s", err ? err : "");
    cr_assert_eq(stats_compute(S, &f, s, &err), STORE_OK, "%s", err ? err : "");
    query_filter_free(&f);
}

#define COMPUTE(s, ...) compute(s, (const char *const[]){ __VA_ARGS__ NULL })

static const stats_bucket *bucket(const stats *s, int g, const char *key)
{
    for (size_t i = 0; i < s->ngroups[g]; i++)
        if (strcmp(s->groups[g][i].key, key) == 0)
            return &s->groups[g][i];
    cr_assert_fail("no bucket %s in group %s", key, stats_group_id(g));
    return NULL;
}

/* Checks a bucket's sessions, won back, decided and ratio. */
static void check(const stats *s, int g, const char *key, int64_t n, int64_t won, int64_t decided)
{
    const stats_bucket *b = bucket(s, g, key);
    cr_assert_eq(b->c.sessions, n, "%s %s: sessions %lld", stats_group_id(g), key,
                 (long long)b->c.sessions);
    cr_assert_eq(b->c.outcome[OUTCOME_WON_BACK], won, "%s %s: won", stats_group_id(g), key);
    cr_assert_eq(stats_decided(&b->c), decided, "%s %s: decided", stats_group_id(g), key);
    double want = decided ? (double)won / (double)decided : -1;
    cr_assert(fabs(stats_ratio(&b->c) - want) < 1e-9, "%s %s: ratio %f", stats_group_id(g), key,
              stats_ratio(&b->c));
}

Test(stats, totals_median_and_overrides_by_hand)
{
    stats s;
    COMPUTE(&s);
    const stats_counts *t = &s.total;
    cr_assert_eq(t->sessions, 8);
    int64_t want[OUTCOME_COUNT] = { [OUTCOME_NONE] = 1, [OUTCOME_WON_BACK] = 3,
                                    [OUTCOME_PARTLY] = 1, [OUTCOME_TRYING] = 1,
                                    [OUTCOME_LOST] = 1, [OUTCOME_TERMINATED] = 1 };
    for (int o = 0; o < OUTCOME_COUNT; o++)
        cr_assert_eq(t->outcome[o], want[o], "%s", outcome_id(o));
    cr_assert_eq(stats_decided(t), 6);
    cr_assert_float_eq(stats_ratio(t), 0.5, 1e-9);
    cr_assert_float_eq(s.median_days, 40.0, 1e-9);
    cr_assert_eq(s.median_n, 3);
    cr_assert_eq(t->diagnosed, 7);
    cr_assert_eq(t->over_own, 1);
    cr_assert_eq(t->over_manager, 2);
    cr_assert_eq(t->over_any, 3);
    cr_assert_str_eq(s.filter, "");
    stats_free(&s);
}

Test(stats, per_type_and_source_by_hand)
{
    stats s;
    COMPUTE(&s);
    cr_assert_eq(s.ngroups[STATS_BY_TYPE], 6);   /* five types and "no diagnosis" */
    for (int t = 0; t < TYPE_COUNT; t++)           /* in vocabulary order */
        cr_assert_str_eq(s.groups[STATS_BY_TYPE][t].key, vocab_value_id(DIM_TYPE, t));
    cr_assert_str_eq(s.groups[STATS_BY_TYPE][0].label, "Bought away");
    check(&s, STATS_BY_TYPE, "bought_away", 3, 1, 3);
    check(&s, STATS_BY_TYPE, "pulled_away", 1, 1, 1);
    check(&s, STATS_BY_TYPE, "unintentionally_pushed_away", 2, 0, 1);
    check(&s, STATS_BY_TYPE, "moved_away", 1, 1, 1);
    check(&s, STATS_BY_TYPE, "intentionally_pushed_away", 0, 0, 0);
    check(&s, STATS_BY_TYPE, "", 1, 0, 0);
    cr_assert_str_eq(s.groups[STATS_BY_TYPE][5].label, "(no diagnosis)");
    check(&s, STATS_BY_SOURCE, "salesperson", 1, 0, 0);
    check(&s, STATS_BY_SOURCE, "firm", 2, 0, 2);
    check(&s, STATS_BY_SOURCE, "customer", 0, 0, 0);
    check(&s, STATS_BY_SOURCE, "competitor", 3, 2, 3);
    check(&s, STATS_BY_SOURCE, "environment", 1, 1, 1);
    check(&s, STATS_BY_SOURCE, "", 1, 0, 0);
    cr_assert_str_eq(bucket(&s, STATS_BY_SOURCE, "environment")->label, "The environment");
    stats_free(&s);
}

Test(stats, per_salesperson_and_quarter_by_hand)
{
    stats s;
    COMPUTE(&s);
    cr_assert_eq(s.ngroups[STATS_BY_SALESPERSON], 3);
    const char *order[] = { "Ann", "Bob", "Cy" };   /* most sessions first, then by name */
    for (int i = 0; i < 3; i++)
        cr_assert_str_eq(s.groups[STATS_BY_SALESPERSON][i].key, order[i]);
    check(&s, STATS_BY_SALESPERSON, "Ann", 3, 1, 3);
    check(&s, STATS_BY_SALESPERSON, "Bob", 3, 1, 2);
    check(&s, STATS_BY_SALESPERSON, "Cy", 2, 1, 1);
    const stats_counts *bob = &bucket(&s, STATS_BY_SALESPERSON, "Bob")->c;
    cr_assert_eq(bob->diagnosed, 3);
    cr_assert_eq(bob->over_own, 1);
    cr_assert_eq(bob->over_manager, 1);
    cr_assert_eq(bob->over_any, 2);
    const stats_counts *cy = &bucket(&s, STATS_BY_SALESPERSON, "Cy")->c;
    cr_assert_eq(cy->diagnosed, 1);
    cr_assert_eq(cy->over_manager, 1);
    cr_assert_eq(bucket(&s, STATS_BY_SALESPERSON, "Ann")->c.over_any, 0);
    cr_assert_eq(s.ngroups[STATS_BY_QUARTER], 3);
    const char *q[] = { "2025Q1", "2025Q2", "2025Q3" };
    for (int i = 0; i < 3; i++)
        cr_assert_str_eq(s.groups[STATS_BY_QUARTER][i].key, q[i]);
    cr_assert_str_eq(s.groups[STATS_BY_QUARTER][1].label, "2025 Q2");
    check(&s, STATS_BY_QUARTER, "2025Q1", 2, 1, 2);
    check(&s, STATS_BY_QUARTER, "2025Q2", 3, 1, 3);
    check(&s, STATS_BY_QUARTER, "2025Q3", 3, 1, 1);
    stats_free(&s);
}

Test(stats, filters_apply)
{
    stats s;
    COMPUTE(&s, "salesperson=bob",);
    cr_assert_eq(s.total.sessions, 3);
    cr_assert_float_eq(stats_ratio(&s.total), 0.5, 1e-9);
    cr_assert_float_eq(s.median_days, 60.0, 1e-9);
    cr_assert_eq(s.ngroups[STATS_BY_SALESPERSON], 1);
    cr_assert_str_eq(s.filter, "salesperson=bob");
    stats_free(&s);

    COMPUTE(&s, "training=all",);
    cr_assert_eq(s.total.sessions, 9);
    cr_assert_eq(s.total.outcome[OUTCOME_WON_BACK], 4);
    cr_assert_eq(stats_decided(&s.total), 7);
    cr_assert_float_eq(s.median_days, 30.0, 1e-9);   /* even count: mean of the middle two */
    cr_assert_eq(s.median_n, 4);
    check(&s, STATS_BY_SALESPERSON, "Ann", 4, 2, 4);
    stats_free(&s);

    COMPUTE(&s, "from=2025Q2", "to=2025Q2",);
    cr_assert_eq(s.total.sessions, 3);
    cr_assert_eq(s.ngroups[STATS_BY_QUARTER], 1);
    check(&s, STATS_BY_TYPE, "bought_away", 1, 0, 1);
    stats_free(&s);

    COMPUTE(&s, "outcome=still_trying",);
    cr_assert_eq(s.total.sessions, 1);
    cr_assert_eq(stats_ratio(&s.total), -1);   /* nothing decided */
    cr_assert_eq(s.median_n, 0);
    cr_assert_eq(s.median_days, -1);
    stats_free(&s);

    COMPUTE(&s, "search=price",);
    cr_assert_eq(s.total.sessions, 3);
    stats_free(&s);
}

Test(stats, bars)
{
    char *b = stats_bar(3, 3, 10, true);
    cr_assert_str_eq(b, "##########");
    free(b);
    b = stats_bar(1, 3, 10, true);            /* 3.33 cells: 3 full and a half */
    cr_assert_str_eq(b, "###+      ");
    free(b);
    b = stats_bar(0, 3, 4, true);
    cr_assert_str_eq(b, "    ");
    free(b);
    b = stats_bar(1, 1000, 4, false);          /* anything at all shows */
    cr_assert_str_eq(b, "\u258c   ");
    free(b);
    b = stats_bar(2, 2, 3, false);
    cr_assert_str_eq(b, "\u2588\u2588\u2588");
    free(b);
}

/* The line of text that starts with label (static buffer). */
static const char *line_of(const char *text, const char *label)
{
    static char buf[400];
    for (const char *p = text; p && *p;) {
        const char *end = strchr(p, '\n');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (strncmp(p, label, strlen(label)) == 0) {
            snprintf(buf, sizeof buf, "%.*s", (int)n, p);
            return buf;
        }
        p = end ? end + 1 : NULL;
    }
    return NULL;
}

Test(stats, text_has_bars_and_numbers_within_the_width)
{
    stats s;
    COMPUTE(&s);
    int widths[] = { 60, 80, 132 };
    for (size_t k = 0; k < ARRAY_LEN(widths); k++) {
        for (int ascii = 0; ascii < 2; ascii++) {
            char *t = stats_render_text(&s, widths[k], ascii);
            size_t n;
            char **lines = str_split(t, '\n', &n);
            for (size_t i = 0; i < n; i++)
                cr_assert_leq(text_width(lines[i]), widths[k], "%d: [%s]", widths[k], lines[i]);
            str_list_free(lines, n);
            for (const char *p = t; ascii && *p; p++)
                cr_assert_lt((unsigned char)*p, 0x80, "non-ASCII in ASCII mode");
            free(t);
        }
    }
    char *t = stats_render_text(&s, 80, true);
    cr_assert_not_null(strstr(t, "Reacquisition ratio: 50% (3 won back of 6 decided)"), "%s", t);
    cr_assert_not_null(strstr(t, "Median time from loss to win back: 40.0 days"), "%s", t);
    const char *l = line_of(t, "Bought away");
    cr_assert_not_null(l, "%s", t);
    /* the biggest type fills its bar; 1 won of 3 decided is 33% */
    cr_assert_not_null(strstr(l, "########"), "%s", l);
    cr_assert_not_null(strstr(l, "3    33%  1/3"), "%s", l);
    l = line_of(t, "Intentionally");
    cr_assert_not_null(strstr(l, "0    n/a  0/0"), "%s", l);
    cr_assert_null(strchr(l, '#'), "%s", l);
    l = line_of(t, "2025 Q3");
    cr_assert_not_null(strstr(l, "3   100%  1/1"), "%s", l);
    cr_assert_not_null(line_of(t, "Diagnoses overridden, by salesperson"), "%s", t);
    free(t);
    stats_free(&s);
}

Test(stats, lines_for_the_tui)
{
    stats s;
    COMPUTE(&s);
    size_t n;
    stats_line *lines = stats_lines(&s, &n);
    cr_assert_eq(lines[0].kind, STATS_LINE_TITLE);
    int bars = 0;
    for (size_t i = 0; i < n; i++) {
        if (lines[i].kind != STATS_LINE_BAR)
            continue;
        bars++;
        cr_assert_leq(lines[i].value, lines[i].max);
        if (strcmp(lines[i].label, "Unintentionally pushed away") == 0) {
            cr_assert_eq(lines[i].value, 2);
            cr_assert_eq(lines[i].max, 3);
            cr_assert_eq(lines[i].won, 0);
            cr_assert_eq(lines[i].decided, 1);
        }
    }
    cr_assert_eq(bars, 6 + 6 + 3 + 3 + 3);   /* types, sources, people, quarters, overrides */
    stats_lines_free(lines, n);
    stats_free(&s);
}

Test(stats, json_is_valid_and_holds_the_figures)
{
    stats s;
    COMPUTE(&s, "salesperson=Bob",);
    char *js = stats_render_json(&s);
    cr_assert(json_valid(js), "%s", js);
    cr_assert(str_starts(js, "{\"filter\":\"salesperson=Bob\",\"sessions\":3,"), "%s", js);
    cr_assert_not_null(strstr(js, "\"decided\":2,\"ratio\":0.5000"), "%s", js);
    cr_assert_not_null(strstr(js, "\"median_days_to_win_back\":60.0"), "%s", js);
    cr_assert_not_null(strstr(js, "{\"key\":\"intentionally_pushed_away\",\"label\":"
                                  "\"Intentionally pushed away\",\"sessions\":0"), "%s", js);
    cr_assert_not_null(strstr(js, "\"ratio\":null"), "%s", js);
    free(js);
    stats_free(&s);
}

Test(stats, names_with_quotes_and_controls)
{
    sl_case c = sl_team[1];
    c.salesperson = "Zoë \"Z\" \x1b[31mRed";
    sl_make(S, &c);
    stats s;
    COMPUTE(&s);
    char *js = stats_render_json(&s);
    cr_assert(json_valid(js), "%s", js);
    free(js);
    char *t = stats_render_text(&s, 80, false);
    cr_assert_null(strchr(t, '\x1b'));
    cr_assert_not_null(strstr(t, "Zoë \"Z\" Red"), "%s", t);
    free(t);
    stats_free(&s);
}
