/* plan.c - the win-back plan: activity library, rules and checklist.
 *
 * The library (share/activities.ini) and the rules (share/rules.ini) are
 * loaded through ini.h and validated completely: every problem is reported
 * with file:line and what is wrong.  plan_build walks the rules in order
 * against the FINAL values of the diagnosis and the answers (by role),
 * writes the summary texts of the plan (Selling Power: relationship, fact,
 * new needs, commitment) and lays out the checklist.  plan_check looks for
 * lopsided plans.  The formats are in share/README.md.
 */
#include "plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "text.h"
#include "worth.h"

/* ---- conditions --------------------------------------------------------- */

enum cfield { CF_ALWAYS, CF_DIM, CF_PRIORITY, CF_ROLE };
enum cop { OP_EQ, OP_NE, OP_GT, OP_LT, OP_GE, OP_LE };

/* Special values of a dimension or the priority in a clause. */
#define CV_UNKNOWN (-2)   /* "unknown": no value */
#define CV_INTERNAL (-3)  /* source only: salesperson or firm */
#define CV_EXTERNAL (-4)  /* source only: customer, competitor, environment */

typedef struct clause {
    int field;           /* enum cfield */
    int dim;             /* CF_DIM: enum dim */
    int op;              /* enum cop */
    int value;           /* CF_DIM / CF_PRIORITY: value index or CV_* */
    char *role;          /* CF_ROLE: role name; owned */
    char *text;          /* CF_ROLE: value as written; owned */
    double num;          /* CF_ROLE: numeric value, when has_num */
    bool has_num;
    bool or_before;      /* joined to the previous clause by "or" */
} clause;

struct rule {
    char *id;            /* after "rule." */
    int line;
    clause *cl;
    size_t ncl;
    char **propose;      /* activity ids, in order */
    size_t npropose;
    char **exclude;
    size_t nexclude;
    char *unless;        /* activity id or NULL */
    char *why;
};

/* Roles a rule may name (forms/README.md). */
static const char *const known_roles[] = {
    "customer", "industry", "products", "years_customer", "annual_revenue",
    "share_of_turnover", "margin", "relationship_quality", "advocates",
    "blockers", "decision_makers", "loss_date", "story", "customer_said",
    "went_to", "own_reason", "own_reason_text", "repeated_failure",
    "cost_to_serve", "idle_investment", "strategic_value", "reference_value",
    "winback_cost", "expected_stay", "contacts_remaining", "window",
    "new_needs", "helped", "hindered", "do_differently",
    "commitment", /* proposed: not yet in forms/README.md */
};

static bool role_known(const char *role)
{
    for (size_t i = 0; i < ARRAY_LEN(known_roles); i++)
        if (strcmp(known_roles[i], role) == 0)
            return true;
    return false;
}

/* Reads the next token of a condition into buf: a run of operator
 * characters or a word.  Returns false at the end of the text. */
static bool cond_token(const char **p, char *buf, size_t cap)
{
    const char *s = *p;
    while (isspace((unsigned char)*s))
        s++;
    if (!*s)
        return false;
    size_t n = 0;
    if (strchr("!=<>", *s)) {
        while (*s && strchr("!=<>", *s)) {
            if (n + 1 < cap)
                buf[n++] = *s;
            s++;
        }
    } else {
        while (*s && !isspace((unsigned char)*s) && !strchr("!=<>", *s)) {
            if (n + 1 < cap)
                buf[n++] = *s;
            s++;
        }
    }
    buf[n] = '\0';
    *p = s;
    return true;
}

static int op_find(const char *t)
{
    static const char *const ops[] = {"=", "!=", ">", "<", ">=", "<="};
    for (size_t i = 0; i < ARRAY_LEN(ops); i++)
        if (strcmp(ops[i], t) == 0)
            return (int)i;
    return -1;
}

/* Fills the value of a dimension or priority clause; NULL or an error. */
static char *clause_value(clause *c, const char *v)
{
    if (c->op != OP_EQ && c->op != OP_NE)
        return xasprintf("'%s' only takes = or !=",
                         c->field == CF_DIM ? vocab_dim_id(c->dim) : "priority");
    if (strcmp(v, "unknown") == 0) {
        c->value = CV_UNKNOWN;
        return NULL;
    }
    if (c->field == CF_DIM && c->dim == DIM_SOURCE && strcmp(v, "internal") == 0) {
        c->value = CV_INTERNAL;
        return NULL;
    }
    if (c->field == CF_DIM && c->dim == DIM_SOURCE && strcmp(v, "external") == 0) {
        c->value = CV_EXTERNAL;
        return NULL;
    }
    c->value = c->field == CF_DIM ? vocab_value_find(c->dim, v) : priority_find(v);
    if (c->value < 0)
        return xasprintf("unknown value '%s' for '%s'", v,
                         c->field == CF_DIM ? vocab_dim_id(c->dim) : "priority");
    return NULL;
}

