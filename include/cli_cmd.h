/* cli_cmd.h - what the command files share: parsed arguments, the context
 * a command runs in, and the helpers every command uses for errors, ids
 * and filters.  cli.c parses and dispatches; the commands live in cli.c
 * (debriefs), cli_review.c (managers: list, stats, due, export, merge,
 * comment, review) and cli_train.c (trainers: scenarios, train).
 */
#ifndef WINBACK_CLI_CMD_H
#define WINBACK_CLI_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "plan.h"
#include "query.h"
#include "store.h"
#include "util.h"

#define EXIT_FAIL 1
#define EXIT_USAGE 2

typedef struct cli_args {
    const char *db;
    const char *config;
    const char *format;
    const char *date;
    const char *note;
    const char *output;     /* -o / --output FILE */
    const char *sort;       /* --sort COLUMN */
    const char *limit;      /* --limit N */
    const char *offset;     /* --offset N */
    const char *days;       /* --days N (due) */
    const char *trainee;    /* --trainee NAME */
    const char *answers;    /* --answers FILE */
    const char *diagnosis;  /* --diagnosis FILE */
    const char *reason;     /* --reason TEXT */
    bool help;
    bool version;
    bool read_only;         /* --read-only */
    bool force;             /* --force: overwrite an export */
    bool redact;            /* --redact */
    bool desc;              /* --desc: sort descending */
    bool asc;               /* --asc */
    const char **pos;       /* positional arguments; pos[0] is the command */
    size_t npos;
    char **filters;         /* "name=value" from --NAME VALUE or NAME=VALUE; owned */
    size_t nfilters;
} cli_args;

typedef struct cli_ctx {
    cli_args args;
    config cfg;
    store *st;
    library *lib;
} cli_ctx;

/* Prints "winback: what: detail" (user text sanitised) on stderr and
 * returns status. */
int cli_fail(int status, const char *what, const char *detail);

/* Prints a store error (freeing it) and returns EXIT_FAIL. */
int cli_fail_err(char *err, const char *fallback);

/* Prints each problem on its own line on stderr (sanitised). */
void cli_print_problems(const problems *p);

/* Parses a session id (a positive number). */
bool cli_parse_id(const char *s, int64_t *id);

/* Builds f from the filter arguments (--type X, type=X ...); false after
 * printing what is wrong. */
bool cli_filter(const cli_ctx *ctx, query_filter *f);

/* Writes text to stdout; false (message printed) when stdout fails. */
bool cli_print(const char *text);

/* The commands. */
int cmd_list(cli_ctx *ctx);
int cmd_stats(cli_ctx *ctx);
int cmd_due(cli_ctx *ctx);
int cmd_export(cli_ctx *ctx);
int cmd_merge(cli_ctx *ctx);
int cmd_comment(cli_ctx *ctx);
int cmd_review(cli_ctx *ctx);
int cmd_scenarios(cli_ctx *ctx);
int cmd_train(cli_ctx *ctx);

#endif
