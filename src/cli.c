/* cli.c - command-line parsing and the non-interactive commands.
 *
 * winback [--db PATH] [--config PATH] [COMMAND [ARGS]]
 * Without a command the wizard starts (tui.c).  Every command accepts
 * --help; errors are one line on stderr and a non-zero exit status:
 * 1 for a failure (bad file, database error), 2 for a usage error.
 */
#include "cli.h"
#include "cli_cmd.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "form.h"
#include "importer.h"
#include "paths.h"
#include "plan.h"
#include "report.h"
#include "scenario.h"
#include "store.h"
#include "text.h"
#include "tui.h"
#include "util.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

typedef struct command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*run)(cli_ctx *ctx);
    bool needs_store;
    bool needs_library;
    bool takes_filters;
} command;

static const command *find_command(const char *name);

int cli_fail(int status, const char *what, const char *detail)
{
    char *w = text_sanitize(what, false);
    char *d = detail ? text_sanitize(detail, false) : NULL;
    fprintf(stderr, "winback: %s%s%s\n", w, d ? ": " : "", d ? d : "");
    free(w);
    free(d);
    return status;
}

int cli_fail_err(char *err, const char *fallback)
{
    int status = cli_fail(EXIT_FAIL, err ? err : fallback, NULL);
    free(err);
    return status;
}

void cli_print_problems(const problems *p)
{
    for (size_t i = 0; i < p->n; i++) {
        char *m = text_sanitize(p->msg[i], false);
        fprintf(stderr, "%s\n", m);
        free(m);
    }
}

bool cli_parse_id(const char *s, int64_t *id)
{
    long v;
    if (!parse_long(s, &v) || v <= 0)
        return false;
    *id = v;
    return true;
}

bool cli_print(const char *text)
{
    if (fputs(text, stdout) == EOF || fflush(stdout) == EOF) {
        fprintf(stderr, "winback: cannot write the output: %s\n", strerror(errno));
        return false;
    }
    return true;
}

/* ---- argument parsing -------------------------------------------------- */

/* Takes the value of option opt from argv (--opt VALUE or --opt=VALUE). */
static bool take_value(const char *arg, const char *opt, int *i, int argc, char **argv,
                       const char **out, bool *bad)
{
    size_t n = strlen(opt);
    if (strncmp(arg, opt, n) != 0)
        return false;
    if (arg[n] == '=') {
        *out = arg + n + 1;
        return true;
    }
    if (arg[n] != '\0')
        return false;
    if (*i + 1 >= argc) {
        fprintf(stderr, "winback: %s needs a value\n", opt);
        *bad = true;
        return true;
    }
    *out = argv[++*i];
    return true;
}

/* Options that take a value, and where it goes. */
static const struct {
    const char *name;
    size_t off;
} value_opts[] = {
    {"--db", offsetof(cli_args, db)},           {"--config", offsetof(cli_args, config)},
    {"--format", offsetof(cli_args, format)},   {"--date", offsetof(cli_args, date)},
    {"--note", offsetof(cli_args, note)},       {"--output", offsetof(cli_args, output)},
    {"-o", offsetof(cli_args, output)},         {"--sort", offsetof(cli_args, sort)},
    {"--limit", offsetof(cli_args, limit)},     {"--offset", offsetof(cli_args, offset)},
    {"--days", offsetof(cli_args, days)},       {"--trainee", offsetof(cli_args, trainee)},
    {"--answers", offsetof(cli_args, answers)}, {"--diagnosis", offsetof(cli_args, diagnosis)},
    {"--reason", offsetof(cli_args, reason)},
};

/* Options without a value. */
static const struct {
    const char *name;
    size_t off;
} flag_opts[] = {
    {"--help", offsetof(cli_args, help)},   {"-h", offsetof(cli_args, help)},
    {"--version", offsetof(cli_args, version)}, {"-V", offsetof(cli_args, version)},
    {"--read-only", offsetof(cli_args, read_only)}, {"--force", offsetof(cli_args, force)},
    {"--redact", offsetof(cli_args, redact)}, {"--desc", offsetof(cli_args, desc)},
    {"--asc", offsetof(cli_args, asc)},
};

/* Takes a filter given as --NAME VALUE or --NAME=VALUE (the names of
 * query.h), kept as "name=value". */
