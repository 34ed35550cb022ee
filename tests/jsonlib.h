/* jsonlib.h - a small strict JSON validator for the unit tests (the same
 * as test_report.c's): one value, valid UTF-8, nothing after it. */
#ifndef WINBACK_JSONLIB_H
#define WINBACK_JSONLIB_H

#include <stdbool.h>
#include <string.h>

#include "text.h"

static bool j_value(const char **p, int depth);

static void j_ws(const char **p)
{
    while (**p == ' ' || **p == '\n' || **p == '\t' || **p == '\r')
        (*p)++;
}

static bool j_string(const char **p)
{
    if (**p != '"')
        return false;
    for (const char *s = *p + 1; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x20)
            return false;
        if (c == '"') {
            *p = s + 1;
            return true;
        }
        if (c != '\\')
            continue;
        s++;
        if (*s == 'u') {
            for (int i = 1; i <= 4; i++)
                if (!strchr("0123456789abcdefABCDEF", s[i]) || !s[i])
                    return false;
            s += 4;
        } else if (!*s || !strchr("\"\\/bfnrt", *s)) {
            return false;
        }
    }
    return false;
}

static bool j_digits(const char **p)
{
    const char *s = *p;
    while (**p >= '0' && **p <= '9')
        (*p)++;
    return *p > s;
}

static bool j_number(const char **p)
{
    if (**p == '-')
        (*p)++;
    if (!j_digits(p))
        return false;
    if (**p == '.' && ((*p)++, !j_digits(p)))
        return false;
    if (**p == 'e' || **p == 'E') {
        (*p)++;
        if (**p == '+' || **p == '-')
            (*p)++;
        return j_digits(p);
    }
    return true;
}

/* Object or array, after the opening bracket. */
static bool j_container(const char **p, char close, int depth)
{
    j_ws(p);
    if (**p == close) {
        (*p)++;
        return true;
    }
    for (;;) {
        j_ws(p);
        if (close == '}') {
            if (!j_string(p))
                return false;
            j_ws(p);
            if (*(*p)++ != ':')
                return false;
        }
        if (!j_value(p, depth + 1))
            return false;
        j_ws(p);
        char c = *(*p)++;
        if (c == close)
            return true;
        if (c != ',')
            return false;
    }
}

static bool j_value(const char **p, int depth)
{
    if (depth > 64)
        return false;
    j_ws(p);
    const char *lit[] = {"true", "false", "null"};
    for (size_t i = 0; i < 3; i++)
        if (strncmp(*p, lit[i], strlen(lit[i])) == 0) {
            *p += strlen(lit[i]);
            return true;
        }
    switch (**p) {
    case '{': (*p)++; return j_container(p, '}', depth);
    case '[': (*p)++; return j_container(p, ']', depth);
    case '"': return j_string(p);
    default: return j_number(p);
    }
}

/* Whole document: one value, valid UTF-8, nothing after it. */
static bool json_valid(const char *s)
{
    if (!utf8_valid(s, strlen(s)))
        return false;
    const char *p = s;
    if (!j_value(&p, 0))
        return false;
    j_ws(&p);
    return *p == '\0';
}

#endif
