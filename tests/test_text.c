/* test_text.c - text.h: UTF-8, sanitising, width and wrapping. */
#include <criterion/criterion.h>

#include "testlib.h"
#include "text.h"
#include "util.h"

Test(text, widths_count_cells_not_bytes)
{
    cr_assert_eq(text_width("Zoë"), 3);
    cr_assert_eq(text_width("日本"), 4);
    cr_assert_eq(text_width("e\xCC\x81"), 1); /* e + combining acute */
    cr_assert_eq(text_width(""), 0);
}

Test(text, fit_never_cuts_a_character)
{
    cr_assert_eq(text_fit("日本語", 3), 3);  /* one wide char (3 bytes) */
    cr_assert_eq(text_fit("Zoë", 3), 4);
    cr_assert_eq(text_fit("abc", 10), 3);
}

Test(text, sanitize_removes_escape_sequences_and_controls)
{
    char *s = text_sanitize("a\x1b[31mred\x1b[0m\x07 b\x1b]0;title\x07 c\rd\x7f", false);
    cr_assert_str_eq(s, "ared b cd");
    free(s);
    s = text_sanitize("line1\nline2\ttab", true);
    cr_assert_str_eq(s, "line1\nline2 tab");
    free(s);
    s = text_sanitize("line1\nline2", false);
    cr_assert_str_eq(s, "line1 line2");
    free(s);
}

Test(text, sanitize_replaces_invalid_utf8)
{
    char *s = text_sanitize("ok\xff\xfe!", false);
    cr_assert_str_eq(s, "ok\xEF\xBF\xBD\xEF\xBF\xBD!");
    cr_assert(utf8_valid(s, strlen(s)));
    free(s);
    cr_assert_not(utf8_valid("\xc3(", 2));
    cr_assert_not(utf8_valid("\xed\xa0\x80", 3)); /* surrogate */
    cr_assert(utf8_valid("Müller 日本", strlen("Müller 日本")));
}

Test(text, c1_controls_are_removed)
{
    char *s = text_sanitize("a\xc2\x9b" "31mb", false); /* C1 CSI */
    cr_assert_str_eq(s, "a31mb");
    free(s);
}

Test(text, wrap_breaks_at_spaces_within_width)
{
    size_t n;
    char **l = text_wrap("the quick brown fox jumps", 10, &n);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(l[0], "the quick");
    cr_assert_str_eq(l[1], "brown fox");
    cr_assert_str_eq(l[2], "jumps");
    for (size_t i = 0; i < n; i++)
        cr_assert_leq(text_width(l[i]), 10);
    str_list_free(l, n);
}

Test(text, wrap_keeps_hard_newlines_and_cuts_long_words)
{
    size_t n;
    char **l = text_wrap("ab\n\nabcdefghijkl", 5, &n);
    cr_assert_eq(n, 5);
    cr_assert_str_eq(l[0], "ab");
    cr_assert_str_eq(l[1], "");
    cr_assert_str_eq(l[2], "abcde");
    cr_assert_str_eq(l[4], "kl");
    str_list_free(l, n);
}

Test(text, wrap_handles_wide_characters)
{
    size_t n;
    char **l = text_wrap("日本語のテキスト", 5, &n);
    for (size_t i = 0; i < n; i++)
        cr_assert_leq(text_width(l[i]), 5);
    cr_assert_eq(n, 4);
    str_list_free(l, n);
}

Test(text, utf8_roundtrip)
{
    unsigned cps[] = {0x41, 0xE9, 0x65E5, 0x1F600};
    for (size_t i = 0; i < 4; i++) {
        char buf[5] = {0};
        size_t n = utf8_encode(cps[i], buf);
        unsigned back;
        cr_assert_eq(utf8_decode(buf, n, &back), n);
        cr_assert_eq(back, cps[i]);
    }
    const char *s = "aé日";
    size_t len = strlen(s);
    cr_assert_eq(utf8_next(s, len, 1), 3);
    cr_assert_eq(utf8_prev(s, len), 3);
    cr_assert_eq(utf8_prev(s, 3), 1);
}