static bool take_filter(const char *arg, int *i, int argc, char **argv, cli_args *a,
                        bool *bad)
{
    for (size_t k = 0; query_filter_names[k]; k++) {
        char opt[40];
        snprintf(opt, sizeof opt, "--%s", query_filter_names[k]);
        const char *v = NULL;
        if (!take_value(arg, opt, i, argc, argv, &v, bad))
            continue;
        if (v)
            a->filters[a->nfilters++] = xasprintf("%s=%s", query_filter_names[k], v);
        return true;
    }
    return false;
}

/* True when s is "name=value" with a filter name. */
static bool is_filter_arg(const char *s)
{
    const char *eq = strchr(s, '=');
    for (size_t k = 0; eq && query_filter_names[k]; k++)
        if (strlen(query_filter_names[k]) == (size_t)(eq - s) &&
            strncmp(s, query_filter_names[k], (size_t)(eq - s)) == 0)
            return true;
    return false;
}

/* One option; false when it is unknown. */
static bool take_option(const char *s, int *i, int argc, char **argv, cli_args *a,
                        bool *bad)
{
    for (size_t k = 0; k < ARRAY_LEN(flag_opts); k++)
        if (strcmp(s, flag_opts[k].name) == 0) {
            *(bool *)((char *)a + flag_opts[k].off) = true;
            return true;
        }
    for (size_t k = 0; k < ARRAY_LEN(value_opts); k++)
        if (take_value(s, value_opts[k].name, i, argc, argv,
                       (const char **)((char *)a + value_opts[k].off), bad))
            return true;
    return take_filter(s, i, argc, argv, a, bad);
}

static bool parse_args(int argc, char **argv, cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->pos = xcalloc((size_t)argc + 1, sizeof *a->pos);
    a->filters = xcalloc((size_t)argc + 1, sizeof *a->filters);
    bool bad = false, only_pos = false;
    for (int i = 1; i < argc && !bad; i++) {
        const char *s = argv[i];
        if (!only_pos && a->npos > 0 && is_filter_arg(s)) {
            a->filters[a->nfilters++] = xstrdup(s);
        } else if (only_pos || s[0] != '-' || strcmp(s, "-") == 0) {
            a->pos[a->npos++] = s;
        } else if (strcmp(s, "--") == 0) {
            only_pos = true;
        } else if (!take_option(s, &i, argc, argv, a, &bad)) {
            cli_fail(EXIT_USAGE, "unknown option (see winback --help)", s);
            bad = true;
        }
    }
    return !bad;
}

/* ---- commands ---------------------------------------------------------- */

/* Checks one file; prints "FILE: ok ..." or its problems. */
static bool check_one_form(const char *path)
{
    problems p;
    problems_init(&p);
    form *f = form_load(path, &p);
    if (f) {
        printf("%s: ok (form '%s' version %s, %zu sections, %zu questions)\n", path, f->id,
               f->version, f->nsections, f->nquestions);
        for (size_t i = 0; i < p.n; i++) {
            char *w = text_sanitize(p.msg[i], false);
            printf("  warning: %s\n", w);
            free(w);
        }
    } else {
        cli_print_problems(&p);
        fprintf(stderr, "%s: %zu problem%s\n", path, p.n, p.n == 1 ? "" : "s");
    }
    form_free(f);
    problems_free(&p);
    return f != NULL;
}

/* Loads the activity library for check-forms (NULL after printing why). */
static library *check_library(bool quiet)
{
    char *acts = paths_find("share", "activities.ini");
    char *rules = paths_find("share", "rules.ini");
    problems p;
    problems_init(&p);
    library *lib = acts && rules ? library_load(acts, rules, &p) : NULL;
    if (lib && !quiet)
        printf("%s, %s: ok (%zu activities)\n", acts, rules, lib->nacts);
    else if (!acts || !rules)
        fprintf(stderr, "winback: activities.ini or rules.ini not found\n");
    else if (!lib)
        cli_print_problems(&p);
    problems_free(&p);
    free(acts);
    free(rules);
    return lib;
}

