/* merge.c - bring another winback database's sessions into this one.
 *
 * The other file is checked with a read-only store_open, then attached as
 * schema "other" (mode=ro) to this store's connection.  A temporary table
 * maps the other file's session ids to ours by UUID; every table is then
 * merged with SQL that joins through that map: rows missing here are
 * inserted, rows present on both sides and different are resolved in C by
 * the rule of merge.h (newer time stamp, then the larger value byte by
 * byte) and reported when their content differs.  Time stamps that come
 * from the history (checklist items, outcomes) are read before the
 * histories are united.  All of it runs in one write transaction.
 */
#include "merge.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "form.h"
#include "report.h"
#include "store_sql.h"
#include "text.h"
#include "util.h"

const char *const merge_rule =
    "Sessions are matched by their UUID; a session only in the other database is copied "
    "whole. For a session in both, each answer, the diagnosis, each manager's override, "
    "the training record, the plan and each plan activity keep the version saved last "
    "(on the same second the larger value, compared byte by byte, wins, so merging "
    "either way gives the same result); each checklist item keeps its latest recorded "
    "edit; the outcome is the one set last in the history of changes; the session's own "
    "fields come from the side updated last, and a session finished on either side is "
    "finished. Comments and the history of changes are united. A merge never deletes: a "
    "row deleted on one side only comes back from the other.";

/* Orders two texts byte by byte, NULL before everything. */
static int cmp_text(const char *a, const char *b)
{
    if (!a || !b)
        return (a != NULL) - (b != NULL);
    return strcmp(a, b);
}

/* The merge in progress. */
typedef struct mctx {
    store *st;
    merge_report *rep;
    char **err;
} mctx;

/* Adds a conflict to the report (takes what, ours, theirs and why). */
static void add_conflict(merge_report *r, const char *uuid, char *what, char *ours,
                         char *theirs, bool theirs_won, char *why)
{
    xgrow((void **)&r->conflicts, &r->cap, r->nconflicts + 1, sizeof *r->conflicts);
    r->conflicts[r->nconflicts++] = (merge_conflict){
        .session = xstrdup(uuid), .what = what, .ours = ours, .theirs = theirs,
        .theirs_won = theirs_won, .why = why };
}

/* Why one side won: "theirs is newer (stamp)" or "same time: larger value". */
static char *why_text(int stamp_cmp, bool theirs_won, const char *stamp)
{
    if (stamp_cmp == 0)
        return xstrdup("saved at the same time: the larger value wins");
    /* stamps may carry a change's uuid after the time: show the time */
    return xasprintf("%s is newer: %.19s", theirs_won ? "theirs" : "ours",
                     stamp && *stamp ? stamp : "?");
}

/* Runs SQL without parameters (made of fixed text only). */
static int run(mctx *c, const char *sql, int *changed)
{
    return store_run(c->st, c->err, changed, sql, NULL);
}

/* Replaces every "@S" in tmpl by schema and "@A" by alias.  Caller frees. */
static char *fill(const char *tmpl, const char *schema, const char *alias)
{
    strbuf sb;
    sb_init(&sb);
    for (const char *p = tmpl; *p; p++) {
        if (p[0] == '@' && (p[1] == 'S' || p[1] == 'A')) {
            sb_add(&sb, p[1] == 'S' ? schema : alias);
            p++;
        } else {
            sb_addc(&sb, *p);
        }
    }
    return sb_take(&sb);
}

/* ---- tables merged row by row ---------------------------------------------- */

/* How a child table of sessions is merged. */
typedef struct mtable {
    const char *table;
    const char *key;          /* key column besides session_id, or NULL */
    const char *stamp;        /* when a row was saved (@S schema, @A alias) */
    const char *content[6];   /* columns whose difference is a conflict */
    const char *what;         /* how the report names a row */
} mtable;

#define ITEM_STAMP                                                                        \
    "max(coalesce((SELECT max(c.at || ' ' || coalesce(c.uuid, '')) FROM @S.changes c "    \
    "WHERE c.session_id = @A.session_id AND c.kind = 'item' AND substr(c.target, 1, "     \
    "length(@A.item_id) + 1) = @A.item_id || ':'), ''), coalesce((SELECT p.updated_at "   \
    "FROM @S.plan p WHERE p.session_id = @A.session_id), ''))"

static const mtable Tables[] = {
    { "answers", "qid", "@A.updated_at", { "value" }, "answer" }, /* and dontknow */
    { "diagnosis", NULL, "@A.computed_at",
      { "type_final", "source_final", "stability_final", "control_final", "priority_final" },
      "diagnosis" },
    { "reviews", "dim", "@A.at", { "value", "reason" }, "manager's override of" },
    { "training", NULL, "@A.at", { "stated", "score", "passed" }, "training record" },
    { "plan", NULL, "@A.updated_at", { "relationship", "fact", "needs", "commitment" },
      "plan" },
    { "plan_activities", "activity",
      "(SELECT p.updated_at FROM @S.plan p WHERE p.session_id = @A.session_id)",
      { "rationale" }, "plan activity" },
    { "plan_items", "item_id", ITEM_STAMP, { "status", "owner", "due", "text" },
      "checklist item" },
};

