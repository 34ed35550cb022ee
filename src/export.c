/* export.c - the sessions matching a filter as CSV, JSON or Markdown.
 *
 * CSV and JSON read the sessions (summary columns) and all their answers
 * in two ordered queries and pivot the answers in C, so exporting 100,000
 * sessions costs little beyond SQLite's own scan.  Markdown renders each
 * session with report.c.  Redaction builds one map of names to pseudonyms
 * in a first pass over the same sessions, then replaces whole words.
 * Files are written to a temporary file, synced and renamed (see
 * export.h).
 */
#include "export.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "form.h"
#include "report.h"
#include "store_sql.h"
#include "text.h"
#include "vocab.h"

int export_format_find(const char *name)
{
    if (str_eq(name, "csv"))
        return EXPORT_CSV;
    if (str_eq(name, "json"))
        return EXPORT_JSON;
    if (str_eq(name, "markdown") || str_eq(name, "md"))
        return EXPORT_MARKDOWN;
    return -1;
}

/* ---- cells ------------------------------------------------------------------ */

/* User text made safe for every format: control characters and escape
 * sequences removed, newlines kept.  Returns s itself when it is already
 * plain printable ASCII, else a new string stored in *tmp (caller frees). */
static const char *clean_text(const char *s, char **tmp)
{
    *tmp = NULL;
    if (!s)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p < 0x20 && *p != '\n') || *p >= 0x7F) {
            *tmp = text_sanitize(s, true);
            return *tmp;
        }
    return s;
}

/* True when s is a plain decimal number: optional '-', digits, at most
 * one '.', nothing else. */
static bool plain_number(const char *s)
{
    const char *p = s + (*s == '-');
    bool digit = false, dot = false;
    for (; *p; p++) {
        if (*p >= '0' && *p <= '9')
            digit = true;
        else if (*p == '.' && !dot)
            dot = true;
        else
            return false;
    }
    return digit;
}

void export_csv_field(strbuf *sb, const char *s, bool numeric)
{
    char *tmp;
    const char *c = clean_text(s, &tmp);
    if (!c || !*c) {
        free(tmp);
        return;
    }
    bool risky = strchr("=+-@\t\r", c[0]) != NULL && !(numeric && plain_number(c));
    bool quote = strpbrk(c, ",\"\r\n") != NULL;
    if (quote)
        sb_addc(sb, '"');
    if (risky)
        sb_addc(sb, '\'');
    for (const char *p = c; *p; p++) {
        const char *q = strchr(p, '"');
        if (!q) {
            sb_add(sb, p);
            break;
        }
        sb_addn(sb, p, (size_t)(q - p));
        sb_add(sb, "\"\"");
        p = q;
    }
    if (quote)
        sb_addc(sb, '"');
    free(tmp);
}

/* ---- redaction: names and pseudonyms ----------------------------------------- */

enum name_kind { NK_CUSTOMER, NK_CONTACT, NK_COMPETITOR, NK_SALESPERSON, NK_COUNT };

typedef struct rd_entry {
    char *key;      /* a name, or "\1" + its lower-case form */
    int pseud;      /* index into names */
} rd_entry;

typedef struct redactor {
    rd_entry *tab;  /* open addressing; cap is a power of two */
    size_t cap, n;
    char **names;   /* the pseudonyms */
    size_t nnames, names_cap;
    int count[NK_COUNT];
    int maxwords;   /* the longest name, in words */
} redactor;

static void rd_init(redactor *r)
{
    memset(r, 0, sizeof *r);
    r->cap = 256;
    r->tab = xcalloc(r->cap, sizeof *r->tab);
    r->maxwords = 1;
}

static void rd_free(redactor *r)
{
    for (size_t i = 0; i < r->cap; i++)
        free(r->tab[i].key);
    free(r->tab);
    str_list_free(r->names, r->nnames);
    memset(r, 0, sizeof *r);
}

static size_t rd_hash(const char *s, size_t len)
{
    size_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

/* The pseudonym index of key (len bytes), or -1. */
static int rd_find(const redactor *r, const char *key, size_t len)
{
    for (size_t i = rd_hash(key, len) & (r->cap - 1);; i = (i + 1) & (r->cap - 1)) {
        const rd_entry *e = &r->tab[i];
        if (!e->key)
            return -1;
        if (strlen(e->key) == len && memcmp(e->key, key, len) == 0)
            return e->pseud;
    }
}

static void rd_put(redactor *r, const char *key, size_t len, int pseud);

/* Doubles the table. */
static void rd_grow(redactor *r)
{
    rd_entry *old = r->tab;
    size_t oldcap = r->cap;
    r->cap *= 2;
    r->n = 0;
    r->tab = xcalloc(r->cap, sizeof *r->tab);
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].key) {
            rd_put(r, old[i].key, strlen(old[i].key), old[i].pseud);
            free(old[i].key);
        }
    free(old);
}

/* Maps key to pseud unless it is mapped already. */
static void rd_put(redactor *r, const char *key, size_t len, int pseud)
{
    if (len == 0 || rd_find(r, key, len) >= 0)
        return;
    if ((r->n + 1) * 2 > r->cap)
        rd_grow(r);
    size_t i = rd_hash(key, len) & (r->cap - 1);
    while (r->tab[i].key)
        i = (i + 1) & (r->cap - 1);
    r->tab[i].key = xstrndup(key, len);
    r->tab[i].pseud = pseud;
    r->n++;
}

/* A new pseudonym of kind k: "Customer A" ... "Customer AA", "Contact 1". */
static int rd_new_pseud(redactor *r, int k)
{
    static const char *const word[NK_COUNT] = { "Customer", "Contact", "Competitor",
                                                "Salesperson" };
    int n = ++r->count[k];
    char *name;
    if (k == NK_CUSTOMER) {
        char letters[16];
        size_t len = 0;
        for (int v = n; v > 0 && len < sizeof letters - 1; v = (v - 1) / 26)
            letters[len++] = (char)('A' + (v - 1) % 26);
        for (size_t i = 0; i < len / 2; i++) {
            char t = letters[i];
            letters[i] = letters[len - 1 - i];
            letters[len - 1 - i] = t;
        }
        letters[len] = '\0';
        name = xasprintf("%s %s", word[k], letters);
    } else {
        name = xasprintf("%s %d", word[k], n);
    }
    xgrow((void **)&r->names, &r->names_cap, r->nnames + 1, sizeof *r->names);
    r->names[r->nnames] = name;
    return (int)r->nnames++;
}

/* True for a byte that belongs to a word: ASCII letters and digits and
 * UTF-8 letters (any non-ASCII byte, except the punctuation handled by
 * punct_len). */
static bool word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
           || c >= 0x80;
}

/* Length of a non-ASCII separator at p (no-break space, U+2000..U+206F
 * general punctuation such as the curly apostrophe), or 0. */
