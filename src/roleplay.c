/* roleplay.c - training sessions scored and kept in the store (roleplay.h). */
#include "roleplay.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "export.h"
#include "importer.h"
#include "report.h"
#include "store_sql.h"
#include "text.h"
#include "vocab.h"

void attempt_list_free(attempt *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free(list[i].scenario_id);
        free(list[i].scenario_version);
        free(list[i].trainee);
        free(list[i].at);
    }
    free(list);
}

/* The stated diagnosis as JSON: {"type": "...", ..., "activities": [...]}. */
static char *stated_json(const stated *s)
{
    strbuf sb;
    sb_init(&sb);
    sb_addc(&sb, '{');
    for (int e = 0; e < SC_ELEM_COUNT; e++) {
        if (e)
            sb_addc(&sb, ',');
        json_add_string(&sb, scenario_elem_id(e));
        sb_addc(&sb, ':');
        const char *v = scenario_elem_value_id(e, s->value[e]);
        if (v)
            json_add_string(&sb, v);
        else
            sb_add(&sb, "null");
    }
    sb_add(&sb, ",\"activities\":[");
    for (size_t i = 0; i < s->nacts; i++) {
        if (i)
            sb_addc(&sb, ',');
        json_add_string(&sb, s->activities[i]);
    }
    sb_add(&sb, "]}");
    return sb_take(&sb);
}

/* The trainee's last score on the scenario before session (-1: none). */
static int previous_score(store *st, const char *scenario_id, const char *trainee,
                          int64_t session, int *score, char **err)
{
    int rc;
    *score = -1;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT score FROM training WHERE scenario_id = ? AND "
                                 "trainee = ? AND session_id <> ? AND score IS NOT NULL "
                                 "ORDER BY at DESC, session_id DESC LIMIT 1",
                                 "ssi", scenario_id, trainee, session);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *score = sqlite3_column_int(s, 0);
    else if (src != SQLITE_DONE)
        rc = store_fail(st, src, "read earlier attempts", err);
    sqlite3_finalize(s);
    return rc;
}

int roleplay_begin(store *st, int64_t session, const scenario *sc, const char *trainee,
                   char **err)
{
    char now[20];
    now_timestamp(now);
    int rc = store_write_begin(st, err);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL, "UPDATE sessions SET training = 1 WHERE id = ?", "i",
                       session);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL,
                       "INSERT OR IGNORE INTO training (session_id, scenario_id, "
                       "scenario_version, trainee, at) VALUES (?, ?, ?, ?, ?)",
                       "issss", session, sc->id, sc->version, trainee, now);
    return store_write_end(st, rc, err);
}

int roleplay_session(store *st, int64_t session, char **scenario_id, char **trainee,
                     bool *scored, char **err)
{
    int rc;
    *scenario_id = *trainee = NULL;
    *scored = false;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT scenario_id, trainee, score IS NOT NULL FROM training "
                                 "WHERE session_id = ?", "i", session);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        *scenario_id = store_col_str(s, 0);
        *trainee = store_col_str(s, 1);
        *scored = sqlite3_column_int(s, 2) != 0;
    } else if (src != SQLITE_DONE) {
        rc = store_fail(st, src, "read a role-play", err);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Number of failed blocker checks. */
static int failed_blockers(const training_result *r)
{
    int n = 0;
    for (size_t i = 0; i < r->nchecks; i++)
        n += r->checks[i].blocker && !r->checks[i].passed;
    return n;
}

/* Writes the scored attempt (inside the caller's write). */
static int record(store *st, int64_t session, const scenario *sc, const char *trainee,
                  const stated *said, const training_result *r, int previous, char **err)
{
    char now[20];
    now_timestamp(now);
    char *sj = stated_json(said);
    char *rubric = training_freeze(sc);
    char *result = training_render_json(r, previous);
    int rc = store_touch(st, session, err);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL, "UPDATE sessions SET training = 1 WHERE id = ?", "i",
                       session);
    if (rc == STORE_OK)
        rc = store_run(st, err, NULL,
                       "INSERT OR REPLACE INTO training (session_id, scenario_id, "
                       "scenario_version, trainee, stated, score, passed, blockers, rubric, "
                       "result, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                       "issssdbdsss", session, sc->id, sc->version, trainee, sj,
                       r->score, (int)r->passed, failed_blockers(r), rubric, result, now);
    if (rc == STORE_OK) {
        char score[16];
        snprintf(score, sizeof score, "%d", r->score);
        rc = store_add_change(st, session, "training", sc->id, NULL, score, NULL, trainee, err);
    }
    free(sj);
    free(rubric);
    free(result);
    return rc;
}

