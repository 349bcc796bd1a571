/* tui/screen_channels.c - the channels with their settings (secrets
 * masked) above the outbox queue: each message's state, attempts, next
 * try and last error; R sends a message again, X cancels it, p sends what
 * is due now with a progress bar. Also the progress bar itself and the
 * yes/no question, which the runner uses as well. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/outbox.h"
#include "core/publisher.h"
#include "tui/incident_view.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define QUEUE_MAX    500   /* messages read per state */
#define FINAL_MAX    100   /* the newest delivered and cancelled ones */
#define FOOTER_ROWS  4     /* a rule and three lines about the selected row */

enum focus { FOCUS_QUEUE, FOCUS_CHANNELS };

struct channels {
	struct rowlist chans;          /* struct channel, by name */
	struct rowlist queue;          /* struct outbox_row: open ones first */
	struct outbox_counts counts;
	enum focus     focus;
	int            ch_cur, ch_top, ch_h;
	int            q_cur, q_top, q_h;
	int            q_first_row;    /* body row of the first message */
	int            ch_first_row;
	char           problem[512];
	long long      stamp;          /* the database's change stamp at load */
};

/* ---- the yes/no question and the progress bar ---- */

bool
tui_confirm(struct tui *t, const char *question)
{
	char q[512], answer[16] = "";
	char *a;

	/* The prompt shows COLS - 20 columns of its question: cut the
	 * question, never "(y/n)". */
	text_fit(question, COLS - 27 > 10 ? COLS - 27 : 10, q, sizeof q - 8);
	snprintf(q + strlen(q), sizeof q - strlen(q), " (y/n)");
	if (!tui_prompt(t, q, answer, sizeof answer))
		return false;
	a = text_trim(answer);
	return strcmp(a, "y") == 0 || strcmp(a, "Y") == 0 ||
	    strcmp(a, "yes") == 0 || strcmp(a, "Yes") == 0;
}

struct bar {
	struct tui *t;
	long        done, total;
	bool        is_drawn;
};

/* "Sending 3 of 12 [#####.......] 25%" on the bottom line. */
static void
bar_draw(struct bar *b)
{
	char head[96], tail[16];
	int x, w, fill, i, pct;

	pct = b->total > 0 ? (int)(b->done * 100 / b->total) : 0;
	if (b->total > 0)
		snprintf(head, sizeof head, "Sending %ld of %ld", b->done, b->total);
	else
		snprintf(head, sizeof head, "Sending: looking for due messages");
	snprintf(tail, sizeof tail, "%3d%%", pct);
	attron(theme_attr(ROLE_STATUS));
	mvhline(LINES - 1, 0, ' ', COLS);
	x = 1 + text_put(LINES - 1, 1, head, COLS / 2, false) + 1;
	w = COLS - x - text_width(tail) - 4;
	if (b->total > 0 && w >= 10) {
		fill = (int)((long long)w * b->done / b->total);
		mvaddch(LINES - 1, x, '[');
		for (i = 0; i < w; i++)
			mvaddch(LINES - 1, x + 1 + i, i < fill ? '#' : '.');
		mvaddch(LINES - 1, x + 1 + w, ']');
		text_put(LINES - 1, x + w + 3, tail, COLS - x - w - 3, false);
	}
	attroff(theme_attr(ROLE_STATUS));
	refresh();
	b->is_drawn = true;
}

static void
on_progress(void *ctx, long done, long total)
{
	struct bar *b = ctx;

	/* Redraw when the figures move, not on every poll. */
	if (b->is_drawn && done == b->done && total == b->total)
		return;
	b->done = done;
	b->total = total;
	bar_draw(b);
}

enum status
tui_send_due(struct tui *t, long long communication_id,
    struct publish_report *r, struct err *err)
{
	struct publish_opts o;
	struct bar b = { .t = t };

