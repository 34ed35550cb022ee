/* scenario.c - training scenarios: loading and validation (scenario.h).
 *
 * scenario_load reads a scenario through ini.h and checks everything
 * share/scenarios/README.md promises: the [scenario] header (id, version,
 * title, difficulty, brief), the [facts] and the [key] (every type,
 * attribution value, priority and activity named exists; an activity is
 * not both required and forbidden; every why.<x> explains something the
 * key names).  Every problem is reported, sorted by line, as
 *   "file:line: <section>.<key>: message"   or   "file:line: [<section>]: message"
 * and the scenario is NULL when there was any.
 */
#include "scenario.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ini.h"
#include "paths.h"
#include "text.h"
#include "vocab.h"

static const char *const difficulty_ids[SC_DIFFICULTY_COUNT] = {"easy", "medium", "hard"};
static const char *const elem_ids[SC_ELEM_COUNT] = {"type", "source", "stability",
                                                    "control", "priority"};

const char *scenario_difficulty_id(int d)
{
    return d >= 0 && d < SC_DIFFICULTY_COUNT ? difficulty_ids[d] : NULL;
}

int scenario_difficulty_find(const char *id)
{
    for (int i = 0; id && i < SC_DIFFICULTY_COUNT; i++)
        if (strcmp(difficulty_ids[i], id) == 0)
            return i;
    return -1;
}

const char *scenario_elem_id(int e)
{
    return e >= 0 && e < SC_ELEM_COUNT ? elem_ids[e] : NULL;
}

int scenario_elem_find(const char *id)
{
    for (int e = 0; id && e < SC_ELEM_COUNT; e++)
        if (strcmp(elem_ids[e], id) == 0)
            return e;
    return -1;
}

const char *scenario_elem_label(int e)
{
    if (e == SC_PRIORITY)
        return "Priority";
    return e >= 0 && e < SC_ELEM_COUNT ? vocab_dim_label(e) : NULL;
}

int scenario_elem_value_count(int e)
{
    if (e == SC_PRIORITY)
        return PRIORITY_COUNT;
    return e >= 0 && e < SC_ELEM_COUNT ? vocab_value_count(e) : 0;
}

const char *scenario_elem_value_id(int e, int v)
{
    if (e == SC_PRIORITY)
        return v >= 0 && v < PRIORITY_COUNT ? priority_id(v) : NULL;
    return e >= 0 && e < SC_ELEM_COUNT ? vocab_value_id(e, v) : NULL;
}

const char *scenario_elem_value_label(int e, int v)
{
    if (e == SC_PRIORITY)
        return v >= 0 && v < PRIORITY_COUNT ? priority_label(v) : NULL;
    return e >= 0 && e < SC_ELEM_COUNT ? vocab_value_label(e, v) : NULL;
}

int scenario_elem_value_find(int e, const char *id)
{
    if (e == SC_PRIORITY)
        return id ? priority_find(id) : -1;
    return e >= 0 && e < SC_ELEM_COUNT && id ? vocab_value_find(e, id) : -1;
}

/* ---- problems, sorted by line ------------------------------------------- */

typedef struct sprob {
    int line;
    size_t seq;
    char *msg;
} sprob;

typedef struct loader {
    const ini_file *ini;
    const library *lib;
    scenario *s;
    sprob *probs;
    size_t nprobs, cap;
} loader;

/* Records a problem at line; msg is already prefixed with its key. */
PRINTF_LIKE(3, 4)
static void lerr(loader *L, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = xvasprintf(fmt, ap);
    va_end(ap);
    xgrow((void **)&L->probs, &L->cap, L->nprobs + 1, sizeof *L->probs);
    L->probs[L->nprobs] = (sprob){.line = line, .seq = L->nprobs, .msg = m};
    L->nprobs++;
}

