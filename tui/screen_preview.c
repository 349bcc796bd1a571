/* tui/screen_preview.c - each output of a communication exactly as its
 * reader will get it, one tab an output; an HTML page read as text by
 * default, its raw bytes one key away. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/workflow.h"
#include "tui/doc_view.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define TEXT_TOP 3           /* body rows above the text: tabs, title,
                              * what made it */
#define KEY_RAW  'r'         /* an HTML output: as text or raw */

/*
 * The text area shows the output's text alone: no numbers, no markers,
 * nothing a reader would not get. An HTML page shows as a browser would
 * read it out (headings, paragraphs, lists, links with their address)
 * unless the person asks for its raw bytes. Lines longer than the
 * screen wrap, at a space where there is one, since cutting them would
 * hide text. Each output is rendered when first shown.
 */
struct preview {
	long long          id;
	struct comm_doc    doc;
	struct doc_output *outs;
	struct doc_view   *views;     /* one an output: its lines and place */
	bool              *is_cut_raw; /* one an output: VIEWS laid out raw */
	size_t             n_outs;
	size_t             tab;
	bool               is_raw;    /* HTML as its bytes, not as text */
	long long          stamp;     /* the database's change stamp at load */
};

static void
outputs_free(struct preview *v)
{
	size_t i;

	for (i = 0; v->views != NULL && i < v->n_outs; i++)
		doc_view_free(&v->views[i]);
	doc_outputs_free(v->outs, v->n_outs);
	free(v->views);
	free(v->is_cut_raw);
	v->outs = NULL;
	v->views = NULL;
	v->is_cut_raw = NULL;
	v->n_outs = 0;
}

/* The outputs of the communication's variant, none rendered yet; when
 * they are the same outputs as before, each keeps the place it was read
 * at. */
static void
outputs_load(struct preview *v)
{
	struct doc_view *was = v->views;
	size_t i, n = v->n_outs;

	v->views = NULL;
	outputs_free(v);
	v->outs = doc_outputs_new(&v->doc, &v->n_outs);
	v->views = xcalloc(v->n_outs, sizeof *v->views);
	v->is_cut_raw = xcalloc(v->n_outs, sizeof *v->is_cut_raw);
	for (i = 0; i < v->n_outs; i++) {
		doc_view_init(&v->views[i]);
		if (n == v->n_outs) {
			v->views[i].top = was[i].top;
			v->views[i].match = was[i].match;
		}
	}
	for (i = 0; was != NULL && i < n; i++)
		doc_view_free(&was[i]);
	free(was);
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

	if (id == NULL || *id <= 0)
		return err_set(err, ST_INVALID, "which communication? open one "
		    "from its incident");
	v->id = *id;
	if ((st = comm_open(s, v->id, &v->doc, err)) != ST_OK)
		return st;
	outputs_load(v);
	/* After the open, so its own audit row is no change to read. */
	v->stamp = session_change_stamp(s);
	tui_message(sc->tui, "Tab: next output  r: HTML as text or raw  "
	    "/: search");
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
	long long stamp = session_change_stamp(s);
	struct err err = { 0 };

	if (stamp != 0 && stamp == v->stamp)
		return;
	v->stamp = stamp;
	if (comm_reload(s, &v->doc, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return;
	}
	outputs_load(v);
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
 * 1a2b3c4d)", so an approver knows which words they approve, and for
 * an HTML page how it is shown. */
static void
draw_title(const struct preview *v, int y, int cols)
{
	const struct doc_output *out = &v->outs[v->tab];
	char line[512], pos[64];
	const char *view = "";
	int pw, vw;

	snprintf(line, sizeof line, "Output %zu/%zu: %s (%s)  #%lld %s",
	    v->tab + 1, v->n_outs, doc_output_name(out), doc_output_format(out),
	    v->id, v->doc.incident_ref != NULL ? v->doc.incident_ref : "");
	doc_view_position(&v->views[v->tab], pos, sizeof pos);
	if (out->readable != NULL)
		view = v->is_raw ? "raw HTML; r: as text" :
		    "as text; r: raw HTML";
	pw = text_width(pos);
	vw = text_width(view);
	attron(theme_attr(ROLE_TITLE));
	text_put(y, 1, line, cols - 2 - (pw > 0 ? pw + 2 : 0), false);
	attroff(theme_attr(ROLE_TITLE));
	attron(theme_attr(ROLE_DIM));
	if (pw > 0)
		text_put(y, cols - 1 - pw, pos, pw, false);
	text_put(y + 1, 1, out->source, cols - 2 - (vw > 0 ? vw + 2 : 0),
	    false);
	attroff(theme_attr(ROLE_DIM));
	if (vw > 0 && vw < cols - 2) {
		attron(theme_attr(ROLE_HEADER));
		text_put(y + 1, cols - 1 - vw, view, vw, false);
		attroff(theme_attr(ROLE_HEADER));
	}
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct preview *v = sc->priv;
	struct doc_output *out = &v->outs[v->tab];
	struct doc_view *view = &v->views[v->tab];

	doc_output_render(tui_session(sc->tui), &v->doc, out);
	if (cols - 2 != view->cols || v->is_raw != v->is_cut_raw[v->tab]) {
		doc_view_empty(view);
		doc_view_output(view, out, v->is_raw, 0, cols - 2);
		view->cols = cols - 2;
		v->is_cut_raw[v->tab] = v->is_raw;
	}
	doc_view_fit(view, rows - TEXT_TOP);
	draw_tabs(v, top, cols);
	draw_title(v, top + 1, cols);
	doc_view_draw(view, top + TEXT_TOP, cols);
}

static unsigned
tab_by(struct preview *v, int by)
{
	v->tab = (v->tab + v->n_outs + (size_t)(by > 0 ? 1 : v->n_outs - 1)) %
	    v->n_outs;
	v->views[v->tab].top = 0;
	v->views[v->tab].match = -1;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct preview *v = sc->priv;

	switch (act) {
	case ACT_MOVE_RIGHT:
	case ACT_NEXT_PANE:
		return tab_by(v, 1);
	case ACT_MOVE_LEFT:
		return tab_by(v, -1);
	case ACT_OPEN:
		return UI_HANDLED;      /* nothing to open: not a list */
	default:
		return doc_view_handle(&v->views[v->tab], act);
	}
}

/* r: an HTML page as text or as its raw bytes (for every HTML tab, so
 * going from output to output keeps the choice). The key is the
 * screen's own, taken before the key table; the help lists it. */
static unsigned
key(struct screen *sc, int rc, wint_t ch)
{
	struct preview *v = sc->priv;
	const struct doc_output *out = &v->outs[v->tab];

	if (rc != OK || ch != KEY_RAW)
		return UI_NONE;
	if (out->problem != NULL) {
		tui_message(sc->tui, "Nothing to show raw: %s could not be "
		    "made", doc_output_name(out));
		return UI_HANDLED | UI_REDRAW;
	}
	if (out->readable == NULL) {
		tui_message(sc->tui, "%s is shown exactly as it is; r shows an "
		    "HTML page as text or raw", doc_output_name(out));
		return UI_HANDLED | UI_REDRAW;
	}
	v->is_raw = !v->is_raw;
	v->views[v->tab].top = 0;
	v->views[v->tab].match = -1;
	return UI_HANDLED | UI_REDRAW;
}

/* Find NEEDLE in the output shown. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct preview *v = sc->priv;

	return doc_view_search(&v->views[v->tab], needle, dir, is_new);
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
	.key = key,
};
