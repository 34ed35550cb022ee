/* report.c - gather one session and render it as text, JSON or Markdown. */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "text.h"
#include "vocab.h"
#include "worth.h"

int report_format_find(const char *name)
{
    if (!name)
        return -1;
    if (strcmp(name, "text") == 0 || strcmp(name, "table") == 0)
        return REPORT_TEXT;
    if (strcmp(name, "json") == 0)
        return REPORT_JSON;
    if (strcmp(name, "markdown") == 0 || strcmp(name, "md") == 0)
        return REPORT_MARKDOWN;
    if (strcmp(name, "tsv") == 0)
        return REPORT_TSV;
    return -1;
}

form *report_open_form(const char *form_id, problems *probs)
{
    char *name = xasprintf("%s.ini", form_id ? form_id : "");
    char *path = NULL;
    bool safe = form_id && *form_id && !strchr(form_id, '/');
    if (safe)
        path = paths_find("forms", name);
    form *f = NULL;
    if (!path)
        problems_add(probs, "form '%s' not found (looked for %s in the forms directories)",
                     form_id ? form_id : "", name);
    else
        f = form_load(path, probs);
    free(path);
    free(name);
    return f;
}

/* True when the diagnosis can be recomputed: the form it was made with is
 * the one loaded (same version).  Otherwise says why in doc->form_problem. */
static bool report_can_recompute(session_doc *doc, const diagnosis *stored)
{
    if (!doc->f)
        return false;
    const char *was = stored->form_version && *stored->form_version ? stored->form_version
                                                                     : doc->info.form_version;
    if (!was || str_eq(was, doc->f->version))
        return true;
    if (!doc->form_problem)
        doc->form_problem = xasprintf("the diagnosis was made with version %s of form '%s', "
                                      "which is now version %s: it is shown as saved, "
                                      "without its evidence", was, doc->f->id,
                                      doc->f->version);
    return false;
}

/* Recomputes the diagnosis of doc (deterministic for the same form version)
 * and lays the stored overrides over it; keeps the stored values when the
 * form is missing or has changed since. */
static void report_diagnose(store *st, session_doc *doc)
{
    diagnosis stored;
    diagnosis_init(&stored);
    if (store_diagnosis_load(st, doc->info.id, &stored, NULL) != STORE_OK) {
        diagnosis_free(&stored);
        return;
    }
    doc->has_diag = true;
    if (!report_can_recompute(doc, &stored)) {
        diagnosis_free(&doc->diag);
        doc->diag = stored;
        return;
    }
    classify(doc->f, &doc->answers, &doc->diag);
    worth_assess(doc->f, &doc->answers, &doc->diag);
    diagnosis_apply_overrides(&doc->diag, &stored);
    diagnosis_free(&stored);
}

int report_load(store *st, int64_t id, session_doc *out, char **err)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i <= DIM_COUNT; i++)
        out->review.value[i] = -1;
    answers_init(&out->answers);
    diagnosis_init(&out->diag);
    plan_init(&out->plan);
    int rc = store_session_get(st, id, &out->info, err);
    if (rc != STORE_OK)
        return rc;
    problems probs;
    problems_init(&probs);
    out->f = report_open_form(out->info.form_id, &probs);
    if (!out->f && probs.n)
        out->form_problem = xstrdup(probs.msg[0]);
    problems_free(&probs);
    rc = store_answers_load(st, id, &out->answers, err);
    if (rc != STORE_OK)
        return rc;
    report_diagnose(st, out);
    out->has_plan = store_plan_load(st, id, &out->plan, NULL) == STORE_OK;
    rc = review_overrides_load(st, id, &out->review, err);
    if (rc == STORE_OK)
        rc = review_comments(st, id, &out->comments, &out->ncomments, err);
    if (rc == STORE_OK)
        rc = store_changes(st, id, &out->changes, &out->nchanges, err);
    return rc;
}

void report_free(session_doc *doc)
{
    session_info_free(&doc->info);
    form_free(doc->f);
    free(doc->form_problem);
    answers_free(&doc->answers);
    diagnosis_free(&doc->diag);
    plan_free(&doc->plan);
    change_list_free(doc->changes, doc->nchanges);
    comment_list_free(doc->comments, doc->ncomments);
    review_overrides_free(&doc->review);
    memset(doc, 0, sizeof *doc);
}

/* ---- helpers ----------------------------------------------------------- */

/* Appends code point cp (n bytes at p) to a JSON string: controls (C0, DEL,
 * C1) as \u escapes, so that no terminal sequence survives, and bytes that
 * are not UTF-8 as U+FFFD, so that the document stays valid. */
