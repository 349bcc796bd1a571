/* tui/compliance_evidence.c - one compliance question's evidence: each
 * row's status in words, reference, time and detail; Enter opens what a
 * row names (an incident, a communication in the runner, the products,
 * drills, breaches, trust page, customers or channels screen). */
#include "config.h"

#include "tui/compliance_priv.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "tui/incident_view.h"
#include "tui/text.h"
#include "util/xalloc.h"

#define REF_W        18
#define TIME_W       11      /* TIME_SHORT is ten columns at most */

struct evid {
	char                    *id;         /* the question */
	struct compliance_result r;
	int                      cursor, top, height, first_row;
	char                     problem[512];
	long long                stamp;
	time_t                   loaded_at;
};

static const struct compliance_evidence *
evid_at(const struct evid *v, int i)
{
	return i >= 0 && (size_t)i < v->r.evidence.count ?
	    rowlist_at(&v->r.evidence, (size_t)i) : NULL;
}

/* Answer the question again, the cursor kept on the same row. */
static void
evid_load(struct screen *sc, bool is_forced)
{
	struct evid *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	const struct compliance_evidence *e = evid_at(v, v->cursor);
	struct compliance_result r;
	struct err err = { 0 };
	char *kind = NULL;
	long long id = 0, stamp = session_change_stamp(s);
	time_t now = clock_now();
	size_t i;

	if (!is_forced && v->loaded_at != 0 && stamp != 0 &&
	    stamp == v->stamp && now - v->loaded_at < RECOMPUTE_S)
		return;
	if (e != NULL) {
		kind = xstrdup(e->kind);
		id = e->id;
	}
	if (compliance_evaluate_one(s, v->id, now, &r, &err) != ST_OK) {
		snprintf(v->problem, sizeof v->problem, "%s", err.msg);
		compliance_result_clear(&r);
	} else {
		v->problem[0] = '\0';
		compliance_result_clear(&v->r);
		v->r = r;
		for (i = 0; kind != NULL && i < v->r.evidence.count; i++) {
			e = evid_at(v, (int)i);
			if (e->id == id && strcmp(e->kind, kind) == 0)
				v->cursor = (int)i;
		}
	}
	free(kind);
	if (v->cursor >= (int)v->r.evidence.count)
		v->cursor = (int)v->r.evidence.count - 1;
	if (v->cursor < 0)
		v->cursor = 0;
	v->stamp = session_change_stamp(s);
	v->loaded_at = now;
}

static enum status
evid_open(struct screen *sc, const void *arg, struct err *err)
{
	struct evid *v = sc->priv;

	if (arg == NULL)
		return err_set(err, ST_INVALID, "which question? open one from "
		    "the compliance dashboard");
	v->id = xstrdup(arg);
	rowlist_init(&v->r.evidence, sizeof(struct compliance_evidence));
	evid_load(sc, true);
	return ST_OK;
}

static void
evid_close(struct screen *sc)
{
	struct evid *v = sc->priv;

	compliance_result_clear(&v->r);
	free(v->id);
}

static void
evid_reload(struct screen *sc)
{
	evid_load(sc, false);
}

/* What Enter on E opens, in words; NULL when nothing. */
static const char *
evid_target(const struct compliance_evidence *e)
{
	static const struct {
		const char *kind, *what;
	} targets[] = {
		{ "incident", "the incident" },
		{ "communication", "the communication" },
		{ "cycle", "products and lifecycle" },
		{ "product", "products and lifecycle" },
		{ "drill", "the drills" },
		{ "breach", "the breach register" },
		{ "trust", "the trust page's content" },
		{ "customer", "the customers" },
		{ "subscriber", "the subscribers" },
		{ "channel", "channels and the outbox" },
		{ "outbox", "channels and the outbox" },
	};
	size_t i;

	/* An incident or a communication opens by its row id. */
	if (e->id <= 0 && (strcmp(e->kind, "incident") == 0 ||
	    strcmp(e->kind, "communication") == 0))
		return NULL;
	for (i = 0; i < sizeof targets / sizeof targets[0]; i++)
		if (strcmp(e->kind, targets[i].kind) == 0)
			return targets[i].what;
	return NULL;
}

