/* importer.c - turn an answers file into a finished session (importer.h). */
#include "importer.h"

#include <stdlib.h>
#include <string.h>

#include "answers.h"
#include "classify.h"
#include "ini.h"
#include "report.h"
#include "text.h"
#include "worth.h"

/* "\n" (backslash, n) in a narrative answer means a new line. */
static char *unescape_newlines(const char *s)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "");
    for (const char *p = s; *p; p++) {
        if (p[0] == '\\' && p[1] == 'n') {
            sb_addc(&sb, '\n');
            p++;
        } else {
            sb_addc(&sb, *p);
        }
    }
    return sb_take(&sb);
}

/* Validates one answer line and stores it in a; false on a problem. */
static bool import_answer(const form *f, const ini_file *ini, const ini_entry *e,
                          answer_set *a, problems *probs)
{
    const question *q = form_question(f, e->key);
    if (!q) {
        char *k = text_sanitize(e->key, false);
        problems_add(probs, "%s:%d: %s: no question with this id in form '%s'", ini->path,
                     e->line, k, f->id);
        free(k);
        return false;
    }
    if (answer_is_dontknow_input(e->value)) {
        if (!q->dontknow) {
            problems_add(probs, "%s:%d: %s: \"don't know\" is not accepted for this question",
                         ini->path, e->line, e->key);
            return false;
        }
        answers_put(a, q->id, "", true);
        return true;
    }
    char *input = q->type == Q_NARRATIVE ? unescape_newlines(e->value) : xstrdup(e->value);
    char *canon = NULL, *err = NULL;
    bool ok = answer_parse(q, input, &canon, &err);
    if (!ok)
        problems_add(probs, "%s:%d: %s: %s", ini->path, e->line, e->key, err ? err : "invalid");
    else if (canon)
        answers_put(a, q->id, canon, false);
    free(canon);
    free(err);
    free(input);
    return ok;
}

/* Every required question that is shown must have an answer.  A missing
 * answer has no line of its own: the [answers] header's line is given. */
static void check_required(const form *f, const answer_set *a, const ini_file *ini,
                           problems *probs)
{
    const ini_section *s = ini_section_get(ini, "answers");
    for (size_t i = 0; i < f->nquestions; i++) {
        const question *q = &f->questions[i];
        if (q->required && form_visible(f, i, a) && !answers_get(a, q->id))
            problems_add(probs, "%s:%d: %s: required answer missing (%s)", ini->path,
                         s ? s->line : 0, q->id, q->prompt);
    }
}

/* Answers to questions that the skip logic hides are an error: they would
 * be silently ignored by the diagnosis. */
static void check_hidden(const form *f, const answer_set *a, const ini_file *ini,
                         problems *probs)
{
    const ini_section *s = ini_section_get(ini, "answers");
    for (size_t i = 0; i < f->nquestions; i++) {
        if (answers_get(a, f->questions[i].id) && !form_visible(f, i, a)) {
            const ini_entry *e = ini_entry_get(s, f->questions[i].id);
            problems_add(probs, "%s:%d: %s: answered, but the question does not apply "
                         "(show_if: %s)", ini->path, e ? e->line : 0, f->questions[i].id,
                         f->questions[i].show_if);
        }
    }
}

/* Loads the form the file names; its problems are given the line of the
 * `form =` key (or just the file when the default form is used). */
static form *import_open_form(const ini_file *ini, const char *fid, problems *probs)
{
    problems mine;
    problems_init(&mine);
    form *f = report_open_form(fid, &mine);
    const ini_entry *e = ini_entry_get(ini_section_get(ini, "session"), "form");
    for (size_t i = 0; i < mine.n; i++) {
        if (e)
            problems_add(probs, "%s:%d: session.form: %s", ini->path, e->line, mine.msg[i]);
        else
            problems_add(probs, "%s: %s", ini->path, mine.msg[i]);
    }
    problems_free(&mine);
    return f;
}

/* Answers that contradict another answer (choices_from). */
static void check_consistent(const form *f, const answer_set *a, const ini_file *ini,
                             problems *probs)
{
    const ini_section *s = ini_section_get(ini, "answers");
    for (size_t i = 0; i < a->n; i++) {
        const question *q = form_question(f, a->items[i].qid);
        char *err = NULL;
        if (!q || a->items[i].dontknow
            || answer_check_with(f, q, a->items[i].value, a, &err))
            continue;
        const ini_entry *e = ini_entry_get(s, q->id);
        problems_add(probs, "%s:%d: %s: %s", ini->path, e ? e->line : 0, q->id, err);
        free(err);
    }
}

