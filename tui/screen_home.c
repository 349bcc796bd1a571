/* tui/screen_home.c - the home screen: tiles of what needs attention. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "tui/tile.h"
#include "util/xalloc.h"

/* The tiles, in order; a feature adds its tile here and nowhere else. */
static const struct tile_ops *const tiles[] = {
	&tile_approvals_ops,
	&tile_incidents_ops,
	&tile_comms_ops,
	&tile_eol_ops,
	&tile_clocks_ops,
};
#define NTILES (sizeof tiles / sizeof tiles[0])

struct home {
	void *priv[NTILES];
	char  problem[NTILES][256];   /* why a tile could not load, or "" */
	int   cursor;                 /* the selected tile */
	int   first_row[NTILES];      /* where each tile was drawn, for clicks */
	int   end_row[NTILES];
	long long stamp;              /* the database's change stamp at load */
	time_t    loaded_at;
};

static void
unload(struct home *h)
{
	size_t i;

	for (i = 0; i < NTILES; i++) {
		if (h->priv[i] != NULL && tiles[i]->free != NULL)
			tiles[i]->free(h->priv[i]);
		free(h->priv[i]);
		h->priv[i] = NULL;
	}
}

static void
load(struct screen *sc)
{
	struct home *h = sc->priv;
	struct err err = { 0 };
	long long stamp = session_change_stamp(tui_session(sc->tui));
	time_t now = clock_now();
	size_t i;

	/* The clocks tile reads every running communication: while nothing
	 * changed, read again only once a minute (for "days left"). */
	if (h->priv[0] != NULL && stamp != 0 && stamp == h->stamp &&
	    now - h->loaded_at < 60)
		return;
	h->loaded_at = now;
	unload(h);
	for (i = 0; i < NTILES; i++) {
		h->priv[i] = xcalloc(1, tiles[i]->priv_size);
		h->problem[i][0] = '\0';
		if (tiles[i]->load(h->priv[i], tui_session(sc->tui), &err) != ST_OK)
			snprintf(h->problem[i], sizeof h->problem[i], "%s", err.msg);
	}
	/* After the read: reading what waits for approval may audit an
	 * access to an embargoed incident, which is no change to read. */
	h->stamp = session_change_stamp(tui_session(sc->tui));
}

static void cursor_fix(struct home *h);

static enum status
open_home(struct screen *sc, const void *arg, struct err *err)
{
	(void)arg;
	(void)err;
	load(sc);
	cursor_fix(sc->priv);
	return ST_OK;
}

static void
close_home(struct screen *sc)
{
	unload(sc->priv);
}

/* Whether tile I shows: a tile with nothing to say now (no lines, such
 * as approvals for someone who decides none and has none returned) is
 * left out; one that could not load shows why. */
static bool
is_shown(const struct home *h, int i)
{
	return h->problem[i][0] != '\0' || tiles[i]->lines(h->priv[i]) > 0;
}

/* The shown tile DIR (1 or -1) from the cursor, wrapping around; the
 * cursor itself when it is the only one. */
static int
step(const struct home *h, int from, int dir)
{
	int i, k = from;

	for (i = 0; i < (int)NTILES; i++) {
		k = (k + dir + (int)NTILES) % (int)NTILES;
		if (is_shown(h, k))
			return k;
	}
	return from;
}

/* Keep the cursor on a shown tile (the one it was on may have nothing
 * to say since). */
static void
cursor_fix(struct home *h)
{
	if (!is_shown(h, h->cursor))
		h->cursor = step(h, h->cursor, 1);
}

/*
 * Fit the tiles' lines WANT into AVAIL rows, where each shown tile (WANT
 * above 0) also takes a title row and a blank one after it (but the
 * last): while they do not fit, the tallest tile after the first gives
 * up a line, down to one, so a small terminal still shows every tile.
 */
