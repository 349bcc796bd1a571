/* tui/screen_breaches.c - the register of personal-data breaches: the
 * list (when we became aware, title, risk, whether the regulator was
 * told, the incident), Enter shows one in full; a records one (its long
 * texts in the editor), e changes one field, x exports the register. */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/breach.h"
#include "core/outdir.h"
#include "core/text.h"
#include "tui/doc_view.h"
#include "tui/incident_view.h"
#include "tui/listview.h"
#include "tui/pickers.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define AWARE_W     17       /* "2026-03-01 12:00" and a space */
#define RISK_W      11
#define REG_W       13
#define REF_W       14

/* The whole register, newest first: it is short, so read whole. */
static enum status
read_all(struct session *s, struct rowlist *out, struct err *err)
{
	return breach_list(s, NULL, 0, out, err);
}

static const char *
regulator_text(const struct breach *b)
{
	return b->regulator_notified != NULL ? b->regulator_notified :
	    "undecided";
}

/* ---- the actions both screens share ---- */

/* Ask QUESTION; false when Esc was pressed. *ANSWER is BUF trimmed. */
static bool
ask(struct tui *t, const char *question, char *buf, size_t n,
    char **answer)
{
	buf[0] = '\0';
	if (!tui_prompt(t, question, buf, n))
		return false;
	*answer = text_trim(buf);
	return true;
}

/* TEXT edited in the editor into *OUT (caller frees); false, with the
 * error shown, when the editor could not run. */
static bool
edit_long(struct tui *t, const char *text, char **out)
{
	struct err err = { 0 };

	if (tui_edit_text(text, out, &err) != ST_OK) {
		tui_error(t, &err);
		return false;
	}
	return true;
}

/*
 * a: record a breach. An incident named first fills in what it knows
 * (its title, times, and its breach-notification answers); then the
 * title and when we became aware (Enter keeps the incident's), then the
 * facts, effects and remedial action, each in the editor. Sets *ID.
 */
static bool
add_breach(struct tui *t, long long *id)
{
	struct session *s = tui_session(t);
	struct breach pre = { 0 };
	struct breach_fields f = { 0 };
	struct err err = { 0 };
	char ref[64], title[BREACH_TITLE_MAX * 4 + 2], aware[64], q[300], *r,
	    *ti, *aw, *facts = NULL, *effects = NULL, *remedial = NULL;
	bool is_done = false;

	if (!ask(t, "Incident it is (like SEC-2026-004; Enter for none):", ref,
	    sizeof ref, &r))
		goto end;
	if (*r != '\0' && breach_prefill(s, r, &pre, &err) != ST_OK) {
		tui_error(t, &err);
		goto end;
	}
	snprintf(q, sizeof q, "Title%s%.200s%s:", pre.title != NULL ?
	    " (Enter: " : "", pre.title != NULL ? pre.title : "",
	    pre.title != NULL ? ")" : "");
	if (!ask(t, q, title, sizeof title, &ti))
		goto end;
	snprintf(q, sizeof q, "When we became aware (RFC 3339%s%s):",
	    pre.aware_at != NULL ? "; Enter: " : "", pre.aware_at != NULL ?
	    pre.aware_at : "");
	if (!ask(t, q, aware, sizeof aware, &aw))
		goto end;
	if (!edit_long(t, pre.facts, &facts) ||
	    !edit_long(t, pre.effects, &effects) ||
	    !edit_long(t, pre.remedial_action, &remedial))
		goto end;
	f.incident = pre.incident_ref;
	f.title = *ti != '\0' ? ti : pre.title;
	f.aware_at = *aw != '\0' ? aw : pre.aware_at;
	f.occurred_at = pre.occurred_at;
	f.discovered_at = pre.discovered_at;
	f.facts = facts;
	f.effects = effects;
	f.remedial_action = remedial;
	f.data_categories = pre.data_categories;
	f.people_count = pre.people_count;
	f.records_count = pre.records_count;
	f.regulator_notified = pre.regulator_notified;
	if (breach_record(s, &f, id, &err) != ST_OK) {
		tui_error(t, &err);
		goto end;
	}
	tui_message(t, "breach %lld recorded", *id);
	is_done = true;
end:
	free(facts);
	free(effects);
	free(remedial);
	breach_clear(&pre);
	return is_done;
}