/* Parses one clause "name op value" (or "always"); NULL or an error. */
static char *clause_parse(clause *c, const char *name, const char *op, const char *v)
{
    if (strcmp(name, "always") == 0) {
        c->field = CF_ALWAYS;
        return op ? xstrdup("'always' takes no operator") : NULL;
    }
    if (!op || !v)
        return xasprintf("'%s' needs an operator and a value", name);
    c->op = op_find(op);
    if (c->op < 0)
        return xasprintf("unknown operator '%s'", op);
    if (str_starts(name, "role.")) {
        c->field = CF_ROLE;
        c->role = xstrdup(name + 5);
        c->text = xstrdup(v);
        c->has_num = parse_double(v, &c->num);
        if (!role_known(c->role))
            return xasprintf("unknown role '%s'", c->role);
        if (c->op != OP_EQ && c->op != OP_NE && !c->has_num)
            return xasprintf("'%s' needs a number", op);
        return NULL;
    }
    c->dim = vocab_dim_find(name);
    if (c->dim >= 0)
        c->field = CF_DIM;
    else if (strcmp(name, "priority") == 0)
        c->field = CF_PRIORITY;
    else
        return xasprintf("unknown name '%s' (type, source, stability, control, "
                         "priority, role.<role> or always)", name);
    return clause_value(c, v);
}

static void clauses_free(clause *cl, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(cl[i].role);
        free(cl[i].text);
    }
    free(cl);
}

/* Reads the words of one clause from *p up to "and"/"or"/the end.  Sets
 * *conj to the joining word that ended it ("" at the end). */
static size_t clause_words(const char **p, char w[4][64], char conj[8])
{
    size_t n = 0;
    char tok[64];
    conj[0] = '\0';
    while (cond_token(p, tok, sizeof tok)) {
        if (strcmp(tok, "and") == 0 || strcmp(tok, "or") == 0) {
            strcpy(conj, tok);
            break;
        }
        if (n < 4)
            strcpy(w[n], tok);
        n++;
    }
    return n;
}

/* Parses a whole condition.  Returns NULL and sets *cl and *n, or returns an
 * error message (caller frees). */
static char *cond_parse(const char *text, clause **cl, size_t *n)
{
    *cl = NULL;
    *n = 0;
    size_t cap = 0;
    const char *p = text;
    bool or_next = false;
    char conj[8] = "x";
    while (conj[0]) {
        char w[4][64];
        size_t nw = clause_words(&p, w, conj);
        char *err = NULL;
        if (nw == 0)
            err = xstrdup("empty clause");
        else if (nw == 2 || nw > 3)
            err = xstrdup("a clause is 'name operator value'");
        xgrow((void **)cl, &cap, *n + 1, sizeof **cl);
        clause *c = &(*cl)[(*n)++];
        memset(c, 0, sizeof *c);
        c->or_before = or_next;
        if (!err)
            err = clause_parse(c, w[0], nw == 3 ? w[1] : NULL, nw == 3 ? w[2] : NULL);
        if (err) {
            clauses_free(*cl, *n);
            *cl = NULL;
            *n = 0;
            return err;
        }
        or_next = strcmp(conj, "or") == 0;
    }
    return NULL;
}

/* Compares two numbers with op. */
static bool num_cmp(double a, int op, double b)
{
    switch (op) {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_GT: return a > b;
    case OP_LT: return a < b;
    case OP_GE: return a >= b;
    default: return a <= b;
    }
}

/* A role clause: unanswered and "don't know" are false (except "= unknown"). */
static bool role_eval(const clause *c, const form *f, const answer_set *a)
{
    const answer *an = f && a ? worth_role_answer(f, a, c->role, NULL) : NULL;
    if (strcmp(c->text, "unknown") == 0 && (c->op == OP_EQ || c->op == OP_NE))
        return (an == NULL) == (c->op == OP_EQ);
    if (!an)
        return false;
    double v;
    bool num = parse_double(an->value, &v);
    if (c->op != OP_EQ && c->op != OP_NE)
        return num && num_cmp(v, c->op, c->num);
    bool match = (num && c->has_num) ? v == c->num : answer_has(an->value, c->text);
    return c->op == OP_EQ ? match : !match;
}

/* One clause against the diagnosis and answers. */
static bool clause_eval(const clause *c, const diagnosis *d, const form *f, const answer_set *a)
{
    if (c->field == CF_ALWAYS)
        return true;
    if (c->field == CF_ROLE)
        return role_eval(c, f, a);
    int v = c->field == CF_DIM ? d->dim[c->dim].final : d->priority_final;
    bool match;
    if (c->value == CV_UNKNOWN)
        match = v < 0;
    else if (v < 0)
        return false;     /* an unknown value satisfies neither = nor != */
    else if (c->value == CV_INTERNAL || c->value == CV_EXTERNAL)
        match = vocab_source_internal(v) == (c->value == CV_INTERNAL);
    else
        match = v == c->value;
    return c->op == OP_EQ ? match : !match;
}