/* Checks one scenario file against the activity library. */
static bool check_one_scenario(const char *path, const library *lib)
{
    problems p;
    problems_init(&p);
    scenario *sc = scenario_load(path, lib, &p);
    if (sc) {
        printf("%s: ok (scenario '%s' version %s, %s, %zu facts)\n", path, sc->id,
               sc->version, scenario_difficulty_id(sc->difficulty), sc->nfacts);
    } else {
        cli_print_problems(&p);
        fprintf(stderr, "%s: %zu problem%s\n", path, p.n, p.n == 1 ? "" : "s");
    }
    scenario_free(sc);
    problems_free(&p);
    return sc != NULL;
}

/* A form or a scenario, told apart by the file's first section. */
static bool check_one_file(const char *path, const library *lib)
{
    if (scenario_file_is(path))
        return lib ? check_one_scenario(path, lib) : false;
    return check_one_form(path);
}

/* The shipped forms and scenarios. */
static bool check_shipped(const library *lib)
{
    bool ok = true;
    static const char *const shipped[] = {"debrief.ini", "quick.ini"};
    for (size_t i = 0; i < ARRAY_LEN(shipped); i++) {
        char *p = paths_find("forms", shipped[i]);
        if (!p) {
            fprintf(stderr, "winback: %s not found in the forms directories\n", shipped[i]);
            ok = false;
            continue;
        }
        ok = check_one_form(p) && ok;
        free(p);
    }
    problems probs;
    problems_init(&probs);
    size_t n = 0;
    scenario **list = lib ? scenario_list(lib, &n, &probs) : NULL;
    for (size_t i = 0; i < n; i++)
        printf("%s: ok (scenario '%s' version %s)\n", list[i]->path, list[i]->id,
               list[i]->version);
    cli_print_problems(&probs);
    ok = ok && probs.n == 0;
    problems_free(&probs);
    scenario_list_free(list, n);
    return ok;
}

static int cmd_check_forms(cli_ctx *ctx)
{
    library *lib = check_library(ctx->args.npos > 1);
    bool ok = true;
    if (ctx->args.npos > 1) {
        for (size_t i = 1; i < ctx->args.npos; i++)
            ok = check_one_file(ctx->args.pos[i], lib) && ok;
    } else {
        ok = check_shipped(lib) && lib != NULL;
    }
    library_free(lib);
    return ok ? 0 : EXIT_FAIL;
}

static int cmd_import(cli_ctx *ctx)
{
    if (ctx->args.npos < 2)
        return cli_fail(EXIT_USAGE, "import needs an answers file", "winback import FILE...");
    int status = 0;
    for (size_t i = 1; i < ctx->args.npos; i++) {
        problems p;
        problems_init(&p);
        int64_t id = 0;
        if (importer_run(ctx->st, ctx->lib, ctx->args.pos[i], ctx->cfg.user, &id, &p) == 0) {
            printf("%s: imported as session %lld\n", ctx->args.pos[i], (long long)id);
        } else {
            cli_print_problems(&p);
            fprintf(stderr, "%s: nothing imported (%zu problem%s)\n", ctx->args.pos[i], p.n,
                    p.n == 1 ? "" : "s");
            status = EXIT_FAIL;
        }
        problems_free(&p);
    }
    return status;
}

static int cmd_show(cli_ctx *ctx)
{
    int64_t id;
    if (ctx->args.npos != 2 || !cli_parse_id(ctx->args.pos[1], &id))
        return cli_fail(EXIT_USAGE, "show needs one session id (a number, see winback list)",
                    "winback show ID");
    int fmt = ctx->args.format ? report_format_find(ctx->args.format) : REPORT_TEXT;
    if (fmt < 0 || fmt == REPORT_TSV)
        return cli_fail(EXIT_USAGE, "--format must be text, json or markdown", ctx->args.format);
    session_doc doc;
    char *err = NULL;
    int rc = report_load(ctx->st, id, &doc, &err);
    if (rc != STORE_OK) {
        int status = cli_fail(EXIT_FAIL, err ? err : "cannot read the session", NULL);
        free(err);
        report_free(&doc);
        return status;
    }
    if (doc.has_plan && doc.has_diag)
        plan_check(ctx->lib, &doc.diag, &doc.plan);
    char *out = report_render(&doc, ctx->lib, fmt);
    fputs(out, stdout);
    free(out);
    report_free(&doc);
    return 0;
}

