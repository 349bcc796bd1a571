/* tui/tile_incidents.c - home tile: incidents by state, and the latest ones. */
#include "config.h"

#include "tui/tile.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/incident.h"
#include "tui/text.h"
#include "tui/theme.h"

#define LATEST 5
#define STATES 8

struct incidents_tile {
	long long      total, drills, by_state[STATES];
	struct rowlist latest;                 /* struct incident */
};

static enum status
load(void *priv, struct session *s, struct err *err)
{
	struct incidents_tile *t = priv;
	const char *const *states = incident_states();
	struct incident_filter f = { .drills = -1 };
	enum status st;
	size_t k;

	rowlist_init(&t->latest, sizeof(struct incident));
	st = incident_count(s, &f, &t->total, err);
	for (k = 0; st == ST_OK && k < STATES && states[k] != NULL; k++) {
		f.state = states[k];
		st = incident_count(s, &f, &t->by_state[k], err);
	}
	f.state = NULL;
	f.drills = 1;
	if (st == ST_OK)
		st = incident_count(s, &f, &t->drills, err);
	f.drills = -1;
	f.limit = LATEST;
	if (st == ST_OK)
		st = incident_list(s, &f, &t->latest, err);
	return st;
}

static void
free_tile(void *priv)
{
	struct incidents_tile *t = priv;

	rowlist_free(&t->latest, (row_clear_fn)incident_clear);
}

static int
lines(const void *priv)
{
	const struct incidents_tile *t = priv;

	return 1 + (int)(t->latest.count > 0 ? t->latest.count : 1);
}

static void
draw(const void *priv, int y, int x, int rows, int cols)
{
	const struct incidents_tile *t = priv;
	const char *const *states = incident_states();
	const struct incident *in;
	char line[512];
	size_t i, len;
	int idw = 12, w;

	len = (size_t)snprintf(line, sizeof line, "Incidents: %lld", t->total);
	for (i = 0; i < STATES && states[i] != NULL && len < sizeof line; i++)
		len += (size_t)snprintf(line + len, sizeof line - len, "%s%lld %s",
		    i == 0 ? " (" : ", ", t->by_state[i], states[i]);
	if (t->drills > 0 && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len,
		    ", %lld drill%s", t->drills, t->drills == 1 ? "" : "s");
	if (len < sizeof line)
		snprintf(line + len, sizeof line - len, ")");
	text_put(y, x, line, cols, false);
	if (t->latest.count == 0 && rows > 1) {
		text_put(y + 1, x, "No incidents yet (herald incident new opens one).",
		    cols, false);
		return;
	}
	for (i = 0; i < t->latest.count; i++) {
		in = rowlist_at(&t->latest, i);
		if ((w = text_width(in->ref)) > idw)
			idw = w;
	}
	for (i = 0; i < t->latest.count && (int)i + 1 < rows; i++) {
		in = rowlist_at(&t->latest, i);
		text_put(y + 1 + (int)i, x, in->ref, idw, false);
		attron(theme_attr(theme_severity(in->severity)));
		text_put(y + 1 + (int)i, x + idw + 2, in->severity, 8, false);
		attroff(theme_attr(theme_severity(in->severity)));
		text_put(y + 1 + (int)i, x + idw + 12, in->state, 9, false);
		text_put(y + 1 + (int)i, x + idw + 23, in->title, cols - idw - 23,
		    false);
	}
}

const struct tile_ops tile_incidents_ops = {
	.title = "Incidents",
	.priv_size = sizeof(struct incidents_tile),
	.load = load,
	.free = free_tile,
	.lines = lines,
	.draw = draw,
	.opens = &screen_incidents_ops,
};
