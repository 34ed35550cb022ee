/* query.c - the sessions browser's query: filters, sort, paging, search.
 *
 * A filter becomes a list of conditions over the summary columns of
 * `sessions` (aliased s), each with at most one bound value; query_where
 * and query_bind walk the same list, so the SQL and its parameters always
 * agree.  The full-text search turns the user's words into FTS5 strings
 * (each word quoted, so no punctuation is ever FTS5 syntax), AND-ed.
 */
#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_sql.h"
#include "vocab.h"

const char *const query_filter_names[] = {
    "type", "source", "stability", "control", "priority", "outcome", "salesperson",
    "from", "to", "training", "overridden", "search", NULL
};

void query_filter_init(query_filter *f)
{
    memset(f, 0, sizeof *f);
    f->type = f->source = f->stability = f->control = -1;
    f->priority = f->outcome = -1;
    f->training = QUERY_REAL;
}

void query_filter_free(query_filter *f)
{
    if (!f)
        return;
    free(f->salesperson);
    free(f->from);
    free(f->to);
    free(f->search);
    query_filter_init(f);
}

/* ---- parsing values ------------------------------------------------------- */

/* True when a equals b ignoring ASCII case, with '_' and ' ' alike. */
static bool loose_eq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a == ' ' ? '_' : (char)tolower((unsigned char)*a);
        char y = *b == ' ' ? '_' : (char)tolower((unsigned char)*b);
        if (x != y)
            return false;
    }
    return *a == *b;
}

/* The value of a diagnosis dimension (DIM_COUNT: priority) written as its
 * id, label, short code or the label's first words ("Stable"); -1. */
static int find_diag_value(int dim, const char *v)
{
    int n = dim == DIM_COUNT ? PRIORITY_COUNT : vocab_value_count(dim);
    for (int i = 0; i < n; i++) {
        const char *label = diag_value_label(dim, i);
        size_t head = strcspn(label, ":/(");
        while (head > 0 && label[head - 1] == ' ')
            head--;
        char *first = xstrndup(label, head);
        bool hit = loose_eq(v, diag_value_id(dim, i)) || loose_eq(v, label)
                   || loose_eq(v, first)
                   || (dim != DIM_COUNT && dim != DIM_TYPE
                       && loose_eq(v, vocab_value_short(dim, i)));
        free(first);
        if (hit)
            return i;
    }
    return -1;
}

/* The outcome written as its id or label; -1. */
static int find_outcome(const char *v)
{
    for (int i = 0; i < OUTCOME_COUNT; i++)
        if (loose_eq(v, outcome_id(i)) || loose_eq(v, outcome_label(i)))
            return i;
    return -1;
}

