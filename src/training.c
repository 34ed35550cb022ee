/* training.c - role-play scoring against a scenario's key (training.h).
 *
 * The rubric (points, pass mark, blockers) is documented in training.h.
 * Every explanation is one line that teaches the framework: the key's own
 * why.<x> line when the scenario gives one, else a line drawn from the
 * framework's vocabulary below; a wrong defector type also gets the
 * hallmark of the type the trainee chose, so the difference is visible.
 */
#include "training.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"
#include "ini.h"
#include "report.h"
#include "text.h"
#include "vocab.h"
#include "worth.h"

/* Points per group (training.h). */
#define P_TYPE 20.0
#define P_ATTRIBUTION 10.0
#define P_PRIORITY 15.0
#define P_INCLUDE 20.0
#define P_EXCLUDE 10.0
#define P_ANSWERS 5.0

/* ---- the framework in one line each ------------------------------------- */

static const char *const type_hallmark[TYPE_COUNT] = {
    "a bought-away customer leaves for a lower price on much the same offer, "
    "with nothing wrong in ours",
    "a pulled-away customer leaves for a better value proposition (features, "
    "technology, requirements met), not just a lower price",
    "an unintentionally pushed-away customer is driven off by our mistake or "
    "neglect: a failure, a missed delivery, bad communication",
    "a moved-away customer no longer needs what we sell: they moved, took the "
    "work in-house or changed hands",
    "an intentionally pushed-away customer is one we no longer wanted and let go",
};

/* The framework's line for value v of element e. */
static const char *elem_default_why(int e, int v)
{
    switch (e) {
    case SC_TYPE:
        return v >= 0 && v < TYPE_COUNT ? type_hallmark[v] : "";
    case SC_SOURCE:
        return vocab_source_internal(v)
                   ? "the cause lay on our side (salesperson or firm): analyse inside "
                     "and correct the mistake before anything else"
                   : "the cause lay outside (the customer, a competitor or the "
                     "environment)";
    case SC_STABILITY:
        return v == STABILITY_STABLE ? "the cause is stable, likely to recur: build a "
                                       "lasting fix or it happens again"
                                     : "the cause was a one-off: fix it, but it is not "
                                       "a pattern";
    case SC_CONTROL:
        return v == CONTROL_CONTROLLABLE ? "it was preventable with the means we had: "
                                           "take precautions and watch for the cues"
                                         : "it could not have been prevented with the "
                                           "means we had";
    default:
        return v == PRIORITY_PURSUE_NOW ? "worth winning back, and now is the time"
               : v == PRIORITY_WAIT_ACTIVELY ? "worth keeping in touch, but there is no "
                                               "opening yet: wait actively"
                                             : "not worth what a win-back would cost, or "
                                               "we chose to end it: let go gracefully";
    }
}

/* ---- stated ------------------------------------------------------------- */

void stated_init(stated *s)
{
    memset(s, 0, sizeof *s);
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        s->value[e] = -1;
}

void stated_free(stated *s)
{
    if (!s)
        return;
    str_list_free(s->activities, s->nacts);
    stated_init(s);
}

bool stated_has_activity(const stated *s, const char *id)
{
    for (size_t i = 0; s && id && i < s->nacts; i++)
        if (strcmp(s->activities[i], id) == 0)
            return true;
    return false;
}

bool stated_add_activity(stated *s, const char *id)
{
    if (!id || stated_has_activity(s, id))
        return false;
    s->activities = xrealloc(s->activities, (s->nacts + 1) * sizeof *s->activities);
    s->activities[s->nacts++] = xstrdup(id);
    return true;
}

/* Reads one element key of [diagnosis] into out. */
static void read_elem(const ini_file *ini, const ini_section *s, int e, stated *out,
                      problems *probs)
{
    const char *name = scenario_elem_id(e);
    const ini_entry *en = ini_entry_get(s, name);
    if (!en || str_empty(en->value)) {
        problems_add(probs, "%s:%d: diagnosis.%s: missing (required)", ini->path,
                     en ? en->line : s->line, name);
        return;
    }
    char *v = str_trim(xstrdup(en->value));
    out->value[e] = scenario_elem_value_find(e, v);
    if (out->value[e] < 0) {
        char *q = text_sanitize(v, false);
        problems_add(probs, "%s:%d: diagnosis.%s: unknown %s '%s'", ini->path, en->line,
                     name, e == SC_TYPE ? "defector type" : name, q);
        free(q);
    }
    free(v);
}

