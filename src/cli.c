/* cli.c - command-line parsing and the non-interactive commands.
 *
 * winback [--db PATH] [--config PATH] [COMMAND [ARGS]]
 * Without a command the wizard starts (tui.c).  Every command accepts
 * --help; errors are one line on stderr and a non-zero exit status:
 * 1 for a failure (bad file, database error), 2 for a usage error.
 */
#include "cli.h"

#include <errno.h>
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
#include "store.h"
#include "text.h"
#include "tui.h"
#include "util.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "dev"
#endif

#define EXIT_FAIL 1
#define EXIT_USAGE 2

typedef struct cli_args {
    const char *db;
    const char *config;
    const char *format;
    const char *date;
    const char *note;
    bool help;
    bool version;
    const char **pos;     /* positional arguments; pos[0] is the command */
    size_t npos;
} cli_args;

typedef struct cli_ctx {
    cli_args args;
    config cfg;
    store *st;
    library *lib;
} cli_ctx;

typedef struct command {
    const char *name;
    const char *usage;
    const char *summary;
    int (*run)(cli_ctx *ctx);
    bool needs_store;
    bool needs_library;
} command;

static const command *find_command(const char *name);

/* Prints a one-line error (user text sanitised) and returns status. */
static int fail(int status, const char *what, const char *detail)
{
    char *w = text_sanitize(what, false);
    char *d = detail ? text_sanitize(detail, false) : NULL;
    fprintf(stderr, "winback: %s%s%s\n", w, d ? ": " : "", d ? d : "");
    free(w);
    free(d);
    return status;
}

