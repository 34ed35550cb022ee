/* fuzz_scenario.c - libFuzzer target for training scenarios (scenario.h).
 *
 * Every input is a scenario file: scenario_load_mem checks it against the
 * shipped activity library (loaded once).  A scenario that loads is then
 * queried the way the trainer screens use it (every key activity looked up,
 * every element's value id and label); its text must be free of control
 * characters, since the brief and facts are shown on a terminal.
 */
#include "fuzz_common.h"

#include "plan.h"
#include "scenario.h"
#include "text.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static library *Lib;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_pin_environment();
    problems p;
    problems_init(&p);
    Lib = library_load(ABS_SRCDIR "/share/activities.ini", ABS_SRCDIR "/share/rules.ini", &p);
    for (size_t i = 0; i < p.n; i++)
        fprintf(stderr, "%s\n", p.msg[i]);
    problems_free(&p);
    if (!Lib)
        abort();
    return 0;
}

/* Uses a loaded scenario as the trainer screens do; aborts on a broken
 * promise of scenario.h (a loaded scenario needs no further checks). */
static void walk(const scenario *s)
{
    if (!s->id || !s->title || !s->form_id || !text_is_clean(s->title, false))
        abort();
    if (s->brief && !text_is_clean(s->brief, true))
        abort();
    for (size_t i = 0; i < s->nfacts; i++)
        if (!s->facts[i].key || !s->facts[i].text || !text_is_clean(s->facts[i].text, false))
            abort();
    for (size_t i = 0; i < s->key.ninclude; i++)
        if (!library_activity(Lib, s->key.must_include[i].id)
            || !scenario_key_includes(s, s->key.must_include[i].id))
            abort();
    for (size_t i = 0; i < s->key.nnot; i++)
        if (!library_activity(Lib, s->key.must_not[i].id)
            || !scenario_key_forbids(s, s->key.must_not[i].id))
            abort();
    for (int e = 0; e < SC_ELEM_COUNT; e++) {
        int v = s->key.expected[e];
        if (v >= 0 && (!scenario_elem_value_id(e, v) || !scenario_elem_value_label(e, v)))
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    problems p;
    problems_init(&p);
    scenario *s = scenario_load_mem((const char *)data, size, "fuzz.ini", Lib, &p);
    if (s)
        walk(s);
    else if (p.n == 0)
        abort(); /* a refusal must say why */
    scenario_free(s);
    problems_free(&p);
    return 0;
}