static void json_add_cp(strbuf *sb, const char *p, size_t n, unsigned cp)
{
    switch (cp) {
    case '"': sb_add(sb, "\\\""); return;
    case '\\': sb_add(sb, "\\\\"); return;
    case '\n': sb_add(sb, "\\n"); return;
    case '\r': sb_add(sb, "\\r"); return;
    case '\t': sb_add(sb, "\\t"); return;
    default: break;
    }
    bool invalid = cp == 0xFFFD && !(n == 3 && memcmp(p, "\xEF\xBF\xBD", 3) == 0);
    if (invalid)
        sb_add(sb, "\\ufffd");
    else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
        sb_addf(sb, "\\u%04x", cp);
    else
        sb_addn(sb, p, n);
}

void json_add_string(strbuf *sb, const char *s)
{
    if (!s) {
        sb_add(sb, "null");
        return;
    }
    sb_addc(sb, '"');
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        unsigned cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        json_add_cp(sb, s + i, n, cp);
        i += n;
    }
    sb_addc(sb, '"');
}

/* Appends user text, sanitised for a terminal. */
static void add_clean(strbuf *sb, const char *s, bool keep_newlines)
{
    char *c = text_sanitize(s ? s : "", keep_newlines);
    sb_add(sb, c);
    free(c);
}

/* Appends text indented by `indent` spaces on every line. */
static void add_indented(strbuf *sb, const char *s, int indent)
{
    char *c = text_sanitize(s ? s : "", true);
    size_t n;
    char **lines = text_wrap(c, 76 - indent, &n);
    for (size_t i = 0; i < n; i++)
        sb_addf(sb, "%*s%s\n", indent, "", lines[i]);
    str_list_free(lines, n);
    free(c);
}

static const char *status_id(int status)
{
    return status == SESSION_FINISHED ? "finished" : "open";
}

static const char *value_label(int dim, int v)
{
    const char *l = vocab_value_label(dim, v);
    return l ? l : "undetermined";
}

static const char *activity_title(const library *lib, const char *id)
{
    const activity *a = lib ? library_activity(lib, id) : NULL;
    return a ? a->title : id;
}

/* The displayed answer of question q (caller frees) or NULL if none. */
static char *answer_text(const session_doc *doc, const question *q)
{
    const answer *a = answers_get(&doc->answers, q->id);
    return a ? answer_display(q, a) : NULL;
}

/* ---- text and markdown ------------------------------------------------- */

static void text_header(strbuf *sb, const session_doc *doc, bool md)
{
    const session_info *s = &doc->info;
    if (md) {
        sb_add(sb, "# Win-back debrief: ");
        add_clean(sb, s->account ? s->account : "(no account name)", false);
        sb_add(sb, "\n\n");
    } else {
        sb_addf(sb, "Session %lld: ", (long long)s->id);
        add_clean(sb, s->account ? s->account : "(no account name)", false);
        sb_add(sb, "\n");
    }
    const char *b = md ? "- " : "  ";
    sb_addf(sb, "%sSalesperson: ", b);
    add_clean(sb, s->salesperson, false);
    sb_addf(sb, "\n%sForm: ", b);
    add_clean(sb, s->form_id, false);
    sb_add(sb, " version ");
    add_clean(sb, s->form_version, false);
    sb_addf(sb, "\n%sStatus: %s%s\n%sCreated: ", b, status_id(s->status),
            s->training ? " (training)" : "", b);
    add_clean(sb, s->created, false);
    sb_add(sb, ", updated: ");
    add_clean(sb, s->updated, false);
    sb_addf(sb, "\n%sOutcome: %s", b, outcome_label(s->outcome));
    if (s->outcome_date) {
        sb_add(sb, " on ");
        add_clean(sb, s->outcome_date, false);
    }
    if (s->outcome_note) {
        sb_add(sb, ": ");
        add_clean(sb, s->outcome_note, false);
    }
    sb_add(sb, "\n");
    if (doc->form_problem) {
        sb_addf(sb, "%sNote: ", b);
        add_clean(sb, doc->form_problem, false);
        sb_add(sb, "\n");
    }
}

/* Answers when the form is missing: question ids and raw values. */
static void text_raw_answers(strbuf *sb, const session_doc *doc, bool md)
{
    for (size_t i = 0; i < doc->answers.n; i++) {
        const answer *a = &doc->answers.items[i];
        sb_add(sb, md ? "- **" : "  ");
        add_clean(sb, a->qid, false);
        sb_add(sb, md ? "**: " : ": ");
        add_clean(sb, a->dontknow ? "Don't know" : a->value, false);
        sb_add(sb, "\n");
    }
}