static size_t punct_len(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (u[0] == 0xE2 && (u[1] == 0x80 || u[1] == 0x81) && u[2] >= 0x80 && u[2] <= 0xBF)
        return 3;
    return 0;
}

/* Length of the word starting at p (0 when p is not in a word). */
static size_t word_len(const char *p)
{
    size_t n = 0;
    while (p[n] && word_byte((unsigned char)p[n]) && !punct_len(p + n))
        n++;
    return n;
}

/* Length of the separator run at p (up to the next word or the end). */
static size_t sep_len(const char *p)
{
    size_t n = 0;
    while (p[n]) {
        size_t k = punct_len(p + n);
        if (k)
            n += k;
        else if (!word_byte((unsigned char)p[n]))
            n++;
        else
            break;
    }
    return n;
}

/* Capitalised words that are not names (sentence starts, titles, months). */
static bool stop_word(const char *w, size_t len)
{
    static const char *const stop[] = {
        "The", "A", "An", "And", "Or", "But", "Our", "Their", "They", "Them", "We", "Us",
        "He", "She", "His", "Her", "It", "Its", "I", "My", "You", "Your", "In", "On", "At",
        "By", "For", "From", "With", "Of", "To", "After", "Before", "When", "Then", "Both",
        "All", "No", "Not", "Nobody", "Everyone", "Only", "Also", "Who", "This", "That",
        "These", "Those", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Madam", "Herr",
        "Frau", "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December", "Monday", "Tuesday", "Wednesday",
        "Thursday", "Friday", "Saturday", "Sunday", "Ltd", "Limited", "Inc", "LLC", "GmbH",
        "AG", "SA", "PLC", "Plc", "Co", "Corp", "Corporation", "Company", "Group",
        "Holdings", "International", "Services", "Unknown", "None", "Don",
    };
    for (size_t i = 0; i < ARRAY_LEN(stop); i++)
        if (strlen(stop[i]) == len && memcmp(stop[i], w, len) == 0)
            return true;
    return false;
}

/* True when w (len bytes) is all upper-case ASCII letters. */
static bool all_caps(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (w[i] < 'A' || w[i] > 'Z')
            return false;
    return true;
}

/* True when word w may stand for a whole name of kind k on its own. */
static bool distinctive(int k, const char *w, size_t len)
{
    bool cap = (w[0] >= 'A' && w[0] <= 'Z') || (unsigned char)w[0] >= 0x80;
    if (!cap || stop_word(w, len))
        return false;
    bool person = k == NK_CONTACT || k == NK_SALESPERSON;
    if (person)
        return len >= 3 && !(len <= 4 && all_caps(w, len));
    return len >= 4 || (len >= 2 && all_caps(w, len));
}

/* Maps the lower-case form of a multi-word name to pseud. */
static void rd_put_lower(redactor *r, const char *name, size_t len, int pseud)
{
    char *low = xmalloc(len + 2);
    low[0] = '\1';
    for (size_t i = 0; i < len; i++)
        low[i + 1] = (name[i] >= 'A' && name[i] <= 'Z') ? (char)(name[i] - 'A' + 'a') : name[i];
    low[len + 1] = '\0';
    rd_put(r, low, len + 1, pseud);
    free(low);
}

/* Adds a name of kind k (len bytes at name, trimmed to its words): the
 * full name and each distinctive word of it map to one pseudonym. */
static void rd_add_name(redactor *r, int k, const char *name, size_t len)
{
    size_t lead = 0;
    while (lead < len && !word_len(name + lead))
        lead += sep_len(name + lead) ? sep_len(name + lead) : 1;
    name += lead;
    len -= lead < len ? lead : len;
    while (len > 0 && !word_byte((unsigned char)name[len - 1]))
        len--;
    if (len == 0)
        return;
    int words = 0, p = rd_find(r, name, len);
    for (size_t i = 0; i < len; words++) {
        size_t w = word_len(name + i);
        i += w;
        i += i < len ? sep_len(name + i) : 0;
    }
    if (p < 0)
        p = rd_new_pseud(r, k);
    rd_put(r, name, len, p);
    if (words > 1)
        rd_put_lower(r, name, len, p);
    if (words > r->maxwords)
        r->maxwords = words;
    /* A person is named by each part; a firm by its first distinctive word
     * only ("Hollis" of "Hollis Building Contractors"), since the words
     * after it are often common ones ("Building") used elsewhere. */
    bool person = k == NK_CONTACT || k == NK_SALESPERSON;
    for (size_t i = 0; i < len;) {
        size_t w = word_len(name + i);
        if (w && distinctive(k, name + i, w)) {
            rd_put(r, name + i, w, p);
            if (!person)
                break;
        }
        i += w;
        i += i < len ? sep_len(name + i) : 0;
    }
}

/* Particles that may sit inside a person's name ("Anna van Dijk"). */
static bool particle(const char *w, size_t len)
{
    static const char *const part[] = { "van", "von", "de", "der", "den", "da", "di",
                                        "du", "del", "della", "le", "la", "ten", "ter" };
    for (size_t i = 0; i < ARRAY_LEN(part); i++)
        if (strlen(part[i]) == len && memcmp(part[i], w, len) == 0)
            return true;
    return false;
}

/* Takes every run of capitalised words in text (a list of people or a
 * competitor with a remark) as a name of kind k. */
static void rd_extract(redactor *r, int k, const char *text)
{
    const char *start = NULL, *end = NULL;
    for (const char *p = text; *p;) {
        size_t w = word_len(p);
        if (!w) {
            size_t s = sep_len(p);
            bool space_only = s == 1 && *p == ' ';
            if (!space_only && start) {
                rd_add_name(r, k, start, (size_t)(end - start));
                start = NULL;
            }
            p += s ? s : 1;
            continue;
        }
        if (distinctive(k, p, w) || (k != NK_CONTACT && start && w >= 2)) {
            if (!start)
                start = p;
            end = p + w;
        } else if (!(start && particle(p, w))) {
            if (start)
                rd_add_name(r, k, start, (size_t)(end - start));
            start = NULL;
        }
        p += w;
    }
    if (start)
        rd_add_name(r, k, start, (size_t)(end - start));
}

/* The pseudonym of the longest known name starting at p, or -1; *used
 * gets its length in bytes. */
