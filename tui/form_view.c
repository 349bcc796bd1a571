/* tui/form_view.c - draws a step's form and edits its fields.
 *
 * Typing goes through a small line editor of our own rather than ncurses'
 * form library. The library keeps each field's text in its own buffers
 * and decides itself when a field is left, validated and redrawn; here
 * forms/form.h owns the values, the versions and the dirty state, the 5 s
 * reload may change a field under the person, and saving must happen
 * exactly when a field is left. Keeping two copies in step with the
 * library's driver costs more than the hundred lines below, which also
 * know display width (CJK, emoji) through text.c's rules.
 */
#include "config.h"

#include "tui/form_view.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wctype.h>

#include "core/clock.h"
#include "tui/pickers.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define LONG_LINES 3        /* lines of a long text shown in the form */

/* ---- the line editor ---- */

static void
le_reserve(struct line_edit *le, size_t need)
{
	if (need + 1 <= le->cap)
		return;
	le->cap = need + 1 > 2 * le->cap ? need + 1 : 2 * le->cap;
	le->buf = xreallocarray(le->buf, le->cap, sizeof *le->buf);
	le->buf[le->len] = L'\0';    /* a zeroed editor had none yet */
}

void
line_edit_set(struct line_edit *le, const char *utf8)
{
	mbstate_t ps;
	size_t n, left = utf8 != NULL ? strlen(utf8) : 0;
	wchar_t wc;

	le->len = le->cur = le->scroll = 0;
	le_reserve(le, left);
	memset(&ps, 0, sizeof ps);
	while (left > 0) {
		n = mbrtowc(&wc, utf8, left, &ps);
		if (n == (size_t)-1 || n == (size_t)-2) {
			/* Stored text is valid UTF-8; anything else shows
			 * as one replacement character per byte. */
			wc = L'\uFFFD';
			n = 1;
			memset(&ps, 0, sizeof ps);
		} else if (n == 0)
			break;
		le->buf[le->len++] = wc;
		utf8 += n;
		left -= n;
	}
	le->buf[le->len] = L'\0';
	le->cur = le->len;
}

void
line_edit_free(struct line_edit *le)
{
	free(le->buf);
	memset(le, 0, sizeof *le);
}

char *
line_edit_text(const struct line_edit *le)
{
	char *out = xmalloc(le->len * MB_LEN_MAX + 1);
	mbstate_t ps;
	size_t i, o = 0, k;

	memset(&ps, 0, sizeof ps);
	for (i = 0; i < le->len; i++) {
		if ((k = wcrtomb(out + o, le->buf[i], &ps)) == (size_t)-1)
			continue;
		o += k;
	}
	out[o] = '\0';
	return out;
}

static void
le_delete(struct line_edit *le, size_t from, size_t to)
{
	memmove(le->buf + from, le->buf + to,
	    (le->len - to + 1) * sizeof *le->buf);
	le->len -= to - from;
	if (le->cur > to)
		le->cur -= to - from;
	else if (le->cur > from)
		le->cur = from;
}

bool
line_edit_key(struct line_edit *le, int rc, wint_t ch, bool *is_changed)
{
	*is_changed = false;
	if (rc == OK) {
		switch (ch) {
		case 127:
		case 8:
			goto backspace;
		case 1:                 /* Ctrl-A */
			le->cur = 0;
			return true;
		case 5:                 /* Ctrl-E */
			le->cur = le->len;
			return true;
		case 4:                 /* Ctrl-D */
			goto delete;
		case 21:                /* Ctrl-U */
			*is_changed = le->cur > 0;
			le_delete(le, 0, le->cur);
			return true;
		case 11:                /* Ctrl-K */
			*is_changed = le->cur < le->len;
			le_delete(le, le->cur, le->len);
			return true;
		}
		if (ch < 32 || !iswprint(ch))
			return false;
		le_reserve(le, le->len + 1);
		memmove(le->buf + le->cur + 1, le->buf + le->cur,
		    (le->len - le->cur + 1) * sizeof *le->buf);
		le->buf[le->cur++] = (wchar_t)ch;
		le->len++;
		*is_changed = true;
		return true;
	}
	if (rc != KEY_CODE_YES)
		return false;
	switch (ch) {
	case KEY_BACKSPACE:
backspace:
		if (le->cur > 0) {
			le_delete(le, le->cur - 1, le->cur);
			*is_changed = true;
		}
		return true;
	case KEY_DC:
delete:
		if (le->cur < le->len) {
			le_delete(le, le->cur, le->cur + 1);
			*is_changed = true;
		}
		return true;
	case KEY_LEFT:
		if (le->cur > 0)
			le->cur--;
		return true;
	case KEY_RIGHT:
		if (le->cur < le->len)
			le->cur++;
		return true;
	case KEY_HOME:
		le->cur = 0;
		return true;
	case KEY_END:
		le->cur = le->len;
		return true;
	default:
		return false;
	}
}

