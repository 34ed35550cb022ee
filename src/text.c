/* text.c - UTF-8 decoding, sanitising, display width and word wrap.
 *
 * Widths come from a small built-in table (combining marks 0, East Asian
 * wide and fullwidth 2, everything else 1) so that results do not depend on
 * the process locale: tests and the TUI agree.
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

size_t utf8_decode(const char *str, size_t len, unsigned *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        n = 2; min = 0x80; c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 3; min = 0x800; c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 4; min = 0x10000; c &= 0x07;
    } else {
        *cp = 0xFFFD;
        return 1;
    }
    if (len < n) {
        *cp = 0xFFFD;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *cp = 0xFFFD;
            return 1;
        }
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = c;
    return n;
}

size_t utf8_encode(unsigned cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    } else if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

bool utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        unsigned cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0))
            return false;
        i += n;
    }
    return true;
}

typedef struct range {
    unsigned lo, hi;
} range;

static const range zero_width[] = {
    {0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x0610, 0x061A},
    {0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x0900, 0x0903},
    {0x093A, 0x094F}, {0x0E31, 0x0E31}, {0x0E34, 0x0E3A}, {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF}, {0x200B, 0x200F}, {0x2028, 0x202E}, {0x2060, 0x2064},
    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}, {0xFEFF, 0xFEFF},
    {0xE0100, 0xE01EF},
};

static const range wide[] = {
    {0x1100, 0x115F}, {0x231A, 0x231B}, {0x2329, 0x232A}, {0x23E9, 0x23EC},
    {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x26AA, 0x26AB},
    {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26F2, 0x26F5}, {0x2705, 0x2705},
    {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C}, {0x2753, 0x2755},
    {0x2795, 0x2797}, {0x2B1B, 0x2B1C}, {0x2E80, 0x303E}, {0x3041, 0x33FF},
    {0x3400, 0x4DBF}, {0x4E00, 0x9FFF}, {0xA000, 0xA4CF}, {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF}, {0xFE30, 0xFE4F}, {0xFF00, 0xFF60}, {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x2FFFD}, {0x30000, 0x3FFFD},
};

static bool in_ranges(unsigned cp, const range *r, size_t n)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cp < r[mid].lo)
            hi = mid;
        else if (cp > r[mid].hi)
            lo = mid + 1;
        else
            return true;
    }
    return false;
}

int text_cp_width(unsigned cp)
{
    if (cp == 0)
        return 0;
    if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
        return 0;
    if (in_ranges(cp, zero_width, ARRAY_LEN(zero_width)))
        return 0;
    if (in_ranges(cp, wide, ARRAY_LEN(wide)))
        return 2;
    return 1;
}

int text_width(const char *s)
{
    if (!s)
        return 0;
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        unsigned cp;
        i += utf8_decode(s + i, len - i, &cp);
        w += text_cp_width(cp);
    }
    return w;
}

size_t text_fit(const char *s, int cols)
{
    size_t len = strlen(s), i = 0;
    int w = 0;
    while (i < len) {
        unsigned cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        int cw = text_cp_width(cp);
        if (w + cw > cols)
            break;
        w += cw;
        i += n;
    }
    return i;
}

size_t utf8_prev(const char *s, size_t pos)
{
    if (pos == 0)
        return 0;
    size_t p = pos - 1;
    while (p > 0 && ((unsigned char)s[p] & 0xC0) == 0x80 && pos - p < 4)
        p--;
    return p;
}

size_t utf8_next(const char *s, size_t len, size_t pos)
{
    if (pos >= len)
        return len;
    unsigned cp;
    return pos + utf8_decode(s + pos, len - pos, &cp);
}

/* Length of an escape sequence starting at s[0] == ESC (or a C1 CSI/OSC). */
static size_t escape_len(const unsigned char *s, size_t len)
{
    if (len < 2)
        return len;
    size_t i;
    if (s[1] == '[') { /* CSI: parameters, then a final byte 0x40..0x7E */
        for (i = 2; i < len; i++)
            if (s[i] >= 0x40 && s[i] <= 0x7E)
                return i + 1;
        return len;
    }
    if (s[1] == ']' || s[1] == 'P' || s[1] == '_' || s[1] == '^' || s[1] == 'X') {
        for (i = 2; i < len; i++) { /* string until BEL or ESC \ */
            if (s[i] == 0x07)
                return i + 1;
            if (s[i] == 0x1B && i + 1 < len && s[i + 1] == '\\')
                return i + 2;
        }
        return len;
    }
    if (s[1] >= 0x20 && s[1] <= 0x2F) /* ESC intermediate final */
        return len > 2 ? 3 : len;
    return 2;
}