static int rd_match(const redactor *r, const char *p, size_t *used)
{
    size_t ends[16];
    int n = 0;
    size_t at = 0;
    int max = r->maxwords < 16 ? r->maxwords : 16;
    while (n < max) {
        size_t w = word_len(p + at);
        if (!w)
            break;
        ends[n++] = at + w;
        size_t s = sep_len(p + at + w);
        if (!s || s > 3 || !word_len(p + at + w + s))
            break;
        at += w + s;
    }
    for (int i = n - 1; i >= 0; i--) {
        int ps = rd_find(r, p, ends[i]);
        if (ps < 0 && i > 0) {
            char *low = xmalloc(ends[i] + 2);
            low[0] = '\1';
            for (size_t j = 0; j < ends[i]; j++)
                low[j + 1] = (p[j] >= 'A' && p[j] <= 'Z') ? (char)(p[j] - 'A' + 'a') : p[j];
            ps = rd_find(r, low, ends[i] + 1);
            free(low);
        }
        if (ps >= 0) {
            *used = ends[i];
            return ps;
        }
    }
    return -1;
}

/* text with every known name replaced by its pseudonym.  Caller frees. */
static char *rd_apply(const redactor *r, const char *text)
{
    if (!text)
        return NULL;
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "");
    for (const char *p = text; *p;) {
        size_t w = word_len(p);
        if (!w) {
            size_t s = sep_len(p);
            sb_addn(&sb, p, s ? s : 1);
            p += s ? s : 1;
            continue;
        }
        size_t used = 0;
        int ps = rd_match(r, p, &used);
        if (ps >= 0) {
            sb_add(&sb, r->names[ps]);
            p += used;
        } else {
            sb_addn(&sb, p, w);
            p += w;
        }
    }
    return sb_take(&sb);
}

/* ---- the forms of the exported sessions: one column model ---------------------- */

enum xq_kind { XQ_TEXT, XQ_NUMBER, XQ_CODE, XQ_CHOICE, XQ_MULTI };

/* One question id across the forms of the export. */
typedef struct xq {
    char *qid;
    int kind;            /* enum xq_kind */
    char **opts;         /* multi: option ids (union over the forms) */
    size_t nopts;
} xq;

/* A form of the export: the loaded form (NULL when missing) and, per
 * model question, its question in this form (or NULL). */
typedef struct xform {
    char *id;
    form *f;
    const question **byq;
} xform;

typedef struct xmodel {
    xq *qs;              /* in column order */
    size_t nq, qcap;
    size_t *sorted;      /* indexes of qs sorted by qid */
    xform *forms;
    size_t nforms;
} xmodel;

/* How a question's answers become columns. */
static int xq_kind_of(const question *q)
{
    switch (q->type) {
    case Q_MULTI: return XQ_MULTI;
    case Q_CHOICE:
    case Q_YESNO: return XQ_CHOICE;
    case Q_SCALE:
    case Q_NUMBER:
    case Q_MONEY:
    case Q_PERCENT: return XQ_NUMBER;
    case Q_DATE: return XQ_CODE;
    default: return XQ_TEXT;
    }
}

/* Index of qid in the model, or -1 (linear; used while building). */
static int model_find_slow(const xmodel *m, const char *qid)
{
    for (size_t i = 0; i < m->nq; i++)
        if (strcmp(m->qs[i].qid, qid) == 0)
            return (int)i;
    return -1;
}

/* Adds qid (kind, options of q when multi) to the model; returns its index. */
static size_t model_add(xmodel *m, const char *qid, int kind, const question *q)
{
    int i = model_find_slow(m, qid);
    if (i < 0) {
        xgrow((void **)&m->qs, &m->qcap, m->nq + 1, sizeof *m->qs);
        m->qs[m->nq] = (xq){ .qid = xstrdup(qid), .kind = kind };
        i = (int)m->nq++;
    }
    xq *x = &m->qs[i];
    for (size_t c = 0; kind == XQ_MULTI && x->kind == XQ_MULTI && c < q->nchoices; c++) {
        bool have = false;
        for (size_t o = 0; o < x->nopts; o++)
            have |= str_eq(x->opts[o], q->choices[c].id);
        if (!have) {
            x->opts = xrealloc(x->opts, (x->nopts + 1) * sizeof *x->opts);
            x->opts[x->nopts++] = xstrdup(q->choices[c].id);
        }
    }
    return (size_t)i;
}

static const xmodel *Sort_model;

static int cmp_qidx(const void *a, const void *b)
{
    return strcmp(Sort_model->qs[*(const size_t *)a].qid, Sort_model->qs[*(const size_t *)b].qid);
}

/* Index of qid in the model, or -1 (binary search). */
static int model_find(const xmodel *m, const char *qid)
{
    size_t lo = 0, hi = m->nq;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(m->qs[m->sorted[mid]].qid, qid);
        if (c == 0)
            return (int)m->sorted[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Frees the columns and the loaded forms. */
static void model_free(xmodel *m)
{
    for (size_t i = 0; i < m->nq; i++) {
        free(m->qs[i].qid);
        str_list_free(m->qs[i].opts, m->qs[i].nopts);
    }
    free(m->qs);
    free(m->sorted);
    for (size_t i = 0; i < m->nforms; i++) {
        free(m->forms[i].id);
        form_free(m->forms[i].f);
        free(m->forms[i].byq);
    }
    free(m->forms);
    memset(m, 0, sizeof *m);
}

/* Adds the question ids answered in sessions of a form that cannot be
 * loaded, as plain text columns. */
static int model_add_raw(store *st, xmodel *m, const char *form_id, char **err)
{
    int rc;
    sqlite3_stmt *s = store_prep(st, err, &rc,
                                 "SELECT DISTINCT a.qid FROM answers a JOIN sessions s ON "
                                 "s.id = a.session_id WHERE s.form_id = ? ORDER BY 1",
                                 "s", form_id);
    if (!s)
        return rc;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW)
        model_add(m, (const char *)sqlite3_column_text(s, 0), XQ_TEXT, NULL);
    if (src != SQLITE_DONE)
        rc = store_fail(st, src, "read the answers", err);
    sqlite3_finalize(s);
    return rc;
}

/* Appends " WHERE ..." of f to sql and returns the statement bound. */
static sqlite3_stmt *prep_filtered(store *st, const query_filter *f, const char *head,
                                   const char *tail, char **err, int *rc)
{
    char *where = query_where(f);
    char *sql = xasprintf("%s%s%s", head, where ? where : "", tail);
    free(where);
    sqlite3_stmt *s = store_prep(st, err, rc, sql, NULL);
    free(sql);
    if (s)
        query_bind(s, 1, f);
    return s;
}

/* Loads the forms of the matching sessions into m->forms. */
static int model_load_forms(store *st, const query_filter *f, xmodel *m, char **err)
{
    int rc;
    sqlite3_stmt *s = prep_filtered(st, f, "SELECT DISTINCT s.form_id FROM sessions s",
                                    " ORDER BY 1", err, &rc);
    if (!s)
        return rc;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        m->forms = xrealloc(m->forms, (m->nforms + 1) * sizeof *m->forms);
        xform *x = &m->forms[m->nforms++];
        x->id = store_col_str(s, 0);
        problems probs;
        problems_init(&probs);
        x->f = report_open_form(x->id, &probs);
        problems_free(&probs);
        x->byq = NULL;
    }
    if (src != SQLITE_DONE)
        rc = store_fail(st, src, "list the forms", err);
    sqlite3_finalize(s);
    return rc;
}

