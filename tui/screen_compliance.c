/* tui/screen_compliance.c - the SRO's dashboard: one row per compliance
 * question, grouped by area, with its status in words and the figure
 * behind it, under the last evaluation and when the next is due. Enter
 * lists a question's evidence (compliance_evidence.c); e walks the
 * questions for the regular evaluation and x writes the report
 * (compliance_walk.c); v lists the evaluations kept
 * (compliance_history.c). */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/compliance.h"
#include "core/evaluation.h"
#include "tui/compliance_priv.h"
#include "tui/incident_view.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"

const struct compliance_result *
cview_result_at(const struct dash *v, int i)
{
	return i >= 0 && (size_t)i < v->results.count ? rowlist_at(&v->results,
	    (size_t)i) : NULL;
}

static bool
starts_area(const struct dash *v, int i)
{
	const struct compliance_result *r = cview_result_at(v, i);
	const struct compliance_result *p = cview_result_at(v, i - 1);

	return r != NULL && (p == NULL || strcmp(p->q->area, r->q->area) != 0);
}

/* The display line of question I: each area's heading comes before its
 * first question. */
static int
line_of(const struct dash *v, int i)
{
	int k, line = 0;

	for (k = 0; k <= i && (size_t)k < v->results.count; k++) {
		if (starts_area(v, k))
			line++;
		if (k < i)
			line++;
	}
	return line;
}

static int
line_count(const struct dash *v)
{
	return v->results.count == 0 ? 0 : line_of(v, (int)v->results.count -
	    1) + 1;
}

/* The header's two parts: who signed last, and when the next is due. */
static void
head_load(struct dash *v, struct session *s, time_t now)
{
	struct evaluation ev;
	struct err err = { 0 };
	char due[CLOCK_BUFSZ] = "", when[64];
	bool is_overdue = false;
	enum status st;

	/* Anyone may know who signed last and when; the SRO's words are
	 * kept from those who may not read evaluations. */
	memset(&ev, 0, sizeof ev);
	st = evaluation_last_signed_as_seen(s, &ev, &err);
	if (st == ST_OK)
		snprintf(v->last, sizeof v->last, "Last signed by %s %s",
		    ev.signed_by_login != NULL ? ev.signed_by_login : "?",
		    incident_view_time(ev.signed_at, TIME_MINUTE, when,
		    sizeof when));
	else if (st == ST_NOTFOUND)
		snprintf(v->last, sizeof v->last, "No evaluation signed yet");
	else
		snprintf(v->last, sizeof v->last, "Last evaluation unknown: %s",
		    err.msg);
	evaluation_clear(&ev);
	v->due_role = ROLE_HEADER;
	if (evaluation_next_due(s, now, due, &is_overdue, &err) != ST_OK)
		snprintf(v->due, sizeof v->due, "next due unknown: %s",
		    err.msg);
	else if (due[0] == '\0') {
		snprintf(v->due, sizeof v->due, "never evaluated");
		v->due_role = ROLE_WARN;
	} else if (is_overdue) {
		snprintf(v->due, sizeof v->due, "overdue since %s",
		    cview_date(due, when, sizeof when));
		v->due_role = ROLE_WARN;
	} else
		snprintf(v->due, sizeof v->due, "next due %s", cview_date(due,
		    when, sizeof when));
	v->open_id = 0;
	v->open_commented = 0;
	/* Only the SRO and admins read an open evaluation; for the others
	 * there is none to mention. */
	memset(&ev, 0, sizeof ev);
	if (evaluation_may_read(s) && evaluation_open(s, &ev, &err) == ST_OK) {
		v->open_id = ev.id;
		v->open_commented = (size_t)ev.n_comments;
	}
	evaluation_clear(&ev);
}

void
cview_load(struct screen *sc, bool is_forced)
{
	struct dash *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	long long stamp = session_change_stamp(s);
	time_t now = clock_now();
	struct rowlist l;
	struct err err = { 0 };

	if (!is_forced && v->loaded_at != 0 && stamp != 0 &&
	    stamp == v->stamp && now - v->loaded_at < RECOMPUTE_S)
		return;
	if (compliance_evaluate(s, now, &l, &err) != ST_OK)
		snprintf(v->problem, sizeof v->problem, "%s", err.msg);
	else {
		v->problem[0] = '\0';
		rowlist_free(&v->results,
		    (row_clear_fn)compliance_result_clear);
		v->results = l;
	}
	head_load(v, s, now);
	if (v->cursor >= (int)v->results.count)
		v->cursor = (int)v->results.count - 1;
	if (v->cursor < 0)
		v->cursor = 0;
	/* After the read: reading may audit an access to an incident under
	 * embargo, which is no change to read again. */
	v->stamp = session_change_stamp(s);
	v->loaded_at = now;
}