/* Reads activities = a, b, c. */
static void read_acts(const ini_file *ini, const ini_section *s, const library *lib,
                      stated *out, problems *probs)
{
    const ini_entry *en = ini_entry_get(s, "activities");
    size_t n = 0;
    char **ids = en ? str_split(en->value, ',', &n) : NULL;
    for (size_t i = 0; i < n; i++) {
        char *q = text_sanitize(ids[i], false);
        if (lib && !library_activity(lib, ids[i]))
            problems_add(probs, "%s:%d: diagnosis.activities: unknown activity '%s'",
                         ini->path, en->line, q);
        else if (!stated_add_activity(out, ids[i]))
            problems_add(probs, "%s:%d: diagnosis.activities: '%s' is listed twice",
                         ini->path, en->line, q);
        free(q);
    }
    str_list_free(ids, n);
}

/* Reports unknown sections and keys of a diagnosis file. */
static void read_unknown(const ini_file *ini, problems *probs)
{
    for (size_t i = 0; i < ini->nsections; i++) {
        const ini_section *s = &ini->sections[i];
        if (strcmp(s->name, "diagnosis") != 0) {
            char *q = text_sanitize(s->name, false);
            problems_add(probs, "%s:%d: [%s]: unknown section; expected [diagnosis]",
                         ini->path, s->line, q);
            free(q);
            continue;
        }
        for (size_t k = 0; k < s->nentries; k++) {
            const char *key = s->entries[k].key;
            if (scenario_elem_find(key) < 0 && strcmp(key, "activities") != 0) {
                char *q = text_sanitize(key, false);
                problems_add(probs, "%s:%d: diagnosis.%s: unknown key", ini->path,
                             s->entries[k].line, q);
                free(q);
            }
        }
    }
}

int training_read_stated_lib(const char *path, const library *lib, stated *out,
                             problems *probs)
{
    stated_init(out);
    size_t before = probs->n;
    ini_file *ini = ini_load(path, probs);
    if (!ini)
        return -1;
    const ini_section *s = ini_section_get(ini, "diagnosis");
    if (!s) {
        problems_add(probs, "%s:1: [diagnosis]: missing; a diagnosis file has a "
                     "[diagnosis] section", path);
    } else {
        for (int e = 0; e < SC_ELEM_COUNT; e++)
            read_elem(ini, s, e, out, probs);
        read_acts(ini, s, lib, out, probs);
    }
    read_unknown(ini, probs);
    ini_free(ini);
    return probs->n == before ? 0 : -1;
}

int training_read_stated(const char *path, stated *out, problems *probs)
{
    return training_read_stated_lib(path, NULL, out, probs);
}

/* ---- result ------------------------------------------------------------- */

void training_result_init(training_result *r)
{
    memset(r, 0, sizeof *r);
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        r->program[e] = -1;
    stated_init(&r->diagnosis);
}

void training_result_free(training_result *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nchecks; i++) {
        training_check *c = &r->checks[i];
        free(c->id);
        free(c->label);
        free(c->stated);
        free(c->expected);
        free(c->explanation);
    }
    free(r->checks);
    free(r->scenario_id);
    free(r->scenario_version);
    free(r->scenario_title);
    free(r->rubric_version);
    free(r->program_note);
    stated_free(&r->diagnosis);
    training_result_init(r);
}

const training_check *training_check_find(const training_result *r, const char *id)
{
    for (size_t i = 0; r && id && i < r->nchecks; i++)
        if (strcmp(r->checks[i].id, id) == 0)
            return &r->checks[i];
    return NULL;
}

/* Appends a check; takes ownership of the strings. */
static training_check *add_check(training_result *r, char *id, char *label, bool passed,
                                 double points, char *explanation)
{
    r->checks = xrealloc(r->checks, (r->nchecks + 1) * sizeof *r->checks);
    training_check *c = &r->checks[r->nchecks++];
    *c = (training_check){.id = id, .label = label, .passed = passed, .points = points,
                          .explanation = explanation};
    return c;
}

/* "Bought away" or "(not stated)"; caller frees. */
static char *value_shown(int e, int v)
{
    const char *l = scenario_elem_value_label(e, v);
    return xstrdup(l ? l : "(not stated)");
}

