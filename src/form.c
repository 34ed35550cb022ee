/* form.c - interview forms: loading, validation and skip logic.
 *
 * form_load reads a form through ini.h and checks everything forms/README.md
 * promises (required keys, ids, types, sections and their order, choices
 * and labels, evidence, bounds, defaults, roles, show-if conditions).  It
 * reports every problem, sorted by line, as
 *   "file:line: question 'id': message"  or  "file:line: message"
 * and returns NULL when there was any.  A form that loads needs no further
 * checks.  show_if conditions are parsed into struct cond (a disjunction of
 * conjunctions of clauses) and evaluated by form_visible.
 */
#include "form.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "ini.h"
#include "text.h"
#include "vocab.h"

#define T(t) (1u << (t))
#define T_ALL ((1u << Q_TYPE_COUNT) - 1)
#define T_CHOICES (T(Q_CHOICE) | T(Q_MULTI) | T(Q_SCALE) | T(Q_YESNO))
#define T_LISTED (T(Q_CHOICE) | T(Q_MULTI))
#define T_BOUNDED (T(Q_NUMBER) | T(Q_MONEY) | T(Q_PERCENT))
#define T_TEXTS (T(Q_TEXT) | T(Q_NARRATIVE))

static const char *const qtype_ids[Q_TYPE_COUNT] = {
    "text", "narrative", "choice", "multi", "number",
    "money", "percent", "date", "scale", "yesno",
};

const char *qtype_id(qtype t)
{
    return (unsigned)t < Q_TYPE_COUNT ? qtype_ids[t] : "?";
}

int qtype_find(const char *id)
{
    for (int i = 0; id && i < Q_TYPE_COUNT; i++)
        if (strcmp(qtype_ids[i], id) == 0)
            return i;
    return -1;
}

bool qtype_has_choices(qtype t)
{
    return (T_CHOICES & T(t)) != 0;
}

bool qtype_is_numeric(qtype t)
{
    return t == Q_NUMBER || t == Q_MONEY || t == Q_PERCENT || t == Q_SCALE;
}

/* ---- show_if conditions ------------------------------------------------- */

typedef enum cop { OP_EQ, OP_NE, OP_HAS, OP_GT, OP_LT, OP_GE, OP_LE, OP_ANSWERED } cop;

static const char *const op_names[] = {"=", "!=", "has", ">", "<", ">=", "<=", "answered"};

/* True for <, >, <= and >=. */
static bool op_compares(cop op)
{
    return op == OP_GT || op == OP_LT || op == OP_GE || op == OP_LE;
}

typedef struct clause {
    char *qid;         /* the question named */
    size_t q;          /* its index (set by validation) */
    cop op;
    char *value;       /* NULL for answered */
    double num;        /* value as a number, for comparisons */
    bool starts_or;    /* first clause of a new "or" group */
} clause;

struct cond {
    clause *c;
    size_t n, cap;
};

static void cond_free(struct cond *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->c[i].qid);
        free(c->c[i].value);
    }
    free(c->c);
    free(c);
}

/* Next token of a show_if at *p: a word or an operator.  Caller frees;
 * NULL at the end. */
static char *cond_token(const char **p)
{
    const char *s = *p;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s) {
        *p = s;
        return NULL;
    }
    size_t n = 1;
    if (strchr("=!<>", *s)) {
        if (s[1] == '=' && *s != '=')
            n = 2;
    } else {
        while (s[n] && !isspace((unsigned char)s[n]) && !strchr("=!<>", s[n]))
            n++;
    }
    *p = s + n;
    return xstrndup(s, n);
}

/* Operator of token t, or -1. */
static int cond_op(const char *t)
{
    for (size_t i = 0; t && i < ARRAY_LEN(op_names); i++)
        if (str_ieq(op_names[i], t))
            return (int)i;
    return -1;
}

/* Parses one clause at *p into c.  Returns NULL or an error (caller frees). */
static char *cond_clause(const char **p, clause *c)
{
    char *qid = cond_token(p);
    if (!qid || cond_op(qid) >= 0 || str_ieq(qid, "and") || str_ieq(qid, "or")) {
        char *e = qid ? xasprintf("expected a question id, found '%s'", qid)
                      : xstrdup("expected a question id at the end");
        free(qid);
        return e;
    }
    c->qid = qid;
    char *op = cond_token(p);
    int o = cond_op(op);
    free(op);
    if (o < 0)
        return xasprintf("expected =, !=, <, >, <=, >=, has or answered after '%s'", qid);
    c->op = (cop)o;
    if (c->op == OP_ANSWERED)
        return NULL;
    c->value = cond_token(p);
    if (!c->value || cond_op(c->value) >= 0 || str_ieq(c->value, "and")
        || str_ieq(c->value, "or"))
        return xasprintf("expected a value after '%s %s'", qid, op_names[o]);
    return NULL;
}

/* Parses show_if text.  Returns the condition, or NULL with *err set
 * (caller frees both). */
