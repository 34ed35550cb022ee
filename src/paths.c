/* paths.c - XDG directories and the search path for shipped files. */
#include "paths.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#ifndef PKGDATADIR
#define PKGDATADIR "/usr/local/share/winback"
#endif
#ifndef ABS_SRCDIR
#define ABS_SRCDIR "."
#endif
#ifndef ABS_BUILDDIR
#define ABS_BUILDDIR "."
#endif

/* $var when it is set to an absolute path, else $HOME/fallback. */
static char *xdg_dir(const char *var, const char *fallback)
{
    const char *v = getenv(var);
    if (v && v[0] == '/')
        return xasprintf("%s/winback", v);
    const char *home = getenv("HOME");
    if (!home || home[0] != '/')
        return NULL;
    return xasprintf("%s/%s/winback", home, fallback);
}

char *paths_config_dir(void)
{
    return xdg_dir("XDG_CONFIG_HOME", ".config");
}

char *paths_data_dir(void)
{
    return xdg_dir("XDG_DATA_HOME", ".local/share");
}

char *paths_default_db(void)
{
    char *d = paths_data_dir();
    char *p = d ? xasprintf("%s/winback.db", d) : NULL;
    free(d);
    return p;
}

char *paths_default_config(void)
{
    char *d = paths_config_dir();
    char *p = d ? xasprintf("%s/config.ini", d) : NULL;
    free(d);
    return p;
}

bool paths_mkdirs(const char *dir)
{
    if (!dir || !*dir)
        return false;
    char *p = xstrdup(dir);
    bool ok = true;
    for (char *s = p + 1; ok; s++) {
        if (*s != '/' && *s != '\0')
            continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            ok = false;
        *s = c;
        if (c == '\0')
            break;
    }
    free(p);
    struct stat sb;
    return ok && stat(dir, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* True when the running binary sits in the build directory. */
static bool running_from_build_dir(void)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0)
        return false;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (!slash)
        return false;
    *slash = '\0';
    char real_build[PATH_MAX];
    if (!realpath(ABS_BUILDDIR, real_build))
        return false;
    return strcmp(exe, real_build) == 0 || strncmp(exe, real_build, strlen(real_build)) == 0;
}

/* The directories searched for files of kind, in order: the user's config
 * dir, $WINBACK_DATADIR, the installed data dir, the source tree when
 * running from the build dir.  "share" files sit at the top of each. */
char **paths_search_dirs(const char *kind, size_t *n)
{
    char **dirs = xcalloc(5, sizeof *dirs);
    size_t k = 0;
    bool share = strcmp(kind, "share") == 0;
    const char *env = getenv("WINBACK_DATADIR");
    char *cfg = paths_config_dir();
    if (cfg)
        dirs[k++] = share ? xstrdup(cfg) : xasprintf("%s/%s", cfg, kind);
    free(cfg);
    if (env && env[0] == '/')
        dirs[k++] = share ? xstrdup(env) : xasprintf("%s/%s", env, kind);
    dirs[k++] = share ? xstrdup(PKGDATADIR) : xasprintf("%s/%s", PKGDATADIR, kind);
    if (running_from_build_dir()) {
        if (share)
            dirs[k++] = xasprintf("%s/share", ABS_SRCDIR);
        else if (strcmp(kind, "scenarios") == 0)
            dirs[k++] = xasprintf("%s/share/scenarios", ABS_SRCDIR);
        else
            dirs[k++] = xasprintf("%s/%s", ABS_SRCDIR, kind);
    }
    *n = k;
    return dirs;
}

char *paths_find(const char *kind, const char *name)
{
    if (!name || !*name)
        return NULL;
    if (strchr(name, '/'))
        return access(name, R_OK) == 0 ? xstrdup(name) : NULL;
    size_t n;
    char **dirs = paths_search_dirs(kind, &n);
    char *found = NULL;
    for (size_t i = 0; i < n && !found; i++) {
        char *p = xasprintf("%s/%s", dirs[i], name);
        if (access(p, R_OK) == 0)
            found = p;
        else
            free(p);
    }
    str_list_free(dirs, n);
    return found;
}
