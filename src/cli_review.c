/* cli_review.c - the managers' commands: list, stats, due, export, merge,
 * comment and review.  Each parses its arguments, calls the domain and
 * prints; the filters are the browser's (query.h). */
#include "cli_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "followup.h"
#include "merge.h"
#include "query.h"
#include "report.h"
#include "review.h"
#include "stats.h"
#include "text.h"
#include "vocab.h"

/* The format named by --format among the allowed ones (names[i] maps to
 * values[i]); def when none is given, -1 after printing an error. */
static int pick_format(const cli_ctx *ctx, const char *const *names, const int *values,
                       size_t n, int def, const char *usage)
{
    if (!ctx->args.format)
        return def;
    for (size_t i = 0; i < n; i++)
        if (str_ieq(ctx->args.format, names[i]))
            return values[i];
    cli_fail(EXIT_USAGE, usage, ctx->args.format);
    return -1;
}

/* A non-negative count from an option; def when not given. */
static bool count_arg(const char *opt, const char *s, long def, long *out)
{
    *out = def;
    if (!s)
        return true;
    if (!parse_long(s, out) || *out < 0) {
        cli_fail(EXIT_USAGE, "must be a whole number, 0 or more", opt);
        return false;
    }
    return true;
}

/* The sort column and order of list; false after printing an error. */
static bool sort_args(const cli_ctx *ctx, int *col, bool *desc)
{
    *col = QC_DATE;
    if (ctx->args.sort && (*col = query_col_find(ctx->args.sort)) < 0) {
        cli_fail(EXIT_USAGE, "--sort must be date, account, salesperson, type, attribution, "
                 "priority, progress, outcome or id", ctx->args.sort);
        return false;
    }
    /* Dates and ids read newest first; names in alphabetical order. */
    *desc = (*col == QC_DATE || *col == QC_ID || *col == QC_PROGRESS);
    if (ctx->args.asc)
        *desc = false;
    if (ctx->args.desc)
        *desc = true;
    return true;
}

int cmd_list(cli_ctx *ctx)
{
    static const char *const names[] = { "table", "text", "tsv", "json" };
    static const int values[] = { REPORT_TEXT, REPORT_TEXT, REPORT_TSV, REPORT_JSON };
    int fmt = pick_format(ctx, names, values, ARRAY_LEN(names), REPORT_TEXT,
                          "--format must be table, tsv or json");
    long limit, offset;
    int col;
    bool desc;
    query_filter f;
    if (fmt < 0 || !count_arg("--limit", ctx->args.limit, 0, &limit) ||
        !count_arg("--offset", ctx->args.offset, 0, &offset) || !sort_args(ctx, &col, &desc) ||
        !cli_filter(ctx, &f))
        return EXIT_USAGE;
    query_row *rows = NULL;
    size_t n = 0;
    int64_t total = 0;
    char *err = NULL;
    int rc = query_count(ctx->st, &f, &total, &err);
    if (rc == STORE_OK)
        rc = query_page(ctx->st, &f, col, desc, (size_t)offset,
                        limit ? (size_t)limit : (size_t)total, &rows, &n, &err);
    int status = 0;
    if (rc != STORE_OK) {
        status = cli_fail_err(err, "cannot list sessions");
    } else {
        char *out = report_rows(rows, n, total, fmt);
        status = cli_print(out) ? 0 : EXIT_FAIL;
        free(out);
    }
    query_rows_free(rows, n);
    query_filter_free(&f);
    return status;
}

int cmd_comment(cli_ctx *ctx)
{
    int64_t id;
    if (ctx->args.npos != 3 || !cli_parse_id(ctx->args.pos[1], &id))
        return cli_fail(EXIT_USAGE, "comment needs a session id and the text",
                        "winback comment ID TEXT");
    char *err = NULL;
    if (review_comment_add(ctx->st, id, ctx->args.pos[2], ctx->cfg.user, &err) != STORE_OK)
        return cli_fail_err(err, "cannot add the comment");
    printf("session %lld: comment added\n", (long long)id);
    return 0;
}

/* Parses DIMENSION (type, source, stability, control, priority) and VALUE
 * (an id or a label, or "none"). */
static bool review_target(const char *dname, const char *vname, int *dim, int *value)
{
    *dim = str_ieq(dname, "priority") ? DIM_COUNT : vocab_dim_find(dname);
    if (*dim < 0) {
        cli_fail(EXIT_USAGE, "DIMENSION must be type, source, stability, control or priority",
                 dname);
        return false;
    }
    *value = str_ieq(vname, "none") ? -1 : diag_value_find(*dim, vname);
    for (int v = 0; *value < 0 && !str_ieq(vname, "none") && diag_value_id(*dim, v); v++)
        if (str_ieq(vname, diag_value_label(*dim, v)))
            *value = v;
    if (*value < 0 && !str_ieq(vname, "none")) {
        strbuf sb;
        sb_init(&sb);
        sb_addf(&sb, "%s must be none or one of:", diag_dim_label(*dim));
        for (int v = 0; diag_value_id(*dim, v); v++)
            sb_addf(&sb, " %s", diag_value_id(*dim, v));
        cli_fail(EXIT_USAGE, sb_str(&sb), vname);
        sb_free(&sb);
        return false;
    }
    return true;
}

