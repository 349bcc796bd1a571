/* tui/screen_drills.c - the drills of the breach-notification procedure:
 * when each started and finished, its incident and how many of its clocks
 * were met; below, the selected drill's clocks one by one and its
 * findings. Enter walks its incident as for a real breach; s starts a
 * drill and opens its incident; f finishes the selected one with the
 * findings written in $VISUAL or $EDITOR. */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/drill.h"
#include "core/incident.h"
#include "core/settings.h"
#include "tui/incident_view.h"
#include "tui/listview.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define LIST_MAX_ROWS 8          /* drill rows shown above the details */

/* One drill as the list shows it: the row and what is looked up for it. */
struct drill_row {
	long long    id;
	struct drill d;
	char         ref[32];        /* its incident's, or "-" */
	int          met, total;     /* clocks met, of how many */
};

static void
drill_row_clear(struct drill_row *r)
{
	if (r == NULL)
		return;
	drill_clear(&r->d);
	memset(r, 0, sizeof *r);
}

/* Every drill, most recently started first, with its incident's
 * reference as a list shows it (one under embargo the viewer may not see
 * shows as "-"). */
static enum status
read_all(struct session *s, struct rowlist *out, struct err *err)
{
	struct rowlist l;
	struct incident inc = { 0 };
	struct drill *d;
	struct drill_row *r;
	enum status st;
	size_t i;

	rowlist_init(out, sizeof(struct drill_row));
	if ((st = drill_list(s, 0, 0, &l, err)) == ST_OK)
		for (i = 0; i < l.count; i++) {
			d = rowlist_at(&l, i);
			r = rowlist_push(out);
			r->id = d->id;
			r->d = *d;
			memset(d, 0, sizeof *d);
			snprintf(r->ref, sizeof r->ref, "-");
			if (r->d.incident_id != 0 && incident_get_listed(s,
			    r->d.incident_id, &inc, NULL) == ST_OK)
				snprintf(r->ref, sizeof r->ref, "%s", inc.ref);
			incident_clear(&inc);
			drill_tally(&r->d, &r->met, &r->total);
		}
	rowlist_free(&l, (row_clear_fn)drill_clear);
	return st;
}

static const struct drill_row *
selected(struct screen *sc)
{
	return wholelist_selected(sc->priv);
}

static enum status
open_drills(struct screen *sc, const void *arg, struct err *err)
{
	(void)arg;
	(void)err;
	wholelist_open(sc->priv, tui_session(sc->tui), sizeof(struct drill_row),
	    offsetof(struct drill_row, id), (row_clear_fn)drill_row_clear,
	    read_all);
	return ST_OK;
}

/* "Drills: 3 (2 finished); the last finished 2026-03-03: 2 of 3 clocks
 * met". */
static void
summary_text(const struct wholelist *v, char *buf, size_t n)
{
	const struct drill_row *r, *last = NULL;
	char when[64];
	size_t i, done = 0;

	for (i = 0; i < v->list.count; i++) {
		r = rowlist_at(&v->list, i);
		if (r->d.finished_at == NULL)
			continue;
		done++;
		if (last == NULL || strcmp(r->d.finished_at,
		    last->d.finished_at) > 0)
			last = r;
	}
	if (last == NULL) {
		snprintf(buf, n, "Drills: %zu, none finished yet", v->list.count);
		return;
	}
	snprintf(buf, n, "Drills: %zu (%zu finished); the last finished %s: "
	    "%d of %d clocks met", v->list.count, done, incident_view_time(
	    last->d.finished_at, TIME_MINUTE, when, sizeof when), last->met,
	    last->total);
}

/* One drill's row: id, started, finished, incident, clocks. */
static void
draw_row(const struct drill_row *r, int y, int cols, bool is_sel)
{
	char line[512], started[64], finished[64], clocks[32];

	if (r->d.finished_at != NULL)
		snprintf(clocks, sizeof clocks, "%d/%d met", r->met, r->total);
	else
		snprintf(clocks, sizeof clocks, "running");
	snprintf(line, sizeof line, "%-4lld %-16s  %-16s  %-13s  %s",
	    r->id, incident_view_time(r->d.started_at, TIME_MINUTE, started,
	    sizeof started), r->d.finished_at != NULL ? incident_view_time(
	    r->d.finished_at, TIME_MINUTE, finished, sizeof finished) : "-",
	    r->ref, clocks);
	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	} else if (r->d.finished_at == NULL)
		attron(theme_attr(ROLE_WARN));
	text_put(y, 2, line, cols - 3, false);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
	else if (r->d.finished_at == NULL)
		attroff(theme_attr(ROLE_WARN));
}

