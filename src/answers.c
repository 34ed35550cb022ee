/* answers.c - the answers of one session and their validation.
 *
 * answer_parse is the single place where what a person typed (or what an
 * answers file says) becomes a canonical answer (see answers.h); every
 * error is one specific line meant to be shown under the field.
 */
#include "answers.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

#define NUM_LIMIT 1e15   /* larger numbers cannot be written back exactly */

/* ---- the set ------------------------------------------------------------ */

void answers_init(answer_set *a)
{
    a->items = NULL;
    a->n = a->cap = 0;
}

void answers_free(answer_set *a)
{
    for (size_t i = 0; i < a->n; i++) {
        free(a->items[i].qid);
        free(a->items[i].value);
    }
    free(a->items);
    answers_init(a);
}

static answer *find(const answer_set *a, const char *qid)
{
    for (size_t i = 0; a && qid && i < a->n; i++)
        if (strcmp(a->items[i].qid, qid) == 0)
            return &a->items[i];
    return NULL;
}

const answer *answers_get(const answer_set *a, const char *qid)
{
    return find(a, qid);
}

void answers_put(answer_set *a, const char *qid, const char *value, bool dontknow)
{
    answer *x = find(a, qid);
    if (!x) {
        xgrow((void **)&a->items, &a->cap, a->n + 1, sizeof *a->items);
        x = &a->items[a->n++];
        x->qid = xstrdup(qid);
    } else {
        free(x->value);
    }
    x->value = xstrdup(dontknow || !value ? "" : value);
    x->dontknow = dontknow;
}

void answers_remove(answer_set *a, const char *qid)
{
    answer *x = find(a, qid);
    if (!x)
        return;
    free(x->qid);
    free(x->value);
    size_t i = (size_t)(x - a->items);
    memmove(x, x + 1, (a->n - i - 1) * sizeof *x);
    a->n--;
}

bool answer_is_dontknow_input(const char *input)
{
    static const char *const forms[] = {"?", "dk", "don't know", "dont know", "unknown",
                                        "don\xE2\x80\x99t know"};
    if (!input)
        return false;
    char *t = str_trim(xstrdup(input));
    bool yes = false;
    for (size_t i = 0; i < ARRAY_LEN(forms) && !yes; i++)
        yes = str_ieq(t, forms[i]);
    free(t);
    return yes;
}

bool answer_has(const char *canonical, const char *choice_id)
{
    if (!canonical || !choice_id || !*choice_id)
        return false;
    size_t n = strlen(choice_id);
    for (const char *p = canonical; p;) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == n && strncmp(p, choice_id, n) == 0)
            return true;
        p = e ? e + 1 : NULL;
    }
    return false;
}

/* ---- choices ------------------------------------------------------------ */

/* Index of the choice meant by s (id, label, 1-based number), or -1. */
static int resolve_choice(const question *q, const char *s)
{
    long n;
    for (size_t i = 0; i < q->nchoices; i++)
        if (strcmp(q->choices[i].id, s) == 0)
            return (int)i;
    for (size_t i = 0; i < q->nchoices; i++)
        if (str_ieq(q->choices[i].id, s) || str_ieq(q->choices[i].label, s))
            return (int)i;
    if (parse_long(s, &n) && n >= 1 && (size_t)n <= q->nchoices)
        return (int)n - 1;
    return -1;
}

/* A short, printable copy of user input for a message.  Caller frees. */
static char *shown(const char *s)
{
    char *c = text_sanitize(s, false);
    if (strlen(c) > 40) {
        c[text_fit(c, 37)] = '\0';
        char *t = xasprintf("%s...", c);
        free(c);
        return t;
    }
    return c;
}

/* "'x' is not a choice; answer 1 to N or one of: a, b, c".  Caller frees. */
static char *choice_error(const question *q, const char *s)
{
    strbuf sb;
    sb_init(&sb);
    char *sh = shown(s);
    sb_addf(&sb, "'%s' is not a choice; answer 1 to %zu", sh, q->nchoices);
    free(sh);
    if (q->nchoices <= 8) {
        sb_add(&sb, " or one of: ");
        for (size_t i = 0; i < q->nchoices; i++)
            sb_addf(&sb, "%s%s", i ? ", " : "", q->choices[i].id);
    }
    return sb_take(&sb);
}

