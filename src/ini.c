/* ini.c - the one door to iniparser 4.1 (see ini.h).
 *
 * Loading works in three steps:
 *   1. a pre-scan of the raw bytes that finds what iniparser 4.1 gets wrong
 *      or keeps silent about (BOM, long lines, NUL bytes, invalid UTF-8,
 *      ':' in section names, duplicate sections and keys, keys outside any
 *      section) and records the line of every [section] and key;
 *   2. iniparser_load on a memfd (iniparser only loads from a path), with
 *      its global error callback captured so syntax errors become problems;
 *   3. a copy of the dictionary into ini_file structs, read only through
 *      iniparser_getstring (the numeric getters carry CVE-2023-33461).
 * This is the only file of the project that includes <iniparser.h>, and the
 * entry point a fuzzer calls (ini_load_mem).
 */
#define _GNU_SOURCE /* memfd_create */
#include "ini.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <iniparser.h>

#include "text.h"

#define INI_MAX_LINE 1000            /* bytes per line (iniparser: 1022) */
#define INI_MAX_SIZE (1024 * 1024)   /* a form is a few kilobytes */

/* A problem waiting to be sorted by line. */
typedef struct lprob {
    int line;
    size_t seq;      /* order of arrival, to keep the sort stable */
    char *msg;       /* without the "path:line: " prefix */
} lprob;

typedef struct lprobs {
    lprob *items;
    size_t n, cap;
} lprobs;

/* What the pre-scan saw of one key or section. */
typedef struct scan_key {
    char *name;
    int line;
} scan_key;

typedef struct scan_sec {
    char *name;
    int line;
    scan_key *keys;
    size_t n, cap;
} scan_sec;

typedef struct scan {
    scan_sec *secs;
    size_t n, cap;
    lprobs probs;
    bool fatal;          /* iniparser must not see this text */
} scan;

/* Adds a located problem (message formatted here). */
PRINTF_LIKE(3, 4)
static void lp_add(lprobs *p, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *m = xvasprintf(fmt, ap);
    va_end(ap);
    xgrow((void **)&p->items, &p->cap, p->n + 1, sizeof *p->items);
    p->items[p->n].line = line;
    p->items[p->n].seq = p->n;
    p->items[p->n].msg = m;
    p->n++;
}

static int lp_cmp(const void *a, const void *b)
{
    const lprob *x = a, *y = b;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Moves the problems into probs as "path:line: msg", sorted by line. */
static void lp_flush(lprobs *p, const char *path, problems *probs)
{
    if (p->n > 1)
        qsort(p->items, p->n, sizeof *p->items, lp_cmp);
    for (size_t i = 0; i < p->n; i++) {
        if (p->items[i].line > 0)
            problems_add(probs, "%s:%d: %s", path, p->items[i].line, p->items[i].msg);
        else
            problems_add(probs, "%s: %s", path, p->items[i].msg);
        free(p->items[i].msg);
    }
    free(p->items);
    p->items = NULL;
    p->n = p->cap = 0;
}

/* A printable, shortened copy of user text for a message.  Caller frees. */
static char *ini_quote(const char *s, size_t n)
{
    char *raw = xstrndup(s, n);
    char *clean = text_sanitize(raw, false);
    free(raw);
    size_t len = strlen(clean);
    if (len > 60) {
        size_t cut = text_fit(clean, 57);
        clean[cut] = '\0';
        char *t = xasprintf("%s...", clean);
        free(clean);
        return t;
    }
    return clean;
}

/* ---- pre-scan ----------------------------------------------------------- */

static void scan_free(scan *sc)
{
    for (size_t i = 0; i < sc->n; i++) {
        for (size_t k = 0; k < sc->secs[i].n; k++)
            free(sc->secs[i].keys[k].name);
        free(sc->secs[i].keys);
        free(sc->secs[i].name);
    }
    free(sc->secs);
    for (size_t i = 0; i < sc->probs.n; i++)
        free(sc->probs.items[i].msg);
    free(sc->probs.items);
}

static scan_sec *scan_find(const scan *sc, const char *name)
{
    for (size_t i = 0; i < sc->n; i++)
        if (strcmp(sc->secs[i].name, name) == 0)
            return &sc->secs[i];
    return NULL;
}

/* Lower-cases ASCII letters in place, as iniparser's strlwc does. */
static void ascii_lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s - 'A' + 'a');
}