static int cmd_outcome(cli_ctx *ctx)
{
    int64_t id;
    if (ctx->args.npos != 3 || !cli_parse_id(ctx->args.pos[1], &id))
        return cli_fail(EXIT_USAGE, "outcome needs a session id and a status",
                    "winback outcome ID STATUS [--date YYYY-MM-DD] [--note TEXT]");
    int o = outcome_find(ctx->args.pos[2]);
    if (o <= OUTCOME_NONE)
        return cli_fail(EXIT_USAGE, "status must be won_back, partly_won_back, still_trying, "
                    "lost_for_good or terminated", ctx->args.pos[2]);
    char today[11];
    today_date(today);
    const char *date = ctx->args.date ? ctx->args.date : today;
    if (!date_valid(date))
        return cli_fail(EXIT_USAGE, "--date must be a real date written YYYY-MM-DD", date);
    char *note = ctx->args.note ? text_sanitize(ctx->args.note, false) : NULL;
    char *err = NULL;
    int rc = store_outcome_set(ctx->st, id, o, date, note, ctx->cfg.user, &err);
    free(note);
    if (rc != STORE_OK) {
        int status = cli_fail(EXIT_FAIL, err ? err : "cannot record the outcome", NULL);
        free(err);
        return status;
    }
    printf("session %lld: %s on %s\n", (long long)id, outcome_label(o), date);
    return 0;
}

static int cmd_wizard(cli_ctx *ctx)
{
    tui_options opt;
    memset(&opt, 0, sizeof opt);
    return tui_run(ctx->st, &ctx->cfg, ctx->lib, &opt);
}