/* "a, b, c": the ids a value may take (caller frees). */
static char *accepted_ids(int dim)
{
    strbuf sb;
    sb_init(&sb);
    int n = dim < 0 ? OUTCOME_COUNT : dim == DIM_COUNT ? PRIORITY_COUNT : vocab_value_count(dim);
    for (int i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", dim < 0 ? outcome_id(i) : diag_value_id(dim, i));
    return sb_take(&sb);
}

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Writes the date y-m-d into out. */
static void put_date(char out[11], unsigned y, unsigned m, unsigned d)
{
    snprintf(out, 11, "%04u-%02u-%02u", y % 10000, m % 100, d % 100);
}

/* Reads exactly n digits at s into *out. */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* Parses a day, month (YYYY-MM), year or quarter (YYYYQn, YYYY-Qn) into
 * its first and last day (buffers of 11). */
bool query_date_range(const char *s, char first[11], char last[11])
{
    int y, m = 0, q = 0;
    size_t len = strlen(s);
    if (len == 10 && date_valid(s)) {
        memcpy(first, s, 11);
        memcpy(last, s, 11);
        return true;
    }
    if (len < 4 || !digits(s, 4, &y) || y < 1)
        return false;
    if (len == 7 && s[4] == '-' && digits(s + 5, 2, &m) && m >= 1 && m <= 12) {
        put_date(first, y, m, 1);
        put_date(last, y, m, days_in_month(y, m));
        return true;
    }
    const char *t = s + 4 + (s[4] == '-');
    if ((t[0] == 'q' || t[0] == 'Q') && digits(t + 1, 1, &q) && t[2] == '\0' && q >= 1
        && q <= 4) {
        put_date(first, y, 3 * q - 2, 1);
        put_date(last, y, 3 * q, days_in_month(y, 3 * q));
        return true;
    }
    if (len != 4)
        return false;
    put_date(first, y, 1, 1);
    put_date(last, y, 12, 31);
    return true;
}

/* ---- the full-text search ------------------------------------------------- */

/* True when s[0..n) holds a letter or digit (any non-ASCII byte counts). */
static bool has_word(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

/* Appends s[0..n) as an FTS5 string ("..." with quotes doubled), and a *
 * when prefix. */
static void add_fts_string(strbuf *sb, const char *s, size_t n, bool prefix)
{
    sb_addf(sb, "%s\"", sb->len ? " " : "");
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            sb_addc(sb, '"');
        sb_addc(sb, s[i]);
    }
    sb_add(sb, prefix ? "\"*" : "\"");
}

/* The FTS5 query for what the user typed: each word (or "quoted phrase")
 * one FTS5 string, AND-ed; a trailing * on a word searches a prefix.
 * Words without a letter or digit are left out.  NULL when nothing is
 * left to search for; caller frees. */
char *query_fts_expr(const char *text)
{
    strbuf sb;
    sb_init(&sb);
    const char *p = text ? text : "";
    while (*p) {
        if (isspace((unsigned char)*p)) {
            p++;
            continue;
        }
        bool quoted = *p == '"';
        const char *start = p + quoted;
        const char *end = quoted ? strchr(start, '"') : start + strcspn(start, " \t\n\r\f\v");
        if (!end)
            end = start + strlen(start);
        p = *end ? end + quoted : end;
        bool prefix = !quoted && end > start && end[-1] == '*';
        size_t n = (size_t)(end - start) - prefix;
        if (has_word(start, n))
            add_fts_string(&sb, start, n, prefix);
    }
    if (sb.len == 0) {
        sb_free(&sb);
        return NULL;
    }
    return sb_take(&sb);
}

/* ---- setting filters ------------------------------------------------------ */

/* Sets an enumerated filter (dim DIM_COUNT: priority, -1: outcome). */
static bool set_enum(int *slot, const char *name, int dim, const char *v, char **err)
{
    int x = dim < 0 ? find_outcome(v) : find_diag_value(dim, v);
    if (x < 0) {
        char *ids = accepted_ids(dim);
        *err = xasprintf("%s: unknown value '%s'; use one of: %s (or their labels)", name, v,
                         ids);
        free(ids);
        return false;
    }
    *slot = x;
    return true;
}

/* Sets from (first day) or to (last day) of a date, month, year, quarter. */
static bool set_date(char **slot, const char *name, const char *v, bool last, char **err)
{
    char a[11], b[11];
    if (!query_date_range(v, a, b)) {
        *err = xasprintf("%s: '%s' is not a date; use YYYY-MM-DD, YYYY-MM, YYYY or a quarter "
                         "such as 2025Q3", name, v);
        return false;
    }
    free(*slot);
    *slot = xstrdup(last ? b : a);
    return true;
}

/* yes|no|all and their synonyms: 1, 0, 2; -1 when unknown. */
static int yes_no_all(const char *v)
{
    static const char *const words[][4] = {
        { "no", "real", "false", "0" }, { "yes", "training", "true", "1" }, { "all", "both", "any", "*" }
    };
    for (int i = 0; i < 3; i++)
        for (int k = 0; k < 4; k++)
            if (str_ieq(v, words[i][k]))
                return i;
    return -1;
}

static bool set_training(query_filter *f, const char *v, char **err)
{
    int x = yes_no_all(v);
    if (x < 0) {
        *err = xasprintf("training: unknown value '%s'; use yes (training sessions only), "
                         "no (real ones, the default) or all", v);
        return false;
    }
    f->training = x == 0 ? QUERY_REAL : x == 1 ? QUERY_TRAINING : QUERY_ALL;
    return true;
}

static bool set_overridden(query_filter *f, const char *v, char **err)
{
    int x = yes_no_all(v);
    if (x < 0) {
        *err = xasprintf("overridden: unknown value '%s'; use yes (only overridden "
                         "diagnoses) or no", v);
        return false;
    }
    f->overridden = x == 1;
    return true;
}

static bool set_search(query_filter *f, const char *v, char **err)
{
    char *expr = query_fts_expr(v);
    if (!expr) {
        *err = xasprintf("search: '%s' has no word to search for; type words (all must "
                         "appear), \"a phrase\" or a prefix*", v);
        return false;
    }
    free(expr);
    free(f->search);
    f->search = xstrdup(v);
    return true;
}

/* Index of name in query_filter_names, or -1. */
static int filter_index(const char *name)
{
    for (int i = 0; query_filter_names[i]; i++)
        if (str_ieq(name, query_filter_names[i]))
            return i;
    return -1;
}

/* Clears filter k. */
static void clear_filter(query_filter *f, int k)
{
    int *ints[] = { &f->type, &f->source, &f->stability, &f->control, &f->priority,
                    &f->outcome };
    char **strs[] = { &f->salesperson, &f->from, &f->to };
    if (k < 6) {
        *ints[k] = -1;
    } else if (k < 9) {
        free(*strs[k - 6]);
        *strs[k - 6] = NULL;
    } else if (k == 9) {
        f->training = QUERY_REAL;
    } else if (k == 10) {
        f->overridden = false;
    } else {
        free(f->search);
        f->search = NULL;
    }
}

/* Sets filter k from the trimmed, non-empty value v. */
static bool set_filter(query_filter *f, int k, const char *v, char **err)
{
    const char *name = query_filter_names[k];
    switch (k) {
    case 0: return set_enum(&f->type, name, DIM_TYPE, v, err);
    case 1: return set_enum(&f->source, name, DIM_SOURCE, v, err);
    case 2: return set_enum(&f->stability, name, DIM_STABILITY, v, err);
    case 3: return set_enum(&f->control, name, DIM_CONTROL, v, err);
    case 4: return set_enum(&f->priority, name, DIM_COUNT, v, err);
    case 5: return set_enum(&f->outcome, name, -1, v, err);
    case 6:
        free(f->salesperson);
        f->salesperson = xstrdup(v);
        return true;
    case 7: return set_date(&f->from, name, v, false, err);
    case 8: return set_date(&f->to, name, v, true, err);
    case 9: return set_training(f, v, err);
    case 10: return set_overridden(f, v, err);
    default: return set_search(f, v, err);
    }
}

/* "type, source, ...": the filter names (caller frees). */
static char *names_list(void)
{
    strbuf sb;
    sb_init(&sb);
    for (int i = 0; query_filter_names[i]; i++)
        sb_addf(&sb, "%s%s", i ? ", " : "", query_filter_names[i]);
    return sb_take(&sb);
}

bool query_filter_set(query_filter *f, const char *name, const char *value, char **err)
{
    char *dummy = NULL;
    if (!err)
        err = &dummy;
    int k = filter_index(name ? name : "");
    if (k < 0) {
        char *names = names_list();
        *err = xasprintf("unknown filter '%s'; filters are: %s", name ? name : "", names);
        free(names);
        free(dummy);
        return false;
    }
    char *v = str_trim(xstrdup(value ? value : ""));
    bool ok = true;
    if (*v == '\0')
        clear_filter(f, k);
    else
        ok = set_filter(f, k, v, err);
    free(v);
    free(dummy);
    return ok;
}

bool query_filter_parse(query_filter *f, const char *arg, char **err)
{
    const char *eq = arg ? strchr(arg, '=') : NULL;
    if (!eq) {
        char *names = names_list();
        if (err)
            *err = xasprintf("'%s': write a filter as name=value (names: %s)",
                             arg ? arg : "", names);
        free(names);
        return false;
    }
    char *name = str_trim(xstrndup(arg, (size_t)(eq - arg)));
    bool ok = query_filter_set(f, name, eq + 1, err);
    free(name);
    return ok;
}

/* Appends " name=value", quoting a value with blanks or quotes. */
static void describe_one(strbuf *sb, const char *name, const char *v)
{
    sb_addf(sb, "%s%s=", sb->len ? " " : "", name);
    if (!strpbrk(v, " \t\"'")) {
        sb_add(sb, v);
        return;
    }
    sb_addc(sb, '"');
    for (; *v; v++) {
        if (*v == '"' || *v == '\\')
            sb_addc(sb, '\\');
        sb_addc(sb, *v);
    }
    sb_addc(sb, '"');
}

char *query_filter_describe(const query_filter *f)
{
    strbuf sb;
    sb_init(&sb);
    const int dims[] = { DIM_TYPE, DIM_SOURCE, DIM_STABILITY, DIM_CONTROL, DIM_COUNT };
    const int vals[] = { f->type, f->source, f->stability, f->control, f->priority };
    for (int i = 0; i < 5; i++)
        if (vals[i] >= 0 && diag_value_id(dims[i], vals[i]))
            describe_one(&sb, query_filter_names[i], diag_value_id(dims[i], vals[i]));
    if (f->outcome >= 0 && f->outcome < OUTCOME_COUNT)
        describe_one(&sb, "outcome", outcome_id(f->outcome));
    const char *strs[] = { f->salesperson, f->from, f->to };
    for (int i = 0; i < 3; i++)
        if (strs[i])
            describe_one(&sb, query_filter_names[6 + i], strs[i]);
    if (f->training != QUERY_REAL)
        describe_one(&sb, "training", f->training == QUERY_TRAINING ? "yes" : "all");
    if (f->overridden)
        describe_one(&sb, "overridden", "yes");
    if (f->search)
        describe_one(&sb, "search", f->search);
    if (!sb.buf)
        return xstrdup("");
    return sb_take(&sb);
}

/* ---- SQL ------------------------------------------------------------------ */

/* One condition of a filter: SQL over s, and the text it binds (NULL when
 * it binds nothing). */
typedef struct cond {
    const char *sql;
    const char *text;
    char *owned;   /* text to free, when text was made for the condition */
} cond;

#define MAX_CONDS 13

/* Lists the conditions of f in a fixed order; returns how many. */
static int conds_of(const query_filter *f, cond out[MAX_CONDS])
{
    static const char *const cols[] = { "s.type = ?", "s.source = ?", "s.stability = ?",
                                        "s.control = ?", "s.priority = ?" };
    const int dims[] = { DIM_TYPE, DIM_SOURCE, DIM_STABILITY, DIM_CONTROL, DIM_COUNT };
    const int vals[] = { f->type, f->source, f->stability, f->control, f->priority };
    int n = 0;
    for (int i = 0; i < 5; i++)
        if (vals[i] >= 0)
            out[n++] = (cond){ cols[i], diag_value_id(dims[i], vals[i]), NULL };
    if (f->outcome >= 0)
        out[n++] = (cond){ "s.outcome = ?", outcome_id(f->outcome), NULL };
    if (f->salesperson)
        out[n++] = (cond){ "s.salesperson = ? COLLATE NOCASE", f->salesperson, NULL };
    if (f->from)
        out[n++] = (cond){ "s.day >= ?", f->from, NULL };
    if (f->to)
        out[n++] = (cond){ "s.day <= ?", f->to, NULL };
    if (f->training != QUERY_ALL)
        out[n++] = (cond){ f->training == QUERY_TRAINING ? "s.training = 1" : "s.training = 0",
                           NULL, NULL };
    if (f->overridden)
        out[n++] = (cond){ "s.overridden <> 0", NULL, NULL };
    if (f->search) {
        char *expr = query_fts_expr(f->search);
        out[n++] = (cond){ "s.id IN (SELECT a.session_id FROM answers a WHERE a.rowid IN "
                           "(SELECT rowid FROM answers_fts WHERE answers_fts MATCH ?))",
                           expr ? expr : "\"\"", expr };
    }
    return n;
}

static void conds_free(cond *c, int n)
{
    for (int i = 0; i < n; i++)
        free(c[i].owned);
}

char *query_where_with(const query_filter *f, const char *extra)
{
    cond c[MAX_CONDS];
    int n = conds_of(f, c);
    strbuf sb;
    sb_init(&sb);
    for (int i = 0; i < n; i++)
        sb_addf(&sb, "%s%s", i ? " AND " : " WHERE ", c[i].sql);
    if (extra)
        sb_addf(&sb, "%s%s", n ? " AND " : " WHERE ", extra);
    conds_free(c, n);
    if (!sb.buf)
        return xstrdup("");
    return sb_take(&sb);
}

char *query_where(const query_filter *f)
{
    return query_where_with(f, NULL);
}

int query_bind(sqlite3_stmt *s, int first, const query_filter *f)
{
    cond c[MAX_CONDS];
    int n = conds_of(f, c);
    for (int i = 0; i < n; i++)
        if (c[i].text)
            sqlite3_bind_text(s, first++, c[i].text, -1, SQLITE_TRANSIENT);
    conds_free(c, n);
    return first;
}

/* ---- columns and rows ----------------------------------------------------- */

static const struct {
    const char *id;
    const char *order[3];   /* ORDER BY expressions, each before the direction */
} columns[QC_COUNT] = {
    [QC_DATE] = { "date", { "s.day" } },
    [QC_ACCOUNT] = { "account", { "s.account" } },
    [QC_SALESPERSON] = { "salesperson", { "s.salesperson" } },
    [QC_TYPE] = { "type", { "s.type" } },
    [QC_ATTRIBUTION] = { "attribution", { "s.source", "s.stability", "s.control" } },
    [QC_PRIORITY] = { "priority",
                      { "CASE s.priority WHEN 'pursue_now' THEN 0 WHEN 'wait_actively' "
                        "THEN 1 WHEN 'let_go' THEN 2 ELSE 3 END" } },
    [QC_PROGRESS] = { "progress",
                      { "CAST(s.items_done AS REAL) / max(s.items_total, 1)", "s.items_total" } },
    [QC_OUTCOME] = { "outcome",
                     { "CASE s.outcome WHEN 'none' THEN 0 WHEN 'still_trying' THEN 1 WHEN "
                       "'won_back' THEN 2 WHEN 'partly_won_back' THEN 3 WHEN 'lost_for_good' "
                       "THEN 4 WHEN 'terminated' THEN 5 ELSE 6 END" } },
    [QC_ID] = { "id", { "s.id" } },
};

const char *query_col_id(int col)
{
    return col >= 0 && col < QC_COUNT ? columns[col].id : NULL;
}

int query_col_find(const char *id)
{
    for (int i = 0; id && i < QC_COUNT; i++)
        if (str_ieq(id, columns[i].id))
            return i;
    return -1;
}

void query_rows_free(query_row *rows, size_t n)
{
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].uuid);
        free(rows[i].account);
        free(rows[i].salesperson);
        free(rows[i].day);
        free(rows[i].outcome_date);
    }
    free(rows);
}