	memset(r, 0, sizeof *r);
	publish_opts_default(&o);
	o.communication_id = communication_id;
	o.progress.fn = on_progress;
	o.progress.ctx = &b;
	bar_draw(&b);
	return publisher_run(tui_session(t), &o, r, err);
}

char *
tui_send_summary(const struct publish_report *r, char *buf, size_t n)
{
	size_t len;

	len = (size_t)snprintf(buf, n, "%lld delivered, %lld failed",
	    r->delivered, r->failed);
	if (r->retrying > 0 && len < n)
		len += (size_t)snprintf(buf + len, n - len, ", %lld to retry later",
		    r->retrying);
	if (r->waiting > 0 && len < n)
		len += (size_t)snprintf(buf + len, n - len, ", %lld waiting",
		    r->waiting);
	if (r->cancelled > 0 && len < n)
		snprintf(buf + len, n - len, ", %lld cancelled", r->cancelled);
	return buf;
}

/* ---- settings as words, secrets masked ---- */

/* SETTINGS as "key=value, key=value" into BUF, as core shows them (URL
 * user information masked, a secret's file or variable with whether it is
 * there); *HAS_PROBLEM (may be NULL) when a secret cannot be read. */
static char *
settings_text(const char *settings, char *buf, size_t n, bool *has_problem)
{
	const struct channel_setting *cs;
	struct rowlist l;
	struct err err = { 0 };
	size_t i, len = 0;

	buf[0] = '\0';
	if (has_problem != NULL)
		*has_problem = false;
	if (channel_settings_shown(settings, &l, &err) != ST_OK) {
		snprintf(buf, n, "(unreadable settings: %s)", err.msg);
		rowlist_free(&l, (row_clear_fn)channel_setting_clear);
		return buf;
	}
	for (i = 0; i < l.count && len < n; i++) {
		cs = rowlist_at(&l, i);
		if (cs->is_problem && has_problem != NULL)
			*has_problem = true;
		len += (size_t)snprintf(buf + len, n - len, "%s%s=%s",
		    len > 0 ? ", " : "", cs->key, cs->value != NULL ? cs->value :
		    "");
	}
	if (len == 0)
		snprintf(buf, n, "no settings");
	rowlist_free(&l, (row_clear_fn)channel_setting_clear);
	return buf;
}

/* ---- reading ---- */

static const struct channel *
chan_at(const struct channels *v, int i)
{
	return i >= 0 && (size_t)i < v->chans.count ? rowlist_at(&v->chans,
	    (size_t)i) : NULL;
}

static const struct outbox_row *
row_at(const struct channels *v, int i)
{
	return i >= 0 && (size_t)i < v->queue.count ? rowlist_at(&v->queue,
	    (size_t)i) : NULL;
}

static const char *
chan_name(const struct channels *v, long long id, char *buf, size_t n)
{
	const struct channel *c;
	size_t i;

	for (i = 0; i < v->chans.count; i++) {
		c = rowlist_at(&v->chans, i);
		if (c->id == id)
			return c->name;
	}
	snprintf(buf, n, "#%lld", id);
	return buf;
}

/* Append the messages in STATE to Q: the first QUEUE_MAX, or for a
 * final state the newest LAST of its COUNT. */
static enum status
queue_add(struct session *s, struct rowlist *q, const char *state,
    long long count, long long last, struct err *err)
{
	struct rowlist l;
	long long offset = 0;
	enum status st;
	size_t i;

	if (count == 0)
		return ST_OK;
	if (last > 0 && count > last)
		offset = count - last;
	st = outbox_list(s, state, last > 0 ? last : QUEUE_MAX, offset, &l, err);
	/* The newest of a final state first: what just happened. */
	for (i = 0; st == ST_OK && i < l.count; i++)
		memcpy(rowlist_push(q), rowlist_at(&l, last > 0 ?
		    l.count - 1 - i : i), l.size);
	if (st == ST_OK)
		rowlist_free(&l, NULL);
	else
		rowlist_free(&l, (row_clear_fn)outbox_row_clear);
	return st;
}