/* One answered question: its prompt, then the answer t. */
static void text_one_answer(strbuf *sb, const question *q, const char *t, bool md)
{
    sb_add(sb, md ? "- **" : "  ");
    add_clean(sb, q->prompt, false);
    sb_add(sb, md ? "**" : "");
    if (q->type != Q_NARRATIVE) {
        sb_add(sb, md ? ": " : "\n      ");
        add_clean(sb, t, false);
        sb_add(sb, "\n");
    } else if (md) {
        sb_add(sb, "\n\n");
        add_indented(sb, t, 2);
        sb_add(sb, "\n");
    } else {
        sb_add(sb, "\n");
        add_indented(sb, t, 6);
    }
}

/* The answers in form order, under their section titles. */
static void text_answers(strbuf *sb, const session_doc *doc, bool md)
{
    sb_add(sb, md ? "\n## Answers\n" : "\nANSWERS\n");
    if (!doc->f) {
        text_raw_answers(sb, doc, md);
        return;
    }
    size_t last = (size_t)-1;
    for (size_t i = 0; i < doc->f->nquestions; i++) {
        const question *q = &doc->f->questions[i];
        char *t = answer_text(doc, q);
        if (!t)
            continue;
        if (q->section != last) {
            last = q->section;
            sb_add(sb, md ? "\n### " : "\n  -- ");
            add_clean(sb, doc->f->sections[q->section].title, false);
            sb_add(sb, md ? "\n\n" : " --\n");
        }
        text_one_answer(sb, q, t, md);
        free(t);
    }
}

static void text_dim(strbuf *sb, const dim_result *r, int d, bool md)
{
    sb_addf(sb, md ? "- **%s**: %s" : "  %-16s %s", vocab_dim_label(d), value_label(d, r->final));
    if (d == DIM_SOURCE && r->final >= 0)
        sb_addf(sb, " (%s)", vocab_source_internal(r->final) ? "internal" : "external");
    if (r->computed >= 0)
        sb_addf(sb, ", confidence %s (%.0f%%)", confidence_word(r->confidence),
                r->confidence * 100.0);
    sb_add(sb, "\n");
    if (r->override_reason) {
        sb_addf(sb, md ? "  - Overridden; computed: %s. Reason: " : "      overridden; computed: %s. Reason: ",
                value_label(d, r->computed));
        add_clean(sb, r->override_reason, false);
        sb_add(sb, "\n");
    }
    if (r->close && r->runner_up >= 0)
        sb_addf(sb, md ? "  - Close runner-up: %s\n" : "      close runner-up: %s\n",
                value_label(d, r->runner_up));
    for (size_t i = 0; i < r->nev; i++) {
        const diag_evidence *e = &r->ev[i];
        sb_addf(sb, md ? "  - %s %.1f: " : "      -> %s %.1f: ", value_label(d, e->value), e->weight);
        add_clean(sb, e->prompt, false);
        sb_add(sb, " = ");
        add_clean(sb, e->answer, false);
        sb_add(sb, "\n");
    }
}

static void text_diagnosis(strbuf *sb, const session_doc *doc, bool md)
{
    const diagnosis *d = &doc->diag;
    sb_add(sb, md ? "\n## Diagnosis\n\n" : "\nDIAGNOSIS\n");
    if (!doc->has_diag) {
        sb_add(sb, md ? "Not classified yet.\n" : "  Not classified yet.\n");
        return;
    }
    if (d->low_evidence)
        sb_add(sb, md ? "> Few answers carried evidence: confidence is low.\n\n"
                      : "  Few answers carried evidence: confidence is low.\n");
    for (int i = 0; i < DIM_COUNT; i++)
        text_dim(sb, &d->dim[i], i, md);
    if (d->claimed_label || d->claimed_text) {
        sb_add(sb, md ? "- **Salesperson's own reason**: " : "  Own reason:      ");
        add_clean(sb, d->claimed_text ? d->claimed_text : d->claimed_label, false);
        sb_add(sb, "\n");
    }
    if (d->mismatch && d->mismatch_text) {
        sb_add(sb, md ? "\n> **Check:** " : "  CHECK: ");
        add_clean(sb, d->mismatch_text, false);
        sb_add(sb, "\n");
    }
    sb_addf(sb, md ? "\n**Priority: %s**" : "\n  Priority: %s",
            d->priority_final >= 0 ? priority_label(d->priority_final) : "not assessed");
    if (d->priority_override_reason) {
        sb_add(sb, " (overridden: ");
        add_clean(sb, d->priority_override_reason, false);
        sb_add(sb, ")");
    }
    sb_add(sb, md ? "\n\n" : "\n");
    for (size_t i = 0; i < d->nreasons; i++) {
        sb_add(sb, md ? "- " : "    - ");
        add_clean(sb, d->reasons[i], false);
        sb_add(sb, "\n");
    }
}