static struct cond *cond_parse(const char *text, char **err)
{
    struct cond *c = xcalloc(1, sizeof *c);
    const char *p = text;
    bool or_next = false;
    *err = NULL;
    for (;;) {
        xgrow((void **)&c->c, &c->cap, c->n + 1, sizeof *c->c);
        clause *cl = &c->c[c->n++];
        *cl = (clause){.starts_or = or_next};
        if ((*err = cond_clause(&p, cl)) != NULL)
            break;
        char *j = cond_token(&p);
        if (!j)
            return c;
        or_next = str_ieq(j, "or");
        if (!or_next && !str_ieq(j, "and"))
            *err = xasprintf("expected 'and' or 'or', found '%s'", j);
        free(j);
        if (*err)
            break;
    }
    cond_free(c);
    return NULL;
}

/* ---- problems, sorted by line ------------------------------------------- */

typedef struct fprob {
    int line;
    size_t seq;
    char *msg;
} fprob;

typedef struct loader {
    const ini_file *ini;
    form *f;
    bool *typed;         /* per question: its type is known */
    fprob *probs;
    size_t nprobs, cap;
} loader;

/* Records a problem at line; qid NULL when it is not about one question. */
PRINTF_LIKE(4, 5)
static void lerr(loader *L, int line, const char *qid, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = xvasprintf(fmt, ap);
    va_end(ap);
    char *full = qid ? xasprintf("question '%s': %s", qid, m) : xstrdup(m);
    free(m);
    xgrow((void **)&L->probs, &L->cap, L->nprobs + 1, sizeof *L->probs);
    L->probs[L->nprobs] = (fprob){.line = line, .seq = L->nprobs, .msg = full};
    L->nprobs++;
}