/* A condition: clauses joined by "and" bind tighter than "or". */
static bool cond_eval(const clause *cl, size_t n, const diagnosis *d, const form *f,
                      const answer_set *a)
{
    bool any = false, group = true;
    for (size_t i = 0; i < n; i++) {
        if (cl[i].or_before) {
            any = any || group;
            group = true;
        }
        group = group && clause_eval(&cl[i], d, f, a);
    }
    return any || group;
}

/* ---- the library ---------------------------------------------------------- */

const activity *library_activity(const library *lib, const char *id)
{
    for (size_t i = 0; lib && id && i < lib->nacts; i++)
        if (strcmp(lib->acts[i].id, id) == 0)
            return &lib->acts[i];
    return NULL;
}

static void activity_free(activity *act)
{
    free(act->id);
    free(act->title);
    free(act->summary);
    for (size_t i = 0; i < act->nitems; i++)
        free(act->items[i].text);
    free(act->items);
}

static void rule_free(struct rule *r)
{
    free(r->id);
    clauses_free(r->cl, r->ncl);
    str_list_free(r->propose, r->npropose);
    str_list_free(r->exclude, r->nexclude);
    free(r->unless);
    free(r->why);
}

void library_free(library *lib)
{
    if (!lib)
        return;
    for (size_t i = 0; i < lib->nacts; i++)
        activity_free(&lib->acts[i]);
    free(lib->acts);
    for (size_t i = 0; i < lib->nrules; i++)
        rule_free(&lib->rules[i]);
    free(lib->rules);
    str_list_free(lib->conduct, lib->nconduct);
    free(lib);
}

/* Where a problem is: "path:line". */
typedef struct where {
    const char *path;
    problems *probs;
} where;

/* Checks that a text value is clean, one-line text; reports it if not. */
static bool text_ok(const where *w, const ini_entry *e, const char *what)
{
    if (str_empty(e->value)) {
        problems_add(w->probs, "%s:%d: %s: '%s' is empty", w->path, e->line, what, e->key);
        return false;
    }
    if (!text_is_clean(e->value, false)) {
        problems_add(w->probs, "%s:%d: %s: '%s' contains control characters",
                     w->path, e->line, what, e->key);
        return false;
    }
    return true;
}

/* Parses "item.<n>" keys: n > 0.  Returns n or 0. */
static int item_number(const char *key)
{
    long n;
    const char *p = key + 5;
    if (!str_starts(key, "item.") || !isdigit((unsigned char)*p) || *p == '0')
        return 0;
    if (!parse_long(p, &n) || n <= 0 || n > 999)
        return 0;
    return (int)n;
}

/* Adds checklist item "justice: text" from entry e to act. */
static void activity_item_add(const where *w, activity *act, const ini_entry *e, int n,
                              size_t *cap)
{
    const char *colon = strchr(e->value, ':');
    char *j = colon ? str_trim(xstrndup(e->value, (size_t)(colon - e->value))) : NULL;
    int justice = j ? justice_find(j) : -1;
    char *text = colon ? str_trim(xstrdup(colon + 1)) : NULL;
    if (justice < 0)
        problems_add(w->probs, "%s:%d: activity '%s': %s: unknown justice '%s' "
                     "(write 'distributive: ...', 'procedural: ...' or 'interactional: ...')",
                     w->path, e->line, act->id, e->key, j ? j : e->value);
    else if (str_empty(text))
        problems_add(w->probs, "%s:%d: activity '%s': %s: no text after the justice",
                     w->path, e->line, act->id, e->key);
    for (size_t i = 0; justice >= 0 && i < act->nitems; i++)
        if (act->items[i].number == n)
            problems_add(w->probs, "%s:%d: activity '%s': item number %d written twice",
                         w->path, e->line, act->id, n);
    free(j);
    if (justice < 0 || str_empty(text)) {
        free(text);
        return;
    }
    xgrow((void **)&act->items, cap, act->nitems + 1, sizeof *act->items);
    act->items[act->nitems++] = (activity_item){justice, text, n};
}

/* Parses "tags = a, b" into act->tags. */
static void activity_tags(const where *w, activity *act, const ini_entry *e)
{
    static const char *const names[] = {"apology", "concession", "pursuit", "farewell"};
    size_t n;
    char **tags = str_split(e->value, ',', &n);
    for (size_t i = 0; i < n; i++) {
        size_t k = 0;
        while (k < ARRAY_LEN(names) && strcmp(names[k], tags[i]) != 0)
            k++;
        if (k < ARRAY_LEN(names))
            act->tags |= 1u << k;
        else
            problems_add(w->probs, "%s:%d: activity '%s': unknown tag '%s' "
                         "(apology, concession, pursuit, farewell)",
                         w->path, e->line, act->id, tags[i]);
    }
    str_list_free(tags, n);
}

