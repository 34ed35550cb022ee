/* fuzz_config.c - libFuzzer target for the user's configuration file.
 *
 * Every input is a config.ini: it is fed to config_load through a memfd
 * (config_load only reads a path).  Whether it loads or not, the result
 * must be usable: a user name and form id that are strings, the user name
 * free of control characters (it is printed on screen and in reports), and
 * a colour mode in range.
 */
#include "fuzz_common.h"

#include "config.h"
#include "text.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_pin_environment();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = fuzz_memfd(data, size, path, sizeof path);
    config c;
    problems p;
    problems_init(&p);
    bool ok = config_load(&c, path, &p);
    if (!c.user || !c.form || c.colour < COLOUR_AUTO || c.colour > COLOUR_ALWAYS)
        abort();
    if (!text_is_clean(c.user, false))
        abort(); /* a user name with escape sequences would reach the terminal */
    if (!ok && p.n == 0)
        abort(); /* a refusal must say why */
    config_free(&c);
    problems_free(&p);
    close(fd);
    return 0;
}
