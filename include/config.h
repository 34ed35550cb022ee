/* config.h - the user's INI configuration.
 *
 *   [user]    name = Dana Reyes
 *   [wizard]  form = debrief        ; default form id or file
 *   [display] colour = auto | never | always
 */
#ifndef WINBACK_CONFIG_H
#define WINBACK_CONFIG_H

#include <stdbool.h>

#include "util.h"

enum colour_mode { COLOUR_AUTO, COLOUR_NEVER, COLOUR_ALWAYS };

typedef struct config {
    char *user;        /* defaults to $USER or "unknown" */
    char *form;        /* defaults to "debrief" */
    int colour;        /* enum colour_mode */
} config;

/* Defaults, then the file if it exists (path NULL = default path; a missing
 * default file is fine, a missing explicit one is an error).  Returns false
 * with the problems listed (file:line: key) when the file is bad. */
bool config_load(config *c, const char *path, problems *probs);
void config_free(config *c);

#endif