int roleplay_finish(store *st, const library *lib, const scenario *sc, int64_t session,
                    const char *trainee, const stated *said, training_result *out,
                    int *previous, char **err)
{
    training_result_init(out);
    answer_set a;
    answers_init(&a);
    problems probs;
    problems_init(&probs);
    form *f = report_open_form(sc->form_id, &probs);
    int rc = store_answers_load(st, session, &a, err);
    if (rc == STORE_OK)
        rc = previous_score(st, sc->id, trainee, session, previous, err);
    if (rc == STORE_OK) {
        training_score(sc, said, f, f ? &a : NULL, lib, out);
        rc = store_write_begin(st, err);
        if (rc == STORE_OK)
            rc = store_write_end(st, record(st, session, sc, trainee, said, out, *previous,
                                            err), err);
    }
    form_free(f);
    problems_free(&probs);
    answers_free(&a);
    return rc;
}

/* Reads both files; false with problems. */
static bool read_inputs(const library *lib, const char *answers_path,
                        const char *diagnosis_path, form **f, answer_set *a, stated *said,
                        problems *probs)
{
    char *sp = NULL;
    bool training = false;
    *f = NULL;
    bool ok = importer_read(answers_path, f, a, &sp, &training, probs) == 0;
    free(sp);
    ok = training_read_stated_lib(diagnosis_path, lib, said, probs) == 0 && ok;
    return ok;
}

int roleplay_run_files(store *st, const library *lib, const scenario *sc,
                       const char *trainee, const char *answers_path,
                       const char *diagnosis_path, training_result *out, int *previous,
                       int64_t *session, problems *probs)
{
    training_result_init(out);
    form *f = NULL;
    answer_set a;
    answers_init(&a);
    stated said;
    stated_init(&said);
    int rc = read_inputs(lib, answers_path, diagnosis_path, &f, &a, &said, probs)
                 ? STORE_OK : STORE_ERR;
    char *err = NULL;
    if (rc == STORE_OK) {
        training_score(sc, &said, f, &a, lib, out);
        rc = store_begin(st, &err);
        if (rc == STORE_OK)
            rc = importer_write(st, lib, f, &a, trainee, true, session, &err);
        if (rc == STORE_OK)
            rc = previous_score(st, sc->id, trainee, *session, previous, &err);
        if (rc == STORE_OK) {
            training_result_free(out);
            training_score(sc, &said, f, &a, lib, out);
            rc = record(st, *session, sc, trainee, &said, out, *previous, &err);
        }
        rc = rc == STORE_OK ? store_commit(st, &err) : (store_rollback(st), rc);
        if (rc != STORE_OK)
            problems_add(probs, "%s", err ? err : "the role-play could not be saved");
    }
    free(err);
    stated_free(&said);
    answers_free(&a);
    form_free(f);
    return rc == STORE_OK ? 0 : -1;
}

/* The type the trainee stated, from the stored JSON (-1 when none). */
static int stated_type(const char *json)
{
    const char *p = json ? strstr(json, "\"type\":\"") : NULL;
    if (!p)
        return -1;
    p += 8;
    const char *q = strchr(p, '"');
    if (!q || q - p > 40)
        return -1;
    char id[48];
    memcpy(id, p, (size_t)(q - p));
    id[q - p] = '\0';
    return vocab_value_find(DIM_TYPE, id);
}