/* The columns of table (session_id left out), in schema order. */
static int table_cols(mctx *c, const char *table, char ***names, size_t *n)
{
    int rc;
    *names = NULL;
    *n = 0;
    sqlite3_stmt *s = store_prep(c->st, c->err, &rc,
                                 "SELECT name FROM pragma_table_info(?, 'main') "
                                 "WHERE name <> 'session_id' ORDER BY cid", "s", table);
    if (!s)
        return rc;
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)names, &cap, *n + 1, sizeof **names);
        (*names)[(*n)++] = store_col_str(s, 0);
    }
    if (src != SQLITE_DONE)
        rc = store_fail(c->st, src, "read the schema", c->err);
    sqlite3_finalize(s);
    return rc;
}

static int col_index(char **names, size_t n, const char *name)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

/* "SELECT mm.main_id, mm.uuid, stamp(x), stamp(o), x.*, o.* ..." for the
 * rows of t present on both sides that differ.  Caller frees. */
static char *diff_sql(const mtable *t, char **cols, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    char *sx = fill(t->stamp, "main", "x"), *so = fill(t->stamp, "other", "o");
    sb_addf(&sb, "SELECT mm.main_id, mm.uuid, %s, %s", sx, so);
    free(sx);
    free(so);
    for (int side = 0; side < 2; side++)
        for (size_t i = 0; i < n; i++)
            sb_addf(&sb, ", %s.%s", side ? "o" : "x", cols[i]);
    sb_addf(&sb, " FROM other.%s o JOIN temp.merge_map mm ON mm.other_id = o.session_id "
                 "JOIN main.%s x ON x.session_id = mm.main_id", t->table, t->table);
    if (t->key)
        sb_addf(&sb, " AND x.%s = o.%s", t->key, t->key);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s x.%s IS NOT o.%s", i ? " OR" : " WHERE", cols[i], cols[i]);
    return sb_take(&sb);
}

/* A pending update: the other side's row for session main_id. */
typedef struct pending {
    int64_t main_id;
    sqlite3_value **vals;
} pending;

/* How the report shows the content of a row (columns of t->content that
 * differ between the two sides, at column offset off).  Caller frees. */
static char *content_text(const mtable *t, sqlite3_stmt *s, char **cols, size_t n, int off,
                          int other_off)
{
    strbuf sb;
    sb_init(&sb);
    int dk = col_index(cols, n, "dontknow");
    if (dk >= 0 && sqlite3_column_int(s, off + dk))
        return xstrdup("Don't know");
    for (size_t k = 0; k < ARRAY_LEN(t->content) && t->content[k]; k++) {
        int i = col_index(cols, n, t->content[k]);
        if (i < 0 || i == dk)
            continue;
        const char *a = (const char *)sqlite3_column_text(s, off + i);
        const char *b = (const char *)sqlite3_column_text(s, other_off + i);
        if (cmp_text(a, b) == 0)
            continue;
        if (sb.len)
            sb_add(&sb, "; ");
        if (t->content[1])
            sb_addf(&sb, "%s: ", t->content[k]);
        sb_add(&sb, a ? a : "(none)");
    }
    return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup("(none)"));
}

/* True when a content column of t differs between the sides. */
static bool content_differs(const mtable *t, sqlite3_stmt *s, char **cols, size_t n)
{
    for (size_t k = 0; k < ARRAY_LEN(t->content) && t->content[k]; k++) {
        int i = col_index(cols, n, t->content[k]);
        if (i >= 0 && cmp_text((const char *)sqlite3_column_text(s, 4 + i),
                               (const char *)sqlite3_column_text(s, 4 + (int)n + i)) != 0)
            return true;
    }
    int dk = col_index(cols, n, "dontknow");
    return dk >= 0 && sqlite3_column_int(s, 4 + dk) != sqlite3_column_int(s, 4 + (int)n + dk);
}

/* Decides one differing row: > 0 when the other side wins; *scmp gets the
 * comparison of the stamps. */
static int decide(sqlite3_stmt *s, size_t n, int *scmp)
{
    const char *sx = (const char *)sqlite3_column_text(s, 2);
    const char *so = (const char *)sqlite3_column_text(s, 3);
    *scmp = cmp_text(so ? so : "", sx ? sx : "");
    if (*scmp != 0)
        return *scmp > 0 ? 1 : -1;
    for (size_t i = 0; i < n; i++) {
        int c = cmp_text((const char *)sqlite3_column_text(s, 4 + (int)n + (int)i),
                         (const char *)sqlite3_column_text(s, 4 + (int)i));
        if (c)
            return c;
    }
    return 0;
}