int cmd_review(cli_ctx *ctx)
{
    int64_t id;
    int dim, value;
    if (ctx->args.npos != 4 || !cli_parse_id(ctx->args.pos[1], &id))
        return cli_fail(EXIT_USAGE, "review needs a session id, a dimension and a value",
                        "winback review ID DIMENSION VALUE --reason TEXT");
    if (!review_target(ctx->args.pos[2], ctx->args.pos[3], &dim, &value))
        return EXIT_USAGE;
    if (!ctx->args.reason)
        return cli_fail(EXIT_USAGE, "a manager's override needs --reason TEXT", NULL);
    char *err = NULL;
    if (review_override(ctx->st, id, dim, value, ctx->args.reason, ctx->cfg.user, &err) !=
        STORE_OK)
        return cli_fail_err(err, "cannot record the override");
    if (value < 0)
        printf("session %lld: manager's %s override withdrawn\n", (long long)id,
               diag_dim_label(dim));
    else
        printf("session %lld: %s set to %s by the manager\n", (long long)id,
               diag_dim_label(dim), diag_value_label(dim, value));
    return 0;
}

/* True when the output goes to a terminal that takes UTF-8 bars. */
static bool want_ascii(void)
{
    const char *lc = getenv("LC_ALL");
    if (!lc || !*lc)
        lc = getenv("LC_CTYPE");
    if (!lc || !*lc)
        lc = getenv("LANG");
    return !lc || !(strstr(lc, "UTF-8") || strstr(lc, "utf8") || strstr(lc, "UTF8"));
}

int cmd_stats(cli_ctx *ctx)
{
    static const char *const names[] = { "table", "text", "json" };
    static const int values[] = { REPORT_TEXT, REPORT_TEXT, REPORT_JSON };
    int fmt = pick_format(ctx, names, values, ARRAY_LEN(names), REPORT_TEXT,
                          "--format must be table or json");
    query_filter f;
    if (fmt < 0 || !cli_filter(ctx, &f))
        return EXIT_USAGE;
    stats s;
    char *err = NULL;
    int status = 0;
    if (stats_compute(ctx->st, &f, &s, &err) != STORE_OK) {
        status = cli_fail_err(err, "cannot compute the statistics");
    } else {
        char *out = fmt == REPORT_JSON ? stats_render_json(&s)
                                       : stats_render_text(&s, 80, want_ascii());
        status = cli_print(out) ? 0 : EXIT_FAIL;
        free(out);
    }
    stats_free(&s);
    query_filter_free(&f);
    return status;
}

int cmd_export(cli_ctx *ctx)
{
    if (!ctx->args.format)
        return cli_fail(EXIT_USAGE, "export needs --format csv, json or markdown", NULL);
    export_options opt = { .format = export_format_find(ctx->args.format),
                           .redact = ctx->args.redact, .force = ctx->args.force,
                           .lib = ctx->lib };
    if (opt.format < 0)
        return cli_fail(EXIT_USAGE, "--format must be csv, json or markdown", ctx->args.format);
    query_filter f;
    if (!cli_filter(ctx, &f))
        return EXIT_USAGE;
    size_t count = 0;
    char *err = NULL;
    int status = 0;
    if (export_run(ctx->st, &f, &opt, ctx->args.output, &count, &err) != STORE_OK)
        status = cli_fail_err(err, "cannot export");
    else if (ctx->args.output && strcmp(ctx->args.output, "-") != 0)
        fprintf(stderr, "%s: %zu session%s exported\n", ctx->args.output, count,
                count == 1 ? "" : "s");
    query_filter_free(&f);
    return status;
}

int cmd_merge(cli_ctx *ctx)
{
    if (ctx->args.npos != 2)
        return cli_fail(EXIT_USAGE, "merge needs the other database", "winback merge OTHER.db");
    merge_report r;
    memset(&r, 0, sizeof r);
    char *err = NULL;
    int status = 0;
    if (merge_run(ctx->st, ctx->args.pos[1], &r, &err) != STORE_OK) {
        status = cli_fail_err(err, "cannot merge");
    } else {
        char *out = merge_report_render(&r, ctx->args.pos[1]);
        status = cli_print(out) ? 0 : EXIT_FAIL;
        free(out);
    }
    merge_report_free(&r);
    return status;
}

int cmd_due(cli_ctx *ctx)
{
    static const char *const names[] = { "table", "text", "tsv", "json" };
    static const int values[] = { REPORT_TEXT, REPORT_TEXT, REPORT_TSV, REPORT_JSON };
    int fmt = pick_format(ctx, names, values, ARRAY_LEN(names), REPORT_TEXT,
                          "--format must be table, tsv or json");
    long days;
    query_filter f;
    if (fmt < 0 || !count_arg("--days", ctx->args.days, 7, &days))
        return EXIT_USAGE;
    char today[11];
    today_date(today);
    const char *date = ctx->args.date ? ctx->args.date : today;
    if (!date_valid(date))
        return cli_fail(EXIT_USAGE, "--date must be a real date written YYYY-MM-DD", date);
    if (!cli_filter(ctx, &f))
        return EXIT_USAGE;
    followup_row *rows = NULL;
    size_t n = 0;
    char *err = NULL;
    int status = 0;
    if (followup_list(ctx->st, date, (int)days, &f, &rows, &n, &err) != STORE_OK) {
        status = cli_fail_err(err, "cannot list the follow-ups");
    } else {
        char *out = followup_render(rows, n, fmt);
        status = cli_print(out) ? 0 : EXIT_FAIL;
        free(out);
    }
    followup_rows_free(rows, n);
    query_filter_free(&f);
    return status;
}
