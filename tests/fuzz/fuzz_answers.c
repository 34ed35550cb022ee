/* fuzz_answers.c - libFuzzer target for answers files (`winback import`).
 *
 * Every input is an answers file: importer_read loads it through a memfd,
 * opens the form it names (from the source tree), and validates every
 * answer.  When it is accepted, the rest of an import runs in memory:
 * diagnosis, worth, plan, and the session rendered in every format.  The
 * rendered text and markdown must hold no escape or control character from
 * the user's text (ESC, C1, DEL, C0 other than newline and tab): a report
 * is printed to terminals.
 */
#include "fuzz_common.h"

#include <string.h>

#include "classify.h"
#include "importer.h"
#include "plan.h"
#include "report.h"
#include "text.h"
#include "util.h"
#include "worth.h"

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

/* True when s holds a byte a terminal would act on (not text). */
static bool has_control(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
            return true;
        if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
            return true; /* C1 control, UTF-8 encoded */
    }
    return false;
}

/* Renders the accepted session in every format, as the importer stores it. */
static void render_all(form *f, answer_set *a, const char *salesperson, bool training)
{
    session_doc doc;
    memset(&doc, 0, sizeof doc);
    doc.info.id = 1;
    doc.info.form_id = xstrdup(f->id);
    doc.info.form_version = xstrdup(f->version);
    doc.info.salesperson = xstrdup(salesperson ? salesperson : "fuzzer");
    doc.info.training = training;
    const question *cq = form_by_role(f, "customer");
    const answer *ca = cq ? answers_get(a, cq->id) : NULL;
    doc.info.account = ca && !ca->dontknow ? xstrdup(ca->value) : NULL;
    doc.f = f;
    doc.answers = *a;
    classify(f, a, &doc.diag);
    worth_assess(f, a, &doc.diag);
    doc.has_diag = true;
    plan_init(&doc.plan);
    plan_build(Lib, f, a, &doc.diag, &doc.plan);
    plan_check(Lib, &doc.diag, &doc.plan);
    doc.has_plan = true;
    static const int formats[] = {REPORT_TEXT, REPORT_MARKDOWN, REPORT_JSON, REPORT_TSV};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *out = report_render(&doc, Lib, formats[i]);
        if (!out || has_control(out))
            abort();
        free(out);
    }
    report_free(&doc); /* frees f and the answers too */
    answers_init(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfd(data, size, path, sizeof path);
    form *f = NULL;
    answer_set a;
    answers_init(&a);
    char *salesperson = NULL;
    bool training = false;
    problems p;
    problems_init(&p);
    int rc = importer_read(path, &f, &a, &salesperson, &training, &p);
    if (rc == 0 && (!f || p.n))
        abort(); /* accepted means a form and no problems */
    if (rc != 0 && (f || p.n == 0))
        abort(); /* refused means no form and a reason */
    if (rc == 0)
        render_all(f, &a, salesperson, training);
    answers_free(&a);
    free(salesperson);
    problems_free(&p);
    close(fd);
    return 0;
}