/* Sorts the items of an activity by their number. */
static void items_sort(activity *act)
{
    for (size_t i = 1; i < act->nitems; i++) {
        activity_item it = act->items[i];
        size_t j = i;
        for (; j > 0 && act->items[j - 1].number > it.number; j--)
            act->items[j] = act->items[j - 1];
        act->items[j] = it;
    }
}

/* Reads one key of an [activity.<id>] section. */
static void activity_key(const where *w, activity *act, const ini_entry *e, size_t *cap)
{
    int n = item_number(e->key);
    if (strcmp(e->key, "title") == 0) {
        if (text_ok(w, e, act->id))
            act->title = xstrdup(e->value);
    } else if (strcmp(e->key, "summary") == 0) {
        if (text_ok(w, e, act->id))
            act->summary = xstrdup(e->value);
    } else if (strcmp(e->key, "justice") == 0) {
        act->justice = justice_find(e->value);
        if (act->justice < 0)
            problems_add(w->probs, "%s:%d: activity '%s': unknown justice '%s' "
                         "(distributive, procedural, interactional)",
                         w->path, e->line, act->id, e->value);
    } else if (strcmp(e->key, "tags") == 0) {
        activity_tags(w, act, e);
    } else if (n > 0) {
        if (text_ok(w, e, act->id))
            activity_item_add(w, act, e, n, cap);
    } else {
        problems_add(w->probs, "%s:%d: activity '%s': unknown key '%s' "
                     "(title, summary, justice, tags, item.<n>)",
                     w->path, e->line, act->id, e->key);
    }
}

/* Reads one [activity.<id>] section into act. */
static void activity_load(const where *w, const ini_section *s, activity *act)
{
    size_t cap = 0;
    memset(act, 0, sizeof *act);
    act->id = xstrdup(s->name + strlen("activity."));
    act->justice = -2;
    if (!str_is_id(act->id))
        problems_add(w->probs, "%s:%d: activity id '%s' must be [a-z0-9_]+",
                     w->path, s->line, act->id);
    for (size_t i = 0; i < s->nentries; i++)
        activity_key(w, act, &s->entries[i], &cap);
    if (!act->title)
        problems_add(w->probs, "%s:%d: activity '%s': 'title' missing", w->path, s->line, act->id);
    if (!act->summary)
        problems_add(w->probs, "%s:%d: activity '%s': 'summary' missing", w->path, s->line,
                     act->id);
    if (act->justice == -2)
        problems_add(w->probs, "%s:%d: activity '%s': 'justice' missing", w->path, s->line,
                     act->id);
    if (act->nitems == 0)
        problems_add(w->probs, "%s:%d: activity '%s': no checklist items (item.1 = ...)",
                     w->path, s->line, act->id);
    items_sort(act);
}

/* Reads every section of activities.ini. */
static void activities_load(library *lib, const ini_file *ini, problems *probs)
{
    where w = {ini->path, probs};
    size_t cap = 0;
    for (size_t i = 0; i < ini->nsections; i++) {
        const ini_section *s = &ini->sections[i];
        if (!str_starts(s->name, "activity.")) {
            problems_add(probs, "%s:%d: unknown section [%s] (expected [activity.<id>])",
                         ini->path, s->line, s->name);
            continue;
        }
        xgrow((void **)&lib->acts, &cap, lib->nacts + 1, sizeof *lib->acts);
        activity_load(&w, s, &lib->acts[lib->nacts++]);
    }
    if (lib->nacts == 0)
        problems_add(probs, "%s: no activities", ini->path);
}

/* Splits a list of activity ids, each checked against the library. */
static char **rule_ids(const where *w, const library *lib, bool check, const struct rule *r,
                       const ini_entry *e, size_t *n)
{
    char **ids = str_split(e->value, ',', n);
    if (*n == 0)
        problems_add(w->probs, "%s:%d: rule '%s': '%s' is empty", w->path, e->line, r->id,
                     e->key);
    for (size_t i = 0; check && i < *n; i++)
        if (!library_activity(lib, ids[i]))
            problems_add(w->probs, "%s:%d: rule '%s': unknown activity '%s'", w->path,
                         e->line, r->id, ids[i]);
    return ids;
}

/* Reads one key of a [rule.<id>] section. */
static void rule_key(const where *w, const library *lib, bool check, struct rule *r,
                     const ini_entry *e)
{
    size_t n;
    if (strcmp(e->key, "when") == 0) {
        char *err = cond_parse(e->value, &r->cl, &r->ncl);
        if (err)
            problems_add(w->probs, "%s:%d: rule '%s': bad condition '%s': %s", w->path,
                         e->line, r->id, e->value, err);
        free(err);
    } else if (strcmp(e->key, "propose") == 0) {
        r->propose = rule_ids(w, lib, check, r, e, &r->npropose);
    } else if (strcmp(e->key, "exclude") == 0) {
        r->exclude = rule_ids(w, lib, check, r, e, &r->nexclude);
    } else if (strcmp(e->key, "unless") == 0) {
        char **ids = rule_ids(w, lib, check, r, e, &n);
        if (n > 1)
            problems_add(w->probs, "%s:%d: rule '%s': 'unless' names one activity", w->path,
                         e->line, r->id);
        r->unless = n ? xstrdup(ids[0]) : NULL;
        str_list_free(ids, n);
    } else if (strcmp(e->key, "why") == 0) {
        if (text_ok(w, e, r->id))
            r->why = xstrdup(e->value);
    } else {
        problems_add(w->probs, "%s:%d: rule '%s': unknown key '%s' "
                     "(when, propose, exclude, unless, why)", w->path, e->line, r->id, e->key);
    }
}

