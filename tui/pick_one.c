/* tui/pick_one.c - a centred modal list to choose one thing from. */
#include "config.h"

#include "tui/pickers.h"

#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "tui/screen.h"
#include "tui/text.h"

#define KEY_ESCAPE 27

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

void
pick_row(int y, int x, int w, const char *text, bool is_sel, enum role role)
{
	attron(theme_attr(is_sel ? ROLE_SELECTED : role));
	mvhline(y, x + 1, ' ', w - 2);
	text_put(y, x + 2, text, w - 4, false);
	attroff(theme_attr(is_sel ? ROLE_SELECTED : role));
}

void
pick_scroll(size_t cur, size_t *top, size_t rows)
{
	if (cur < *top)
		*top = cur;
	if (cur >= *top + rows)
		*top = cur - rows + 1;
}

static void
draw(struct pick *p)
{
	char pos[32];
	size_t i;
	int r, rows = page(p);

	pick_scroll(p->cur, &p->top, (size_t)rows);
	pick_box(p->y, p->x, p->h, p->w, p->title);
	for (r = 0, i = p->top; r < rows && i < p->n; r++, i++)
		pick_row(p->y + 1 + r, p->x, p->w, p->labels[i], i == p->cur,
		    ROLE_NORMAL);
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

bool
pick_move(size_t *cur, size_t n, size_t rows, int rc, wint_t ch)
{
	if (n == 0)
		return false;
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
		if (*cur + 1 < n)
			(*cur)++;
		return true;
	case KEY_UP:
		if (*cur > 0)
			(*cur)--;
		return true;
	case KEY_NPAGE:
		*cur = *cur + rows < n ? *cur + rows : n - 1;
		return true;
	case KEY_PPAGE:
		*cur = *cur > rows ? *cur - rows : 0;
		return true;
	case KEY_HOME:
		*cur = 0;
		return true;
	case KEY_END:
		*cur = n - 1;
		return true;
	default:
		return false;
	}
}

bool
pick_is_enter(int rc, wint_t ch)
{
	return (rc == OK && (ch == '\n' || ch == '\r')) ||
	    (rc == KEY_CODE_YES && ch == KEY_ENTER);
}

bool
pick_is_cancel(int rc, wint_t ch)
{
	return rc == OK && (ch == KEY_ESCAPE || ch == 'q');
}

bool
tui_pick_one(struct tui *t, const char *title, const char *const *labels,
    size_t n, size_t *chosen)
{
	struct pick p = { .title = title, .labels = labels, .n = n };
	wint_t ch;
	int rc;

	if (n == 0)
		return false;
	p.cur = *chosen < n ? *chosen : 0;
	curs_set(0);
	place(&p);
	for (;;) {
		draw(&p);
		if (!tui_wait_key(&rc, &ch))
			return false;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			/* What was under the box was drawn for the old size. */
			erase();
			tui_frame(t);
			place(&p);
			continue;
		}
		if (pick_move(&p.cur, p.n, (size_t)page(&p), rc, ch))
			continue;
		if (pick_is_enter(rc, ch))
			break;
		if (pick_is_cancel(rc, ch))
			return false;
	}
	*chosen = p.cur;
	return true;
}
