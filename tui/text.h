/* tui/text.h - display width, truncation by columns, and safe drawing. */
#ifndef HERALD_TUI_TEXT_H
#define HERALD_TUI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the terminal's codeset is UTF-8 (set once by the loop). */
void text_set_utf8(bool is_utf8);
bool text_is_utf8(void);
/* Display columns S takes (invalid bytes and controls count as one). */
int  text_width(const char *s);
/*
 * Copy the longest prefix of IN that fits in COLS columns into OUT (OUTSZ
 * bytes); a double-width character never straddles the edge; invalid
 * bytes and control characters become '?'; a cut string ends with an
 * ellipsis. Returns the columns used.
 */
int  text_fit(const char *in, int cols, char *out, size_t outsz);
/* Draw S at Y, X in at most COLS columns, clipped to the screen, padding
 * with spaces to COLS when IS_PAD; returns the columns used. */
int  text_put(int y, int x, const char *s, int cols, bool is_pad);

/* S without its leading and trailing white space: cuts S's tail in
 * place and returns a pointer into S. */
char *text_trim(char *s);

/* Whether HAYSTACK contains NEEDLE, ignoring ASCII case; NULLs never match. */
bool text_contains(const char *haystack, const char *needle);

#endif
