/* tui/screen_incident.c - one incident: its fields, affected products,
 * communications and their approvals, deliveries and history, as panes. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "tui/incident_view.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"

#define PANE_TOP 2          /* body rows above a pane: the incident, the tabs */

/*
 * The panes are built for one width and rebuilt when it changes or the
 * data is read again (COLS 0 asks for that); each keeps its own top line,
 * clamped at every draw, so a pane that shrank on reload never shows
 * past its end.
 */
struct incident_screen {
	long long            id;
	struct incident_data d;
	struct pane          panes[PANE_COUNT];
	int                  focus;               /* the pane shown */
	int                  cols;                /* width the panes fit */
	int                  page;                /* pane rows at the last draw */
	int                  tab_x[PANE_COUNT + 1];  /* tab edges, for clicks */
	int                  match;               /* line found by search, or -1 */
	char                 needle[256];         /* what was searched for */
};

/* ARG is the `const struct incident *` to show (the incident list passes
 * its selected row); only its id is read, the rest is read afresh. */
static enum status
open_incident(struct screen *sc, const void *arg, struct err *err)
{
	struct incident_screen *v = sc->priv;
	const struct incident *in = arg;

	v->match = -1;
	if (in == NULL || in->id <= 0)
		return err_set(err, ST_INVALID, "which incident? open one from "
		    "the incident list");
	v->id = in->id;
	return incident_data_load(&v->d, tui_session(sc->tui), v->id, err);
}

static void
close_incident(struct screen *sc)
{
	struct incident_screen *v = sc->priv;

	incident_panes_free(v->panes);
	incident_data_free(&v->d);
}

static void
reload(struct screen *sc)
{
	struct incident_screen *v = sc->priv;
	struct incident_data fresh;
	struct err err = { 0 };

	if (incident_data_load(&fresh, tui_session(sc->tui), v->id, &err) !=
	    ST_OK) {
		incident_data_free(&fresh);
		tui_message(sc->tui, "%s", err.msg);
		return;
	}
	incident_data_free(&v->d);
	v->d = fresh;
	v->cols = 0;
}

static int
last_top(const struct incident_screen *v, const struct pane *p)
{
	int last = (int)p->n - v->page;

	return last > 0 ? last : 0;
}

/* Draw TEXT at Y, X in ROLE; returns the column after it and a gap. */
static int
put(int y, int x, const char *text, enum role role, int cols)
{
	int used;

	if (x >= cols - 1)
		return x;
	attron(theme_attr(role));
	used = text_put(y, x, text, cols - 1 - x, false);
	attroff(theme_attr(role));
	return x + used + 2;
}

/* The incident in one line: ID, severity, state, drill, title. */
static void
draw_headline(const struct incident_screen *v, int y, int cols)
{
	const struct incident *in = &v->d.inc;
	int x = 1;

	x = put(y, x, in->ref, ROLE_TITLE, cols);
	x = put(y, x, in->severity, theme_severity(in->severity), cols);
	x = put(y, x, in->state, ROLE_NORMAL, cols);
	if (in->is_drill)
		x = put(y, x, "drill", ROLE_WARN, cols);
	put(y, x, in->title, ROLE_NORMAL, cols);
}

/* The tabs, the focused one selected, and where the pane is scrolled. */
static void
draw_tabs(struct incident_screen *v, int y, int cols)
{
	static const char *const brief[PANE_COUNT] = {
		"Details", "Affected", "Comms", "Outbox", "History",
	};
	const struct pane *p = &v->panes[v->focus];
	char label[PANE_COUNT][64], pos[64];
	int k, x, total = 1;
	bool is_brief;

	for (is_brief = false;; is_brief = true) {
		for (k = 0, total = 1; k < PANE_COUNT; k++) {
			if (v->panes[k].items >= 0)
				snprintf(label[k], sizeof label[k], is_brief ?
				    " %s %lld " : " %s (%lld) ", is_brief ? brief[k] :
				    v->panes[k].name, v->panes[k].items);
			else
				snprintf(label[k], sizeof label[k], " %s ",
				    is_brief ? brief[k] : v->panes[k].name);
			total += text_width(label[k]) + 1;
		}
		if (total <= cols - 1 || is_brief)
			break;
	}
	for (k = 0, x = 1; k < PANE_COUNT; k++) {
		v->tab_x[k] = x;
		attron(theme_attr(k == v->focus ? ROLE_SELECTED : ROLE_HEADER));
		x += text_put(y, x, label[k], cols - 1 - x, false) + 1;
		attroff(theme_attr(k == v->focus ? ROLE_SELECTED : ROLE_HEADER));
	}
	v->tab_x[PANE_COUNT] = x;
	if ((int)p->n > v->page) {
		snprintf(pos, sizeof pos, "%d-%d/%zu", p->top + 1,
		    p->top + v->page < (int)p->n ? p->top + v->page : (int)p->n,
		    p->n);
		if (x + text_width(pos) + 1 < cols) {
			attron(theme_attr(ROLE_DIM));
			text_put(y, cols - 1 - text_width(pos), pos, text_width(pos),
			    false);
			attroff(theme_attr(ROLE_DIM));
		}
	}
}