static int sprob_cmp(const void *a, const void *b)
{
    const sprob *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Moves the loader's problems into probs, sorted by line. */
static void lerr_flush(loader *L, const char *path, problems *probs)
{
    if (L->nprobs > 1)
        qsort(L->probs, L->nprobs, sizeof *L->probs, sprob_cmp);
    for (size_t i = 0; i < L->nprobs; i++) {
        problems_add(probs, "%s:%d: %s", path, L->probs[i].line, L->probs[i].msg);
        free(L->probs[i].msg);
    }
    free(L->probs);
}

/* Trimmed copy of a required value; reports it when missing. */
static char *need(loader *L, const ini_section *s, const char *key)
{
    const char *v = ini_value(s, key);
    if (!v) {
        lerr(L, s->line, "%s.%s: missing (required)", s->name, key);
        return NULL;
    }
    return str_trim(xstrdup(v));
}

static char *opt(const ini_section *s, const char *key)
{
    const char *v = ini_value(s, key);
    return v ? str_trim(xstrdup(v)) : NULL;
}

/* A required free text, sanitised so it is safe to show on a terminal. */
static char *need_text(loader *L, const ini_section *s, const char *key)
{
    char *raw = need(L, s, key);
    char *clean = raw ? str_trim(text_sanitize(raw, false)) : NULL;
    free(raw);
    return clean;
}

/* ---- [scenario] --------------------------------------------------------- */

/* True when key is "brief.<n>" with n a positive number without leading
 * zeros; *n is set. */
static bool brief_number(const char *key, long *n)
{
    if (!str_starts(key, "brief."))
        return false;
    const char *d = key + strlen("brief.");
    return *d >= '1' && *d <= '9' && parse_long(d, n) && *n > 0;
}

static int brief_cmp(const void *a, const void *b)
{
    const ini_entry *const *x = a, *const *y = b;
    long nx = 0, ny = 0;
    brief_number((*x)->key, &nx);
    brief_number((*y)->key, &ny);
    return nx < ny ? -1 : nx > ny;
}

/* Joins brief and brief.<n> (in number order) with blank lines. */
static void load_brief(loader *L, const ini_section *s)
{
    const ini_entry **parts = xcalloc(s->nentries + 1, sizeof *parts);
    size_t n = 0;
    long num;
    for (size_t i = 0; i < s->nentries; i++)
        if (brief_number(s->entries[i].key, &num) && !str_empty(s->entries[i].value))
            parts[n++] = &s->entries[i];
    qsort(parts, n, sizeof *parts, brief_cmp);
    strbuf sb;
    sb_init(&sb);
    if (ini_value(s, "brief"))
        sb_add(&sb, ini_value(s, "brief"));
    for (size_t i = 0; i < n; i++) {
        if (sb.len)
            sb_add(&sb, "\n\n");
        sb_add(&sb, parts[i]->value);
    }
    free(parts);
    if (sb.len == 0)
        lerr(L, s->line, "scenario.brief: missing (required: brief or brief.1, brief.2, ...)");
    char *raw = sb_take(&sb);
    L->s->brief = raw ? text_sanitize(str_trim(raw), true) : NULL;
    free(raw);
}

/* Reports the keys of s not in allowed (NULL-terminated); a name ending in
 * '.' allows any key with that prefix. */
static void unknown_keys(loader *L, const ini_section *s, const char *const *allowed)
{
    for (size_t i = 0; i < s->nentries; i++) {
        const char *k = s->entries[i].key;
        bool ok = false;
        for (size_t j = 0; allowed[j] && !ok; j++) {
            size_t len = strlen(allowed[j]);
            ok = allowed[j][len - 1] == '.' ? str_starts(k, allowed[j]) && k[len]
                                            : strcmp(allowed[j], k) == 0;
        }
        long n;
        if (ok && str_starts(k, "brief.") && !brief_number(k, &n))
            ok = false;
        if (!ok) {
            char *q = text_quoted(k);
            lerr(L, s->entries[i].line, "%s.%s: unknown key", s->name, q);
            free(q);
        }
    }
}

/* Reads [scenario]. */
static void load_header(loader *L)
{
    static const char *const keys[] = {"id", "version", "title", "difficulty", "form",
                                       "brief", "brief.", NULL};
    const ini_section *s = ini_section_get(L->ini, "scenario");
    if (!s) {
        lerr(L, 1, "[scenario]: missing; a scenario file starts with a [scenario] section");
        return;
    }
    unknown_keys(L, s, keys);
    scenario *sc = L->s;
    sc->id = need(L, s, "id");
    sc->version = need_text(L, s, "version");
    sc->title = need_text(L, s, "title");
    if (sc->id && !str_is_id(sc->id)) {
        char *q = text_quoted(sc->id);
        lerr(L, ini_line_of(s, "id"), "scenario.id: '%s' must be lower-case letters, digits "
             "and '_'", q);
        free(q);
    }
    char *d = need(L, s, "difficulty");
    sc->difficulty = scenario_difficulty_find(d);
    if (d && sc->difficulty < 0) {
        char *q = text_quoted(d);
        lerr(L, ini_line_of(s, "difficulty"), "scenario.difficulty: '%s' is not easy, medium "
             "or hard", q);
        free(q);
    }
    free(d);
    sc->form_id = opt(s, "form");
    if (sc->form_id && !str_is_id(sc->form_id)) {
        char *q = text_quoted(sc->form_id);
        lerr(L, ini_line_of(s, "form"), "scenario.form: '%s' is not a form id", q);
        free(q);
    }
    if (!sc->form_id)
        sc->form_id = xstrdup("debrief");
    load_brief(L, s);
}

/* Reads [facts]: free keys [a-z0-9_]+ in file order. */
static void load_facts(loader *L)
{
    const ini_section *s = ini_section_get(L->ini, "facts");
    if (!s)
        return;
    L->s->facts = xcalloc(s->nentries ? s->nentries : 1, sizeof *L->s->facts);
    for (size_t i = 0; i < s->nentries; i++) {
        const ini_entry *e = &s->entries[i];
        char *q = text_quoted(e->key);
        if (!str_is_id(e->key))
            lerr(L, e->line, "facts.%s: a fact name must be lower-case letters, digits "
                 "and '_'", q);
        else if (str_empty(e->value))
            lerr(L, e->line, "facts.%s: empty fact", q);
        else {
            scenario_fact *f = &L->s->facts[L->s->nfacts++];
            f->key = xstrdup(e->key);
            char *t = str_trim(xstrdup(e->value));
            f->text = text_sanitize(t, false);
            free(t);
        }
        free(q);
    }
}

/* ---- [key] ---------------------------------------------------------------- */

/* Parses the value list of element e ("firm, salesperson"): the first is
 * the expected value, the others are accepted too. */
static void load_elem(loader *L, const ini_section *s, int e)
{
    scenario_key *k = &L->s->key;
    const char *name = elem_ids[e];
    char *v = need(L, s, name);
    size_t n = 0;
    char **items = v ? str_split(v, ',', &n) : NULL;
    int line = ini_line_of(s, name);
    if (v && n > 1 && e == SC_TYPE)
        lerr(L, line, "key.type: one type only; name a second one with alternative_type");
    for (size_t i = 0; i < n; i++) {
        int x = scenario_elem_value_find(e, items[i]);
        if (x < 0) {
            char *q = text_quoted(items[i]);
            lerr(L, line, "key.%s: unknown %s '%s'", name, e == SC_PRIORITY ? "priority"
                 : e == SC_TYPE ? "defector type" : name, q);
            free(q);
            continue;
        }
        if (k->expected[e] < 0)
            k->expected[e] = x;
        k->accepted[e] |= 1u << x;
    }
    str_list_free(items, n);
    free(v);
}

/* Reads alternative_type. */
static void load_alternative(loader *L, const ini_section *s)
{
    scenario_key *k = &L->s->key;
    char *v = opt(s, "alternative_type");
    if (!v)
        return;
    int x = vocab_value_find(DIM_TYPE, v);
    int line = ini_line_of(s, "alternative_type");
    char *q = text_quoted(v);
    if (x < 0)
        lerr(L, line, "key.alternative_type: unknown defector type '%s'", q);
    else if (x == k->expected[SC_TYPE])
        lerr(L, line, "key.alternative_type: '%s' is the type itself", q);
    else {
        k->alternative_type = x;
        k->accepted[SC_TYPE] |= 1u << x;
    }
    free(q);
    free(v);
}

/* True when id is in the first n entries of list. */
static bool act_in(const scenario_act *list, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].id, id) == 0)
            return true;
    return false;
}

