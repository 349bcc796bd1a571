/* tui/screen_help.c - the keys of the screen it was opened from. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/keymap.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"

/* Keys a screen reads itself, before the key table (screen_ops.key),
 * so that help lists them too: under "This screen", after the rest. */
static const struct {
	const char *screen, *keys, *help;
} own_keys[] = {
	{ "preview", "r", "Show an HTML page as text, or as its raw HTML" },
};

struct help {
	const struct screen_ops *of;     /* the screen whose keys we list */
	int                      top;    /* first line shown */
	int                      nlines;
};

static enum status
open_help(struct screen *sc, const void *arg, struct err *err)
{
	struct help *h = sc->priv;

	(void)err;
	h->of = arg;
	return ST_OK;
}

/* The width of the keys column: 16, or the widest keys of SECTION
 * ("h, Left, Shift-Tab"), so the help texts stay in one column. */
static int
keys_width(const char *section)
{
	char keys[128];
	int a, w = 16;

	for (a = 1; a < ACT_COUNT; a++) {
		keymap_keys(section, (enum action)a, keys, sizeof keys);
		if (text_width(keys) > w)
			w = text_width(keys);
	}
	return w;
}

/* Draw (or, with DRY, only count) the help lines from line FIRST. */
static int
lines(struct help *h, int top, int rows, int cols, bool is_dry)
{
	const char *section = h->of != NULL ? h->of->name : "global";
	const char *group = NULL;
	char keys[128], line[512];
	int n = 0, y, kw = keys_width(section);
	int a;

	for (a = 1; a < ACT_COUNT; a++) {
		keymap_keys(section, (enum action)a, keys, sizeof keys);
		if (keys[0] == '\0')
			continue;
		if (group == NULL || strcmp(group, action_group((enum action)a)) != 0) {
			group = action_group((enum action)a);
			if (n > 0)
				n++;
			y = top + n - h->top;
			if (!is_dry && y >= top && y < top + rows) {
				attron(theme_attr(ROLE_HEADER));
				text_put(y, 2, group, cols - 4, false);
				attroff(theme_attr(ROLE_HEADER));
			}
			n++;
		}
		y = top + n - h->top;
		if (!is_dry && y >= top && y < top + rows) {
			snprintf(line, sizeof line, "%-*s %s", kw, keys,
			    action_help((enum action)a));
			text_put(y, 4, line, cols - 6, false);
		}
		n++;
	}
	for (a = 0; a < (int)(sizeof own_keys / sizeof own_keys[0]); a++) {
		if (strcmp(own_keys[a].screen, section) != 0)
			continue;
		if (group == NULL || strcmp(group, "This screen") != 0) {
			group = "This screen";
			n += n > 0 ? 1 : 0;
			y = top + n - h->top;
			if (!is_dry && y >= top && y < top + rows) {
				attron(theme_attr(ROLE_HEADER));
				text_put(y, 2, group, cols - 4, false);
				attroff(theme_attr(ROLE_HEADER));
			}
			n++;
		}
		y = top + n - h->top;
		if (!is_dry && y >= top && y < top + rows) {
			snprintf(line, sizeof line, "%-*s %s", kw,
			    own_keys[a].keys, own_keys[a].help);
			text_put(y, 4, line, cols - 6, false);
		}
		n++;
	}
	return n;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct help *h = sc->priv;
	char head[256];

	snprintf(head, sizeof head, "Keys on the %s screen (q or Esc to close)",
	    h->of != NULL ? h->of->title : "");
	attron(theme_attr(ROLE_TITLE));
	text_put(top, 2, head, cols - 4, false);
	attroff(theme_attr(ROLE_TITLE));
	h->nlines = lines(h, top + 2, rows - 2, cols, true);
	lines(h, top + 2, rows - 2, cols, false);
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct help *h = sc->priv;
	int page = sc->rows > 4 ? sc->rows - 4 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
	case ACT_PAGE_DOWN:
		h->top += act == ACT_MOVE_DOWN ? 1 : page;
		if (h->top > h->nlines - page)
			h->top = h->nlines - page > 0 ? h->nlines - page : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_UP:
	case ACT_PAGE_UP:
		h->top -= act == ACT_MOVE_UP ? 1 : page;
		if (h->top < 0)
			h->top = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_FIRST:
		h->top = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		h->top = h->nlines - page > 0 ? h->nlines - page : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_HELP:
	case ACT_OPEN:
		return UI_POP;
	default:
		return UI_NONE;
	}
}

const struct screen_ops screen_help_ops = {
	.name = "help",
	.title = "Help",
	.priv_size = sizeof(struct help),
	.open = open_help,
	.draw = draw,
	.handle = handle,
};