static enum status
open_dash(struct screen *sc, const void *arg, struct err *err)
{
	struct dash *v = sc->priv;

	(void)arg;
	(void)err;
	rowlist_init(&v->results, sizeof(struct compliance_result));
	cview_load(sc, true);
	return ST_OK;
}

static void
close_dash(struct screen *sc)
{
	struct dash *v = sc->priv;

	rowlist_free(&v->results, (row_clear_fn)compliance_result_clear);
}

static void
reload_dash(struct screen *sc)
{
	cview_load(sc, false);
}

/* "17 questions: 5 met, 2 at risk, 6 not met, 4 not enough data". */
static void
counts_text(const struct dash *v, char *buf, size_t n)
{
	size_t count[4] = { 0 }, i, len;
	static const enum compliance_status order[] = { CS_MET, CS_AT_RISK,
	    CS_NOT_MET, CS_NO_DATA };
	enum compliance_status st;

	for (i = 0; i < v->results.count; i++)
		if ((unsigned)(st = cview_result_at(v, (int)i)->status) < 4)
			count[st]++;
	len = (size_t)snprintf(buf, n, "%zu questions:", v->results.count);
	for (i = 0; i < 4 && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s %zu %s",
		    i > 0 ? "," : "", count[order[i]],
		    compliance_status_words(order[i]));
}

static void
draw_question(const struct compliance_result *r, int y, int cols,
    bool is_sel)
{
	int x = 2, w;

	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	} else
		attron(theme_attr(cview_status_role(r->status)));
	text_put(y, x, compliance_status_words(r->status), STATUS_W - 1, false);
	if (!is_sel)
		attroff(theme_attr(cview_status_role(r->status)));
	x += STATUS_W;
	text_put(y, x, cview_short_label(r->q->id), LABEL_W - 1, false);
	x += LABEL_W;
	if ((w = cols - x - 1) > 0)
		text_put(y, x, r->figure != NULL ? r->figure : "", w, false);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

/* About the selected question: its text and figure in full; during the
 * walk, its comment too. */
static void
draw_footer(const struct dash *v, int y, int cols)
{
	const struct compliance_result *r = cview_result_at(v, v->cursor);
	char line[512];
	int used;

	cview_put_rule(y, cols);
	if (r == NULL)
		return;
	used = cview_put_wrapped(y + 1, 1, cols - 2, r->q->text, 2);
	if (v->is_walking) {
		snprintf(line, sizeof line, "%s: %s", compliance_status_words(
		    r->status), r->figure);
		attron(theme_attr(cview_status_role(r->status)));
		text_put(y + 1 + used, 1, line, cols - 2, false);
		attroff(theme_attr(cview_status_role(r->status)));
		snprintf(line, sizeof line, "Comment: %s",
		    v->walk_comment != NULL && *v->walk_comment != '\0' ?
		    v->walk_comment : "(none)");
		text_put(y + 2 + used, 1, line, cols - 2, false);
		return;
	}
	used += cview_put_wrapped(y + 1 + used, 1, cols - 2, r->figure,
	    4 - used - 1);
	snprintf(line, sizeof line, "%zu piece%s of evidence: Enter lists %s.  "
	    "e evaluate  v history  x report", r->evidence.count,
	    r->evidence.count == 1 ? "" : "s", r->evidence.count == 1 ? "it" :
	    "them");
	attron(theme_attr(ROLE_DIM));
	text_put(y + 1 + used, 1, line, cols - 2, false);
	attroff(theme_attr(ROLE_DIM));
}