/* What e may change, as the person picks it. */
enum edit_kind { EK_LINE, EK_TIME, EK_LONG, EK_RISK, EK_REGULATOR };

static const struct {
	const char       *label;
	enum edit_kind   kind;
	size_t            offset;    /* of the value in struct breach */
	size_t            in;        /* of the field in struct breach_fields */
} fields[] = {
	{ "Title", EK_LINE, offsetof(struct breach, title),
	  offsetof(struct breach_fields, title) },
	{ "When we became aware", EK_TIME, offsetof(struct breach, aware_at),
	  offsetof(struct breach_fields, aware_at) },
	{ "When it occurred", EK_TIME, offsetof(struct breach, occurred_at),
	  offsetof(struct breach_fields, occurred_at) },
	{ "When it was discovered", EK_TIME,
	  offsetof(struct breach, discovered_at),
	  offsetof(struct breach_fields, discovered_at) },
	{ "Facts", EK_LONG, offsetof(struct breach, facts),
	  offsetof(struct breach_fields, facts) },
	{ "Effects", EK_LONG, offsetof(struct breach, effects),
	  offsetof(struct breach_fields, effects) },
	{ "Remedial action", EK_LONG, offsetof(struct breach, remedial_action),
	  offsetof(struct breach_fields, remedial_action) },
	{ "Categories of personal data", EK_LINE,
	  offsetof(struct breach, data_categories),
	  offsetof(struct breach_fields, data_categories) },
	{ "People concerned", EK_LINE, offsetof(struct breach, people_count),
	  offsetof(struct breach_fields, people_count) },
	{ "Records concerned", EK_LINE, offsetof(struct breach, records_count),
	  offsetof(struct breach_fields, records_count) },
	{ "Risk to people", EK_RISK, offsetof(struct breach, risk),
	  offsetof(struct breach_fields, risk) },
	{ "Regulator notified", EK_REGULATOR,
	  offsetof(struct breach, regulator_notified),
	  offsetof(struct breach_fields, regulator_notified) },
	{ "Why the regulator was not told", EK_LONG,
	  offsetof(struct breach, reason_not_notified),
	  offsetof(struct breach_fields, reason_not_notified) },
	{ "Incident", EK_LINE, offsetof(struct breach, incident_ref),
	  offsetof(struct breach_fields, incident) },
};
#define N_FIELDS (sizeof fields / sizeof fields[0])

static const char *
value_at(const struct breach *b, size_t k)
{
	return *(char *const *)((const char *)b + fields[k].offset);
}

static void
set_in(struct breach_fields *f, size_t k, const char *v)
{
	*(const char **)((char *)f + fields[k].in) = v;
}

/* Pick one of LIST (NULL-terminated) under TITLE, starting at CURRENT;
 * NULL when cancelled. With EXTRA, it is offered last and picking it
 * gives "". */
static const char *
pick_value(struct tui *t, const char *title, const char *const *list,
    const char *current, const char *extra)
{
	const char *labels[8];
	size_t n = 0, chosen = 0;

	for (n = 0; list[n] != NULL && n < 7; n++)
		if (current != NULL && strcmp(list[n], current) == 0)
			chosen = n;
	if (extra != NULL) {
		if (current == NULL)
			chosen = n;
		labels[n] = extra;
	}
	memcpy(labels, list, n * sizeof *labels);
	if (!tui_pick_one(t, title, labels, n + (extra != NULL), &chosen))
		return NULL;
	return chosen < n ? list[chosen] : "";
}

/*
 * e: change one field of B, picked from a list: a line or a time typed
 * (Enter on nothing clears what may be cleared), a long text in the
 * editor, risk and the regulator picked. "no" and "not-required" ask
 * why in the editor when no reason is recorded. True when changed.
 */
