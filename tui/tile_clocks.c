/* tui/tile_clocks.c - home tile: the clocks that run out soonest, the
 * overdue ones first. */
#include "config.h"

#include "tui/tile.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/deadline.h"
#include "tui/text.h"
#include "tui/theme.h"

#define SOONEST 4

struct clocks_tile {
	struct rowlist soonest;      /* struct deadline, soonest first */
	time_t         now;
};

static enum status
load(void *priv, struct session *s, struct err *err)
{
	struct clocks_tile *t = priv;

	t->now = clock_now();
	return deadline_running(s, SOONEST, &t->soonest, err);
}

static void
free_tile(void *priv)
{
	struct clocks_tile *t = priv;

	rowlist_free(&t->soonest, (row_clear_fn)deadline_clear);
}

static int
lines(const void *priv)
{
	const struct clocks_tile *t = priv;

	return t->soonest.count > 0 ? (int)t->soonest.count : 1;
}

/* Overdue is an error; under a day left, a warning. */
static enum role
urgency(const struct deadline *d, time_t now)
{
	time_t due;

	if (deadline_is_overdue(d, now))
		return ROLE_BAD;
	if (clock_parse(d->due_at, &due, NULL) == ST_OK && due - now < 86400)
		return ROLE_WARN;
	return ROLE_NORMAL;
}

static void
draw(const void *priv, int y, int x, int rows, int cols)
{
	const struct clocks_tile *t = priv;
	const struct deadline *d;
	char left[64];
	enum role r;
	size_t i;
	int idw = 12, cw = 12, w;

	if (t->soonest.count == 0) {
		text_put(y, x, "No clocks running.", cols, false);
		return;
	}
	for (i = 0; i < t->soonest.count; i++) {
		d = rowlist_at(&t->soonest, i);
		if ((w = text_width(d->incident_ref)) > idw)
			idw = w;
		if ((w = text_width(d->clock_id)) > cw && w < 20)
			cw = w;
	}
	for (i = 0; i < t->soonest.count && (int)i < rows; i++) {
		d = rowlist_at(&t->soonest, i);
		text_put(y + (int)i, x, d->incident_ref, idw, false);
		text_put(y + (int)i, x + idw + 2, d->clock_id, cw, false);
		r = urgency(d, t->now);
		attron(theme_attr(r));
		text_put(y + (int)i, x + idw + cw + 4, deadline_left(d, t->now,
		    left, sizeof left), 22, false);
		attroff(theme_attr(r));
		text_put(y + (int)i, x + idw + cw + 28, d->communication_title,
		    cols - idw - cw - 28, false);
	}
}

const struct tile_ops tile_clocks_ops = {
	.title = "Clocks",
	.priv_size = sizeof(struct clocks_tile),
	.load = load,
	.free = free_tile,
	.lines = lines,
	.draw = draw,
	.opens = &screen_incidents_ops,
};
