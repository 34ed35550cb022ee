/* followup.c - follow-ups due: open checklist items with a due date in a
 * window (see followup.h).
 *
 * Both queries walk plan_items by the index plan_items_open (status, due, session_id)
 * up to the window's last day and join each item to its session by id
 * (CROSS JOIN keeps that order), so their cost follows the number of items
 * due, not the number of sessions.
 */
#include "followup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "report.h"
#include "store_sql.h"
#include "text.h"
#include "util.h"
#include "vocab.h"

void followup_rows_free(followup_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].account);
        free(rows[i].salesperson);
        free(rows[i].item_id);
        free(rows[i].text);
        free(rows[i].activity);
        free(rows[i].owner);
        free(rows[i].due);
    }
    free(rows);
}

/* The FROM and WHERE of the follow-ups: ?1 today, ?2 the modifier to the
 * window's end ("+7 days"), then the filter's parameters from 3. */
static char *from_where(const query_filter *f)
{
    query_filter real;
    query_filter_init(&real);
    char *cond = query_where(f ? f : &real);
    char *sql = xasprintf(
        " FROM plan_items p CROSS JOIN sessions s ON s.id = p.session_id"
        " WHERE p.status IN ('todo', 'doing') AND p.due <= date(?1, ?2)"
        " AND s.outcome NOT IN ('lost_for_good', 'terminated')%s%s",
        *cond ? " AND " : "", *cond ? cond + strlen(" WHERE ") : "");
    free(cond);
    return sql;
}

/* Prepares select + from_where(f) + tail and binds today, days, f. */
static sqlite3_stmt *prepare(store *st, const char *select, const char *tail,
                             const char *today, int days, const query_filter *f, char **err,
                             int *rc)
{
    if (!date_valid(today) || days < 0) {
        err_set(err, xasprintf("follow-ups: the day must be a date written YYYY-MM-DD and "
                               "the number of days at least 0 (got %s, %d)",
                               today ? today : "none", days));
        *rc = STORE_ERR;
        return NULL;
    }
    char *fw = from_where(f);
    char *sql = xasprintf("%s%s%s", select, fw, tail);
    char mod[32];
    snprintf(mod, sizeof mod, "+%d days", days);
    sqlite3_stmt *s = store_prep(st, err, rc, sql, "ss", today, mod);
    free(fw);
    free(sql);
    if (s) {
        query_filter real;
        query_filter_init(&real);
        query_bind(s, 3, f ? f : &real);
    }
    return s;
}

int followup_count(store *st, const char *today, int days, const query_filter *f,
                   int64_t *due, int64_t *overdue, char **err)
{
    int rc;
    *due = *overdue = 0;
    char *tail = xasprintf(" LIMIT %d)", FOLLOWUP_COUNT_MAX + 1);
    sqlite3_stmt *s = prepare(st, "SELECT count(*), coalesce(sum(od), 0) FROM (SELECT "
                              "p.due < ?1 AS od", tail, today, days, f, err, &rc);
    free(tail);
    if (!s)
        return rc;
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW) {
        *due = sqlite3_column_int64(s, 0);
        *overdue = sqlite3_column_int64(s, 1);
    } else {
        rc = store_fail(st, src, "count the follow-ups", err);
    }
    sqlite3_finalize(s);
    return rc;
}

/* Fills r from a row of the list query. */
static void read_row(sqlite3_stmt *s, followup_row *r)
{
    memset(r, 0, sizeof *r);
    r->session_id = sqlite3_column_int64(s, 0);
    r->account = store_col_str(s, 1);
    r->salesperson = store_col_str(s, 2);
    r->item_id = store_col_str(s, 3);
    r->text = store_col_str(s, 4);
    r->activity = store_col_str(s, 5);
    r->justice = justice_find((const char *)sqlite3_column_text(s, 6));
    r->status = item_status_find((const char *)sqlite3_column_text(s, 7));
    r->owner = store_col_str(s, 8);
    r->due = store_col_str(s, 9);
    r->overdue = sqlite3_column_int(s, 10) != 0;
    r->recontact = str_eq(r->activity, FOLLOWUP_RECONTACT_ACTIVITY);
}

int followup_list(store *st, const char *today, int days, const query_filter *f,
                  followup_row **rows, size_t *n, char **err)
{
    int rc;
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *s = prepare(st,
                              "SELECT p.session_id, s.account, s.salesperson, p.item_id, p.text, "
                              "p.activity, p.justice, p.status, p.owner, p.due, p.due < ?1",
                              " ORDER BY p.due, p.session_id, p.pos", today, days, f, err, &rc);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)rows, &cap, *n + 1, sizeof **rows);
        read_row(s, &(*rows)[(*n)++]);
    }
    if (src != SQLITE_DONE) {
        rc = store_fail(st, src, "list the follow-ups", err);
        followup_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
    }
    sqlite3_finalize(s);
    return rc;
}