/* Reads an activity list key (must_include or must_not). */
static scenario_act *load_acts(loader *L, const ini_section *s, const char *key,
                               bool required, size_t *nout)
{
    char *v = required ? need(L, s, key) : opt(s, key);
    size_t n = 0;
    char **ids = v ? str_split(v, ',', &n) : NULL;
    scenario_act *list = xcalloc(n ? n : 1, sizeof *list);
    *nout = 0;
    int line = ini_line_of(s, key);
    if (v && n == 0)
        lerr(L, line, "key.%s: empty list", key);
    for (size_t i = 0; i < n; i++) {
        char *q = text_quoted(ids[i]);
        if (!str_is_id(ids[i]))
            lerr(L, line, "key.%s: '%s' is not an activity id", key, q);
        else if (L->lib && !library_activity(L->lib, ids[i]))
            lerr(L, line, "key.%s: unknown activity '%s'", key, q);
        else if (act_in(list, *nout, ids[i]))
            lerr(L, line, "key.%s: activity '%s' is listed twice", key, q);
        else
            list[(*nout)++].id = xstrdup(ids[i]);
        free(q);
    }
    str_list_free(ids, n);
    free(v);
    return list;
}

/* Attaches why.<x> lines: to an element or to a listed activity. */
static void load_whys(loader *L, const ini_section *s)
{
    scenario_key *k = &L->s->key;
    for (size_t i = 0; i < s->nentries; i++) {
        const ini_entry *e = &s->entries[i];
        if (!str_starts(e->key, "why."))
            continue;
        const char *what = e->key + 4;
        char *text = str_trim(text_sanitize(e->value, false));
        bool placed = false;
        for (int el = 0; el < SC_ELEM_COUNT && !placed; el++)
            if (strcmp(elem_ids[el], what) == 0) {
                k->why[el] = text;
                placed = true;
            }
        for (size_t j = 0; j < k->ninclude && !placed; j++)
            if (strcmp(k->must_include[j].id, what) == 0)
                k->must_include[j].why = text, placed = true;
        for (size_t j = 0; j < k->nnot && !placed; j++)
            if (strcmp(k->must_not[j].id, what) == 0)
                k->must_not[j].why = text, placed = true;
        if (!placed) {
            char *q = text_quoted(what);
            lerr(L, e->line, "key.why.%s: explains neither an element (type, source, "
                 "stability, control, priority) nor an activity of must_include or "
                 "must_not", q);
            free(q);
            free(text);
        } else if (!*text) {
            lerr(L, e->line, "key.why.%s: empty explanation", what);
        }
    }
}