static unsigned
evid_open_row(struct screen *sc)
{
	struct evid *v = sc->priv;
	const struct compliance_evidence *e = evid_at(v, v->cursor);
	struct incident in = { 0 };
	long long id;

	if (e == NULL)
		return UI_HANDLED;
	id = e->id;
	if (evid_target(e) == NULL)
		tui_message(sc->tui, "nothing to open for %s (a %s)", *e->ref !=
		    '\0' ? e->ref : "this row", e->kind);
	else if (strcmp(e->kind, "incident") == 0) {
		in.id = id;
		tui_push(sc->tui, &screen_incident_ops, &in);
	} else if (strcmp(e->kind, "communication") == 0)
		tui_push(sc->tui, &screen_runner_ops, &id);
	else if (strcmp(e->kind, "cycle") == 0 ||
	    strcmp(e->kind, "product") == 0)
		tui_push(sc->tui, &screen_products_ops, NULL);
	else if (strcmp(e->kind, "drill") == 0)
		tui_push(sc->tui, &screen_drills_ops, NULL);
	else if (strcmp(e->kind, "breach") == 0)
		tui_push(sc->tui, &screen_breaches_ops, NULL);
	else if (strcmp(e->kind, "trust") == 0)
		tui_push(sc->tui, &screen_trust_ops, NULL);
	else if (strcmp(e->kind, "customer") == 0)
		tui_push(sc->tui, &screen_customers_ops, NULL);
	else if (strcmp(e->kind, "subscriber") == 0)
		tui_push(sc->tui, &screen_subscribers_ops, NULL);
	else
		tui_push(sc->tui, &screen_channels_ops, NULL);
	return UI_HANDLED | UI_REDRAW;
}

static void
evid_draw_row(const struct compliance_evidence *e, int y, int cols,
    bool is_sel)
{
	char when[64];
	int x = 2, w;

	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	} else
		attron(theme_attr(cview_status_role(e->status)));
	text_put(y, x, compliance_status_words(e->status), STATUS_W - 1, false);
	if (!is_sel)
		attroff(theme_attr(cview_status_role(e->status)));
	x += STATUS_W;
	text_put(y, x, *e->ref != '\0' ? e->ref : e->kind, REF_W - 1, false);
	x += REF_W;
	text_put(y, x, incident_view_time(e->at, TIME_SHORT, when, sizeof when),
	    TIME_W - 1, false);
	x += TIME_W;
	if ((w = cols - x - 1) > 0)
		text_put(y, x, e->detail, w, false);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

/* The selected row in full: its detail, what it is, when, and what Enter
 * opens. */
static void
evid_footer(const struct evid *v, int y, int cols)
{
	const struct compliance_evidence *e = evid_at(v, v->cursor);
	const char *what;
	char line[512], when[64], id[32] = "";
	int used;

	cview_put_rule(y, cols);
	if (e == NULL)
		return;
	used = cview_put_wrapped(y + 1, 1, cols - 2, e->detail, 2);
	if (e->id > 0)
		snprintf(id, sizeof id, " #%lld", e->id);
	what = evid_target(e);
	snprintf(line, sizeof line, "%s%s %s, %s; %s%s", e->kind, id, e->ref,
	    incident_view_time(e->at, TIME_ZONE, when, sizeof when),
	    what != NULL ? "Enter opens " : "nothing to open",
	    what != NULL ? what : "");
	attron(theme_attr(ROLE_DIM));
	text_put(y + 1 + (used > 0 ? used : 1), 1, line, cols - 2, false);
	attroff(theme_attr(ROLE_DIM));
}

