/* tui/compliance_history.c - the evaluations kept, the newest first,
 * with who signed each, when, and how many questions stood at each
 * status; Enter shows one whole: its audit head, summary, and each
 * question's status, figure and comment. */
#include "config.h"

#include "tui/compliance_priv.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/evaluation.h"
#include "tui/incident_view.h"
#include "tui/listview.h"
#include "tui/text.h"
#include "util/xalloc.h"

/* Every evaluation, the newest first, without their items. */
static enum status
read_all(struct session *s, struct rowlist *out, struct err *err)
{
	return evaluation_list(s, 0, out, err);
}

static enum status
hist_open(struct screen *sc, const void *arg, struct err *err)
{
	(void)arg;
	(void)err;
	wholelist_open(sc->priv, tui_session(sc->tui),
	    sizeof(struct evaluation), offsetof(struct evaluation, id),
	    (row_clear_fn)evaluation_clear, read_all);
	return ST_OK;
}

enum hcol { H_ID, H_BY, H_WHEN, H_MET, H_RISK, H_NOT, H_NODATA, NHCOLS };
static const int h_w[NHCOLS] = { 6, 12, 18, 5, 9, 9, 0 };

static void
hist_draw_row(const struct evaluation *e, int y, int cols, bool is_sel)
{
	char cells[NHCOLS][64];
	int c, x = 2;
	bool is_signed = e->signed_at != NULL && *e->signed_at != '\0';

	snprintf(cells[H_ID], sizeof cells[H_ID], "#%lld", e->id);
	snprintf(cells[H_BY], sizeof cells[H_BY], "%s", is_signed ?
	    (e->signed_by_login != NULL ? e->signed_by_login : "?") : "open");
	incident_view_time(is_signed ? e->signed_at : e->started_at,
	    TIME_MINUTE, cells[H_WHEN], sizeof cells[H_WHEN]);
	snprintf(cells[H_MET], sizeof cells[H_MET], "%lld", e->counts[CS_MET]);
	snprintf(cells[H_RISK], sizeof cells[H_RISK], "%lld",
	    e->counts[CS_AT_RISK]);
	snprintf(cells[H_NOT], sizeof cells[H_NOT], "%lld",
	    e->counts[CS_NOT_MET]);
	snprintf(cells[H_NODATA], sizeof cells[H_NODATA], "%lld",
	    e->counts[CS_NO_DATA]);
	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	} else if (!is_signed)
		attron(theme_attr(ROLE_WARN));
	for (c = 0; c < NHCOLS && x < cols - 1; x += h_w[c], c++)
		text_put(y, x, cells[c], h_w[c] > 0 ? h_w[c] - 1 : cols - x - 1,
		    false);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
	else if (!is_signed)
		attroff(theme_attr(ROLE_WARN));
}

static void
hist_draw(struct screen *sc, int top, int rows, int cols)
{
	struct wholelist *v = sc->priv;
	static const char *const heads[NHCOLS] = { "Id", "Signed by", "When",
	    "Met", "At risk", "Not met", "Not enough data" };
	const struct evaluation *e;
	char head[128], line[1024];
	int footer = rows >= 10 ? 3 : 0, c, x, i;

	if (v->problem[0] != '\0') {
		cview_put_head(top, cols, "Evaluations");
		cview_put_problem(top + 2, cols, v->problem);
		return;
	}
	snprintf(head, sizeof head, "Evaluations: %zu, the newest first",
	    v->list.count);
	cview_put_head(top, cols, head);
	attron(theme_attr(ROLE_DIM));
	for (c = 0, x = 2; c < NHCOLS && x < cols - 1; x += h_w[c], c++)
		text_put(top + 1, x, heads[c], h_w[c] > 0 ? h_w[c] - 1 :
		    cols - x - 1, false);
	attroff(theme_attr(ROLE_DIM));
	wholelist_scroll(v, rows - 2 - footer);
	if (v->list.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(top + 2, 2, "No evaluation yet: e on the dashboard "
		    "starts one (SRO).", cols - 3, false);
		attroff(theme_attr(ROLE_DIM));
	}
	for (i = 0; i < v->height && v->top + i < (int)v->list.count; i++)
		hist_draw_row(rowlist_at(&v->list, (size_t)(v->top + i)),
		    top + 2 + i, cols, v->top + i == v->cursor);
	if (footer == 0 || (e = wholelist_selected(v)) == NULL)
		return;
	cview_put_rule(top + rows - footer, cols);
	snprintf(line, sizeof line, "%lld comment%s; summary: %s",
	    e->n_comments, e->n_comments == 1 ? "" : "s", e->summary != NULL &&
	    *e->summary != '\0' ? e->summary : "(none)");
	cview_put_wrapped(top + rows - footer + 1, 1, cols - 2, line, 2);
}