/* Reports the conflict of the current row when its content differs. */
static void row_conflict(mctx *c, const mtable *t, sqlite3_stmt *s, char **cols, size_t n,
                         bool theirs, int scmp)
{
    if (!content_differs(t, s, cols, n))
        return;
    int k = col_index(cols, n, t->key);
    const char *key = k >= 0 ? (const char *)sqlite3_column_text(s, 4 + k) : NULL;
    char *what = key ? xasprintf("%s %s", t->what, key) : xstrdup(t->what);
    const char *stamp = (const char *)sqlite3_column_text(s, theirs ? 3 : 2);
    add_conflict(c->rep, (const char *)sqlite3_column_text(s, 1), what,
                 content_text(t, s, cols, n, 4, 4 + (int)n),
                 content_text(t, s, cols, n, 4 + (int)n, 4), theirs,
                 why_text(scmp, theirs, stamp));
}

/* Marks session id as changed by the merge. */
static int touched(mctx *c, int64_t id)
{
    return store_run(c->st, c->err, NULL,
                     "INSERT OR IGNORE INTO temp.merge_touched (id) VALUES (?)", "i", id);
}

/* Writes the pending rows of the other side over ours. */
static int apply_pending(mctx *c, const mtable *t, char **cols, size_t n, pending *p,
                         size_t np)
{
    strbuf sb;
    sb_init(&sb);
    sb_addf(&sb, "UPDATE main.%s SET ", t->table);
    for (size_t i = 0; i < n; i++)
        sb_addf(&sb, "%s%s = ?", i ? ", " : "", cols[i]);
    sb_addf(&sb, " WHERE session_id = ?");
    if (t->key)
        sb_addf(&sb, " AND %s = ?", t->key);
    int k = col_index(cols, n, t->key), rc = STORE_OK;
    for (size_t r = 0; rc == STORE_OK && r < np; r++) {
        sqlite3_stmt *s = store_prep(c->st, c->err, &rc, sb_str(&sb), NULL);
        for (size_t i = 0; s && i < n; i++)
            sqlite3_bind_value(s, (int)i + 1, p[r].vals[i]);
        if (s) {
            sqlite3_bind_int64(s, (int)n + 1, p[r].main_id);
            if (k >= 0)
                sqlite3_bind_value(s, (int)n + 2, p[r].vals[k]);
            int src = sqlite3_step(s);
            if (src != SQLITE_DONE)
                rc = store_fail(c->st, src, "merge a row", c->err);
            sqlite3_finalize(s);
        }
        if (rc == STORE_OK)
            rc = touched(c, p[r].main_id);
        c->rep->rows_updated++;
    }
    sb_free(&sb);
    return rc;
}

static void pending_free(pending *p, size_t np, size_t n)
{
    for (size_t r = 0; r < np; r++) {
        for (size_t i = 0; i < n; i++)
            sqlite3_value_free(p[r].vals[i]);
        free(p[r].vals);
    }
    free(p);
}

/* Resolves the rows of t present on both sides that differ. */
static int resolve_table(mctx *c, const mtable *t, char **cols, size_t n)
{
    int rc;
    char *sql = diff_sql(t, cols, n);
    sqlite3_stmt *s = store_prep(c->st, c->err, &rc, sql, NULL);
    free(sql);
    if (!s)
        return rc;
    pending *p = NULL;
    size_t np = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        int scmp;
        int d = decide(s, n, &scmp);
        row_conflict(c, t, s, cols, n, d > 0, scmp);
        if (d <= 0)
            continue;
        xgrow((void **)&p, &cap, np + 1, sizeof *p);
        p[np].main_id = sqlite3_column_int64(s, 0);
        p[np].vals = xmalloc(n * sizeof *p[np].vals);
        for (size_t i = 0; i < n; i++)
            p[np].vals[i] = sqlite3_value_dup(sqlite3_column_value(s, 4 + (int)n + (int)i));
        np++;
    }
    if (src != SQLITE_DONE)
        rc = store_fail(c->st, src, "compare the databases", c->err);
    sqlite3_finalize(s);
    if (rc == STORE_OK)
        rc = apply_pending(c, t, cols, n, p, np);
    pending_free(p, np, n);
    return rc;
}