/* Reads one [rule.<id>] section. */
static void rule_load(const where *w, const library *lib, bool check, const ini_section *s,
                      struct rule *r)
{
    memset(r, 0, sizeof *r);
    r->id = xstrdup(s->name + strlen("rule."));
    r->line = s->line;
    if (!str_is_id(r->id))
        problems_add(w->probs, "%s:%d: rule id '%s' must be [a-z0-9_]+", w->path, s->line,
                     r->id);
    for (size_t i = 0; i < s->nentries; i++)
        rule_key(w, lib, check, r, &s->entries[i]);
    if (!ini_entry_get(s, "when"))
        problems_add(w->probs, "%s:%d: rule '%s': 'when' missing", w->path, s->line, r->id);
    if (!ini_entry_get(s, "why"))
        problems_add(w->probs, "%s:%d: rule '%s': 'why' missing", w->path, s->line, r->id);
    if (!ini_entry_get(s, "propose") && !ini_entry_get(s, "exclude"))
        problems_add(w->probs, "%s:%d: rule '%s': needs 'propose' or 'exclude'", w->path,
                     s->line, r->id);
    if (ini_entry_get(s, "unless") && !ini_entry_get(s, "exclude"))
        problems_add(w->probs, "%s:%d: rule '%s': 'unless' without 'exclude'", w->path,
                     s->line, r->id);
}

/* Reads the [conduct] section: one rule of conduct per key, in file order. */
static void conduct_load(const where *w, library *lib, const ini_section *s)
{
    size_t cap = 0;
    for (size_t i = 0; i < s->nentries; i++) {
        const ini_entry *e = &s->entries[i];
        if (!str_is_id(e->key))
            problems_add(w->probs, "%s:%d: conduct: key '%s' must be [a-z0-9_]+", w->path,
                         e->line, e->key);
        if (!text_ok(w, e, "conduct"))
            continue;
        xgrow((void **)&lib->conduct, &cap, lib->nconduct + 1, sizeof *lib->conduct);
        lib->conduct[lib->nconduct++] = xstrdup(e->value);
    }
}

/* Reads every section of rules.ini.  Activity ids are checked when check. */
static void rules_load(library *lib, const ini_file *ini, bool check, problems *probs)
{
    where w = {ini->path, probs};
    size_t cap = 0;
    for (size_t i = 0; i < ini->nsections; i++) {
        const ini_section *s = &ini->sections[i];
        if (strcmp(s->name, "conduct") == 0) {
            conduct_load(&w, lib, s);
        } else if (str_starts(s->name, "rule.")) {
            xgrow((void **)&lib->rules, &cap, lib->nrules + 1, sizeof *lib->rules);
            rule_load(&w, lib, check, s, &lib->rules[lib->nrules++]);
        } else {
            problems_add(probs, "%s:%d: unknown section [%s] (expected [conduct] or "
                         "[rule.<id>])", ini->path, s->line, s->name);
        }
    }
    if (lib->nrules == 0)
        problems_add(probs, "%s: no rules", ini->path);
}

library *library_load(const char *activities_path, const char *rules_path, problems *probs)
{
    size_t before = probs->n;
    library *lib = xcalloc(1, sizeof *lib);
    ini_file *af = ini_load(activities_path, probs);
    if (af)
        activities_load(lib, af, probs);
    else if (probs->n == before)
        problems_add(probs, "%s: cannot be loaded", activities_path);
    size_t mid = probs->n;
    ini_file *rf = ini_load(rules_path, probs);
    if (rf)
        rules_load(lib, rf, af != NULL, probs);
    else if (probs->n == mid)
        problems_add(probs, "%s: cannot be loaded", rules_path);
    if (af)
        ini_free(af);
    if (rf)
        ini_free(rf);
    if (probs->n > before) {
        library_free(lib);
        return NULL;
    }
    return lib;
}

/* ---- plans -------------------------------------------------------------- */

static const char *const status_ids[ITEM_STATUS_COUNT] = {"todo", "doing", "done", "dropped"};

const char *item_status_id(int s)
{
    return s >= 0 && s < ITEM_STATUS_COUNT ? status_ids[s] : NULL;
}