static void
evid_draw(struct screen *sc, int top, int rows, int cols)
{
	struct evid *v = sc->priv;
	const struct compliance_result *r = &v->r;
	static const char *const heads[] = { "Status", "Ref", "Time",
	    "Detail" };
	static const int head_w[] = { STATUS_W, REF_W, TIME_W, 0 };
	char head[512];
	int footer = rows >= 12 ? FOOTER_ROWS - 1 : 0, i, x, used, y;

	if (r->q == NULL) {
		cview_put_problem(top + 1, cols, v->problem);
		return;
	}
	snprintf(head, sizeof head, "%s %s %s: %s", r->q->area,
	    text_is_utf8() ? "\u203a" : ">", r->q->id,
	    compliance_status_words(r->status));
	cview_put_head(top, cols, head);
	if (v->problem[0] != '\0')
		cview_put_problem(top + 1, cols, v->problem);
	else
		cview_put_wrapped(top + 1, 1, cols - 2, r->q->text, 1);
	attron(theme_attr(cview_status_role(r->status)));
	used = cview_put_wrapped(top + 2, 1, cols - 2, r->figure, 2);
	attroff(theme_attr(cview_status_role(r->status)));
	y = top + 2 + (used > 0 ? used : 1);
	attron(theme_attr(ROLE_DIM));
	for (i = 0, x = 2; i < 4 && x < cols - 1; x += head_w[i], i++)
		text_put(y, x, heads[i], head_w[i] > 0 ? head_w[i] - 1 :
		    cols - x - 1, false);
	attroff(theme_attr(ROLE_DIM));
	y++;
	v->first_row = y - top;
	v->height = top + rows - footer - y;
	if (v->height < 1)
		v->height = 1;
	if (r->evidence.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(y, 2, "No evidence to list: the figure says why.",
		    cols - 3, false);
		attroff(theme_attr(ROLE_DIM));
	}
	cview_keep_shown(v->cursor, &v->top, v->height, (int)r->evidence.count);
	for (i = 0; i < v->height && v->top + i < (int)r->evidence.count; i++)
		evid_draw_row(evid_at(v, v->top + i), y + i, cols,
		    v->top + i == v->cursor);
	if (footer > 0)
		evid_footer(v, top + rows - footer, cols);
}

static unsigned
evid_handle(struct screen *sc, enum action act)
{
	struct evid *v = sc->priv;

	switch (act) {
	case ACT_OPEN:
		return evid_open_row(sc);
	case ACT_REFRESH:
		evid_load(sc, true);
		return UI_REDRAW;
	default:
		return cview_move(&v->cursor, (int)v->r.evidence.count,
		    v->height, act);
	}
}

static unsigned
evid_click(struct screen *sc, int row, int col, bool is_double)
{
	struct evid *v = sc->priv;
	int i = row - v->first_row;

	(void)col;
	if (i < 0 || i >= v->height || v->top + i >= (int)v->r.evidence.count)
		return UI_NONE;
	v->cursor = v->top + i;
	return is_double ? evid_open_row(sc) : UI_HANDLED | UI_REDRAW;
}

static bool
evid_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct evid *v = sc->priv;
	const struct compliance_evidence *e;
	int n = (int)v->r.evidence.count, i, k;

	(void)is_new;
	for (k = 1; k <= n; k++) {
		i = ((v->cursor + dir * k) % n + n) % n;
		e = evid_at(v, i);
		if (text_contains(e->ref, needle) || text_contains(e->kind,
		    needle) || text_contains(e->detail, needle) ||
		    text_contains(compliance_status_words(e->status), needle)) {
			v->cursor = i;
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_compliance_evidence_ops = {
	.name = "compliance-evidence",
	.title = "Evidence",
	.priv_size = sizeof(struct evid),
	.open = evid_open,
	.close = evid_close,
	.reload = evid_reload,
	.draw = evid_draw,
	.handle = evid_handle,
	.click = evid_click,
	.search = evid_search,
};
