/* tui/screen_preview.c - each output of a communication exactly as its
 * reader will get it, one tab an output. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/render.h"
#include "core/workflow.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define TEXT_TOP 3           /* body rows above the text: tabs, title,
                              * what made it */
#define TAB_STOP 8

/* One output, rendered when first shown, and its text (or why it could
 * not be rendered) cut into screen lines. */
struct output {
	const struct pb_output *o;    /* in the comm_doc's playbook; NULL:
	                               * the page of a variant without
	                               * outputs */
	bool                    is_rendered;
	struct rendered         r;    /* what the reader gets (r.text NULL
	                               * when it failed) and from what */
	char                    source[256]; /* "template X v3 (...)" */
	char                    problem[512];
	char                  **lines;
	size_t                  n;
	int                     cols; /* width the lines were cut for */
};

/*
 * The text area shows the output's text alone: no numbers, no markers,
 * nothing a reader would not get. Lines longer than the screen wrap at
 * the last column, as a pager does, since cutting them would hide text.
 */
struct preview {
	long long       id;
	struct comm_doc doc;
	struct output  *outs;
	size_t          n_outs;
	size_t          tab;
	int             top;         /* first line shown */
	int             page;        /* text rows at the last draw */
	int             match;       /* line found by search, or -1 */
};

static void
lines_free(struct output *out)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		free(out->lines[i]);
	free(out->lines);
	out->lines = NULL;
	out->n = 0;
}

static void
lines_push(struct output *out, char *line)
{
	out->lines = xreallocarray(out->lines, out->n + 1, sizeof *out->lines);
	out->lines[out->n++] = line;
}

/* Cut one line of text (LEN bytes at S, tabs expanded) into pieces of at
 * most COLS columns. */
static void
cut_line(struct output *out, const char *s, size_t len, int cols)
{
	char *buf = xmalloc(len * TAB_STOP + 1);
	size_t i, j = 0, k, n;
	int used = 0, w;
	mbstate_t ps;
	wchar_t wc;

	for (i = 0; i < len; i++) {
		if (s[i] == '\t')
			do
				buf[j++] = ' ';
			while (j % TAB_STOP != 0);
		else
			buf[j++] = s[i];
	}
	buf[j] = '\0';
	memset(&ps, 0, sizeof ps);
	for (i = 0, k = 0; i < j; i += n) {
		n = mbrtowc(&wc, buf + i, j - i, &ps);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&ps, 0, sizeof ps);
			n = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0)
			w = 1;
		if (used + w > cols && i > k) {
			lines_push(out, xasprintf("%.*s", (int)(i - k), buf + k));
			k = i;
			used = 0;
		}
		used += w;
	}
	lines_push(out, xasprintf("%.*s", (int)(j - k), buf + k));
	free(buf);
}

static void
cut(struct output *out, int cols)
{
	const char *s = out->r.text != NULL ? out->r.text : out->problem, *eol;

	lines_free(out);
	while (*s != '\0') {
		eol = strchr(s, '\n');
		cut_line(out, s, eol != NULL ? (size_t)(eol - s) : strlen(s),
		    cols > 1 ? cols : 1);
		if (eol == NULL)
			break;
		s = eol + 1;
	}
}

/* Render OUT unless it is already: each output is rendered when first
 * shown, so opening the preview costs one rendering, not one an output. */
static void
render(struct session *s, struct preview *v, struct output *out)
{
	struct err err = { 0 };

	if (out->is_rendered)
		return;
	out->is_rendered = true;
	out->cols = 0;
	rendered_clear(&out->r);
	out->problem[0] = '\0';
	out->source[0] = '\0';
	if (comm_preview(s, &v->doc, out->o != NULL ? out->o->id : NULL,
	    NULL, &out->r, &err) != ST_OK)
		snprintf(out->problem, sizeof out->problem, "%s", err.msg);
	else
		comm_preview_source(&out->r, out->source, sizeof out->source);
}

