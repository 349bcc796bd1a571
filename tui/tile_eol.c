/* tui/tile_eol.c - home tile: cycles ending within a year with no notice sent. */
#include "config.h"

#include "tui/tile.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/product.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define MONTHS 12            /* the code of practice's notice period */
#define SHOWN  5
#define DAY    86400

struct eol_item {
	char *product;           /* the product's name (or "#id" if unreadable) */
	char *cycle;
	char *eol;               /* YYYY-MM-DD */
	long  days;              /* to the EOL date from today; negative: past */
};

struct eol_tile {
	size_t          due;     /* cycles due, all of them */
	size_t          ended;   /* of which past their EOL date already */
	size_t          n;       /* items filled, at most SHOWN */
	struct eol_item item[SHOWN];
};

/* Whole days from today (UTC) to DATE; 0 when DATE cannot be read. */
static long
days_to(const char *date, time_t now)
{
	time_t t;

	if (date == NULL || clock_parse(date, &t, NULL) != ST_OK)
		return 0;
	now -= now % DAY;
	return (long)((t - now) / DAY);
}

static enum status
load(void *priv, struct session *s, struct err *err)
{
	struct eol_tile *t = priv;
	struct rowlist due;
	struct product p;
	const struct cycle *c;
	char id[32];
	time_t now = clock_now();
	enum status st;
	size_t i;

	if ((st = cycle_list_eol_due(s, MONTHS, &due, err)) != ST_OK) {
		rowlist_free(&due, (row_clear_fn)cycle_clear);
		return st;
	}
	t->due = due.count;
	for (i = 0; i < due.count; i++)
		if (days_to(((const struct cycle *)rowlist_at(&due, i))->eol, now) < 0)
			t->ended++;
	for (i = 0; i < due.count && i < SHOWN; i++) {
		c = rowlist_at(&due, i);
		memset(&p, 0, sizeof p);
		if (product_get(s, c->product_id, &p, NULL) == ST_OK &&
		    p.name != NULL)
			t->item[i].product = xstrdup(p.name);
		else {
			snprintf(id, sizeof id, "#%lld", c->product_id);
			t->item[i].product = xstrdup(id);
		}
		product_clear(&p);
		t->item[i].cycle = xstrdup(c->cycle != NULL ? c->cycle : "");
		t->item[i].eol = xstrdup(c->eol != NULL ? c->eol : "");
		t->item[i].days = days_to(c->eol, now);
		t->n = i + 1;
	}
	rowlist_free(&due, (row_clear_fn)cycle_clear);
	return ST_OK;
}

static void
free_tile(void *priv)
{
	struct eol_tile *t = priv;
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->item[i].product);
		free(t->item[i].cycle);
		free(t->item[i].eol);
	}
	t->n = 0;
}

static int
lines(const void *priv)
{
	const struct eol_tile *t = priv;

	return 1 + (int)(t->n > 0 ? t->n : 1);
}

static void
draw(const void *priv, int y, int x, int rows, int cols)
{
	const struct eol_tile *t = priv;
	const struct eol_item *it;
	char line[512], left[64];
	size_t i;
	int namew = 0, w;

	if (t->due == 0) {
		text_put(y, x, "No release cycle ends within 12 months without "
		    "its notice.", cols, false);
		return;
	}
	if (t->ended == 0)
		snprintf(line, sizeof line, "%zu release cycle%s end%s within 12 "
		    "months and no notice has gone out", t->due,
		    t->due == 1 ? "" : "s", t->due == 1 ? "s" : "");
	else
		snprintf(line, sizeof line, "%zu cycle%s without an EOL notice: "
		    "%zu ended, %zu end%s within 12 months", t->due,
		    t->due == 1 ? "" : "s", t->ended, t->due - t->ended,
		    t->due - t->ended == 1 ? "s" : "");
	text_put(y, x, line, cols, false);
	for (i = 0; i < t->n; i++) {
		it = &t->item[i];
		if ((w = text_width(it->product) + 1 + text_width(it->cycle)) > namew)
			namew = w;
	}
	if (namew > cols / 2)
		namew = cols / 2;
	attron(theme_attr(ROLE_WARN));
	for (i = 0; i < t->n && (int)i + 1 < rows; i++) {
		it = &t->item[i];
		snprintf(line, sizeof line, "%s %s", it->product, it->cycle);
		text_put(y + 1 + (int)i, x, line, namew, false);
		if (it->days > 1)
			snprintf(left, sizeof left, "%ld days left", it->days);
		else if (it->days == 1)
			snprintf(left, sizeof left, "1 day left");
		else if (it->days == 0)
			snprintf(left, sizeof left, "ends today");
		else
			snprintf(left, sizeof left, "ended %ld day%s ago", -it->days,
			    it->days == -1 ? "" : "s");
		snprintf(line, sizeof line, "EOL %s  %s", it->eol, left);
		text_put(y + 1 + (int)i, x + namew + 2, line, cols - namew - 2,
		    false);
	}
	attroff(theme_attr(ROLE_WARN));
}

const struct tile_ops tile_eol_ops = {
	.title = "End of life within 12 months, no notice",
	.priv_size = sizeof(struct eol_tile),
	.load = load,
	.free = free_tile,
	.lines = lines,
	.draw = draw,
	.opens = &screen_products_ops,
};