/* The key's accepted values of element e, as "A or B"; caller frees. */
static char *expected_shown(const scenario *sc, int e)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, scenario_elem_value_label(e, sc->key.expected[e]));
    for (int v = 0; v < scenario_elem_value_count(e); v++)
        if (v != sc->key.expected[e] && (sc->key.accepted[e] & (1u << v)))
            sb_addf(&sb, " or %s", scenario_elem_value_label(e, v));
    return sb_take(&sb);
}

/* Capitalised copy of s; caller frees. */
static char *capital(const char *s)
{
    char *c = xstrdup(s);
    if (c[0] >= 'a' && c[0] <= 'z')
        c[0] = (char)(c[0] - 'a' + 'A');
    return c;
}

/* The explanation of element e: why the key's value, and, when the trainee
 * chose another type, the hallmark of that type.  Caller frees. */
static char *elem_explain(const scenario *sc, int e, int said, bool passed)
{
    const char *why = sc->key.why[e];
    char *base = why ? xstrdup(why) : capital(elem_default_why(e, sc->key.expected[e]));
    if (passed || said < 0)
        return base;
    char *out;
    if (e == SC_TYPE)
        out = xasprintf("%s (You chose %s: %s.)", base, scenario_elem_value_label(e, said),
                        type_hallmark[said]);
    else if (e == SC_SOURCE
             && vocab_source_internal(said) == vocab_source_internal(sc->key.expected[e]))
        out = xasprintf("%s (Right side, %s, but not the right party.)", base,
                        vocab_source_internal(said) ? "internal" : "external");
    else
        out = xasprintf("%s (You chose %s.)", base, scenario_elem_value_label(e, said));
    free(base);
    return out;
}

/* One check per element of the key. */
static void score_elements(training_result *r, const scenario *sc, const stated *st)
{
    static const double pts[SC_ELEM_COUNT] = {P_TYPE, P_ATTRIBUTION, P_ATTRIBUTION,
                                              P_ATTRIBUTION, P_PRIORITY};
    for (int e = 0; e < SC_ELEM_COUNT; e++) {
        int said = st->value[e];
        bool ok = said >= 0 && (sc->key.accepted[e] & (1u << said));
        training_check *c = add_check(r, xstrdup(scenario_elem_id(e)),
                                      xstrdup(scenario_elem_label(e)), ok, pts[e],
                                      elem_explain(sc, e, said, ok));
        c->stated = value_shown(e, said);
        c->expected = expected_shown(sc, e);
    }
}

/* Title of activity id, or the id. */
static const char *act_title(const library *lib, const char *id)
{
    const activity *a = library_activity(lib, id);
    return a && a->title ? a->title : id;
}

/* First sentence of the activity's summary; caller frees. */
static char *act_first_sentence(const library *lib, const char *id)
{
    const activity *a = library_activity(lib, id);
    if (!a || !a->summary)
        return xstrdup("");
    const char *dot = strstr(a->summary, ". ");
    return dot ? xstrndup(a->summary, (size_t)(dot - a->summary + 1)) : xstrdup(a->summary);
}

/* One check per activity the key requires. */
static void score_includes(training_result *r, const scenario *sc, const stated *st,
                           const library *lib)
{
    size_t n = sc->key.ninclude;
    for (size_t i = 0; i < n; i++) {
        const scenario_act *a = &sc->key.must_include[i];
        bool ok = stated_has_activity(st, a->id);
        char *why = a->why ? xstrdup(a->why) : act_first_sentence(lib, a->id);
        char *expl = ok ? why : xasprintf("Missing from your plan. %s", why);
        if (!ok)
            free(why);
        training_check *c = add_check(r, xasprintf("include.%s", a->id),
                                      xasprintf("Plan includes %s", act_title(lib, a->id)),
                                      ok, P_INCLUDE / (double)n, expl);
        c->stated = xstrdup(ok ? "chosen" : "not chosen");
        c->expected = xstrdup("chosen");
    }
}