static bool
edit_breach(struct tui *t, const struct breach *b)
{
	struct session *s = tui_session(t);
	struct breach_fields f = { 0 };
	struct err err = { 0 };
	const char *labels[N_FIELDS], *v;
	char q[300], buf[BREACH_TITLE_MAX * 4 + 2], *answer, *text = NULL,
	    *reason = NULL;
	size_t k = 0, i;
	bool is_done = false;

	for (i = 0; i < N_FIELDS; i++)
		labels[i] = fields[i].label;
	if (!tui_pick_one(t, "Change which field?", labels, N_FIELDS, &k))
		return false;
	v = value_at(b, k);
	switch (fields[k].kind) {
	case EK_LINE:
	case EK_TIME:
		snprintf(q, sizeof q, "%s (now: %.120s; Enter on nothing %s):",
		    fields[k].label, v != NULL && *v != '\0' ? v : "none",
		    fields[k].in == offsetof(struct breach_fields, incident) ?
		    "unlinks" : "clears");
		if (!ask(t, q, buf, sizeof buf, &answer))
			goto end;
		set_in(&f, k, answer);
		break;
	case EK_LONG:
		if (!edit_long(t, v, &text))
			goto end;
		set_in(&f, k, text);
		break;
	case EK_RISK:
		if ((v = pick_value(t, "Risk to people", breach_risks(), v,
		    NULL)) == NULL)
			goto end;
		f.risk = v;
		break;
	case EK_REGULATOR:
		if ((v = pick_value(t, "Was the regulator notified?",
		    breach_regulator_values(), v, "not decided yet")) == NULL)
			goto end;
		f.regulator_notified = v;
		if ((strcmp(v, "no") == 0 || strcmp(v, "not-required") == 0) &&
		    text_nonblank(b->reason_not_notified) == NULL) {
			if (!edit_long(t, NULL, &reason))
				goto end;
			f.reason_not_notified = reason;
		}
		break;
	}
	if (breach_update(s, b->id, b->version, &f, &err) != ST_OK) {
		tui_error(t, &err);
		goto end;
	}
	tui_message(t, "breach %lld: %s changed", b->id, fields[k].label);
	is_done = true;
end:
	free(text);
	free(reason);
	return is_done;
}

/* x: the register as Markdown, CSV or JSON to a file the person names. */
static void
export_register(struct tui *t)
{
	static const char *const labels[] = {
		"Markdown (md)", "CSV, for a spreadsheet (csv)", "JSON (json)",
	};
	static const enum breach_format formats[] = {
		BREACH_MD, BREACH_CSV, BREACH_JSON,
	};
	struct err err = { 0 };
	char path[1024], *p, *text = NULL;
	size_t chosen = 0;

	if (!tui_pick_one(t, "Export the register as", labels, 3, &chosen) ||
	    !ask(t, "Write it to (a file path):", path, sizeof path, &p))
		return;
	if (*p == '\0') {
		tui_message(t, "no file given; nothing written");
		return;
	}
	if (breach_export(tui_session(t), formats[chosen], &text, &err) !=
	    ST_OK || outfile_write_atomic(p, text, strlen(text), &err) !=
	    ST_OK)
		tui_error(t, &err);
	else
		tui_message(t, "the breach register is written to %s", p);
	free(text);
}

/* ---- the list ---- */

static enum status
open_list(struct screen *sc, const void *arg, struct err *err)
{
	(void)arg;
	(void)err;
	wholelist_open(sc->priv, tui_session(sc->tui), sizeof(struct breach),
	    offsetof(struct breach, id), (row_clear_fn)breach_clear, read_all);
	return ST_OK;
}