static void
load(struct screen *sc, bool is_forced)
{
	struct channels *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	long long stamp = session_change_stamp(s), keep_row, keep_chan;
	struct rowlist chans, queue;
	struct outbox_counts c = { 0 };
	struct err err = { 0 };
	size_t i;

	if (!is_forced && stamp != 0 && stamp == v->stamp)
		return;
	keep_row = row_at(v, v->q_cur) != NULL ? row_at(v, v->q_cur)->id : 0;
	keep_chan = chan_at(v, v->ch_cur) != NULL ? chan_at(v, v->ch_cur)->id : 0;
	rowlist_init(&queue, sizeof(struct outbox_row));
	if (channel_list(s, &chans, &err) != ST_OK ||
	    outbox_counts(s, &c, &err) != ST_OK ||
	    queue_add(s, &queue, "failed", c.failed, 0, &err) != ST_OK ||
	    queue_add(s, &queue, "leased", c.leased, 0, &err) != ST_OK ||
	    queue_add(s, &queue, "pending", c.pending, 0, &err) != ST_OK ||
	    queue_add(s, &queue, "delivered", c.delivered, FINAL_MAX,
	    &err) != ST_OK ||
	    queue_add(s, &queue, "cancelled", c.cancelled, FINAL_MAX,
	    &err) != ST_OK) {
		snprintf(v->problem, sizeof v->problem, "%s", err.msg);
		rowlist_free(&chans, (row_clear_fn)channel_clear);
		rowlist_free(&queue, (row_clear_fn)outbox_row_clear);
		return;
	}
	v->problem[0] = '\0';
	rowlist_free(&v->chans, (row_clear_fn)channel_clear);
	rowlist_free(&v->queue, (row_clear_fn)outbox_row_clear);
	v->chans = chans;
	v->queue = queue;
	v->counts = c;
	v->stamp = session_change_stamp(s);
	for (i = 0; keep_row != 0 && i < v->queue.count; i++)
		if (row_at(v, (int)i)->id == keep_row)
			v->q_cur = (int)i;
	for (i = 0; keep_chan != 0 && i < v->chans.count; i++)
		if (chan_at(v, (int)i)->id == keep_chan)
			v->ch_cur = (int)i;
	if (v->q_cur >= (int)v->queue.count)
		v->q_cur = (int)v->queue.count - 1;
	if (v->q_cur < 0)
		v->q_cur = 0;
	if (v->ch_cur >= (int)v->chans.count)
		v->ch_cur = (int)v->chans.count - 1;
	if (v->ch_cur < 0)
		v->ch_cur = 0;
}

static enum status
open_channels(struct screen *sc, const void *arg, struct err *err)
{
	struct channels *v = sc->priv;

	(void)arg;
	(void)err;
	rowlist_init(&v->chans, sizeof(struct channel));
	rowlist_init(&v->queue, sizeof(struct outbox_row));
	load(sc, true);
	return ST_OK;
}

static void
close_channels(struct screen *sc)
{
	struct channels *v = sc->priv;

	rowlist_free(&v->chans, (row_clear_fn)channel_clear);
	rowlist_free(&v->queue, (row_clear_fn)outbox_row_clear);
}

static void
reload(struct screen *sc)
{
	load(sc, false);
}

/* ---- drawing ---- */

static void
keep_shown(int cur, int *top, int h, int count)
{
	if (cur < *top)
		*top = cur;
	if (cur >= *top + h)
		*top = cur - h + 1;
	if (*top > count - h)
		*top = count - h;
	if (*top < 0)
		*top = 0;
}

/* Columns of the channels' names: the longest, within reason. */
static int
name_width(const struct channels *v)
{
	int w = 8, n;
	size_t i;

	for (i = 0; i < v->chans.count; i++)
		if ((n = text_width(chan_at(v, (int)i)->name)) > w)
			w = n;
	return w > 20 ? 20 : w;
}

