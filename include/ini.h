/* ini.h - the one door to iniparser 4.1.
 *
 * Loads an INI file, reports every problem with file and line (including
 * the ones iniparser 4.1 would make fatal or silent: a BOM, lines over its
 * 1022-byte limit, duplicate keys and sections, ':' in section names,
 * invalid UTF-8), and copies the content into plain structs so that nothing
 * else in the program touches a dictionary.  Only iniparser_getstring-like
 * access is used (CVE-2023-33461 is in the numeric getters).
 */
#ifndef WINBACK_INI_H
#define WINBACK_INI_H

#include <stddef.h>

#include "util.h"

typedef struct ini_entry {
    char *key;       /* lower-cased by iniparser */
    char *value;     /* as iniparser returns it (quotes removed) */
    int line;        /* line where the key is written */
} ini_entry;

typedef struct ini_section {
    char *name;      /* lower-cased */
    int line;        /* line of the [header] */
    ini_entry *entries;
    size_t nentries;
} ini_section;

typedef struct ini_file {
    char *path;
    ini_section *sections;   /* in file order */
    size_t nsections;
} ini_file;

/* Loads path.  On any problem that makes the file unusable returns NULL,
 * with each problem appended to probs as "path:line: message". */
ini_file *ini_load(const char *path, problems *probs);
/* Same, from memory (for fuzzing and tests); name is used in messages. */
ini_file *ini_load_mem(const char *data, size_t len, const char *name, problems *probs);
void ini_free(ini_file *f);

const ini_section *ini_section_get(const ini_file *f, const char *name);
const ini_entry *ini_entry_get(const ini_section *s, const char *key);
/* Value of key in section, or NULL. */
const char *ini_get(const ini_file *f, const char *section, const char *key);
/* The value of key in s when present and not blank, else NULL. */
const char *ini_value(const ini_section *s, const char *key);
/* The line of key in s, or the section's line when the key is absent. */
int ini_line_of(const ini_section *s, const char *key);

#endif