static void
draw_list(struct screen *sc, int top, int rows, int cols)
{
	struct wholelist *v = sc->priv;
	const struct breach *b;
	char head[128], when[64];
	int x, tw, i, y, footer;
	bool is_sel;

	snprintf(head, sizeof head, "Personal-data breaches: %zu",
	    v->list.count);
	if (!wholelist_draw_head(v, top, cols, head))
		return;
	footer = wholelist_draw_footer(top, rows, cols, "Enter shows a breach; "
	    "a records one, e changes a field, x exports the register.");
	tw = cols - 2 - AWARE_W - RISK_W - REG_W - REF_W;
	if (tw < 10)
		tw = 10;
	attron(theme_attr(ROLE_DIM));
	x = 2 + AWARE_W + tw + RISK_W + REG_W;    /* the incident's column */
	text_put(top + 1, 2, "Became aware", AWARE_W - 1, false);
	text_put(top + 1, 2 + AWARE_W, "Title", tw - 1, false);
	text_put(top + 1, 2 + AWARE_W + tw, "Risk", RISK_W - 1, false);
	text_put(top + 1, 2 + AWARE_W + tw + RISK_W, "Regulator", REG_W - 1,
	    false);
	text_put(top + 1, x, "Incident", cols - x - 1, false);
	attroff(theme_attr(ROLE_DIM));
	wholelist_scroll(v, rows - 2 - footer);
	if (v->list.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(top + 2, 2, "No breaches recorded: a records one.",
		    cols - 4, false);
		attroff(theme_attr(ROLE_DIM));
	}
	for (i = 0; i < v->height && v->top + i < (int)v->list.count; i++) {
		b = rowlist_at(&v->list, (size_t)(v->top + i));
		y = top + 2 + i;
		is_sel = v->top + i == v->cursor;
		if (is_sel) {
			attron(theme_attr(ROLE_SELECTED));
			mvhline(y, 0, ' ', cols);
		}
		text_put(y, 2, incident_view_time(b->aware_at, TIME_MINUTE, when,
		    sizeof when), AWARE_W - 1, false);
		text_put(y, 2 + AWARE_W, b->title, tw - 1, false);
		if (!is_sel && strcmp(b->risk, "high-risk") == 0)
			attron(theme_attr(ROLE_BAD));
		text_put(y, 2 + AWARE_W + tw, b->risk, RISK_W - 1, false);
		if (!is_sel && strcmp(b->risk, "high-risk") == 0)
			attroff(theme_attr(ROLE_BAD));
		text_put(y, 2 + AWARE_W + tw + RISK_W, regulator_text(b),
		    REG_W - 1, false);
		text_put(y, x, b->incident_ref != NULL ? b->incident_ref : "-",
		    cols - x - 1, false);
		if (is_sel)
			attroff(theme_attr(ROLE_SELECTED));
	}
}

static const struct screen_ops screen_breach_ops;

static unsigned
handle_list(struct screen *sc, enum action act)
{
	struct wholelist *v = sc->priv;
	const struct breach *b = wholelist_selected(v);
	long long id = 0;

	switch (act) {
	case ACT_OPEN:
		return wholelist_screen_push(sc, &screen_breach_ops);
	case ACT_ADD:
		if (add_breach(sc->tui, &id))
			wholelist_screen_load(sc, true, id);
		return UI_HANDLED | UI_REDRAW;
	case ACT_EDIT:
		if (b == NULL) {
			tui_message(sc->tui, "no breach to change: a records one");
			return UI_HANDLED | UI_REDRAW;
		}
		id = b->id;
		if (edit_breach(sc->tui, b))
			wholelist_screen_load(sc, true, id);
		return UI_HANDLED | UI_REDRAW;
	case ACT_EXPORT:
		export_register(sc->tui);
		return UI_HANDLED | UI_REDRAW;
	default:
		return wholelist_move(v, act);
	}
}

static unsigned
click_list(struct screen *sc, int row, int col, bool is_double)
{
	(void)col;
	return wholelist_screen_click(sc, row, is_double, &screen_breach_ops);
}

static bool
matches(const void *row, const char *needle)
{
	const struct breach *b = row;

	return text_contains(b->title, needle) ||
	    text_contains(b->incident_ref, needle) ||
	    text_contains(b->facts, needle);
}

static bool
search_list(struct screen *sc, const char *needle, int dir, bool is_new)
{
	(void)is_new;
	return wholelist_search(sc->priv, needle, dir, matches);
}

const struct screen_ops screen_breaches_ops = {
	.name = "breaches",
	.title = "Breach register",
	.priv_size = sizeof(struct wholelist),
	.open = open_list,
	.close = wholelist_screen_close,
	.reload = wholelist_screen_reload,
	.draw = draw_list,
	.handle = handle_list,
	.click = click_list,
	.search = search_list,
};

/* ---- one breach in full ---- */

struct one {
	long long       id;
	struct breach   b;
	bool            is_loaded;
	long long       stamp;       /* the database's, when read */
	struct doc_view view;
	char            problem[512];
};

static void
one_read(struct screen *sc, bool is_forced)
{
	struct one *o = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };

	if (!is_forced && o->is_loaded && o->stamp == session_change_stamp(s))
		return;
	breach_clear(&o->b);
	o->problem[0] = '\0';
	o->is_loaded = true;
	o->stamp = session_change_stamp(s);
	o->view.cols = 0;                 /* lay it out again */
	if (breach_get(s, o->id, &o->b, &err) != ST_OK)
		snprintf(o->problem, sizeof o->problem, "%s", err.msg);
}

