/* tui/screen_incident.c - one incident: its fields, affected products,
 * communications and their approvals, deliveries and history, as panes. */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incident.h"
#include "core/playbook.h"
#include "core/workflow.h"
#include "tui/incident_view.h"
#include "tui/pickers.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

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
	size_t               comm;                /* the communication selected
	                                           * in its pane (d.comms index) */
	long long            want_comm;           /* select this id on reload */
	bool                 is_follow;           /* scroll to the selection */
	long long            stamp;               /* the database's change
	                                           * stamp after the last read */
};

/* ARG is the `const struct incident *` to show (the incident list passes
 * its selected row); only its id is read, the rest is read afresh. */
static enum status
open_incident(struct screen *sc, const void *arg, struct err *err)
{
	struct incident_screen *v = sc->priv;
	const struct incident *in = arg;
	enum status st;

	v->match = -1;
	if (in == NULL || in->id <= 0)
		return err_set(err, ST_INVALID, "which incident? open one from "
		    "the incident list");
	v->id = in->id;
	if ((st = incident_data_load(&v->d, tui_session(sc->tui), v->id,
	    err)) == ST_OK)
		v->stamp = session_change_stamp(tui_session(sc->tui));
	return st;
}

static void
close_incident(struct screen *sc)
{
	struct incident_screen *v = sc->priv;

	incident_panes_free(v->panes);
	incident_data_free(&v->d);
}

/* Select the communication with id ID, if it is there; keep the
 * selection within the list either way. */
static void
select_comm_id(struct incident_screen *v, long long id)
{
	const struct communication *c;
	size_t k;

	for (k = 0; id > 0 && k < v->d.comms.count; k++) {
		c = rowlist_at(&v->d.comms, k);
		if (c->id == id) {
			v->comm = k;
			v->is_follow = true;
		}
	}
	if (v->comm >= v->d.comms.count)
		v->comm = v->d.comms.count > 0 ? v->d.comms.count - 1 : 0;
}

/* The line of the Communications pane where communication K begins (its
 * heading, "#ID kind: title"), or -1. */
static int
comm_line(const struct incident_screen *v, size_t k)
{
	const struct pane *p = &v->panes[PANE_COMMS];
	const struct communication *c;
	char head[32];
	size_t i, n;

	if (k >= v->d.comms.count)
		return -1;
	c = rowlist_at(&v->d.comms, k);
	n = (size_t)snprintf(head, sizeof head, "#%lld ", c->id);
	for (i = 0; i < p->n; i++)
		if (p->lines[i].kind == VLINE_HEADING &&
		    strncmp(p->lines[i].text, head, n) == 0)
			return (int)i;
	return -1;
}