/* One check per activity the key forbids. */
static void score_excludes(training_result *r, const scenario *sc, const stated *st,
                           const library *lib)
{
    size_t n = sc->key.nnot;
    for (size_t i = 0; i < n; i++) {
        const scenario_act *a = &sc->key.must_not[i];
        bool ok = !stated_has_activity(st, a->id);
        char *why = a->why ? xstrdup(a->why)
                           : xasprintf("%s does not fit this case.", act_title(lib, a->id));
        char *expl = ok ? why : xasprintf("Take it out of your plan. %s", why);
        if (!ok)
            free(why);
        training_check *c = add_check(r, xasprintf("exclude.%s", a->id),
                                      xasprintf("Plan leaves out %s", act_title(lib, a->id)),
                                      ok, P_EXCLUDE / (double)n, expl);
        c->stated = xstrdup(ok ? "not chosen" : "chosen");
        c->expected = xstrdup("not chosen");
    }
}

/* The first stated activity carrying tag, or NULL. */
static const char *stated_with_tag(const stated *st, const library *lib, unsigned tag)
{
    for (size_t i = 0; i < st->nacts; i++) {
        const activity *a = library_activity(lib, st->activities[i]);
        if (a && (a->tags & tag))
            return st->activities[i];
    }
    return NULL;
}

/* Adds a blocker check: ok_text (copied) when it passed, fail_text (taken;
 * NULL when it passed) when it failed. */
static void add_blocker(training_result *r, const char *name, const char *label, bool ok,
                        const char *ok_text, char *fail_text)
{
    training_check *c = add_check(r, xasprintf("blocker.%s", name), xstrdup(label), ok, 0,
                                  ok ? xstrdup(ok_text) : fail_text);
    if (ok)
        free(fail_text);
    c->blocker = true;
}

/* Blockers for a customer we let go or pushed away on purpose. */
static void block_let_go(training_result *r, const stated *st, const library *lib)
{
    const char *conc = stated_with_tag(st, lib, ACT_TAG_CONCESSION);
    add_blocker(r, "no_concession_let_go", "No concession to a customer we let go", !conc,
                "Right: no discount or compensation for a customer we decided to let go.",
                conc ? xasprintf("%s gives value away to a customer we decided to let go: "
                                 "it buys back an account that does not pay.",
                                 act_title(lib, conc)) : NULL);
    const char *pur = stated_with_tag(st, lib, ACT_TAG_PURSUIT);
    bool now = st->value[SC_PRIORITY] == PRIORITY_PURSUE_NOW;
    char *fail = pur ? xasprintf("%s courts a customer the key says to let go: end it "
                                 "well instead.", act_title(lib, pur))
                     : xstrdup("You would pursue now a customer the key says to let go: "
                               "end it well instead.");
    add_blocker(r, "no_pursuit_let_go", "No win-back effort for a let-go case",
                !pur && !now, "Right: no win-back effort for a case to let go.", fail);
}

/* Adds the blockers that apply to the key. */
static void score_blockers(training_result *r, const scenario *sc, const stated *st,
                           const library *lib)
{
    const scenario_key *k = &sc->key;
    bool on_purpose = k->expected[SC_TYPE] == TYPE_INTENTIONALLY_PUSHED_AWAY;
    if (on_purpose || k->expected[SC_PRIORITY] == PRIORITY_LET_GO)
        block_let_go(r, st, lib);
    if (!on_purpose && vocab_source_internal(k->expected[SC_SOURCE])
        && k->expected[SC_CONTROL] == CONTROL_CONTROLLABLE) {
        bool ok = stated_with_tag(st, lib, ACT_TAG_APOLOGY) != NULL;
        add_blocker(r, "apology_first", "An apology when we were at fault", ok,
                    "Right: we caused a preventable loss, so the apology comes first.",
                    xstrdup("We caused the loss and could have prevented it: without an "
                            "apology and taking responsibility, any offer looks like "
                            "buying silence."));
    }
    if (k->expected[SC_PRIORITY] == PRIORITY_PURSUE_NOW) {
        const char *bye = stated_with_tag(st, lib, ACT_TAG_FAREWELL);
        add_blocker(r, "no_farewell_pursue", "No farewell to a customer worth pursuing",
                    !bye, "Right: nothing in the plan ends a relationship worth pursuing.",
                    bye ? xasprintf("%s ends a relationship the key says to pursue now.",
                                    act_title(lib, bye)) : NULL);
    }
}