/* Records a [section] header whose trimmed name is name. */
static void scan_section(scan *sc, char *name, int line)
{
    ascii_lower(name);
    if (!*name) {
        lp_add(&sc->probs, line, "empty section name []");
        free(name);
        return;
    }
    if (strchr(name, ':')) {
        char *q = ini_quote(name, strlen(name));
        lp_add(&sc->probs, line, "section name [%s] contains ':'", q);
        free(q);
    }
    const scan_sec *old = scan_find(sc, name);
    if (old) {
        char *q = ini_quote(name, strlen(name));
        lp_add(&sc->probs, line, "section [%s] is written twice (first at line %d)",
               q, old->line);
        free(q);
    }
    xgrow((void **)&sc->secs, &sc->cap, sc->n + 1, sizeof *sc->secs);
    sc->secs[sc->n] = (scan_sec){.name = name, .line = line};
    sc->n++;
}

/* Records a key of the current (last) section. */
static void scan_key_add(scan *sc, char *name, int line)
{
    ascii_lower(name);
    char *q = ini_quote(name, strlen(name));
    if (sc->n == 0) {
        lp_add(&sc->probs, line, "key '%s' is outside any [section]", q);
        free(q);
        free(name);
        return;
    }
    scan_sec *s = &sc->secs[sc->n - 1];
    for (size_t i = 0; i < s->n; i++) {
        if (strcmp(s->keys[i].name, name) == 0) {
            lp_add(&sc->probs, line, "key '%s' is written twice in [%s] (first at line %d)",
                   q, s->name, s->keys[i].line);
            break;
        }
    }
    free(q);
    xgrow((void **)&s->keys, &s->cap, s->n + 1, sizeof *s->keys);
    s->keys[s->n++] = (scan_key){.name = name, .line = line};
}

/* Classifies one logical line the way iniparser_line does. */
static void scan_logical(scan *sc, const char *text, size_t len, int line)
{
    while (len > 0 && isspace((unsigned char)*text)) {
        text++;
        len--;
    }
    while (len > 0 && isspace((unsigned char)text[len - 1]))
        len--;
    if (len == 0 || text[0] == '#' || text[0] == ';')
        return;
    if (text[0] == '[' && text[len - 1] == ']') {
        const char *end = memchr(text + 1, ']', len - 1);
        scan_section(sc, str_trim(xstrndup(text + 1, (size_t)(end - text - 1))), line);
        return;
    }
    const char *eq = memchr(text, '=', len);
    if (eq && eq != text)
        scan_key_add(sc, str_trim(xstrndup(text, (size_t)(eq - text))), line);
    /* Anything else is a syntax error that iniparser reports itself. */
}

/* Checks one physical line: length, NUL bytes, UTF-8. */
static void scan_physical(scan *sc, const char *p, size_t n, int line)
{
    size_t body = n;
    while (body > 0 && (p[body - 1] == '\r'))
        body--;
    if (body > INI_MAX_LINE) {
        lp_add(&sc->probs, line, "line is longer than %d bytes (%zu)", INI_MAX_LINE, body);
        sc->fatal = true;
    }
    if (memchr(p, '\0', n)) {
        lp_add(&sc->probs, line, "line contains a NUL byte");
        sc->fatal = true;
    } else if (!utf8_valid(p, n)) {
        lp_add(&sc->probs, line, "line is not valid UTF-8");
    }
}

/* Pre-scans data: physical lines, continuations, sections and keys. */
static void scan_run(scan *sc, const char *data, size_t len)
{
    strbuf logical;
    sb_init(&logical);
    int first = 0, lineno = 0;
    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        lp_add(&sc->probs, 1, "file starts with a UTF-8 byte-order mark; save it without one");
        sc->fatal = true;
        pos = 3;
    }
    while (pos < len) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (data + pos)) : len - pos;
        const char *p = data + pos;
        lineno++;
        scan_physical(sc, p, n, lineno);
        size_t t = n;
        while (t > 0 && isspace((unsigned char)p[t - 1]))
            t--;
        if (!first)
            first = lineno;
        if (t > 0 && p[t - 1] == '\\') {
            sb_addn(&logical, p, t - 1); /* iniparser drops the backslash */
        } else {
            sb_addn(&logical, p, t);
            if (logical.len > INI_MAX_LINE && first != lineno) {
                lp_add(&sc->probs, first, "value continued over lines %d-%d is longer "
                       "than %d bytes", first, lineno, INI_MAX_LINE);
                sc->fatal = true;
            }
            scan_logical(sc, sb_str(&logical), logical.len, first);
            logical.len = 0;
            first = 0;
        }
        pos += n + (nl ? 1 : 0);
    }
    if (first) /* iniparser silently drops a continuation at the end */
        lp_add(&sc->probs, lineno, "last line ends with '\\' but no line follows");
    sb_free(&logical);
}

