/* test_export.c - exporting sessions as CSV, JSON and Markdown.
 *
 * Every test imports the shipped examples (share/examples/) into a
 * real SQLite file in its own temporary directory and exports through
 * export_run.  The CSV is read back by a strict RFC 4180 parser written
 * here, the JSON by a small validator written here; redaction is checked
 * by looking for every real name of the examples in the output.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "export.h"
#include "importer.h"
#include "plan.h"
#include "query.h"
#include "review.h"
#include "store.h"
#include "store_sql.h"
#include "testlib.h"
#include "util.h"
#include "vocab.h"

static char *Dir;
static library *L;
static store *S;

static const char *const Examples[] = {
    "bought_away", "pulled_away", "unintentionally_pushed_away", "moved_away",
    "intentionally_pushed_away",
};

static void setup(void)
{
    Dir = tl_tmpdir();
    cr_assert_not_null(Dir);
    char *cfg = xasprintf("%s/config", Dir);
    setenv("XDG_CONFIG_HOME", cfg, 1);
    setenv("XDG_DATA_HOME", cfg, 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1);
    free(cfg);
    problems probs;
    problems_init(&probs);
    char *acts = xstrdup(tl_src("share/activities.ini"));
    L = library_load(acts, tl_src("share/rules.ini"), &probs);
    free(acts);
    problems_free(&probs);
    cr_assert_not_null(L);
    char *db = xasprintf("%s/winback.db", Dir);
    char *err = NULL;
    S = store_open(db, 0, &err);
    cr_assert_not_null(S, "store_open: %s", err ? err : "?");
    free(db);
}

static void teardown(void)
{
    store_close(S);
    library_free(L);
    tl_rmtree(Dir);
    free(Dir);
}

TestSuite(export, .init = setup, .fini = teardown);

/* ---- helpers ------------------------------------------------------------ */

static int64_t import_example(const char *name)
{
    char *rel = xasprintf("share/examples/%s.ini", name);
    char *path = xstrdup(tl_src(rel));
    problems probs;
    problems_init(&probs);
    int64_t id = 0;
    int rc = importer_run(S, L, path, "tester", &id, &probs);
    for (size_t i = 0; i < probs.n; i++)
        fprintf(stderr, "  %s\n", probs.msg[i]);
    cr_assert_eq(rc, 0, "importing %s failed", path);
    problems_free(&probs);
    free(path);
    free(rel);
    return id;
}

static void import_all(void)
{
    for (size_t i = 0; i < ARRAY_LEN(Examples); i++)
        import_example(Examples[i]);
}

static char *read_file(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    cr_assert_not_null(fp, "cannot open %s", path);
    strbuf sb;
    sb_init(&sb);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0)
        sb_addn(&sb, buf, n);
    fclose(fp);
    if (len)
        *len = sb.len;
    sb_add(&sb, "");
    return sb_take(&sb);
}

/* Exports everything (real and training sessions) to Dir/name. */
static char *export_all(int format, bool redact, const char *name)
{
    query_filter f;
    query_filter_init(&f);
    f.training = QUERY_ALL;
    export_options o = { .format = format, .redact = redact, .lib = L };
    char *path = xasprintf("%s/%s", Dir, name);
    char *err = NULL;
    size_t n = 0;
    int rc = export_run(S, &f, &o, path, &n, &err);
    cr_assert_eq(rc, STORE_OK, "export: %s", err ? err : "?");
    query_filter_free(&f);
    char *data = read_file(path, NULL);
    free(path);
    return data;
}

/* ---- a strict RFC 4180 reader --------------------------------------------- */

typedef struct csv {
    char ***rows;      /* rows[r][c] */
    size_t *ncols;
    size_t nrows;
} csv;

/* Parses one field at *p; false on a format error. */
static bool csv_field(const char **p, strbuf *out)
{
    const char *s = *p;
    sb_init(out);
    sb_add(out, "");
    if (*s != '"') {
        while (*s && *s != ',' && *s != '\r' && *s != '\n') {
            if (*s == '"')
                return false; /* a quote inside an unquoted field */
            sb_addc(out, *s++);
        }
        *p = s;
        return true;
    }
    for (s++;; s++) {
        if (!*s)
            return false; /* unterminated */
        if (*s == '"' && s[1] == '"') {
            sb_addc(out, '"');
            s++;
        } else if (*s == '"') {
            *p = s + 1;
            return **p == ',' || **p == '\r' || !**p;
        } else {
            sb_addc(out, *s);
        }
    }
}

