/* cli_train.c - the trainers' commands: scenarios (the list, and the
 * trainer's view of attempts) and train (a role-play from files). */
#include "cli_cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "roleplay.h"
#include "scenario.h"
#include "text.h"
#include "training.h"

/* Prints the scenario table (or JSON) with how often each was played. */
static int print_scenarios(cli_ctx *ctx, scenario **list, size_t n, bool json)
{
    const char **ids = xcalloc(n + 1, sizeof *ids);
    int *plays = xcalloc(n + 1, sizeof *plays);
    for (size_t i = 0; i < n; i++)
        ids[i] = list[i]->id;
    char *err = NULL;
    if (roleplay_play_counts(ctx->st, ids, n, plays, &err) != STORE_OK) {
        free(ids);
        free(plays);
        return cli_fail_err(err, "cannot count the attempts");
    }
    strbuf sb;
    sb_init(&sb);
    if (json)
        sb_addc(&sb, '[');
    else
        sb_addf(&sb, "%-28s  %-6s  %5s  %s\n", "SCENARIO", "LEVEL", "PLAYS", "TITLE");
    for (size_t i = 0; i < n; i++) {
        const scenario *s = list[i];
        if (json) {
            sb_add(&sb, i ? ",{\"id\":" : "{\"id\":");
            json_add_string(&sb, s->id);
            sb_add(&sb, ",\"version\":");
            json_add_string(&sb, s->version);
            sb_add(&sb, ",\"title\":");
            json_add_string(&sb, s->title);
            sb_addf(&sb, ",\"difficulty\":\"%s\",\"plays\":%d}",
                    scenario_difficulty_id(s->difficulty), plays[i]);
        } else {
            char *title = text_sanitize(s->title, false);
            sb_addf(&sb, "%-28s  %-6s  %5d  %s\n", s->id, scenario_difficulty_id(s->difficulty),
                    plays[i], title);
            free(title);
        }
    }
    if (json)
        sb_add(&sb, "]\n");
    bool ok = cli_print(sb_str(&sb));
    sb_free(&sb);
    free(ids);
    free(plays);
    return ok ? 0 : EXIT_FAIL;
}

/* `scenarios ID --format text|csv|markdown|json`: the trainer's view of
 * one scenario's attempts; `scenarios --trainee NAME`: one trainee's. */
static int print_attempts(cli_ctx *ctx, const char *scenario_id, const char *trainee)
{
    int fmt = REPORT_TEXT;
    if (ctx->args.format && str_ieq(ctx->args.format, "csv"))
        fmt = ROLEPLAY_CSV;
    else if (ctx->args.format && (fmt = report_format_find(ctx->args.format)) < 0)
        return cli_fail(EXIT_USAGE, "--format must be text, csv, markdown or json",
                        ctx->args.format);
    attempt *list = NULL;
    size_t n = 0;
    char *err = NULL;
    if (roleplay_attempts(ctx->st, scenario_id, trainee, &list, &n, &err) != STORE_OK)
        return cli_fail_err(err, "cannot read the attempts");
    char *out = roleplay_render_attempts(list, n, scenario_id ? ROLEPLAY_BY_SCENARIO
                                                             : ROLEPLAY_BY_TRAINEE, fmt);
    bool ok = cli_print(out);
    free(out);
    attempt_list_free(list, n);
    return ok ? 0 : EXIT_FAIL;
}

int cmd_scenarios(cli_ctx *ctx)
{
    if (ctx->args.npos > 2)
        return cli_fail(EXIT_USAGE, "scenarios takes at most one scenario id",
                        "winback scenarios [ID | --trainee NAME] [--format ...]");
    if (ctx->args.npos == 2 || ctx->args.trainee)
        return print_attempts(ctx, ctx->args.npos == 2 ? ctx->args.pos[1] : NULL,
                              ctx->args.trainee);
    bool json = ctx->args.format && str_ieq(ctx->args.format, "json");
    if (ctx->args.format && !json && !str_ieq(ctx->args.format, "table"))
        return cli_fail(EXIT_USAGE, "--format must be table or json", ctx->args.format);
    problems p;
    problems_init(&p);
    size_t n = 0;
    scenario **list = scenario_list(ctx->lib, &n, &p);
    cli_print_problems(&p);
    problems_free(&p);
    if (!n) {
        scenario_list_free(list, n);
        return cli_fail(EXIT_FAIL, "no training scenarios found (share/scenarios/*.ini); "
                        "reinstall winback or set WINBACK_DATADIR", NULL);
    }
    int status = print_scenarios(ctx, list, n, json);
    scenario_list_free(list, n);
    return status;
}

int cmd_train(cli_ctx *ctx)
{
    const cli_args *a = &ctx->args;
    if (a->npos != 2 || !a->trainee || !a->answers || !a->diagnosis)
        return cli_fail(EXIT_USAGE, "train needs a scenario, --trainee, --answers and "
                        "--diagnosis", "winback train SCENARIO --trainee NAME --answers FILE "
                        "--diagnosis FILE");
    bool json = a->format && str_ieq(a->format, "json");
    if (a->format && !json && !str_ieq(a->format, "text"))
        return cli_fail(EXIT_USAGE, "--format must be text or json", a->format);
    problems p;
    problems_init(&p);
    scenario *sc = scenario_find(a->pos[1], ctx->lib, &p);
    training_result r;
    training_result_init(&r);
    int previous = -1;
    int64_t session = 0;
    int status = EXIT_FAIL;
    if (sc && roleplay_run_files(ctx->st, ctx->lib, sc, a->trainee, a->answers, a->diagnosis,
                                 &r, &previous, &session, &p) == 0) {
        char *out = json ? training_render_json(&r, previous)
                         : training_render_text(&r, previous, 0);
        status = cli_print(out) ? 0 : EXIT_FAIL;
        if (!json)
            printf("Saved as training session %lld.\n", (long long)session);
        free(out);
    }
    cli_print_problems(&p);
    problems_free(&p);
    training_result_free(&r);
    scenario_free(sc);
    return status;
}
