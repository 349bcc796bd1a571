/* tui/screen_subscribers.c - the subscribers: each address with its state
 * (confirmed, unconfirmed, unsubscribed, erased) and lists; a adds one, d
 * erases one, Enter shows what was sent to it (the history screen below). */
#include "config.h"

#include <curses.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/channel.h"
#include "core/outbox.h"
#include "core/subscriber.h"
#include "tui/incident_view.h"
#include "tui/listview.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define LISTS_MAX    16      /* lists typed at once */
#define HISTORY_MAX  200     /* messages shown for one address */
#define ADDRESS_W    34      /* columns of the address column, at most */
#define STATE_W      13

/* Where SUB stands, in one word. */
static const char *
state_of(const struct subscriber *sub)
{
	return subscriber_state(sub);
}

static enum role
state_role(const char *state)
{
	return strcmp(state, "confirmed") == 0 ? ROLE_GOOD :
	    strcmp(state, "unconfirmed") == 0 ? ROLE_WARN : ROLE_DIM;
}

/* The address, or "(erased #12)" once it is forgotten. */
static const char *
address_of(const struct subscriber *sub, char *buf, size_t n)
{
	if (sub->address != NULL && *sub->address != '\0')
		return sub->address;
	snprintf(buf, n, "(erased #%lld)", sub->id);
	return buf;
}

/* The lists as "advisories:*, lifecycle:ledger-sync". */
static const char *
lists_of(const struct subscriber *sub, char *buf, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; sub->lists != NULL && sub->lists[i] != NULL && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i > 0 ? ", " :
		    "", sub->lists[i]);
	if (len == 0)
		snprintf(buf, n, "no lists");
	return buf;
}

static const struct subscriber *
selected(const struct wholelist *v)
{
	return wholelist_selected(v);
}

/* Every subscriber, by id. */
static enum status
read_all(struct session *s, struct rowlist *out, struct err *err)
{
	return subscriber_list(s, NULL, 0, 0, out, err);
}

static enum status
open_subscribers(struct screen *sc, const void *arg, struct err *err)
{
	(void)arg;
	(void)err;
	wholelist_open(sc->priv, tui_session(sc->tui), sizeof(struct subscriber),
	    offsetof(struct subscriber, id), (row_clear_fn)subscriber_clear, read_all);
	return ST_OK;
}

static void
counts_text(const struct wholelist *v, char *buf, size_t n)
{
	static const char *const states[] = { "confirmed", "unconfirmed",
	    "unsubscribed", "erased" };
	long long k[4] = { 0 };
	size_t i, j;

	for (i = 0; i < v->list.count; i++)
		for (j = 0; j < 4; j++)
			if (strcmp(state_of(rowlist_at(&v->list, i)), states[j]) == 0)
				k[j]++;
	snprintf(buf, n, "Subscribers: %zu (%lld confirmed, %lld unconfirmed, "
	    "%lld unsubscribed, %lld erased)", v->list.count, k[0], k[1], k[2],
	    k[3]);
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct wholelist *v = sc->priv;
	const struct subscriber *sub;
	char head[256], addr[64], lists[1024];
	const char *state;
	int aw, w, i, y, footer;
	bool is_sel;

	counts_text(v, head, sizeof head);
	if (!wholelist_draw_head(v, top, cols, head))
		return;
	footer = wholelist_draw_footer(top, rows, cols, "Enter shows what was "
	    "sent; a adds an address, d erases one (admins).");
	/* As wide as the longest address, so the lists get the rest. */
	for (i = 0, aw = 10; i < (int)v->list.count; i++) {
		sub = rowlist_at(&v->list, (size_t)i);
		w = text_width(address_of(sub, addr, sizeof addr)) + 2;
		if (w > aw)
			aw = w;
	}
	if (aw > ADDRESS_W)
		aw = ADDRESS_W;
	if (aw > cols / 2)
		aw = cols / 2;
	attron(theme_attr(ROLE_DIM));
	text_put(top + 1, 2, "Address", aw - 1, false);
	text_put(top + 1, 2 + aw, "State", STATE_W - 1, false);
	text_put(top + 1, 2 + aw + STATE_W, "Lists", cols - aw - STATE_W - 3,
	    false);
	attroff(theme_attr(ROLE_DIM));
	wholelist_scroll(v, rows - 2 - footer);
	if (v->list.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(top + 2, 2, "No subscribers yet: a adds one.", cols - 4,
		    false);
		attroff(theme_attr(ROLE_DIM));
	}
	for (i = 0; i < v->height && v->top + i < (int)v->list.count; i++) {
		sub = rowlist_at(&v->list, (size_t)(v->top + i));
		y = top + 2 + i;
		is_sel = v->top + i == v->cursor;
		state = state_of(sub);
		if (is_sel) {
			attron(theme_attr(ROLE_SELECTED));
			mvhline(y, 0, ' ', cols);
		}
		text_put(y, 2, address_of(sub, addr, sizeof addr), aw - 1, false);
		if (!is_sel)
			attron(theme_attr(state_role(state)));
		text_put(y, 2 + aw, state, STATE_W - 1, false);
		if (!is_sel)
			attroff(theme_attr(state_role(state)));
		text_put(y, 2 + aw + STATE_W, lists_of(sub, lists, sizeof lists),
		    cols - aw - STATE_W - 3, false);
		if (is_sel)
			attroff(theme_attr(ROLE_SELECTED));
	}
}