static void
draw_channel(const struct channel *c, int nw, int y, int cols, bool is_sel)
{
	char line[2048], set[1536], name[128];
	bool has_problem;

	settings_text(c->settings, set, sizeof set, &has_problem);
	text_fit(c->name, nw, name, sizeof name);
	snprintf(line, sizeof line, "%s%*s %-10s %-8s %s%s", name,
	    nw - text_width(name), "", c->kind, c->is_enabled ? "enabled" :
	    "disabled", has_problem ? "(!) " : "", set);
	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	} else if (!c->is_enabled)
		attron(theme_attr(ROLE_DIM));
	text_put(y, 2, line, cols - 3, false);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
	else if (!c->is_enabled)
		attroff(theme_attr(ROLE_DIM));
}

/* When a message is next tried: its retry time or not-before for one
 * pending, its lease's end for one leased; "now" when due. */
static const char *
next_try(const struct outbox_row *o, char *buf, size_t n)
{
	const char *at = NULL;

	if (strcmp(o->state, "pending") == 0) {
		at = o->next_attempt_at;
		if (o->not_before != NULL && (at == NULL || strcmp(o->not_before,
		    at) > 0))
			at = o->not_before;
		if (at == NULL || *at == '\0') {
			snprintf(buf, n, "now");
			return buf;
		}
	} else if (strcmp(o->state, "leased") == 0)
		at = o->lease_until;
	return incident_view_time(at, TIME_MINUTE, buf, n);
}

enum qcol { Q_ID, Q_STATE, Q_TRIES, Q_NEXT, Q_CHAN, Q_TARGET, NQCOLS };
static const int q_w[NQCOLS] = { 6, 10, 6, 17, 15, 0 };

static void
draw_message(const struct channels *v, const struct outbox_row *o, int y,
    int cols, bool is_sel)
{
	char id[32], tries[16], next[64], chan[64], rest[3072];
	const char *cells[NQCOLS];
	enum role role = ROLE_NORMAL;
	int c, x = 1;

	snprintf(id, sizeof id, "%lld", o->id);
	snprintf(tries, sizeof tries, "%d", o->attempts);
	snprintf(rest, sizeof rest, "%s%s%s", o->target != NULL ? o->target : "",
	    o->last_error != NULL && *o->last_error != '\0' ? ": " : "",
	    o->last_error != NULL ? o->last_error : "");
	cells[Q_ID] = id;
	cells[Q_STATE] = o->state;
	cells[Q_TRIES] = tries;
	cells[Q_NEXT] = next_try(o, next, sizeof next);
	cells[Q_CHAN] = chan_name(v, o->channel_id, chan, sizeof chan);
	cells[Q_TARGET] = rest;
	if (strcmp(o->state, "failed") == 0)
		role = ROLE_BAD;
	else if (strcmp(o->state, "delivered") == 0)
		role = ROLE_GOOD;
	else if (strcmp(o->state, "cancelled") == 0)
		role = ROLE_DIM;
	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	}
	for (c = 0; c < NQCOLS && x < cols - 1; c++) {
		if (c == Q_STATE && !is_sel)
			attron(theme_attr(role));
		text_put(y, x, cells[c], q_w[c] > 0 ? q_w[c] - 1 : cols - x - 1,
		    false);
		if (c == Q_STATE && !is_sel)
			attroff(theme_attr(role));
		x += q_w[c];
	}
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

static void
draw_heads(int y, int cols)
{
	static const char *const heads[NQCOLS] = { "Id", "State", "Tries",
	    "Next try", "Channel", "Target: last error" };
	int c, x = 1;

	attron(theme_attr(ROLE_DIM));
	for (c = 0; c < NQCOLS && x < cols - 1; c++) {
		text_put(y, x, heads[c], q_w[c] > 0 ? q_w[c] - 1 : cols - x - 1,
		    false);
		x += q_w[c];
	}
	attroff(theme_attr(ROLE_DIM));
}

