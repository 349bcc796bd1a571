/* tui/tile_comms.c - home tile: communications in draft and in review. */
#include "config.h"

#include "tui/tile.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/communication.h"
#include "tui/text.h"
#include "tui/theme.h"

#define RECENT 4

struct comms_tile {
	long long      drafts, in_review;
	struct rowlist recent;       /* struct communication_row, newest first */
};

/*
 * The RECENT most recently updated of both states: each state's own page
 * is already newest first, so merge the two heads. Takes the rows of A
 * and B (and frees what is left of them).
 */
static void
merge(struct rowlist *out, struct rowlist *a, struct rowlist *b)
{
	struct communication_row *ra, *rb, *take;
	size_t i = 0, j = 0;

	rowlist_init(out, sizeof(struct communication_row));
	while (out->count < RECENT && (i < a->count || j < b->count)) {
		ra = i < a->count ? rowlist_at(a, i) : NULL;
		rb = j < b->count ? rowlist_at(b, j) : NULL;
		if (rb == NULL || (ra != NULL &&
		    strcmp(ra->comm.updated_at, rb->comm.updated_at) >= 0)) {
			take = ra;
			i++;
		} else {
			take = rb;
			j++;
		}
		*(struct communication_row *)rowlist_push(out) = *take;
		memset(take, 0, sizeof *take);        /* now owned by OUT */
	}
	rowlist_free(a, (row_clear_fn)communication_row_clear);
	rowlist_free(b, (row_clear_fn)communication_row_clear);
}

static enum status
load(void *priv, struct session *s, struct err *err)
{
	struct comms_tile *t = priv;
	struct rowlist drafts, review;
	enum status st;

	rowlist_init(&t->recent, sizeof(struct communication_row));
	if ((st = communication_count(s, "draft", &t->drafts, err)) != ST_OK ||
	    (st = communication_count(s, "in-review", &t->in_review, err)) != ST_OK)
		return st;
	st = communication_page(s, "draft", NULL, false, RECENT, &drafts, err);
	if (st != ST_OK) {
		rowlist_free(&drafts, (row_clear_fn)communication_row_clear);
		return st;
	}
	st = communication_page(s, "in-review", NULL, false, RECENT, &review, err);
	if (st != ST_OK) {
		rowlist_free(&drafts, (row_clear_fn)communication_row_clear);
		rowlist_free(&review, (row_clear_fn)communication_row_clear);
		return st;
	}
	merge(&t->recent, &drafts, &review);
	return ST_OK;
}

static void
free_tile(void *priv)
{
	struct comms_tile *t = priv;

	rowlist_free(&t->recent, (row_clear_fn)communication_row_clear);
}

static int
lines(const void *priv)
{
	const struct comms_tile *t = priv;

	return 1 + (int)(t->recent.count > 0 ? t->recent.count : 1);
}

/* What a row is about: its incident's ref, or an EOL notice's cycle. */
static const char *
about(const struct communication_row *r)
{
	if (r->incident_ref != NULL)
		return r->incident_ref;
	return r->cycle_label != NULL ? r->cycle_label : "";
}

static void
draw(const void *priv, int y, int x, int rows, int cols)
{
	const struct comms_tile *t = priv;
	const struct communication_row *r;
	char line[256];
	size_t i;
	int idw = 12, w;

	snprintf(line, sizeof line, "%lld draft%s, %lld in review", t->drafts,
	    t->drafts == 1 ? "" : "s", t->in_review);
	text_put(y, x, line, cols, false);
	if (t->recent.count == 0 && rows > 1) {
		text_put(y + 1, x, "Nothing is being written or waits for approval.",
		    cols, false);
		return;
	}
	for (i = 0; i < t->recent.count; i++)
		if ((w = text_width(about(rowlist_at(&t->recent, i)))) > idw)
			idw = w;
	if (idw > cols / 3)
		idw = cols / 3;
	for (i = 0; i < t->recent.count && (int)i + 1 < rows; i++) {
		r = rowlist_at(&t->recent, i);
		text_put(y + 1 + (int)i, x, about(r), idw, false);
		if (strcmp(r->comm.state, "in-review") == 0)
			attron(theme_attr(ROLE_WARN));
		text_put(y + 1 + (int)i, x + idw + 2, r->comm.state, 9, false);
		attroff(theme_attr(ROLE_WARN));
		text_put(y + 1 + (int)i, x + idw + 13, r->comm.title,
		    cols - idw - 13, false);
	}
}

const struct tile_ops tile_comms_ops = {
	.title = "Drafts and in review",
	.priv_size = sizeof(struct comms_tile),
	.load = load,
	.free = free_tile,
	.lines = lines,
	.draw = draw,
	.opens = &screen_incidents_ops,
};