/* Split TEXT (commas or spaces between) into at most LISTS_MAX - 1 lists,
 * NULL-terminated, pointing into TEXT. */
static size_t
split_lists(char *text, const char **lists)
{
	size_t n = 0;
	char *tok, *save = NULL;

	for (tok = strtok_r(text, ", \t", &save); tok != NULL && n < LISTS_MAX - 1;
	    tok = strtok_r(NULL, ", \t", &save))
		lists[n++] = tok;
	lists[n] = NULL;
	return n;
}

static unsigned
add(struct screen *sc)
{
	struct err err = { 0 };
	char address[SUBSCRIBER_ADDRESS_MAX + 2] = "", text[1024] = "", *a;
	const char *lists[LISTS_MAX];
	struct subscriber_new in = { 0 };
	long long id = 0;

	if (!tui_prompt(sc->tui, "Add the address:", address, sizeof address))
		return UI_HANDLED | UI_REDRAW;
	a = text_trim(address);
	if (*a == '\0') {
		tui_message(sc->tui, "no address given; nothing added");
		return UI_HANDLED | UI_REDRAW;
	}
	if (!tui_prompt(sc->tui, "On the lists (kind:product, Enter for "
	    "advisories:*):", text, sizeof text))
		return UI_HANDLED | UI_REDRAW;
	if (split_lists(text, lists) == 0) {
		lists[0] = "advisories:*";
		lists[1] = NULL;
	}
	in.address = a;
	in.lists = lists;
	if (subscriber_add_new(tui_session(sc->tui), &in, &id, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	wholelist_screen_load(sc, true, id);
	tui_message(sc->tui, "%s added, unconfirmed until it confirms", a);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
erase_one(struct screen *sc)
{
	struct wholelist *v = sc->priv;
	const struct subscriber *sub = selected(v);
	struct err err = { 0 };
	char question[512], addr[64];
	long long id;

	if (sub == NULL)
		return UI_HANDLED;
	id = sub->id;
	if (sub->erased_at != NULL && *sub->erased_at != '\0') {
		tui_message(sc->tui, "subscriber #%lld is erased already", id);
		return UI_HANDLED | UI_REDRAW;
	}
	snprintf(question, sizeof question, "Erase %s and its lists?",
	    address_of(sub, addr, sizeof addr));
	if (!tui_confirm(sc->tui, question)) {
		tui_message(sc->tui, "nothing erased");
		return UI_HANDLED | UI_REDRAW;
	}
	if (subscriber_erase(tui_session(sc->tui), id, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	}
	wholelist_screen_load(sc, true, id);
	tui_message(sc->tui, "subscriber #%lld erased", id);
	return UI_HANDLED | UI_REDRAW;
}

static const struct screen_ops screen_subscriber_ops;

static unsigned
handle(struct screen *sc, enum action act)
{
	switch (act) {
	case ACT_OPEN:
		return wholelist_screen_push(sc, &screen_subscriber_ops);
	case ACT_ADD:
		return add(sc);
	case ACT_ERASE:
		return erase_one(sc);
	default:
		return wholelist_move(sc->priv, act);
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	(void)col;
	return wholelist_screen_click(sc, row, is_double,
	    &screen_subscriber_ops);
}

static bool
matches(const void *row, const char *needle)
{
	const struct subscriber *sub = row;
	char lists[1024];

	return text_contains(sub->address, needle) ||
	    text_contains(state_of(sub), needle) ||
	    text_contains(lists_of(sub, lists, sizeof lists), needle);
}

/* The next subscriber whose address, state or a list holds NEEDLE,
 * wrapping around. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	(void)is_new;
	return wholelist_search(sc->priv, needle, dir, matches);
}

const struct screen_ops screen_subscribers_ops = {
	.name = "subscribers",
	.title = "Subscribers",
	.priv_size = sizeof(struct wholelist),
	.open = open_subscribers,
	.close = wholelist_screen_close,
	.reload = wholelist_screen_reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};

/* ---- one subscriber: its lists and what was sent to it ---- */

struct history {
	long long         id;
	struct subscriber sub;
	struct rowlist    sent;        /* struct outbox_row, newest first */
	struct rowlist    chans;       /* struct channel, for names */
	int               top;
	int               height;
	char              problem[512];
};

static void
history_free(struct history *h)
{
	subscriber_clear(&h->sub);
	rowlist_free(&h->sent, (row_clear_fn)outbox_row_clear);
	rowlist_free(&h->chans, (row_clear_fn)channel_clear);
}

static void
history_load(struct screen *sc)
{
	struct history *h = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };

	history_free(h);
	memset(&h->sub, 0, sizeof h->sub);
	h->problem[0] = '\0';
	if (subscriber_get(s, h->id, &h->sub, &err) != ST_OK ||
	    outbox_list_for_subscriber(s, h->id, HISTORY_MAX, &h->sent,
	    &err) != ST_OK ||
	    channel_list(s, &h->chans, &err) != ST_OK)
		snprintf(h->problem, sizeof h->problem, "%s", err.msg);
}

static enum status
history_open(struct screen *sc, const void *arg, struct err *err)
{
	struct history *h = sc->priv;

	(void)err;
	h->id = *(const long long *)arg;
	rowlist_init(&h->sent, sizeof(struct outbox_row));
	rowlist_init(&h->chans, sizeof(struct channel));
	history_load(sc);
	return ST_OK;
}

static void
history_close(struct screen *sc)
{
	history_free(sc->priv);
}

static const char *
history_chan(const struct history *h, long long id, char *buf, size_t n)
{
	const struct channel *c;
	size_t i;

	for (i = 0; i < h->chans.count; i++) {
		c = rowlist_at(&h->chans, i);
		if (c->id == id)
			return c->name;
	}
	snprintf(buf, n, "#%lld", id);
	return buf;
}

static void
history_draw(struct screen *sc, int top, int rows, int cols)
{
	struct history *h = sc->priv;
	const struct outbox_row *o;
	char line[4096], addr[64], lists[1024], when[64], chan[64], comm[64];
	const char *state, *at;
	int y = top, i;

	if (h->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, h->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	state = state_of(&h->sub);
	attron(theme_attr(ROLE_HEADER));
	mvhline(y, 0, ' ', cols);
	snprintf(line, sizeof line, "%s: %s", address_of(&h->sub, addr,
	    sizeof addr), state);
	text_put(y++, 1, line, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	snprintf(line, sizeof line, "Lists: %s", lists_of(&h->sub, lists,
	    sizeof lists));
	text_put(y++, 2, line, cols - 3, false);
	snprintf(line, sizeof line, "Added %s", incident_view_time(
	    h->sub.created_at, TIME_MINUTE, when, sizeof when));
	if (h->sub.confirmed_at != NULL && *h->sub.confirmed_at != '\0')
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    ", confirmed %s", incident_view_time(h->sub.confirmed_at,
		    TIME_MINUTE, when, sizeof when));
	if (h->sub.unsubscribed_at != NULL && *h->sub.unsubscribed_at != '\0')
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    ", unsubscribed %s", incident_view_time(h->sub.unsubscribed_at,
		    TIME_MINUTE, when, sizeof when));
	if (h->sub.erased_at != NULL && *h->sub.erased_at != '\0')
		snprintf(line + strlen(line), sizeof line - strlen(line),
		    ", erased %s", incident_view_time(h->sub.erased_at,
		    TIME_MINUTE, when, sizeof when));
	text_put(y++, 2, line, cols - 3, false);
	y++;
	attron(theme_attr(ROLE_HEADER));
	mvhline(y, 0, ' ', cols);
	snprintf(line, sizeof line, "Sent to this address: %zu message%s",
	    h->sent.count, h->sent.count == 1 ? "" : "s");
	text_put(y++, 1, line, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	h->height = top + rows - y;
	if (h->top > (int)h->sent.count - h->height)
		h->top = (int)h->sent.count - h->height;
	if (h->top < 0)
		h->top = 0;
	if (h->sent.count == 0) {
		attron(theme_attr(ROLE_DIM));
		text_put(y, 2, "Nothing was sent to this address.", cols - 3,
		    false);
		attroff(theme_attr(ROLE_DIM));
	}
	for (i = 0; i < h->height && h->top + i < (int)h->sent.count; i++) {
		o = rowlist_at(&h->sent, (size_t)(h->top + i));
		at = o->delivered_at != NULL && *o->delivered_at != '\0' ?
		    o->delivered_at : o->updated_at != NULL && *o->updated_at !=
		    '\0' ? o->updated_at : o->created_at;
		comm[0] = '\0';
		if (o->communication_id != 0)
			snprintf(comm, sizeof comm, " #%lld", o->communication_id);
		snprintf(line, sizeof line, "%s  %-10s %s%s via %s%s%s%s",
		    incident_view_time(at, TIME_MINUTE, when, sizeof when),
		    o->state, o->purpose != NULL ? o->purpose : "message", comm,
		    history_chan(h, o->channel_id, chan, sizeof chan),
		    o->attempts > 1 ? ", several attempts" : "",
		    o->last_error != NULL && *o->last_error != '\0' ? ": " : "",
		    o->last_error != NULL ? o->last_error : "");
		attron(theme_attr(strcmp(o->state, "failed") == 0 ? ROLE_BAD :
		    strcmp(o->state, "delivered") == 0 ? ROLE_NORMAL : ROLE_DIM));
		text_put(y + i, 2, line, cols - 3, false);
		attroff(theme_attr(strcmp(o->state, "failed") == 0 ? ROLE_BAD :
		    strcmp(o->state, "delivered") == 0 ? ROLE_NORMAL : ROLE_DIM));
	}
}

static unsigned
history_handle(struct screen *sc, enum action act)
{
	struct history *h = sc->priv;
	int page = h->height > 1 ? h->height - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		h->top++;
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_UP:
		h->top = h->top > 0 ? h->top - 1 : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_DOWN:
		h->top += page;
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_UP:
		h->top = h->top > page ? h->top - page : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_FIRST:
		h->top = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		h->top = (int)h->sent.count;
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static const struct screen_ops screen_subscriber_ops = {
	.name = "subscriber",
	.title = "Subscriber",
	.priv_size = sizeof(struct history),
	.open = history_open,
	.close = history_close,
	.reload = history_load,
	.draw = history_draw,
	.handle = history_handle,
};