/* TEXT in at most LINES lines of COLS columns from Y, X, cut at a space
 * where it can; the last line ends with an ellipsis when it is cut. */
static void
put_wrapped(int y, int x, int cols, const char *text, int lines)
{
	char part[2048];
	size_t len, cut, best;
	int k;

	for (k = 0; k < lines && *text != '\0'; k++) {
		if (k == lines - 1 || text_width(text) <= cols) {
			text_put(y + k, x, text, cols, false);
			return;
		}
		len = strlen(text) < sizeof part ? strlen(text) : sizeof part - 1;
		/* The longest prefix that fits, ending at a character's
		 * boundary, then back to a space. */
		for (cut = 0, best = 1; best <= len; best++) {
			if (best < len && ((unsigned char)text[best] & 0xc0) == 0x80)
				continue;
			memcpy(part, text, best);
			part[best] = '\0';
			if (text_width(part) > cols)
				break;
			cut = best;
		}
		if (cut == 0)
			cut = 1;
		for (best = cut; best > cut / 2 && text[best] != ' '; best--)
			;
		if (text[best] == ' ')
			cut = best;
		snprintf(part, sizeof part, "%.*s", (int)cut, text);
		text_put(y + k, x, part, cols, false);
		text += cut;
		while (*text == ' ')
			text++;
	}
}

/* Three lines about the selected row, in full: a channel's settings, or a
 * message's target, key and last error. */
