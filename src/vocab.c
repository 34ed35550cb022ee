/* vocab.c - ids and labels of the domain's fixed vocabulary (domain.md). */
#include "vocab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

typedef struct term {
    const char *id;
    const char *label;
} term;

static const term type_terms[TYPE_COUNT] = {
    {"bought_away", "Bought away"},
    {"pulled_away", "Pulled away"},
    {"unintentionally_pushed_away", "Unintentionally pushed away"},
    {"moved_away", "Moved away"},
    {"intentionally_pushed_away", "Intentionally pushed away"},
};

static const term source_terms[SOURCE_COUNT] = {
    {"salesperson", "The salesperson"},
    {"firm", "Our firm"},
    {"customer", "The customer"},
    {"competitor", "A competitor"},
    {"environment", "The environment (market, regulation, economy)"},
};

static const term stability_terms[STABILITY_COUNT] = {
    {"stable", "Stable: likely to recur"},
    {"unstable", "Unstable: a one-off"},
};

static const term control_terms[CONTROL_COUNT] = {
    {"controllable", "Controllable: could have been prevented"},
    {"uncontrollable", "Uncontrollable: could not have been prevented"},
};

typedef struct dim_def {
    const char *id;
    const char *label;
    const term *values;
    int count;
} dim_def;

static const dim_def dims[DIM_COUNT] = {
    {"type", "Defector type", type_terms, TYPE_COUNT},
    {"source", "Source", source_terms, SOURCE_COUNT},
    {"stability", "Stability", stability_terms, STABILITY_COUNT},
    {"control", "Controllability", control_terms, CONTROL_COUNT},
};

static const term priority_terms[PRIORITY_COUNT] = {
    {"pursue_now", "Pursue now"},
    {"wait_actively", "Wait actively"},
    {"let_go", "Let go / terminate gracefully"},
};

static const term justice_terms[JUSTICE_COUNT] = {
    {"distributive", "Distributive (the offer)"},
    {"procedural", "Procedural (the process)"},
    {"interactional", "Interactional (the people)"},
};

static const term outcome_terms[OUTCOME_COUNT] = {
    {"none", "Not recorded"},
    {"won_back", "Won back"},
    {"partly_won_back", "Partly won back"},
    {"still_trying", "Still trying"},
    {"lost_for_good", "Lost for good"},
    {"terminated", "Terminated"},
};

/* Index of id in terms, or -1. */
static int term_find(const term *terms, int n, const char *id)
{
    if (!id)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(terms[i].id, id) == 0)
            return i;
    return -1;
}

static const term *term_at(const term *terms, int n, int i)
{
    return (i >= 0 && i < n) ? &terms[i] : NULL;
}

const char *vocab_dim_id(int dim)
{
    return (dim >= 0 && dim < DIM_COUNT) ? dims[dim].id : NULL;
}

const char *vocab_dim_label(int dim)
{
    return (dim >= 0 && dim < DIM_COUNT) ? dims[dim].label : NULL;
}

int vocab_dim_find(const char *id)
{
    for (int d = 0; id && d < DIM_COUNT; d++)
        if (strcmp(dims[d].id, id) == 0)
            return d;
    return -1;
}

int vocab_value_count(int dim)
{
    return (dim >= 0 && dim < DIM_COUNT) ? dims[dim].count : 0;
}

const char *vocab_value_id(int dim, int v)
{
    if (dim < 0 || dim >= DIM_COUNT)
        return NULL;
    const term *t = term_at(dims[dim].values, dims[dim].count, v);
    return t ? t->id : NULL;
}

const char *vocab_value_label(int dim, int v)
{
    if (dim < 0 || dim >= DIM_COUNT)
        return NULL;
    const term *t = term_at(dims[dim].values, dims[dim].count, v);
    return t ? t->label : NULL;
}

int vocab_value_find(int dim, const char *id)
{
    if (dim < 0 || dim >= DIM_COUNT)
        return -1;
    return term_find(dims[dim].values, dims[dim].count, id);
}

bool vocab_parse_target(const char *s, int *dim, int *value)
{
    const char *colon = s ? strchr(s, ':') : NULL;
    if (!colon)
        return false;
    char *d = xstrndup(s, (size_t)(colon - s));
    int di = vocab_dim_find(str_trim(d));
    free(d);
    if (di < 0)
        return false;
    char *v = str_trim(xstrdup(colon + 1));
    int vi = vocab_value_find(di, v);
    free(v);
    if (vi < 0)
        return false;
    *dim = di;
    *value = vi;
    return true;
}

bool vocab_source_internal(int source)
{
    return source == SOURCE_SALESPERSON || source == SOURCE_FIRM;
}

#define TERM_ACCESSORS(name, table, count)                                  \
    const char *name##_id(int i)                                            \
    {                                                                       \
        const term *t = term_at(table, count, i);                           \
        return t ? t->id : NULL;                                            \
    }                                                                       \
    const char *name##_label(int i)                                         \
    {                                                                       \
        const term *t = term_at(table, count, i);                           \
        return t ? t->label : NULL;                                         \
    }                                                                       \
    int name##_find(const char *id) { return term_find(table, count, id); }

TERM_ACCESSORS(priority, priority_terms, PRIORITY_COUNT)
TERM_ACCESSORS(justice, justice_terms, JUSTICE_COUNT)
TERM_ACCESSORS(outcome, outcome_terms, OUTCOME_COUNT)

const char *diag_value_id(int dim, int v)
{
    if (v < 0 || dim < 0 || dim > DIM_COUNT)
        return NULL;
    return dim == DIM_COUNT ? (v < PRIORITY_COUNT ? priority_id(v) : NULL)
                            : vocab_value_id(dim, v);
}

const char *diag_value_label(int dim, int v)
{
    if (v < 0 || dim < 0 || dim > DIM_COUNT)
        return NULL;
    return dim == DIM_COUNT ? (v < PRIORITY_COUNT ? priority_label(v) : NULL)
                            : vocab_value_label(dim, v);
}

int diag_value_find(int dim, const char *id)
{
    if (dim < 0 || dim > DIM_COUNT)
        return -1;
    return dim == DIM_COUNT ? priority_find(id) : vocab_value_find(dim, id);
}

const char *diag_dim_label(int dim)
{
    return dim == DIM_COUNT ? "Priority" : vocab_dim_label(dim);
}

const char *vocab_value_short(int dim, int v)
{
    static const char *const source[] = { "sales", "firm", "cust", "comp", "env" };
    static const char *const stability[] = { "stab", "once" };
    static const char *const control[] = { "ctl", "unctl" };
    if (v < 0)
        return "-";
    if (dim == DIM_SOURCE && v < (int)ARRAY_LEN(source))
        return source[v];
    if (dim == DIM_STABILITY && v < (int)ARRAY_LEN(stability))
        return stability[v];
    if (dim == DIM_CONTROL && v < (int)ARRAY_LEN(control))
        return control[v];
    return "-";
}

char *vocab_attribution_short(int source, int stability, int control, char buf[24])
{
    snprintf(buf, 24, "%s/%s/%s", vocab_value_short(DIM_SOURCE, source),
             vocab_value_short(DIM_STABILITY, stability),
             vocab_value_short(DIM_CONTROL, control));
    return buf;
}