/* The manager's overrides, beside the values they replace. */
static void text_review(strbuf *sb, const session_doc *doc, bool md)
{
    const review_overrides *r = &doc->review;
    bool any = false;
    for (int i = 0; i <= DIM_COUNT; i++)
        any |= r->value[i] >= 0;
    if (!any)
        return;
    sb_add(sb, md ? "\n## Manager's review\n\n" : "\nMANAGER'S REVIEW\n");
    for (int i = 0; i <= DIM_COUNT; i++) {
        if (r->value[i] < 0)
            continue;
        sb_addf(sb, md ? "- **%s**: %s, by " : "  %-16s %s, by ", diag_dim_label(i),
                diag_value_label(i, r->value[i]));
        add_clean(sb, r->who[i] ? r->who[i] : "?", false);
        sb_addf(sb, " on %.10s. Reason: ", r->at[i] ? r->at[i] : "?");
        add_clean(sb, r->reason[i], false);
        sb_add(sb, "\n");
    }
}

static void text_comments(strbuf *sb, const session_doc *doc, bool md)
{
    if (!doc->ncomments)
        return;
    sb_add(sb, md ? "\n## Comments\n\n" : "\nCOMMENTS\n");
    for (size_t i = 0; i < doc->ncomments; i++) {
        const comment *c = &doc->comments[i];
        sb_add(sb, md ? "- **" : "  ");
        add_clean(sb, c->who ? c->who : "?", false);
        sb_addf(sb, md ? "**, %.16s: " : ", %.16s:\n", c->at ? c->at : "?");
        if (md)
            add_clean(sb, c->body, false);
        else
            add_indented(sb, c->body, 4);
        sb_add(sb, "\n");
    }
}

/* One change as "old -> new" with its target (an answer's question is
 * named by its prompt when the form is known). */
static void text_change(strbuf *sb, const session_doc *doc, const change *c)
{
    const question *q = doc->f && str_eq(c->kind, "answer") && c->target
                            ? form_question(doc->f, c->target) : NULL;
    add_clean(sb, c->kind, false);
    if (q) {
        sb_add(sb, " \"");
        add_clean(sb, q->prompt, false);
        sb_add(sb, "\"");
    } else if (c->target) {
        sb_add(sb, " ");
        add_clean(sb, c->target, false);
    }
    sb_add(sb, ": ");
    add_clean(sb, c->old_value ? c->old_value : "(none)", false);
    sb_add(sb, " -> ");
    add_clean(sb, c->new_value ? c->new_value : "(none)", false);
    if (c->reason) {
        sb_add(sb, " (why: ");
        add_clean(sb, c->reason, false);
        sb_add(sb, ")");
    }
}

static void text_history(strbuf *sb, const session_doc *doc, bool md)
{
    if (!doc->nchanges)
        return;
    sb_add(sb, md ? "\n## History of changes\n\n" : "\nHISTORY OF CHANGES\n");
    for (size_t i = 0; i < doc->nchanges; i++) {
        const change *c = &doc->changes[i];
        sb_addf(sb, md ? "- %.16s, " : "  %.16s  ", c->at ? c->at : "?");
        add_clean(sb, c->who ? c->who : "winback", false);
        sb_add(sb, md ? ": " : ": ");
        text_change(sb, doc, c);
        sb_add(sb, "\n");
    }
}

static const char *status_mark(int s)
{
    static const char *const marks[] = {"[ ]", "[~]", "[x]", "[-]"};
    return (s >= 0 && s < ITEM_STATUS_COUNT) ? marks[s] : "[?]";
}

static void text_plan_part(strbuf *sb, const char *title, const char *body, bool md)
{
    if (str_empty(body))
        return;
    sb_addf(sb, md ? "\n### %s\n\n" : "  %s:\n", title);
    add_indented(sb, body, md ? 0 : 6);
}

/* The checklist items of justice dimension j. */
static void text_checklist(strbuf *sb, const plan *p, int j, bool md)
{
    sb_addf(sb, md ? "\n### Checklist: %s\n\n" : "  Checklist, %s:\n", justice_label(j));
    for (size_t i = 0; i < p->nitems; i++) {
        const plan_item *it = &p->items[i];
        if (it->justice != j)
            continue;
        sb_addf(sb, md ? "- %s " : "    %s ", status_mark(it->status));
        add_clean(sb, it->text, false);
        if (it->owner) {
            sb_add(sb, " (owner: ");
            add_clean(sb, it->owner, false);
            sb_add(sb, ")");
        }
        if (it->due) {
            sb_add(sb, " (due ");
            add_clean(sb, it->due, false);
            sb_add(sb, ")");
        }
        sb_add(sb, "\n");
    }
}