/* Inserts the rows of t that exist only on the other side. */
static int insert_missing(mctx *c, const mtable *t, char **cols, size_t n)
{
    strbuf from, list;
    sb_init(&from);
    sb_init(&list);
    sb_addf(&from, " FROM other.%s o JOIN temp.merge_map mm ON mm.other_id = o.session_id "
                   "WHERE NOT EXISTS (SELECT 1 FROM main.%s x WHERE x.session_id = mm.main_id",
            t->table, t->table);
    if (t->key)
        sb_addf(&from, " AND x.%s = o.%s", t->key, t->key);
    sb_add(&from, ")");
    strbuf olist;
    sb_init(&olist);
    for (size_t i = 0; i < n; i++) {
        sb_addf(&list, ", %s", cols[i]);
        sb_addf(&olist, ", o.%s", cols[i]);
    }
    char *mark = xasprintf("INSERT OR IGNORE INTO temp.merge_touched (id) SELECT mm.main_id%s",
                           sb_str(&from));
    char *ins = xasprintf("INSERT INTO main.%s (session_id%s) SELECT mm.main_id%s%s",
                          t->table, sb_str(&list), sb_str(&olist), sb_str(&from));
    sb_free(&olist);
    int changed = 0;
    int rc = run(c, mark, NULL);
    if (rc == STORE_OK)
        rc = run(c, ins, &changed);
    c->rep->rows_added += (size_t)changed;
    free(mark);
    free(ins);
    sb_free(&from);
    sb_free(&list);
    return rc;
}

/* Merges one child table: differing rows first, then the missing ones. */
static int merge_table(mctx *c, const mtable *t)
{
    char **cols;
    size_t n;
    int rc = table_cols(c, t->table, &cols, &n);
    if (rc == STORE_OK)
        rc = resolve_table(c, t, cols, n);
    if (rc == STORE_OK)
        rc = insert_missing(c, t, cols, n);
    str_list_free(cols, n);
    return rc;
}

/* ---- sessions -------------------------------------------------------------- */

enum { SF_FORM, SF_VERSION, SF_ACCOUNT, SF_SALESPERSON, SF_CREATED, SF_UPDATED, SF_STATUS,
       SF_POSITION, SF_TRAINING, SF_OUTCOME, SF_ODATE, SF_ONOTE, SF_LOSS, SF_COUNT };

static const char *const Session_cols[SF_COUNT] = {
    "form_id", "form_version", "account", "salesperson", "created", "updated", "status",
    "position", "training", "outcome", "outcome_date", "outcome_note", "loss_date",
};

/* The session's own fields, taken from the side updated last. */
static const int Record_fields[] = { SF_FORM, SF_VERSION, SF_ACCOUNT, SF_SALESPERSON,
                                     SF_POSITION, SF_LOSS };
static const int Outcome_fields[] = { SF_OUTCOME, SF_ODATE, SF_ONOTE };

#define OUTCOME_STAMP                                                                     \
    "(SELECT max(c.at || ' ' || coalesce(c.uuid, '')) FROM @S.changes c "                 \
    "WHERE c.session_id = @A.id AND c.kind = 'outcome')"

/* Compares fields idx (n of them) of the two sides: > 0 when theirs is
 * larger. */
static int cmp_fields(char *const *x, char *const *o, const int *idx, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int c = cmp_text(o[idx[i]], x[idx[i]]);
        if (c)
            return c;
    }
    return 0;
}

/* True for the fields that are no conflict of their own: the resume
 * position, and the account and loss date, which mirror answers (whose
 * conflicts are reported) and are set from them after the merge. */
static bool quiet_field(int f)
{
    return f == SF_POSITION || f == SF_ACCOUNT || f == SF_LOSS;
}

/* "account: A; salesperson: B" for the fields of idx that differ. */
static char *fields_text(char *const *v, char *const *other, const int *idx, size_t n)
{
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < n; i++) {
        if (cmp_text(v[idx[i]], other[idx[i]]) == 0 || quiet_field(idx[i]))
            continue;
        sb_addf(&sb, "%s%s: %s", sb.len ? "; " : "", Session_cols[idx[i]],
                v[idx[i]] ? v[idx[i]] : "(none)");
    }
    return sb.len ? sb_take(&sb) : (sb_free(&sb), xstrdup("(none)"));
}

/* True when a field of idx that is not quiet differs. */
static bool fields_differ(char *const *x, char *const *o, const int *idx, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!quiet_field(idx[i]) && cmp_text(x[idx[i]], o[idx[i]]) != 0)
            return true;
    return false;
}

/* Takes fields idx from the winning side into m, reporting a conflict
 * named what when they differ (the resume position alone is none). */
static void take_fields(mctx *c, const char *uuid, char **m, char *const *x, char *const *o,
                        const int *idx, size_t n, int stamp_cmp, const char *stamp,
                        const char *what)
{
    int d = stamp_cmp ? stamp_cmp : cmp_fields(x, o, idx, n);
    char *const *win = d > 0 ? o : x;
    for (size_t i = 0; i < n; i++)
        m[idx[i]] = win[idx[i]];
    if (fields_differ(x, o, idx, n))
        add_conflict(c->rep, uuid, xstrdup(what), fields_text(x, o, idx, n),
                     fields_text(o, x, idx, n), d > 0, why_text(stamp_cmp, d > 0, stamp));
}

