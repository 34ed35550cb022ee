/* vocab.h - the fixed vocabulary of the domain (see shared/domain.md).
 *
 * Diagnosis dimensions and their values, priorities, justice dimensions and
 * outcomes, each with a stable id (stored in databases, forms, rules and
 * exports) and a label shown to people.  Ids never change; labels may.
 */
#ifndef WINBACK_VOCAB_H
#define WINBACK_VOCAB_H

#include <stdbool.h>

/* Diagnosis dimensions. */
enum dim {
    DIM_TYPE,        /* defector type */
    DIM_SOURCE,      /* locus: who or what caused the loss */
    DIM_STABILITY,   /* will it recur */
    DIM_CONTROL,     /* could it have been prevented */
    DIM_COUNT
};

#define VOCAB_MAX_VALUES 5

enum defector_type {
    TYPE_BOUGHT_AWAY,                 /* bought_away */
    TYPE_PULLED_AWAY,                 /* pulled_away */
    TYPE_UNINTENTIONALLY_PUSHED_AWAY, /* unintentionally_pushed_away */
    TYPE_MOVED_AWAY,                  /* moved_away */
    TYPE_INTENTIONALLY_PUSHED_AWAY,   /* intentionally_pushed_away */
    TYPE_COUNT
};

enum source {
    SOURCE_SALESPERSON, SOURCE_FIRM,           /* internal */
    SOURCE_CUSTOMER, SOURCE_COMPETITOR, SOURCE_ENVIRONMENT, /* external */
    SOURCE_COUNT
};

enum stability { STABILITY_STABLE, STABILITY_UNSTABLE, STABILITY_COUNT };
enum control { CONTROL_CONTROLLABLE, CONTROL_UNCONTROLLABLE, CONTROL_COUNT };

enum priority { PRIORITY_PURSUE_NOW, PRIORITY_WAIT_ACTIVELY, PRIORITY_LET_GO, PRIORITY_COUNT };

enum justice { JUSTICE_DISTRIBUTIVE, JUSTICE_PROCEDURAL, JUSTICE_INTERACTIONAL, JUSTICE_COUNT };

enum outcome {
    OUTCOME_NONE,          /* "none": not recorded yet */
    OUTCOME_WON_BACK,      /* won_back */
    OUTCOME_PARTLY,        /* partly_won_back */
    OUTCOME_TRYING,        /* still_trying */
    OUTCOME_LOST,          /* lost_for_good */
    OUTCOME_TERMINATED,    /* terminated */
    OUTCOME_COUNT
};

/* Dimensions: "type", "source", "stability", "control". */
const char *vocab_dim_id(int dim);
const char *vocab_dim_label(int dim);          /* "Defector type", ... */
int vocab_dim_find(const char *id);            /* -1 when unknown */
int vocab_value_count(int dim);
const char *vocab_value_id(int dim, int v);    /* NULL when out of range */
const char *vocab_value_label(int dim, int v); /* "Bought away", ... */
int vocab_value_find(int dim, const char *id); /* -1 when unknown */
/* Parses "dim:value" (e.g. "type:bought_away"); false when either part is
 * unknown. */
bool vocab_parse_target(const char *s, int *dim, int *value);
bool vocab_source_internal(int source);

const char *priority_id(int p);     /* "pursue_now", "wait_actively", "let_go" */
const char *priority_label(int p);  /* "Pursue now", ... */
int priority_find(const char *id);

/* A short code of an attribution value for narrow columns: "sales",
 * "firm", "cust", "comp", "env"; "stab", "once"; "ctl", "unctl"; "-"
 * when out of range (dim: DIM_SOURCE .. DIM_CONTROL). */
const char *vocab_value_short(int dim, int v);
/* "firm/stab/ctl": the three attribution values, short (buf of 24). */
char *vocab_attribution_short(int source, int stability, int control, char buf[24]);

/* A value of a dimension of the diagnosis, where dim DIM_COUNT stands for
 * the priority: id (NULL when out of range), label, and the inverse of the
 * id (-1 for NULL or unknown). */
const char *diag_value_id(int dim, int v);
const char *diag_value_label(int dim, int v);
int diag_value_find(int dim, const char *id);
/* "Defector type" ... or "Priority" for DIM_COUNT. */
const char *diag_dim_label(int dim);

const char *justice_id(int j);      /* "distributive", ... */
const char *justice_label(int j);
int justice_find(const char *id);

const char *outcome_id(int o);      /* "none", "won_back", ... */
const char *outcome_label(int o);
int outcome_find(const char *id);

#endif
