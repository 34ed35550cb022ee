/* stats.c - outcomes and reacquisition ratios by group (see stats.h).
 *
 * Each grouping is one SQL query grouped by its key and the outcome over
 * the summary columns of `sessions`; C only adds the few resulting rows
 * into buckets.  The renderers turn the buckets into lines with bars.
 */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "store_sql.h"
#include "text.h"
#include "util.h"

int64_t stats_decided(const stats_counts *c)
{
    return c->outcome[OUTCOME_WON_BACK] + c->outcome[OUTCOME_PARTLY]
           + c->outcome[OUTCOME_LOST] + c->outcome[OUTCOME_TERMINATED];
}

double stats_ratio(const stats_counts *c)
{
    int64_t d = stats_decided(c);
    return d > 0 ? (double)c->outcome[OUTCOME_WON_BACK] / (double)d : -1;
}

static const struct {
    const char *id;
    const char *title;
    const char *key;      /* SQL of the bucket key over s */
} groups[STATS_GROUP_COUNT] = {
    [STATS_BY_TYPE] = { "type", "Defector type", "coalesce(s.type, '')" },
    [STATS_BY_SOURCE] = { "source", "Attribution: source", "coalesce(s.source, '')" },
    [STATS_BY_SALESPERSON] = { "salesperson", "Salesperson",
                               "coalesce(s.salesperson, '') COLLATE NOCASE" },
    [STATS_BY_QUARTER] = { "quarter", "Quarter (of the loss)",
                           "CASE WHEN s.day IS NULL THEN '' ELSE substr(s.day, 1, 4) || 'Q' || "
                           "((CAST(substr(s.day, 6, 2) AS INTEGER) + 2) / 3) END" },
};

const char *stats_group_id(int g)
{
    return g >= 0 && g < STATS_GROUP_COUNT ? groups[g].id : NULL;
}

const char *stats_group_title(int g)
{
    return g >= 0 && g < STATS_GROUP_COUNT ? groups[g].title : NULL;
}

/* ---- computing ------------------------------------------------------------ */

/* A list of buckets being filled. */
typedef struct bucket_list {
    stats_bucket *b;
    size_t n, cap;
} bucket_list;

/* The label of key in group g (caller frees). */
static char *bucket_label(int g, const char *key)
{
    if (!*key)
        return xstrdup(g == STATS_BY_TYPE || g == STATS_BY_SOURCE ? "(no diagnosis)" : "(none)");
    int dim = g == STATS_BY_TYPE ? DIM_TYPE : DIM_SOURCE;
    if (g == STATS_BY_TYPE || g == STATS_BY_SOURCE) {
        int v = vocab_value_find(dim, key);
        if (v >= 0) {
            const char *l = vocab_value_label(dim, v);
            size_t n = strcspn(l, "(");
            while (n > 0 && l[n - 1] == ' ')
                n--;
            return xstrndup(l, n);
        }
    }
    if (g == STATS_BY_QUARTER && strlen(key) == 6)
        return xasprintf("%.4s %s", key, key + 4);
    return text_sanitize(key, false);
}

/* The bucket of key, added (with its label) when missing. */
static stats_bucket *bucket_at(bucket_list *l, int g, const char *key)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->b[i].key, key) == 0)
            return &l->b[i];
    xgrow((void **)&l->b, &l->cap, l->n + 1, sizeof *l->b);
    stats_bucket *b = &l->b[l->n++];
    memset(b, 0, sizeof *b);
    b->key = xstrdup(key);
    b->label = bucket_label(g, key);
    return b;
}

/* Adds one result row (key, outcome, count, diagnosed, own, manager, any). */
static void add_row(bucket_list *l, int g, sqlite3_stmt *s)
{
    const char *key = (const char *)sqlite3_column_text(s, 0);
    stats_bucket *b = bucket_at(l, g, key ? key : "");
    int o = outcome_find((const char *)sqlite3_column_text(s, 1));
    int64_t n = sqlite3_column_int64(s, 2);
    b->c.sessions += n;
    b->c.outcome[o < 0 ? OUTCOME_NONE : o] += n;
    b->c.diagnosed += sqlite3_column_int64(s, 3);
    b->c.over_own += sqlite3_column_int64(s, 4);
    b->c.over_manager += sqlite3_column_int64(s, 5);
    b->c.over_any += sqlite3_column_int64(s, 6);
}