/* Loads the forms of the matching sessions and builds the columns. */
static int model_build(store *st, const query_filter *f, xmodel *m, char **err)
{
    memset(m, 0, sizeof *m);
    int rc = model_load_forms(st, f, m, err);
    for (size_t i = 0; rc == STORE_OK && i < m->nforms; i++) {
        const form *fm = m->forms[i].f;
        if (!fm)
            rc = model_add_raw(st, m, m->forms[i].id, err);
        for (size_t q = 0; fm && q < fm->nquestions; q++)
            model_add(m, fm->questions[q].id, xq_kind_of(&fm->questions[q]), &fm->questions[q]);
    }
    m->sorted = xmalloc((m->nq + 1) * sizeof *m->sorted);
    for (size_t i = 0; i < m->nq; i++)
        m->sorted[i] = i;
    Sort_model = m;
    qsort(m->sorted, m->nq, sizeof *m->sorted, cmp_qidx);
    for (size_t i = 0; i < m->nforms; i++) {
        xform *x = &m->forms[i];
        x->byq = xcalloc(m->nq + 1, sizeof *x->byq);
        for (size_t q = 0; x->f && q < x->f->nquestions; q++)
            x->byq[model_find(m, x->f->questions[q].id)] = &x->f->questions[q];
    }
    return rc;
}

/* The model's form with id form_id, or NULL. */
static const xform *model_form(const xmodel *m, const char *form_id)
{
    for (size_t i = 0; i < m->nforms; i++)
        if (str_eq(m->forms[i].id, form_id))
            return &m->forms[i];
    return NULL;
}

/* ---- walking the sessions with their answers ---------------------------------- */

enum scol {
    SC_ID, SC_UUID, SC_ACCOUNT, SC_SALESPERSON, SC_FORM, SC_FORM_VERSION, SC_STATUS,
    SC_TRAINING, SC_CREATED, SC_UPDATED, SC_DAY, SC_LOSS_DATE, SC_TYPE, SC_SOURCE,
    SC_STABILITY, SC_CONTROL, SC_PRIORITY, SC_OVERRIDDEN, SC_DONE, SC_TOTAL, SC_OUTCOME,
    SC_OUTCOME_DATE, SC_OUTCOME_NOTE, SC_COMMENTS
};

#define SESSION_SQL                                                                       \
    "SELECT s.id, s.uuid, s.account, s.salesperson, s.form_id, s.form_version, s.status, " \
    "s.training, s.created, s.updated, s.day, s.loss_date, s.type, s.source, s.stability, " \
    "s.control, s.priority, s.overridden, s.items_done, s.items_total, s.outcome, "         \
    "s.outcome_date, s.outcome_note, (SELECT count(*) FROM comments c WHERE "              \
    "c.session_id = s.id) FROM sessions s"

/* One answer of the current session: model question, value in the arena. */
typedef struct xans {
    int qi;              /* index in the model, -1 when unknown */
    size_t off;          /* offset of the value in the arena */
    bool dontknow;
} xans;

typedef struct xiter {
    store *st;
    const xmodel *m;
    sqlite3_stmt *ss;    /* the sessions */
    sqlite3_stmt *sa;    /* their answers, by session id */
    int sa_rc;
    strbuf arena;        /* the current session's answer values */
    xans *ans;
    size_t nans, cap;
    int *byq;            /* per model question: index into ans, or -1 */
    const xform *form;   /* the current session's form (may be NULL) */
} xiter;

/* Opens the two ordered cursors (sessions, their answers) for filter f. */
static int xiter_open(xiter *it, store *st, const query_filter *f, const xmodel *m,
                      char **err)
{
    int rc;
    memset(it, 0, sizeof *it);
    it->st = st;
    it->m = m;
    it->byq = xmalloc((m->nq + 1) * sizeof *it->byq);
    it->ss = prep_filtered(st, f, SESSION_SQL, " ORDER BY s.id", err, &rc);
    if (!it->ss)
        return rc;
    char *where = query_where(f);
    bool any = where && *where;
    free(where);
    it->sa = prep_filtered(st, f, any ? "SELECT a.session_id, a.qid, a.value, a.dontknow "
                                        "FROM answers a WHERE a.session_id IN (SELECT s.id "
                                        "FROM sessions s"
                                      : "SELECT a.session_id, a.qid, a.value, a.dontknow "
                                        "FROM answers a",
                           any ? ") ORDER BY a.session_id" : " ORDER BY a.session_id", err, &rc);
    if (!it->sa)
        return rc;
    it->sa_rc = sqlite3_step(it->sa);
    return STORE_OK;
}

static void xiter_close(xiter *it)
{
    sqlite3_finalize(it->ss);
    sqlite3_finalize(it->sa);
    sb_free(&it->arena);
    free(it->ans);
    free(it->byq);
    memset(it, 0, sizeof *it);
}

/* Collects the answers of session id from the answers cursor. */
static void xiter_answers(xiter *it, int64_t id)
{
    it->nans = 0;
    it->arena.len = 0;
    for (size_t i = 0; i < it->m->nq; i++)
        it->byq[i] = -1;
    while (it->sa_rc == SQLITE_ROW && sqlite3_column_int64(it->sa, 0) < id)
        it->sa_rc = sqlite3_step(it->sa);
    while (it->sa_rc == SQLITE_ROW && sqlite3_column_int64(it->sa, 0) == id) {
        int qi = model_find(it->m, (const char *)sqlite3_column_text(it->sa, 1));
        if (qi >= 0) {
            xgrow((void **)&it->ans, &it->cap, it->nans + 1, sizeof *it->ans);
            const char *v = (const char *)sqlite3_column_text(it->sa, 2);
            it->ans[it->nans] = (xans){ .qi = qi, .off = it->arena.len,
                                        .dontknow = sqlite3_column_int(it->sa, 3) != 0 };
            sb_addn(&it->arena, v ? v : "", strlen(v ? v : "") + 1);
            it->byq[qi] = (int)it->nans++;
        }
        it->sa_rc = sqlite3_step(it->sa);
    }
}

/* Moves to the next session: 1 when there is one, 0 at the end, or a
 * store_rc (< 0) with *err. */
static int xiter_next(xiter *it, char **err)
{
    int src = sqlite3_step(it->ss);
    if (src == SQLITE_DONE)
        return 0;
    if (src != SQLITE_ROW)
        return store_fail(it->st, src, "read the sessions", err);
    xiter_answers(it, sqlite3_column_int64(it->ss, SC_ID));
    if (it->sa_rc != SQLITE_ROW && it->sa_rc != SQLITE_DONE)
        return store_fail(it->st, it->sa_rc, "read the answers", err);
    it->form = model_form(it->m, (const char *)sqlite3_column_text(it->ss, SC_FORM));
    return 1;
}

