/* tui/compliance_view.c - how the compliance screens draw: a status as a
 * word with its colour, text wrapped into a few lines, heads and rules,
 * a list's scrolling, a date. */
#include "config.h"

#include "tui/compliance_priv.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "tui/incident_view.h"
#include "tui/text.h"

/* How a status looks: the word is always there, the colour only helps. */
enum role
cview_status_role(enum compliance_status st)
{
	switch (st) {
	case CS_MET:
		return ROLE_GOOD;
	case CS_AT_RISK:
		return ROLE_WARN;
	case CS_NOT_MET:
		return ROLE_BAD;
	default:
		return ROLE_DIM;
	}
}

/* A status as the database names it ("at-risk") in words ("at risk"). */
const char *
cview_status_words(const char *name, enum compliance_status *st)
{
	int i = compliance_status_from_name(name);

	*st = i < 0 ? CS_NO_DATA : (enum compliance_status)i;
	return i < 0 ? "-" : compliance_status_words(*st);
}

/* The part of a question's id after its area: "notice" for
 * "lifecycle.notice", shown under the area's heading. */
const char *
cview_short_label(const char *id)
{
	const char *dot = strchr(id, '.');

	return dot != NULL && dot[1] != '\0' ? dot + 1 : id;
}

/* Cut from *TEXT the longest piece that fits in COLS columns, at a space
 * (or a line break) when there is one, into OUT of N bytes; *TEXT moves
 * past it. False when nothing is left. */
bool
cview_wrap_next(const char **text, int cols, char *out, size_t n)
{
	const char *t = *text;
	size_t len, end, cut = 0, space = 0;

	while (*t == ' ')
		t++;
	if (*t == '\0' || n < 8)
		return false;
	if ((len = strcspn(t, "\n")) == 0) {
		out[0] = '\0';          /* an empty line */
		*text = t + 1;
		return true;
	}
	for (end = 1; end <= len && end < n; end++) {
		if (end < len && ((unsigned char)t[end] & 0xc0) == 0x80)
			continue;
		memcpy(out, t, end);
		out[end] = '\0';
		if (text_width(out) > cols)
			break;
		cut = end;
		if (end < len && t[end] == ' ')
			space = end;
	}
	if (cut == 0) {             /* one character wider than COLS */
		cut = 1;
		while (cut < len && ((unsigned char)t[cut] & 0xc0) == 0x80)
			cut++;
	}
	else if (cut < len && t[cut] != ' ' && space > 0)
		cut = space;
	memcpy(out, t, cut);
	out[cut] = '\0';
	t += cut;
	if (*t == '\n')
		t++;
	*text = t;
	return true;
}

/* TEXT in at most LINES lines of COLS columns from Y, X; the last line
 * ends with an ellipsis when it is cut. Returns the lines used. */
int
cview_put_wrapped(int y, int x, int cols, const char *text, int lines)
{
	char part[1024];
	int k;

	for (k = 0; k < lines && text != NULL; k++) {
		if (k == lines - 1) {
			while (*text == ' ')
				text++;
			if (*text == '\0')
				break;
			text_put(y + k, x, text, cols, false);
			return k + 1;
		}
		if (!cview_wrap_next(&text, cols, part, sizeof part))
			break;
		text_put(y + k, x, part, cols, false);
	}
	return k;
}

/* A bar across the screen at Y with TEXT, as the other screens head. */
void
cview_put_head(int y, int cols, const char *text)
{
	attron(theme_attr(ROLE_HEADER));
	mvhline(y, 0, ' ', cols);
	text_put(y, 1, text, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
}

void
cview_put_rule(int y, int cols)
{
	attron(theme_attr(ROLE_DIM));
	mvhline(y, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
	attroff(theme_attr(ROLE_DIM));
}

/* Why the screen has nothing to show, in at most three lines. */
void
cview_put_problem(int y, int cols, const char *problem)
{
	attron(theme_attr(ROLE_ERROR));
	cview_put_wrapped(y, 2, cols - 4, problem, 3);
	attroff(theme_attr(ROLE_ERROR));
}

/* Keep row CUR of COUNT among the H shown from *TOP. */
void
cview_keep_shown(int cur, int *top, int h, int count)
{
	if (cur < *top)
		*top = cur;
	if (cur >= *top + h)
		*top = cur - h + 1;
	if (*top > count - h)
		*top = count - h;
	if (*top < 0)
		*top = 0;
}

/* CUR moved by BY among N rows, kept inside; for j/k, pages, g/G. */
unsigned
cview_move(int *cur, int n, int h, enum action act)
{
	int page = h > 1 ? h - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		*cur += 1;
		break;
	case ACT_MOVE_UP:
		*cur -= 1;
		break;
	case ACT_PAGE_DOWN:
		*cur += page;
		break;
	case ACT_PAGE_UP:
		*cur -= page;
		break;
	case ACT_FIRST:
		*cur = 0;
		break;
	case ACT_LAST:
		*cur = n - 1;
		break;
	default:
		return UI_NONE;
	}
	if (*cur >= n)
		*cur = n - 1;
	if (*cur < 0)
		*cur = 0;
	return UI_HANDLED | UI_REDRAW;
}

/* A time as the console shows them, date only: "2026-06-01". */
char *
cview_date(const char *utc, char *buf, size_t n)
{
	incident_view_time(utc, TIME_MINUTE, buf, n);
	if (strlen(buf) > 10 && buf[4] == '-' && buf[10] == ' ')
		buf[10] = '\0';
	return buf;
}
