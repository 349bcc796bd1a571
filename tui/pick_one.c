/* tui/pick_one.c - a centred modal list to choose one thing from. */
#include "config.h"

#include "tui/pickers.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui/text.h"
#include "tui/theme.h"

#define KEY_ESCAPE 27
#define TICK_MS    1000      /* the loop's timeout, given back on return */

/* Where the box is and which labels it shows from. */
struct pick {
	const char        *title;
	const char *const *labels;
	size_t             n;
	size_t             cur;
	size_t             top;
	int                y, x, h, w;  /* the box, border included */
};

/* Size and centre the box for the terminal as it is now: as wide as the
 * widest label (within the screen), as tall as the list (ditto). */
static void
place(struct pick *p)
{
	size_t i;
	int w = text_width(p->title) + 4, lw;

	if (w < 34)
		w = 34;          /* room for the hint line */
	for (i = 0; i < p->n; i++)
		if ((lw = text_width(p->labels[i]) + 4) > w)
			w = lw;
	p->w = w < COLS - 2 ? w : COLS - 2;
	p->h = (int)p->n + 4 < LINES - 2 ? (int)p->n + 4 : LINES - 2;
	if (p->h < 5)
		p->h = 5;
	p->y = (LINES - p->h) / 2;
	p->x = (COLS - p->w) / 2;
}

/* The rows of the list inside the box. */
static int
page(const struct pick *p)
{
	return p->h - 4 > 1 ? p->h - 4 : 1;
}

/* Draw an empty box of H rows and W columns at Y, X with TITLE on top. */
void
pick_box(int y, int x, int h, int w, const char *title)
{
	int r;

	attron(theme_attr(ROLE_NORMAL));
	for (r = 0; r < h; r++)
		mvhline(y + r, x, ' ', w);
	mvaddch(y, x, ACS_ULCORNER);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attroff(theme_attr(ROLE_NORMAL));
	attron(theme_attr(ROLE_HEADER));
	text_put(y, x + 2, title, w - 4, false);
	attroff(theme_attr(ROLE_HEADER));
}

static void
draw(struct pick *p)
{
	char pos[32];
	size_t i;
	int r, rows = page(p);

	if (p->cur < p->top)
		p->top = p->cur;
	if (p->cur >= p->top + (size_t)rows)
		p->top = p->cur - (size_t)rows + 1;
	pick_box(p->y, p->x, p->h, p->w, p->title);
	for (r = 0, i = p->top; r < rows && i < p->n; r++, i++) {
		attron(theme_attr(i == p->cur ? ROLE_SELECTED : ROLE_NORMAL));
		mvhline(p->y + 1 + r, p->x + 1, ' ', p->w - 2);
		text_put(p->y + 1 + r, p->x + 2, p->labels[i], p->w - 4, false);
		attroff(theme_attr(i == p->cur ? ROLE_SELECTED : ROLE_NORMAL));
	}
	attron(theme_attr(ROLE_DIM));
	text_put(p->y + p->h - 2, p->x + 2, "Enter: choose  Esc: cancel",
	    p->w - 4, false);
	if (p->n > (size_t)rows) {
		snprintf(pos, sizeof pos, "%zu/%zu", p->cur + 1, p->n);
		text_put(p->y + p->h - 1, p->x + p->w - 2 - text_width(pos), pos,
		    text_width(pos), false);
	}
	attroff(theme_attr(ROLE_DIM));
	refresh();
}

/* Wait for a key; false when the terminal went or a signal came (Ctrl-C):
 * the caller gives up, and the loop acts on the signal. */
bool
pick_key(int *rc, wint_t *ch)
{
	timeout(-1);
	for (;;) {
		errno = 0;
		*rc = get_wch(ch);
		if (*rc != ERR)
			break;
		if (errno != 0) {
			timeout(TICK_MS);
			return false;
		}
	}
	timeout(TICK_MS);
	return true;
}

/* Move the cursor for KEY; false when KEY is not a movement. */
static bool
move_by(struct pick *p, int rc, wint_t ch)
{
	size_t rows = (size_t)page(p);

	if (rc == OK && (ch == 'j' || ch == 14)) {
		ch = KEY_DOWN;
		rc = KEY_CODE_YES;
	} else if (rc == OK && (ch == 'k' || ch == 16)) {
		ch = KEY_UP;
		rc = KEY_CODE_YES;
	} else if (rc == OK && ch == 'g') {
		ch = KEY_HOME;
		rc = KEY_CODE_YES;
	} else if (rc == OK && ch == 'G') {
		ch = KEY_END;
		rc = KEY_CODE_YES;
	}
	if (rc != KEY_CODE_YES)
		return false;
	switch (ch) {
	case KEY_DOWN:
		if (p->cur + 1 < p->n)
			p->cur++;
		return true;
	case KEY_UP:
		if (p->cur > 0)
			p->cur--;
		return true;
	case KEY_NPAGE:
		p->cur = p->cur + rows < p->n ? p->cur + rows : p->n - 1;
		return true;
	case KEY_PPAGE:
		p->cur = p->cur > rows ? p->cur - rows : 0;
		return true;
	case KEY_HOME:
		p->cur = 0;
		return true;
	case KEY_END:
		p->cur = p->n - 1;
		return true;
	default:
		return false;
	}
}

bool
tui_pick_one(struct tui *t, const char *title, const char *const *labels,
    size_t n, size_t *chosen)
{
	struct pick p = { .title = title, .labels = labels, .n = n };
	wint_t ch;
	int rc;

	(void)t;
	if (n == 0)
		return false;
	p.cur = *chosen < n ? *chosen : 0;
	curs_set(0);
	place(&p);
	for (;;) {
		draw(&p);
		if (!pick_key(&rc, &ch))
			return false;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			erase();
			place(&p);
			continue;
		}
		if (move_by(&p, rc, ch))
			continue;
		if ((rc == OK && (ch == '\n' || ch == '\r')) ||
		    (rc == KEY_CODE_YES && ch == KEY_ENTER))
			break;
		if (rc == OK && (ch == KEY_ESCAPE || ch == 'q'))
			return false;
	}
	*chosen = p.cur;
	return true;
}
