/* tui/text.c - display width, truncation by columns, and safe drawing. */
#include "config.h"

#include "tui/text.h"

#include <ctype.h>
#include <curses.h>
#include <strings.h>
#include <string.h>
#include <wchar.h>

static bool is_utf8_term;

void
text_set_utf8(bool is_utf8)
{
	is_utf8_term = is_utf8;
}

bool
text_is_utf8(void)
{
	return is_utf8_term;
}

/* Decode one character at P (LEN bytes left) into *WC with width *W;
 * returns its byte length. Bad bytes and controls become '?'. */
static size_t
next_char(const char *p, size_t len, mbstate_t *ps, wchar_t *wc, int *w)
{
	size_t n = mbrtowc(wc, p, len, ps);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(ps, 0, sizeof *ps);
		*wc = L'?';
		*w = 1;
		return 1;
	}
	if ((*w = wcwidth(*wc)) < 0) {
		*wc = L'?';
		*w = 1;
	}
	return n;
}

int
text_width(const char *s)
{
	mbstate_t ps;
	wchar_t wc;
	size_t n, len;
	int w, total = 0;

	if (s == NULL)
		return 0;
	memset(&ps, 0, sizeof ps);
	for (len = strlen(s); len > 0; s += n, len -= n) {
		n = next_char(s, len, &ps, &wc, &w);
		total += w;
	}
	return total;
}

int
text_fit(const char *in, int cols, char *out, size_t outsz)
{
	const char *ell = is_utf8_term ? "\u2026" : "~";
	size_t len = 0, n, elen = strlen(ell), left;
	const char *p = in != NULL ? in : "";
	int used = 0, w, room;
	mbstate_t ps;
	wchar_t wc;

	if (outsz == 0)
		return 0;
	out[0] = '\0';
	if (cols <= 0 || outsz < elen + 2)
		return 0;
	memset(&ps, 0, sizeof ps);
	for (left = strlen(p); left > 0; p += n, left -= n) {
		n = next_char(p, left, &ps, &wc, &w);
		/* Keep a column for the ellipsis unless this is the last one. */
		room = n == left ? cols : cols - 1;
		if (used + w > room || len + n + elen + 1 > outsz) {
			if (used + 1 <= cols) {
				memcpy(out + len, ell, elen + 1);
				used++;
			}
			return used;
		}
		if (wc == L'?' && *p != '?')
			out[len++] = '?';
		else {
			memcpy(out + len, p, n);
			len += n;
		}
		out[len] = '\0';
		used += w;
	}
	return used;
}

int
text_put(int y, int x, const char *s, int cols, bool is_pad)
{
	char buf[2048];
	int used;

	if (cols > COLS - x)
		cols = COLS - x;
	if (cols <= 0 || y < 0 || y >= LINES || x < 0)
		return 0;
	used = text_fit(s, cols, buf, sizeof buf);
	mvaddstr(y, x, buf);
	if (is_pad && used < cols)
		mvhline(y, x + used, ' ', cols - used);
	return used;
}

char *
text_trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = '\0';
	return s;
}

bool
text_contains(const char *haystack, const char *needle)
{
	size_t n;

	if (haystack == NULL || needle == NULL)
		return false;
	if ((n = strlen(needle)) == 0)
		return true;
	for (; *haystack != '\0'; haystack++)
		if (strncasecmp(haystack, needle, n) == 0)
			return true;
	return false;
}
