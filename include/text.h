/* text.h - UTF-8 text: validation, sanitising and display width.
 *
 * All display-width arithmetic of the program lives here (no curses): the
 * TUI asks this module how wide a string is and where to wrap it.
 */
#ifndef WINBACK_TEXT_H
#define WINBACK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Maximum lengths, in bytes, of text answers. */
#define TEXT_SHORT_MAX 200
#define TEXT_LONG_MAX 8000

bool utf8_valid(const char *s, size_t len);
/* Decodes one code point at s (len bytes available).  Returns the number of
 * bytes used (1 for an invalid byte, which decodes as U+FFFD). */
size_t utf8_decode(const char *s, size_t len, unsigned *cp);
/* Encodes cp into out (at least 4 bytes); returns bytes written. */
size_t utf8_encode(unsigned cp, char *out);
/* Display width of one code point (0 for combining, 2 for wide, 1 else). */
int text_cp_width(unsigned cp);
/* Display width of a UTF-8 string in terminal cells. */
int text_width(const char *s);
/* Byte length of the longest prefix of s that fits in cols cells. */
size_t text_fit(const char *s, int cols);
/* Byte offset of the start of the previous / next code point. */
size_t utf8_prev(const char *s, size_t pos);
size_t utf8_next(const char *s, size_t len, size_t pos);

/* Returns a new string with control characters and escape sequences
 * removed (ESC [ ... final byte, ESC ] ... BEL/ST, C0/C1 controls, DEL).
 * Keeps '\n' when keep_newlines, turns tabs into one space and invalid
 * UTF-8 into U+FFFD.  Safe to print to a terminal. */
char *text_sanitize(const char *s, bool keep_newlines);
/* True when s has nothing text_sanitize would remove. */
bool text_is_clean(const char *s, bool allow_newlines);

/* Word-wraps s to lines of at most cols cells.  Returns an array of *n
 * newly allocated lines (hard newlines in s start new lines).  Words
 * longer than cols are cut.  Free with str_list_free. */
char **text_wrap(const char *s, int cols, size_t *n);

/* A printable copy of s for messages (sanitised; NULL gives ""), cut to
 * 57 columns with "..." when longer than 60 bytes.  Caller frees. */
char *text_quoted(const char *s);

#endif
