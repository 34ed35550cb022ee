/* scenario.h - training scenarios: a lost-account case and its answer key.
 *
 * A scenario is data, an INI file in share/scenarios/ (the format is
 * described in share/scenarios/README.md): the brief a trainee reads, facts
 * a trainer can reveal when asked, and the answer key (defector type with an
 * optional acceptable alternative, attribution, priority, activities a good
 * plan must include and must not include, and a one-line explanation per
 * element).  The loader works like the form loader: it reports every
 * problem as "file:line: key: message" and returns NULL when there was any,
 * so a scenario that loads needs no further checks.
 */
#ifndef WINBACK_SCENARIO_H
#define WINBACK_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "util.h"

/* The elements of a diagnosis the key fixes: the four dimensions of
 * enum dim (same numbers), then the priority. */
enum scenario_elem {
    SC_TYPE = 0,        /* DIM_TYPE */
    SC_SOURCE = 1,      /* DIM_SOURCE */
    SC_STABILITY = 2,   /* DIM_STABILITY */
    SC_CONTROL = 3,     /* DIM_CONTROL */
    SC_PRIORITY = 4,    /* enum priority */
    SC_ELEM_COUNT
};

enum scenario_difficulty { SC_EASY, SC_MEDIUM, SC_HARD, SC_DIFFICULTY_COUNT };
const char *scenario_difficulty_id(int d);   /* "easy", "medium", "hard" */
int scenario_difficulty_find(const char *id);/* -1 when unknown */

/* Id of value v of element e ("bought_away", "firm", "let_go"...); NULL
 * when out of range.  Label likewise ("Bought away", ...). */
const char *scenario_elem_value_id(int e, int v);
const char *scenario_elem_value_label(int e, int v);
const char *scenario_elem_id(int e);         /* "type", ..., "priority" */
const char *scenario_elem_label(int e);      /* "Defector type", ... */
int scenario_elem_find(const char *id);      /* element of "type"...; -1 */
int scenario_elem_value_count(int e);
int scenario_elem_value_find(int e, const char *id); /* -1 when unknown */

typedef struct scenario_fact {
    char *key;           /* [a-z0-9_]+, in file order */
    char *text;
} scenario_fact;

/* A key activity and why it belongs in (or out of) a good plan. */
typedef struct scenario_act {
    char *id;            /* an activity id of share/activities.ini */
    char *why;           /* why.<id> of the key; NULL when not given */
} scenario_act;

typedef struct scenario_key {
    int expected[SC_ELEM_COUNT];    /* the key's value per element */
    unsigned accepted[SC_ELEM_COUNT]; /* bit v set: value v is accepted
                                       (expected and alternatives) */
    int alternative_type;           /* -1 when none */
    char *why[SC_ELEM_COUNT];       /* why.type ...; NULL when not given */
    scenario_act *must_include;
    size_t ninclude;
    scenario_act *must_not;
    size_t nnot;
} scenario_key;

typedef struct scenario {
    char *path;          /* file it was loaded from */
    char *id;            /* [a-z0-9_]+ */
    char *version;
    char *title;
    int difficulty;      /* enum scenario_difficulty */
    char *form_id;       /* form the trainee answers ("debrief" by default) */
    char *brief;         /* paragraphs joined by a blank line */
    scenario_fact *facts;
    size_t nfacts;
    scenario_key key;
} scenario;

/* Loads and validates the scenario at path.  Every activity named in the
 * key must exist in lib (when lib is NULL activity ids are only checked
 * for their syntax).  Returns NULL with every problem appended to probs
 * ("file:line: key: message", sorted by line).  Caller frees with
 * scenario_free. */
scenario *scenario_load(const char *path, const library *lib, problems *probs);
/* Same, from memory (fuzzing, tests); name is used in messages and as the
 * scenario's path. */
scenario *scenario_load_mem(const char *data, size_t len, const char *name,
                            const library *lib, problems *probs);
void scenario_free(scenario *s);

/* True when the file at path is meant as a scenario (its first section is
 * [scenario]), so that check-forms can tell scenarios from forms.  Works on
 * broken files too (looks at the raw text only). */
bool scenario_file_is(const char *path);

/* Loads every *.ini of dir, sorted by file name.  Files that do not load
 * are skipped with their problems in probs.  Returns an array of *n
 * scenarios (free with scenario_list_free); NULL when there is none. */
scenario **scenario_list_dir(const char *dir, const library *lib, size_t *n,
                             problems *probs);
/* Loads the scenarios of the search path (paths.h, kind "scenarios"): a
 * file in an earlier directory replaces one with the same file name in a
 * later one.  Sorted by id. */
scenario **scenario_list(const library *lib, size_t *n, problems *probs);
void scenario_list_free(scenario **list, size_t n);

/* Finds a scenario by id ("<id>.ini" on the search path, or any file whose
 * id matches) or by path (a name with a '/').  NULL with problems. */
scenario *scenario_find(const char *id_or_path, const library *lib, problems *probs);

/* True when activity id is in the key's must_include / must_not list. */
bool scenario_key_includes(const scenario *s, const char *act_id);
bool scenario_key_forbids(const scenario *s, const char *act_id);

#endif