/* Reads [key]. */
static void load_key(loader *L)
{
    static const char *const keys[] = {"type", "alternative_type", "source", "stability",
                                       "control", "priority", "must_include", "must_not",
                                       "why.", NULL};
    const ini_section *s = ini_section_get(L->ini, "key");
    if (!s) {
        lerr(L, L->ini->nsections ? L->ini->sections[0].line : 1,
             "[key]: missing; a scenario needs its answer key");
        return;
    }
    unknown_keys(L, s, keys);
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        load_elem(L, s, e);
    load_alternative(L, s);
    scenario_key *k = &L->s->key;
    k->must_include = load_acts(L, s, "must_include", true, &k->ninclude);
    k->must_not = load_acts(L, s, "must_not", false, &k->nnot);
    for (size_t i = 0; i < k->nnot; i++)
        if (act_in(k->must_include, k->ninclude, k->must_not[i].id))
            lerr(L, ini_line_of(s, "must_not"), "key.must_not: activity '%s' is also in "
                 "must_include", k->must_not[i].id);
    load_whys(L, s);
}

/* Reports sections other than [scenario], [facts] and [key]. */
static void check_sections(loader *L)
{
    for (size_t i = 0; i < L->ini->nsections; i++) {
        const ini_section *s = &L->ini->sections[i];
        if (strcmp(s->name, "scenario") && strcmp(s->name, "facts") && strcmp(s->name, "key")) {
            char *q = text_quoted(s->name);
            lerr(L, s->line, "[%s]: unknown section; expected [scenario], [facts] or [key]",
                 q);
            free(q);
        }
    }
}