static const command commands[] = {
    {"check-forms", "check-forms [FILE...]",
     "Validate forms and scenarios (default: the shipped ones and the activity library).",
     cmd_check_forms, false, false, false},
    {"import", "import FILE...", "Create finished sessions from answers files.", cmd_import,
     true, true, false},
    {"list", "list [FILTERS] [--sort COL] [--limit N] [--format table|tsv|json]",
     "List sessions (real ones unless training=yes|all), newest first.", cmd_list, true,
     false, true},
    {"show", "show ID [--format text|json|markdown]",
     "Print a session: answers, diagnosis, plan, review, history.", cmd_show, true, true,
     false},
    {"stats", "stats [FILTERS] [--format table|json]",
     "Reacquisition ratios per type, source, salesperson and quarter.", cmd_stats, true,
     false, true},
    {"due", "due [FILTERS] [--days N] [--date D] [--format table|tsv|json]",
     "Follow-ups due within N days (default 7) or overdue.", cmd_due, true, false, true},
    {"export", "export [FILTERS] --format csv|json|markdown [-o FILE] [--redact] [--force]",
     "Export sessions for a CRM, a spreadsheet or a team document.", cmd_export, true, true,
     true},
    {"merge", "merge OTHER.db", "Bring another winback database's sessions into this one.",
     cmd_merge, true, false, false},
    {"outcome", "outcome ID STATUS [--date D] [--note T]",
     "Record how a win-back ended (won_back, partly_won_back, still_trying, "
     "lost_for_good, terminated).",
     cmd_outcome, true, false, false},
    {"comment", "comment ID TEXT", "Add a manager's review comment to a session.",
     cmd_comment, true, false, false},
    {"review", "review ID DIMENSION VALUE --reason TEXT",
     "Override a diagnosis as a manager (type, source, stability, control, priority; "
     "VALUE none withdraws it).", cmd_review, true, false, false},
    {"scenarios", "scenarios [--format table|json]", "List the training scenarios.",
     cmd_scenarios, true, true, false},
    {"train", "train SCENARIO --trainee NAME --answers FILE --diagnosis FILE [--format text|json]",
     "Run a role-play without the wizard and print the feedback.", cmd_train, true, true,
     false},
    {"wizard", "wizard", "Start the interactive wizard (the default).", cmd_wizard, true, true,
     false},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

/* ---- help -------------------------------------------------------------- */

static void print_main_help(void)
{
    printf("winback %s - debrief a lost B2B account and plan how to win it back\n\n"
           "Usage: winback [--db PATH] [--config PATH] [COMMAND [ARGS]]\n\n"
           "Without a command, the interactive wizard starts.\n\n"
           "Commands:\n", PACKAGE_VERSION);
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        printf("  %s\n      %s\n", commands[i].usage, commands[i].summary);
    printf("\nFILTERS (list, stats, due, export): NAME=VALUE or --NAME VALUE with NAME one of\n"
           "  type, source, stability, control, priority, outcome, salesperson, from, to,\n"
           "  training (no|yes|all), overridden (yes), search (words in the narratives).\n");
    char *db = paths_default_db(), *cf = paths_default_config();
    printf("\nOptions:\n"
           "  --db PATH       database (default: %s)\n"
           "  --config PATH   configuration file (default: %s)\n"
           "  --read-only     open the database read-only: nothing can be changed\n"
           "  --help, -h      this help; COMMAND --help for a command\n"
           "  --version, -V   print the version\n",
           db ? db : "$XDG_DATA_HOME/winback/winback.db",
           cf ? cf : "$XDG_CONFIG_HOME/winback/config.ini");
    free(db);
    free(cf);
}

static void print_command_help(const command *c)
{
    printf("Usage: winback [--db PATH] %s\n\n%s\n", c->usage, c->summary);
}

/* ---- setup ------------------------------------------------------------- */

static bool open_library(cli_ctx *ctx)
{
    char *acts = paths_find("share", "activities.ini");
    char *rules = paths_find("share", "rules.ini");
    problems p;
    problems_init(&p);
    if (!acts || !rules)
        fprintf(stderr, "winback: the activity library (activities.ini, rules.ini) was not "
                        "found; reinstall winback or set WINBACK_DATADIR\n");
    else if (!(ctx->lib = library_load(acts, rules, &p)))
        cli_print_problems(&p);
    problems_free(&p);
    free(acts);
    free(rules);
    return ctx->lib != NULL;
}

static bool open_store(cli_ctx *ctx)
{
    char *def = ctx->args.db ? NULL : paths_default_db();
    const char *path = ctx->args.db ? ctx->args.db : def;
    if (!path) {
        fprintf(stderr, "winback: no database path: set HOME or XDG_DATA_HOME, or use --db\n");
        return false;
    }
    char *err = NULL;
    ctx->st = store_open(path, ctx->args.read_only ? STORE_READ_ONLY : 0, &err);
    if (!ctx->st) {
        cli_fail(EXIT_FAIL, err ? err : "cannot open the database", NULL);
        free(err);
    }
    free(def);
    return ctx->st != NULL;
}

static void args_free(cli_args *a)
{
    for (size_t i = 0; i < a->nfilters; i++)
        free(a->filters[i]);
    free(a->filters);
    free(a->pos);
}

bool cli_filter(const cli_ctx *ctx, query_filter *f)
{
    query_filter_init(f);
    for (size_t i = 0; i < ctx->args.nfilters; i++) {
        char *err = NULL;
        if (!query_filter_parse(f, ctx->args.filters[i], &err)) {
            cli_fail(EXIT_USAGE, err ? err : "bad filter", NULL);
            free(err);
            query_filter_free(f);
            return false;
        }
    }
    return true;
}

static int run_command(cli_ctx *ctx, const command *c)
{
    problems p;
    problems_init(&p);
    if (!config_load(&ctx->cfg, ctx->args.config, &p)) {
        cli_print_problems(&p);
        problems_free(&p);
        return EXIT_FAIL;
    }
    problems_free(&p);
    if (ctx->args.nfilters && !c->takes_filters)
        return cli_fail(EXIT_USAGE, "filters apply to list, stats, due and export only",
                        ctx->args.filters[0]);
    if (c->needs_library && !open_library(ctx))
        return EXIT_FAIL;
    if (c->needs_store && !open_store(ctx))
        return EXIT_FAIL;
    return c->run(ctx);
}

int cli_main(int argc, char **argv)
{
    cli_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    if (!parse_args(argc, argv, &ctx.args)) {
        args_free(&ctx.args);
        return EXIT_USAGE;
    }
    const char *name = ctx.args.npos ? ctx.args.pos[0] : "wizard";
    const command *c = find_command(name);
    int status;
    if (ctx.args.version)
        status = (printf("winback %s\n", PACKAGE_VERSION), 0);
    else if (!c)
        status = cli_fail(EXIT_USAGE, "unknown command (see winback --help)", name);
    else if (ctx.args.help)
        status = (ctx.args.npos ? print_command_help(c) : print_main_help(), 0);
    else
        status = run_command(&ctx, c);
    if (ctx.st)
        store_close(ctx.st);
    library_free(ctx.lib);
    config_free(&ctx.cfg);
    args_free(&ctx.args);
    return status;
}