#define ROW_COLS                                                                   \
    "SELECT s.id, s.uuid, s.account, s.salesperson, s.day, s.status, s.training, "  \
    "s.type, s.source, s.stability, s.control, s.priority, s.overridden, "          \
    "s.items_done, s.items_total, s.outcome, s.outcome_date FROM sessions s"

/* Fills r from a row of ROW_COLS. */
static void read_row(sqlite3_stmt *s, query_row *r)
{
    memset(r, 0, sizeof *r);
    r->id = sqlite3_column_int64(s, 0);
    r->uuid = store_col_str(s, 1);
    r->account = store_col_str(s, 2);
    r->salesperson = store_col_str(s, 3);
    r->day = store_col_str(s, 4);
    r->status = str_eq((const char *)sqlite3_column_text(s, 5), "finished") ? SESSION_FINISHED
                                                                            : SESSION_OPEN;
    r->training = sqlite3_column_int(s, 6) != 0;
    r->type = vocab_value_find(DIM_TYPE, (const char *)sqlite3_column_text(s, 7));
    r->source = vocab_value_find(DIM_SOURCE, (const char *)sqlite3_column_text(s, 8));
    r->stability = vocab_value_find(DIM_STABILITY, (const char *)sqlite3_column_text(s, 9));
    r->control = vocab_value_find(DIM_CONTROL, (const char *)sqlite3_column_text(s, 10));
    r->priority = priority_find((const char *)sqlite3_column_text(s, 11));
    r->overridden = sqlite3_column_int(s, 12);
    r->items_done = sqlite3_column_int(s, 13);
    r->items_total = sqlite3_column_int(s, 14);
    int o = outcome_find((const char *)sqlite3_column_text(s, 15));
    r->outcome = o < 0 ? OUTCOME_NONE : o;
    r->outcome_date = store_col_str(s, 16);
}