static const struct screen_ops screen_evaluation_ops;

static unsigned
hist_handle(struct screen *sc, enum action act)
{
	if (act == ACT_OPEN)
		return wholelist_screen_push(sc, &screen_evaluation_ops);
	return wholelist_move(sc->priv, act);
}

static bool
hist_matches(const void *row, const char *needle)
{
	const struct evaluation *e = row;

	return text_contains(e->signed_by_login, needle) ||
	    text_contains(e->started_by_login, needle) ||
	    text_contains(e->signed_at, needle) ||
	    text_contains(e->summary, needle);
}

static bool
hist_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	(void)is_new;
	return wholelist_search(sc->priv, needle, dir, hist_matches);
}

const struct screen_ops screen_compliance_history_ops = {
	.name = "compliance-history",
	.title = "Evaluations",
	.priv_size = sizeof(struct wholelist),
	.open = hist_open,
	.close = wholelist_screen_close,
	.reload = wholelist_screen_reload,
	.draw = hist_draw,
	.handle = hist_handle,
	.search = hist_search,
};

/* ---- one evaluation: its items with their comments ---- */

struct line {
	char     *text;
	enum role role;
	int       indent;
};

struct one {
	long long         id;
	long long         stamp;       /* the database's change stamp at load */
	struct evaluation ev;
	struct rowlist    lines;       /* struct line, for BUILT_COLS */
	int               built_cols;
	int               top, height;
	char              problem[512];
};

static void
line_clear(struct line *l)
{
	free(l->text);
}

/* TEXT wrapped into COLS columns as lines of O: the first from column
 * INDENT, the others from HANG. */
static void
one_add(struct one *o, int cols, int indent, int hang, enum role role,
    const char *text)
{
	struct line *l;
	char part[1024];
	const char *t = text;
	int at = indent;

	do {
		l = rowlist_push(&o->lines);
		if (!cview_wrap_next(&t, cols - at, part, sizeof part))
			part[0] = '\0';
		l->text = xstrdup(part);
		l->role = role;
		l->indent = at;
		at = hang;
	} while (*t != '\0' && strspn(t, " ") < strlen(t));
}

/* The question's area, as the registry has it; NULL when unknown. */
static const char *
area_of(const char *id)
{
	const struct compliance_question *q = compliance_question(id);

	return q != NULL ? q->area : NULL;
}

/* The lines of the evaluation for COLS columns. */
static void
one_build(struct one *o, int cols)
{
	const struct evaluation_item *it;
	const struct evaluation *e = &o->ev;
	enum compliance_status st;
	const char *area, *last = NULL, *words;
	char line[1024], when[64], due[64];
	size_t i;

	rowlist_free(&o->lines, (row_clear_fn)line_clear);
	rowlist_init(&o->lines, sizeof(struct line));
	o->built_cols = cols;
	cols -= 2;
	snprintf(line, sizeof line, "Started by %s %s", e->started_by_login !=
	    NULL ? e->started_by_login : "?", incident_view_time(e->started_at,
	    TIME_MINUTE, when, sizeof when));
	one_add(o, cols, 0, 2, ROLE_NORMAL, line);
	if (e->signed_at != NULL && *e->signed_at != '\0') {
		snprintf(line, sizeof line, "Signed by %s %s; next due %s",
		    e->signed_by_login != NULL ? e->signed_by_login : "?",
		    incident_view_time(e->signed_at, TIME_MINUTE, when,
		    sizeof when), cview_date(e->next_due, due, sizeof due));
		one_add(o, cols, 0, 2, ROLE_NORMAL, line);
		snprintf(line, sizeof line, "Audit chain head (row %lld):",
		    e->audit_seq);
		one_add(o, cols, 0, 2, ROLE_NORMAL, line);
		one_add(o, cols, 2, 2, ROLE_NORMAL, e->audit_head != NULL ?
		    e->audit_head : "?");
	} else
		one_add(o, cols, 0, 2, ROLE_WARN, "Open: not signed yet");
	snprintf(line, sizeof line, "Summary: %s", e->summary != NULL &&
	    *e->summary != '\0' ? e->summary : "(none)");
	one_add(o, cols, 0, 2, ROLE_NORMAL, line);
	for (i = 0; i < e->items.count; i++) {
		it = rowlist_at(&e->items, i);
		area = area_of(it->question);
		if (area == NULL)
			area = "Other questions";
		if (last == NULL || strcmp(last, area) != 0) {
			one_add(o, cols, 0, 2, ROLE_NORMAL, "");
			one_add(o, cols, 0, 2, ROLE_HEADER, area);
			last = area;
		}
		words = cview_status_words(it->status, &st);
		snprintf(line, sizeof line, "%-*s %-*s %s", STATUS_W - 1, words,
		    LABEL_W - 1, cview_short_label(it->question),
		    it->figure != NULL ? it->figure : "");
		/* The figure's and the comment's lines go on under their
		 * first word. */
		one_add(o, cols, 1, 1 + STATUS_W + LABEL_W, it->status != NULL ?
		    cview_status_role(st) : ROLE_DIM, line);
		if (it->comment != NULL && *it->comment != '\0') {
			snprintf(line, sizeof line, "Comment: %s", it->comment);
			one_add(o, cols, 1 + STATUS_W, 1 + STATUS_W + 9,
			    ROLE_NORMAL, line);
		}
	}
	if (e->items.count == 0) {
		one_add(o, cols, 0, 2, ROLE_NORMAL, "");
		one_add(o, cols, 0, 2, ROLE_DIM, "No question commented or "
		    "answered yet.");
	}
}