/* ---- public ------------------------------------------------------------- */

static void key_init(scenario_key *k)
{
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        k->expected[e] = -1;
    k->alternative_type = -1;
}

/* Validates a loaded ini file as a scenario; frees ini.  NULL on problems. */
static scenario *scenario_from_ini(ini_file *ini, const char *path, const library *lib,
                                   problems *probs)
{
    if (!ini)
        return NULL;
    loader L = {.ini = ini, .lib = lib};
    L.s = xcalloc(1, sizeof *L.s);
    L.s->path = xstrdup(path);
    key_init(&L.s->key);
    if (ini->nsections == 0)
        lerr(&L, 1, "[scenario]: missing; the file is empty");
    else {
        load_header(&L);
        load_facts(&L);
        load_key(&L);
        check_sections(&L);
    }
    bool bad = L.nprobs > 0;
    lerr_flush(&L, path, probs);
    ini_free(ini);
    if (bad) {
        scenario_free(L.s);
        return NULL;
    }
    return L.s;
}

scenario *scenario_load(const char *path, const library *lib, problems *probs)
{
    return scenario_from_ini(ini_load(path, probs), path, lib, probs);
}

scenario *scenario_load_mem(const char *data, size_t len, const char *name,
                            const library *lib, problems *probs)
{
    return scenario_from_ini(ini_load_mem(data, len, name, probs), name, lib, probs);
}

static void acts_free(scenario_act *a, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(a[i].id);
        free(a[i].why);
    }
    free(a);
}

void scenario_free(scenario *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nfacts; i++) {
        free(s->facts[i].key);
        free(s->facts[i].text);
    }
    free(s->facts);
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        free(s->key.why[e]);
    acts_free(s->key.must_include, s->key.ninclude);
    acts_free(s->key.must_not, s->key.nnot);
    free(s->path);
    free(s->id);
    free(s->version);
    free(s->title);
    free(s->form_id);
    free(s->brief);
    free(s);
}

/* The first section header of the text in fp, lower-cased, or NULL.
 * Caller frees. */