/* Parses a whole document; every record must end with CRLF. */
static bool csv_parse(const char *data, csv *out)
{
    memset(out, 0, sizeof *out);
    const char *p = data;
    while (*p) {
        out->rows = xrealloc(out->rows, (out->nrows + 1) * sizeof *out->rows);
        out->ncols = xrealloc(out->ncols, (out->nrows + 1) * sizeof *out->ncols);
        char **fields = NULL;
        size_t n = 0;
        for (;;) {
            strbuf f;
            if (!csv_field(&p, &f)) {
                sb_free(&f);
                return false;
            }
            fields = xrealloc(fields, (n + 1) * sizeof *fields);
            fields[n++] = sb_take(&f);
            if (*p == ',') {
                p++;
                continue;
            }
            break;
        }
        out->rows[out->nrows] = fields;
        out->ncols[out->nrows++] = n;
        if (p[0] != '\r' || p[1] != '\n')
            return false;
        p += 2;
    }
    return true;
}

static void csv_free(csv *c)
{
    for (size_t r = 0; r < c->nrows; r++)
        str_list_free(c->rows[r], c->ncols[r]);
    free(c->rows);
    free(c->ncols);
}

static int csv_col(const csv *c, const char *name)
{
    for (size_t i = 0; i < c->ncols[0]; i++)
        if (strcmp(c->rows[0][i], name) == 0)
            return (int)i;
    cr_assert_fail("no column %s", name);
    return -1;
}

/* The cell of column name in the row whose column key equals value. */
static const char *csv_cell(const csv *c, const char *key, const char *value, const char *name)
{
    int k = csv_col(c, key), i = csv_col(c, name);
    for (size_t r = 1; r < c->nrows; r++)
        if (strcmp(c->rows[r][k], value) == 0)
            return c->rows[r][i];
    cr_assert_fail("no row with %s = %s", key, value);
    return NULL;
}

/* ---- a small JSON validator ------------------------------------------------- */

static const char *json_value(const char *p);

static const char *json_ws(const char *p)
{
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
        p++;
    return p;
}

static const char *json_string(const char *p)
{
    if (*p++ != '"')
        return NULL;
    while (*p && *p != '"') {
        if ((unsigned char)*p < 0x20)
            return NULL;
        if (*p == '\\') {
            p++;
            if (*p == 'u') {
                for (int i = 1; i <= 4; i++)
                    if (!strchr("0123456789abcdefABCDEF", p[i]) || !p[i])
                        return NULL;
                p += 4;
            } else if (!*p || !strchr("\"\\/bfnrt", *p)) {
                return NULL;
            }
        }
        p++;
    }
    return *p == '"' ? p + 1 : NULL;
}

static const char *json_number(const char *p)
{
    const char *s = p;
    if (*p == '-')
        p++;
    if (*p < '0' || *p > '9')
        return NULL;
    while ((*p >= '0' && *p <= '9') || *p == '.' || *p == 'e' || *p == 'E' || *p == '+'
           || (*p == '-' && p > s + 1))
        p++;
    return p;
}

/* Object or array: items separated by commas, objects with "key": value. */
static const char *json_compound(const char *p, char close, bool object)
{
    p = json_ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        if (object) {
            p = json_string(json_ws(p));
            if (!p || *(p = json_ws(p)) != ':')
                return NULL;
            p++;
        }
        p = json_value(p);
        if (!p)
            return NULL;
        p = json_ws(p);
        if (*p == close)
            return p + 1;
        if (*p++ != ',')
            return NULL;
    }
}

static const char *json_value(const char *p)
{
    p = json_ws(p);
    if (*p == '{')
        return json_compound(p, '}', true);
    if (*p == '[')
        return json_compound(p, ']', false);
    if (*p == '"')
        return json_string(p);
    if (strncmp(p, "true", 4) == 0 || strncmp(p, "null", 4) == 0)
        return p + 4;
    if (strncmp(p, "false", 5) == 0)
        return p + 5;
    return json_number(p);
}

static bool json_valid(const char *doc)
{
    const char *end = json_value(doc);
    return end && !*json_ws(end);
}

