/* tui/tile_approvals.c - the home screen's approvals tile: drafts
 * returned to the reader with the approver's comment, and what waits for
 * their decision, with how long its nearest clock has left. */
#include "config.h"

#include <curses.h>
#include <stdio.h>

#include "core/review.h"
#include "tui/incident_view.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "tui/tile.h"

#define TILE_SHOWN 3             /* rows of each kind at most */
#define GATE_MAX   20            /* widest gate column */
#define TITLE_MIN  12            /* narrower, and the clock column goes */

struct approvals_tile {
	struct rowlist waiting;      /* struct waiting */
	struct rowlist returned;     /* struct approval_returned */
	bool           is_decider;   /* holds a role that decides gates */
};

static enum status
tile_load(void *priv, struct session *s, struct err *err)
{
	struct approvals_tile *t = priv;
	enum status st;

	t->is_decider = review_is_decider(s);
	rowlist_init(&t->returned, sizeof(struct approval_returned));
	if ((st = approvals_waiting(s, &t->waiting, err)) != ST_OK)
		return st;
	return review_returned(s, &t->returned, err);
}

static void
tile_free(void *priv)
{
	struct approvals_tile *t = priv;

	rowlist_free(&t->waiting, (row_clear_fn)waiting_clear);
	rowlist_free(&t->returned, (row_clear_fn)approval_returned_clear);
}

static size_t
shown(const struct rowlist *l)
{
	return l->count < TILE_SHOWN ? l->count : TILE_SHOWN;
}

static int
tile_lines(const void *priv)
{
	const struct approvals_tile *t = priv;

	/* Nothing to say to someone who decides nothing and has nothing
	 * returned: the home screen leaves the tile out. */
	if (!t->is_decider && t->returned.count == 0)
		return 0;
	return (t->is_decider ? 1 + (int)shown(&t->waiting) : 0) +
	    2 * (int)shown(&t->returned);
}

/* Each draft returned to the reader, first, since it is their own
 * to-do: "Returned to you: SEC-2026-004 advisory - Lena Fischer:" and
 * the comment below it, as wide as the tile. */
static int
draw_returned(const struct approvals_tile *t, int y, int x, int rows,
    int cols)
{
	const struct approval_returned *a;
	char line[1024];
	size_t i;
	int r = 0;

	for (i = 0; i < shown(&t->returned) && r + 1 < rows; i++) {
		a = rowlist_at(&t->returned, i);
		snprintf(line, sizeof line, "Returned to you: %s %s %s %s:",
		    a->about != NULL ? a->about : "", a->kind != NULL ? a->kind :
		    "", text_is_utf8() ? "\u2014" : "-", a->approver_name != NULL ?
		    a->approver_name : a->approver_login != NULL ?
		    a->approver_login : "?");
		attron(theme_attr(ROLE_BAD));
		text_put(y + r++, x, line, cols, false);
		attroff(theme_attr(ROLE_BAD));
		text_put(y + r++, x + 2, a->rejection.comment != NULL ?
		    a->rejection.comment : "", cols - 2, false);
	}
	return r;
}

/*
 * What waits, in columns: its incident, the gate, the title, and at the
 * right edge how its nearest clock stands ("12 h left", "overdue by
 * 4 d"), which a long title never pushes off the tile.
 */
static void
draw_waiting(const struct approvals_tile *t, int y, int x, int rows,
    int cols)
{
	const struct waiting *w;
	char left[64];
	enum role role;
	size_t i;
	int refw = 12, gw = 0, lw = 0, tx, tw, n;

	for (i = 0; i < shown(&t->waiting); i++) {
		w = rowlist_at(&t->waiting, i);
		if ((n = text_width(w->ref != NULL ? w->ref : "")) > refw)
			refw = n;
		if ((n = text_width(w->gate != NULL ? w->gate : "")) > gw)
			gw = n < GATE_MAX ? n : GATE_MAX;
		incident_view_left(w->due_at, left, sizeof left);
		if (w->due_at != NULL && (n = text_width(left)) > lw)
			lw = n;
	}
	/* Narrow: the gate goes first (the list shows it), then the clock. */
	tw = cols - refw - 2 - gw - 2 - (lw > 0 ? lw + 2 : 0);
	if (tw < TITLE_MIN) {
		tw += gw + 2;
		gw = 0;
	}
	if (tw < TITLE_MIN && lw > 0) {
		tw += lw + 2;
		lw = 0;
	}
	tx = x + refw + 2 + (gw > 0 ? gw + 2 : 0);
	for (i = 0; i < shown(&t->waiting) && (int)i < rows; i++) {
		w = rowlist_at(&t->waiting, i);
		text_put(y + (int)i, x, w->ref != NULL ? w->ref : "", refw, false);
		if (gw > 0)
			text_put(y + (int)i, x + refw + 2, w->gate != NULL ?
			    w->gate : "", gw, false);
		text_put(y + (int)i, tx, w->title != NULL ? w->title : "", tw,
		    false);
		if (lw == 0 || w->due_at == NULL)
			continue;
		role = incident_view_left(w->due_at, left, sizeof left);
		attron(theme_attr(role));
		text_put(y + (int)i, x + cols - lw, left, lw, false);
		attroff(theme_attr(role));
	}
}

static void
tile_draw(const void *priv, int y, int x, int rows, int cols)
{
	const struct approvals_tile *t = priv;
	char line[512];
	int r;

	r = draw_returned(t, y, x, t->is_decider ? rows - 1 : rows, cols);
	if (!t->is_decider || r >= rows)
		return;
	snprintf(line, sizeof line, "Waiting for me: %zu%s", t->waiting.count,
	    t->waiting.count > 0 ? " (W lists them)" : "");
	if (t->waiting.count > 0)
		attron(theme_attr(ROLE_WARN));
	text_put(y + r++, x, line, cols, false);
	if (t->waiting.count > 0)
		attroff(theme_attr(ROLE_WARN));
	draw_waiting(t, y + r, x, rows - r, cols);
}

const struct tile_ops tile_approvals_ops = {
	.title = "Approvals",
	.priv_size = sizeof(struct approvals_tile),
	.load = tile_load,
	.free = tile_free,
	.lines = tile_lines,
	.draw = tile_draw,
	.opens = &screen_approvals_ops,
};
