/* util.h - memory helpers, a growable string buffer and a list of problems.
 *
 * Everything here is plain C with no curses and no SQLite.  Allocation
 * failure is treated as fatal (xmalloc and friends print one line and exit
 * with status 70): the program cannot do anything useful without memory.
 */
#ifndef WINBACK_UTIL_H
#define WINBACK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
/* Grows *p (an array of *cap elements of size elem) so that it holds at
 * least need elements. */
void xgrow(void **p, size_t *cap, size_t need, size_t elem);
char *xstrdup(const char *s);              /* NULL in, NULL out */
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap);

/* A growable, always NUL-terminated string.  Zero-initialise or sb_init. */
typedef struct strbuf {
    char *buf;   /* owned; NULL until the first append */
    size_t len;  /* bytes used, not counting the NUL */
    size_t cap;  /* bytes allocated */
} strbuf;

void sb_init(strbuf *sb);
void sb_add(strbuf *sb, const char *s);
void sb_addn(strbuf *sb, const char *s, size_t n);
void sb_addc(strbuf *sb, char c);
void sb_addf(strbuf *sb, const char *fmt, ...) PRINTF_LIKE(2, 3);
const char *sb_str(const strbuf *sb);     /* "" when empty, never NULL */
char *sb_take(strbuf *sb);                /* caller frees; sb is reset */
void sb_free(strbuf *sb);

/* A list of human-readable problem messages, each already carrying its
 * location ("forms/x.ini:12: question 'q': unknown type 'blob'"). */
typedef struct problems {
    char **msg;   /* owned strings */
    size_t n;
    size_t cap;
} problems;

void problems_init(problems *p);
void problems_add(problems *p, const char *fmt, ...) PRINTF_LIKE(2, 3);
void problems_free(problems *p);

/* String helpers. */
bool str_empty(const char *s);            /* NULL or only blanks */
bool str_is_id(const char *s);
/* Sets *err to msg when err is not NULL and *err is still empty (the first
 * error of a sequence is the one kept); frees msg otherwise. */
void err_set(char **err, char *msg);            /* [a-z0-9_]+ (form, question, scenario ids) */
char *str_trim(char *s);                  /* in place; returns s */
bool str_eq(const char *a, const char *b);/* NULL-safe strcmp == 0 */
bool str_ieq(const char *a, const char *b);
bool str_starts(const char *s, const char *prefix);
/* Splits s on sep into trimmed, non-empty, newly allocated parts. */
char **str_split(const char *s, char sep, size_t *n);
void str_list_free(char **list, size_t n);

/* Strict number parsing: whole string (after trimming) must parse. */
bool parse_long(const char *s, long *out);
bool parse_double(const char *s, double *out);

/* Current local time as "YYYY-MM-DD HH:MM:SS" / "YYYY-MM-DD" in buf. */
void now_timestamp(char buf[20]);
void today_date(char buf[11]);
/* True when s is a real calendar date written YYYY-MM-DD. */
bool date_valid(const char *s);

#endif