/* True when word occurs in s as a whole word (not inside another word). */
static bool has_word(const char *s, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(s, word); p; p = strstr(p + 1, word)) {
        bool left = p == s || !((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z'));
        char r = p[n];
        bool right = !((r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z'));
        if (left && right)
            return true;
    }
    return false;
}

/* ---- tests --------------------------------------------------------------- */

/* Puts tricky values straight into the store (as an edit would). */
static void put(int64_t id, const char *qid, const char *value)
{
    char *err = NULL;
    cr_assert_eq(store_answer_put(S, id, qid, value, false, "tester", &err), STORE_OK, "%s",
                 err ? err : "?");
}

Test(export, csv_quoting_and_formulas_read_back)
{
    import_all();
    int64_t id = import_example("bought_away");
    put(id, "story", "Line one, with \"quotes\"\nline two: Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac");
    put(id, "industry", "=cmd|' /C calc'!A0");
    put(id, "products", "+1");
    put(id, "helped", "-2+3");
    put(id, "hindered", "@SUM(1)");
    put(id, "do_differently", "\x1b[31mred\x1b[0m\tand tab");
    put(id, "margin", "-5");
    put(id, "share_of_turnover", "-2+3");
    size_t len;
    char *data = export_all(EXPORT_CSV, false, "out.csv");
    len = strlen(data);
    cr_assert(len > 3 && memcmp(data, "\xef\xbb\xbf", 3) != 0, "no BOM");
    csv c;
    cr_assert(csv_parse(data, &c), "the export is RFC 4180");
    cr_assert_eq(c.nrows, 1 + ARRAY_LEN(Examples) + 1);
    for (size_t r = 1; r < c.nrows; r++)
        cr_assert_eq(c.ncols[r], c.ncols[0], "row %zu has %zu fields, header %zu", r,
                     c.ncols[r], c.ncols[0]);
    char idtext[32];
    snprintf(idtext, sizeof idtext, "%lld", (long long)id);
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "story"),
                     "Line one, with \"quotes\"\nline two: Zo\xc3\xab \xe6\x97\xa5\xe6\x9c\xac");
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "industry"), "'=cmd|' /C calc'!A0");
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "products"), "'+1");
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "helped"), "'-2+3");
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "hindered"), "'@SUM(1)");
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "do_differently"), "red and tab");
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "margin"), "-5", "a number stays a number");
    cr_assert_str_eq(csv_cell(&c, "id", idtext, "share_of_turnover"), "'-2+3");
    csv_free(&c);
    free(data);
}

Test(export, csv_codes_labels_and_option_columns)
{
    import_all();
    char *data = export_all(EXPORT_CSV, false, "out.csv");
    csv c;
    cr_assert(csv_parse(data, &c));
    const char *acc = "Hollis Building Contractors";
    cr_assert_str_eq(csv_cell(&c, "account", acc, "type"), "bought_away");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "type_label"), "Bought away");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "source"), "competitor");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "source_locus"), "external");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "priority"), "pursue_now");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "outcome"), "none");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "day"), "2025-03-01");
    cr_assert_neq(atoi(csv_cell(&c, "account", acc, "items_total")), 0);
    /* reasons = price: one column per option, 1 for price, 0 for the rest */
    cr_assert_str_eq(csv_cell(&c, "account", acc, "reasons"), "price");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "reasons:price"), "1");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "reasons:failure"), "0");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "window:trouble"), "1");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "window:renewal"), "1");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "window:none"), "0");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "satisfied"), "yes");
    cr_assert_str_eq(csv_cell(&c, "account", acc, "satisfied_label"), "Yes");
    /* a question named like a session column keeps its own column */
    cr_assert_str_eq(csv_cell(&c, "account", acc, "loss_date_answer"), "2025-03-01");
    /* don't know */
    cr_assert_str_eq(csv_cell(&c, "account", "Vital Corner Pharmacy", "advocates"), "?");
    for (size_t i = 0; i < c.ncols[0]; i++)
        for (size_t k = i + 1; k < c.ncols[0]; k++)
            cr_assert_str_neq(c.rows[0][i], c.rows[0][k], "two columns named %s",
                              c.rows[0][i]);
    csv_free(&c);
    free(data);
}