/* Runs the grouped query with key expression key into l. */
static int run_group(store *st, const query_filter *f, const char *key, int g, bucket_list *l,
                     char **err)
{
    int rc;
    char *where = query_where(f);
    char *sql = xasprintf(
        "SELECT %s AS k, s.outcome, count(*), sum(s.type IS NOT NULL), "
        "sum(s.type IS NOT NULL AND (s.overridden & 1) <> 0), "
        "sum(s.type IS NOT NULL AND (s.overridden & 2) <> 0), "
        "sum(s.type IS NOT NULL AND s.overridden <> 0) FROM sessions s%s GROUP BY 1, 2",
        key, where);
    sqlite3_stmt *s = store_prep(st, err, &rc, sql, NULL);
    free(where);
    free(sql);
    if (!s)
        return rc;
    query_bind(s, 1, f);
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW)
        add_row(l, g, s);
    if (src != SQLITE_DONE)
        rc = store_fail(st, src, "compute the statistics", err);
    sqlite3_finalize(s);
    return rc;
}

static int by_sessions(const void *a, const void *b)
{
    const stats_bucket *x = a, *y = b;
    if (x->c.sessions != y->c.sessions)
        return x->c.sessions > y->c.sessions ? -1 : 1;
    return strcmp(x->key, y->key);
}

/* Quarters in time order, "" (no day) last. */
static int by_key(const void *a, const void *b)
{
    const stats_bucket *x = a, *y = b;
    if (!*x->key || !*y->key)
        return !*x->key - !*y->key;
    return strcmp(x->key, y->key);
}

/* Computes group g into s; types and sources start with every value. */
static int compute_group(store *st, const query_filter *f, int g, stats *s, char **err)
{
    bucket_list l = { NULL, 0, 0 };
    int dim = g == STATS_BY_TYPE ? DIM_TYPE : DIM_SOURCE;
    if (g == STATS_BY_TYPE || g == STATS_BY_SOURCE)
        for (int v = 0; v < vocab_value_count(dim); v++)
            bucket_at(&l, g, vocab_value_id(dim, v));
    int rc = run_group(st, f, groups[g].key, g, &l, err);
    if (g == STATS_BY_SALESPERSON)
        qsort(l.b, l.n, sizeof *l.b, by_sessions);
    else if (g == STATS_BY_QUARTER)
        qsort(l.b, l.n, sizeof *l.b, by_key);
    s->groups[g] = l.b;
    s->ngroups[g] = l.n;
    return rc;
}

/* The totals: the same query with one bucket. */
static int compute_total(store *st, const query_filter *f, stats *s, char **err)
{
    bucket_list l = { NULL, 0, 0 };
    int rc = run_group(st, f, "''", STATS_BY_SALESPERSON, &l, err);
    if (l.n > 0)
        s->total = l.b[0].c;
    for (size_t i = 0; i < l.n; i++) {
        free(l.b[i].key);
        free(l.b[i].label);
    }
    free(l.b);
    return rc;
}

/* The median of days from loss to win back, in SQL. */
static int compute_median(store *st, const query_filter *f, stats *s, char **err)
{
    int rc;
    char *where = query_where_with(f, "s.outcome = 'won_back' AND "
                                      "julianday(s.outcome_date) IS NOT NULL AND "
                                      "julianday(s.day) IS NOT NULL");
    char *sql = xasprintf(
        "SELECT avg(d), max(c) FROM (SELECT julianday(s.outcome_date) - julianday(s.day) AS d, "
        "row_number() OVER (ORDER BY julianday(s.outcome_date) - julianday(s.day)) AS rn, "
        "count(*) OVER () AS c FROM sessions s%s) WHERE rn IN ((c + 1) / 2, (c + 2) / 2)",
        where);
    sqlite3_stmt *q = store_prep(st, err, &rc, sql, NULL);
    free(where);
    free(sql);
    if (!q)
        return rc;
    query_bind(q, 1, f);
    int src = sqlite3_step(q);
    if (src == SQLITE_ROW && sqlite3_column_type(q, 0) != SQLITE_NULL) {
        s->median_days = sqlite3_column_double(q, 0);
        s->median_n = sqlite3_column_int64(q, 1);
    } else if (src != SQLITE_ROW) {
        rc = store_fail(st, src, "compute the median time to win back", err);
    }
    sqlite3_finalize(q);
    return rc;
}

int stats_compute(store *st, const query_filter *f, stats *out, char **err)
{
    memset(out, 0, sizeof *out);
    out->median_days = -1;
    out->filter = query_filter_describe(f);
    int rc = compute_total(st, f, out, err);
    for (int g = 0; rc == STORE_OK && g < STATS_GROUP_COUNT; g++)
        rc = compute_group(st, f, g, out, err);
    if (rc == STORE_OK)
        rc = compute_median(st, f, out, err);
    return rc;
}