int item_status_find(const char *id)
{
    for (int i = 0; id && i < ITEM_STATUS_COUNT; i++)
        if (strcmp(status_ids[i], id) == 0)
            return i;
    return -1;
}

void plan_init(plan *p)
{
    memset(p, 0, sizeof *p);
}

static void plan_item_free(plan_item *it)
{
    free(it->id);
    free(it->activity);
    free(it->text);
    free(it->owner);
    free(it->due);
}

static void warnings_clear(plan *p)
{
    str_list_free(p->warnings, p->nwarnings);
    p->warnings = NULL;
    p->nwarnings = 0;
}

void plan_free(plan *p)
{
    free(p->relationship);
    free(p->fact);
    free(p->needs);
    free(p->commitment);
    for (size_t i = 0; i < p->nacts; i++) {
        free(p->acts[i].id);
        free(p->acts[i].rationale);
    }
    free(p->acts);
    for (size_t i = 0; i < p->nitems; i++)
        plan_item_free(&p->items[i]);
    free(p->items);
    warnings_clear(p);
    plan_init(p);
}

bool plan_has_activity(const plan *p, const char *id)
{
    for (size_t i = 0; i < p->nacts; i++)
        if (str_eq(p->acts[i].id, id))
            return true;
    return false;
}

/* True when item id exists in p. */
static bool plan_has_item(const plan *p, const char *id)
{
    for (size_t i = 0; i < p->nitems; i++)
        if (strcmp(p->items[i].id, id) == 0)
            return true;
    return false;
}

/* Appends the checklist items of act, each as "<activity>.<n>", to do. */
static void plan_add_items(plan *p, const activity *act)
{
    for (size_t i = 0; i < act->nitems; i++) {
        char *id = xasprintf("%s.%d", act->id, act->items[i].number);
        if (plan_has_item(p, id)) {
            free(id);
            continue;
        }
        p->items = xrealloc(p->items, (p->nitems + 1) * sizeof *p->items);
        p->items[p->nitems++] = (plan_item){
            .id = id,
            .activity = xstrdup(act->id),
            .justice = act->items[i].justice,
            .text = xstrdup(act->items[i].text),
            .status = ITEM_TODO,
        };
    }
}

bool plan_add_activity(plan *p, const library *lib, const char *id, const char *rationale)
{
    const activity *act = library_activity(lib, id);
    if (!act || plan_has_activity(p, id))
        return false;
    p->acts = xrealloc(p->acts, (p->nacts + 1) * sizeof *p->acts);
    p->acts[p->nacts].id = xstrdup(id);
    p->acts[p->nacts].rationale = xstrdup(rationale ? rationale : "Added by hand.");
    p->nacts++;
    plan_add_items(p, act);
    return true;
}

bool plan_remove_activity(plan *p, const char *id)
{
    size_t i = 0;
    while (i < p->nacts && !str_eq(p->acts[i].id, id))
        i++;
    if (i == p->nacts)
        return false;
    free(p->acts[i].id);
    free(p->acts[i].rationale);
    memmove(&p->acts[i], &p->acts[i + 1], (p->nacts - i - 1) * sizeof *p->acts);
    p->nacts--;
    size_t k = 0;
    for (size_t j = 0; j < p->nitems; j++) {
        if (str_eq(p->items[j].activity, id))
            plan_item_free(&p->items[j]);
        else
            p->items[k++] = p->items[j];
    }
    p->nitems = k;
    return true;
}

/* ---- plan texts --------------------------------------------------------- */

/* Appends "caption: <answer as shown>\n" when the role is answered. */
static void add_role_line(strbuf *sb, const form *f, const answer_set *a, const char *role,
                          const char *caption)
{
    const question *q;
    const answer *an = f && a ? worth_role_answer(f, a, role, &q) : NULL;
    if (!an)
        return;
    char *shown = answer_display(q, an);
    sb_addf(sb, "%s: %s\n", caption, shown);
    free(shown);
}

/* Takes the text of sb without its last newline, or `empty` when blank. */
static char *sb_text(strbuf *sb, const char *empty)
{
    if (sb->len && sb->buf[sb->len - 1] == '\n')
        sb->buf[--sb->len] = '\0';
    if (sb->len == 0) {
        sb_free(sb);
        return xstrdup(empty);
    }
    return sb_take(sb);
}

/* Summary of the initial relationship. */
static char *text_relationship(const form *f, const answer_set *a)
{
    static const char *const lines[][2] = {
        {"customer", "Customer"}, {"industry", "Industry"}, {"products", "What they bought"},
        {"years_customer", "Years as a customer"}, {"annual_revenue", "Annual revenue"},
        {"share_of_turnover", "Share of our turnover"}, {"margin", "Margin"},
        {"relationship_quality", "Relationship"}, {"decision_makers", "Decision makers"},
        {"advocates", "Still on our side"}, {"blockers", "Against us"},
    };
    strbuf sb;
    sb_init(&sb);
    for (size_t i = 0; i < ARRAY_LEN(lines); i++)
        add_role_line(&sb, f, a, lines[i][0], lines[i][1]);
    return sb_text(&sb, "Not recorded in the debrief.");
}

