/* sqltrace.c - where a winback command spends its time, for the benchmark.
 *
 * A preloaded library (run.sh builds it with `cc -shared -fPIC` and uses it
 * when TRACE=1):
 *
 *   LD_PRELOAD=sqltrace.so TRACE_OUT=FILE winback ...
 *
 * It times every sqlite3_prepare_v2 and sqlite3_step of the process.  At
 * exit it writes to TRACE_OUT (default stderr) the process's wall and CPU
 * time, the time spent preparing statements, and the statements that took
 * the most stepping time, with their number of steps (only a process that
 * used SQLite writes).  It only observes; the program runs unchanged.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_STMTS 4096
#define SHOWN 8

typedef struct entry {
    char *sql;
    double secs;
    long steps;
} entry;

static entry entries[MAX_STMTS];
static int nentries;
static double prep_secs, start;
static long nprep;

static double clock_secs(clockid_t c)
{
    struct timespec ts;
    clock_gettime(c, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

__attribute__((constructor)) static void trace_init(void)
{
    start = clock_secs(CLOCK_MONOTONIC);
}

/* The entry of statement text sql (added when new; NULL when full). */
static entry *entry_of(const char *sql)
{
    for (int i = 0; i < nentries; i++)
        if (strcmp(entries[i].sql, sql) == 0)
            return &entries[i];
    if (nentries == MAX_STMTS)
        return NULL;
    entries[nentries].sql = strdup(sql);
    return entries[nentries].sql ? &entries[nentries++] : NULL;
}

int sqlite3_prepare_v2(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
                       const char **tail)
{
    static int (*real)(sqlite3 *, const char *, int, sqlite3_stmt **, const char **);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "sqlite3_prepare_v2");
    double t0 = clock_secs(CLOCK_MONOTONIC);
    int rc = real(db, sql, n, st, tail);
    prep_secs += clock_secs(CLOCK_MONOTONIC) - t0;
    nprep++;
    return rc;
}

int sqlite3_step(sqlite3_stmt *st)
{
    static int (*real)(sqlite3_stmt *);
    if (!real)
        *(void **)&real = dlsym(RTLD_NEXT, "sqlite3_step");
    double t0 = clock_secs(CLOCK_MONOTONIC);
    int rc = real(st);
    double took = clock_secs(CLOCK_MONOTONIC) - t0;
    const char *sql = sqlite3_sql(st);
    entry *e = entry_of(sql ? sql : "(no text)");
    if (e) {
        e->secs += took;
        e->steps++;
    }
    return rc;
}

static int by_time(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return x->secs < y->secs ? 1 : x->secs > y->secs ? -1 : 0;
}

/* Writes the summary: totals, then the statements that took longest.
 * Processes that never used SQLite (a shell, a timer around winback) write
 * nothing, so that they do not overwrite winback's summary. */
__attribute__((destructor)) static void trace_done(void)
{
    if (nprep == 0 && nentries == 0)
        return;
    const char *path = getenv("TRACE_OUT");
    FILE *f = path ? fopen(path, "w") : stderr;
    if (!f)
        return;
    double wall = clock_secs(CLOCK_MONOTONIC) - start;
    double cpu = clock_secs(CLOCK_PROCESS_CPUTIME_ID);
    double stepping = 0;
    for (int i = 0; i < nentries; i++)
        stepping += entries[i].secs;
    qsort(entries, (size_t)nentries, sizeof *entries, by_time);
    fprintf(f, "    wall %.1f ms, cpu %.1f ms; sqlite3_step %.1f ms, prepare %.1f ms (%ld)\n",
            wall * 1000, cpu * 1000, stepping * 1000, prep_secs * 1000, nprep);
    for (int i = 0; i < nentries && i < SHOWN && entries[i].secs * 1000 >= 0.5; i++) {
        char line[101];
        snprintf(line, sizeof line, "%s", entries[i].sql);
        for (char *p = line; *p; p++)
            if (*p == '\n' || *p == '\t')
                *p = ' ';
        fprintf(f, "    %9.1f ms %8ld steps  %s\n", entries[i].secs * 1000, entries[i].steps,
                line);
    }
    if (f != stderr)
        fclose(f);
}