static int fprob_cmp(const void *a, const void *b)
{
    const fprob *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Moves the loader's problems into probs, sorted by line. */
static void lerr_flush(loader *L, const char *path, problems *probs)
{
    if (L->nprobs > 1)
        qsort(L->probs, L->nprobs, sizeof *L->probs, fprob_cmp);
    for (size_t i = 0; i < L->nprobs; i++) {
        problems_add(probs, "%s:%d: %s", path, L->probs[i].line, L->probs[i].msg);
        free(L->probs[i].msg);
    }
    free(L->probs);
    L->probs = NULL;
    L->nprobs = L->cap = 0;
}

/* ---- small checks ------------------------------------------------------- */

/* Trimmed copy of a required value; reports it when missing. */
static char *need(loader *L, const ini_section *s, const char *qid, const char *key)
{
    const char *v = ini_value(s, key);
    if (!v) {
        if (qid)
            lerr(L, s->line, qid, "missing key '%s'", key);
        else
            lerr(L, s->line, NULL, "[%s]: missing key '%s'", s->name, key);
        return NULL;
    }
    return str_trim(text_sanitize(v, false));
}

static char *opt(const ini_section *s, const char *key)
{
    const char *v = ini_value(s, key);
    return v ? str_trim(text_sanitize(v, false)) : NULL;
}

/* Parses a yes/no key (default false). */
static bool yes_no(loader *L, const ini_section *s, const char *qid, const char *key)
{
    const char *v = ini_value(s, key);
    if (!v)
        return false;
    char *t = str_trim(xstrdup(v));
    bool yes = str_ieq(t, "yes");
    if (!yes && !str_ieq(t, "no")) {
        char *q = text_quoted(t);
        lerr(L, ini_line_of(s, key), qid, "%s must be yes or no, not '%s'", key, q);
        free(q);
    }
    free(t);
    return yes;
}

/* Reports the keys of s not in allowed (NULL-terminated). */
static void unknown_keys(loader *L, const ini_section *s, const char *const *allowed)
{
    for (size_t i = 0; i < s->nentries; i++) {
        bool ok = false;
        for (size_t k = 0; allowed[k] && !ok; k++)
            ok = strcmp(allowed[k], s->entries[i].key) == 0;
        if (!ok) {
            char *q = text_quoted(s->entries[i].key);
            lerr(L, s->entries[i].line, NULL, "[%s]: unknown key '%s'", s->name, q);
            free(q);
        }
    }
}

/* ---- [form] and [section.*] --------------------------------------------- */

static int section_index(const form *f, const char *id)
{
    for (size_t i = 0; id && i < f->nsections; i++)
        if (strcmp(f->sections[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* Builds f->sections from the [form] sections list. */
static void load_section_list(loader *L, const ini_section *s, const char *list)
{
    size_t n;
    char **ids = str_split(list, ',', &n);
    int line = ini_line_of(s, "sections");
    L->f->sections = xcalloc(n ? n : 1, sizeof *L->f->sections);
    for (size_t i = 0; i < n; i++) {
        char *q = text_quoted(ids[i]);
        char *name = xasprintf("section.%s", ids[i]);
        if (!str_is_id(ids[i]))
            lerr(L, line, NULL, "section id '%s' must be lower-case letters, digits and '_'", q);
        else if (section_index(L->f, ids[i]) >= 0)
            lerr(L, line, NULL, "section '%s' is listed twice in sections", q);
        else if (!ini_section_get(L->ini, name))
            lerr(L, line, NULL, "sections lists '%s' but there is no [section.%s]", q, q);
        else {
            const ini_section *ss = ini_section_get(L->ini, name);
            form_section *fs = &L->f->sections[L->f->nsections++];
            fs->id = xstrdup(ids[i]);
            fs->title = opt(ss, "title");
            fs->intro = opt(ss, "intro");
        }
        free(name);
        free(q);
    }
    str_list_free(ids, n);
}

/* Reads [form]. */
static void load_header(loader *L)
{
    static const char *const keys[] = {"id", "version", "title", "description",
                                       "continues", "sections", NULL};
    const ini_section *s = ini_section_get(L->ini, "form");
    if (!s) {
        lerr(L, 1, NULL, "there is no [form] section");
        return;
    }
    unknown_keys(L, s, keys);
    form *f = L->f;
    f->id = need(L, s, NULL, "id");
    f->version = need(L, s, NULL, "version");
    f->title = need(L, s, NULL, "title");
    f->description = opt(s, "description");
    f->continues = opt(s, "continues");
    if (f->id && !str_is_id(f->id))
        lerr(L, ini_line_of(s, "id"), NULL, "form id '%s' must be lower-case letters, digits and '_'",
             f->id);
    if (f->continues && !str_is_id(f->continues))
        lerr(L, ini_line_of(s, "continues"), NULL, "continues '%s' is not a form id", f->continues);
    char *list = need(L, s, NULL, "sections");
    if (list)
        load_section_list(L, s, list);
    free(list);
}

/* Checks a [section.*]: listed, keys, title. */
static void check_section(loader *L, const ini_section *s)
{
    static const char *const keys[] = {"title", "intro", NULL};
    const char *id = s->name + strlen("section.");
    unknown_keys(L, s, keys);
    if (!ini_value(s, "title"))
        lerr(L, s->line, NULL, "[%s]: missing key 'title'", s->name);
    if (L->f->sections && section_index(L->f, id) < 0)
        lerr(L, s->line, NULL, "[%s] is not listed in [form] sections", s->name);
}

/* Reports sections that are neither [form], [section.*] nor [q.*]. */
static void check_section_names(loader *L)
{
    for (size_t i = 0; i < L->ini->nsections; i++) {
        const ini_section *s = &L->ini->sections[i];
        if (strcmp(s->name, "form") == 0 || str_starts(s->name, "q."))
            continue;
        if (str_starts(s->name, "section."))
            check_section(L, s);
        else {
            char *q = text_quoted(s->name);
            lerr(L, s->line, NULL, "unknown section [%s]; expected [form], [section.<id>] "
                 "or [q.<id>]", q);
            free(q);
        }
    }
}

/* ---- questions ---------------------------------------------------------- */

/* Which keys a question of each type may have. */
typedef struct qkey {
    const char *name;
    unsigned types;
} qkey;

static const qkey question_keys[] = {
    {"section", T_ALL}, {"type", T_ALL}, {"prompt", T_ALL}, {"help", T_ALL},
    {"required", T_ALL}, {"dontknow", T_ALL}, {"default", T_ALL}, {"show_if", T_ALL},
    {"role", T_ALL}, {"claim", T_CHOICES}, {"choices", T_LISTED},
    {"choice.", T_CHOICES}, {"evidence.", T_CHOICES},
    {"min", T_BOUNDED}, {"max", T_BOUNDED}, {"unit", T_BOUNDED},
    {"scale_low", T(Q_SCALE)}, {"scale_high", T(Q_SCALE)}, {"maxlen", T_TEXTS},
    {"past", T(Q_DATE)}, {"choices_from", T(Q_CHOICE)},
};

/* Reports unknown keys and keys that do not apply to q's type. */
static void check_question_keys(loader *L, const ini_section *s, const question *q, bool typed)
{
    for (size_t i = 0; i < s->nentries; i++) {
        const char *k = s->entries[i].key;
        const qkey *found = NULL;
        for (size_t j = 0; j < ARRAY_LEN(question_keys) && !found; j++) {
            const char *n = question_keys[j].name;
            bool prefix = n[strlen(n) - 1] == '.';
            if (prefix ? str_starts(k, n) && k[strlen(n)] : strcmp(k, n) == 0)
                found = &question_keys[j];
        }
        char *kq = text_quoted(k);
        if (!found)
            lerr(L, s->entries[i].line, q->id, "unknown key '%s'", kq);
        else if (typed && !(found->types & T(q->type)))
            lerr(L, s->entries[i].line, q->id, "key '%s' does not apply to a %s question",
                 kq, qtype_id(q->type));
        free(kq);
    }
}

/* Adds a choice to q. */
static choice *add_choice(question *q, const char *id, const char *label)
{
    q->choices = xrealloc(q->choices, (q->nchoices + 1) * sizeof *q->choices);
    choice *c = &q->choices[q->nchoices++];
    *c = (choice){.id = xstrdup(id), .label = xstrdup(label)};
    return c;
}

/* Reads choices and their labels for a choice or multi question. */
static void load_listed_choices(loader *L, const ini_section *s, question *q)
{
    char *list = need(L, s, q->id, "choices");
    size_t n = 0;
    char **ids = str_split(list, ',', &n);
    int line = ini_line_of(s, "choices");
    if (list && n == 0)
        lerr(L, line, q->id, "choices is empty");
    for (size_t i = 0; i < n; i++) {
        char *key = xasprintf("choice.%s", ids[i]);
        char *cq = text_quoted(ids[i]);
        if (!str_is_id(ids[i]))
            lerr(L, line, q->id, "choice id '%s' must be lower-case letters, digits and '_'", cq);
        else if (question_choice(q, ids[i]) >= 0)
            lerr(L, line, q->id, "choice '%s' is listed twice", cq);
        else if (!ini_value(s, key)) {
            lerr(L, line, q->id, "choice '%s' has no label (choice.%s)", cq, cq);
            add_choice(q, ids[i], ids[i]); /* so that nothing else cascades */
        } else {
            char *label = str_trim(text_sanitize(ini_value(s, key), false));
            add_choice(q, ids[i], label);
            free(label);
        }
        free(key);
        free(cq);
    }
    str_list_free(ids, n);
    free(list);
}

/* Synthesises the choices of yesno and scale questions. */
static void synth_choices(const ini_section *s, question *q)
{
    if (q->type == Q_YESNO) {
        add_choice(q, "yes", "Yes");
        add_choice(q, "no", "No");
        add_choice(q, "unsure", "Unsure");
    } else {
        const char *lo = ini_value(s, "scale_low"), *hi = ini_value(s, "scale_high");
        for (int i = 1; i <= 5; i++) {
            char id[2] = {(char)('0' + i), '\0'};
            char *label = (i == 1 && lo) ? xasprintf("1 - %s", lo)
                        : (i == 5 && hi) ? xasprintf("5 - %s", hi) : xstrdup(id);
            add_choice(q, id, str_trim(label));
            free(label);
        }
        q->min = 1, q->max = 5, q->has_min = q->has_max = true;
    }
    for (size_t i = 0; i < q->nchoices; i++) { /* labels given in the file */
        char key[32];
        snprintf(key, sizeof key, "choice.%s", q->choices[i].id);
        if (ini_value(s, key)) {
            free(q->choices[i].label);
            q->choices[i].label = str_trim(text_sanitize(ini_value(s, key), false));
        }
    }
}

/* Parses one "dim:value [weight]" item into ev; NULL or an error. */
static char *parse_evidence_item(const char *item, evidence *ev)
{
    size_t n;
    char **w = str_split(item, ' ', &n);
    char *err = NULL;
    double weight = 1;
    if (n == 0 || n > 2)
        err = xasprintf("'%s' is not 'dimension:value [weight]'", item);
    else if (!vocab_parse_target(w[0], &ev->dim, &ev->value))
        err = xasprintf("unknown evidence target '%s'", w[0]);
    else if (n == 2 && (!parse_double(w[1], &weight) || weight < 0.1 || weight > 10))
        err = xasprintf("weight '%s' of '%s' is not a number from 0.1 to 10", w[1], w[0]);
    ev->weight = weight;
    str_list_free(w, n);
    return err;
}

/* Parses the evidence list of choice c from key k. */
static void load_evidence(loader *L, const ini_entry *e, const question *q, choice *c)
{
    size_t n;
    char *clean = text_sanitize(e->value, false); /* tabs become spaces */
    char **items = str_split(clean, ',', &n);
    free(clean);
    c->ev = n ? xcalloc(n, sizeof *c->ev) : NULL;
    for (size_t i = 0; i < n; i++) {
        evidence ev;
        char *err = parse_evidence_item(items[i], &ev);
        if (err) {
            lerr(L, e->line, q->id, "%s: %s", e->key, err);
            free(err);
        } else {
            c->ev[c->nev++] = ev;
        }
    }
    str_list_free(items, n);
}

/* Attaches evidence.<cid> keys; reports labels and evidence of unknown
 * choices. */
static void load_choice_keys(loader *L, const ini_section *s, question *q)
{
    for (size_t i = 0; i < s->nentries; i++) {
        const ini_entry *e = &s->entries[i];
        bool is_ev = str_starts(e->key, "evidence."), is_label = str_starts(e->key, "choice.");
        if (!is_ev && !is_label)
            continue;
        const char *cid = strchr(e->key, '.') + 1;
        int ci = question_choice(q, cid);
        if (ci < 0) {
            char *kq = text_quoted(e->key), *cq = text_quoted(cid);
            lerr(L, e->line, q->id, "%s names no choice: '%s' is not one of the choices",
                 kq, cq);
            free(kq);
            free(cq);
        } else if (is_ev) {
            load_evidence(L, e, q, &q->choices[ci]);
        }
    }
}

/* Parses a number key; reports it when it does not parse. */
static bool number_key(loader *L, const ini_section *s, const question *q, const char *key,
                       double *out)
{
    const char *v = ini_value(s, key);
    if (!v)
        return false;
    if (parse_double(v, out))
        return true;
    char *vq = text_quoted(v);
    lerr(L, ini_line_of(s, key), q->id, "%s '%s' is not a number", key, vq);
    free(vq);
    return false;
}

/* Reads min, max and unit of number, money and percent questions. */
static void load_bounds(loader *L, const ini_section *s, question *q)
{
    q->has_min = number_key(L, s, q, "min", &q->min);
    q->has_max = number_key(L, s, q, "max", &q->max);
    q->unit = opt(s, "unit");
    if (q->type == Q_PERCENT) {
        if ((q->has_min && (q->min < 0 || q->min > 100))
            || (q->has_max && (q->max < 0 || q->max > 100)))
            lerr(L, ini_line_of(s, q->has_min ? "min" : "max"), q->id,
                 "percent bounds must lie between 0 and 100");
        if (!q->has_min)
            q->min = 0, q->has_min = true;
        if (!q->has_max)
            q->max = 100, q->has_max = true;
    }
    if (q->has_min && q->has_max && q->min > q->max)
        lerr(L, ini_line_of(s, "max"), q->id, "min %g is greater than max %g", q->min, q->max);
}

/* Reads maxlen of text and narrative questions. */
static void load_maxlen(loader *L, const ini_section *s, question *q)
{
    q->maxlen = q->type == Q_TEXT ? TEXT_SHORT_MAX : TEXT_LONG_MAX;
    const char *v = ini_value(s, "maxlen");
    long n;
    if (!v)
        return;
    if (parse_long(v, &n) && n >= 1 && n <= TEXT_LONG_MAX) {
        q->maxlen = (size_t)n;
        return;
    }
    char *vq = text_quoted(v);
    lerr(L, ini_line_of(s, "maxlen"), q->id, "maxlen '%s' is not a whole number from 1 to %d",
         vq, TEXT_LONG_MAX);
    free(vq);
}

/* Checks the default against the question (canonical form kept). */
static void load_default(loader *L, const ini_section *s, question *q)
{
    const char *v = ini_value(s, "default");
    if (!v)
        return;
    char *canon = NULL, *err = NULL;
    if (answer_parse(q, v, &canon, &err)) {
        q->def = canon;
        return;
    }
    char *vq = text_quoted(v);
    lerr(L, ini_line_of(s, "default"), q->id, "default '%s' is not valid: %s", vq, err);
    free(vq);
    free(err);
}

/* Roles and the question types they need (forms/README.md). */
typedef struct role_def {
    const char *id;
    unsigned types;
    const char *what;    /* the types, for messages */
} role_def;

#define R_TEXT(id) {id, T_TEXTS, "text or narrative"}

static const role_def roles[] = {
    {"customer", T(Q_TEXT), "text"}, R_TEXT("industry"), R_TEXT("products"),
    {"years_customer", T(Q_NUMBER), "number"}, {"annual_revenue", T(Q_MONEY), "money"},
    {"share_of_turnover", T(Q_PERCENT), "percent"}, {"margin", T(Q_PERCENT), "percent"},
    {"relationship_quality", T(Q_SCALE), "scale"}, R_TEXT("advocates"), R_TEXT("blockers"),
    R_TEXT("decision_makers"), {"loss_date", T(Q_DATE), "date"}, R_TEXT("story"),
    R_TEXT("customer_said"), R_TEXT("went_to"), {"own_reason", T(Q_CHOICE), "choice"},
    R_TEXT("own_reason_text"), {"repeated_failure", T(Q_YESNO), "yesno"},
    {"cost_to_serve", T(Q_SCALE), "scale"}, {"idle_investment", T(Q_YESNO), "yesno"},
    {"strategic_value", T(Q_SCALE), "scale"}, {"reference_value", T(Q_SCALE), "scale"},
    {"winback_cost", T(Q_SCALE), "scale"}, {"expected_stay", T(Q_SCALE), "scale"},
    {"contacts_remaining", T(Q_YESNO), "yesno"}, {"window", T(Q_MULTI), "multi"},
    R_TEXT("new_needs"), R_TEXT("helped"), R_TEXT("hindered"), R_TEXT("do_differently"),
};

/* Checks q's role: known, right type, not used before. */
static void check_role(loader *L, const ini_section *s, const question *q, size_t qi)
{
    const role_def *r = NULL;
    for (size_t i = 0; i < ARRAY_LEN(roles) && !r; i++)
        if (strcmp(roles[i].id, q->role) == 0)
            r = &roles[i];
    int line = ini_line_of(s, "role");
    char *rq = text_quoted(q->role);
    if (!r)
        lerr(L, line, q->id, "unknown role '%s'", rq);
    else if (!(r->types & T(q->type)))
        lerr(L, line, q->id, "role '%s' needs a %s question, not %s", rq, r->what,
             qtype_id(q->type));
    for (size_t i = 0; i < qi; i++)
        if (str_eq(L->f->questions[i].role, q->role)) {
            lerr(L, line, q->id, "role '%s' is already given to question '%s' (line %d)",
                 rq, L->f->questions[i].id, L->f->questions[i].line);
            break;
        }
    free(rq);
}

/* Reads what depends on the type (choices, bounds, maxlen). */
static void load_typed(loader *L, const ini_section *s, question *q)
{
    if (q->type == Q_CHOICE || q->type == Q_MULTI)
        load_listed_choices(L, s, q);
    else if (q->type == Q_YESNO || q->type == Q_SCALE)
        synth_choices(s, q);
    if (qtype_has_choices(q->type))
        load_choice_keys(L, s, q);
    if (T(q->type) & T_BOUNDED)
        load_bounds(L, s, q);
    if (T(q->type) & T_TEXTS)
        load_maxlen(L, s, q);
    load_default(L, s, q);
}

/* Reads the section and type of q; false when the type is unknown. */
static bool load_kind(loader *L, const ini_section *s, question *q)
{
    char *sec = need(L, s, q->id, "section");
    char *type = need(L, s, q->id, "type");
    int si = section_index(L->f, sec), ti = qtype_find(type);
    if (sec && si < 0) {
        char *sq = text_quoted(sec);
        lerr(L, ini_line_of(s, "section"), q->id, "section '%s' is not in [form] sections", sq);
        free(sq);
    }
    if (type && ti < 0) {
        char *tq = text_quoted(type);
        lerr(L, ini_line_of(s, "type"), q->id, "unknown type '%s' (text, narrative, choice, "
             "multi, number, money, percent, date, scale, yesno)", tq);
        free(tq);
    }
    q->section = si < 0 ? (size_t)-1 : (size_t)si;
    q->type = ti < 0 ? Q_TEXT : (qtype)ti;
    free(sec);
    free(type);
    return ti >= 0;
}

/* Reads [q.<id>] into q (index qi); false when its type is unknown. */
static bool load_question(loader *L, const ini_section *s, question *q, size_t qi)
{
    q->id = xstrdup(s->name + 2);
    q->line = s->line;
    bool typed = load_kind(L, s, q);
    check_question_keys(L, s, q, typed);
    q->prompt = need(L, s, q->id, "prompt");
    q->help = opt(s, "help");
    q->required = yes_no(L, s, q->id, "required");
    q->dontknow = yes_no(L, s, q->id, "dontknow");
    q->claim = yes_no(L, s, q->id, "claim");
    q->past = yes_no(L, s, q->id, "past");
    q->show_if = opt(s, "show_if");
    q->choices_from = opt(s, "choices_from");
    q->role = opt(s, "role");
    if (typed)
        load_typed(L, s, q);
    if (q->role)
        check_role(L, s, q, qi);
    return typed;
}

/* Checks the question id: syntax and not repeated. */
static bool check_qid(loader *L, const ini_section *s)
{
    const char *id = s->name + 2;
    if (str_is_id(id))
        return true;
    char *q = text_quoted(id);
    lerr(L, s->line, NULL, "question id '%s' in [%s] must be lower-case letters, digits "
         "and '_'", q, s->name);
    free(q);
    return false;
}

/* Questions of one section must be together, sections in list order. */
static void check_order(loader *L)
{
    const form *f = L->f;
    size_t last = 0;
    for (size_t i = 0; i < f->nquestions; i++) {
        const question *q = &f->questions[i];
        if (q->section == (size_t)-1)
            continue;
        if (q->section < last)
            lerr(L, q->line, q->id, "section '%s' comes before section '%s' in [form] "
                 "sections, but this question comes after questions of '%s'",
                 f->sections[q->section].id, f->sections[last].id, f->sections[last].id);
        else
            last = q->section;
    }
}

/* Reads every [q.*] in file order. */
static void load_questions(loader *L)
{
    size_t n = 0;
    for (size_t i = 0; i < L->ini->nsections; i++)
        n += str_starts(L->ini->sections[i].name, "q.");
    L->f->questions = xcalloc(n ? n : 1, sizeof *L->f->questions);
    L->typed = xcalloc(n ? n : 1, sizeof *L->typed);
    for (size_t i = 0; i < L->ini->nsections; i++) {
        const ini_section *s = &L->ini->sections[i];
        if (!str_starts(s->name, "q.") || !check_qid(L, s))
            continue;
        size_t qi = L->f->nquestions++;
        L->typed[qi] = load_question(L, s, &L->f->questions[qi], qi);
    }
    if (L->f->nquestions == 0 && L->ini->nsections > 0)
        lerr(L, L->ini->sections[0].line, NULL, "the form has no questions ([q.<id>])");
    check_order(L);
}

/* ---- show_if validation ------------------------------------------------- */

/* Checks the value of clause c against the question it names. */
static char *clause_value_error(const clause *c, const question *r)
{
    bool numeric = qtype_is_numeric(r->type);
    if (c->op == OP_ANSWERED)
        return NULL;
    if (c->op == OP_HAS && r->type != Q_MULTI && r->type != Q_CHOICE)
        return xasprintf("'has' needs a multi or choice question; '%s' is %s", r->id,
                         qtype_id(r->type));
    if (op_compares(c->op) && !numeric)
        return xasprintf("'%s' is a %s question; <, >, <= and >= need a number question",
                         r->id, qtype_id(r->type));
    if (op_compares(c->op) || (numeric && !qtype_has_choices(r->type))) {
        double d;
        if (!parse_double(c->value, &d))
            return xasprintf("'%s' is not a number", c->value);
        return NULL;
    }
    if (!qtype_has_choices(r->type))
        return xasprintf("'%s' is a %s question; only 'answered' applies to it", r->id,
                         qtype_id(r->type));
    if (question_choice(r, c->value) < 0)
        return xasprintf("'%s' is not a choice of '%s'", c->value, r->id);
    return NULL;
}

/* Finds the question of clause c before qi; NULL or an error. */
static char *clause_check(const loader *L, clause *c, size_t qi, const ini_file *ini)
{
    int r = form_find(L->f, c->qid);
    if (r < 0) {
        char *name = xasprintf("q.%s", c->qid);
        const ini_section *s = ini_section_get(ini, name);
        free(name);
        return s ? xasprintf("names question '%s', which comes later (line %d); it must "
                             "name an earlier question", c->qid, s->line)
                 : xasprintf("names unknown question '%s'", c->qid);
    }
    if ((size_t)r == qi)
        return xasprintf("names the question itself");
    if ((size_t)r > qi)
        return xasprintf("names question '%s', which comes later (line %d); it must name "
                         "an earlier question", c->qid, L->f->questions[r].line);
    c->q = (size_t)r;
    c->num = 0;
    if (c->value)
        parse_double(c->value, &c->num);
    if (!L->typed[r]) /* already reported */
        return NULL;
    return clause_value_error(c, &L->f->questions[r]);
}

/* Parses and checks the show_if of every question. */
static void load_conditions(loader *L)
{
    for (size_t i = 0; i < L->f->nquestions; i++) {
        question *q = &L->f->questions[i];
        if (!q->show_if)
            continue;
        char *name = xasprintf("q.%s", q->id);
        int line = ini_line_of(ini_section_get(L->ini, name), "show_if");
        free(name);
        char *err = NULL, *clean = text_sanitize(q->show_if, false);
        q->cond = cond_parse(clean, &err);
        free(clean);
        for (size_t k = 0; q->cond && k < q->cond->n && !err; k++)
            err = clause_check(L, &q->cond->c[k], i, L->ini);
        if (err) {
            lerr(L, line, q->id, "show_if: %s", err);
            free(err);
            cond_free(q->cond);
            q->cond = NULL;
        }
    }
}

/* Why choices_from of question qi is wrong, or NULL: it must name an
 * earlier multi question that offers every choice of qi. */
static char *choices_from_error(const loader *L, size_t qi)
{
    const question *q = &L->f->questions[qi];
    int r = form_find(L->f, q->choices_from);
    if (r < 0 || (size_t)r >= qi)
        return xasprintf("'%s' is not an earlier question", q->choices_from);
    const question *m = &L->f->questions[r];
    if (m->type != Q_MULTI)
        return xasprintf("'%s' is a %s question, not multi", m->id, qtype_id(m->type));
    for (size_t i = 0; i < q->nchoices; i++)
        if (question_choice(m, q->choices[i].id) < 0)
            return xasprintf("choice '%s' is not a choice of '%s'", q->choices[i].id, m->id);
    return NULL;
}

/* Checks the choices_from of every question. */
static void load_choices_from(loader *L)
{
    for (size_t i = 0; i < L->f->nquestions; i++) {
        if (!L->f->questions[i].choices_from || !L->typed[i])
            continue;
        char *err = choices_from_error(L, i);
        if (err) {
            char *name = xasprintf("q.%s", L->f->questions[i].id);
            lerr(L, ini_line_of(ini_section_get(L->ini, name), "choices_from"),
                 L->f->questions[i].id, "choices_from: %s", err);
            free(name);
            free(err);
        }
    }
}

/* ---- public ------------------------------------------------------------- */

/* Validates a loaded ini file as a form; frees ini.  NULL on problems. */
static form *form_from_ini(ini_file *ini, const char *path, problems *probs)
{
    if (!ini)
        return NULL;
    loader L = {.ini = ini};
    L.f = xcalloc(1, sizeof *L.f);
    L.f->path = xstrdup(path);
    if (ini->nsections == 0)
        lerr(&L, 1, NULL, "the file is empty; a form starts with a [form] section");
    else {
        load_header(&L);
        check_section_names(&L);
        load_questions(&L);
        load_conditions(&L);
        load_choices_from(&L);
    }
    bool bad = L.nprobs > 0;
    free(L.typed);
    lerr_flush(&L, path, probs);
    ini_free(ini);
    if (bad) {
        form_free(L.f);
        return NULL;
    }
    return L.f;
}

form *form_load(const char *path, problems *probs)
{
    return form_from_ini(ini_load(path, probs), path, probs);
}

form *form_load_mem(const char *data, size_t len, const char *name, problems *probs)
{
    return form_from_ini(ini_load_mem(data, len, name, probs), name, probs);
}

static void question_free(question *q)
{
    free(q->id);
    free(q->prompt);
    free(q->help);
    free(q->def);
    free(q->show_if);
    free(q->choices_from);
    cond_free(q->cond);
    free(q->role);
    for (size_t i = 0; i < q->nchoices; i++) {
        free(q->choices[i].id);
        free(q->choices[i].label);
        free(q->choices[i].ev);
    }
    free(q->choices);
    free(q->unit);
}

void form_free(form *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nquestions; i++)
        question_free(&f->questions[i]);
    free(f->questions);
    for (size_t i = 0; i < f->nsections; i++) {
        free(f->sections[i].id);
        free(f->sections[i].title);
        free(f->sections[i].intro);
    }
    free(f->sections);
    free(f->path);
    free(f->id);
    free(f->version);
    free(f->title);
    free(f->description);
    free(f->continues);
    free(f);
}

int form_find(const form *f, const char *qid)
{
    for (size_t i = 0; f && qid && i < f->nquestions; i++)
        if (str_eq(f->questions[i].id, qid))
            return (int)i;
    return -1;
}

const question *form_question(const form *f, const char *qid)
{
    int i = form_find(f, qid);
    return i < 0 ? NULL : &f->questions[i];
}

const question *form_by_role(const form *f, const char *role)
{
    for (size_t i = 0; f && role && i < f->nquestions; i++)
        if (str_eq(f->questions[i].role, role))
            return &f->questions[i];
    return NULL;
}

int question_choice(const question *q, const char *id)
{
    for (size_t i = 0; q && id && i < q->nchoices; i++)
        if (strcmp(q->choices[i].id, id) == 0)
            return (int)i;
    return -1;
}

/* ---- show_if evaluation ------------------------------------------------- */

/* Truth of one clause; vis says which earlier questions are shown. */
static bool clause_eval(const form *f, const clause *c, const answer_set *a, const bool *vis)
{
    const question *r = &f->questions[c->q];
    const answer *ans = vis[c->q] && a ? answers_get(a, r->id) : NULL;
    bool answered = ans && (ans->dontknow || !str_empty(ans->value));
    if (c->op == OP_ANSWERED)
        return answered;
    if (!answered || ans->dontknow)
        return false;
    double v;
    bool num = parse_double(ans->value, &v);
    switch (c->op) {
    case OP_HAS:
        return answer_has(ans->value, c->value);
    case OP_EQ:
    case OP_NE: {
        bool eq;
        if (r->type == Q_MULTI)
            eq = answer_has(ans->value, c->value);
        else if (qtype_has_choices(r->type))
            eq = strcmp(ans->value, c->value) == 0;
        else
            eq = num && v == c->num;
        return c->op == OP_EQ ? eq : !eq;
    }
    case OP_GT: return num && v > c->num;
    case OP_LT: return num && v < c->num;
    case OP_GE: return num && v >= c->num;
    case OP_LE: return num && v <= c->num;
    default: return false;
    }
}

/* Truth of a condition: "or" of groups of "and"ed clauses. */
static bool cond_eval(const form *f, const struct cond *c, const answer_set *a, const bool *vis)
{
    if (!c)
        return true;
    bool any = false, group = true;
    for (size_t i = 0; i < c->n; i++) {
        if (c->c[i].starts_or) {
            any = any || group;
            group = true;
        }
        group = group && clause_eval(f, &c->c[i], a, vis);
    }
    return any || group;
}

bool form_visible(const form *f, size_t qi, const struct answer_set *a)
{
    if (!f || qi >= f->nquestions)
        return false;
    bool *vis = xcalloc(qi + 1, sizeof *vis);
    for (size_t i = 0; i <= qi; i++)
        vis[i] = cond_eval(f, f->questions[i].cond, a, vis);
    bool shown = vis[qi];
    free(vis);
    return shown;
}