/* Text column c of the current session, or NULL. */
static const char *scol(const xiter *it, int c)
{
    return (const char *)sqlite3_column_text(it->ss, c);
}

/* The answer to model question qi (NULL when none). */
static const xans *xiter_answer(const xiter *it, size_t qi)
{
    int a = it->byq[qi];
    return a < 0 ? NULL : &it->ans[a];
}

static const char *xans_value(const xiter *it, const xans *a)
{
    return it->arena.buf + a->off;
}

/* The question of model question qi in the current session's form. */
static const question *xiter_question(const xiter *it, size_t qi)
{
    return it->form && it->form->byq ? it->form->byq[qi] : NULL;
}

/* ---- building the redaction map ---------------------------------------------- */

/* The kind of name a question with this role holds, or -1. */
static int role_kind(const char *role)
{
    if (str_eq(role, "customer"))
        return NK_CUSTOMER;
    if (str_eq(role, "went_to"))
        return NK_COMPETITOR;
    if (str_eq(role, "decision_makers") || str_eq(role, "advocates")
        || str_eq(role, "blockers"))
        return NK_CONTACT;
    return -1;
}

/* Adds the names of the current session to r. */
static void rd_collect(redactor *r, const xiter *it)
{
    const char *acc = scol(it, SC_ACCOUNT), *sp = scol(it, SC_SALESPERSON);
    if (acc)
        rd_add_name(r, NK_CUSTOMER, acc, strlen(acc));
    if (sp)
        rd_add_name(r, NK_SALESPERSON, sp, strlen(sp));
    for (size_t i = 0; i < it->nans; i++) {
        const question *q = xiter_question(it, (size_t)it->ans[i].qi);
        int k = q ? role_kind(q->role) : -1;
        const char *v = xans_value(it, &it->ans[i]);
        if (k == NK_CUSTOMER)
            rd_add_name(r, k, v, strlen(v));
        else if (k >= 0 && !it->ans[i].dontknow)
            rd_extract(r, k, v);
    }
}

/* Reads all matching sessions once to learn their names. */
static int rd_build(store *st, const query_filter *f, const xmodel *m, redactor *r,
                    char **err)
{
    xiter it;
    int rc = xiter_open(&it, st, f, m, err);
    int more = 0;
    while (rc == STORE_OK && (more = xiter_next(&it, err)) == 1)
        rd_collect(r, &it);
    if (rc == STORE_OK && more < 0)
        rc = more;
    xiter_close(&it);
    return rc;
}

/* ---- CSV ------------------------------------------------------------------- */

/* The export in progress. */
typedef struct xout {
    FILE *fp;
    const char *where;   /* for messages */
    const redactor *rd;  /* NULL unless redacting */
    strbuf line;
    size_t count;
} xout;

/* Writes and empties the pending output; STORE_ERR with *err on failure. */
static int xout_flush(xout *o, char **err)
{
    if (o->line.len && fwrite(o->line.buf, 1, o->line.len, o->fp) != o->line.len) {
        err_set(err, xasprintf("%s: cannot write: %s", o->where, strerror(errno)));
        o->line.len = 0;
        return STORE_ERR;
    }
    o->line.len = 0;
    if (o->line.buf)
        o->line.buf[0] = '\0';
    return STORE_OK;
}

/* User text, redacted when asked; *tmp holds what to free. */
static const char *user_text(const xout *o, const char *s, char **tmp)
{
    *tmp = o->rd && s ? rd_apply(o->rd, s) : NULL;
    return *tmp ? *tmp : s;
}

static void csv_sep(strbuf *sb, bool *first)
{
    if (!*first)
        sb_addc(sb, ',');
    *first = false;
}

static void csv_add(xout *o, bool *first, const char *s, bool numeric)
{
    csv_sep(&o->line, first);
    export_csv_field(&o->line, s, numeric);
}

/* Adds user text (redacted when asked). */
static void csv_user(xout *o, bool *first, const char *s)
{
    char *tmp;
    csv_add(o, first, user_text(o, s, &tmp), false);
    free(tmp);
}

static const char *const Base_cols[] = {
    "id", "uuid", "account", "salesperson", "form", "form_version", "status", "training",
    "created", "updated", "day", "loss_date", "type", "type_label", "source",
    "source_label", "source_locus", "stability", "stability_label", "control",
    "control_label", "priority", "priority_label", "overridden", "overridden_label",
    "items_done", "items_total", "outcome", "outcome_label", "outcome_date",
    "outcome_note", "comments",
};

/* The header row: session columns, then the form's questions. */
static void csv_header(xout *o, const xmodel *m)
{
    bool first = true;
    for (size_t i = 0; i < ARRAY_LEN(Base_cols); i++)
        csv_add(o, &first, Base_cols[i], false);
    for (size_t i = 0; i < m->nq; i++) {
        const xq *q = &m->qs[i];
        bool clash = false;
        for (size_t k = 0; k < ARRAY_LEN(Base_cols); k++)
            clash |= strcmp(Base_cols[k], q->qid) == 0;
        char *name = clash ? xasprintf("%s_answer", q->qid) : NULL;
        csv_add(o, &first, name ? name : q->qid, false);
        free(name);
        if (q->kind == XQ_CHOICE) {
            char *l = xasprintf("%s_label", q->qid);
            csv_add(o, &first, l, false);
            free(l);
        }
        for (size_t k = 0; q->kind == XQ_MULTI && k < q->nopts; k++) {
            char *l = xasprintf("%s:%s", q->qid, q->opts[k]);
            csv_add(o, &first, l, false);
            free(l);
        }
    }
    sb_add(&o->line, "\r\n");
}

static const char *overridden_label(int bits)
{
    static const char *const l[] = { "none", "salesperson", "manager", "both" };
    return l[bits & 3];
}

/* A coded value as id and label: dim is a vocab dimension or DIM_COUNT
 * for the priority. */
static void csv_coded(xout *o, bool *first, int dim, const char *id)
{
    int v = diag_value_find(dim, id);
    csv_add(o, first, id, false);
    csv_add(o, first, v >= 0 ? diag_value_label(dim, v) : NULL, false);
}