/* The merged fields m of a session in both (x ours, o theirs). */
static void merge_fields(mctx *c, const char *uuid, char **m, char *const *x, char *const *o,
                         const char *ostamp_x, const char *ostamp_o)
{
    int upd = cmp_text(o[SF_UPDATED], x[SF_UPDATED]);
    take_fields(c, uuid, m, x, o, Record_fields, ARRAY_LEN(Record_fields), upd,
                upd > 0 ? o[SF_UPDATED] : x[SF_UPDATED], "session");
    int oc = cmp_text(ostamp_o ? ostamp_o : "", ostamp_x ? ostamp_x : "");
    take_fields(c, uuid, m, x, o, Outcome_fields, ARRAY_LEN(Outcome_fields), oc,
                oc > 0 ? ostamp_o : ostamp_x, "outcome");
    m[SF_CREATED] = cmp_text(o[SF_CREATED], x[SF_CREATED]) < 0 ? o[SF_CREATED] : x[SF_CREATED];
    m[SF_UPDATED] = upd > 0 ? o[SF_UPDATED] : x[SF_UPDATED];
    bool fin = str_eq(x[SF_STATUS], "finished") || str_eq(o[SF_STATUS], "finished");
    m[SF_STATUS] = fin ? "finished" : x[SF_STATUS];
    m[SF_TRAINING] = cmp_text(o[SF_TRAINING], x[SF_TRAINING]) > 0 ? o[SF_TRAINING]
                                                                 : x[SF_TRAINING];
}

/* Writes the merged fields of session id when they differ from ours. */
static int write_fields(mctx *c, int64_t id, char **m, char *const *x)
{
    bool same = true;
    for (int i = 0; i < SF_COUNT; i++)
        same &= cmp_text(m[i], x[i]) == 0;
    if (same)
        return STORE_OK;
    int rc = store_run(c->st, c->err, NULL,
                       "UPDATE main.sessions SET form_id = ?, form_version = ?, account = ?, "
                       "salesperson = ?, created = ?, updated = ?, status = ?, position = ?, "
                       "training = ?, outcome = ?, outcome_date = ?, outcome_note = ?, "
                       "loss_date = ? WHERE id = ?", "sssssssssssssi", m[0], m[1], m[2], m[3],
                       m[4], m[5], m[6], m[7], m[8], m[9], m[10], m[11], m[12], id);
    return rc == STORE_OK ? touched(c, id) : rc;
}

/* SELECT of the sessions on both sides with their outcome stamps. */
static char *both_sql(void)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "SELECT mm.main_id, mm.uuid");
    for (int side = 0; side < 2; side++)
        for (int i = 0; i < SF_COUNT; i++)
            sb_addf(&sb, ", %s.%s", side ? "o" : "x", Session_cols[i]);
    char *sx = fill(OUTCOME_STAMP, "main", "x"), *so = fill(OUTCOME_STAMP, "other", "o");
    sb_addf(&sb, ", %s, %s FROM other.sessions o JOIN temp.merge_map mm ON mm.other_id = o.id "
                 "JOIN main.sessions x ON x.id = mm.main_id", sx, so);
    free(sx);
    free(so);
    return sb_take(&sb);
}

/* Merges the fields of every session present on both sides. */
static int merge_sessions_both(mctx *c)
{
    int rc;
    char *sql = both_sql();
    sqlite3_stmt *s = store_prep(c->st, c->err, &rc, sql, NULL);
    free(sql);
    if (!s)
        return rc;
    int src;
    while (rc == STORE_OK && (src = sqlite3_step(s)) == SQLITE_ROW) {
        char *x[SF_COUNT], *o[SF_COUNT], *m[SF_COUNT];
        for (int i = 0; i < SF_COUNT; i++) {
            x[i] = store_col_str(s, 2 + i);
            o[i] = store_col_str(s, 2 + SF_COUNT + i);
        }
        char *sx = store_col_str(s, 2 + 2 * SF_COUNT), *so = store_col_str(s, 3 + 2 * SF_COUNT);
        char *uuid = store_col_str(s, 1);
        merge_fields(c, uuid, m, x, o, sx, so);
        rc = write_fields(c, sqlite3_column_int64(s, 0), m, x);
        for (int i = 0; i < SF_COUNT; i++) {
            free(x[i]);
            free(o[i]);
        }
        free(sx);
        free(so);
        free(uuid);
    }
    if (rc == STORE_OK && src != SQLITE_DONE)
        rc = store_fail(c->st, src, "compare the sessions", c->err);
    sqlite3_finalize(s);
    return rc;
}