/* ---- iniparser ---------------------------------------------------------- */

/* The error callback is process-global: capture into this list while a
 * load runs, then restore iniparser's default. */
static lprobs *captured;

PRINTF_LIKE(1, 2)
static int capture(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    if (!captured) {
        va_end(ap);
        return 0;
    }
    if (strcmp(fmt, "iniparser: syntax error in %s (%d):\n-> %s\n") == 0) {
        (void)va_arg(ap, const char *);
        int line = va_arg(ap, int);
        const char *text = va_arg(ap, const char *);
        char *q = ini_quote(text, strlen(text));
        lp_add(captured, line, "syntax error: '%s' is not a [section], a key = value "
               "or a comment", q);
        free(q);
    } else if (strcmp(fmt, "iniparser: input line too long in %s (%d)\n") == 0) {
        (void)va_arg(ap, const char *);
        int line = va_arg(ap, int);
        lp_add(captured, line, "line is too long for iniparser");
    } else {
        char *m = xvasprintf(fmt, ap);
        for (char *c = m; *c; c++)
            if (*c == '\n')
                *c = ' ';
        lp_add(captured, 0, "%s", str_trim(m));
        free(m);
    }
    va_end(ap);
    return 0;
}

/* Writes all of data to fd; false on an error. */
static bool write_all(int fd, const char *data, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        off += (size_t)w;
    }
    return true;
}

/* Puts data in a file iniparser can open by name: a memfd seen through
 * /proc/self/fd, or (no memfd or no /proc) a private temporary file that
 * is unlinked after use (*unlink_it).  Returns the fd (close it), or -1. */
static int mem_file(const char *data, size_t len, char *path, size_t size, bool *unlink_it)
{
    *unlink_it = false;
    int fd = memfd_create("winback-ini", MFD_CLOEXEC);
    if (fd >= 0) {
        snprintf(path, size, "/proc/self/fd/%d", fd);
        if (access(path, R_OK) != 0) {
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, size, "%s/winback-ini-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
        fd = mkstemp(path);
        if (fd < 0)
            return -1;
        *unlink_it = true;
    }
    if (!write_all(fd, data, len)) {
        int e = errno;
        if (*unlink_it)
            unlink(path);
        close(fd);
        errno = e;
        return -1;
    }
    return fd;
}

/* Loads data with iniparser; problems go to probs.  NULL on failure. */
static dictionary *parse_with_iniparser(const char *data, size_t len, lprobs *probs)
{
    char path[4200];
    bool unlink_it;
    int fd = mem_file(data, len, path, sizeof path, &unlink_it);
    if (fd < 0) {
        lp_add(probs, 0, "cannot make a temporary copy: %s", strerror(errno));
        return NULL;
    }
    size_t before = probs->n;
    captured = probs;
    iniparser_set_error_callback(capture);
    dictionary *d = iniparser_load(path);
    iniparser_set_error_callback(NULL); /* back to iniparser's default */
    captured = NULL;
    if (unlink_it)
        unlink(path);
    close(fd);
    if (!d && probs->n == before)
        lp_add(probs, 0, "iniparser could not load the file");
    return d;
}

/* ---- copying ------------------------------------------------------------ */

static int scan_line_of_key(const scan_sec *s, const char *key)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (strcmp(s->keys[i].name, key) == 0)
            return s->keys[i].line;
    return 0;
}