void stats_free(stats *s)
{
    if (!s)
        return;
    for (int g = 0; g < STATS_GROUP_COUNT; g++) {
        for (size_t i = 0; i < s->ngroups[g]; i++) {
            free(s->groups[g][i].key);
            free(s->groups[g][i].label);
        }
        free(s->groups[g]);
    }
    free(s->filter);
    memset(s, 0, sizeof *s);
}

/* ---- lines ---------------------------------------------------------------- */

typedef struct line_list {
    stats_line *l;
    size_t n, cap;
} line_list;

/* Appends a line of kind with text (owned) and label (copied). */
static stats_line *add_line(line_list *ll, int kind, char *text, const char *label)
{
    xgrow((void **)&ll->l, &ll->cap, ll->n + 1, sizeof *ll->l);
    stats_line *l = &ll->l[ll->n++];
    memset(l, 0, sizeof *l);
    l->kind = kind;
    l->text = text ? text : xstrdup("");
    l->label = xstrdup(label);
    return l;
}

/* "40%" or "n/a" into buf. */
static const char *pct(int64_t part, int64_t whole, char buf[16])
{
    if (whole <= 0)
        return strcpy(buf, "n/a");
    snprintf(buf, 16, "%.0f%%", 100.0 * (double)part / (double)whole);
    return buf;
}

/* The summary lines above the charts. */
static void summary_lines(const stats *s, line_list *ll)
{
    const stats_counts *t = &s->total;
    char a[16], b[16], c[16];
    add_line(ll, STATS_LINE_TITLE,
             xasprintf("Statistics%s%s%s: %lld sessions", *s->filter ? " (" : "", s->filter,
                       *s->filter ? ")" : "", (long long)t->sessions), NULL);
    int64_t d = stats_decided(t);
    add_line(ll, STATS_LINE_TEXT,
             xasprintf("Reacquisition ratio: %s (%lld won back of %lld decided)",
                       pct(t->outcome[OUTCOME_WON_BACK], d, a),
                       (long long)t->outcome[OUTCOME_WON_BACK], (long long)d), NULL);
    add_line(ll, STATS_LINE_TEXT,
             xasprintf("Outcomes: %lld won back, %lld partly won back, %lld lost for good, "
                       "%lld terminated, %lld still trying, %lld not recorded",
                       (long long)t->outcome[OUTCOME_WON_BACK],
                       (long long)t->outcome[OUTCOME_PARTLY], (long long)t->outcome[OUTCOME_LOST],
                       (long long)t->outcome[OUTCOME_TERMINATED],
                       (long long)t->outcome[OUTCOME_TRYING], (long long)t->outcome[OUTCOME_NONE]),
             NULL);
    add_line(ll, STATS_LINE_TEXT,
             s->median_n > 0 ? xasprintf("Median time from loss to win back: %.1f days "
                                         "(over %lld won-back sessions)",
                                         s->median_days, (long long)s->median_n)
                             : xstrdup("Median time from loss to win back: n/a (no won-back "
                                       "session with an outcome date)"), NULL);
    add_line(ll, STATS_LINE_TEXT,
             xasprintf("Diagnoses overridden: %lld of %lld diagnosed (%s): by the salesperson "
                       "%lld (%s), by a manager %lld (%s)",
                       (long long)t->over_any, (long long)t->diagnosed,
                       pct(t->over_any, t->diagnosed, a), (long long)t->over_own,
                       pct(t->over_own, t->diagnosed, b), (long long)t->over_manager,
                       pct(t->over_manager, t->diagnosed, c)), NULL);
}

#define NUM_FMT "%8lld  %5s  %-9s"
#define HEAD_TEXT "sessions  ratio  won/dec."
#define OVER_HEAD_TEXT "overrid.  share  diagnosed"
#define NUM_CELLS 26       /* the width of NUM_FMT and HEAD_TEXT */

/* The largest number of sessions in group g. */
static int64_t group_max(const stats *s, int g)
{
    int64_t max = 0;
    for (size_t i = 0; i < s->ngroups[g]; i++)
        if (s->groups[g][i].c.sessions > max)
            max = s->groups[g][i].c.sessions;
    return max;
}