/* Copies the sessions only the other side has and maps their new ids. */
static int add_new_sessions(mctx *c)
{
    int rc, changed = 0;
    sqlite3_stmt *s = store_prep(c->st, c->err, &rc,
                                 "SELECT coalesce(max(touch_seq), 0) FROM main.sessions", NULL);
    if (!s)
        return rc;
    int64_t base = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_finalize(s);
    rc = store_run(c->st, c->err, &changed,
                   "INSERT INTO main.sessions (uuid, form_id, form_version, account, "
                   "salesperson, created, updated, touch_seq, status, position, training, "
                   "outcome, outcome_date, outcome_note, loss_date) SELECT o.uuid, o.form_id, "
                   "o.form_version, o.account, o.salesperson, o.created, o.updated, "
                   "? + o.touch_seq, o.status, o.position, o.training, o.outcome, "
                   "o.outcome_date, o.outcome_note, o.loss_date FROM other.sessions o JOIN "
                   "temp.merge_map mm ON mm.other_id = o.id WHERE mm.is_new ORDER BY o.id",
                   "i", base);
    c->rep->sessions_added = (size_t)changed;
    if (rc == STORE_OK)
        rc = run(c, "UPDATE temp.merge_map SET main_id = (SELECT s.id FROM main.sessions s "
                    "WHERE s.uuid = merge_map.uuid) WHERE is_new", NULL);
    return rc;
}

/* ---- fields that mirror answers ---------------------------------------------- */

/* Sets column col (account or loss_date) of the merged sessions of form
 * form_id from their merged answer to qid, as store_answer_save does. */
static int mirror_answer(mctx *c, const char *col, const char *form_id, const char *qid)
{
    char *sql = xasprintf("UPDATE main.sessions SET %s = (SELECT CASE WHEN a.dontknow THEN "
                          "NULL ELSE a.value END FROM main.answers a WHERE a.session_id = "
                          "sessions.id AND a.qid = ?1) WHERE form_id = ?2 AND id IN (SELECT "
                          "main_id FROM temp.merge_map WHERE NOT is_new) AND EXISTS (SELECT "
                          "1 FROM main.answers a WHERE a.session_id = sessions.id AND "
                          "a.qid = ?1)", col);
    int rc = store_run(c->st, c->err, NULL, sql, "ss", qid, form_id);
    free(sql);
    return rc;
}

/* Sets the account and loss date of the sessions present on both sides
 * from their merged answers (roles customer and loss_date of their form;
 * a form that cannot be found keeps the fields of the side updated
 * last). */
static int mirror_answers(mctx *c)
{
    int rc;
    sqlite3_stmt *s = store_prep(c->st, c->err, &rc,
                                 "SELECT DISTINCT s.form_id FROM main.sessions s JOIN "
                                 "temp.merge_map mm ON mm.main_id = s.id WHERE NOT mm.is_new",
                                 NULL);
    if (!s)
        return rc;
    char **ids = NULL;
    size_t n = 0, cap = 0;
    while (sqlite3_step(s) == SQLITE_ROW) {
        xgrow((void **)&ids, &cap, n + 1, sizeof *ids);
        ids[n++] = store_col_str(s, 0);
    }
    sqlite3_finalize(s);
    for (size_t i = 0; rc == STORE_OK && i < n; i++) {
        problems probs;
        problems_init(&probs);
        form *f = report_open_form(ids[i], &probs);
        problems_free(&probs);
        const question *q = f ? form_by_role(f, "customer") : NULL;
        if (q)
            rc = mirror_answer(c, "account", ids[i], q->id);
        q = f ? form_by_role(f, "loss_date") : NULL;
        if (rc == STORE_OK && q)
            rc = mirror_answer(c, "loss_date", ids[i], q->id);
        form_free(f);
    }
    str_list_free(ids, n);
    return rc;
}

/* ---- history and comments ---------------------------------------------------- */

/* Unites the histories (by uuid; a row without one by its content). */
static int union_changes(mctx *c)
{
    static const char *const from =
        " FROM other.changes o JOIN temp.merge_map mm ON mm.other_id = o.session_id WHERE "
        "NOT EXISTS (SELECT 1 FROM main.changes x WHERE x.uuid = o.uuid) AND (o.uuid IS NOT "
        "NULL OR NOT EXISTS (SELECT 1 FROM main.changes x WHERE x.session_id = mm.main_id "
        "AND x.kind IS o.kind AND x.target IS o.target AND x.old_value IS o.old_value AND "
        "x.new_value IS o.new_value AND x.reason IS o.reason AND x.who IS o.who AND "
        "x.at IS o.at))";
    char *mark = xasprintf("INSERT OR IGNORE INTO temp.merge_touched (id) SELECT mm.main_id%s",
                           from);
    char *ins = xasprintf("INSERT INTO main.changes (session_id, kind, target, old_value, "
                          "new_value, reason, who, at, uuid) SELECT mm.main_id, o.kind, "
                          "o.target, o.old_value, o.new_value, o.reason, o.who, o.at, o.uuid"
                          "%s ORDER BY o.at, o.id", from);
    int changed = 0;
    int rc = run(c, mark, NULL);
    if (rc == STORE_OK)
        rc = run(c, ins, &changed);
    c->rep->changes_added = (size_t)changed;
    free(mark);
    free(ins);
    return rc;
}