/* Classifies the trainee's answers into r->program. */
static void run_program(training_result *r, const form *f, const answer_set *a)
{
    diagnosis d;
    classify(f, a, &d);
    worth_assess(f, a, &d);
    for (int e = 0; e < DIM_COUNT; e++)
        r->program[e] = d.dim[e].computed;
    r->program[SC_PRIORITY] = d.priority;
    r->has_program = true;
    diagnosis_free(&d);
}

/* The answers check: the program's type for the trainee's answers against
 * the key; and the program against the stated diagnosis (program_note). */
static void score_answers(training_result *r, const scenario *sc, const stated *st)
{
    int p = r->program[SC_TYPE];
    bool ok = p >= 0 && (sc->key.accepted[SC_TYPE] & (1u << p));
    const char *key_label = scenario_elem_value_label(SC_TYPE, sc->key.expected[SC_TYPE]);
    char *expl = ok ? xasprintf("Your debrief answers tell the story of the case: the "
                                "program reads them as %s too.",
                                scenario_elem_value_label(SC_TYPE, p))
               : p < 0 ? xstrdup("Your debrief answers carry no evidence of why the "
                                 "customer left: answer the probing questions.")
                       : xasprintf("Your debrief answers point to %s, but the case is %s: "
                                   "your answers told a different story than the case.",
                                   scenario_elem_value_label(SC_TYPE, p), key_label);
    training_check *c = add_check(r, xstrdup("answers"),
                                  xstrdup("Debrief answers fit the case"), ok, P_ANSWERS, expl);
    c->stated = value_shown(SC_TYPE, p);
    c->expected = expected_shown(sc, SC_TYPE);
    if (p >= 0 && st->value[SC_TYPE] >= 0 && p != st->value[SC_TYPE])
        r->program_note = xasprintf("Your own answers point to %s, but you diagnosed %s: "
                                    "your answers told a different story than your "
                                    "diagnosis.", scenario_elem_value_label(SC_TYPE, p),
                                    scenario_elem_value_label(SC_TYPE, st->value[SC_TYPE]));
}

/* Sums the points and sets score, passed and blocked. */
static void total(training_result *r)
{
    double avail = 0, got = 0;
    for (size_t i = 0; i < r->nchecks; i++) {
        avail += r->checks[i].points;
        if (r->checks[i].passed)
            got += r->checks[i].points;
        if (r->checks[i].blocker && !r->checks[i].passed)
            r->blocked = true;
    }
    r->score = avail > 0 ? (int)lround(100.0 * got / avail) : 0;
    r->pass_mark = TRAINING_PASS_MARK;
    r->passed = r->score >= r->pass_mark && !r->blocked;
}

void training_score(const scenario *sc, const stated *st, const form *f,
                    const answer_set *answers, const library *lib, training_result *out)
{
    training_result_init(out);
    out->scenario_id = xstrdup(sc->id);
    out->scenario_version = xstrdup(sc->version);
    out->scenario_title = xstrdup(sc->title);
    out->rubric_version = xstrdup(TRAINING_RUBRIC_VERSION);
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        out->diagnosis.value[e] = st->value[e];
    for (size_t i = 0; i < st->nacts; i++)
        stated_add_activity(&out->diagnosis, st->activities[i]);
    score_elements(out, sc, st);
    score_includes(out, sc, st, lib);
    score_excludes(out, sc, st, lib);
    if (f && answers) {
        run_program(out, f, answers);
        score_answers(out, sc, st);
    }
    score_blockers(out, sc, st, lib);
    total(out);
}

/* ---- rendering ---------------------------------------------------------- */

/* Adds s (sanitised) wrapped to width: the first line after indent, the
 * others after more (a hanging indent). */
static void add_wrapped2(strbuf *sb, const char *s, int width, const char *indent,
                         const char *more)
{
    char *clean = text_sanitize(s ? s : "", false);
    int cols = width - text_width(more);
    size_t n = 0;
    char **lines = text_wrap(clean, cols < 20 ? 20 : cols, &n);
    for (size_t i = 0; i < n; i++)
        sb_addf(sb, "%s%s\n", i ? more : indent, lines[i]);
    str_list_free(lines, n);
    free(clean);
}

/* Adds s wrapped to width, every line after indent. */
static void add_wrapped(strbuf *sb, const char *s, int width, const char *indent)
{
    add_wrapped2(sb, s, width, indent, indent);
}

