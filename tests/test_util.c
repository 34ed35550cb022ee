/* test_util.c - util.h: strings, parsing, dates, buffers, problem lists. */
#include <criterion/criterion.h>

#include "testlib.h"
#include "util.h"

Test(util, split_trims_and_skips_empty_parts)
{
    size_t n;
    char **parts = str_split(" a, b ,,c ,", ',', &n);
    cr_assert_eq(n, 3);
    cr_assert_str_eq(parts[0], "a");
    cr_assert_str_eq(parts[1], "b");
    cr_assert_str_eq(parts[2], "c");
    str_list_free(parts, n);
}

Test(util, parse_long_is_strict)
{
    long v;
    cr_assert(parse_long(" 42 ", &v));
    cr_assert_eq(v, 42);
    cr_assert_not(parse_long("042x", &v));
    cr_assert_not(parse_long("", &v));
    cr_assert_not(parse_long("99999999999999999999999", &v));
}

Test(util, parse_double_refuses_inf_nan_and_junk)
{
    double d;
    cr_assert(parse_double("12.5", &d));
    cr_assert_float_eq(d, 12.5, 1e-9);
    cr_assert(parse_double("1e3", &d));
    cr_assert_not(parse_double("inf", &d));
    cr_assert_not(parse_double("nan", &d));
    cr_assert_not(parse_double("0x10", &d));
    cr_assert_not(parse_double("1e999", &d));
    cr_assert_not(parse_double("12,5", &d));
}

Test(util, dates_are_real_calendar_dates)
{
    cr_assert(date_valid("2024-02-29"));
    cr_assert_not(date_valid("2023-02-29"));
    cr_assert_not(date_valid("2023-13-01"));
    cr_assert_not(date_valid("2023-1-01"));
    cr_assert_not(date_valid("01/02/2023"));
    cr_assert(date_valid("2000-02-29"));
    cr_assert_not(date_valid("1900-02-29"));
}

Test(util, strbuf_grows_and_formats)
{
    strbuf sb;
    sb_init(&sb);
    cr_assert_str_eq(sb_str(&sb), "");
    for (int i = 0; i < 1000; i++)
        sb_addf(&sb, "%d,", i);
    cr_assert(str_starts(sb_str(&sb), "0,1,2,"));
    cr_assert_eq(sb.len, strlen(sb.buf));
    char *s = sb_take(&sb);
    cr_assert_str_eq(sb_str(&sb), "");
    free(s);
}

Test(util, user_text_is_not_a_format_string)
{
    problems p;
    problems_init(&p);
    problems_add(&p, "%s", "100%s %n %d");
    cr_assert_str_eq(p.msg[0], "100%s %n %d");
    problems_free(&p);
}

Test(util, case_insensitive_compare)
{
    cr_assert(str_ieq("Price", "pRICE"));
    cr_assert_not(str_ieq("Price", "Prices"));
    cr_assert(str_eq(NULL, NULL));
    cr_assert_not(str_eq("a", NULL));
}