static void
one_read(struct screen *sc, bool is_forced)
{
	struct one *o = sc->priv;
	struct session *s = tui_session(sc->tui);
	long long stamp = session_change_stamp(s);
	struct evaluation ev;
	struct err err = { 0 };

	if (!is_forced && stamp != 0 && stamp == o->stamp)
		return;
	o->stamp = stamp;
	memset(&ev, 0, sizeof ev);
	if (evaluation_get(s, o->id, &ev, &err) != ST_OK) {
		snprintf(o->problem, sizeof o->problem, "%s", err.msg);
		evaluation_clear(&ev);
		return;
	}
	o->problem[0] = '\0';
	evaluation_clear(&o->ev);
	o->ev = ev;
	o->built_cols = 0;            /* built again at the next draw */
}

static void
one_reload(struct screen *sc)
{
	one_read(sc, false);
}

static enum status
one_open(struct screen *sc, const void *arg, struct err *err)
{
	struct one *o = sc->priv;

	if (arg == NULL)
		return err_set(err, ST_INVALID, "which evaluation? open one "
		    "from the list of evaluations");
	o->id = *(const long long *)arg;
	rowlist_init(&o->lines, sizeof(struct line));
	one_read(sc, true);
	return ST_OK;
}

static void
one_close(struct screen *sc)
{
	struct one *o = sc->priv;

	evaluation_clear(&o->ev);
	rowlist_free(&o->lines, (row_clear_fn)line_clear);
}

static void
one_draw(struct screen *sc, int top, int rows, int cols)
{
	struct one *o = sc->priv;
	const struct line *l;
	char head[128];
	int i;

	snprintf(head, sizeof head, "Evaluation #%lld%s", o->id,
	    o->problem[0] != '\0' ? "" : o->ev.signed_at != NULL &&
	    *o->ev.signed_at != '\0' ? ", signed" : ", open");
	cview_put_head(top, cols, head);
	if (o->problem[0] != '\0') {
		cview_put_problem(top + 2, cols, o->problem);
		return;
	}
	if (o->built_cols != cols)
		one_build(o, cols);
	o->height = rows - 1;
	if (o->top > (int)o->lines.count - o->height)
		o->top = (int)o->lines.count - o->height;
	if (o->top < 0)
		o->top = 0;
	for (i = 0; i < o->height && o->top + i < (int)o->lines.count; i++) {
		l = rowlist_at(&o->lines, (size_t)(o->top + i));
		attron(theme_attr(l->role));
		text_put(top + 1 + i, 1 + l->indent, l->text,
		    cols - 2 - l->indent, false);
		attroff(theme_attr(l->role));
	}
}

static unsigned
one_handle(struct screen *sc, enum action act)
{
	struct one *o = sc->priv;
	int last = (int)o->lines.count - o->height;

	/* The view scrolls: its top line is the cursor. */
	return cview_move(&o->top, last > 0 ? last + 1 : 1, o->height, act);
}

static bool
one_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct one *o = sc->priv;
	const struct line *l;
	int n = (int)o->lines.count, i, k;

	(void)is_new;
	for (k = 1; k <= n; k++) {
		i = ((o->top + dir * k) % n + n) % n;
		l = rowlist_at(&o->lines, (size_t)i);
		if (text_contains(l->text, needle)) {
			o->top = i;
			return true;
		}
	}
	return false;
}

static const struct screen_ops screen_evaluation_ops = {
	.name = "compliance-evaluation",
	.title = "Evaluation",
	.priv_size = sizeof(struct one),
	.open = one_open,
	.close = one_close,
	.reload = one_reload,
	.draw = one_draw,
	.handle = one_handle,
	.search = one_search,
};