/* "label" of the final value of a dimension, or "not clear". */
static const char *dim_final_label(const diagnosis *d, int dim)
{
    int v = d->dim[dim].final;
    return v >= 0 ? vocab_value_label(dim, v) : "not clear";
}

/* Statement of fact about what caused the defection. */
static char *text_fact(const form *f, const answer_set *a, const diagnosis *d)
{
    strbuf sb;
    sb_init(&sb);
    add_role_line(&sb, f, a, "story", "What happened");
    add_role_line(&sb, f, a, "customer_said", "What they told us");
    add_role_line(&sb, f, a, "went_to", "They went to");
    int t = d->dim[DIM_TYPE].final;
    sb_addf(&sb, "Defector type: %s", dim_final_label(d, DIM_TYPE));
    const char *conf = confidence_word(d->dim[DIM_TYPE].confidence);
    if (t >= 0 && !str_eq(conf, "none"))
        sb_addf(&sb, " (confidence %s)", conf);
    sb_addf(&sb, ".\nSource: %s. %s. %s.\n", dim_final_label(d, DIM_SOURCE),
            dim_final_label(d, DIM_STABILITY), dim_final_label(d, DIM_CONTROL));
    return sb_text(&sb, "");
}

/* The customer's new needs. */
static char *text_needs(const form *f, const answer_set *a)
{
    strbuf sb;
    sb_init(&sb);
    add_role_line(&sb, f, a, "new_needs", "What they need now");
    return sb_text(&sb, "Not known yet: ask them what they need now, and write it down.");
}

/* Lines of the commitment drawn from the attribution. */
static void commitment_attribution(strbuf *sb, const diagnosis *d, const form *f,
                                   const answer_set *a)
{
    int src = d->dim[DIM_SOURCE].final;
    bool internal = src >= 0 && vocab_source_internal(src);
    if (d->dim[DIM_STABILITY].final == STABILITY_STABLE)
        sb_add(sb, internal ? "- The cause would recur: we fix it for good before asking "
                              "for their business.\n"
                            : "- The same pressure will come again: we watch for its first "
                              "signs with every account.\n");
    if (d->dim[DIM_CONTROL].final == CONTROL_CONTROLLABLE)
        sb_add(sb, "- It could have been prevented: we take precautions and watch for the "
                   "warning signs next time.\n");
    const answer *rep = f && a ? worth_role_answer(f, a, "repeated_failure", NULL) : NULL;
    if (rep && str_eq(rep->value, "yes"))
        sb_add(sb, "- It went wrong more than once: new people may need to take over "
                   "the account.\n");
}

/* A commitment that history will not repeat itself. */
static char *text_commitment(const form *f, const answer_set *a, const diagnosis *d)
{
    strbuf sb;
    sb_init(&sb);
    int src = d->dim[DIM_SOURCE].final;
    if (d->dim[DIM_TYPE].final == TYPE_INTENTIONALLY_PUSHED_AWAY)
        sb_add(&sb, "We chose to end this relationship. We commit to ending it fairly: "
                    "notice, finished orders, a clean handover and no bad words.\n");
    else if (src >= 0 && vocab_source_internal(src))
        sb_add(&sb, "We caused this loss. So that it does not happen again:\n");
    else
        sb_add(&sb, "So that history does not repeat itself:\n");
    add_role_line(&sb, f, a, "commitment", "- Our commitment");
    add_role_line(&sb, f, a, "do_differently", "- What we will do differently");
    add_role_line(&sb, f, a, "hindered", "- What got in our way, and goes");
    add_role_line(&sb, f, a, "helped", "- What helped, and stays");
    if (d->dim[DIM_TYPE].final != TYPE_INTENTIONALLY_PUSHED_AWAY)
        commitment_attribution(&sb, d, f, a);
    return sb_text(&sb, "");
}

/* ---- building ----------------------------------------------------------- */

/* Proposes the activities of every matching rule, then applies exclusions. */
static void plan_apply_rules(const library *lib, const form *f, const answer_set *a,
                             const diagnosis *d, plan *out)
{
    for (size_t i = 0; i < lib->nrules; i++) {
        const struct rule *r = &lib->rules[i];
        if (!cond_eval(r->cl, r->ncl, d, f, a))
            continue;
        for (size_t k = 0; k < r->npropose; k++)
            plan_add_activity(out, lib, r->propose[k], r->why);
    }
    for (size_t i = 0; i < lib->nrules; i++) {
        const struct rule *r = &lib->rules[i];
        if (r->nexclude == 0 || !cond_eval(r->cl, r->ncl, d, f, a))
            continue;
        if (r->unless && plan_has_activity(out, r->unless))
            continue;
        for (size_t k = 0; k < r->nexclude; k++)
            plan_remove_activity(out, r->exclude[k]);
    }
}