Test(export, json_is_valid_and_escaped)
{
    import_all();
    int64_t id = import_example("moved_away");
    put(id, "story", "a \"quote\", a backslash \\ and\na new line \x1b]0;title\x07 end");
    char *data = export_all(EXPORT_JSON, false, "out.json");
    cr_assert(json_valid(data), "valid JSON:\n%.400s", data);
    cr_assert_not_null(strstr(data, "a \\\"quote\\\", a backslash \\\\ and\\na new line  end"));
    cr_assert_null(strchr(data, '\x1b'));
    cr_assert_not_null(strstr(data, "\"type\":{\"id\":\"bought_away\",\"label\":\"Bought away\""));
    cr_assert_not_null(strstr(data, "\"reasons\":{\"value\":[\"price\"]"));
    free(data);
}

static const char *const Real_names[] = {
    "Hollis Building Contractors", "Hollis", "Gary", "Lisa", "Crane", "Northside",
    "Dave", "Morgan", "Vital Corner Pharmacy", "Petrov", "Karin", "Vogel", "Greenway",
    "Helen", "Omar", "Haddad", "Luis", "Romero", "Brightline", "Tom", "Reid", "Kim", "Osei",
    "Anne", "Lowe", "CloudLink", "Priya", "Shah", "Sunfield", "Maria", "Lind", "Ben", "Cho",
    "Streetwise", "Jess", "Okafor",
};

/* Checks that no real name of the examples appears in doc. */
static void assert_no_names(const char *doc, const char *what)
{
    for (size_t i = 0; i < ARRAY_LEN(Real_names); i++)
        cr_assert(!has_word(doc, Real_names[i]), "%s still names %s", what, Real_names[i]);
}

Test(export, redaction_is_complete_and_stable)
{
    int64_t first = import_example(Examples[0]);
    for (size_t i = 1; i < ARRAY_LEN(Examples); i++)
        import_example(Examples[i]);
    char *err = NULL;
    cr_assert_eq(store_outcome_set(S, first, OUTCOME_TRYING, "2026-01-05",
                                   "Gary Hollis wants a call", "Mia", &err), STORE_OK);
    cr_assert_eq(review_comment_add(S, first, "Ask Lisa about Northside's late deliveries.",
                                    "Mia", &err), STORE_OK);
    char *data = export_all(EXPORT_CSV, true, "r.csv");
    assert_no_names(data, "the CSV");
    csv c;
    cr_assert(csv_parse(data, &c));
    /* the account and the customer answer agree; people keep their pseudonym */
    const char *acc = csv_cell(&c, "day", "2025-03-01", "account");
    cr_assert(str_starts(acc, "Customer "), "account is %s", acc);
    cr_assert_str_eq(csv_cell(&c, "day", "2025-03-01", "customer"), acc);
    const char *dm = csv_cell(&c, "day", "2025-03-01", "decision_makers");
    const char *bl = csv_cell(&c, "day", "2025-03-01", "blockers");
    /* Lisa Crane blocks and decides: the same pseudonym in both answers */
    char who[32];
    cr_assert_eq(sscanf(bl, "Contact %31[0-9]", who), 1, "blockers: %s", bl);
    char *lisa = xasprintf("Contact %s (buyer)", who);
    cr_assert_not_null(strstr(dm, lisa), "decision makers: %s", dm);
    char *said = xasprintf("Contact %s told me", who);
    cr_assert(str_starts(csv_cell(&c, "day", "2025-03-01", "customer_said"), said));
    cr_assert(str_starts(csv_cell(&c, "day", "2025-03-01", "salesperson"), "Salesperson "));
    free(lisa);
    free(said);
    csv_free(&c);
    free(data);
    data = export_all(EXPORT_JSON, true, "r.json");
    cr_assert(json_valid(data));
    assert_no_names(data, "the JSON");
    free(data);
    data = export_all(EXPORT_MARKDOWN, true, "r.md");
    assert_no_names(data, "the Markdown");
    free(data);
}

Test(export, empty_database)
{
    char *data = export_all(EXPORT_JSON, false, "empty.json");
    cr_assert(json_valid(data), "%s", data);
    free(data);
    data = export_all(EXPORT_CSV, true, "empty.csv");
    csv c;
    cr_assert(csv_parse(data, &c));
    cr_assert_eq(c.nrows, 1, "only the header");
    csv_free(&c);
    free(data);
    data = export_all(EXPORT_MARKDOWN, false, "empty.md");
    cr_assert_not_null(strstr(data, "- Sessions: 0\n"));
    free(data);
}

