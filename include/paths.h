/* paths.h - where data, config, forms and shared files live.
 *
 * XDG: config ${XDG_CONFIG_HOME:-$HOME/.config}/winback, data
 * ${XDG_DATA_HOME:-$HOME/.local/share}/winback (an empty or relative
 * variable counts as unset).  Shipped files are looked up in the user's
 * config dir, then the installed data dir (PKGDATADIR), then the source
 * tree when the program runs from its build directory.
 */
#ifndef WINBACK_PATHS_H
#define WINBACK_PATHS_H

#include <stdbool.h>
#include <stddef.h>

char *paths_config_dir(void);      /* caller frees; NULL without HOME */
char *paths_data_dir(void);
char *paths_default_db(void);      /* <data dir>/winback.db */
char *paths_default_config(void);  /* <config dir>/config.ini */
/* Creates dir and its missing parents, the new ones with mode 0700. */
bool paths_mkdirs(const char *dir);

/* Finds a shipped file: kind is "forms", "share" (activities, rules,
 * examples) or "scenarios"; name is a file name ("debrief.ini").  A name
 * with a '/' is taken as a path as it is.  Returns a new string or NULL. */
char *paths_find(const char *kind, const char *name);

/* Directories searched for kind, in order (for listing forms); caller frees
 * with str_list_free. */
char **paths_search_dirs(const char *kind, size_t *n);

#endif