/* Reads [session]; returns the form or NULL with problems. */
static form *import_session_header(const ini_file *ini, char **salesperson, bool *training,
                                   problems *probs)
{
    const ini_section *s = ini_section_get(ini, "session");
    for (size_t i = 0; s && i < s->nentries; i++) {
        const char *k = s->entries[i].key;
        if (strcmp(k, "form") && strcmp(k, "salesperson") && strcmp(k, "training")) {
            char *shown = text_sanitize(k, false);
            problems_add(probs, "%s:%d: session.%s: unknown key (known: form, salesperson, "
                         "training)", ini->path, s->entries[i].line, shown);
            free(shown);
        }
    }
    const char *fid = ini_get(ini, "session", "form");
    const char *sp = ini_get(ini, "session", "salesperson");
    const char *tr = ini_get(ini, "session", "training");
    *salesperson = str_empty(sp) ? NULL : text_sanitize(sp, false);
    *training = tr && (str_ieq(tr, "yes") || str_ieq(tr, "true") || strcmp(tr, "1") == 0);
    if (tr && !*training && !str_ieq(tr, "no") && !str_ieq(tr, "false") && strcmp(tr, "0")) {
        char *shown = text_sanitize(tr, false);
        problems_add(probs, "%s:%d: session.training: must be yes or no, not '%s'", ini->path,
                     ini_entry_get(s, "training")->line, shown);
        free(shown);
    }
    return import_open_form(ini, str_empty(fid) ? "debrief" : fid, probs);
}

int importer_read(const char *path, form **fout, answer_set *a, char **salesperson,
                  bool *training, problems *probs)
{
    size_t before = probs->n;
    *fout = NULL;
    *salesperson = NULL;
    ini_file *ini = ini_load(path, probs);
    if (!ini)
        return -1;
    form *f = import_session_header(ini, salesperson, training, probs);
    const ini_section *s = ini_section_get(ini, "answers");
    if (f && !s)
        problems_add(probs, "%s: no [answers] section", path);
    for (size_t i = 0; i < ini->nsections; i++)
        if (strcmp(ini->sections[i].name, "answers") && strcmp(ini->sections[i].name, "session")) {
            char *shown = text_sanitize(ini->sections[i].name, false);
            problems_add(probs, "%s:%d: unknown section [%s] (known: [session], [answers])",
                         path, ini->sections[i].line, shown);
            free(shown);
        }
    for (size_t i = 0; f && s && i < s->nentries; i++)
        import_answer(f, ini, &s->entries[i], a, probs);
    if (f && s) {
        check_hidden(f, a, ini, probs);
        check_consistent(f, a, ini, probs);
        check_required(f, a, ini, probs);
    }
    ini_free(ini);
    if (probs->n > before) {
        form_free(f);
        free(*salesperson);
        *salesperson = NULL;
        return -1;
    }
    *fout = f;
    return 0;
}

int importer_write(store *st, const library *lib, const form *f, const answer_set *a,
                        const char *who, bool training, int64_t *id, char **err)
{
    int rc = store_session_new(st, f->id, f->version, who, training, id, err);
    for (size_t i = 0; rc == STORE_OK && i < a->n; i++) {
        const question *q = form_question(f, a->items[i].qid);
        rc = q ? store_answer_save(st, *id, q, &a->items[i], who, err)
               : store_answer_put(st, *id, a->items[i].qid, a->items[i].value,
                                  a->items[i].dontknow, who, err);
    }
    diagnosis d;
    classify(f, a, &d);
    worth_assess(f, a, &d);
    if (rc == STORE_OK)
        rc = store_diagnosis_save(st, *id, &d, err);
    plan p;
    plan_init(&p);
    plan_build(lib, f, a, &d, &p);
    plan_check(lib, &d, &p);
    if (rc == STORE_OK)
        rc = store_plan_save(st, *id, &p, err);
    if (rc == STORE_OK)
        rc = store_session_finish(st, *id, err);
    plan_free(&p);
    diagnosis_free(&d);
    return rc;
}

int importer_run(store *st, const library *lib, const char *path, const char *who,
                 int64_t *id, problems *probs)
{
    form *f;
    answer_set a;
    char *sp = NULL;
    bool training = false;
    answers_init(&a);
    if (importer_read(path, &f, &a, &sp, &training, probs) != 0) {
        answers_free(&a);
        return -1;
    }
    char *err = NULL;
    int rc = store_begin(st, &err);
    if (rc == STORE_OK)
        rc = importer_write(st, lib, f, &a, sp ? sp : who, training, id, &err);
    if (rc == STORE_OK)
        rc = store_commit(st, &err);
    else
        store_rollback(st);
    if (rc != STORE_OK)
        problems_add(probs, "%s: not imported: %s", path, err ? err : "database error");
    free(err);
    free(sp);
    form_free(f);
    answers_free(&a);
    return rc == STORE_OK ? 0 : -1;
}