static bool parse_choice(const question *q, const char *s, char **out, char **err)
{
    int i = resolve_choice(q, s);
    if (i < 0) {
        *err = choice_error(q, s);
        return false;
    }
    *out = xstrdup(q->choices[i].id);
    return true;
}

/* Comma-separated choices; canonical in form order. */
static bool parse_multi(const question *q, const char *s, char **out, char **err)
{
    size_t n;
    char **parts = str_split(s, ',', &n);
    bool *on = xcalloc(q->nchoices ? q->nchoices : 1, sizeof *on);
    for (size_t i = 0; i < n && !*err; i++) {
        int c = resolve_choice(q, parts[i]);
        if (c < 0)
            *err = choice_error(q, parts[i]);
        else
            on[c] = true;
    }
    str_list_free(parts, n);
    if (!*err) {
        strbuf sb;
        sb_init(&sb);
        for (size_t i = 0; i < q->nchoices; i++)
            if (on[i])
                sb_addf(&sb, "%s%s", sb.len ? "," : "", q->choices[i].id);
        *out = sb_take(&sb);
    }
    free(on);
    return !*err;
}

static bool parse_yesno(const question *q, const char *s, char **out, char **err)
{
    static const char *const alias[][2] = {
        {"y", "yes"}, {"n", "no"}, {"u", "unsure"}, {"not sure", "unsure"},
    };
    for (size_t i = 0; i < ARRAY_LEN(alias); i++)
        if (str_ieq(s, alias[i][0])) {
            *out = xstrdup(alias[i][1]);
            return true;
        }
    int c = resolve_choice(q, s);
    if (c >= 0) {
        *out = xstrdup(q->choices[c].id);
        return true;
    }
    char *sh = shown(s);
    *err = xasprintf("answer yes, no or unsure, not '%s'", sh);
    free(sh);
    return false;
}

static bool parse_scale(const question *q, const char *s, char **out, char **err)
{
    int c = resolve_choice(q, s);
    if (c >= 0) {
        *out = xstrdup(q->choices[c].id);
        return true;
    }
    char *sh = shown(s);
    *err = xasprintf("must be a whole number from 1 to 5, not '%s'", sh);
    free(sh);
    return false;
}

/* ---- numbers ------------------------------------------------------------ */

/* Canonical decimal text of v.  Caller frees. */
static char *format_number(double v)
{
    if (v == 0)
        v = 0; /* no "-0" */
    if (v == floor(v))
        return xasprintf("%.0f", v);
    char *s = xasprintf("%.6f", v);
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0')
        s[--n] = '\0';
    if (n > 0 && s[n - 1] == '.')
        s[--n] = '\0';
    return s;
}

/* The bounds of q; a percent is always within 0..100. */
typedef struct bounds {
    double min, max;
    bool has_min, has_max;
} bounds;

static bounds bounds_of(const question *q)
{
    bounds b = {q->min, q->max, q->has_min, q->has_max};
    if (q->type == Q_PERCENT) {
        if (!b.has_min || b.min < 0)
            b.min = 0, b.has_min = true;
        if (!b.has_max || b.max > 100)
            b.max = 100, b.has_max = true;
    }
    return b;
}

/* "must be a number between 0 and 100" and the like.  Caller frees. */
static char *range_text(bounds b)
{
    char *lo = format_number(b.min), *hi = format_number(b.max);
    char *m = b.has_min && b.has_max ? xasprintf("must be a number between %s and %s", lo, hi)
            : b.has_min ? xasprintf("must be a number of at least %s", lo)
            : b.has_max ? xasprintf("must be a number of at most %s", hi)
            : xstrdup("must be a number");
    free(lo);
    free(hi);
    return m;
}

/* Removes prefix p (any case) from *s. */
static bool cut_prefix(char **s, const char *p)
{
    size_t n = strlen(p);
    if (n == 0 || strncasecmp(*s, p, n) != 0)
        return false;
    *s += n;
    while (isspace((unsigned char)**s))
        (*s)++;
    return true;
}

