/* config.c - the user's INI configuration (config.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ini.h"
#include "paths.h"
#include "text.h"

/* The user's login name, or "unknown". */
static char *default_user(void)
{
    const char *u = getenv("USER");
    if (str_empty(u))
        u = getenv("LOGNAME");
    return text_sanitize(str_empty(u) ? "unknown" : u, false);
}

static void config_defaults(config *c)
{
    c->user = default_user();
    c->form = xstrdup("debrief");
    c->colour = COLOUR_AUTO;
}

/* Checks that every key of every section is one we know. */
static void check_known_keys(const ini_file *ini, problems *probs)
{
    static const char *const known[] = {"user:name", "wizard:form", "display:colour",
                                        "display:color"};
    for (size_t i = 0; i < ini->nsections; i++) {
        const ini_section *s = &ini->sections[i];
        for (size_t j = 0; j < s->nentries; j++) {
            char *full = xasprintf("%s:%s", s->name, s->entries[j].key);
            bool ok = false;
            for (size_t k = 0; k < ARRAY_LEN(known) && !ok; k++)
                ok = strcmp(full, known[k]) == 0;
            char *shown = ok ? NULL : text_sanitize(full, false);
            if (!ok)
                problems_add(probs, "%s:%d: unknown setting '%s' (known: [user] name, "
                             "[wizard] form, [display] colour)",
                             ini->path, s->entries[j].line, shown);
            free(shown);
            free(full);
        }
    }
}

/* Applies the values of a loaded file; false on a bad value. */
static bool config_apply(config *c, const ini_file *ini, problems *probs)
{
    size_t before = probs->n;
    const char *v = ini_get(ini, "user", "name");
    if (v && !str_empty(v)) {
        free(c->user);
        c->user = text_sanitize(v, false);
    }
    v = ini_get(ini, "wizard", "form");
    if (v && !str_empty(v)) {
        free(c->form);
        c->form = xstrdup(v);
    }
    v = ini_get(ini, "display", "colour");
    if (!v)
        v = ini_get(ini, "display", "color");
    if (v) {
        const ini_section *s = ini_section_get(ini, "display");
        const ini_entry *e = ini_entry_get(s, "colour");
        if (!e)
            e = ini_entry_get(s, "color");
        if (strcmp(v, "auto") == 0)
            c->colour = COLOUR_AUTO;
        else if (strcmp(v, "never") == 0)
            c->colour = COLOUR_NEVER;
        else if (strcmp(v, "always") == 0)
            c->colour = COLOUR_ALWAYS;
        else {
            char *shown = text_sanitize(v, false);
            problems_add(probs, "%s:%d: colour must be auto, never or always, not '%s'",
                         ini->path, e ? e->line : 0, shown);
            free(shown);
        }
    }
    check_known_keys(ini, probs);
    return probs->n == before;
}

bool config_load(config *c, const char *path, problems *probs)
{
    config_defaults(c);
    char *def = NULL;
    if (!path) {
        def = paths_default_config();
        if (!def || access(def, F_OK) != 0) {
            free(def);
            return true;
        }
        path = def;
    }
    if (access(path, R_OK) != 0) {
        problems_add(probs, "%s: cannot read the configuration file", path);
        free(def);
        return false;
    }
    ini_file *ini = ini_load(path, probs);
    bool ok = ini && config_apply(c, ini, probs);
    ini_free(ini);
    free(def);
    return ok;
}

void config_free(config *c)
{
    free(c->user);
    free(c->form);
    c->user = c->form = NULL;
}