/* A bulleted list under a heading (warnings, rules of conduct). */
static void text_bullets(strbuf *sb, const char *head_md, const char *head_text,
                         const char *bullet_md, const char *bullet_text,
                         char *const *lines, size_t n, bool md)
{
    if (n && (md ? head_md : head_text))
        sb_add(sb, md ? head_md : head_text);
    for (size_t i = 0; i < n; i++) {
        sb_add(sb, md ? bullet_md : bullet_text);
        add_clean(sb, lines[i], false);
        sb_add(sb, "\n");
    }
}

static void text_activities(strbuf *sb, const plan *p, const library *lib, bool md)
{
    sb_add(sb, md ? "\n### Activities\n\n" : "  Activities:\n");
    for (size_t i = 0; i < p->nacts; i++) {
        sb_add(sb, md ? "- **" : "    * ");
        add_clean(sb, activity_title(lib, p->acts[i].id), false);
        sb_add(sb, md ? "**: " : ": ");
        add_clean(sb, p->acts[i].rationale, false);
        sb_add(sb, "\n");
    }
}

/* The plan: its four parts, activities, checklist by justice, warnings. */
static void text_plan(strbuf *sb, const session_doc *doc, const library *lib, bool md)
{
    const plan *p = &doc->plan;
    sb_add(sb, md ? "\n## Win-back plan\n" : "\nWIN-BACK PLAN\n");
    if (!doc->has_plan) {
        sb_add(sb, md ? "\nNo plan yet.\n" : "  No plan yet.\n");
        return;
    }
    text_plan_part(sb, "The relationship", p->relationship, md);
    text_plan_part(sb, "What caused the defection", p->fact, md);
    text_plan_part(sb, "The customer's new needs", p->needs, md);
    text_plan_part(sb, "Our commitment", p->commitment, md);
    text_activities(sb, p, lib, md);
    for (int j = 0; j < JUSTICE_COUNT; j++)
        text_checklist(sb, p, j, md);
    text_bullets(sb, NULL, NULL, "\n> **Warning:** ", "  WARNING: ", p->warnings,
                 p->nwarnings, md);
    if (lib)
        text_bullets(sb, "\n### Rules of conduct\n\n", "  Rules of conduct:\n", "- ",
                     "    - ", lib->conduct, lib->nconduct, md);
}

/* ---- JSON -------------------------------------------------------------- */

static void json_key(strbuf *sb, const char *k, bool *first)
{
    if (!*first)
        sb_addc(sb, ',');
    *first = false;
    json_add_string(sb, k);
    sb_addc(sb, ':');
}

static void json_kv(strbuf *sb, const char *k, const char *v, bool *first)
{
    json_key(sb, k, first);
    json_add_string(sb, v);
}

static void json_num(strbuf *sb, const char *k, double v, bool *first)
{
    json_key(sb, k, first);
    if (isfinite(v))
        sb_addf(sb, "%.6g", v);
    else
        sb_add(sb, "null");
}

/* An array of strings. */
static void json_strings(strbuf *sb, char *const *list, size_t n)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_addc(sb, ',');
        json_add_string(sb, list[i]);
    }
    sb_addc(sb, ']');
}

static void json_int(strbuf *sb, const char *k, long long v, bool *first)
{
    json_key(sb, k, first);
    sb_addf(sb, "%lld", v);
}

static void json_session_fields(strbuf *sb, const session_info *s, bool *first)
{
    json_int(sb, "id", (long long)s->id, first);
    json_kv(sb, "uuid", s->uuid, first);
    json_kv(sb, "account", s->account, first);
    json_kv(sb, "salesperson", s->salesperson, first);
    json_kv(sb, "form", s->form_id, first);
    json_kv(sb, "form_version", s->form_version, first);
    json_kv(sb, "status", status_id(s->status), first);
    json_key(sb, "training", first);
    sb_add(sb, s->training ? "true" : "false");
    json_kv(sb, "created", s->created, first);
    json_kv(sb, "updated", s->updated, first);
    json_kv(sb, "type", s->type_final >= 0 ? vocab_value_id(DIM_TYPE, s->type_final) : NULL, first);
    json_kv(sb, "priority", s->priority_final >= 0 ? priority_id(s->priority_final) : NULL, first);
    json_kv(sb, "outcome", outcome_id(s->outcome), first);
    json_kv(sb, "outcome_date", s->outcome_date, first);
    json_kv(sb, "outcome_note", s->outcome_note, first);
}

static void json_answers(strbuf *sb, const session_doc *doc)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < doc->answers.n; i++) {
        const answer *a = &doc->answers.items[i];
        const question *q = doc->f ? form_question(doc->f, a->qid) : NULL;
        bool first = true;
        sb_add(sb, i ? ",{" : "{");
        json_kv(sb, "id", a->qid, &first);
        json_kv(sb, "question", q ? q->prompt : NULL, &first);
        json_kv(sb, "value", a->dontknow ? NULL : a->value, &first);
        json_key(sb, "dont_know", &first);
        sb_add(sb, a->dontknow ? "true" : "false");
        char *shown = q ? answer_display(q, a) : NULL;
        json_kv(sb, "display", shown, &first);
        free(shown);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
}