/* Removes suffix p (any case) from s. */
static bool cut_suffix(char *s, const char *p)
{
    size_t n = strlen(p), len = strlen(s);
    if (n == 0 || len < n || strcasecmp(s + len - n, p) != 0)
        return false;
    s[len - n] = '\0';
    str_trim(s);
    return true;
}

/* Strips a unit or currency symbol, "%" and a k/m multiplier from s (in
 * place); returns the start of the bare number. */
static char *strip_decorations(const question *q, char *s, double *mult)
{
    static const char *const symbols[] = {"$", "\xE2\x82\xAC", "\xC2\xA3"}; /* $ € £ */
    *mult = 1;
    bool unit = q->unit && (cut_prefix(&s, q->unit) || cut_suffix(s, q->unit));
    if (!unit && q->type == Q_MONEY)
        for (size_t i = 0; i < ARRAY_LEN(symbols); i++)
            if (cut_prefix(&s, symbols[i]) || cut_suffix(s, symbols[i]))
                break;
    if (q->type == Q_PERCENT)
        cut_suffix(s, "%");
    if (q->type == Q_MONEY) {
        if (cut_suffix(s, "k"))
            *mult = 1e3;
        else if (cut_suffix(s, "m"))
            *mult = 1e6;
    }
    return s;
}

/* Removes thousands separators ("1,200,000"); false when commas are
 * anywhere else (a decimal comma, say). */
static bool drop_commas(char *s)
{
    char *comma = strchr(s, ',');
    if (!comma)
        return true;
    const char *p = s + (*s == '-' || *s == '+');
    size_t lead = strspn(p, "0123456789");
    if (lead < 1 || lead > 3 || p[lead] != ',')
        return false;
    char *w = s + (p - s) + lead;
    const char *r = w;
    while (*r == ',') {
        if (strspn(r + 1, "0123456789") != 3 || isdigit((unsigned char)r[4]))
            return false;
        memmove(w, r + 1, 3);
        w += 3;
        r += 4;
    }
    memmove(w, r, strlen(r) + 1);
    return !strchr(s, ',');
}

/* Number, money and percent answers. */
static bool parse_amount(const question *q, const char *in, char **out, char **err)
{
    char *buf = xstrdup(in), *s, *why = NULL;
    double mult, v = 0;
    s = strip_decorations(q, buf, &mult);
    if (!drop_commas(s) || !parse_double(s, &v) || fabs(v * mult) >= NUM_LIMIT)
        why = shown(in);
    v *= mult;
    free(buf);
    bounds b = bounds_of(q);
    if (!why && !(b.has_min && v < b.min) && !(b.has_max && v > b.max)) {
        *out = format_number(v);
        return true;
    }
    char *range = range_text(b);
    char *what = why ? xasprintf("'%s'", why) : format_number(v);
    *err = xasprintf("%s, not %s%s", range, what,
                     why && q->type == Q_MONEY ? " (write e.g. 1200, 1,200 or 12.5k)" : "");
    free(what);
    free(range);
    free(why);
    return false;
}

/* ---- dates and text ----------------------------------------------------- */

static bool parse_date(const char *s, bool past, char **out, char **err)
{
    char today[11];
    today_date(today);
    if (date_valid(s) && past && strcmp(s, today) > 0) {
        *err = xasprintf("%s is in the future; this date must be today (%s) or earlier",
                         s, today);
        return false;
    }
    if (date_valid(s)) {
        *out = xstrdup(s);
        return true;
    }
    char *sh = shown(s);
    bool shaped = strlen(s) == 10 && s[4] == '-' && s[7] == '-'
                  && strspn(s, "0123456789-") == 10;
    *err = shaped ? xasprintf("'%s' is not a real date", sh)
                  : xasprintf("'%s' is not a date; write it as YYYY-MM-DD, e.g. 2024-03-15", sh);
    free(sh);
    return false;
}

/* s is already sanitised and trimmed. */
static bool parse_text(const question *q, const char *s, char **out, char **err)
{
    size_t max = q->maxlen ? q->maxlen : (q->type == Q_TEXT ? TEXT_SHORT_MAX : TEXT_LONG_MAX);
    size_t len = strlen(s);
    if (len > max) {
        *err = xasprintf("is too long: %zu bytes, at most %zu", len, max);
        return false;
    }
    *out = xstrdup(s);
    return true;
}

