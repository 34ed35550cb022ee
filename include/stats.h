/* stats.h - what came back: outcomes and reacquisition ratios by group.
 *
 * For the sessions a filter (query.h) selects, stats_compute counts the
 * sessions and their outcomes overall and per defector type, per
 * attribution source, per salesperson and per quarter of the session's day
 * (the loss date, else the debrief's date), with one grouped SQL query per
 * grouping over the summary columns of `sessions`.
 *
 * The reacquisition ratio of a group is
 *     won back / decided,  decided = won back + partly won back
 *                                    + lost for good + terminated;
 * "still trying" and "no outcome yet" are not decided and stay out of it,
 * and a partly won-back account counts as decided but not as won back.
 * When nothing is decided the ratio is n/a (stats_ratio returns -1).
 *
 * The median time to win back is over won-back sessions with an outcome
 * date: days from the session's day to the outcome date.
 *
 * Overrides: a diagnosed session (one with a defector type) may have been
 * overridden by the salesperson (sessions.overridden bit 1: their own
 * correction of the computed diagnosis) and/or by a manager (bit 2); both
 * are counted and shown as a share of diagnosed sessions.
 *
 * The renderers build on a list of lines (stats_lines) that the TUI's
 * statistics screen draws one by one with its own colours.
 */
#ifndef WINBACK_STATS_H
#define WINBACK_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "query.h"
#include "store.h"
#include "vocab.h"

/* Counts of one group of sessions. */
typedef struct stats_counts {
    int64_t sessions;
    int64_t outcome[OUTCOME_COUNT];  /* by enum outcome (unknown ids count as none) */
    int64_t diagnosed;               /* sessions with a defector type */
    int64_t over_own;                /* diagnosed, overridden by the salesperson */
    int64_t over_manager;            /* diagnosed, overridden by a manager */
    int64_t over_any;                /* diagnosed, overridden by either */
} stats_counts;

/* won back + partly won back + lost for good + terminated. */
int64_t stats_decided(const stats_counts *c);
/* won back / decided, or -1 when nothing is decided. */
double stats_ratio(const stats_counts *c);

enum stats_group {
    STATS_BY_TYPE,         /* key: type id; "" for sessions without a diagnosis */
    STATS_BY_SOURCE,       /* key: source id; "" without */
    STATS_BY_SALESPERSON,  /* key: the name as stored; "" when none */
    STATS_BY_QUARTER,      /* key: "2025Q3" */
    STATS_GROUP_COUNT
};

const char *stats_group_id(int g);     /* "type", "source", "salesperson", "quarter" */
const char *stats_group_title(int g);  /* "Defector type", ... */

typedef struct stats_bucket {
    char *key;          /* see enum stats_group */
    char *label;        /* shown: "Bought away", "Dana Reyes", "2025 Q3", "(none)" */
    stats_counts c;
} stats_bucket;

typedef struct stats {
    char *filter;                         /* query_filter_describe of the filter */
    stats_counts total;
    stats_bucket *groups[STATS_GROUP_COUNT];
    size_t ngroups[STATS_GROUP_COUNT];    /* types and sources list every value, */
                                          /* even at 0, in vocabulary order; */
                                          /* salespeople by sessions, most first; */
                                          /* quarters in time order */
    double median_days;                   /* loss to win back; -1 when none */
    int64_t median_n;                     /* won-back sessions it is taken over */
} stats;

/* Fills out for the sessions f selects.  Returns a store_rc; out must be
 * freed with stats_free (also on error). */
int stats_compute(store *st, const query_filter *f, stats *out, char **err);
void stats_free(stats *s);

/* ---- rendering ------------------------------------------------------------ */

enum stats_line_kind {
    STATS_LINE_TITLE,     /* text: "Statistics (type=...): 120 sessions" */
    STATS_LINE_HEADING,   /* text: a group's title; label: the column heads */
    STATS_LINE_BAR,       /* one bucket: label, value of max, won of decided */
    STATS_LINE_TEXT,      /* text: a plain line (median, overrides, notes) */
    STATS_LINE_BLANK
};

/* One line of the statistics.  A BAR line is drawn as: label, a bar of
 * value/max of the bar width, the numbers in text, and a short bar of
 * won/decided (the reacquisition ratio; none when decided is 0).  The
 * groups' bars are sessions (max: the group's largest bucket); the last
 * chart, "Diagnoses overridden, by salesperson", has bars of overridden
 * of diagnosed sessions (max: diagnosed) and no ratio. */
typedef struct stats_line {
    int kind;             /* enum stats_line_kind */
    char *label;          /* BAR: the bucket; HEADING: column heads */
    int64_t value;        /* BAR: sessions in the bucket */
    int64_t max;          /* BAR: the largest bucket of the group (the scale) */
    int64_t won;          /* BAR: won back */
    int64_t decided;      /* BAR: decided outcomes */
    char *text;           /* TITLE/HEADING/TEXT: the line; BAR: the numbers */
                          /*   beside the bar, e.g. "   12   40%  2/5" */
} stats_line;

/* The lines of s, in order (caller frees with stats_lines_free). */
stats_line *stats_lines(const stats *s, size_t *n);
void stats_lines_free(stats_line *lines, size_t n);

/* A bar of cells terminal cells for value/max, padded with spaces: "█"
 * per full cell and "▌" for a half, or "#" and "+" when ascii.  Caller
 * frees. */
char *stats_bar(int64_t value, int64_t max, int cells, bool ascii);

/* The statistics as text for a terminal of width columns (at least
 * STATS_MIN_WIDTH are used), with horizontal bar charts: no line is wider
 * than that; ascii uses only ASCII characters.  Caller frees. */
#define STATS_MIN_WIDTH 60
char *stats_render_text(const stats *s, int width, bool ascii);
/* As JSON (ratios as numbers or null).  Caller frees. */
char *stats_render_json(const stats *s);

#endif