/* Copies section name of d into out (lines from the pre-scan). */
static void copy_section(const dictionary *d, const char *name, const scan *sc,
                         ini_section *out)
{
    const scan_sec *ss = scan_find(sc, name);
    out->name = xstrdup(name);
    out->line = ss ? ss->line : 0;
    int nk = iniparser_getsecnkeys(d, name);
    out->entries = nk > 0 ? xcalloc((size_t)nk, sizeof *out->entries) : NULL;
    out->nentries = 0;
    if (nk <= 0)
        return;
    const char **keys = xcalloc((size_t)nk, sizeof *keys);
    size_t plen = strlen(name) + 1;
    if (iniparser_getseckeys(d, name, keys)) {
        for (int i = 0; i < nk; i++) {
            const char *v = iniparser_getstring(d, keys[i], NULL);
            if (!keys[i] || strlen(keys[i]) < plen)
                continue;
            ini_entry *e = &out->entries[out->nentries++];
            e->key = xstrdup(keys[i] + plen);
            e->value = xstrdup(v ? v : "");
            e->line = scan_line_of_key(ss, e->key);
        }
    }
    free(keys);
}

/* Builds an ini_file from the dictionary. */
static ini_file *copy_dict(const dictionary *d, const scan *sc, const char *path)
{
    ini_file *f = xcalloc(1, sizeof *f);
    f->path = xstrdup(path);
    int ns = iniparser_getnsec(d);
    if (ns <= 0)
        return f;
    f->sections = xcalloc((size_t)ns, sizeof *f->sections);
    for (int i = 0; i < ns; i++) {
        const char *name = iniparser_getsecname(d, i);
        if (name)
            copy_section(d, name, sc, &f->sections[f->nsections++]);
    }
    return f;
}

/* ---- public ------------------------------------------------------------- */

ini_file *ini_load_mem(const char *data, size_t len, const char *name, problems *probs)
{
    scan sc = {0};
    if (len > INI_MAX_SIZE) {
        problems_add(probs, "%s: file is larger than %d bytes", name, INI_MAX_SIZE);
        return NULL;
    }
    scan_run(&sc, data, len);
    dictionary *d = NULL;
    if (!sc.fatal)
        d = parse_with_iniparser(data, len, &sc.probs);
    ini_file *f = NULL;
    if (sc.probs.n == 0 && d)
        f = copy_dict(d, &sc, name);
    lp_flush(&sc.probs, name, probs);
    if (d)
        iniparser_freedict(d);
    scan_free(&sc);
    return f;
}

/* Reads the whole file at path.  NULL with *err set (static) on failure. */
static char *read_all(const char *path, size_t *len, const char **err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        *err = strerror(errno);
        return NULL;
    }
    strbuf sb;
    sb_init(&sb);
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, fp)) > 0 && sb.len <= INI_MAX_SIZE)
        sb_addn(&sb, buf, n);
    bool bad = ferror(fp);
    int e = errno;
    fclose(fp);
    if (bad) {
        sb_free(&sb);
        *err = strerror(e);
        return NULL;
    }
    *len = sb.len;
    return sb_take(&sb);
}

ini_file *ini_load(const char *path, problems *probs)
{
    size_t len = 0;
    const char *err = NULL;
    char *data = read_all(path, &len, &err);
    if (!data) {
        problems_add(probs, "%s: cannot read: %s", path, err);
        return NULL;
    }
    ini_file *f = ini_load_mem(data, len, path, probs);
    free(data);
    return f;
}

void ini_free(ini_file *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->nsections; i++) {
        ini_section *s = &f->sections[i];
        for (size_t k = 0; k < s->nentries; k++) {
            free(s->entries[k].key);
            free(s->entries[k].value);
        }
        free(s->entries);
        free(s->name);
    }
    free(f->sections);
    free(f->path);
    free(f);
}

const ini_section *ini_section_get(const ini_file *f, const char *name)
{
    for (size_t i = 0; f && name && i < f->nsections; i++)
        if (strcmp(f->sections[i].name, name) == 0)
            return &f->sections[i];
    return NULL;
}

const ini_entry *ini_entry_get(const ini_section *s, const char *key)
{
    for (size_t i = 0; s && key && i < s->nentries; i++)
        if (strcmp(s->entries[i].key, key) == 0)
            return &s->entries[i];
    return NULL;
}

const char *ini_get(const ini_file *f, const char *section, const char *key)
{
    const ini_entry *e = ini_entry_get(ini_section_get(f, section), key);
    return e ? e->value : NULL;
}

const char *ini_value(const ini_section *s, const char *key)
{
    const ini_entry *e = ini_entry_get(s, key);
    return e && !str_empty(e->value) ? e->value : NULL;
}

int ini_line_of(const ini_section *s, const char *key)
{
    const ini_entry *e = ini_entry_get(s, key);
    return e && e->line ? e->line : s->line;
}
