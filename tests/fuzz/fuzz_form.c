/* fuzz_form.c - libFuzzer target for the form loader (form.h).
 *
 * Every input is an interview form: it goes through form_load_mem, which
 * runs ini.c's pre-scan, iniparser 4.1 (only through the wrapper, never its
 * numeric getters) and the whole form validation.  A loaded form is then
 * walked the way the wizard walks it (visibility of every question with no
 * answers and with each question's default) so the parsed show-if
 * conditions are evaluated too.  Nothing may crash, leak or read out of
 * bounds; problems are expected and simply freed.
 */
#include <stddef.h>
#include <stdint.h>

#include "answers.h"
#include "form.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Evaluates every show-if once with no answers, once with the defaults. */
static void walk(const form *f)
{
    answer_set a;
    answers_init(&a);
    for (size_t i = 0; i < f->nquestions; i++)
        (void)form_visible(f, i, &a);
    for (size_t i = 0; i < f->nquestions; i++) {
        const question *q = &f->questions[i];
        if (q->def)
            answers_put(&a, q->id, q->def, false);
        (void)form_find(f, q->id);
        if (q->nchoices)
            (void)question_choice(q, q->choices[q->nchoices - 1].id);
    }
    for (size_t i = 0; i < f->nquestions; i++)
        (void)form_visible(f, i, &a);
    answers_free(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    problems p;
    problems_init(&p);
    form *f = form_load_mem((const char *)data, size, "fuzz.ini", &p);
    if (f)
        walk(f);
    form_free(f);
    problems_free(&p);
    return 0;
}