/* ---- rendering ------------------------------------------------------------ */

/* Appends s sanitised, cut to cols cells (with "..." when cut) and padded
 * to cols when pad. */
static void add_cell(strbuf *sb, const char *s, int cols, bool pad)
{
    char *c = text_sanitize(s ? s : "-", false);
    if (text_width(c) > cols) {
        c[text_fit(c, cols - 3)] = '\0';
        sb_add(sb, c);
        sb_add(sb, "...");
    } else {
        sb_add(sb, c);
        for (int w = text_width(c); pad && w < cols; w++)
            sb_addc(sb, ' ');
    }
    free(c);
}

/* Appends a TSV field: a tab, then s sanitised (tabs become spaces). */
static void add_tsv(strbuf *sb, const char *s)
{
    char *c = text_sanitize(s ? s : "", false);
    sb_addc(sb, '\t');
    sb_add(sb, c);
    free(c);
}

static void render_text(strbuf *sb, const followup_row *rows, size_t n)
{
    size_t late = 0;
    sb_addf(sb, "%-10s  %-7s  %6s  %-22s  %-14s  %-12s  %s\n", "DUE", "", "ID", "ACCOUNT",
            "SALESPERSON", "OWNER", "ITEM");
    for (size_t i = 0; i < n; i++) {
        const followup_row *r = &rows[i];
        late += r->overdue;
        sb_addf(sb, "%-10s  %-7s  %6lld  ", r->due, r->overdue ? "OVERDUE" : "",
                (long long)r->session_id);
        add_cell(sb, r->account, 22, true);
        sb_add(sb, "  ");
        add_cell(sb, r->salesperson, 14, true);
        sb_add(sb, "  ");
        add_cell(sb, r->owner, 12, true);
        sb_add(sb, "  ");
        if (r->recontact)
            sb_add(sb, "[re-contact] ");
        add_cell(sb, r->text, 60, false);
        sb_addc(sb, '\n');
    }
    if (n == 0)
        sb_add(sb, "No follow-ups due.\n");
    else
        sb_addf(sb, "%zu follow-up%s: %zu overdue, %zu due\n", n, n == 1 ? "" : "s", late,
                n - late);
}

static void render_tsv(strbuf *sb, const followup_row *rows, size_t n)
{
    sb_add(sb, "session\tdue\toverdue\taccount\tsalesperson\towner\tstatus\tactivity\tjustice\t"
               "item\trecontact\ttext\n");
    for (size_t i = 0; i < n; i++) {
        const followup_row *r = &rows[i];
        sb_addf(sb, "%lld\t%s\t%s", (long long)r->session_id, r->due, r->overdue ? "yes" : "no");
        add_tsv(sb, r->account);
        add_tsv(sb, r->salesperson);
        add_tsv(sb, r->owner);
        add_tsv(sb, item_status_id(r->status));
        add_tsv(sb, r->activity);
        add_tsv(sb, justice_id(r->justice));
        add_tsv(sb, r->item_id);
        add_tsv(sb, r->recontact ? "yes" : "no");
        add_tsv(sb, r->text);
        sb_addc(sb, '\n');
    }
}

/* Appends ,"key":value (a JSON string or null). */
static void json_kv(strbuf *sb, const char *key, const char *v)
{
    sb_addf(sb, ",\"%s\":", key);
    json_add_string(sb, v);
}

static void render_json(strbuf *sb, const followup_row *rows, size_t n)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        const followup_row *r = &rows[i];
        sb_addf(sb, "%s{\"session\":%lld", i ? "," : "", (long long)r->session_id);
        json_kv(sb, "due", r->due);
        sb_addf(sb, ",\"overdue\":%s", r->overdue ? "true" : "false");
        json_kv(sb, "account", r->account);
        json_kv(sb, "salesperson", r->salesperson);
        json_kv(sb, "owner", r->owner);
        json_kv(sb, "status", item_status_id(r->status));
        json_kv(sb, "activity", r->activity);
        json_kv(sb, "justice", justice_id(r->justice));
        json_kv(sb, "item", r->item_id);
        sb_addf(sb, ",\"recontact\":%s", r->recontact ? "true" : "false");
        json_kv(sb, "text", r->text);
        sb_addc(sb, '}');
    }
    sb_add(sb, "]\n");
}

char *followup_render(const followup_row *rows, size_t n, int format)
{
    strbuf sb;
    sb_init(&sb);
    if (format == REPORT_JSON)
        render_json(&sb, rows, n);
    else if (format == REPORT_TSV)
        render_tsv(&sb, rows, n);
    else
        render_text(&sb, rows, n);
    return sb_take(&sb);
}