static void print_problems(const problems *p)
{
    for (size_t i = 0; i < p->n; i++) {
        char *m = text_sanitize(p->msg[i], false);
        fprintf(stderr, "%s\n", m);
        free(m);
    }
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

static bool parse_args(int argc, char **argv, cli_args *a)
{
    memset(a, 0, sizeof *a);
    a->pos = xcalloc((size_t)argc + 1, sizeof *a->pos);
    bool bad = false, only_pos = false;
    for (int i = 1; i < argc && !bad; i++) {
        const char *s = argv[i];
        if (only_pos || s[0] != '-' || strcmp(s, "-") == 0) {
            a->pos[a->npos++] = s;
        } else if (strcmp(s, "--") == 0) {
            only_pos = true;
        } else if (strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0) {
            a->help = true;
        } else if (strcmp(s, "--version") == 0 || strcmp(s, "-V") == 0) {
            a->version = true;
        } else if (!take_value(s, "--db", &i, argc, argv, &a->db, &bad) &&
                   !take_value(s, "--config", &i, argc, argv, &a->config, &bad) &&
                   !take_value(s, "--format", &i, argc, argv, &a->format, &bad) &&
                   !take_value(s, "--date", &i, argc, argv, &a->date, &bad) &&
                   !take_value(s, "--note", &i, argc, argv, &a->note, &bad)) {
            fail(EXIT_USAGE, "unknown option (see winback --help)", s);
            bad = true;
        }
    }
    return !bad;
}

/* ---- help -------------------------------------------------------------- */

static void print_main_help(void)
{
    printf("winback %s - debrief a lost B2B account and plan how to win it back\n\n"
           "Usage: winback [--db PATH] [--config PATH] [COMMAND [ARGS]]\n\n"
           "Without a command, the interactive wizard starts.\n\n"
           "Commands:\n", PACKAGE_VERSION);
    static const char *const names[] = {"check-forms", "import", "list", "show", "outcome"};
    for (size_t i = 0; i < ARRAY_LEN(names); i++) {
        const command *c = find_command(names[i]);
        printf("  %-40s %s\n", c->usage, c->summary);
    }
    char *db = paths_default_db(), *cf = paths_default_config();
    printf("\nOptions:\n"
           "  --db PATH       database (default: %s)\n"
           "  --config PATH   configuration file (default: %s)\n"
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
        for (size_t i = 0; i < p.n; i++)
            printf("  warning: %s\n", p.msg[i]);
    } else {
        print_problems(&p);
        fprintf(stderr, "%s: %zu problem%s\n", path, p.n, p.n == 1 ? "" : "s");
    }
    form_free(f);
    problems_free(&p);
    return f != NULL;
}

static bool check_library(void)
{
    char *acts = paths_find("share", "activities.ini");
    char *rules = paths_find("share", "rules.ini");
    problems p;
    problems_init(&p);
    library *lib = acts && rules ? library_load(acts, rules, &p) : NULL;
    if (lib)
        printf("%s, %s: ok (%zu activities)\n", acts, rules, lib->nacts);
    else if (!acts || !rules)
        fprintf(stderr, "winback: activities.ini or rules.ini not found\n");
    else
        print_problems(&p);
    bool ok = lib != NULL;
    library_free(lib);
    problems_free(&p);
    free(acts);
    free(rules);
    return ok;
}

static int cmd_check_forms(cli_ctx *ctx)
{
    bool ok = true;
    if (ctx->args.npos > 1) {
        for (size_t i = 1; i < ctx->args.npos; i++)
            ok = check_one_form(ctx->args.pos[i]) && ok;
        return ok ? 0 : EXIT_FAIL;
    }
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
    return check_library() && ok ? 0 : EXIT_FAIL;
}

static int cmd_import(cli_ctx *ctx)
{
    if (ctx->args.npos < 2)
        return fail(EXIT_USAGE, "import needs an answers file", "winback import FILE...");
    int status = 0;
    for (size_t i = 1; i < ctx->args.npos; i++) {
        problems p;
        problems_init(&p);
        int64_t id = 0;
        if (importer_run(ctx->st, ctx->lib, ctx->args.pos[i], ctx->cfg.user, &id, &p) == 0) {
            printf("%s: imported as session %lld\n", ctx->args.pos[i], (long long)id);
        } else {
            print_problems(&p);
            fprintf(stderr, "%s: nothing imported (%zu problem%s)\n", ctx->args.pos[i], p.n,
                    p.n == 1 ? "" : "s");
            status = EXIT_FAIL;
        }
        problems_free(&p);
    }
    return status;
}

/* Parses a session id argument. */
static bool parse_id(const char *s, int64_t *id)
{
    long v;
    if (!parse_long(s, &v) || v <= 0)
        return false;
    *id = v;
    return true;
}

static int cmd_show(cli_ctx *ctx)
{
    int64_t id;
    if (ctx->args.npos != 2 || !parse_id(ctx->args.pos[1], &id))
        return fail(EXIT_USAGE, "show needs one session id (a number, see winback list)",
                    "winback show ID");
    int fmt = ctx->args.format ? report_format_find(ctx->args.format) : REPORT_TEXT;
    if (fmt < 0 || fmt == REPORT_TSV)
        return fail(EXIT_USAGE, "--format must be text, json or markdown", ctx->args.format);
    session_doc doc;
    char *err = NULL;
    int rc = report_load(ctx->st, id, &doc, &err);
    if (rc != STORE_OK) {
        int status = fail(EXIT_FAIL, err ? err : "cannot read the session", NULL);
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

static int cmd_list(cli_ctx *ctx)
{
    int fmt = ctx->args.format ? report_format_find(ctx->args.format) : REPORT_TEXT;
    if (fmt < 0 || fmt == REPORT_MARKDOWN)
        return fail(EXIT_USAGE, "--format must be table, tsv or json", ctx->args.format);
    session_info *list = NULL;
    size_t n = 0;
    char *err = NULL;
    if (store_session_list(ctx->st, &list, &n, &err) != STORE_OK) {
        int status = fail(EXIT_FAIL, err ? err : "cannot list sessions", NULL);
        free(err);
        return status;
    }
    char *out = report_list(list, n, fmt);
    fputs(out, stdout);
    free(out);
    session_list_free(list, n);
    return 0;
}

static int cmd_outcome(cli_ctx *ctx)
{
    int64_t id;
    if (ctx->args.npos != 3 || !parse_id(ctx->args.pos[1], &id))
        return fail(EXIT_USAGE, "outcome needs a session id and a status",
                    "winback outcome ID STATUS [--date YYYY-MM-DD] [--note TEXT]");
    int o = outcome_find(ctx->args.pos[2]);
    if (o <= OUTCOME_NONE)
        return fail(EXIT_USAGE, "status must be won_back, partly_won_back, still_trying, "
                    "lost_for_good or terminated", ctx->args.pos[2]);
    char today[11];
    today_date(today);
    const char *date = ctx->args.date ? ctx->args.date : today;
    if (!date_valid(date))
        return fail(EXIT_USAGE, "--date must be a real date written YYYY-MM-DD", date);
    char *note = ctx->args.note ? text_sanitize(ctx->args.note, false) : NULL;
    char *err = NULL;
    int rc = store_outcome_set(ctx->st, id, o, date, note, ctx->cfg.user, &err);
    free(note);
    if (rc != STORE_OK) {
        int status = fail(EXIT_FAIL, err ? err : "cannot record the outcome", NULL);
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
     "Validate forms (default: the shipped ones and the activity library).",
     cmd_check_forms, false, false},
    {"import", "import FILE...", "Create finished sessions from answers files.", cmd_import,
     true, true},
    {"list", "list [--format table|tsv|json]", "List the saved sessions, newest first.",
     cmd_list, true, false},
    {"show", "show ID [--format text|json|markdown]",
     "Print a session: answers, diagnosis, priority, plan.", cmd_show, true, true},
    {"outcome", "outcome ID STATUS [--date D] [--note T]",
     "Record how a win-back ended (won_back, partly_won_back, still_trying, "
     "lost_for_good, terminated).",
     cmd_outcome, true, false},
    {"wizard", "wizard", "Start the interactive wizard (the default).", cmd_wizard, true, true},
};

static const command *find_command(const char *name)
{
    for (size_t i = 0; i < ARRAY_LEN(commands); i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
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
        print_problems(&p);
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
    ctx->st = store_open(path, 0, &err);
    if (!ctx->st) {
        fail(EXIT_FAIL, err ? err : "cannot open the database", NULL);
        free(err);
    }
    free(def);
    return ctx->st != NULL;
}

static int run_command(cli_ctx *ctx, const command *c)
{
    problems p;
    problems_init(&p);
    if (!config_load(&ctx->cfg, ctx->args.config, &p)) {
        print_problems(&p);
        problems_free(&p);
        return EXIT_FAIL;
    }
    problems_free(&p);
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
        free(ctx.args.pos);
        return EXIT_USAGE;
    }
    const char *name = ctx.args.npos ? ctx.args.pos[0] : "wizard";
    const command *c = find_command(name);
    int status;
    if (ctx.args.version)
        status = (printf("winback %s\n", PACKAGE_VERSION), 0);
    else if (!c)
        status = fail(EXIT_USAGE, "unknown command (see winback --help)", name);
    else if (ctx.args.help)
        status = (ctx.args.npos ? print_command_help(c) : print_main_help(), 0);
    else
        status = run_command(&ctx, c);
    if (ctx.st)
        store_close(ctx.st);
    library_free(ctx.lib);
    config_free(&ctx.cfg);
    free(ctx.args.pos);
    return status;
}
