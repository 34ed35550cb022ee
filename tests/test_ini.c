/* test_ini.c - ini.h: the wrapper around iniparser 4.1. */
#include <criterion/criterion.h>

#include "ini.h"
#include "testlib.h"
#include "util.h"

/* Loads text from memory as "t.ini"; problems go to p. */
static ini_file *load(const char *text, problems *p)
{
    problems_init(p);
    return ini_load_mem(text, strlen(text), "t.ini", p);
}

/* Expects text to fail with exactly the given problems, in order. */
static void expect_fail(const char *text, const char *const *want, size_t n)
{
    problems p;
    ini_file *f = load(text, &p);
    for (size_t i = 0; i < p.n; i++)
        cr_log_info("%s", p.msg[i]);
    cr_assert_null(f);
    cr_assert_eq(p.n, n, "%zu problems", p.n);
    for (size_t i = 0; i < n; i++)
        cr_assert_str_eq(p.msg[i], want[i]);
    problems_free(&p);
}

Test(ini, sections_keys_values_and_lines)
{
    problems p;
    ini_file *f = load("; comment\n"
                       "[Form]\n"
                       "ID = demo\n"
                       "Title = Mixed Case Kept\n"
                       "\n"
                       "[q.one]\n"
                       "prompt = \"Quoted; with # kept\"\n"
                       "help = unquoted ; comment dropped\n"
                       "long = first \\\n"
                       "  second\n"
                       "empty =\n"
                       "name = Zoë Müller\n", &p);
    cr_assert_not_null(f);
    cr_assert_eq(p.n, 0);
    cr_assert_str_eq(f->path, "t.ini");
    cr_assert_eq(f->nsections, 2);
    cr_assert_str_eq(f->sections[0].name, "form");
    cr_assert_eq(f->sections[0].line, 2);
    cr_assert_str_eq(f->sections[1].name, "q.one");
    cr_assert_eq(f->sections[1].line, 6);
    cr_assert_str_eq(ini_get(f, "form", "id"), "demo");
    cr_assert_str_eq(ini_get(f, "form", "title"), "Mixed Case Kept");
    cr_assert_str_eq(ini_get(f, "q.one", "prompt"), "Quoted; with # kept");
    cr_assert_str_eq(ini_get(f, "q.one", "help"), "unquoted");
    cr_assert_str_eq(ini_get(f, "q.one", "long"), "first   second");
    cr_assert_str_eq(ini_get(f, "q.one", "empty"), "");
    cr_assert_str_eq(ini_get(f, "q.one", "name"), "Zoë Müller");
    cr_assert_null(ini_get(f, "q.one", "nope"));
    cr_assert_null(ini_get(f, "nope", "id"));
    const ini_section *s = ini_section_get(f, "q.one");
    cr_assert_eq(s->nentries, 5);
    cr_assert_eq(ini_entry_get(s, "prompt")->line, 7);
    cr_assert_eq(ini_entry_get(s, "long")->line, 9);   /* first line of the value */
    cr_assert_eq(ini_entry_get(s, "name")->line, 12);
    cr_assert_str_eq(s->entries[0].key, "prompt");      /* file order */
    ini_free(f);
    problems_free(&p);
}

Test(ini, crlf_and_empty_files_are_fine)
{
    problems p;
    ini_file *f = load("[a]\r\nk = v\r\n", &p);
    cr_assert_not_null(f);
    cr_assert_str_eq(ini_get(f, "a", "k"), "v");
    ini_free(f);
    problems_free(&p);
    f = load("", &p);
    cr_assert_not_null(f);
    cr_assert_eq(f->nsections, 0);
    ini_free(f);
    problems_free(&p);
}

Test(ini, byte_order_mark)
{
    const char *want[] = {"t.ini:1: file starts with a UTF-8 byte-order mark; save it without one"};
    expect_fail("\xEF\xBB\xBF[a]\nk = v\n", want, 1);
}

Test(ini, line_longer_than_1000_bytes)
{
    char text[1200];
    memset(text, 'x', sizeof text);
    memcpy(text, "[a]\nk = ", 8);
    text[1010] = '\n';
    text[1011] = '\0'; /* line 2 is 1006 bytes */
    const char *want[] = {"t.ini:2: line is longer than 1000 bytes (1006)"};
    expect_fail(text, want, 1);
}

Test(ini, long_continued_value)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "[a]\nk = ");
    for (int i = 0; i < 3; i++) {
        for (int k = 0; k < 400; k++)
            sb_addc(&sb, 'x');
        sb_add(&sb, i < 2 ? "\\\n" : "\n");
    }
    const char *want[] = {"t.ini:2: value continued over lines 2-4 is longer than 1000 bytes"};
    expect_fail(sb_str(&sb), want, 1);
    sb_free(&sb);
}

Test(ini, invalid_utf8_and_nul)
{
    const char *want[] = {"t.ini:2: line is not valid UTF-8"};
    expect_fail("[a]\nk = caf\xE9\n", want, 1);
    const char text[] = "[a]\nk = a\0b\n";
    problems p;
    problems_init(&p);
    cr_assert_null(ini_load_mem(text, sizeof text - 1, "t.ini", &p));
    cr_assert_eq(p.n, 1);
    cr_assert_str_eq(p.msg[0], "t.ini:2: line contains a NUL byte");
    problems_free(&p);
}