static void
outputs_free(struct preview *v)
{
	size_t i;

	for (i = 0; i < v->n_outs; i++) {
		lines_free(&v->outs[i]);
		rendered_clear(&v->outs[i].r);
	}
	free(v->outs);
	v->outs = NULL;
	v->n_outs = 0;
}

/* The outputs of the communication's variant, none rendered yet; a
 * variant without outputs still reads as a page. */
static void
outputs_load(struct preview *v)
{
	const struct playbook *pb = v->doc.pb;
	const char *variant = v->doc.variant != NULL ? v->doc.variant->id : "";
	size_t i;

	outputs_free(v);
	v->outs = xcalloc(pb->n_outputs + 1, sizeof *v->outs);
	for (i = 0; i < pb->n_outputs; i++)
		if (playbook_output_in_variant(&pb->outputs[i], variant))
			v->outs[v->n_outs++].o = &pb->outputs[i];
	if (v->n_outs == 0)
		v->n_outs = 1;
	if (v->tab >= v->n_outs)
		v->tab = 0;
}

static enum status
open_preview(struct screen *sc, const void *arg, struct err *err)
{
	struct preview *v = sc->priv;
	const long long *id = arg;
	struct session *s = tui_session(sc->tui);
	enum status st;

	v->match = -1;
	if (id == NULL || *id <= 0)
		return err_set(err, ST_INVALID, "which communication? open one "
		    "from its incident");
	v->id = *id;
	if ((st = comm_open(s, v->id, &v->doc, err)) != ST_OK)
		return st;
	outputs_load(v);
	return ST_OK;
}

static void
close_preview(struct screen *sc)
{
	struct preview *v = sc->priv;

	outputs_free(v);
	comm_doc_clear(&v->doc);
}

/* Another console may have changed the answers: render again. */
static void
reload(struct screen *sc)
{
	struct preview *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };

	if (comm_reload(s, &v->doc, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return;
	}
	outputs_load(v);
}

static const char *
output_name(const struct output *out)
{
	if (out->o == NULL)
		return "Page";
	return out->o->title != NULL ? out->o->title : out->o->id;
}

static void
draw_tabs(const struct preview *v, int y, int cols)
{
	char label[256];
	size_t i;
	int x = 1;

	for (i = 0; i < v->n_outs && x < cols - 1; i++) {
		snprintf(label, sizeof label, " %s ", v->outs[i].o != NULL ?
		    v->outs[i].o->id : "page");
		attron(theme_attr(i == v->tab ? ROLE_SELECTED : ROLE_HEADER));
		x += text_put(y, x, label, cols - 1 - x, false) + 1;
		attroff(theme_attr(i == v->tab ? ROLE_SELECTED : ROLE_HEADER));
	}
}

/* "Output 2/4: CSAF document (csaf)  #12 SEC-2026-010  lines 1-20/31",
 * and below it what made the text: "template advisory.md v3 (sha256
 * 1a2b3c4d)", so an approver knows which words they approve. */
static void
draw_title(const struct preview *v, const struct output *out, int y,
    int cols)
{
	char line[512], pos[64] = "";
	int pw;

	snprintf(line, sizeof line, "Output %zu/%zu: %s (%s)  #%lld %s",
	    v->tab + 1, v->n_outs, output_name(out), out->o != NULL &&
	    out->o->format != NULL ? out->o->format : "markdown", v->id,
	    v->doc.incident_ref != NULL ? v->doc.incident_ref : "");
	if ((int)out->n > v->page)
		snprintf(pos, sizeof pos, "lines %d-%d/%zu", v->top + 1,
		    v->top + v->page < (int)out->n ? v->top + v->page :
		    (int)out->n, out->n);
	pw = text_width(pos);
	attron(theme_attr(ROLE_TITLE));
	text_put(y, 1, line, cols - 2 - (pw > 0 ? pw + 2 : 0), false);
	attroff(theme_attr(ROLE_TITLE));
	attron(theme_attr(ROLE_DIM));
	if (pw > 0)
		text_put(y, cols - 1 - pw, pos, pw, false);
	if (out->source[0] != '\0')
		text_put(y + 1, 1, out->source, cols - 2, false);
	attroff(theme_attr(ROLE_DIM));
}