/* The lines of group g: sessions bars with the ratio beside. */
static void group_lines(const stats *s, int g, line_list *ll)
{
    add_line(ll, STATS_LINE_BLANK, NULL, NULL);
    add_line(ll, STATS_LINE_HEADING, xstrdup(groups[g].title), HEAD_TEXT);
    int64_t max = group_max(s, g);
    for (size_t i = 0; i < s->ngroups[g]; i++) {
        const stats_bucket *b = &s->groups[g][i];
        int64_t won = b->c.outcome[OUTCOME_WON_BACK], d = stats_decided(&b->c);
        char r[16], wd[48];
        snprintf(wd, sizeof wd, "%lld/%lld", (long long)won, (long long)d);
        stats_line *l = add_line(ll, STATS_LINE_BAR,
                                 xasprintf(NUM_FMT, (long long)b->c.sessions, pct(won, d, r), wd),
                                 b->label);
        l->value = b->c.sessions;
        l->max = max;
        l->won = won;
        l->decided = d;
    }
}

/* Per salesperson: overridden diagnoses as a share of diagnosed ones (the
 * bar is the share). */
static void override_lines(const stats *s, line_list *ll)
{
    add_line(ll, STATS_LINE_BLANK, NULL, NULL);
    add_line(ll, STATS_LINE_HEADING, xstrdup("Diagnoses overridden, by salesperson"),
             OVER_HEAD_TEXT);
    for (size_t i = 0; i < s->ngroups[STATS_BY_SALESPERSON]; i++) {
        const stats_bucket *b = &s->groups[STATS_BY_SALESPERSON][i];
        char r[16], of[48];
        snprintf(of, sizeof of, "of %lld", (long long)b->c.diagnosed);
        stats_line *l = add_line(ll, STATS_LINE_BAR,
                                 xasprintf(NUM_FMT, (long long)b->c.over_any,
                                           pct(b->c.over_any, b->c.diagnosed, r), of),
                                 b->label);
        l->value = b->c.over_any;
        l->max = b->c.diagnosed;
    }
}

stats_line *stats_lines(const stats *s, size_t *n)
{
    line_list ll = { NULL, 0, 0 };
    summary_lines(s, &ll);
    for (int g = 0; g < STATS_GROUP_COUNT; g++)
        group_lines(s, g, &ll);
    override_lines(s, &ll);
    *n = ll.n;
    return ll.l;
}

void stats_lines_free(stats_line *lines, size_t n)
{
    for (size_t i = 0; lines && i < n; i++) {
        free(lines[i].label);
        free(lines[i].text);
    }
    free(lines);
}

char *stats_bar(int64_t value, int64_t max, int cells, bool ascii)
{
    strbuf sb;
    sb_init(&sb);
    int64_t halves = max > 0 && value > 0 ? (value * 2 * cells + max - 1) / max : 0;
    if (halves > 2 * (int64_t)cells)
        halves = 2 * (int64_t)cells;
    int used = 0;
    for (; halves >= 2; halves -= 2, used++)
        sb_add(&sb, ascii ? "#" : "\u2588");
    if (halves == 1) {
        sb_add(&sb, ascii ? "+" : "\u258c");
        used++;
    }
    for (; used < cells; used++)
        sb_addc(&sb, ' ');
    return sb.buf ? sb_take(&sb) : xstrdup("");
}

/* ---- text ----------------------------------------------------------------- */

#define RATIO_CELLS 10

/* The ratio bar of a BAR line: won/decided over RATIO_CELLS cells. */
static void add_ratio_bar(strbuf *sb, const stats_line *l, bool ascii)
{
    if (l->decided <= 0)
        return;
    int full = (int)((l->won * RATIO_CELLS + l->decided / 2) / l->decided);
    for (int i = 0; i < RATIO_CELLS; i++)
        sb_add(sb, i < full ? (ascii ? "#" : "\u2588") : (ascii ? "." : "\u2591"));
}

/* Appends label cut or padded to cols cells. */
static void add_padded(strbuf *sb, const char *label, int cols)
{
    size_t fit = text_fit(label, cols);
    sb_addn(sb, label, fit);
    char *part = xstrndup(label, fit);
    for (int w = text_width(part); w < cols; w++)
        sb_addc(sb, ' ');
    free(part);
}

/* The widest bar label of the lines, between 8 and 24 cells. */
static int label_cells(const stats_line *lines, size_t n, int width)
{
    int w = 8;
    for (size_t i = 0; i < n; i++)
        if (lines[i].kind == STATS_LINE_BAR && text_width(lines[i].label) > w)
            w = text_width(lines[i].label);
    int cap = width / 4 > 24 ? 24 : width / 4;
    return w > cap ? cap : w;
}