/* The session's own columns of the current row. */
static void csv_session(xout *o, const xiter *it)
{
    bool first = true;
    csv_add(o, &first, scol(it, SC_ID), true);
    csv_add(o, &first, scol(it, SC_UUID), false);
    csv_user(o, &first, scol(it, SC_ACCOUNT));
    csv_user(o, &first, scol(it, SC_SALESPERSON));
    for (int c = SC_FORM; c <= SC_STATUS; c++)
        csv_add(o, &first, scol(it, c), false);
    csv_add(o, &first, scol(it, SC_TRAINING), true);
    for (int c = SC_CREATED; c <= SC_LOSS_DATE; c++)
        csv_add(o, &first, scol(it, c), false);
    csv_coded(o, &first, DIM_TYPE, scol(it, SC_TYPE));
    csv_coded(o, &first, DIM_SOURCE, scol(it, SC_SOURCE));
    int src = vocab_value_find(DIM_SOURCE, scol(it, SC_SOURCE));
    csv_add(o, &first, src < 0 ? NULL : vocab_source_internal(src) ? "internal" : "external",
            false);
    csv_coded(o, &first, DIM_STABILITY, scol(it, SC_STABILITY));
    csv_coded(o, &first, DIM_CONTROL, scol(it, SC_CONTROL));
    csv_coded(o, &first, DIM_COUNT, scol(it, SC_PRIORITY));
    csv_add(o, &first, scol(it, SC_OVERRIDDEN), true);
    csv_add(o, &first, overridden_label(sqlite3_column_int(it->ss, SC_OVERRIDDEN)), false);
    csv_add(o, &first, scol(it, SC_DONE), true);
    csv_add(o, &first, scol(it, SC_TOTAL), true);
    int oc = outcome_find(scol(it, SC_OUTCOME));
    csv_add(o, &first, scol(it, SC_OUTCOME), false);
    csv_add(o, &first, oc >= 0 ? outcome_label(oc) : NULL, false);
    csv_add(o, &first, scol(it, SC_OUTCOME_DATE), false);
    csv_user(o, &first, scol(it, SC_OUTCOME_NOTE));
    csv_add(o, &first, scol(it, SC_COMMENTS), true);
}

/* The label of choice id in q, or NULL. */
static const char *choice_label(const question *q, const char *id)
{
    int c = q ? question_choice(q, id) : -1;
    return c >= 0 ? q->choices[c].label : NULL;
}

/* The cells of one model question for the current session. */
static void csv_answer(xout *o, const xiter *it, size_t qi, bool *first)
{
    const xq *m = &it->m->qs[qi];
    const xans *a = xiter_answer(it, qi);
    const char *v = a ? (a->dontknow ? "?" : xans_value(it, a)) : NULL;
    if (m->kind == XQ_TEXT)
        csv_user(o, first, v);
    else
        csv_add(o, first, v, m->kind == XQ_NUMBER && !(a && a->dontknow));
    if (m->kind == XQ_CHOICE) {
        const question *q = xiter_question(it, qi);
        csv_add(o, first, a && a->dontknow ? "Don't know" : a ? choice_label(q, v) : NULL,
                false);
    }
    for (size_t k = 0; m->kind == XQ_MULTI && k < m->nopts; k++) {
        const char *cell = !a || a->dontknow ? NULL : answer_has(v, m->opts[k]) ? "1" : "0";
        csv_add(o, first, cell, true);
    }
}

/* One CSV record: the session, then one cell (or more) per question. */
static void csv_row(xout *o, const xiter *it)
{
    csv_session(o, it);
    bool first = false;
    for (size_t i = 0; i < it->m->nq; i++)
        csv_answer(o, it, i, &first);
    sb_add(&o->line, "\r\n");
}

/* ---- JSON ------------------------------------------------------------------- */

/* Appends user text as a JSON string: sanitised, redacted when asked. */
static void json_user(xout *o, const char *s)
{
    char *tmp, *clean;
    const char *r = user_text(o, s, &tmp);
    const char *c = clean_text(r, &clean);
    json_add_string(&o->line, c);
    free(clean);
    free(tmp);
}

static void json_key(strbuf *sb, const char *k, bool *first)
{
    if (!*first)
        sb_addc(sb, ',');
    *first = false;
    json_add_string(sb, k);
    sb_addc(sb, ':');
}

/* A number column as a JSON number (null when NULL). */
static void json_num(xout *o, const char *k, const xiter *it, int c, bool *first)
{
    json_key(&o->line, k, first);
    const char *v = scol(it, c);
    sb_add(&o->line, v && plain_number(v) ? v : "null");
}

/* A stored value (not a name) as a JSON string, sanitised. */
static void json_str(xout *o, const char *k, const char *v, bool *first)
{
    char *tmp;
    json_key(&o->line, k, first);
    json_add_string(&o->line, clean_text(v, &tmp));
    free(tmp);
}

/* {"id": ..., "label": ...} or null. */
static void json_coded(xout *o, const char *k, int dim, const char *id, bool *first)
{
    json_key(&o->line, k, first);
    int v = diag_value_find(dim, id);
    if (v < 0) {
        sb_add(&o->line, "null");
        return;
    }
    bool f2 = true;
    sb_addc(&o->line, '{');
    json_str(o, "id", id, &f2);
    json_str(o, "label", diag_value_label(dim, v), &f2);
    if (dim == DIM_SOURCE)
        json_str(o, "locus", vocab_source_internal(v) ? "internal" : "external", &f2);
    sb_addc(&o->line, '}');
}

/* The session's own fields as JSON members. */
static void json_session(xout *o, const xiter *it, bool *first)
{
    json_num(o, "id", it, SC_ID, first);
    json_str(o, "uuid", scol(it, SC_UUID), first);
    json_key(&o->line, "account", first);
    json_user(o, scol(it, SC_ACCOUNT));
    json_key(&o->line, "salesperson", first);
    json_user(o, scol(it, SC_SALESPERSON));
    json_str(o, "form", scol(it, SC_FORM), first);
    json_str(o, "form_version", scol(it, SC_FORM_VERSION), first);
    json_str(o, "status", scol(it, SC_STATUS), first);
    json_key(&o->line, "training", first);
    sb_add(&o->line, sqlite3_column_int(it->ss, SC_TRAINING) ? "true" : "false");
    static const char *const dates[] = { "created", "updated", "day", "loss_date" };
    for (int c = SC_CREATED; c <= SC_LOSS_DATE; c++)
        json_str(o, dates[c - SC_CREATED], scol(it, c), first);
    static const char *const dims[] = { "type", "source", "stability", "control" };
    for (int d = 0; d < DIM_COUNT; d++)
        json_coded(o, dims[d], d, scol(it, SC_TYPE + d), first);
    json_coded(o, "priority", DIM_COUNT, scol(it, SC_PRIORITY), first);
    int ov = sqlite3_column_int(it->ss, SC_OVERRIDDEN);
    json_key(&o->line, "overridden", first);
    sb_addf(&o->line, "{\"by_salesperson\":%s,\"by_manager\":%s}", ov & 1 ? "true" : "false",
            ov & 2 ? "true" : "false");
    json_key(&o->line, "checklist", first);
    sb_addf(&o->line, "{\"done\":%d,\"total\":%d}", sqlite3_column_int(it->ss, SC_DONE),
            sqlite3_column_int(it->ss, SC_TOTAL));
    int oc = outcome_find(scol(it, SC_OUTCOME));
    json_key(&o->line, "outcome", first);
    bool f2 = true;
    sb_addc(&o->line, '{');
    json_str(o, "id", scol(it, SC_OUTCOME), &f2);
    json_str(o, "label", oc >= 0 ? outcome_label(oc) : NULL, &f2);
    json_str(o, "date", scol(it, SC_OUTCOME_DATE), &f2);
    json_key(&o->line, "note", &f2);
    json_user(o, scol(it, SC_OUTCOME_NOTE));
    sb_addc(&o->line, '}');
    json_num(o, "comments", it, SC_COMMENTS, first);
}