static int
last_top(const struct preview *v)
{
	int last = (int)v->outs[v->tab].n - v->page;

	return last > 0 ? last : 0;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct preview *v = sc->priv;
	struct output *out = &v->outs[v->tab];
	int r;

	render(tui_session(sc->tui), v, out);
	if (cols - 2 != out->cols) {
		out->cols = cols - 2;
		cut(out, out->cols);
	}
	v->page = rows - TEXT_TOP > 1 ? rows - TEXT_TOP : 1;
	if (v->top > last_top(v))
		v->top = last_top(v);
	draw_tabs(v, top, cols);
	draw_title(v, out, top + 1, cols);
	/* Why it could not be rendered, wrapped like a text. */
	if (out->problem[0] != '\0')
		attron(theme_attr(ROLE_ERROR));
	for (r = 0; r < v->page && v->top + r < (int)out->n; r++) {
		if (v->top + r == v->match) {
			attron(theme_attr(ROLE_SELECTED));
			mvhline(top + TEXT_TOP + r, 1, ' ', cols - 2);
		}
		text_put(top + TEXT_TOP + r, 1, out->lines[v->top + r], cols - 2,
		    false);
		if (v->top + r == v->match)
			attroff(theme_attr(ROLE_SELECTED));
	}
	if (out->problem[0] != '\0')
		attroff(theme_attr(ROLE_ERROR));
}

static unsigned
scroll_to(struct preview *v, int line)
{
	v->top = line > last_top(v) ? last_top(v) : line < 0 ? 0 : line;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
tab_by(struct preview *v, int by)
{
	v->tab = (v->tab + v->n_outs + (size_t)(by > 0 ? 1 : v->n_outs - 1)) %
	    v->n_outs;
	v->top = 0;
	v->match = -1;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct preview *v = sc->priv;
	int page = v->page > 1 ? v->page - 1 : 1;

	switch (act) {
	case ACT_MOVE_RIGHT:
	case ACT_NEXT_PANE:
		return tab_by(v, 1);
	case ACT_MOVE_LEFT:
		return tab_by(v, -1);
	case ACT_MOVE_DOWN:
		return scroll_to(v, v->top + 1);
	case ACT_MOVE_UP:
		return scroll_to(v, v->top - 1);
	case ACT_PAGE_DOWN:
		return scroll_to(v, v->top + page);
	case ACT_PAGE_UP:
		return scroll_to(v, v->top - page);
	case ACT_FIRST:
		return scroll_to(v, 0);
	case ACT_LAST:
		return scroll_to(v, last_top(v));
	default:
		return UI_NONE;
	}
}

/* Find NEEDLE in the output shown, from the last match (or the top line)
 * in DIR; the match is highlighted and scrolled to. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct preview *v = sc->priv;
	const struct output *out = &v->outs[v->tab];
	int i;

	if (is_new || v->match < 0)
		i = dir > 0 ? v->top : v->top + v->page - 1;
	else
		i = v->match + dir;
	if (i >= (int)out->n)
		i = (int)out->n - 1;
	for (; i >= 0 && i < (int)out->n; i += dir) {
		if (text_contains(out->lines[i], needle)) {
			v->match = i;
			if (i < v->top || i >= v->top + v->page)
				scroll_to(v, i - v->page / 2);
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_preview_ops = {
	.name = "preview",
	.title = "Preview",
	.priv_size = sizeof(struct preview),
	.open = open_preview,
	.close = close_preview,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.search = search,
};
