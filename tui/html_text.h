/* tui/html_text.h - an HTML page as readable text for the preview. */
#ifndef HERALD_TUI_HTML_TEXT_H
#define HERALD_TUI_HTML_TEXT_H

#include <stddef.h>

/* An underline under a heading is at least this many '=' or '-' (a
 * short heading still gets a visible one), so the preview's wrapping
 * can tell an underline or a rule, which it never wraps, from text. */
#define HTML_TEXT_RULE_MIN 3

/*
 * HTML (N bytes at S, need not be NUL-terminated nor valid) as a person
 * reads the page, so an approver previews the words and not the markup:
 * the main content (<main>, role="main" or id="main"; else the whole
 * page without its head, scripts and styles), in paragraphs separated by
 * blank lines, headings underlined ("=" level 1, "-" level 2), list
 * items as "- " or "N. ", quotations as "> ", preformatted text indented
 * four spaces, links followed by "<address>", character references
 * decoded (control characters dropped). Lines are not wrapped: that
 * depends on the screen. Returns an allocated string without a trailing
 * newline, or NULL when the page has no text.
 */
char *html_text(const char *s, size_t n);

#endif