static int
wc_cols(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 1 : w;
}

int
line_edit_draw(struct line_edit *le, int y, int x, int cols)
{
	size_t i;
	int w;

	if (cols < 2)
		return x;
	/* Keep the cursor in view with a column spare for it at the end. */
	if (le->scroll > le->cur)
		le->scroll = le->cur;
	for (;;) {
		for (w = 0, i = le->scroll; i < le->cur; i++)
			w += wc_cols(le->buf[i]);
		if (w < cols || le->scroll >= le->cur)
			break;
		le->scroll++;
	}
	move(y, x);
	for (w = 0, i = le->scroll; i < le->len; i++) {
		wchar_t one[2] = { le->buf[i], L'\0' };
		int cw = wc_cols(le->buf[i]);

		if (w + cw > cols)
			break;
		if (wcwidth(le->buf[i]) < 0)
			one[0] = L'?';
		addnwstr(one, 1);
		w += cw;
	}
	for (w = 0, i = le->scroll; i < le->cur; i++)
		w += wc_cols(le->buf[i]);
	return x + w;
}

/* ---- fields as text ---- */

static bool
is_list(const struct pb_field *f)
{
	return f->kind == FIELD_EMAIL_LIST || f->kind == FIELD_CVE_LIST;
}

bool
form_view_is_typed(const struct pb_field *f, const char *text)
{
	switch (f->kind) {
	case FIELD_PLAIN_TEXT:
		/* One paragraph is typed in place; more go to the editor. */
		return text == NULL || strchr(text, '\n') == NULL;
	case FIELD_TEXT:
	case FIELD_DATETIME:
	case FIELD_EMAIL_LIST:
	case FIELD_URL:
	case FIELD_CVE_LIST:
	case FIELD_CVSS:
		return true;
	default:
		return false;
	}
}