char *text_sanitize(const char *str, bool keep_newlines)
{
    strbuf sb;
    sb_init(&sb);
    sb_add(&sb, "");
    if (!str)
        return sb_take(&sb);
    const unsigned char *s = (const unsigned char *)str;
    size_t len = strlen(str), i = 0;
    while (i < len) {
        if (s[i] == 0x1B) {
            i += escape_len(s + i, len - i);
            continue;
        }
        unsigned cp;
        size_t n = utf8_decode(str + i, len - i, &cp);
        if (cp == '\n' && keep_newlines)
            sb_addc(&sb, '\n');
        else if (cp == '\t')
            sb_addc(&sb, ' ');
        else if (cp == '\r' || cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            if (cp == '\n')
                sb_addc(&sb, ' ');
        } else if (cp == 0xFFFD)
            sb_add(&sb, "\xEF\xBF\xBD");
        else
            sb_addn(&sb, str + i, n);
        i += n;
    }
    return sb_take(&sb);
}

bool text_is_clean(const char *s, bool allow_newlines)
{
    char *c = text_sanitize(s, allow_newlines);
    bool same = strcmp(c, s ? s : "") == 0;
    free(c);
    return same;
}

/* Appends one output line (bytes b..e of s) to the list. */
static void push_line(char ***lines, size_t *n, size_t *cap, const char *b, size_t len)
{
    xgrow((void **)lines, cap, *n + 1, sizeof **lines);
    (*lines)[(*n)++] = xstrndup(b, len);
}

/* Wraps one paragraph (no newlines) into lines of at most cols cells. */
static void wrap_para(const char *p, size_t len, int cols, char ***lines, size_t *n, size_t *cap)
{
    size_t start = 0;
    while (start < len) {
        size_t i = start, last_space = (size_t)-1;
        int w = 0;
        while (i < len) {
            unsigned cp;
            size_t k = utf8_decode(p + i, len - i, &cp);
            int cw = text_cp_width(cp);
            if (w + cw > cols)
                break;
            if (cp == ' ')
                last_space = i;
            w += cw;
            i += k;
        }
        if (i >= len) {
            push_line(lines, n, cap, p + start, len - start);
            return;
        }
        size_t end = (last_space != (size_t)-1 && last_space > start) ? last_space : i;
        if (end == start) /* a single character wider than cols */
            end = utf8_next(p, len, start);
        push_line(lines, n, cap, p + start, end - start);
        start = end;
        while (start < len && p[start] == ' ')
            start++;
    }
}

char **text_wrap(const char *s, int cols, size_t *n)
{
    char **lines = NULL;
    size_t cap = 0;
    *n = 0;
    if (cols < 1)
        cols = 1;
    if (!s)
        s = "";
    const char *p = s;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len == 0)
            push_line(&lines, n, &cap, p, 0);
        else
            wrap_para(p, len, cols, &lines, n, &cap);
        if (!nl)
            break;
        p = nl + 1;
    }
    return lines;
}

char *text_quoted(const char *s)
{
    char *c = text_sanitize(s ? s : "", false);
    if (strlen(c) > 60) {
        c[text_fit(c, 57)] = '\0';
        char *t = xasprintf("%s...", c);
        free(c);
        return t;
    }
    return c;
}