/* The value of an answer: a number, a list of ids, or a string. */
static void json_value(xout *o, const xq *m, const char *v)
{
    if (m->kind == XQ_NUMBER && plain_number(v)) {
        sb_add(&o->line, v);
    } else if (m->kind == XQ_MULTI) {
        size_t n;
        char **ids = str_split(v, ',', &n);
        sb_addc(&o->line, '[');
        for (size_t i = 0; i < n; i++) {
            if (i)
                sb_addc(&o->line, ',');
            json_user(o, ids[i]);
        }
        sb_addc(&o->line, ']');
        str_list_free(ids, n);
    } else {
        json_user(o, v);
    }
}

/* "answers": {qid: {"value", "label", "dont_know"}} in column order. */
static void json_answers(xout *o, const xiter *it)
{
    bool first = true;
    sb_addc(&o->line, '{');
    for (size_t qi = 0; qi < it->m->nq; qi++) {
        const xans *a = xiter_answer(it, qi);
        if (!a)
            continue;
        const xq *m = &it->m->qs[qi];
        json_key(&o->line, m->qid, &first);
        bool f2 = true;
        sb_addc(&o->line, '{');
        json_key(&o->line, "value", &f2);
        if (a->dontknow)
            sb_add(&o->line, "null");
        else
            json_value(o, m, xans_value(it, a));
        const question *q = xiter_question(it, qi);
        answer tmp = { .qid = m->qid, .value = (char *)xans_value(it, a), .dontknow = a->dontknow };
        char *shown = q && m->kind != XQ_TEXT ? answer_display(q, &tmp) : NULL;
        if (shown) {
            json_key(&o->line, "label", &f2);
            json_user(o, shown);
        }
        free(shown);
        json_key(&o->line, "dont_know", &f2);
        sb_add(&o->line, a->dontknow ? "true" : "false");
        sb_addc(&o->line, '}');
    }
    sb_addc(&o->line, '}');
}

/* One session as a JSON object (array items separated by commas). */
static void json_row(xout *o, const xiter *it)
{
    bool first = true;
    sb_add(&o->line, o->count ? ",\n{" : "\n{");
    json_session(o, it, &first);
    json_key(&o->line, "answers", &first);
    json_answers(o, it);
    sb_addc(&o->line, '}');
}

/* ---- CSV and JSON: the walk ---------------------------------------------------- */

#define FLUSH_AT 65536

/* Writes CSV or JSON: one pass over the sessions, flushed in chunks. */
static int export_rows(store *st, const query_filter *f, const xmodel *m, int format,
                       xout *o, char **err)
{
    if (format == EXPORT_CSV)
        csv_header(o, m);
    else
        sb_add(&o->line, "[");
    xiter it;
    int rc = xiter_open(&it, st, f, m, err);
    int more = 0;
    while (rc == STORE_OK && (more = xiter_next(&it, err)) == 1) {
        if (format == EXPORT_CSV)
            csv_row(o, &it);
        else
            json_row(o, &it);
        o->count++;
        if (o->line.len >= FLUSH_AT)
            rc = xout_flush(o, err);
    }
    if (rc == STORE_OK && more < 0)
        rc = more;
    xiter_close(&it);
    if (rc == STORE_OK && format == EXPORT_JSON)
        sb_add(&o->line, "\n]\n");
    return rc == STORE_OK ? xout_flush(o, err) : rc;
}

/* ---- Markdown ----------------------------------------------------------------- */

/* Appends a rendered session with its headings one level down (the
 * document has its own title).  User text never starts a line with '#'
 * in report.c's Markdown (it is inline or indented), so only headings
 * are touched. */
static void md_demote(strbuf *sb, const char *doc)
{
    for (const char *p = doc; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        if (*p == '#')
            sb_addc(sb, '#');
        sb_addn(sb, p, len);
        p += len;
    }
}

/* Renders session id into o (redacted when asked). */
static int md_session(store *st, int64_t id, const export_options *opt, xout *o, char **err)
{
    session_doc doc;
    int rc = report_load(st, id, &doc, err);
    if (rc == STORE_OK) {
        char *text = report_render(&doc, opt->lib, REPORT_MARKDOWN);
        char *tmp;
        const char *shown = user_text(o, text, &tmp);
        sb_add(&o->line, "\n---\n\n");
        md_demote(&o->line, shown);
        free(tmp);
        free(text);
    }
    report_free(&doc);
    return rc;
}

/* The document's title block: date, count, filter (redacted too). */
static void md_title(xout *o, const query_filter *f, int64_t n)
{
    char today[11];
    today_date(today);
    char *desc = query_filter_describe(f), *tmp;
    char *clean = text_sanitize(user_text(o, desc ? desc : "", &tmp), false); /* names too */
    free(tmp);
    sb_addf(&o->line, "# Win-back plans\n\n- Exported: %s\n- Sessions: %lld\n- Filter: %s\n",
            today, (long long)n, *clean ? clean : "all sessions");
    if (o->rd)
        sb_add(&o->line, "- Names of customers, contacts, competitors and salespeople are "
                         "replaced by pseudonyms.\n");
    free(clean);
    free(desc);
}

/* Writes the Markdown document: the title, then every session. */
static int export_markdown(store *st, const query_filter *f, const export_options *opt,
                           xout *o, char **err)
{
    int rc;
    sqlite3_stmt *s = prep_filtered(st, f, "SELECT s.id FROM sessions s", " ORDER BY s.id",
                                    err, &rc);
    if (!s)
        return rc;
    int64_t *ids = NULL;
    size_t n = 0, cap = 0;
    int src;
    while ((src = sqlite3_step(s)) == SQLITE_ROW) {
        xgrow((void **)&ids, &cap, n + 1, sizeof *ids);
        ids[n++] = sqlite3_column_int64(s, 0);
    }
    if (src != SQLITE_DONE)
        rc = store_fail(st, src, "read the sessions", err);
    sqlite3_finalize(s);
    if (rc == STORE_OK)
        md_title(o, f, (int64_t)n);
    for (size_t i = 0; rc == STORE_OK && i < n; i++) {
        rc = md_session(st, ids[i], opt, o, err);
        if (rc == STORE_OK)
            rc = xout_flush(o, err);
        o->count++;
    }
    free(ids);
    return rc == STORE_OK ? xout_flush(o, err) : rc;
}

