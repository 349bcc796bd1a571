/* tui/doc_view.h - text a person reads in full, scrolled and searched:
 * lines wrapped to the screen's width, each in runs of one role; a
 * word-level diff as such lines; and a communication's outputs as their
 * readers get them. The approval screen and the preview read through it;
 * the incident screen wraps its lines with doc_view_cut(). */
#ifndef HERALD_TUI_DOC_VIEW_H
#define HERALD_TUI_DOC_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "core/render.h"
#include "core/session.h"
#include "core/workflow.h"
#include "core/worddiff.h"
#include "tui/screen.h"
#include "tui/theme.h"

/* Some text of a line in one role. */
struct doc_run {
	char     *text;
	enum role role;
};

/* One screen line. */
struct doc_line {
	struct doc_run *runs;
	size_t          n;
	int             indent;      /* columns before its text */
	bool            is_heading;  /* a section begins: Tab goes to the next */
};

/*
 * Lines laid out for one width, and the place a person reads at. The
 * screen lays the lines out again when its width changes (COLS tells it
 * for which width they were made); the place stays, clamped at the
 * next fit. Set up with doc_view_init(); a zeroed one has MATCH 0.
 */
struct doc_view {
	struct doc_line *lines;
	size_t           n, cap;
	int              cols;       /* the width laid out for; 0: not yet */
	int              top;        /* first line shown */
	int              page;       /* lines shown at the last fit */
	int              match;      /* line found by search, or -1 */
};

void doc_view_init(struct doc_view *v);
/* Drop the lines, keeping the place, before laying them out again. */
void doc_view_empty(struct doc_view *v);
/* Free the lines; V is as doc_view_init() leaves it. */
void doc_view_free(struct doc_view *v);

/*
 * Laying out, each at INDENT columns of WIDTH: TEXT (each newline starts
 * a line) in ROLE, broken after a space, a hyphen or slash inside a word
 * ("well-known", "docs/page"), between wide characters, else where the
 * edge falls; a heading (after a blank line unless it is the first);
 * a blank line.
 */
void doc_view_text(struct doc_view *v, const char *text, enum role role,
    int indent, int width);
void doc_view_textf(struct doc_view *v, enum role role, int indent,
    int width, const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void doc_view_heading(struct doc_view *v, const char *text, int width);
void doc_view_blank(struct doc_view *v);

/* D as lines, the changes coloured and marked [-deleted-] and
 * {+inserted+} on each line they touch (so it reads without colour too):
 * only the lines with a change and one line around them, the others
 * summed up as "(N unchanged lines)". */
void doc_view_diff(struct doc_view *v, const struct worddiff *d, int indent,
    int width);

/* Called with each piece of TEXT cut by doc_view_cut(): LEN bytes at S. */
typedef void (*doc_piece_fn)(void *ctx, const char *s, size_t len);
/* TEXT cut as doc_view_text() cuts it into pieces of at most WIDTH
 * columns (an empty line is one empty piece), each given to PIECE. */
void doc_view_cut(const char *text, int width, doc_piece_fn piece,
    void *ctx);

/* Show ROWS lines from now on: the place is clamped to them. */
void     doc_view_fit(struct doc_view *v, int rows);
/* Draw the lines shown from screen row Y, COLS wide; the line found by
 * search highlighted. */
void     doc_view_draw(const struct doc_view *v, int y, int cols);
/* "lines 10-31/378" into BUF (N bytes) when not all lines show, else "". */
const char *doc_view_position(const struct doc_view *v, char *buf, size_t n);
/* The first line that can be the top line when the last is at the bottom. */
int      doc_view_last_top(const struct doc_view *v);
/* Scroll to LINE at the top (clamped); UI_HANDLED | UI_REDRAW. */
unsigned doc_view_scroll(struct doc_view *v, int line);
/* The movement keys (a line, a page, the first or last): UI_NONE for
 * any other ACT. */
unsigned doc_view_handle(struct doc_view *v, enum action act);
/* The next heading at the top; after the last, the first line. */
unsigned doc_view_next_heading(struct doc_view *v);
/* Find NEEDLE from the last match (or the top line) in DIR (1 or -1), for
 * screen_ops.search: the match is highlighted and scrolled to. */
bool     doc_view_search(struct doc_view *v, const char *needle, int dir,
    bool is_new);

/* One output of a communication as its reader will get it: rendered when
 * first shown (doc_output_render()), or why it could not be. */
struct doc_output {
	const struct pb_output *o;   /* in the comm_doc's playbook; NULL: the
	                              * page of a variant without outputs */
	bool            is_rendered;
	struct rendered r;           /* the bytes, r.text NULL when not made */
	char           *readable;    /* an HTML page as text, else NULL */
	char            source[256]; /* "template advisory.md v3 (sha256
	                              * 1a2b3c4d)"; or that it was not made */
	char           *problem;     /* core's message when not made */
	char           *hint;        /* where the field it names is answered */
};

/* The outputs of D's variant, none rendered: *N of them, at least one (a
 * variant without outputs reads as a page). Free with doc_outputs_free(). */
struct doc_output *doc_outputs_new(const struct comm_doc *d, size_t *n);
void        doc_outputs_free(struct doc_output *outs, size_t n);
/* Render OUT of D unless it is already, as the publisher will
 * (comm_preview()): each output costs a rendering only when shown. */
void        doc_output_render(struct session *s, const struct comm_doc *d,
    struct doc_output *out);
/* "Advisory page" ("Page" for a variant's page), and its format
 * ("markdown" when the playbook names none). */
const char *doc_output_name(const struct doc_output *out);
const char *doc_output_format(const struct doc_output *out);
/* OUT (rendered) into V at INDENT of WIDTH: its text as a person reads it
 * (IS_RAW: an HTML page's own bytes), a page read as text going on under
 * its list items; or, when it could not be made, why, core's message in
 * ROLE_ERROR. */
void        doc_view_output(struct doc_view *v, const struct doc_output *out,
    bool is_raw, int indent, int width);

#endif