/* "+15 since last time" and the like; caller frees; NULL without previous. */
static char *since_last(int score, int previous)
{
    if (previous < 0)
        return NULL;
    int d = score - previous;
    if (d == 0)
        return xasprintf("same as last time (%d)", previous);
    return xasprintf("%+d since last time (%d)", d, previous);
}

/* The header lines: scenario, score, verdict. */
static void text_header(strbuf *sb, const training_result *r, int previous, int width)
{
    char *title = xasprintf("Training feedback: %s (scenario %s, version %s)",
                            r->scenario_title, r->scenario_id, r->scenario_version);
    add_wrapped2(sb, title, width, "", "    ");
    free(title);
    char *since = since_last(r->score, previous);
    sb_addf(sb, "Score: %d/100, pass mark %d%s%s\n", r->score, r->pass_mark,
            since ? ", " : "", since ? since : "");
    free(since);
    const char *verdict = r->passed ? "PASSED"
                          : r->blocked ? "FAILED: a blocker failed, whatever the score"
                                       : "FAILED: below the pass mark";
    sb_addf(sb, "Result: %s\n", verdict);
}

/* One check as "[x] label: yours ..., key ..." and its explanation.  The
 * element checks show both values; the answers check shows the program's
 * reading; activity checks and blockers say it in the label. */
static void text_check(strbuf *sb, const training_check *c, int width)
{
    const char *mark = c->passed ? "[x]" : c->blocker ? "[!]" : "[ ]";
    char *line;
    if (strcmp(c->id, "answers") == 0)
        line = xasprintf("%s %s: the program reads them as %s", mark, c->label, c->stated);
    else if (c->stated && c->expected && !strchr(c->id, '.'))
        line = xasprintf("%s %s: yours %s, key %s", mark, c->label, c->stated, c->expected);
    else
        line = xasprintf("%s %s", mark, c->label);
    add_wrapped2(sb, line, width, "", "    ");
    free(line);
    add_wrapped(sb, c->explanation, width, "      ");
}

char *training_render_text(const training_result *r, int previous, int width)
{
    strbuf sb;
    sb_init(&sb);
    if (width <= 0)
        width = 78;
    text_header(&sb, r, previous, width);
    bool any_blocker = false;
    sb_add(&sb, "\nYour diagnosis and plan against the key:\n");
    for (size_t i = 0; i < r->nchecks; i++) {
        if (r->checks[i].blocker)
            any_blocker = true;
        else
            text_check(&sb, &r->checks[i], width);
    }
    if (any_blocker) {
        sb_add(&sb, "\nBlockers (any one fails the session):\n");
        for (size_t i = 0; i < r->nchecks; i++)
            if (r->checks[i].blocker)
                text_check(&sb, &r->checks[i], width);
    }
    if (r->program_note) {
        sb_add(&sb, "\n");
        add_wrapped(&sb, r->program_note, width, "");
    }
    return sb_take(&sb);
}

/* Appends "key": and a JSON string (or null). */
static void json_kv(strbuf *sb, const char *key, const char *value, bool comma)
{
    json_add_string(sb, key);
    sb_add(sb, ":");
    if (value)
        json_add_string(sb, value);
    else
        sb_add(sb, "null");
    if (comma)
        sb_add(sb, ",");
}

/* One check as a JSON object. */
static void json_check(strbuf *sb, const training_check *c)
{
    sb_add(sb, "{");
    json_kv(sb, "id", c->id, true);
    json_kv(sb, "label", c->label, true);
    json_kv(sb, "stated", c->stated, true);
    json_kv(sb, "expected", c->expected, true);
    sb_addf(sb, "\"passed\":%s,\"blocker\":%s,\"points\":%.2f,",
            c->passed ? "true" : "false", c->blocker ? "true" : "false", c->points);
    json_kv(sb, "explanation", c->explanation, false);
    sb_add(sb, "}");
}

/* The trainee's diagnosis as a JSON object of ids. */
static void json_stated(strbuf *sb, const stated *st)
{
    sb_add(sb, "{");
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        json_kv(sb, scenario_elem_id(e), scenario_elem_value_id(e, st->value[e]), true);
    sb_add(sb, "\"activities\":[");
    for (size_t i = 0; i < st->nacts; i++) {
        if (i)
            sb_add(sb, ",");
        json_add_string(sb, st->activities[i]);
    }
    sb_add(sb, "]}");
}