/* Appends text word-wrapped to width columns. */
static void add_wrapped(strbuf *sb, const char *text, int width)
{
    size_t n;
    char **lines = text_wrap(text, width, &n);
    for (size_t i = 0; i < n; i++)
        sb_addf(sb, "%s\n", lines[i]);
    if (n == 0)
        sb_addc(sb, '\n');
    str_list_free(lines, n);
}

/* Appends one line of the text rendering: bars in lw + bw columns. */
static void render_line(strbuf *sb, const stats_line *l, int lw, int bw, int width, bool ascii)
{
    if (l->kind == STATS_LINE_BAR) {
        add_padded(sb, l->label, lw);
        char *bar = stats_bar(l->value, l->max, bw, ascii);
        sb_addf(sb, " %s %s  ", bar, l->text);
        free(bar);
        add_ratio_bar(sb, l, ascii);
        while (sb->len > 0 && sb->buf[sb->len - 1] == ' ')
            sb->buf[--sb->len] = '\0';
        sb_addc(sb, '\n');
    } else if (l->kind == STATS_LINE_HEADING) {
        add_padded(sb, l->text, lw + 2 + bw);
        sb_addf(sb, "%s\n", l->label);
    } else {
        add_wrapped(sb, l->text, width);
    }
}

char *stats_render_text(const stats *s, int width, bool ascii)
{
    if (width < STATS_MIN_WIDTH)
        width = STATS_MIN_WIDTH;
    size_t n;
    stats_line *lines = stats_lines(s, &n);
    int lw = label_cells(lines, n, width);
    int bw = width - lw - 2 - NUM_CELLS - 2 - RATIO_CELLS;
    if (bw < 5)
        bw = 5;
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++)
        render_line(&sb, &lines[i], lw, bw, width, ascii);
    stats_lines_free(lines, n);
    return sb_take(&sb);
}

/* ---- JSON ----------------------------------------------------------------- */

static void json_ratio(strbuf *sb, int64_t part, int64_t whole)
{
    if (whole > 0)
        sb_addf(sb, "%.4f", (double)part / (double)whole);
    else
        sb_add(sb, "null");
}

/* The counts of c as JSON members (no braces). */
static void json_counts(strbuf *sb, const stats_counts *c)
{
    sb_addf(sb, "\"sessions\":%lld,\"outcomes\":{", (long long)c->sessions);
    for (int o = 0; o < OUTCOME_COUNT; o++)
        sb_addf(sb, "%s\"%s\":%lld", o ? "," : "", outcome_id(o), (long long)c->outcome[o]);
    sb_addf(sb, "},\"decided\":%lld,\"ratio\":", (long long)stats_decided(c));
    json_ratio(sb, c->outcome[OUTCOME_WON_BACK], stats_decided(c));
    sb_addf(sb, ",\"diagnosed\":%lld,\"overridden\":%lld,\"overridden_by_salesperson\":%lld,"
                "\"overridden_by_manager\":%lld,\"overridden_share\":",
            (long long)c->diagnosed, (long long)c->over_any, (long long)c->over_own,
            (long long)c->over_manager);
    json_ratio(sb, c->over_any, c->diagnosed);
}

static void json_group(strbuf *sb, const stats *s, int g)
{
    sb_addf(sb, ",\"by_%s\":[", groups[g].id);
    for (size_t i = 0; i < s->ngroups[g]; i++) {
        const stats_bucket *b = &s->groups[g][i];
        sb_add(sb, i ? ",{\"key\":" : "{\"key\":");
        json_add_string(sb, *b->key ? b->key : NULL);
        sb_add(sb, ",\"label\":");
        json_add_string(sb, b->label);
        sb_addc(sb, ',');
        json_counts(sb, &b->c);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
}

char *stats_render_json(const stats *s)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "{\"filter\":");
    json_add_string(&sb, s->filter ? s->filter : "");
    sb_addc(&sb, ',');
    json_counts(&sb, &s->total);
    sb_add(&sb, ",\"median_days_to_win_back\":");
    if (s->median_n > 0)
        sb_addf(&sb, "%.1f", s->median_days);
    else
        sb_add(&sb, "null");
    sb_addf(&sb, ",\"median_over\":%lld", (long long)s->median_n);
    for (int g = 0; g < STATS_GROUP_COUNT; g++)
        json_group(&sb, s, g);
    sb_add(&sb, "}\n");
    return sb_take(&sb);
}