/* Unites the comments by uuid. */
static int union_comments(mctx *c)
{
    static const char *const from =
        " FROM other.comments o JOIN temp.merge_map mm ON mm.other_id = o.session_id "
        "WHERE NOT EXISTS (SELECT 1 FROM main.comments x WHERE x.uuid = o.uuid)";
    char *mark = xasprintf("INSERT OR IGNORE INTO temp.merge_touched (id) SELECT mm.main_id%s",
                           from);
    char *ins = xasprintf("INSERT INTO main.comments (uuid, session_id, body, who, at) "
                          "SELECT o.uuid, mm.main_id, o.body, o.who, o.at%s ORDER BY o.at, o.id",
                          from);
    int changed = 0;
    int rc = run(c, mark, NULL);
    if (rc == STORE_OK)
        rc = run(c, ins, &changed);
    c->rep->comments_added = (size_t)changed;
    free(mark);
    free(ins);
    return rc;
}

/* ---- the whole merge ------------------------------------------------------------ */

/* Recomputes the summary columns of every merged session. */
static int refresh_summary(mctx *c)
{
    return run(c, "UPDATE main.sessions SET (type, source, stability, control, priority, "
                  "overridden, items_done, items_total) = (SELECT type, source, stability, "
                  "control, priority, overridden, items_done, items_total FROM "
                  "main.session_summary v WHERE v.id = sessions.id) WHERE id IN (SELECT "
                  "main_id FROM temp.merge_map)", NULL);
}

/* Counts the sessions merged and unchanged; names the conflicts' accounts. */
static int finish_report(mctx *c)
{
    int rc;
    sqlite3_stmt *s = store_prep(c->st, c->err, &rc,
                                 "SELECT (SELECT count(*) FROM temp.merge_map WHERE NOT is_new),"
                                 " (SELECT count(*) FROM temp.merge_touched t JOIN "
                                 "temp.merge_map mm ON mm.main_id = t.id WHERE NOT mm.is_new)",
                                 NULL);
    if (!s)
        return rc;
    if (sqlite3_step(s) == SQLITE_ROW) {
        size_t both = (size_t)sqlite3_column_int64(s, 0);
        c->rep->sessions_merged = (size_t)sqlite3_column_int64(s, 1);
        c->rep->sessions_same = both - c->rep->sessions_merged;
    }
    sqlite3_finalize(s);
    for (size_t i = 0; rc == STORE_OK && i < c->rep->nconflicts; i++) {
        merge_conflict *k = &c->rep->conflicts[i];
        s = store_prep(c->st, c->err, &rc, "SELECT account FROM main.sessions WHERE uuid = ?",
                       "s", k->session);
        if (s && sqlite3_step(s) == SQLITE_ROW)
            k->account = store_col_str(s, 0);
        sqlite3_finalize(s);
    }
    return rc;
}

/* Maps the other side's sessions to ours by uuid. */
static int build_map(mctx *c)
{
    int rc = run(c, "CREATE TEMP TABLE IF NOT EXISTS merge_map (other_id INTEGER PRIMARY KEY, "
                    "main_id INTEGER, uuid TEXT NOT NULL, is_new INTEGER NOT NULL)", NULL);
    if (rc == STORE_OK)
        rc = run(c, "CREATE TEMP TABLE IF NOT EXISTS merge_touched (id INTEGER PRIMARY KEY)",
                 NULL);
    if (rc == STORE_OK)
        rc = run(c, "DELETE FROM temp.merge_map", NULL);
    if (rc == STORE_OK)
        rc = run(c, "DELETE FROM temp.merge_touched", NULL);
    if (rc == STORE_OK)
        rc = run(c, "INSERT INTO temp.merge_map (other_id, main_id, uuid, is_new) SELECT o.id, "
                    "m.id, o.uuid, m.id IS NULL FROM other.sessions o LEFT JOIN main.sessions "
                    "m ON m.uuid = o.uuid", NULL);
    return rc;
}