static void json_dim(strbuf *sb, const dim_result *r, int d)
{
    bool first = true;
    sb_addc(sb, '{');
    json_kv(sb, "computed", vocab_value_id(d, r->computed), &first);
    json_kv(sb, "final", vocab_value_id(d, r->final), &first);
    json_kv(sb, "runner_up", vocab_value_id(d, r->runner_up), &first);
    json_key(sb, "close", &first);
    sb_add(sb, r->close ? "true" : "false");
    json_num(sb, "confidence", r->confidence, &first);
    json_kv(sb, "override_reason", r->override_reason, &first);
    if (d == DIM_SOURCE && r->final >= 0)
        json_kv(sb, "locus", vocab_source_internal(r->final) ? "internal" : "external", &first);
    json_key(sb, "evidence", &first);
    sb_addc(sb, '[');
    for (size_t i = 0; i < r->nev; i++) {
        bool f2 = true;
        sb_add(sb, i ? ",{" : "{");
        json_kv(sb, "question", r->ev[i].qid, &f2);
        json_kv(sb, "answer", r->ev[i].answer, &f2);
        json_kv(sb, "points_to", vocab_value_id(d, r->ev[i].value), &f2);
        json_num(sb, "weight", r->ev[i].weight, &f2);
        sb_addc(sb, '}');
    }
    sb_add(sb, "]}");
}

static void json_diagnosis(strbuf *sb, const session_doc *doc)
{
    const diagnosis *d = &doc->diag;
    if (!doc->has_diag) {
        sb_add(sb, "null");
        return;
    }
    bool first = true;
    sb_addc(sb, '{');
    for (int i = 0; i < DIM_COUNT; i++) {
        json_key(sb, vocab_dim_id(i), &first);
        json_dim(sb, &d->dim[i], i);
    }
    json_key(sb, "low_evidence", &first);
    sb_add(sb, d->low_evidence ? "true" : "false");
    json_kv(sb, "claimed_type", vocab_value_id(DIM_TYPE, d->claimed_type), &first);
    json_kv(sb, "claimed_text", d->claimed_text, &first);
    json_key(sb, "mismatch", &first);
    sb_add(sb, d->mismatch ? "true" : "false");
    json_kv(sb, "mismatch_text", d->mismatch_text, &first);
    json_kv(sb, "priority", d->priority >= 0 ? priority_id(d->priority) : NULL, &first);
    json_kv(sb, "priority_final", d->priority_final >= 0 ? priority_id(d->priority_final) : NULL, &first);
    json_kv(sb, "priority_override_reason", d->priority_override_reason, &first);
    json_key(sb, "reasons", &first);
    json_strings(sb, d->reasons, d->nreasons);
    sb_addc(sb, '}');
}

static void json_activities(strbuf *sb, const plan *p, const library *lib)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < p->nacts; i++) {
        bool f2 = true;
        sb_add(sb, i ? ",{" : "{");
        json_kv(sb, "id", p->acts[i].id, &f2);
        json_kv(sb, "title", activity_title(lib, p->acts[i].id), &f2);
        json_kv(sb, "rationale", p->acts[i].rationale, &f2);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
}

static void json_checklist(strbuf *sb, const plan *p)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < p->nitems; i++) {
        const plan_item *it = &p->items[i];
        bool f2 = true;
        sb_add(sb, i ? ",{" : "{");
        json_kv(sb, "id", it->id, &f2);
        json_kv(sb, "activity", it->activity, &f2);
        json_kv(sb, "justice", justice_id(it->justice), &f2);
        json_kv(sb, "text", it->text, &f2);
        json_kv(sb, "status", item_status_id(it->status), &f2);
        json_kv(sb, "owner", it->owner, &f2);
        json_kv(sb, "due", it->due, &f2);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
}

static void json_plan(strbuf *sb, const session_doc *doc, const library *lib)
{
    const plan *p = &doc->plan;
    if (!doc->has_plan) {
        sb_add(sb, "null");
        return;
    }
    bool first = true;
    sb_addc(sb, '{');
    json_kv(sb, "relationship", p->relationship, &first);
    json_kv(sb, "fact", p->fact, &first);
    json_kv(sb, "needs", p->needs, &first);
    json_kv(sb, "commitment", p->commitment, &first);
    json_key(sb, "activities", &first);
    json_activities(sb, p, lib);
    json_key(sb, "checklist", &first);
    json_checklist(sb, p);
    json_key(sb, "warnings", &first);
    json_strings(sb, p->warnings, p->nwarnings);
    sb_addc(sb, '}');
}