static void
draw_footer(const struct channels *v, int y, int cols)
{
	const struct channel *c = chan_at(v, v->ch_cur);
	const struct outbox_row *o = row_at(v, v->q_cur);
	char line[4096], set[2048], chan[64], comm[64];

	attron(theme_attr(ROLE_DIM));
	mvhline(y, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
	attroff(theme_attr(ROLE_DIM));
	if (v->focus == FOCUS_CHANNELS && c != NULL) {
		snprintf(line, sizeof line, "%s (%s, %s): %s", c->name, c->kind,
		    c->is_enabled ? "enabled" : "disabled",
		    settings_text(c->settings, set, sizeof set, NULL));
		put_wrapped(y + 1, 1, cols - 2, line, FOOTER_ROWS - 1);
	} else if (v->focus == FOCUS_QUEUE && o != NULL) {
		comm[0] = '\0';
		if (o->communication_id != 0)
			snprintf(comm, sizeof comm, ", communication #%lld rev %d",
			    o->communication_id, o->revision);
		snprintf(line, sizeof line, "#%lld %s via %s to %s%s%s%s, key %s",
		    o->id, o->purpose != NULL ? o->purpose : "message",
		    chan_name(v, o->channel_id, chan, sizeof chan),
		    o->target != NULL ? o->target : "?", comm,
		    o->external_ref != NULL && *o->external_ref != '\0' ?
		    ", reference " : "", o->external_ref != NULL ?
		    o->external_ref : "", o->idempotency_key != NULL ?
		    o->idempotency_key : "?");
		put_wrapped(y + 1, 1, cols - 2, line, 2);
		if (o->last_error != NULL && *o->last_error != '\0') {
			snprintf(line, sizeof line, "last error: %s", o->last_error);
			attron(theme_attr(strcmp(o->state, "delivered") == 0 ?
			    ROLE_DIM : ROLE_BAD));
			text_put(y + 3, 1, line, cols - 2, false);
			attroff(theme_attr(strcmp(o->state, "delivered") == 0 ?
			    ROLE_DIM : ROLE_BAD));
		} else
			text_put(y + 3, 1, "R sends it again, X cancels it, p sends "
			    "what is due (admins)", cols - 2, false);
	}
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct channels *v = sc->priv;
	char head[256];
	int y = top, i, footer = rows >= 12 ? FOOTER_ROWS : 0, avail;
	const struct outbox_counts *c = &v->counts;

	if (v->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, v->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	snprintf(head, sizeof head, "Channels: %zu%s", v->chans.count,
	    v->focus == FOCUS_CHANNELS ? "" : "  (Tab to select one)");
	attron(theme_attr(ROLE_HEADER));
	mvhline(y, 0, ' ', cols);
	text_put(y++, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	/* A quarter of the rows at most for the channels, the rest for
	 * the queue. */
	avail = rows - footer - 4;
	v->ch_h = (int)v->chans.count < avail / 4 ? (int)v->chans.count :
	    avail / 4;
	if (v->ch_h < 1)
		v->ch_h = 1;
	v->ch_first_row = y - top;
	if (v->chans.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(y, 2, "No channels yet: herald channel add makes one.",
		    cols - 3, false);
		attroff(theme_attr(ROLE_DIM));
	}
	keep_shown(v->ch_cur, &v->ch_top, v->ch_h, (int)v->chans.count);
	for (i = 0; i < v->ch_h && v->ch_top + i < (int)v->chans.count; i++)
		draw_channel(chan_at(v, v->ch_top + i), name_width(v), y + i, cols,
		    v->focus == FOCUS_CHANNELS && v->ch_top + i == v->ch_cur);
	y += v->ch_h;
	snprintf(head, sizeof head, "Outbox: %lld pending, %lld leased, %lld "
	    "delivered, %lld failed, %lld cancelled", c->pending, c->leased,
	    c->delivered, c->failed, c->cancelled);
	attron(theme_attr(ROLE_HEADER));
	mvhline(y, 0, ' ', cols);
	text_put(y++, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	draw_heads(y++, cols);
	v->q_first_row = y - top;
	v->q_h = top + rows - footer - y;
	if (v->q_h < 1)
		v->q_h = 1;
	if (v->queue.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(y, 2, "Nothing queued.", cols - 3, false);
		attroff(theme_attr(ROLE_DIM));
	}
	keep_shown(v->q_cur, &v->q_top, v->q_h, (int)v->queue.count);
	for (i = 0; i < v->q_h && v->q_top + i < (int)v->queue.count; i++)
		draw_message(v, row_at(v, v->q_top + i), y + i, cols,
		    v->focus == FOCUS_QUEUE && v->q_top + i == v->q_cur);
	if (footer > 0)
		draw_footer(v, top + rows - footer, cols);
}

/* ---- acting ---- */

static unsigned
retry(struct screen *sc)
{
	struct channels *v = sc->priv;
	const struct outbox_row *o = row_at(v, v->q_cur);
	struct err err = { 0 };
	long long id;

	if (v->focus != FOCUS_QUEUE || o == NULL) {
		tui_message(sc->tui, "select a message of the outbox first");
		return UI_HANDLED | UI_REDRAW;
	}
	id = o->id;
	if (outbox_retry(tui_session(sc->tui), id, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	load(sc, true);
	tui_message(sc->tui, "message #%lld is due again: p sends it now", id);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
cancel(struct screen *sc)
{
	struct channels *v = sc->priv;
	const struct outbox_row *o = row_at(v, v->q_cur);
	struct err err = { 0 };
	char question[128], reason[512] = "", *p;
	long long id;

	if (v->focus != FOCUS_QUEUE || o == NULL) {
		tui_message(sc->tui, "select a message of the outbox first");
		return UI_HANDLED | UI_REDRAW;
	}
	id = o->id;
	snprintf(question, sizeof question, "Why cancel message #%lld?", id);
	if (!tui_prompt(sc->tui, question, reason, sizeof reason))
		return UI_HANDLED | UI_REDRAW;
	p = text_trim(reason);
	if (*p == '\0') {
		tui_message(sc->tui, "no reason given; nothing changed");
		return UI_HANDLED | UI_REDRAW;
	}
	if (outbox_cancel(tui_session(sc->tui), id, p, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	load(sc, true);
	tui_message(sc->tui, "message #%lld cancelled", id);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
send_due(struct screen *sc)
{
	struct publish_report r;
	struct err err = { 0 };
	char sum[256];

	if (tui_send_due(sc->tui, 0, &r, &err) != ST_OK)
		tui_error(sc->tui, &err);
	else
		tui_message(sc->tui, "sent: %s", tui_send_summary(&r, sum,
		    sizeof sum));
	load(sc, true);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
move_by(struct channels *v, int by)
{
	int *cur = v->focus == FOCUS_QUEUE ? &v->q_cur : &v->ch_cur;
	int n = v->focus == FOCUS_QUEUE ? (int)v->queue.count :
	    (int)v->chans.count;

	*cur += by;
	if (*cur >= n)
		*cur = n - 1;
	if (*cur < 0)
		*cur = 0;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct channels *v = sc->priv;
	int h = v->focus == FOCUS_QUEUE ? v->q_h : v->ch_h;
	int page = h > 1 ? h - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		return move_by(v, 1);
	case ACT_MOVE_UP:
		return move_by(v, -1);
	case ACT_PAGE_DOWN:
		return move_by(v, page);
	case ACT_PAGE_UP:
		return move_by(v, -page);
	case ACT_FIRST:
		return move_by(v, -(int)(v->queue.count + v->chans.count));
	case ACT_LAST:
		return move_by(v, (int)(v->queue.count + v->chans.count));
	case ACT_NEXT_PANE:
		v->focus = v->focus == FOCUS_QUEUE ? FOCUS_CHANNELS : FOCUS_QUEUE;
		return UI_HANDLED | UI_REDRAW;
	case ACT_RETRY:
		return retry(sc);
	case ACT_CANCEL_MESSAGE:
		return cancel(sc);
	case ACT_SEND_DUE:
		return send_due(sc);
	default:
		return UI_NONE;
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct channels *v = sc->priv;
	int i;

	(void)col;
	(void)is_double;
	i = row - v->q_first_row;
	if (i >= 0 && i < v->q_h && v->q_top + i < (int)v->queue.count) {
		v->focus = FOCUS_QUEUE;
		v->q_cur = v->q_top + i;
		return UI_HANDLED | UI_REDRAW;
	}
	i = row - v->ch_first_row;
	if (i >= 0 && i < v->ch_h && v->ch_top + i < (int)v->chans.count) {
		v->focus = FOCUS_CHANNELS;
		v->ch_cur = v->ch_top + i;
		return UI_HANDLED | UI_REDRAW;
	}
	return UI_NONE;
}

/* The next message (or channel, when they have the focus) whose words
 * hold NEEDLE, wrapping around. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct channels *v = sc->priv;
	const struct outbox_row *o;
	const struct channel *c;
	char chan[64];
	int n, i, k, *cur;

	(void)is_new;
	cur = v->focus == FOCUS_QUEUE ? &v->q_cur : &v->ch_cur;
	n = v->focus == FOCUS_QUEUE ? (int)v->queue.count : (int)v->chans.count;
	for (k = 1; k <= n; k++) {
		i = ((*cur + dir * k) % n + n) % n;
		if (v->focus == FOCUS_QUEUE) {
			o = row_at(v, i);
			if (!text_contains(o->target, needle) &&
			    !text_contains(o->state, needle) &&
			    !text_contains(o->last_error, needle) &&
			    !text_contains(o->idempotency_key, needle) &&
			    !text_contains(chan_name(v, o->channel_id, chan,
			    sizeof chan), needle))
				continue;
		} else {
			c = chan_at(v, i);
			if (!text_contains(c->name, needle) &&
			    !text_contains(c->kind, needle))
				continue;
		}
		*cur = i;
		return true;
	}
	return false;
}

const struct screen_ops screen_channels_ops = {
	.name = "channels",
	.title = "Channels and outbox",
	.priv_size = sizeof(struct channels),
	.open = open_channels,
	.close = close_channels,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