/* S with every run of characters in SEP replaced by JOIN, ends trimmed. */
static char *
rejoin(const char *s, const char *sep, const char *join)
{
	size_t n = s != NULL ? strlen(s) : 0, o = 0, jl = strlen(join);
	char *out = xmalloc(n * (jl + 1) + 1);
	bool is_gap = false;

	for (; s != NULL && *s != '\0'; s++) {
		if (strchr(sep, *s) != NULL) {
			is_gap = o > 0;
			continue;
		}
		if (is_gap) {
			memcpy(out + o, join, jl);
			o += jl;
			is_gap = false;
		}
		out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

char *
form_view_line(const struct pb_field *f, const char *display)
{
	if (is_list(f))
		return rejoin(display, "\n", ", ");
	return xstrdup(display != NULL ? display : "");
}

char *
form_view_unline(const struct pb_field *f, const char *line)
{
	if (is_list(f))
		return rejoin(line, ",; \t\n", "\n");
	return xstrdup(line != NULL ? line : "");
}

const char *
form_view_label(const struct pb_field *f, const char *value)
{
	size_t i;

	for (i = 0; value != NULL && i < f->n_options; i++)
		if (strcmp(f->options[i].value, value) == 0)
			return f->options[i].label;
	return value != NULL ? value : "";
}

/* The option VALUE names (its value or its label), or -1. */
static int
option_index(const struct pb_field *f, const char *value)
{
	size_t i;

	for (i = 0; value != NULL && i < f->n_options; i++)
		if (strcmp(f->options[i].value, value) == 0 ||
		    strcmp(f->options[i].label, value) == 0)
			return (int)i;
	return -1;
}

const char *
form_view_cycle(const struct pb_field *f, const char *current, int dir)
{
	int i, n = (int)f->n_options;

	if (f->kind == FIELD_BOOLEAN)
		return current != NULL && strcmp(current, "yes") == 0 ? "no" : "yes";
	if (n == 0)
		return "";
	if ((i = option_index(f, current)) < 0)
		i = dir > 0 ? 0 : n - 1;
	else
		i = (i + dir + n) % n;
	return f->options[i].value;
}

/* Which options of F the display TEXT (one a line) ticks, into TICKED. */
static void
ticked_from(const struct pb_field *f, const char *text, bool *ticked)
{
	char *copy = xstrdup(text != NULL ? text : ""), *line, *save = NULL;
	int i;

	memset(ticked, 0, f->n_options * sizeof *ticked);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		if ((i = option_index(f, text_trim(line))) >= 0)
			ticked[i] = true;
	free(copy);
}

/* The ticked options' values, one a line, in option order. */
static char *
ticked_text(const struct pb_field *f, const bool *ticked)
{
	size_t i, n = 1;
	char *out;

	for (i = 0; i < f->n_options; i++)
		n += strlen(f->options[i].value) + 1;
	out = xmalloc(n);
	out[0] = '\0';
	for (i = 0; i < f->n_options; i++) {
		if (!ticked[i])
			continue;
		if (out[0] != '\0')
			strcat(out, "\n");
		strcat(out, f->options[i].value);
	}
	return out;
}

/* ---- drawing ---- */

/* One row of the drawn form. */
struct frow {
	size_t    field;
	enum role role;
	int       indent;
	char     *text;
	bool      is_edit;       /* the focused field's line editor */
};

struct frows {
	struct frow *v;
	size_t       n, cap;
};

static void
add(struct frows *r, size_t field, enum role role, int indent, char *text)
{
	if (r->n == r->cap) {
		r->cap = r->cap > 0 ? 2 * r->cap : 32;
		r->v = xreallocarray(r->v, r->cap, sizeof *r->v);
	}
	r->v[r->n++] = (struct frow){ field, role, indent, text, false };
}

/* TEXT cut into lines of at most COLS columns at spaces (a longer word is
 * cut by text_put when drawn), each added as a row. */
static void
add_wrapped(struct frows *r, size_t field, enum role role, int indent,
    const char *text, int cols, int max_lines)
{
	char *copy = xstrdup(text), *word, *save = NULL, *line = NULL;
	int lines = 0;

	for (word = strtok_r(copy, " \n", &save); word != NULL;
	    word = strtok_r(NULL, " \n", &save)) {
		if (line != NULL && text_width(line) + 1 + text_width(word) <= cols) {
			char *longer = xasprintf("%s %s", line, word);

			free(line);
			line = longer;
			continue;
		}
		if (line != NULL) {
			if (++lines == max_lines) {
				char *cut = xasprintf("%s %s", line, word);

				free(line);
				line = cut;
				break;
			}
			add(r, field, role, indent, line);
		}
		line = xstrdup(word);
	}
	if (line != NULL)
		add(r, field, role, indent, line);
	free(copy);
}

static const char *
dash(void)
{
	return text_is_utf8() ? "\u2014" : "-";
}

/* The first LONG_LINES lines of TEXT as rows, and how many more. */
static void
add_lines(struct frows *r, size_t field, const char *text, bool is_focus)
{
	const char *p = text, *nl;
	int shown = 0, more = 0;

	while (p != NULL && *p != '\0') {
		nl = strchr(p, '\n');
		if (shown < LONG_LINES)
			add(r, field, ROLE_NORMAL, 2, nl != NULL ?
			    xasprintf("%.*s", (int)(nl - p), p) : xstrdup(p));
		else
			more++;
		shown++;
		p = nl != NULL ? nl + 1 : NULL;
	}
	if (shown == 0)
		add(r, field, ROLE_DIM, 2, xstrdup(is_focus ?
		    "(empty: Enter opens your editor)" : dash()));
	else if (more > 0)
		add(r, field, ROLE_DIM, 2, xasprintf("%s %d more line%s",
		    text_is_utf8() ? "\u2026" : "...", more, more == 1 ? "" : "s"));
}

/* The zone local times are read in, now: "UTC, +00:00" or "CET, +01:00". */
static const char *
zone_words(char *buf, size_t n)
{
	time_t now = clock_now();
	struct tm tm;
	char name[32], off[8];

	if (localtime_r(&now, &tm) == NULL || strftime(name, sizeof name, "%Z",
	    &tm) == 0 || strftime(off, sizeof off, "%z", &tm) != 5) {
		snprintf(buf, n, "local time");
		return buf;
	}
	/* +0100 as +01:00, as the field takes it. */
	snprintf(buf, n, "%s, %.3s:%.2s", name, off, off + 3);
	return buf;
}

/* What the keys do on a field of F's kind; in BUF when it is made. */
static const char *
hint(const struct pb_field *f, char *buf, size_t n)
{
	char zone[64];

	switch (f->kind) {
	case FIELD_LONG_TEXT:
		return "Enter: edit in your editor";
	case FIELD_PLAIN_TEXT:
		return "type one paragraph, or Enter: edit in your editor";
	case FIELD_CHOICE:
		return "Space, Left, Right: change  Enter: list";
	case FIELD_BOOLEAN:
		return "Space: yes or no";
	case FIELD_MULTI_CHOICE:
	case FIELD_CHECKLIST:
		return "Enter or Space: tick in a list";
	case FIELD_CVSS:
		return "type a vector, or Enter: pick metric by metric";
	case FIELD_PRODUCTS:
		return "Enter: choose products and versions";
	case FIELD_DATETIME:
		snprintf(buf, n, "local time as YYYY-MM-DD HH:MM, in %s; or add "
		    "a zone: 2026-03-01 14:00 +02:00", zone_words(zone,
		    sizeof zone));
		return buf;
	case FIELD_EMAIL_LIST:
		return "e-mail addresses, separated by commas";
	case FIELD_CVE_LIST:
		return "CVE IDs like CVE-2026-1234, separated by commas";
	case FIELD_URL:
		return "a web address, https://...";
	default:
		return NULL;
	}
}

/* The value rows of field I. */
static void
add_value(struct frows *r, const struct form *f, size_t i, bool is_focus,
    bool has_edit, int cols)
{
	const struct form_field *ff = &f->fields[i];
	const struct pb_field *d = ff->def;
	const char *text = ff->text != NULL ? ff->text : "";
	bool *ticked;
	size_t k, n;
	char *s, *sum;

	if (has_edit) {
		add(r, i, ROLE_NORMAL, 2, xstrdup(""));
		r->v[r->n - 1].is_edit = true;
		return;
	}
	switch (d->kind) {
	case FIELD_LONG_TEXT:
	case FIELD_PLAIN_TEXT:
		add_lines(r, i, text, is_focus);
		return;
	case FIELD_PRODUCTS:
		if (text[0] == '\0' || strcmp(text, "[]") == 0) {
			add(r, i, ROLE_DIM, 2, xstrdup(is_focus ? "(none yet: Enter "
			    "chooses them)" : dash()));
			return;
		}
		s = products_summary(text);
		add_wrapped(r, i, ROLE_NORMAL, 2, s, cols - 2, LONG_LINES);
		free(s);
		return;
	case FIELD_CHECKLIST:
	case FIELD_MULTI_CHOICE:
		ticked = xcalloc(d->n_options > 0 ? d->n_options : 1, sizeof *ticked);
		ticked_from(d, text, ticked);
		s = xstrdup("");
		for (k = n = 0; k < d->n_options; k++) {
			char *longer;

			if (!ticked[k])
				continue;
			n++;
			longer = xasprintf("%s%s%s", s, s[0] != '\0' ? ", " : "",
			    d->options[k].label);
			free(s);
			s = longer;
		}
		free(ticked);
		if (n == 0) {
			free(s);
			add(r, i, ROLE_DIM, 2, xasprintf("none of %zu ticked",
			    d->n_options));
			return;
		}
		sum = xasprintf("%zu of %zu ticked: %s", n, d->n_options, s);
		add_wrapped(r, i, d->kind == FIELD_CHECKLIST && n ==
		    d->n_options ? ROLE_GOOD : ROLE_NORMAL, 2, sum, cols - 2,
		    LONG_LINES);
		free(sum);
		free(s);
		return;
	case FIELD_CHOICE:
		s = xstrdup(form_view_label(d, text));
		if (is_focus)
		{
			char *arrows = xasprintf("%s %s %s", text_is_utf8() ?
			    "\u2039" : "<", s[0] != '\0' ? s : "choose",
			    text_is_utf8() ? "\u203a" : ">");

			free(s);
			s = arrows;
		}
		break;
	default:
		s = form_view_line(d, text);
		break;
	}
	if (s[0] == '\0') {
		free(s);
		add(r, i, ROLE_DIM, 2, xstrdup(dash()));
	} else
		add(r, i, ROLE_NORMAL, 2, s);
}

/* What the focused field shows under its value: help, how to edit it,
 * the live reading score, the conflict, the warning. */
static void
add_focus(struct frows *r, const struct form *f, size_t i,
    const struct line_edit *le, int cols)
{
	const struct form_field *ff = &f->fields[i];
	const struct pb_field *d = ff->def;
	char hbuf[256];
	const char *h = hint(d, hbuf, sizeof hbuf);
	char *typed;
	double score;
	bool is_empty;

	if (d->help != NULL && d->help[0] != '\0')
		add_wrapped(r, i, ROLE_DIM, 2, d->help, cols - 2, 3);
	if (h != NULL) {
		typed = xasprintf("(%s)", h);
		add_wrapped(r, i, ROLE_DIM, 2, typed, cols - 2, 3);
		free(typed);
	}
	if (d->kind == FIELD_PLAIN_TEXT) {
		typed = le != NULL ? line_edit_text(le) : xstrdup(ff->text != NULL ?
		    ff->text : "");
		score = readability_flesch(typed);
		is_empty = typed[0] == '\0';
		free(typed);
		if (!is_empty && score < d->min_reading_ease) {
			typed = xasprintf("reading ease %.0f, below %.0f: use "
			    "shorter sentences and words", score,
			    d->min_reading_ease);
			add_wrapped(r, i, ROLE_WARN, 2, typed, cols - 2, 2);
			free(typed);
		} else
			add(r, i, ROLE_GOOD, 2, xasprintf("reading ease %.0f",
			    score));
	}
	if (ff->has_conflict) {
		add_wrapped(r, i, ROLE_WARN, 2, "Someone else saved this field "
		    "first. Theirs:", cols - 2, 2);
		add_lines(r, i, ff->theirs != NULL ? ff->theirs : "", false);
		add_wrapped(r, i, ROLE_WARN, 2, "m: keep mine, t: take theirs, "
		    "e: edit both", cols - 2, 2);
	}
	if (ff->warning[0] != '\0' && ff->error[0] == '\0')
		add_wrapped(r, i, ROLE_WARN, 2, ff->warning, cols - 2, 2);
}

/* What the label says of field FF's text: being typed, refused, in
 * conflict, or nothing (saved). */
static const char *
state_words(const struct form_field *ff, bool is_focus)
{
	if (ff->has_conflict)
		return "  (conflict)";
	if (!ff->is_dirty)
		return "";
	if (ff->error[0] != '\0')
		return "  (not saved: the reason is below)";
	return is_focus ? "  (editing)" : "  (not saved yet)";
}

void
form_view_draw(const struct form *f, struct line_edit *le, bool has_focus,
    int *top, int y, int x, int rows, int cols, int *cy, int *cx)
{
	struct frows r = { 0 };
	size_t i, k, first = 0, last = 0;
	const struct form_field *ff;
	bool is_focus;
	int row;

	*cy = *cx = -1;
	for (i = 0; i < f->n_fields; i++) {
		ff = &f->fields[i];
		if (!ff->is_visible)
			continue;
		is_focus = i == f->cur;
		if (is_focus)
			first = r.n;
		add(&r, i, is_focus && has_focus ? ROLE_SELECTED : ROLE_TITLE, 0,
		    xasprintf("%s%s%s", ff->def->label, ff->def->is_required ?
		    " *" : "", state_words(ff, is_focus && has_focus)));
		add_value(&r, f, i, is_focus && has_focus, is_focus &&
		    has_focus && le != NULL, cols);
		if (is_focus && has_focus)
			add_focus(&r, f, i, le, cols);
		if (ff->error[0] != '\0' && !ff->has_conflict)
			add_wrapped(&r, i, ROLE_ERROR, 2, ff->error, cols - 2, 2);
		if (is_focus)
			last = r.n - 1;
	}
	if (r.n == 0)
		add(&r, 0, ROLE_DIM, 0, xstrdup("Nothing to fill in on this step."));
	if (last >= (size_t)*top + (size_t)rows)
		*top = (int)(last + 1) - rows;
	if (first < (size_t)*top)
		*top = (int)first;
	if (*top > (int)r.n - rows)
		*top = (int)r.n - rows;
	if (*top < 0)
		*top = 0;
	for (row = 0, k = (size_t)*top; row < rows && k < r.n; row++, k++) {
		attron(theme_attr(r.v[k].role));
		if (r.v[k].role == ROLE_SELECTED)
			mvhline(y + row, x, ' ', cols);
		if (r.v[k].is_edit)
			*cx = line_edit_draw(le, y + row, x + r.v[k].indent,
			    cols - r.v[k].indent);
		else
			text_put(y + row, x + r.v[k].indent, r.v[k].text,
			    cols - r.v[k].indent, false);
		attroff(theme_attr(r.v[k].role));
		if (r.v[k].is_edit)
			*cy = y + row;
	}
	for (k = 0; k < r.n; k++)
		free(r.v[k].text);
	free(r.v);
}

/* ---- the toggle list ---- */

bool
form_view_toggle(struct tui *t, const struct pb_field *f, char **text)
{
	static const char hint[] = "Space: tick  a: all  Enter: keep  Esc: "
	    "cancel";
	size_t n = f->n_options, cur = 0, top = 0, i;
	bool *ticked, is_done = false, is_kept = false;
	int h, w, y, x, r, rows, rc;
	wint_t ch;

	if (n == 0)
		return false;
	ticked = xcalloc(n, sizeof *ticked);
	ticked_from(f, *text, ticked);
	curs_set(0);
	while (!is_done) {
		w = text_width(f->label) + 6;
		if (w < text_width(hint) + 4)
			w = text_width(hint) + 4;
		for (i = 0; i < n; i++)
			if (text_width(f->options[i].label) + 10 > w)
				w = text_width(f->options[i].label) + 10;
		w = w < COLS - 2 ? w : COLS - 2;
		h = (int)n + 4 < LINES - 2 ? (int)n + 4 : LINES - 2;
		rows = h - 4 > 1 ? h - 4 : 1;
		y = (LINES - h) / 2;
		x = (COLS - w) / 2;
		pick_scroll(cur, &top, (size_t)rows);
		pick_box(y, x, h, w, f->label);
		for (r = 0, i = top; r < rows && i < n; r++, i++) {
			char line[512];

			snprintf(line, sizeof line, "[%c] %s", ticked[i] ? 'x' : ' ',
			    f->options[i].label);
			pick_row(y + 1 + r, x, w, line, i == cur, ROLE_NORMAL);
		}
		attron(theme_attr(ROLE_DIM));
		text_put(y + h - 2, x + 2, hint, w - 4, false);
		attroff(theme_attr(ROLE_DIM));
		refresh();
		if (!tui_wait_key(&rc, &ch))
			break;
		if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			erase();
			tui_frame(t);
		} else if (pick_move(&cur, n, (size_t)rows, rc, ch))
			continue;
		else if (rc == OK && ch == ' ')
			ticked[cur] = !ticked[cur];
		else if (rc == OK && ch == 'a')
			for (i = 0; i < n; i++)
				ticked[i] = true;
		else if (pick_is_enter(rc, ch))
			is_done = is_kept = true;
		else if (pick_is_cancel(rc, ch))
			is_done = true;
	}
	if (is_kept) {
		free(*text);
		*text = ticked_text(f, ticked);
	}
	free(ticked);
	touchwin(stdscr);
	return is_kept;
}