/* The program's reading of the answers as a JSON object (or null). */
static void json_program(strbuf *sb, const training_result *r)
{
    if (!r->has_program) {
        sb_add(sb, "null");
        return;
    }
    sb_add(sb, "{");
    for (int e = 0; e < SC_ELEM_COUNT; e++)
        json_kv(sb, scenario_elem_id(e), scenario_elem_value_id(e, r->program[e]), true);
    json_kv(sb, "note", r->program_note, false);
    sb_add(sb, "}");
}

char *training_render_json(const training_result *r, int previous)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "{\"scenario\":{");
    json_kv(&sb, "id", r->scenario_id, true);
    json_kv(&sb, "version", r->scenario_version, true);
    json_kv(&sb, "title", r->scenario_title, false);
    sb_add(&sb, "},");
    json_kv(&sb, "rubric_version", r->rubric_version, true);
    sb_addf(&sb, "\"score\":%d,\"pass_mark\":%d,\"passed\":%s,\"blocked\":%s,", r->score,
            r->pass_mark, r->passed ? "true" : "false", r->blocked ? "true" : "false");
    if (previous >= 0)
        sb_addf(&sb, "\"previous_score\":%d,\"change\":%d,", previous, r->score - previous);
    else
        sb_add(&sb, "\"previous_score\":null,\"change\":null,");
    sb_add(&sb, "\"diagnosis\":");
    json_stated(&sb, &r->diagnosis);
    sb_add(&sb, ",\"checks\":[");
    for (size_t i = 0; i < r->nchecks; i++) {
        if (i)
            sb_add(&sb, ",");
        json_check(&sb, &r->checks[i]);
    }
    sb_add(&sb, "],\"program\":");
    json_program(&sb, r);
    sb_add(&sb, "}");
    return sb_take(&sb);
}

/* The accepted values of element e as a JSON array, expected first. */
static void json_accepted(strbuf *sb, const scenario *sc, int e)
{
    sb_add(sb, "[");
    json_add_string(sb, scenario_elem_value_id(e, sc->key.expected[e]));
    for (int v = 0; v < scenario_elem_value_count(e); v++)
        if (v != sc->key.expected[e] && (sc->key.accepted[e] & (1u << v))) {
            sb_add(sb, ",");
            json_add_string(sb, scenario_elem_value_id(e, v));
        }
    sb_add(sb, "]");
}

/* A list of key activities as a JSON array of ids. */
static void json_acts(strbuf *sb, const scenario_act *a, size_t n)
{
    sb_add(sb, "[");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_add(sb, ",");
        json_add_string(sb, a[i].id);
    }
    sb_add(sb, "]");
}

char *training_freeze(const scenario *sc)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "{\"rubric\":{");
    json_kv(&sb, "version", TRAINING_RUBRIC_VERSION, true);
    sb_addf(&sb, "\"pass_mark\":%d,\"points\":{\"type\":%g,\"source\":%g,\"stability\":%g,"
            "\"control\":%g,\"priority\":%g,\"include\":%g,\"exclude\":%g,\"answers\":%g}},",
            TRAINING_PASS_MARK, P_TYPE, P_ATTRIBUTION, P_ATTRIBUTION, P_ATTRIBUTION,
            P_PRIORITY, P_INCLUDE, P_EXCLUDE, P_ANSWERS);
    sb_add(&sb, "\"scenario\":{");
    json_kv(&sb, "id", sc->id, true);
    json_kv(&sb, "version", sc->version, true);
    json_kv(&sb, "title", sc->title, true);
    json_kv(&sb, "difficulty", scenario_difficulty_id(sc->difficulty), true);
    json_kv(&sb, "form", sc->form_id, true);
    sb_add(&sb, "\"key\":{");
    for (int e = 0; e < SC_ELEM_COUNT; e++) {
        json_add_string(&sb, scenario_elem_id(e));
        sb_add(&sb, ":");
        json_accepted(&sb, sc, e);
        sb_add(&sb, ",");
    }
    sb_add(&sb, "\"must_include\":");
    json_acts(&sb, sc->key.must_include, sc->key.ninclude);
    sb_add(&sb, ",\"must_not\":");
    json_acts(&sb, sc->key.must_not, sc->key.nnot);
    sb_add(&sb, "}}}");
    return sb_take(&sb);
}
