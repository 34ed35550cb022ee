/* test_config.c - config.h and paths.h: defaults, the file, XDG paths. */
#include <criterion/criterion.h>
#include <sys/stat.h>

#include "config.h"
#include "paths.h"
#include "testlib.h"

Test(config, defaults_without_a_file)
{
    char *dir = tl_tmpdir();
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("USER", "dana", 1);
    config c;
    problems p;
    problems_init(&p);
    cr_assert(config_load(&c, NULL, &p));
    cr_assert_str_eq(c.user, "dana");
    cr_assert_str_eq(c.form, "debrief");
    cr_assert_eq(c.colour, COLOUR_AUTO);
    config_free(&c);
    problems_free(&p);
    tl_rmtree(dir);
    free(dir);
}

Test(config, file_values_are_read_and_sanitised)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "c.ini", "[user]\nname = Zoë \x1b[31mRed\n[wizard]\nform = quick\n"
                                        "[display]\ncolour = never\n");
    config c;
    problems p;
    problems_init(&p);
    cr_assert(config_load(&c, path, &p));
    cr_assert_str_eq(c.user, "Zoë Red");
    cr_assert_str_eq(c.form, "quick");
    cr_assert_eq(c.colour, COLOUR_NEVER);
    config_free(&c);
    problems_free(&p);
    tl_rmtree(dir);
    free(dir);
    free(path);
}

Test(config, bad_values_and_unknown_keys_name_file_and_line)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "c.ini", "[display]\ncolour = purple\n[user]\nnmae = x\n");
    config c;
    problems p;
    problems_init(&p);
    cr_assert_not(config_load(&c, path, &p));
    cr_assert_eq(p.n, 2);
    cr_assert(strstr(p.msg[0], "c.ini:2:") && strstr(p.msg[0], "purple"), "%s", p.msg[0]);
    cr_assert(strstr(p.msg[1], "c.ini:4:") && strstr(p.msg[1], "user:nmae"), "%s", p.msg[1]);
    config_free(&c);
    problems_free(&p);
    tl_rmtree(dir);
    free(dir);
    free(path);
}

Test(config, missing_explicit_file_is_an_error)
{
    config c;
    problems p;
    problems_init(&p);
    cr_assert_not(config_load(&c, "/nonexistent/winback.ini", &p));
    cr_assert(strstr(p.msg[0], "/nonexistent/winback.ini"));
    config_free(&c);
    problems_free(&p);
}

Test(paths, xdg_variables_relative_or_empty_count_as_unset)
{
    setenv("HOME", "/home/x", 1);
    setenv("XDG_DATA_HOME", "relative/dir", 1);
    char *d = paths_default_db();
    cr_assert_str_eq(d, "/home/x/.local/share/winback/winback.db");
    free(d);
    setenv("XDG_DATA_HOME", "", 1);
    d = paths_data_dir();
    cr_assert_str_eq(d, "/home/x/.local/share/winback");
    free(d);
    setenv("XDG_CONFIG_HOME", "/cfg", 1);
    d = paths_default_config();
    cr_assert_str_eq(d, "/cfg/winback/config.ini");
    free(d);
}

Test(paths, mkdirs_creates_owner_only_directories)
{
    char *dir = tl_tmpdir();
    char *deep = xasprintf("%s/a/b/c", dir);
    umask(0);
    cr_assert(paths_mkdirs(deep));
    struct stat sb;
    cr_assert_eq(stat(deep, &sb), 0);
    cr_assert_eq(sb.st_mode & 0777, 0700);
    free(deep);
    tl_rmtree(dir);
    free(dir);
}

Test(paths, user_forms_come_first)
{
    char *dir = tl_tmpdir();
    setenv("XDG_CONFIG_HOME", dir, 1);
    setenv("WINBACK_DATADIR", ABS_SRCDIR, 1);
    char *shipped = paths_find("forms", "debrief.ini");
    cr_assert_str_eq(shipped, ABS_SRCDIR "/forms/debrief.ini");
    char *fdir = xasprintf("%s/winback/forms", dir);
    cr_assert(paths_mkdirs(fdir));
    char *mine = tl_write(fdir, "debrief.ini", "[form]\n");
    char *found = paths_find("forms", "debrief.ini");
    cr_assert_str_eq(found, mine);
    free(shipped);
    free(fdir);
    free(mine);
    free(found);
    tl_rmtree(dir);
    free(dir);
}
