/* form.h - interview forms: the model and the loader.
 *
 * A form is data, an INI file (see forms/README.md for the format).  The
 * loader reads it through ini.h, validates everything, and either returns a
 * complete form or NULL with every problem reported (file:line and the
 * question id).  A form that loads is safe to use without further checks:
 * every show-if names an earlier question, every evidence target exists,
 * every choice has a label.
 */
#ifndef WINBACK_FORM_H
#define WINBACK_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

typedef enum qtype {
    Q_TEXT,       /* "text": one line */
    Q_NARRATIVE,  /* "narrative": long, multi-line, word-wrapped */
    Q_CHOICE,     /* "choice": exactly one of choices */
    Q_MULTI,      /* "multi": any subset of choices */
    Q_NUMBER,     /* "number": min/max/unit */
    Q_MONEY,      /* "money": amount, unit is the currency */
    Q_PERCENT,    /* "percent": 0..100 */
    Q_DATE,       /* "date": YYYY-MM-DD */
    Q_SCALE,      /* "scale": 1..5 */
    Q_YESNO,      /* "yesno": yes / no / unsure */
    Q_TYPE_COUNT
} qtype;

const char *qtype_id(qtype t);     /* "text", ... */
int qtype_find(const char *id);    /* -1 when unknown */
bool qtype_has_choices(qtype t);   /* choice, multi, scale, yesno */
bool qtype_is_numeric(qtype t);    /* number, money, percent, scale */

/* One piece of evidence a choice carries: it points to value `value` of
 * dimension `dim` (enum dim in vocab.h) with weight `weight` (> 0). */
typedef struct evidence {
    int dim;
    int value;
    double weight;
} evidence;

typedef struct choice {
    char *id;        /* stable id stored as the answer */
    char *label;     /* shown to the user */
    evidence *ev;    /* owned; may be NULL */
    size_t nev;
} choice;

struct cond;         /* a parsed show-if condition; opaque */

typedef struct question {
    char *id;
    char *prompt;
    char *help;          /* may be NULL */
    size_t section;      /* index into form.sections */
    qtype type;
    bool required;
    bool dontknow;       /* "Don't know" is an accepted answer */
    bool past;           /* date: must not be after today ("past = yes") */
    bool claim;          /* evidence is the salesperson's own claim: used
                            to detect a mismatch, never scored */
    char *def;           /* default, canonical form; may be NULL */
    char *show_if;       /* source text of the condition; may be NULL */
    struct cond *cond;   /* parsed show_if; NULL = always shown */
    char *choices_from;  /* choice: only choices ticked in this earlier multi
                            question may be picked ("choices_from = reasons") */
    char *role;          /* semantic role (see forms/README.md); may be NULL */
    choice *choices;     /* choice/multi from the file; yesno and scale
                            get synthesised choices "yes","no","unsure" and
                            "1".."5" (with file-given evidence/labels) */
    size_t nchoices;
    double min, max;     /* number/money/percent/scale bounds */
    bool has_min, has_max;
    char *unit;          /* may be NULL */
    size_t maxlen;       /* bytes, text and narrative */
    int line;            /* line of the [q.<id>] header in the file */
} question;

typedef struct form_section {
    char *id;
    char *title;
    char *intro;         /* may be NULL */
} form_section;

typedef struct form {
    char *path;          /* file it was loaded from */
    char *id;
    char *version;
    char *title;
    char *description;   /* may be NULL */
    char *continues;     /* id of a fuller form this one can grow into; may be NULL */
    form_section *sections;
    size_t nsections;
    question *questions; /* in file order, grouped by section order */
    size_t nquestions;
} form;

/* Loads and validates the form at path.  Returns NULL and appends every
 * problem found to probs (which must be initialised) when the form is not
 * usable.  Warnings never make it fail.  Caller frees with form_free. */
form *form_load(const char *path, problems *probs);
/* Same, from memory (for fuzzing and tests); name is used in messages and
 * as the form's path. */
form *form_load_mem(const char *data, size_t len, const char *name, problems *probs);
void form_free(form *f);

/* Index of question qid, or -1. */
int form_find(const form *f, const char *qid);
const question *form_question(const form *f, const char *qid);
/* The first question whose role is `role`, or NULL. */
const question *form_by_role(const form *f, const char *role);
/* Index of choice id in q, or -1. */
int question_choice(const question *q, const char *id);

struct answer_set;
/* True when question qi is shown given the answers so far (its show-if
 * holds; a question whose condition names an unanswered question is
 * hidden). */
bool form_visible(const form *f, size_t qi, const struct answer_set *a);

#endif