Test(ini, duplicate_sections_and_keys)
{
    const char *want[] = {
        "t.ini:3: key 'k' is written twice in [a] (first at line 2)",
        "t.ini:4: section [a] is written twice (first at line 1)",
    };
    expect_fail("[a]\nk = 1\nK = 2\n[A]\nj = 3\n", want, 2);
}

Test(ini, colon_in_section_names)
{
    /* iniparser 4.1 crashes on such sections in its numeric getters
     * (CVE-2023-33461); the wrapper refuses them. */
    const char *want[] = {"t.ini:1: section name [a:b] contains ':'"};
    expect_fail("[a:b]\nk = 1\n", want, 1);
}

Test(ini, key_outside_section_and_empty_section)
{
    const char *want[] = {
        "t.ini:1: key 'k' is outside any [section]",
        "t.ini:2: empty section name []",
    };
    expect_fail("k = 1\n[ ]\n", want, 2);
}

Test(ini, syntax_errors_come_from_iniparser_sorted_by_line)
{
    const char *want[] = {
        "t.ini:3: syntax error: 'not a key' is not a [section], a key = value or a comment",
        "t.ini:4: key 'k' is written twice in [a] (first at line 2)",
        "t.ini:5: syntax error: '[b] ; comment' is not a [section], a key = value or a comment",
    };
    expect_fail("[a]\nk = 1\nnot a key\nk = 2\n[b] ; comment\n", want, 3);
}

Test(ini, trailing_backslash_at_end_of_file)
{
    const char *want[] = {"t.ini:2: last line ends with '\\' but no line follows"};
    expect_fail("[a]\nk = v \\", want, 1);
}

Test(ini, loads_from_a_file_and_reports_missing_ones)
{
    char *dir = tl_tmpdir();
    char *path = tl_write(dir, "x.ini", "[s]\nk = v\n");
    problems p;
    problems_init(&p);
    ini_file *f = ini_load(path, &p);
    cr_assert_not_null(f);
    cr_assert_str_eq(f->path, path);
    cr_assert_str_eq(ini_get(f, "s", "k"), "v");
    ini_free(f);
    char *missing = xasprintf("%s/none.ini", dir);
    cr_assert_null(ini_load(missing, &p));
    cr_assert_eq(p.n, 1);
    char *want = xasprintf("%s: cannot read: No such file or directory", missing);
    cr_assert_str_eq(p.msg[0], want);
    free(want);
    free(missing);
    problems_free(&p);
    free(path);
    tl_rmtree(dir);
    free(dir);
}

/* The error callback is restored and re-armed: a second bad load still
 * reports its own errors, and a good load after it reports none. */
Test(ini, each_load_captures_only_its_own_errors)
{
    for (int round = 0; round < 3; round++) {
        problems p;
        cr_assert_null(load("[a]\nbroken\n", &p));
        cr_assert_eq(p.n, 1);
        cr_assert(strstr(p.msg[0], "t.ini:2: syntax error") == p.msg[0]);
        problems_free(&p);
        ini_file *f = load("[a]\nk = v\n", &p);
        cr_assert_not_null(f);
        cr_assert_eq(p.n, 0);
        ini_free(f);
        problems_free(&p);
    }
}

/* Random mutations of a form never crash the loader (what a fuzzer does;
 * stock iniparser 4.1 crashes within about a thousand inputs through its
 * numeric getters, which the wrapper never calls). */
Test(ini, survives_random_mutations)
{
    static const char seed[] =
        "[form]\nid = x\nsections = a:b, c\n[section.a]\ntitle = \"A ; b\"\n"
        "[q.one]\ntype = choice\nchoices = a, b\nchoice.a = A \\\n  more\n"
        "[a:b]\nk = 1\n";
    static const char alphabet[] = "[]=:;#\"'\\\n\r \xEF\xBB\xBF\xC3\xA9\xFF" "aZ0";
    unsigned state = 12345;
    char buf[sizeof seed + 64];
    for (int i = 0; i < 3000; i++) {
        size_t len = sizeof seed - 1;
        memcpy(buf, seed, len);
        for (int m = 0; m < 1 + i % 8; m++) {
            state = state * 1103515245u + 12345u;
            size_t at = (state >> 8) % len;
            state = state * 1103515245u + 12345u;
            char c = alphabet[(state >> 8) % (sizeof alphabet - 1)];
            if ((state >> 20) % 3 == 0 && len < sizeof buf - 1) {
                memmove(buf + at + 1, buf + at, len - at);
                len++;
            }
            buf[at] = c;
        }
        problems p;
        problems_init(&p);
        ini_file *f = ini_load_mem(buf, len, "fuzz.ini", &p);
        cr_assert(f != NULL || p.n > 0, "a failed load always says why");
        for (size_t k = 0; k < p.n; k++)
            cr_assert(strncmp(p.msg[k], "fuzz.ini", 8) == 0, "%s", p.msg[k]);
        for (size_t s = 0; f && s < f->nsections; s++) { /* pre-scan agrees */
            cr_assert_gt(f->sections[s].line, 0, "[%s]", f->sections[s].name);
            for (size_t k = 0; k < f->sections[s].nentries; k++)
                cr_assert_gt(f->sections[s].entries[k].line, 0, "%s in input %d",
                             f->sections[s].entries[k].key, i);
        }
        ini_free(f);
        problems_free(&p);
    }
}
