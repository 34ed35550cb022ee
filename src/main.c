/* main.c - entry point: the locale, then the command line.
 *
 * winback's text is UTF-8 (forms, answers, the database).  When the
 * user's locale has another character set (LC_ALL=C, POSIX, Latin-1),
 * the character type alone is switched to C.UTF-8 so that input and
 * widths stay right; messages and dates keep the user's locale. */
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <string.h>

#include "cli.h"

/* True when the current LC_CTYPE's character set is UTF-8. */
static bool utf8_ctype(void)
{
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (!utf8_ctype() && !setlocale(LC_CTYPE, "C.UTF-8"))
        setlocale(LC_CTYPE, "en_US.UTF-8");
    return cli_main(argc, argv);
}