int roleplay_attempts(store *st, const char *scenario_id, const char *trainee,
                      attempt **out, size_t *n, char **err)
{
    int rc;
    *out = NULL;
    *n = 0;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT session_id, scenario_id, scenario_version, trainee, at,"
                                 " score, passed, blockers, stated FROM training "
                                 "WHERE score IS NOT NULL AND (?1 IS NULL OR scenario_id = ?1) "
                                 "AND (?2 IS NULL OR trainee = ?2) ORDER BY at, session_id",
                                 "ss", scenario_id, trainee);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)out, &cap, *n + 1, sizeof **out);
        attempt *a = &(*out)[(*n)++];
        a->session = sqlite3_column_int64(s, 0);
        a->scenario_id = store_col_str(s, 1);
        a->scenario_version = store_col_str(s, 2);
        a->trainee = store_col_str(s, 3);
        a->at = store_col_str(s, 4);
        a->score = sqlite3_column_int(s, 5);
        a->passed = sqlite3_column_int(s, 6) != 0;
        a->blockers = sqlite3_column_int(s, 7);
        a->type_chosen = stated_type((const char *)sqlite3_column_text(s, 8));
    }
    if (src != SQLITE_DONE)
        rc = store_fail(st, src, "read training attempts", err);
    sqlite3_finalize(s);
    return rc;
}

int roleplay_play_counts(store *st, const char *const *ids, size_t n, int *counts,
                         char **err)
{
    int rc = STORE_OK;
    for (size_t i = 0; i < n && rc == STORE_OK; i++) {
        counts[i] = 0;
        sqlite3_stmt *s = store_prep(st, err, &rc,
                                     "SELECT count(*) FROM training WHERE scenario_id = ? "
                                     "AND score IS NOT NULL",
                                     "s", ids[i]);
        if (s && sqlite3_step(s) == SQLITE_ROW)
            counts[i] = sqlite3_column_int(s, 0);
        sqlite3_finalize(s);
    }
    return rc;
}

int roleplay_feedback_json(store *st, int64_t session, char **json, char **err)
{
    int rc;
    *json = NULL;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT result FROM training WHERE session_id = ?", "i",
                                 session);
    if (!s)
        return rc;
    if (sqlite3_step(s) == SQLITE_ROW)
        *json = store_col_str(s, 0);
    sqlite3_finalize(s);
    return rc;
}

/* ---- the trainer's view ----------------------------------------------- */

/* Change since the same trainee's previous attempt at the same scenario
 * (earlier in list, which is oldest first); -1000 when it is the first. */
static int delta_since(const attempt *list, size_t i)
{
    for (size_t j = i; j-- > 0;)
        if (str_eq(list[j].trainee, list[i].trainee) &&
            str_eq(list[j].scenario_id, list[i].scenario_id))
            return list[i].score - list[j].score;
    return -1000;
}

static const char *type_label(int t)
{
    return t >= 0 ? vocab_value_label(DIM_TYPE, t) : "-";
}

static void attempts_json(strbuf *sb, const attempt *list, size_t n)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        const attempt *a = &list[i];
        int d = delta_since(list, i);
        sb_addf(sb, "%s{\"session\":%lld,\"scenario\":", i ? "," : "", (long long)a->session);
        json_add_string(sb, a->scenario_id);
        sb_add(sb, ",\"scenario_version\":");
        json_add_string(sb, a->scenario_version);
        sb_add(sb, ",\"trainee\":");
        json_add_string(sb, a->trainee);
        sb_add(sb, ",\"at\":");
        json_add_string(sb, a->at);
        sb_add(sb, ",\"type_chosen\":");
        if (a->type_chosen >= 0)
            json_add_string(sb, vocab_value_id(DIM_TYPE, a->type_chosen));
        else
            sb_add(sb, "null");
        sb_addf(sb, ",\"score\":%d,\"passed\":%s,\"blockers\":%d,\"since_last\":", a->score,
                a->passed ? "true" : "false", a->blockers);
        if (d > -1000)
            sb_addf(sb, "%d}", d);
        else
            sb_add(sb, "null}");
    }
    sb_add(sb, "]\n");
}