static void
draw_dash(struct screen *sc, int top, int rows, int cols)
{
	struct dash *v = sc->priv;
	const struct compliance_result *r;
	char head[512], counts[256];
	int footer = rows >= 12 ? FOOTER_ROWS : 0, y, k, line, want;

	snprintf(head, sizeof head, "%s; ", v->last);
	attron(theme_attr(ROLE_HEADER));
	mvhline(top, 0, ' ', cols);
	k = text_put(top, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	attron(theme_attr(v->due_role));
	text_put(top, 1 + k, v->due, cols - 2 - k, false);
	attroff(theme_attr(v->due_role));
	if (v->problem[0] != '\0') {
		cview_put_problem(top + 2, cols, v->problem);
		return;
	}
	counts_text(v, counts, sizeof counts);
	if (v->is_walking)
		snprintf(head, sizeof head, "Evaluation #%lld: question %d of "
		    "%zu", v->walk_id, v->cursor + 1, v->results.count);
	else if (v->open_id != 0)
		snprintf(head, sizeof head, "Evaluation #%lld open, %zu of %zu "
		    "commented (e goes on); %s", v->open_id, v->open_commented,
		    v->results.count, strchr(counts, ':') + 2);
	else
		snprintf(head, sizeof head, "%s", counts);
	text_put(top + 1, 1, head, cols - 2, false);
	v->first_row = 2;
	v->height = rows - 2 - footer;
	if (v->height < 1)
		v->height = 1;
	/* The selected question in view, with its area's heading when it is
	 * the area's first. */
	line = line_of(v, v->cursor);
	want = starts_area(v, v->cursor) ? line - 1 : line;
	if (want < v->top)
		v->top = want;
	cview_keep_shown(line, &v->top, v->height, line_count(v));
	for (k = 0, line = 0; (size_t)k < v->results.count; k++) {
		r = cview_result_at(v, k);
		if (starts_area(v, k)) {
			y = top + 2 + line - v->top;
			if (line >= v->top && line < v->top + v->height) {
				attron(A_BOLD);
				text_put(y, 1, r->q->area, cols - 2, false);
				attroff(A_BOLD);
			}
			line++;
		}
		y = top + 2 + line - v->top;
		if (line >= v->top && line < v->top + v->height)
			draw_question(r, y, cols, k == v->cursor);
		line++;
	}
	if (footer > 0)
		draw_footer(v, top + rows - footer, cols);
}

void
cview_repaint(struct screen *sc)
{
	erase();
	tui_frame(sc->tui);
	sc->ops->draw(sc, 1, LINES - 2, COLS);
	refresh();
}

/* ---- keys ---- */

static unsigned
handle_dash(struct screen *sc, enum action act)
{
	struct dash *v = sc->priv;
	const struct compliance_result *r = cview_result_at(v, v->cursor);

	switch (act) {
	case ACT_OPEN:
		if (r != NULL)
			tui_push(sc->tui, &screen_compliance_evidence_ops,
			    r->q->id);
		return UI_HANDLED | UI_REDRAW;
	case ACT_EVALUATE:
		return cview_evaluate(sc);
	case ACT_HISTORY:
		tui_push(sc->tui, &screen_compliance_history_ops, NULL);
		return UI_HANDLED | UI_REDRAW;
	case ACT_EXPORT:
		return cview_export(sc);
	case ACT_REFRESH:
		cview_load(sc, true);
		return UI_REDRAW;           /* the loop clears the screen */
	default:
		return cview_move(&v->cursor, (int)v->results.count, v->height,
		    act);
	}
}

static unsigned
click_dash(struct screen *sc, int row, int col, bool is_double)
{
	struct dash *v = sc->priv;
	int k, line = row - v->first_row + v->top;

	(void)col;
	if (row < v->first_row || row >= v->first_row + v->height)
		return UI_NONE;
	for (k = 0; (size_t)k < v->results.count; k++) {
		if (line_of(v, k) != line)
			continue;
		v->cursor = k;
		return is_double ? handle_dash(sc, ACT_OPEN) : UI_HANDLED |
		    UI_REDRAW;
	}
	return UI_NONE;
}

/* The next question whose area, id, text, status or figure holds NEEDLE,
 * wrapping around. */
static bool
search_dash(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct dash *v = sc->priv;
	const struct compliance_result *r;
	int n = (int)v->results.count, i, k;

	(void)is_new;
	for (k = 1; k <= n; k++) {
		i = ((v->cursor + dir * k) % n + n) % n;
		r = cview_result_at(v, i);
		if (text_contains(r->q->area, needle) ||
		    text_contains(r->q->id, needle) ||
		    text_contains(r->q->text, needle) ||
		    text_contains(compliance_status_words(r->status), needle) ||
		    text_contains(r->figure, needle)) {
			v->cursor = i;
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_compliance_ops = {
	.name = "compliance",
	.title = "Compliance",
	.priv_size = sizeof(struct dash),
	.open = open_dash,
	.close = close_dash,
	.reload = reload_dash,
	.draw = draw_dash,
	.handle = handle_dash,
	.click = click_dash,
	.search = search_dash,
};