/* The ORDER BY clause of column sort (ties by id, newest first); caller
 * frees. */
static char *order_by(int sort, bool desc)
{
    if (sort < 0 || sort >= QC_COUNT)
        sort = QC_DATE;
    const char *dir = desc ? " DESC" : "";
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, " ORDER BY ");
    for (int i = 0; i < 3 && columns[sort].order[i]; i++)
        sb_addf(&sb, "%s%s%s", i ? ", " : "", columns[sort].order[i], dir);
    if (sort != QC_ID)
        sb_add(&sb, ", s.id DESC");
    return sb_take(&sb);
}

/* Prepares the rows query of f (with LIMIT/OFFSET when limited). */
static sqlite3_stmt *rows_stmt(store *st, const query_filter *f, int sort, bool desc,
                               bool limited, char **err, int *rc)
{
    char *where = query_where(f);
    char *order = order_by(sort, desc);
    char *sql = xasprintf(ROW_COLS "%s%s%s", where, order, limited ? " LIMIT ? OFFSET ?" : "");
    sqlite3_stmt *s = store_prep(st, err, rc, sql, NULL);
    free(where);
    free(order);
    free(sql);
    if (s)
        query_bind(s, 1, f);
    return s;
}

int query_count(store *st, const query_filter *f, int64_t *n, char **err)
{
    int rc;
    *n = 0;
    char *where = query_where(f);
    char *sql = xasprintf("SELECT count(*) FROM sessions s%s", where);
    sqlite3_stmt *s = store_prep(st, err, &rc, sql, NULL);
    free(where);
    free(sql);
    if (!s)
        return rc;
    query_bind(s, 1, f);
    int src = sqlite3_step(s);
    if (src == SQLITE_ROW)
        *n = sqlite3_column_int64(s, 0);
    else
        rc = store_fail(st, src, "count sessions", err);
    sqlite3_finalize(s);
    return rc;
}