static char *first_section(FILE *fp)
{
    char line[1100];
    while (fgets(line, sizeof line, fp)) {
        char *t = str_trim(line);
        if (str_starts(t, "\xEF\xBB\xBF"))
            t = str_trim(t + 3);
        if (*t != '[')
            continue;
        char *end = strchr(t, ']');
        if (!end)
            return NULL;
        *end = '\0';
        char *name = str_trim(xstrdup(t + 1));
        for (char *c = name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        return name;
    }
    return NULL;
}

bool scenario_file_is(const char *path)
{
    FILE *fp = path ? fopen(path, "rb") : NULL;
    if (!fp)
        return false;
    char *name = first_section(fp);
    fclose(fp);
    bool is = str_eq(name, "scenario");
    free(name);
    return is;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.ini file names in dir, sorted.  Caller frees with str_list_free. */
static char **ini_names(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **names = NULL;
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0)
            continue;
        xgrow((void **)&names, &cap, *n + 1, sizeof *names);
        names[(*n)++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (*n > 1)
        qsort(names, *n, sizeof *names, name_cmp);
    return names;
}

/* Appends the loadable scenarios of dir whose file names are not in seen
 * (and adds their names to seen). */
static void list_into(const char *dir, const library *lib, scenario ***list, size_t *n,
                      size_t *cap, char ***seen, size_t *nseen, problems *probs)
{
    size_t nn;
    char **names = ini_names(dir, &nn);
    for (size_t i = 0; i < nn; i++) {
        bool dup = false;
        for (size_t j = 0; seen && j < *nseen && !dup; j++)
            dup = strcmp((*seen)[j], names[i]) == 0;
        if (dup)
            continue;
        if (seen) {
            *seen = xrealloc(*seen, (*nseen + 1) * sizeof **seen);
            (*seen)[(*nseen)++] = xstrdup(names[i]);
        }
        char *path = xasprintf("%s/%s", dir, names[i]);
        scenario *s = scenario_load(path, lib, probs);
        free(path);
        if (!s)
            continue;
        xgrow((void **)list, cap, *n + 1, sizeof **list);
        (*list)[(*n)++] = s;
    }
    str_list_free(names, nn);
}

scenario **scenario_list_dir(const char *dir, const library *lib, size_t *n,
                             problems *probs)
{
    scenario **list = NULL;
    size_t cap = 0;
    *n = 0;
    list_into(dir, lib, &list, n, &cap, NULL, NULL, probs);
    return list;
}

static int scenario_cmp(const void *a, const void *b)
{
    const scenario *x = *(scenario *const *)a, *y = *(scenario *const *)b;
    return strcmp(x->id, y->id);
}

scenario **scenario_list(const library *lib, size_t *n, problems *probs)
{
    size_t nd, nseen = 0, cap = 0;
    char **dirs = paths_search_dirs("scenarios", &nd);
    char **seen = NULL;
    scenario **list = NULL;
    *n = 0;
    for (size_t i = 0; i < nd; i++)
        list_into(dirs[i], lib, &list, n, &cap, &seen, &nseen, probs);
    str_list_free(dirs, nd);
    str_list_free(seen, nseen);
    if (*n > 1)
        qsort(list, *n, sizeof *list, scenario_cmp);
    return list;
}

void scenario_list_free(scenario **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        scenario_free(list[i]);
    free(list);
}

/* Looks through every scenario of the search path for id. */
static scenario *find_by_id(const char *id, const library *lib)
{
    problems ignored;
    problems_init(&ignored);
    size_t n;
    scenario **list = scenario_list(lib, &n, &ignored);
    problems_free(&ignored);
    scenario *found = NULL;
    for (size_t i = 0; i < n; i++) {
        if (!found && str_eq(list[i]->id, id)) {
            found = list[i];
            list[i] = NULL;
        }
        scenario_free(list[i]);
    }
    free(list);
    return found;
}

scenario *scenario_find(const char *id_or_path, const library *lib, problems *probs)
{
    if (!id_or_path || !*id_or_path) {
        problems_add(probs, "no scenario named");
        return NULL;
    }
    if (strchr(id_or_path, '/'))
        return scenario_load(id_or_path, lib, probs);
    char *name = xasprintf("%s.ini", id_or_path);
    char *path = paths_find("scenarios", name);
    free(name);
    scenario *s = NULL;
    if (path) {
        s = scenario_load(path, lib, probs);
        free(path);
        return s;
    }
    s = find_by_id(id_or_path, lib);
    if (!s)
        problems_add(probs, "scenario '%s' not found (looked in the scenarios directories)",
                     id_or_path);
    return s;
}

bool scenario_key_includes(const scenario *s, const char *act_id)
{
    return s && act_id && act_in(s->key.must_include, s->key.ninclude, act_id);
}

bool scenario_key_forbids(const scenario *s, const char *act_id)
{
    return s && act_id && act_in(s->key.must_not, s->key.nnot, act_id);
}