/* ---- public ------------------------------------------------------------- */

bool answer_parse(const question *q, const char *input, char **canonical, char **err)
{
    *canonical = NULL;
    *err = NULL;
    char *s = str_trim(text_sanitize(input ? input : "", q->type == Q_NARRATIVE));
    bool ok = true;
    if (!*s) {
        if (q->required) {
            *err = xstrdup("an answer is required");
            ok = false;
        }
        free(s);
        return ok;
    }
    switch (q->type) {
    case Q_CHOICE: ok = parse_choice(q, s, canonical, err); break;
    case Q_MULTI: ok = parse_multi(q, s, canonical, err); break;
    case Q_NUMBER:
    case Q_MONEY:
    case Q_PERCENT: ok = parse_amount(q, s, canonical, err); break;
    case Q_DATE: ok = parse_date(s, q->past, canonical, err); break;
    case Q_SCALE: ok = parse_scale(q, s, canonical, err); break;
    case Q_YESNO: ok = parse_yesno(q, s, canonical, err); break;
    default: ok = parse_text(q, s, canonical, err); break;
    }
    free(s);
    if (ok && q->type == Q_MULTI && !**canonical && q->required) {
        free(*canonical);
        *canonical = NULL;
        *err = xstrdup("an answer is required");
        ok = false;
    }
    return ok;
}

/* Adds v with thousands separators to sb ("1,200.5"). */
static void add_grouped(strbuf *sb, const char *v)
{
    const char *digits = v + (*v == '-');
    size_t whole = strcspn(digits, ".");
    if (*v == '-')
        sb_addc(sb, '-');
    for (size_t i = 0; i < whole; i++) {
        if (i && (whole - i) % 3 == 0)
            sb_addc(sb, ',');
        sb_addc(sb, digits[i]);
    }
    sb_add(sb, digits + whole);
}

/* Display of a number, money or percent value. */
static void display_amount(strbuf *sb, const question *q, const char *v)
{
    bool symbol = q->unit && !strpbrk(q->unit, "abcdefghijklmnopqrstuvwxyz"
                                               "ABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (q->type == Q_MONEY && symbol)
        sb_add(sb, q->unit);
    if (q->type == Q_MONEY)
        add_grouped(sb, v);
    else
        sb_add(sb, v);
    if (q->type == Q_PERCENT)
        sb_addc(sb, '%');
    else if (q->unit && !(q->type == Q_MONEY && symbol))
        sb_addf(sb, " %s", q->unit);
}

/* Display of a choice or multi value: labels joined by ", ". */
static void display_choices(strbuf *sb, const question *q, const char *v)
{
    size_t n;
    char **ids = str_split(v, ',', &n);
    for (size_t i = 0; i < n; i++) {
        int c = question_choice(q, ids[i]);
        sb_addf(sb, "%s%s", i ? ", " : "", c >= 0 ? q->choices[c].label : ids[i]);
    }
    str_list_free(ids, n);
}

char *answer_display(const question *q, const answer *a)
{
    if (!a)
        return xstrdup("");
    if (a->dontknow)
        return xstrdup("Don't know");
    strbuf sb;
    sb_init(&sb);
    if (str_empty(a->value))
        return sb_take(&sb);
    if (qtype_has_choices(q->type))
        display_choices(&sb, q, a->value);
    else if (q->type == Q_NUMBER || q->type == Q_MONEY || q->type == Q_PERCENT)
        display_amount(&sb, q, a->value);
    else
        sb_add(&sb, a->value);
    return sb_take(&sb);
}

bool answer_check_with(const form *f, const question *q, const char *canonical,
                       const answer_set *a, char **err)
{
    (void)f;
    if (!q->choices_from || !canonical)
        return true;
    const answer *ref = answers_get(a, q->choices_from);
    if (!ref || ref->dontknow || answer_has(ref->value, canonical))
        return true;
    int ci = question_choice(q, canonical);
    *err = xasprintf("'%s' is not among the answers you ticked before: pick one of those",
                     ci >= 0 ? q->choices[ci].label : canonical);
    return false;
}