static void
reload(struct screen *sc)
{
	struct incident_screen *v = sc->priv;
	struct incident_data fresh;
	struct err err = { 0 };
	long long stamp = session_change_stamp(tui_session(sc->tui));

	/* Nothing changed: lay the panes out again only, for the clocks'
	 * time left. Reading would open the incident and its communications
	 * again, each an access audited while it is under embargo. */
	if (stamp != 0 && stamp == v->stamp) {
		v->cols = 0;
		return;
	}
	if (incident_data_load(&fresh, tui_session(sc->tui), v->id, &err) !=
	    ST_OK) {
		incident_data_free(&fresh);
		tui_message(sc->tui, "%s", err.msg);
		return;
	}
	incident_data_free(&v->d);
	v->d = fresh;
	v->stamp = session_change_stamp(tui_session(sc->tui));
	v->cols = 0;
	select_comm_id(v, v->want_comm);
	v->want_comm = 0;
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
	int r, k, sel;

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
	sel = v->focus == PANE_COMMS ? comm_line(v, v->comm) : -1;
	if (v->is_follow && sel >= 0) {
		if (sel < p->top || sel >= p->top + v->page)
			p->top = sel < last_top(v, p) ? sel : last_top(v, p);
		v->is_follow = false;
	}
	draw_headline(v, top, cols);
	draw_tabs(v, top + 1, cols);
	for (r = 0; r < v->page && p->top + r < (int)p->n; r++)
		draw_line(p, &p->lines[p->top + r], p->top + r == v->match ||
		    p->top + r == sel, top + PANE_TOP + r, cols);
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

	if (tui_edit_text(v->d.inc.summary, &text, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	if (incident_set_summary(tui_session(sc->tui), v->id, version, text,
	    &err) != ST_OK)
		tui_error(sc->tui, &err);
	else
		tui_message(sc->tui, "summary saved");
	free(text);
	return UI_HANDLED | UI_RELOAD;
}

/* Up and Down in the Communications pane go from one communication to
 * the next; past the first or the last they scroll. */
static unsigned
move_comm(struct incident_screen *v, int dir)
{
	if (dir > 0 && v->comm + 1 < v->d.comms.count)
		v->comm++;
	else if (dir < 0 && v->comm > 0)
		v->comm--;
	else
		return scroll_by(v, dir);
	v->is_follow = true;
	return UI_HANDLED | UI_REDRAW;
}

/* Open OPS (the runner or the preview) on the selected communication. */
static unsigned
open_comm(struct screen *sc, const struct screen_ops *ops)
{
	struct incident_screen *v = sc->priv;
	const struct communication *c;
	long long id;

	if (v->focus != PANE_COMMS || v->d.comms.count == 0) {
		focus(v, PANE_COMMS);
		tui_message(sc->tui, v->d.comms.count == 0 ? "no communications "
		    "yet: c starts one" : "select a communication, then Enter "
		    "opens it and p previews it");
		return UI_HANDLED | UI_REDRAW;
	}
	c = rowlist_at(&v->d.comms, v->comm);
	id = c->id;
	v->want_comm = id;
	tui_push(sc->tui, ops, &id);
	return UI_HANDLED | UI_REDRAW;
}

/* The playbooks a communication about an incident can start from, each
 * read, with a label for the list: an end-of-life notice is about a
 * release cycle, so it is left out. */
struct playbooks {
	char            **names;
	struct playbook **pbs;      /* NULL where the file did not load */
	char            **labels;
	size_t            n;
};

static void
playbooks_free(struct playbooks *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		playbook_free(&l->pbs[i]);
		free(l->labels[i]);
	}
	free(l->pbs);
	free(l->labels);
	playbook_names_free(l->names);
	memset(l, 0, sizeof *l);
}

static enum status
playbooks_load(struct playbooks *l, struct err *err)
{
	struct playbook *pb;
	struct err e2;
	char *path;
	size_t i, n;
	enum status st;

	memset(l, 0, sizeof *l);
	if ((st = playbook_names(&l->names, err)) != ST_OK)
		return st;
	for (n = 0; l->names[n] != NULL; n++)
		;
	l->pbs = xcalloc(n + 1, sizeof *l->pbs);
	l->labels = xcalloc(n + 1, sizeof *l->labels);
	for (i = 0; i < n; i++) {
		memset(&e2, 0, sizeof e2);
		pb = NULL;
		path = NULL;
		if (playbook_find(l->names[i], &path, &e2) == ST_OK)
			playbook_load_file(path, &pb, NULL, &e2);
		free(path);
		if (pb != NULL && pb->kind != NULL &&
		    strcmp(pb->kind, "eol-notice") == 0) {
			playbook_free(&pb);
			continue;
		}
		l->labels[l->n] = pb != NULL ? xasprintf("%-22s %s",
		    l->names[i], pb->title != NULL ? pb->title : "") :
		    xasprintf("%-22s (cannot be read: %s)", l->names[i], e2.msg);
		l->pbs[l->n] = pb;
		/* Keep NAMES and the rest in step: the name moves down. */
		if (l->n != i) {
			path = l->names[l->n];
			l->names[l->n] = l->names[i];
			l->names[i] = path;
		}
		l->n++;
	}
	if (l->n == 0)
		return err_set(err, ST_NOTFOUND, "no playbooks found (looked in "
		    "the config and shipped playbooks directories)");
	return ST_OK;
}

/* Which variant of PB to start: *VARIANT NULL for all; false when the
 * person cancelled. */
static bool
pick_variant(struct screen *sc, const struct playbook *pb,
    const char **variant)
{
	const char **labels;
	size_t i, chosen = 0;
	bool is_chosen;

	*variant = NULL;
	if (pb->n_variants < 2)
		return true;
	labels = xcalloc(pb->n_variants + 1, sizeof *labels);
	labels[0] = xasprintf("All %zu of them", pb->n_variants);
	for (i = 0; i < pb->n_variants; i++)
		labels[i + 1] = xasprintf("%s", pb->variants[i].title != NULL ?
		    pb->variants[i].title : pb->variants[i].id);
	is_chosen = tui_pick_one(sc->tui, "Which communications?", labels,
	    pb->n_variants + 1, &chosen);
	if (is_chosen && chosen > 0)
		*variant = pb->variants[chosen - 1].id;
	for (i = 0; i <= pb->n_variants; i++)
		free((void *)(uintptr_t)labels[i]);
	free(labels);
	return is_chosen;
}

/* c: pick a playbook (and a variant), start its communications and open
 * the runner on the first. */
static unsigned
start_comm(struct screen *sc)
{
	struct incident_screen *v = sc->priv;
	struct playbooks l;
	struct comm_start in = { .incident = v->d.inc.ref };
	struct err err = { 0 };
	long long ids[16];
	size_t chosen = 0, n = 0;

	if (playbooks_load(&l, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		playbooks_free(&l);
		return UI_HANDLED | UI_REDRAW;
	}
	if (!tui_pick_one(sc->tui, "Start a communication from a playbook",
	    (const char *const *)l.labels, l.n, &chosen) ||
	    (l.pbs[chosen] != NULL &&
	    !pick_variant(sc, l.pbs[chosen], &in.variant))) {
		tui_message(sc->tui, "nothing started");
		playbooks_free(&l);
		return UI_HANDLED | UI_REDRAW;
	}
	in.playbook = l.names[chosen];
	if (l.pbs[chosen] == NULL)
		tui_message(sc->tui, "%s", l.labels[chosen]);
	else if (comm_start(tui_session(sc->tui), &in, ids,
	    sizeof ids / sizeof ids[0], &n, &err) != ST_OK)
		tui_error(sc->tui, &err);
	else if (n > 0) {
		focus(v, PANE_COMMS);
		v->want_comm = ids[0];
		tui_message(sc->tui, "started %zu communication%s from %s", n,
		    n == 1 ? "" : "s", l.names[chosen]);
		tui_push(sc->tui, &screen_runner_ops, &ids[0]);
	}
	playbooks_free(&l);
	return UI_HANDLED | UI_RELOAD;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct incident_screen *v = sc->priv;
	int page = v->page > 1 ? v->page - 1 : 1;
	bool is_comms = v->focus == PANE_COMMS && v->d.comms.count > 0;

	switch (act) {
	case ACT_NEXT_PANE:
	case ACT_MOVE_RIGHT:
		focus(v, v->focus + 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_LEFT:
		focus(v, v->focus - 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_DOWN:
		return is_comms ? move_comm(v, 1) : scroll_by(v, 1);
	case ACT_MOVE_UP:
		return is_comms ? move_comm(v, -1) : scroll_by(v, -1);
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
	case ACT_START:
		return start_comm(sc);
	case ACT_OPEN:
		return open_comm(sc, &screen_runner_ops);
	case ACT_PREVIEW:
		return open_comm(sc, &screen_preview_ops);
	default:
		return UI_NONE;
	}
}

/* A click in the Communications pane selects the communication whose
 * lines it hit; a double click opens it. */
static unsigned
click_comm(struct screen *sc, int line, bool is_double)
{
	struct incident_screen *v = sc->priv;
	size_t k, hit = v->d.comms.count;
	int at;

	for (k = 0; k < v->d.comms.count; k++)
		if ((at = comm_line(v, k)) >= 0 && at <= line)
			hit = k;
	if (hit == v->d.comms.count)
		return UI_NONE;
	v->comm = hit;
	return is_double ? open_comm(sc, &screen_runner_ops) :
	    UI_HANDLED | UI_REDRAW;
}

/* A click on a tab shows its pane. */
static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct incident_screen *v = sc->priv;
	int k;

	if (row >= PANE_TOP && v->focus == PANE_COMMS)
		return click_comm(sc, v->panes[PANE_COMMS].top + row - PANE_TOP,
		    is_double);
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