/* Every step of the merge, inside the write transaction. */
static int merge_all(mctx *c)
{
    int rc = build_map(c);
    if (rc == STORE_OK)
        rc = merge_sessions_both(c);
    if (rc == STORE_OK)
        rc = add_new_sessions(c);
    for (size_t i = 0; rc == STORE_OK && i < ARRAY_LEN(Tables); i++)
        rc = merge_table(c, &Tables[i]);
    if (rc == STORE_OK)
        rc = mirror_answers(c);
    if (rc == STORE_OK)
        rc = union_changes(c);
    if (rc == STORE_OK)
        rc = union_comments(c);
    if (rc == STORE_OK)
        rc = refresh_summary(c);
    if (rc == STORE_OK)
        rc = finish_report(c);
    return rc;
}

/* Checks the other file: a winback database of this schema, not this
 * store's own file.  Opens and closes it read-only. */
static int check_other(store *into, const char *path, char **err)
{
    struct stat a, b;
    if (stat(path, &a) == 0 && stat(store_path(into), &b) == 0 && a.st_dev == b.st_dev
        && a.st_ino == b.st_ino) {
        err_set(err, xasprintf("%s is this database itself: nothing to merge", path));
        return STORE_ERR;
    }
    store *other = store_open(path, STORE_READ_ONLY, err);
    if (!other)
        return STORE_ERR;
    store_close(other);
    return STORE_OK;
}

/* Attaches the other file read-only as schema "other". */
static int attach_other(store *into, const char *path, char **err)
{
    char *uri = store_uri_ro(path);
    int rc = store_run(into, err, NULL, "ATTACH DATABASE ? AS other", "s", uri);
    free(uri);
    return rc;
}

int merge_run(store *into, const char *other_path, merge_report *out, char **err)
{
    memset(out, 0, sizeof *out);
    if (store_read_only(into)) {
        err_set(err, xasprintf("%s is open read-only: nothing was merged", store_path(into)));
        return STORE_READONLY;
    }
    int rc = check_other(into, other_path, err);
    if (rc != STORE_OK)
        return rc;
    rc = attach_other(into, other_path, err);
    if (rc != STORE_OK)
        return rc;
    mctx c = { .st = into, .rep = out, .err = err };
    rc = store_write_begin(into, err);
    if (rc == STORE_OK)
        rc = store_write_end(into, merge_all(&c), err);
    sqlite3_exec(store_db(into), "DROP TABLE IF EXISTS temp.merge_map; "
                 "DROP TABLE IF EXISTS temp.merge_touched; DETACH DATABASE other",
                 NULL, NULL, NULL);
    return rc;
}

void merge_report_free(merge_report *r)
{
    for (size_t i = 0; r && i < r->nconflicts; i++) {
        merge_conflict *k = &r->conflicts[i];
        free(k->session);
        free(k->account);
        free(k->what);
        free(k->ours);
        free(k->theirs);
        free(k->why);
    }
    if (r) {
        free(r->conflicts);
        memset(r, 0, sizeof *r);
    }
}

/* Appends user text on one line, sanitised and cut to cols cells. */
static void add_short(strbuf *sb, const char *s, int cols)
{
    char *c = text_sanitize(s ? s : "", false);
    size_t fit = text_fit(c, cols);
    sb_addn(sb, c, fit);
    if (c[fit])
        sb_add(sb, "...");
    free(c);
}

char *merge_report_render(const merge_report *r, const char *other_path)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "Merged ");
    add_short(&sb, other_path, 200);
    sb_addf(&sb, ": %zu sessions added, %zu updated, %zu unchanged; %zu rows added, %zu "
                 "replaced; %zu history entries and %zu comments brought over.\n",
            r->sessions_added, r->sessions_merged, r->sessions_same, r->rows_added,
            r->rows_updated, r->changes_added, r->comments_added);
    sb_addf(&sb, "%zu conflict%s%s\n", r->nconflicts, r->nconflicts == 1 ? "" : "s",
            r->nconflicts ? ":" : ".");
    for (size_t i = 0; i < r->nconflicts; i++) {
        const merge_conflict *k = &r->conflicts[i];
        sb_add(&sb, "  ");
        add_short(&sb, k->account ? k->account : "(no account)", 30);
        sb_addf(&sb, " [%.8s] ", k->session ? k->session : "?");
        add_short(&sb, k->what, 40);
        sb_addf(&sb, ": kept %s (%s)\n    ours:   ", k->theirs_won ? "theirs" : "ours", k->why);
        add_short(&sb, k->ours, 60);
        sb_add(&sb, "\n    theirs: ");
        add_short(&sb, k->theirs, 60);
        sb_add(&sb, "\n");
    }
    sb_add(&sb, "Rule: ");
    sb_add(&sb, merge_rule);
    sb_add(&sb, "\n");
    return sb_take(&sb);
}