static void json_changes(strbuf *sb, const session_doc *doc)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < doc->nchanges; i++) {
        const change *c = &doc->changes[i];
        bool first = true;
        sb_add(sb, i ? ",{" : "{");
        json_kv(sb, "kind", c->kind, &first);
        json_kv(sb, "target", c->target, &first);
        json_kv(sb, "old", c->old_value, &first);
        json_kv(sb, "new", c->new_value, &first);
        json_kv(sb, "reason", c->reason, &first);
        json_kv(sb, "who", c->who, &first);
        json_kv(sb, "at", c->at, &first);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
}

/* The manager's overrides: {"type": {"value", "reason", "who", "at"}}. */
static void json_review(strbuf *sb, const session_doc *doc)
{
    const review_overrides *r = &doc->review;
    bool first = true;
    sb_addc(sb, '{');
    for (int i = 0; i <= DIM_COUNT; i++) {
        if (r->value[i] < 0)
            continue;
        json_key(sb, i == DIM_COUNT ? "priority" : vocab_dim_id(i), &first);
        bool f2 = true;
        sb_addc(sb, '{');
        json_kv(sb, "value", diag_value_id(i, r->value[i]), &f2);
        json_kv(sb, "reason", r->reason[i], &f2);
        json_kv(sb, "who", r->who[i], &f2);
        json_kv(sb, "at", r->at[i], &f2);
        sb_addc(sb, '}');
    }
    sb_addc(sb, '}');
}

static void json_comments(strbuf *sb, const session_doc *doc)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < doc->ncomments; i++) {
        const comment *c = &doc->comments[i];
        bool first = true;
        sb_add(sb, i ? ",{" : "{");
        json_kv(sb, "uuid", c->uuid, &first);
        json_kv(sb, "body", c->body, &first);
        json_kv(sb, "who", c->who, &first);
        json_kv(sb, "at", c->at, &first);
        sb_addc(sb, '}');
    }
    sb_addc(sb, ']');
}

static char *render_json(const session_doc *doc, const library *lib)
{
    strbuf sb;
    sb_init(&sb);
    bool first = true;
    sb_addc(&sb, '{');
    json_key(&sb, "session", &first);
    bool f2 = true;
    sb_addc(&sb, '{');
    json_session_fields(&sb, &doc->info, &f2);
    sb_addc(&sb, '}');
    json_key(&sb, "answers", &first);
    json_answers(&sb, doc);
    json_key(&sb, "diagnosis", &first);
    json_diagnosis(&sb, doc);
    json_key(&sb, "plan", &first);
    json_plan(&sb, doc, lib);
    json_key(&sb, "review", &first);
    json_review(&sb, doc);
    json_key(&sb, "comments", &first);
    json_comments(&sb, doc);
    json_key(&sb, "history", &first);
    json_changes(&sb, doc);
    sb_add(&sb, "}\n");
    return sb_take(&sb);
}

char *report_render(const session_doc *doc, const library *lib, int format)
{
    if (format == REPORT_JSON)
        return render_json(doc, lib);
    bool md = format == REPORT_MARKDOWN;
    strbuf sb;
    sb_init(&sb);
    text_header(&sb, doc, md);
    text_diagnosis(&sb, doc, md);
    text_review(&sb, doc, md);
    text_plan(&sb, doc, lib, md);
    text_comments(&sb, doc, md);
    text_answers(&sb, doc, md);
    text_history(&sb, doc, md);
    return sb_take(&sb);
}

/* ---- lists ------------------------------------------------------------- */

/* Appends user text as a table cell of exactly cols cells: sanitised, cut
 * on a character boundary and padded with spaces. */
static void add_cell(strbuf *sb, const char *s, int cols)
{
    char *c = text_sanitize(s ? s : "-", false);
    size_t fit = text_fit(c, cols);
    sb_addn(sb, c, fit);
    c[fit] = '\0';
    sb_addf(sb, "%*s", cols - text_width(c), "");
    free(c);
}

/* Appends user text as a TSV field: sanitised (tabs become spaces). */
static void add_field(strbuf *sb, const char *s)
{
    sb_addc(sb, '\t');
    add_clean(sb, s ? s : "-", false);
}

/* Short marks of a row: T training, O overridden by the salesperson, M
 * by a manager. */
static const char *row_marks(const query_row *r, char buf[4])
{
    size_t n = 0;
    if (r->training)
        buf[n++] = 'T';
    if (r->overridden & 1)
        buf[n++] = 'O';
    if (r->overridden & 2)
        buf[n++] = 'M';
    buf[n] = '\0';
    return buf;
}