static enum role
result_role(const char *result)
{
	return strcmp(result, "met") == 0 ? ROLE_GOOD :
	    strcmp(result, "missed") == 0 ? ROLE_BAD : ROLE_WARN;
}

/* The selected drill below the list, from row Y to END: where its
 * messages go, then (finished) each clock and the findings, else how to
 * go on. Returns the next free row. */
static int
draw_details(const struct drill_row *r, int y, int end, int cols)
{
	struct rowlist l;
	const struct drill_clock *c;
	char line[1024], due[64], stop[64], res[96];
	const char *p, *nl;
	size_t i;

	snprintf(line, sizeof line, "Drill #%lld of %s on %s: e-mails only to "
	    "%s%s", r->id, r->d.playbook != NULL ? r->d.playbook : "?", r->ref,
	    r->d.test_list != NULL ? r->d.test_list : "the setting drill.list",
	    r->d.test_channel_id != 0 ? ", and its test channel" : "");
	text_put(y++, 1, line, cols - 2, false);
	if (r->d.finished_at == NULL) {
		attron(theme_attr(ROLE_DIM));
		if (y < end)
			text_put(y++, 2, "Running: Enter walks its incident as for a "
			    "real breach; f finishes it with the findings.",
			    cols - 3, false);
		attroff(theme_attr(ROLE_DIM));
		return y;
	}
	/* Results that cannot be read show as no clocks; the tally says. */
	(void)drill_results(&r->d, &l, NULL);
	if (y < end) {
		snprintf(line, sizeof line, "Clocks: %d of %d met", r->met,
		    r->total);
		text_put(y++, 2, line, cols - 3, false);
	}
	/* Two lines a clock: which and how it ended; when, and what for. */
	for (i = 0; i < l.count && y + 1 < end; i++) {
		c = rowlist_at(&l, i);
		snprintf(line, sizeof line, "%s (#%lld): ", c->clock != NULL ?
		    c->clock : "?", c->communication_id);
		text_put(y, 3, line, cols - 4, false);
		attron(theme_attr(result_role(c->result)));
		text_put(y, 3 + text_width(line), drill_clock_text(c, res,
		    sizeof res), cols - 4 - text_width(line), false);
		attroff(theme_attr(result_role(c->result)));
		snprintf(line, sizeof line, "due %s, stopped %s; %s",
		    incident_view_time(c->due_at, TIME_MINUTE, due, sizeof due),
		    c->stopped_at != NULL ? incident_view_time(c->stopped_at,
		    TIME_MINUTE, stop, sizeof stop) : "-", c->title != NULL ?
		    c->title : "");
		attron(theme_attr(ROLE_DIM));
		text_put(y + 1, 5, line, cols - 6, false);
		attroff(theme_attr(ROLE_DIM));
		y += 2;
	}
	rowlist_free(&l, (row_clear_fn)drill_clock_clear);
	if (y < end)
		text_put(y++, 2, "Findings:", cols - 3, false);
	for (p = r->d.findings; p != NULL && *p != '\0' && y < end;
	    p = nl != NULL ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		snprintf(line, sizeof line, "%.*s", nl != NULL ? (int)(nl - p) :
		    (int)strlen(p), p);
		text_put(y++, 3, line, cols - 4, false);
	}
	return y;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct wholelist *v = sc->priv;
	const struct drill_row *r;
	char head[512];
	int i, y, list_rows, footer = rows >= 10 ? 1 : 0;

	summary_text(v, head, sizeof head);
	if (!wholelist_draw_head(v, top, cols, head))
		return;
	attron(theme_attr(ROLE_DIM));
	text_put(top + 1, 2, "ID   Started           Finished          "
	    "Incident       Clocks", cols - 3, false);
	attroff(theme_attr(ROLE_DIM));
	list_rows = (int)v->list.count < LIST_MAX_ROWS ? (int)v->list.count :
	    LIST_MAX_ROWS;
	if (list_rows > (rows - 4) / 2)
		list_rows = (rows - 4) / 2;
	if (list_rows < 1)
		list_rows = 1;
	wholelist_scroll(v, list_rows);
	y = top + 2;
	if (v->list.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(y, 2, "No drills yet: s starts one.", cols - 4, false);
		attroff(theme_attr(ROLE_DIM));
	}
	for (i = 0; i < v->height && v->top + i < (int)v->list.count; i++)
		draw_row(rowlist_at(&v->list, (size_t)(v->top + i)), y + i, cols,
		    v->top + i == v->cursor);
	y += v->height;
	attron(theme_attr(ROLE_DIM));
	mvhline(y++, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
	attroff(theme_attr(ROLE_DIM));
	if ((r = selected(sc)) != NULL)
		draw_details(r, y, top + rows - footer, cols);
	if (footer > 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(top + rows - 1, 1, "Enter opens its incident; s starts a "
		    "drill, f finishes the selected one.", cols - 2, false);
		attroff(theme_attr(ROLE_DIM));
	}
}

/* The incident of drill row R, over this screen. */
static unsigned
open_incident(struct screen *sc, long long incident_id)
{
	struct incident in = { .id = incident_id };

	if (incident_id == 0) {
		tui_message(sc->tui, "this drill has no incident");
		return UI_HANDLED | UI_REDRAW;
	}
	tui_push(sc->tui, &screen_incident_ops, &in);
	return UI_HANDLED | UI_REDRAW;
}

/* s: after a yes, a drill of the setting's playbook, test list and
 * channel; then its incident, to walk it. */
static unsigned
start(struct screen *sc)
{
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };
	char question[512], *pb = NULL, *list = NULL;
	long long id = 0, iid = 0;

	if (setting_get(s, "breach.playbook", &pb, &err) != ST_OK ||
	    setting_get(s, "drill.list", &list, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		goto end;
	}
	/* Short: the prompt keeps 53 columns of it at 80. */
	snprintf(question, sizeof question, "Drill %s? E-mails only to %s",
	    pb != NULL ? pb : "?", list != NULL ? list : "?");
	if (!tui_confirm(sc->tui, question)) {
		tui_message(sc->tui, "no drill started");
		goto end;
	}
	if (drill_start(s, NULL, NULL, NULL, &id, &iid, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		goto end;
	}
	wholelist_screen_load(sc, true, id);
	tui_message(sc->tui, "drill #%lld started: walk its incident as for a "
	    "real breach", id);
	open_incident(sc, iid);
end:
	free(pb);
	free(list);
	return UI_HANDLED | UI_REDRAW;
}

/* f: the findings in the editor, then the drill finished and its clocks
 * shown below the list. */
static unsigned
finish(struct screen *sc)
{
	struct session *s = tui_session(sc->tui);
	const struct drill_row *r = selected(sc);
	struct err err = { 0 };
	char *text = NULL;
	long long id;
	struct drill d = { 0 };
	int met, total;

	if (r == NULL) {
		tui_message(sc->tui, "no drill to finish: s starts one");
		return UI_HANDLED | UI_REDRAW;
	}
	id = r->id;
	if (r->d.finished_at != NULL) {
		tui_message(sc->tui, "drill #%lld was finished already", id);
		return UI_HANDLED | UI_REDRAW;
	}
	if (tui_edit_text("", &text, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	if (text == NULL || *text_trim(text) == '\0') {
		tui_message(sc->tui, "no findings written: drill #%lld goes on",
		    id);
		free(text);
		return UI_HANDLED | UI_REDRAW;
	}
	if (drill_finish(s, id, text, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		free(text);
		return UI_HANDLED | UI_REDRAW;
	}
	free(text);
	wholelist_screen_load(sc, true, id);
	if (drill_get(s, id, &d, &err) == ST_OK) {
		drill_tally(&d, &met, &total);
		tui_message(sc->tui, "drill #%lld finished, %d of %d clocks met",
		    id, met, total);
	}
	drill_clear(&d);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	const struct drill_row *r;

	switch (act) {
	case ACT_OPEN:
		if ((r = selected(sc)) == NULL)
			return UI_HANDLED;
		return open_incident(sc, r->d.incident_id);
	case ACT_START_DRILL:
		return start(sc);
	case ACT_FINISH_DRILL:
		return finish(sc);
	default:
		return wholelist_move(sc->priv, act);
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	const struct drill_row *r;

	(void)col;
	if (!wholelist_select(sc->priv, row - 2))
		return UI_NONE;
	if (is_double && (r = selected(sc)) != NULL)
		return open_incident(sc, r->d.incident_id);
	return UI_HANDLED | UI_REDRAW;
}

/* The next drill whose incident, playbook or findings hold NEEDLE,
 * wrapping around. */
static bool
matches(const void *row, const char *needle)
{
	const struct drill_row *r = row;

	return text_contains(r->ref, needle) ||
	    text_contains(r->d.playbook, needle) ||
	    text_contains(r->d.findings, needle);
}

static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	(void)is_new;
	return wholelist_search(sc->priv, needle, dir, matches);
}

const struct screen_ops screen_drills_ops = {
	.name = "drills",
	.title = "Drills",
	.priv_size = sizeof(struct wholelist),
	.open = open_drills,
	.close = wholelist_screen_close,
	.reload = wholelist_screen_reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
