/* core/mustache.h - Mustache templates (the specification's interpolation,
 * sections, inverted sections, comments, partials and set-delimiter tags)
 * rendered against JSON data. Every human-readable output comes from one. */
#ifndef HERALD_CORE_MUSTACHE_H
#define HERALD_CORE_MUSTACHE_H

#include <jansson.h>

#include "util/err.h"

/* How {{name}} escapes a value ({{{name}}} and {{&name}} never do). */
enum mustache_escape {
	MUSTACHE_ESCAPE_HTML,     /* & < > " as the specification asks */
	MUSTACHE_ESCAPE_MARKDOWN, /* what CommonMark would read as markup is
	                           * backslash-escaped, so the text reads
	                           * literally; < > & never start HTML */
	MUSTACHE_ESCAPE_NONE,     /* plain text: e-mail, security.txt */
};

/*
 * Look up partial NAME. Return ST_OK with *TEXT allocated (the caller
 * frees) and *SOURCE (may be left NULL; allocated) naming it for error
 * messages, or ST_NOTFOUND when there is no such partial (it renders as
 * nothing, as the specification asks), or another status to fail.
 */
typedef enum status (*mustache_partial_fn)(void *ctx, const char *name,
    char **text, char **source, struct err *err);

struct mustache_opts {
	enum mustache_escape escape;
	const char          *source;      /* the template's name, for errors */
	mustache_partial_fn  partial;     /* NULL: no partials */
	void                *partial_ctx;
};

/*
 * Render TEMPLATE (UTF-8, NUL-terminated) against DATA (an object, or any
 * JSON value) into *OUT (allocated; caller frees). Names resolve through
 * the context stack with dotted names as the specification says; "." is
 * the current item. Falsey for sections: false, null, an empty array and
 * a missing name; an empty string or 0 is truthy (the specification's
 * behaviour). Numbers print as JSON would (integers without a point).
 * Errors (ST_INVALID) read "SOURCE:LINE:COL: MESSAGE" at the offending
 * tag: an unclosed tag or section, a mismatched close, a bad delimiter
 * change, a partial nested too deep (recursion is bounded).
 */
enum status mustache_render(const char *tmpl, const struct mustache_opts *o,
    const json_t *data, char **out, struct err *err);
/* Parse TEMPLATE only (partials are not followed): ST_OK or ST_INVALID
 * with "SOURCE:LINE:COL: MESSAGE". */
enum status mustache_check(const char *tmpl, const char *source,
    struct err *err);
/* The escaping a template named NAME gets from its extension: ".html"
 * and ".htm" HTML, ".md" Markdown, anything else none. */
enum mustache_escape mustache_escape_for(const char *name);
/* Escape the N bytes at S as ESC would into a new string (caller frees). */
char *mustache_escape_text(enum mustache_escape esc, const char *s, size_t n);

#endif