static void rows_json(strbuf *sb, const query_row *rows, size_t n)
{
    sb_addc(sb, '[');
    for (size_t i = 0; i < n; i++) {
        const query_row *r = &rows[i];
        bool first = true;
        sb_add(sb, i ? ",{" : "{");
        json_int(sb, "id", r->id, &first);
        json_kv(sb, "uuid", r->uuid, &first);
        json_kv(sb, "date", r->day, &first);
        json_kv(sb, "account", r->account, &first);
        json_kv(sb, "salesperson", r->salesperson, &first);
        json_kv(sb, "status", status_id(r->status), &first);
        json_kv(sb, "type", vocab_value_id(DIM_TYPE, r->type), &first);
        json_kv(sb, "source", vocab_value_id(DIM_SOURCE, r->source), &first);
        json_kv(sb, "stability", vocab_value_id(DIM_STABILITY, r->stability), &first);
        json_kv(sb, "control", vocab_value_id(DIM_CONTROL, r->control), &first);
        json_kv(sb, "priority", r->priority >= 0 ? priority_id(r->priority) : NULL, &first);
        json_int(sb, "items_done", r->items_done, &first);
        json_int(sb, "items_total", r->items_total, &first);
        json_kv(sb, "outcome", outcome_id(r->outcome), &first);
        json_kv(sb, "outcome_date", r->outcome_date, &first);
        json_key(sb, "training", &first);
        sb_add(sb, r->training ? "true" : "false");
        json_key(sb, "overridden_by_salesperson", &first);
        sb_add(sb, r->overridden & 1 ? "true" : "false");
        json_key(sb, "overridden_by_manager", &first);
        sb_add(sb, r->overridden & 2 ? "true" : "false");
        sb_addc(sb, '}');
    }
    sb_add(sb, "]\n");
}

static void row_tsv(strbuf *sb, const query_row *r)
{
    char marks[4], attr[24];
    sb_addf(sb, "%lld\t%s", (long long)r->id, r->day ? r->day : "-");
    add_field(sb, r->account);
    add_field(sb, r->salesperson);
    const char *type = vocab_value_id(DIM_TYPE, r->type);
    sb_addf(sb, "\t%s\t%s\t%s\t%s\t%d/%d\t%s\t%s\n", status_id(r->status), type ? type : "-",
            vocab_attribution_short(r->source, r->stability, r->control, attr),
            r->priority >= 0 ? priority_id(r->priority) : "-", r->items_done, r->items_total,
            outcome_id(r->outcome), row_marks(r, marks));
}

static void row_text(strbuf *sb, const query_row *r)
{
    char marks[4], attr[24], prog[24];
    sb_addf(sb, "%6lld  %-10s  ", (long long)r->id, r->day ? r->day : "-");
    add_cell(sb, r->account, 22);
    sb_add(sb, "  ");
    add_cell(sb, r->salesperson, 14);
    const char *tl = r->type >= 0 ? vocab_value_label(DIM_TYPE, r->type) : "-";
    const char *pl = r->priority == PRIORITY_LET_GO ? "Let go"
                     : r->priority >= 0 ? priority_label(r->priority) : "-";
    snprintf(prog, sizeof prog, "%d/%d", r->items_done, r->items_total);
    sb_addf(sb, "  %-27s  %-16s  %-13s  %-5s  %-15s  %s\n", tl,
            vocab_attribution_short(r->source, r->stability, r->control, attr), pl, prog,
            r->outcome == OUTCOME_NONE ? "-" : outcome_label(r->outcome), row_marks(r, marks));
}

char *report_rows(const query_row *rows, size_t n, int64_t total, int format)
{
    strbuf sb;
    sb_init(&sb);
    if (format == REPORT_JSON) {
        rows_json(&sb, rows, n);
        return sb_take(&sb);
    }
    if (format == REPORT_TSV)
        sb_add(&sb, "id\tdate\taccount\tsalesperson\tstatus\ttype\tattribution\tpriority\t"
                    "checklist\toutcome\tmarks\n");
    else
        sb_addf(&sb, "%6s  %-10s  %-22s  %-14s  %-27s  %-16s  %-13s  %-5s  %-15s  %s\n", "ID",
                "DATE", "ACCOUNT", "SALESPERSON", "TYPE", "ATTRIBUTION", "PRIORITY", "DONE",
                "OUTCOME", "MARKS");
    for (size_t i = 0; i < n; i++) {
        if (format == REPORT_TSV)
            row_tsv(&sb, &rows[i]);
        else
            row_text(&sb, &rows[i]);
    }
    if (format == REPORT_TEXT && total > (int64_t)n)
        sb_addf(&sb, "(%zu of %lld sessions shown; use --limit and --offset for more)\n", n,
                (long long)total);
    return sb_take(&sb);
}