int query_page(store *st, const query_filter *f, int sort, bool desc, size_t offset,
               size_t limit, query_row **rows, size_t *n, char **err)
{
    int rc;
    *rows = NULL;
    *n = 0;
    sqlite3_stmt *s = rows_stmt(st, f, sort, desc, true, err, &rc);
    if (!s)
        return rc;
    int next = sqlite3_bind_parameter_count(s) - 1;
    sqlite3_bind_int64(s, next, limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
    sqlite3_bind_int64(s, next + 1, offset > INT64_MAX ? INT64_MAX : (int64_t)offset);
    size_t cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)rows, &cap, *n + 1, sizeof **rows);
        read_row(s, &(*rows)[(*n)++]);
    }
    if (src != SQLITE_DONE) {
        rc = store_fail(st, src, "list sessions", err);
        query_rows_free(*rows, *n);
        *rows = NULL;
        *n = 0;
    }
    sqlite3_finalize(s);
    return rc;
}

int query_each(store *st, const query_filter *f, int sort, bool desc,
               int (*fn)(const query_row *row, void *ctx), void *ctx, char **err)
{
    int rc;
    sqlite3_stmt *s = rows_stmt(st, f, sort, desc, false, err, &rc);
    if (!s)
        return rc;
    int src = SQLITE_DONE, stop = 0;
    while (stop == 0 && (src = sqlite3_step(s)) == SQLITE_ROW) {
        query_row r;
        read_row(s, &r);
        stop = fn(&r, ctx);
        free(r.uuid);
        free(r.account);
        free(r.salesperson);
        free(r.day);
        free(r.outcome_date);
    }
    if (stop == 0 && src != SQLITE_DONE)
        rc = store_fail(st, src, "list sessions", err);
    sqlite3_finalize(s);
    return stop ? stop : rc;
}