/* The attempts as CSV, with the exporter's field rules (export.h). */
static void attempts_csv(strbuf *sb, const attempt *list, size_t n)
{
    sb_add(sb, "session,scenario,scenario_version,trainee,at,type_chosen,type_chosen_label,"
               "score,passed,blockers,since_last\r\n");
    for (size_t i = 0; i < n; i++) {
        const attempt *a = &list[i];
        char num[4][16];
        int d = delta_since(list, i);
        snprintf(num[0], sizeof num[0], "%lld", (long long)a->session);
        snprintf(num[1], sizeof num[1], "%d", a->score);
        snprintf(num[2], sizeof num[2], "%d", a->blockers);
        snprintf(num[3], sizeof num[3], "%d", d);
        const char *text[] = { a->scenario_id, a->scenario_version, a->trainee, a->at,
                               vocab_value_id(DIM_TYPE, a->type_chosen),
                               a->type_chosen >= 0 ? type_label(a->type_chosen) : NULL };
        export_csv_field(sb, num[0], true);
        for (size_t k = 0; k < ARRAY_LEN(text); k++) {
            sb_addc(sb, ',');
            export_csv_field(sb, text[k], false);
        }
        sb_addc(sb, ',');
        export_csv_field(sb, num[1], true);
        sb_add(sb, a->passed ? ",yes," : ",no,");
        export_csv_field(sb, num[2], true);
        sb_addc(sb, ',');
        export_csv_field(sb, d > -1000 ? num[3] : NULL, true);
        sb_add(sb, "\r\n");
    }
}

/* One cell of the text table or the Markdown table. */
static void attempt_cell(strbuf *sb, const char *s, int cols, bool md)
{
    char *c = text_sanitize(s ? s : "-", false);
    if (md) {
        sb_add(sb, "| ");
        for (const char *p = c; *p; p++) {
            if (*p == '|')
                sb_addc(sb, '\\');
            sb_addc(sb, *p);
        }
        sb_addc(sb, ' ');
    } else {
        c[text_fit(c, cols)] = '\0';
        sb_add(sb, c);
        sb_addf(sb, "%*s  ", cols - text_width(c), "");
    }
    free(c);
}

static void attempts_table(strbuf *sb, const attempt *list, size_t n, bool md)
{
    static const char *const head[] = { "TRAINEE", "SCENARIO", "DATE", "TYPE CHOSEN", "SCORE",
                                        "RESULT", "BLOCKERS", "SINCE LAST" };
    static const int width[] = { 16, 22, 10, 27, 5, 6, 8, 10 };
    for (size_t k = 0; k < ARRAY_LEN(head); k++)
        attempt_cell(sb, head[k], width[k], md);
    sb_add(sb, md ? "|\n|---|---|---|---|---:|---|---:|---:|\n" : "\n");
    for (size_t i = 0; i < n; i++) {
        const attempt *a = &list[i];
        char score[12], blk[12], delta[16], date[11];
        int d = delta_since(list, i);
        snprintf(score, sizeof score, "%d", a->score);
        snprintf(blk, sizeof blk, "%d", a->blockers);
        if (d > -1000)
            snprintf(delta, sizeof delta, "%+d", d);
        else
            snprintf(delta, sizeof delta, "first");
        snprintf(date, sizeof date, "%.10s", a->at ? a->at : "");
        const char *cells[] = { a->trainee, a->scenario_id, date, type_label(a->type_chosen),
                                score, a->passed ? "pass" : "FAIL", blk, delta };
        for (size_t k = 0; k < ARRAY_LEN(cells); k++)
            attempt_cell(sb, cells[k], width[k], md);
        sb_add(sb, md ? "|\n" : "\n");
    }
}

/* Sorts a copy of the attempts by trainee, then date (stable). */
static attempt *by_trainee(const attempt *list, size_t n)
{
    attempt *c = xcalloc(n + 1, sizeof *c);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = str_eq(list[j].trainee, list[i].trainee);
        for (size_t j = i; !seen && j < n; j++)
            if (str_eq(list[j].trainee, list[i].trainee))
                c[k++] = list[j];
    }
    return c;
}

char *roleplay_render_attempts(const attempt *list, size_t n, int view, int format)
{
    strbuf sb;
    sb_init(&sb);
    attempt *rows = view == ROLEPLAY_BY_TRAINEE ? by_trainee(list, n) : NULL;
    const attempt *l = rows ? rows : list;
    if (format == REPORT_JSON)
        attempts_json(&sb, l, n);
    else if (format == ROLEPLAY_CSV)
        attempts_csv(&sb, l, n);
    else if (!n)
        sb_add(&sb, "No attempts yet.\n");
    else
        attempts_table(&sb, l, n, format == REPORT_MARKDOWN);
    free(rows);
    return sb_take(&sb);
}