/* ---- entry points --------------------------------------------------------------- */

int export_stream(store *st, const query_filter *f, const export_options *opt, FILE *out,
                  const char *where, size_t *count, char **err)
{
    if (count)
        *count = 0;
    if (opt->format < EXPORT_CSV || opt->format > EXPORT_MARKDOWN) {
        err_set(err, xstrdup("unknown export format: use csv, json or markdown"));
        return STORE_ERR;
    }
    xmodel m;
    redactor rd;
    xout o = { .fp = out, .where = where ? where : "stdout" };
    sb_init(&o.line);
    /* One read transaction: every pass sees the same sessions, even while
     * another process writes (so no name escapes the redaction map). */
    sqlite3 *db = store_db(st);
    bool own_txn = sqlite3_get_autocommit(db) && sqlite3_exec(db, "BEGIN", NULL, NULL, NULL)
                                                     == SQLITE_OK;
    int rc = model_build(st, f, &m, err);
    if (opt->redact) {
        rd_init(&rd);
        o.rd = &rd;
        if (rc == STORE_OK)
            rc = rd_build(st, f, &m, &rd, err);
    }
    if (rc == STORE_OK && opt->format == EXPORT_MARKDOWN)
        rc = export_markdown(st, f, opt, &o, err);
    else if (rc == STORE_OK)
        rc = export_rows(st, f, &m, opt->format, &o, err);
    if (rc == STORE_OK && fflush(out) != 0) {
        err_set(err, xasprintf("%s: cannot write: %s", o.where, strerror(errno)));
        rc = STORE_ERR;
    }
    if (count)
        *count = o.count;
    if (own_txn)
        sqlite3_exec(db, "COMMIT", NULL, NULL, NULL); /* nothing was written */
    if (opt->redact)
        rd_free(&rd);
    sb_free(&o.line);
    model_free(&m);
    return rc;
}

/* ---- safe files ------------------------------------------------------------------ */

/* A temporary file beside path: its name in *tmp (caller frees), the
 * descriptor returned (-1 with *err). */
static int temp_open(const char *path, char **tmp, char **err)
{
    const char *slash = strrchr(path, '/');
    int dirlen = slash ? (int)(slash - path + 1) : 0;
    *tmp = xasprintf("%.*s.%s.XXXXXX", dirlen, path, slash ? slash + 1 : path);
    int fd = mkstemp(*tmp);
    if (fd < 0) {
        err_set(err, xasprintf("%s: cannot write: %s", path, strerror(errno)));
        free(*tmp);
        *tmp = NULL;
        return -1;
    }
    fchmod(fd, 0600);
    return fd;
}

/* Syncs the directory holding path, so that the rename survives a crash. */
static void sync_dir(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = slash ? xstrndup(path, (size_t)(slash - path + (slash == path))) : xstrdup(".");
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Puts the finished temporary file at path: linked (fails when path
 * exists) unless force, renamed over it when force. */
static int temp_commit(const char *tmp, const char *path, bool force, char **err)
{
    int r = force ? rename(tmp, path) : link(tmp, path);
    struct stat sb;
    if (r != 0 && !force && (errno == EPERM || errno == ENOSYS || errno == EOPNOTSUPP)
        && lstat(path, &sb) != 0)
        r = rename(tmp, path); /* no hard links here: check, then rename */
    if (r != 0) {
        int e = errno;
        if (e == EEXIST)
            err_set(err, xasprintf("%s: cannot write: the file exists (use --force to "
                                   "replace it)", path));
        else
            err_set(err, xasprintf("%s: cannot write: %s", path, strerror(e)));
        unlink(tmp);
        return -1;
    }
    if (!force)
        unlink(tmp); /* the link is in place (or it was renamed: no-op) */
    sync_dir(path);
    return 0;
}

/* Refuses early when path exists and force is not set. */
static bool may_write(const char *path, bool force, char **err)
{
    struct stat sb;
    if (force || lstat(path, &sb) != 0)
        return true;
    err_set(err, xasprintf("%s: cannot write: the file exists (use --force to replace it)",
                           path));
    return false;
}

/* Closes fp after syncing it; false with *err on any error. */
static bool close_synced(FILE *fp, const char *path, char **err)
{
    bool ok = fflush(fp) == 0 && fsync(fileno(fp)) == 0;
    int e = errno;
    ok = (fclose(fp) == 0) && ok;
    if (!ok)
        err_set(err, xasprintf("%s: cannot write: %s", path, strerror(e ? e : errno)));
    return ok;
}

int export_run(store *st, const query_filter *f, const export_options *opt,
               const char *path, size_t *count, char **err)
{
    if (!path || str_eq(path, "-"))
        return export_stream(st, f, opt, stdout, "stdout", count, err);
    if (count)
        *count = 0;
    if (!may_write(path, opt->force, err))
        return STORE_ERR;
    char *tmp = NULL;
    int fd = temp_open(path, &tmp, err);
    if (fd < 0)
        return STORE_ERR;
    FILE *fp = fdopen(fd, "w");
    if (!fp) {
        err_set(err, xasprintf("%s: cannot write: %s", path, strerror(errno)));
        close(fd);
        unlink(tmp);
        free(tmp);
        return STORE_ERR;
    }
    int rc = export_stream(st, f, opt, fp, path, count, err);
    bool closed = close_synced(fp, path, rc == STORE_OK ? err : NULL);
    if (rc == STORE_OK && !closed)
        rc = STORE_ERR;
    if (rc == STORE_OK && temp_commit(tmp, path, opt->force, err) != 0)
        rc = STORE_ERR;
    else if (rc != STORE_OK)
        unlink(tmp);
    free(tmp);
    return rc;
}

int export_write_file(const char *path, const char *data, size_t len, bool force,
                      char **err)
{
    if (!may_write(path, force, err))
        return -1;
    char *tmp = NULL;
    int fd = temp_open(path, &tmp, err);
    if (fd < 0)
        return -1;
    FILE *fp = fdopen(fd, "w");
    bool ok = fp && fwrite(data, 1, len, fp) == len;
    if (!ok)
        err_set(err, xasprintf("%s: cannot write: %s", path, strerror(errno)));
    if (fp)
        ok = close_synced(fp, path, ok ? err : NULL) && ok;
    else
        close(fd);
    int r = ok ? temp_commit(tmp, path, force, err) : -1;
    if (!ok)
        unlink(tmp);
    free(tmp);
    return r;
}