Test(export, markdown_is_a_plan_document)
{
    import_all();
    char *data = export_all(EXPORT_MARKDOWN, false, "out.md");
    cr_assert(str_starts(data, "# Win-back plans\n"));
    cr_assert_not_null(strstr(data, "- Sessions: 5\n"));
    cr_assert_not_null(strstr(data, "- Filter: "));
    cr_assert_not_null(strstr(data, "\n## Win-back debrief: Hollis Building Contractors\n"));
    cr_assert_not_null(strstr(data, "\n### Win-back plan\n"));
    cr_assert_null(strstr(data, "\n# Win-back debrief"), "sessions are sections");
    free(data);
}

Test(export, filter_limits_the_rows)
{
    import_all();
    query_filter f;
    query_filter_init(&f);
    f.training = QUERY_ALL;
    f.salesperson = xstrdup("Dave Morgan");
    export_options o = { .format = EXPORT_CSV };
    char *path = xasprintf("%s/one.csv", Dir);
    char *err = NULL;
    size_t n = 0;
    cr_assert_eq(export_run(S, &f, &o, path, &n, &err), STORE_OK, "%s", err ? err : "?");
    cr_assert_eq(n, 1);
    char *data = read_file(path, NULL);
    csv c;
    cr_assert(csv_parse(data, &c));
    cr_assert_eq(c.nrows, 2);
    csv_free(&c);
    free(data);
    free(path);
    query_filter_free(&f);
}

Test(export, search_filter_and_its_description)
{
    import_all();
    query_filter f;
    query_filter_init(&f);
    char *err = NULL;
    cr_assert(query_filter_parse(&f, "search=Northside", &err), "%s", err ? err : "?");
    cr_assert(query_filter_parse(&f, "salesperson=dave morgan", &err), "%s", err ? err : "?");
    export_options o = { .format = EXPORT_CSV };
    char *path = xasprintf("%s/found.csv", Dir);
    size_t n = 0;
    cr_assert_eq(export_run(S, &f, &o, path, &n, &err), STORE_OK, "%s", err ? err : "?");
    cr_assert_eq(n, 1);
    char *data = read_file(path, NULL);
    csv c;
    cr_assert(csv_parse(data, &c));
    cr_assert_eq(c.nrows, 2);
    cr_assert_str_eq(c.rows[1][csv_col(&c, "account")], "Hollis Building Contractors");
    /* the answers of that one session are there: they were pivoted right */
    cr_assert_str_eq(c.rows[1][csv_col(&c, "main_reason")], "price");
    csv_free(&c);
    free(data);
    o.format = EXPORT_MARKDOWN;
    char *md = xasprintf("%s/found.md", Dir);
    cr_assert_eq(export_run(S, &f, &o, md, &n, &err), STORE_OK, "%s", err ? err : "?");
    data = read_file(md, NULL);
    char *desc = query_filter_describe(&f);
    char *line = xasprintf("- Filter: %s\n", desc);
    cr_assert_not_null(strstr(data, line), "%s", data);
    cr_assert_not_null(strstr(data, "- Sessions: 1\n"));
    free(data);
    /* Redacted, the filter's names are replaced too. */
    o.redact = o.force = true;
    cr_assert_eq(export_run(S, &f, &o, md, &n, &err), STORE_OK, "%s", err ? err : "?");
    data = read_file(md, NULL);
    cr_assert(!has_word(data, "Northside") && !strstr(data, "dave morgan"), "%.300s", data);
    cr_assert_not_null(strstr(data, "Salesperson 1"), "%.300s", data);
    free(line);
    free(desc);
    free(data);
    free(md);
    free(path);
    query_filter_free(&f);
}

/* Names of the files in Dir other than the database's. */
static size_t other_files(char *names, size_t cap)
{
    DIR *d = opendir(Dir);
    size_t n = 0;
    names[0] = '\0';
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        if (str_starts(e->d_name, "winback.db") || strcmp(e->d_name, "config") == 0)
            continue;
        strncat(names, e->d_name, cap - strlen(names) - 2);
        strcat(names, " ");
        n++;
    }
    closedir(d);
    return n;
}