void plan_build(const library *lib, const form *f, const answer_set *a, const diagnosis *d,
                plan *out)
{
    plan_init(out);
    out->relationship = text_relationship(f, a);
    out->fact = text_fact(f, a, d);
    out->needs = text_needs(f, a);
    out->commitment = text_commitment(f, a, d);
    plan_apply_rules(lib, f, a, d, out);
    plan_check(lib, d, out);
}

/* ---- checking ----------------------------------------------------------- */

/* What the live part of a plan holds (dropped items do not count). */
typedef struct plan_shape {
    unsigned tags;                   /* tags of activities with live items */
    size_t justice[JUSTICE_COUNT];   /* live items per justice dimension */
    const activity *concession;      /* first live concession, or NULL */
    const activity *pursuit;         /* first live pursuit, or NULL */
} plan_shape;

/* Number of items of activity id that are not dropped. */
static size_t live_items(const plan *p, const char *id)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nitems; i++)
        if (str_eq(p->items[i].activity, id) && p->items[i].status != ITEM_DROPPED)
            n++;
    return n;
}

static void plan_shape_get(const library *lib, const plan *p, plan_shape *sh)
{
    memset(sh, 0, sizeof *sh);
    for (size_t i = 0; i < p->nitems; i++)
        if (p->items[i].status != ITEM_DROPPED && p->items[i].justice >= 0 &&
            p->items[i].justice < JUSTICE_COUNT)
            sh->justice[p->items[i].justice]++;
    for (size_t i = 0; i < p->nacts; i++) {
        const activity *act = library_activity(lib, p->acts[i].id);
        if (!act || live_items(p, act->id) == 0)
            continue;
        sh->tags |= act->tags;
        if ((act->tags & ACT_TAG_CONCESSION) && !sh->concession)
            sh->concession = act;
        if ((act->tags & ACT_TAG_PURSUIT) && !sh->pursuit)
            sh->pursuit = act;
    }
}

static void warn(plan *p, char *text)
{
    p->warnings = xrealloc(p->warnings, (p->nwarnings + 1) * sizeof *p->warnings);
    p->warnings[p->nwarnings++] = text;
}

/* Warnings about who we are dealing with: fault, let go. */
static void check_fairness(const diagnosis *d, const plan_shape *sh, plan *p)
{
    int src = d ? d->dim[DIM_SOURCE].final : -1;
    bool internal = src >= 0 && vocab_source_internal(src);
    bool pushed = d && d->dim[DIM_TYPE].final == TYPE_INTENTIONALLY_PUSHED_AWAY;
    bool let_go = pushed || (d && d->priority_final == PRIORITY_LET_GO);
    if (internal && sh->concession && !(sh->tags & ACT_TAG_APOLOGY))
        warn(p, xasprintf("'%s' but no apology, although we were at fault: apologise "
                          "first, or the offer looks like buying silence.",
                          sh->concession->title));
    if (let_go && sh->concession)
        warn(p, xasprintf("'%s' for a customer we %s: take it out, or change the %s.",
                          sh->concession->title,
                          pushed ? "pushed away on purpose" : "decided to let go",
                          pushed ? "diagnosis" : "priority"));
    if (let_go && sh->pursuit)
        warn(p, xasprintf("'%s' still courts a customer we %s.", sh->pursuit->title,
                          pushed ? "pushed away on purpose" : "decided to let go"));
    if ((sh->tags & ACT_TAG_FAREWELL) && (sh->concession || sh->pursuit))
        warn(p, xstrdup("The plan ends the relationship and courts the customer at the "
                        "same time: choose one."));
    bool recurs = d && (d->dim[DIM_STABILITY].final == STABILITY_STABLE ||
                        d->dim[DIM_CONTROL].final == CONTROL_CONTROLLABLE);
    if (internal && recurs && !pushed && sh->justice[JUSTICE_PROCEDURAL] == 0)
        warn(p, xstrdup("We caused it and it could recur or be prevented, yet nothing in "
                        "the plan changes how we work (procedural)."));
}

void plan_check(const library *lib, const diagnosis *d, plan *p)
{
    warnings_clear(p);
    if (p->nacts == 0) {
        warn(p, xstrdup("The plan has no activities."));
        return;
    }
    plan_shape sh;
    plan_shape_get(lib, p, &sh);
    check_fairness(d, &sh, p);
    if (sh.justice[JUSTICE_INTERACTIONAL] == 0)
        warn(p, xstrdup("Nothing in the plan deals with the people (interactional): add "
                        "an apology, better communication or active waiting."));
    for (size_t i = 0; i < p->nacts; i++) {
        if (live_items(p, p->acts[i].id) > 0)
            continue;
        const activity *act = library_activity(lib, p->acts[i].id);
        warn(p, xasprintf("'%s' has no checklist items left: remove the activity or "
                          "take an item up again.", act ? act->title : p->acts[i].id));
    }
}