static void
fit(int *want, int n, int avail)
{
	int total, tall, first, i;

	for (first = 0; first < n && want[first] == 0; first++)
		;
	for (;;) {
		for (i = 0, total = -1; i < n; i++)
			total += want[i] > 0 ? want[i] + 2 : 0;
		if (total <= avail)
			return;
		for (i = first + 1, tall = -1; i < n; i++)
			if (want[i] > 1 && (tall < 0 || want[i] > want[tall]))
				tall = i;
		if (tall < 0)
			return;
		want[tall]--;
	}
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct home *h = sc->priv;
	int y = top + 1, want, wants[NTILES], i;

	cursor_fix(h);
	for (i = 0; i < (int)NTILES; i++)
		wants[i] = h->problem[i][0] != '\0' ? 1 :
		    tiles[i]->lines(h->priv[i]);
	fit(wants, (int)NTILES, rows - 2);
	for (i = 0; i < (int)NTILES; i++)
		h->first_row[i] = h->end_row[i] = -1;
	for (i = 0; i < (int)NTILES && y < top + rows - 1; i++) {
		if (wants[i] == 0)
			continue;
		want = wants[i];
		if (want > top + rows - 2 - y)
			want = top + rows - 2 - y;
		attron(i == h->cursor ? theme_attr(ROLE_SELECTED) : theme_attr(ROLE_HEADER));
		text_put(y, 1, tiles[i]->title, cols - 2, i == h->cursor);
		attroff(i == h->cursor ? theme_attr(ROLE_SELECTED) : theme_attr(ROLE_HEADER));
		h->first_row[i] = y - top;
		if (h->problem[i][0] != '\0') {
			attron(theme_attr(ROLE_ERROR));
			text_put(y + 1, 3, h->problem[i], cols - 4, false);
			attroff(theme_attr(ROLE_ERROR));
		} else
			tiles[i]->draw(h->priv[i], y + 1, 3, want, cols - 4);
		y += want + 2;
		h->end_row[i] = y - top;
	}
}

static unsigned
open_tile(struct screen *sc)
{
	struct home *h = sc->priv;

	if (tiles[h->cursor]->opens != NULL)
		tui_push(sc->tui, tiles[h->cursor]->opens, NULL);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct home *h = sc->priv;

	switch (act) {
	case ACT_MOVE_DOWN:
	case ACT_NEXT_PANE:
		h->cursor = step(h, h->cursor, 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_UP:
		h->cursor = step(h, h->cursor, -1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_FIRST:
		h->cursor = step(h, (int)NTILES - 1, 1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		h->cursor = step(h, 0, -1);
		return UI_HANDLED | UI_REDRAW;
	case ACT_OPEN:
		return open_tile(sc);
	case ACT_GO_SUBSCRIBERS:
		tui_push(sc->tui, &screen_subscribers_ops, NULL);
		return UI_HANDLED | UI_REDRAW;
	case ACT_GO_CUSTOMERS:
		tui_push(sc->tui, &screen_customers_ops, NULL);
		return UI_HANDLED | UI_REDRAW;
	case ACT_GO_CHANNELS:
		tui_push(sc->tui, &screen_channels_ops, NULL);
		return UI_HANDLED | UI_REDRAW;
	case ACT_GO_TRUST:
		tui_push(sc->tui, &screen_trust_ops, NULL);
		return UI_HANDLED | UI_REDRAW;
	case ACT_GO_BREACHES:
		tui_push(sc->tui, &screen_breaches_ops, NULL);
		return UI_HANDLED | UI_REDRAW;
	case ACT_GO_DRILLS:
		tui_push(sc->tui, &screen_drills_ops, NULL);
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct home *h = sc->priv;
	int i;

	(void)col;
	for (i = 0; i < (int)NTILES; i++) {
		if (row >= h->first_row[i] && row < h->end_row[i]) {
			h->cursor = i;
			return is_double ? open_tile(sc) : UI_HANDLED | UI_REDRAW;
		}
	}
	return UI_NONE;
}

const struct screen_ops screen_home_ops = {
	.name = "home",
	.title = "Home",
	.priv_size = sizeof(struct home),
	.open = open_home,
	.close = close_home,
	.reload = load,
	.draw = draw,
	.handle = handle,
	.click = click,
};