static enum status
one_open(struct screen *sc, const void *arg, struct err *err)
{
	struct one *o = sc->priv;

	(void)err;
	o->id = *(const long long *)arg;
	doc_view_init(&o->view);
	one_read(sc, true);
	return ST_OK;
}

static void
one_close(struct screen *sc)
{
	struct one *o = sc->priv;

	breach_clear(&o->b);
	doc_view_free(&o->view);
}

static void
one_reload(struct screen *sc)
{
	one_read(sc, false);
}

/* LABEL and V on one line, "-" for nothing. */
static void
put_line(struct doc_view *v, int width, const char *label, const char *value)
{
	doc_view_textf(v, ROLE_NORMAL, 0, width, "%-16s %s", label,
	    value != NULL && *value != '\0' ? value : "-");
}

static void
put_time(struct doc_view *v, int width, const char *label, const char *utc)
{
	char when[64];

	put_line(v, width, label, incident_view_time(utc, TIME_ZONE, when,
	    sizeof when));
}

static void
put_block(struct doc_view *v, int width, const char *heading,
    const char *text)
{
	doc_view_heading(v, heading, width);
	doc_view_text(v, text != NULL && *text != '\0' ? text : "-",
	    ROLE_NORMAL, 2, width);
}

static void
one_layout(struct one *o, int width)
{
	const struct breach *b = &o->b;
	char version[32];

	doc_view_empty(&o->view);
	put_line(&o->view, width, "Incident", b->incident_ref);
	put_time(&o->view, width, "Occurred", b->occurred_at);
	put_time(&o->view, width, "Discovered", b->discovered_at);
	put_time(&o->view, width, "Became aware", b->aware_at);
	put_line(&o->view, width, "Risk", b->risk);
	put_line(&o->view, width, "Regulator told", b->regulator_notified !=
	    NULL ? b->regulator_notified : "not decided yet");
	put_line(&o->view, width, "Categories", b->data_categories);
	put_line(&o->view, width, "People", b->people_count);
	put_line(&o->view, width, "Records", b->records_count);
	put_time(&o->view, width, "Recorded", b->created_at);
	snprintf(version, sizeof version, "version %lld", b->version);
	put_line(&o->view, width, "Changes", version);
	put_block(&o->view, width, "Facts", b->facts);
	put_block(&o->view, width, "Effects", b->effects);
	put_block(&o->view, width, "Remedial action", b->remedial_action);
	if (text_nonblank(b->reason_not_notified) != NULL)
		put_block(&o->view, width, "Why the regulator was not told",
		    b->reason_not_notified);
	o->view.cols = width;
}

static void
one_draw(struct screen *sc, int top, int rows, int cols)
{
	struct one *o = sc->priv;
	char head[BREACH_TITLE_MAX * 4 + 32];

	if (o->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, o->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	snprintf(head, sizeof head, "Breach %lld: %s", o->b.id,
	    o->b.title != NULL ? o->b.title : "");
	attron(theme_attr(ROLE_HEADER));
	mvhline(top, 0, ' ', cols);
	text_put(top, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	if (o->view.cols != cols - 3)
		one_layout(o, cols - 3);
	doc_view_fit(&o->view, rows - 1);
	doc_view_draw(&o->view, top + 1, cols);
}

static unsigned
one_handle(struct screen *sc, enum action act)
{
	struct one *o = sc->priv;

	switch (act) {
	case ACT_EDIT:
		if (o->problem[0] == '\0' && edit_breach(sc->tui, &o->b))
			one_read(sc, true);
		return UI_HANDLED | UI_REDRAW;
	case ACT_EXPORT:
		export_register(sc->tui);
		return UI_HANDLED | UI_REDRAW;
	case ACT_ADD:
	case ACT_OPEN:
		return UI_HANDLED;      /* the list records; nothing to open */
	default:
		return doc_view_handle(&o->view, act);
	}
}

static bool
one_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct one *o = sc->priv;

	return doc_view_search(&o->view, needle, dir, is_new);
}

/* Named as the list, so e and x work the same on it. */
static const struct screen_ops screen_breach_ops = {
	.name = "breaches",
	.title = "Breach",
	.priv_size = sizeof(struct one),
	.open = one_open,
	.close = one_close,
	.reload = one_reload,
	.draw = one_draw,
	.handle = one_handle,
	.search = one_search,
};