static void
draw_line(const struct pane *p, const struct vline *l, bool is_match, int y,
    int cols)
{
	int x = 1;

	if (is_match) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	}
	if (l->kind == VLINE_FIELD && p->label_w > 0) {
		if (l->label != NULL) {
			attron(theme_attr(is_match ? ROLE_SELECTED : ROLE_DIM));
			text_put(y, x, l->label, p->label_w, false);
			attroff(theme_attr(is_match ? ROLE_SELECTED : ROLE_DIM));
		}
		x += p->label_w + 2;
	}
	attron(theme_attr(is_match ? ROLE_SELECTED : l->role));
	text_put(y, x, l->text, cols - 1 - x, false);
	attroff(theme_attr(is_match ? ROLE_SELECTED : l->role));
	if (is_match)
		attroff(theme_attr(ROLE_SELECTED));
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct incident_screen *v = sc->priv;
	struct pane *p;
	int r, k;

	if (cols != v->cols) {
		incident_panes_build(&v->d, v->panes, cols);
		v->cols = cols;
		if (v->match >= (int)v->panes[v->focus].n)
			v->match = -1;
	}
	v->page = rows - PANE_TOP > 1 ? rows - PANE_TOP : 1;
	for (k = 0; k < PANE_COUNT; k++)
		if (v->panes[k].top > last_top(v, &v->panes[k]))
			v->panes[k].top = last_top(v, &v->panes[k]);
	p = &v->panes[v->focus];
	draw_headline(v, top, cols);
	draw_tabs(v, top + 1, cols);
	for (r = 0; r < v->page && p->top + r < (int)p->n; r++)
		draw_line(p, &p->lines[p->top + r], p->top + r == v->match,
		    top + PANE_TOP + r, cols);
	if (v->d.problem[0] != '\0' && rows > PANE_TOP + 1) {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + rows - 1, 1, v->d.problem, cols - 2, true);
		attroff(theme_attr(ROLE_ERROR));
	}
}

static void
focus(struct incident_screen *v, int k)
{
	v->focus = (k + PANE_COUNT) % PANE_COUNT;
	v->match = -1;
}

static unsigned
scroll_by(struct incident_screen *v, int by)
{
	struct pane *p = &v->panes[v->focus];

	p->top += by;
	if (p->top > last_top(v, p))
		p->top = last_top(v, p);
	if (p->top < 0)
		p->top = 0;
	return UI_HANDLED | UI_REDRAW;
}

/* Edit the summary in the person's editor and save it, unless someone
 * changed the incident meanwhile (then the message says so). */
static unsigned
edit_summary(struct screen *sc)
{
	struct incident_screen *v = sc->priv;
	long long version = v->d.inc.version;
	struct err err = { 0 };
	char *text = NULL;
	size_t n;

	if (tui_edit_text(v->d.inc.summary, &text, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	/* Editors end files with a newline; the summary does not need it. */
	for (n = strlen(text); n > 0 && text[n - 1] == '\n'; n--)
		text[n - 1] = '\0';
	if (incident_set_summary(tui_session(sc->tui), v->id, version, text,
	    &err) != ST_OK)
		tui_error(sc->tui, &err);
	else
		tui_message(sc->tui, "summary saved");
	free(text);
	return UI_HANDLED | UI_RELOAD;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct incident_screen *v = sc->priv;
	int page = v->page > 1 ? v->page - 1 : 1;

	switch (act) {
	case ACT_NEXT_PANE:
	case ACT_MOVE_RIGHT:
		focus(v, v->focus + 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_LEFT:
		focus(v, v->focus - 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_DOWN:
		return scroll_by(v, 1);
	case ACT_MOVE_UP:
		return scroll_by(v, -1);
	case ACT_PAGE_DOWN:
		return scroll_by(v, page);
	case ACT_PAGE_UP:
		return scroll_by(v, -page);
	case ACT_FIRST:
		v->panes[v->focus].top = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		v->panes[v->focus].top = last_top(v, &v->panes[v->focus]);
		return UI_HANDLED | UI_REDRAW;
	case ACT_EDIT:
		return edit_summary(sc);
	default:
		return UI_NONE;
	}
}

/* A click on a tab shows its pane. */
static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct incident_screen *v = sc->priv;
	int k;

	(void)is_double;
	if (row != 1)
		return UI_NONE;
	for (k = 0; k < PANE_COUNT; k++) {
		if (col >= v->tab_x[k] && col < v->tab_x[k + 1]) {
			focus(v, k);
			return UI_HANDLED | UI_REDRAW;
		}
	}
	return UI_NONE;
}

static bool
line_has(const struct vline *l, const char *needle)
{
	return strcasestr(l->text, needle) != NULL ||
	    (l->label != NULL && strcasestr(l->label, needle) != NULL);
}

/* Find NEEDLE in the shown pane: from its top line for a new needle, else
 * from the last match in DIR; the match is selected and scrolled to. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct incident_screen *v = sc->priv;
	struct pane *p = &v->panes[v->focus];
	int i;

	(void)is_new;  /* each search starts from the cursor anyway */
	if (strcmp(needle, v->needle) != 0 || v->match < 0) {
		snprintf(v->needle, sizeof v->needle, "%s", needle);
		i = dir > 0 ? p->top : p->top + v->page - 1;
		if (i >= (int)p->n)
			i = (int)p->n - 1;
	} else
		i = v->match + dir;
	for (; i >= 0 && i < (int)p->n; i += dir) {
		if (line_has(&p->lines[i], needle)) {
			v->match = i;
			if (i < p->top || i >= p->top + v->page)
				p->top = i - v->page / 2 > 0 ? i - v->page / 2 : 0;
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_incident_ops = {
	.name = "incident",
	.title = "Incident",
	.priv_size = sizeof(struct incident_screen),
	.open = open_incident,
	.close = close_incident,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