Test(export, never_overwrites_without_force)
{
    import_all();
    char *path = tl_write(Dir, "kept.csv", "precious\n");
    query_filter f;
    query_filter_init(&f);
    export_options o = { .format = EXPORT_CSV };
    char *err = NULL;
    cr_assert_neq(export_run(S, &f, &o, path, NULL, &err), STORE_OK);
    cr_assert_not_null(err);
    cr_assert(str_starts(err, path), "%s", err);
    cr_assert_not_null(strstr(err, "cannot write"), "%s", err);
    char *data = read_file(path, NULL);
    cr_assert_str_eq(data, "precious\n");
    free(data);
    free(err);
    err = NULL;
    o.force = true;
    cr_assert_eq(export_run(S, &f, &o, path, NULL, &err), STORE_OK, "%s", err ? err : "?");
    data = read_file(path, NULL);
    cr_assert(str_starts(data, "id,uuid,"));
    free(data);
    char names[512];
    cr_assert_eq(other_files(names, sizeof names), 1, "left behind: %s", names);
    query_filter_free(&f);
    free(path);
}

Test(export, file_is_owner_only_under_umask_0)
{
    import_all();
    umask(0);
    char *path = xasprintf("%s/mode.json", Dir);
    query_filter f;
    query_filter_init(&f);
    export_options o = { .format = EXPORT_JSON };
    char *err = NULL;
    cr_assert_eq(export_run(S, &f, &o, path, NULL, &err), STORE_OK, "%s", err ? err : "?");
    struct stat sb;
    cr_assert_eq(stat(path, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0600, "mode %o", (unsigned)(sb.st_mode & 0777));
    query_filter_free(&f);
    free(path);
}

Test(export, no_temp_file_left_on_error)
{
    import_all();
    /* The export fails after its temporary file exists: a table is gone. */
    cr_assert_eq(sqlite3_exec(store_db(S), "DROP TABLE comments", NULL, NULL, NULL), SQLITE_OK);
    char *path = xasprintf("%s/broken.csv", Dir);
    query_filter f;
    query_filter_init(&f);
    export_options o = { .format = EXPORT_CSV };
    char *err = NULL;
    cr_assert_neq(export_run(S, &f, &o, path, NULL, &err), STORE_OK);
    cr_assert_not_null(err);
    char names[512];
    cr_assert_eq(other_files(names, sizeof names), 0, "left behind: %s", names);
    free(err);
    err = NULL;
    /* A directory that does not exist. */
    char *nowhere = xasprintf("%s/missing/x.csv", Dir);
    cr_assert_neq(export_run(S, &f, &o, nowhere, NULL, &err), STORE_OK);
    char *want = xasprintf("%s: cannot write: ", nowhere);
    cr_assert(str_starts(err, want), "%s", err);
    free(want);
    free(nowhere);
    free(err);
    query_filter_free(&f);
    free(path);
}

Test(export, unwritable_directory_leaves_nothing)
{
    if (geteuid() == 0)
        cr_skip_test("root writes anywhere");
    import_all();
    char *ro = xasprintf("%s/ro", Dir);
    cr_assert_eq(mkdir(ro, 0500), 0);
    char *path = xasprintf("%s/x.csv", ro);
    query_filter f;
    query_filter_init(&f);
    export_options o = { .format = EXPORT_CSV };
    char *err = NULL;
    cr_assert_neq(export_run(S, &f, &o, path, NULL, &err), STORE_OK);
    cr_assert(str_starts(err, path), "%s", err);
    DIR *d = opendir(ro);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.' || (e->d_name[1] && e->d_name[1] != '.');
    closedir(d);
    cr_assert_eq(n, 0);
    chmod(ro, 0700);
    free(err);
    free(path);
    free(ro);
    query_filter_free(&f);
}

Test(export, csv_field_rules)
{
    strbuf sb;
    sb_init(&sb);
    export_csv_field(&sb, "plain", false);
    sb_addc(&sb, '|');
    export_csv_field(&sb, "-5", true);
    sb_addc(&sb, '|');
    export_csv_field(&sb, "-5", false);
    sb_addc(&sb, '|');
    export_csv_field(&sb, "=1+2, \"x\"", false);
    sb_addc(&sb, '|');
    export_csv_field(&sb, NULL, false);
    sb_addc(&sb, '|');
    export_csv_field(&sb, "a\r\nb", false);
    cr_assert_str_eq(sb_str(&sb), "plain|-5|'-5|\"'=1+2, \"\"x\"\"\"||\"a\nb\"");
    sb_free(&sb);
}
