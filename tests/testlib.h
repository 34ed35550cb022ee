/* testlib.h - small helpers shared by the Criterion unit tests.
 *
 * Each Criterion test runs in its own process: every test that touches the
 * file system makes its own temporary directory with tl_tmpdir().
 */
#ifndef WINBACK_TESTLIB_H
#define WINBACK_TESTLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Path of a file in the source tree ("forms/debrief.ini"); static buffer. */
static inline const char *tl_src(const char *rel)
{
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/%s", ABS_SRCDIR, rel);
    return buf;
}

/* A fresh temporary directory, removed by tl_rmtree. Caller frees. */
static inline char *tl_tmpdir(void)
{
    char tmpl[] = "/tmp/winback-test-XXXXXX";
    char *d = mkdtemp(tmpl);
    return d ? strdup(d) : NULL;
}

static inline void tl_rmtree(const char *dir)
{
    char cmd[4200];
    if (!dir || strncmp(dir, "/tmp/winback-test-", 18) != 0)
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
}

/* Writes text to dir/name and returns the path (caller frees). */
static inline char *tl_write(const char *dir, const char *name, const char *text)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    snprintf(path, n, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
    return path;
}

#endif
