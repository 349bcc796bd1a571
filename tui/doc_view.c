/* tui/doc_view.c - lays text out as screen lines in runs of one role,
 * cut where a reader expects a line to break, and scrolls and searches
 * them; renders a communication's outputs for reading. */
#include "config.h"

#include "tui/doc_view.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/text.h"
#include "tui/html_text.h"
#include "tui/text.h"
#include "util/xalloc.h"

#define TAB_STOP 8
#define CONTEXT  1           /* unchanged lines shown around a change */

/* --- a line being made: its bytes and each byte's role ------------------ */

struct lbuf {
	char          *s;
	unsigned char *role;
	size_t         len, cap;
	bool           has_change;   /* a line of a diff with a change on it */
};

/* LEN bytes at P in ROLE, tabs expanded to the next stop, CRs dropped. */
static void
lbuf_add(struct lbuf *b, const char *p, size_t len, enum role role)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (b->len + TAB_STOP + 1 > b->cap) {
			b->cap = b->cap > 0 ? b->cap * 2 : 128;
			b->s = xreallocarray(b->s, b->cap, 1);
			b->role = xreallocarray(b->role, b->cap, 1);
		}
		if (p[i] == '\r')
			continue;
		if (p[i] == '\t') {
			do {
				b->role[b->len] = (unsigned char)role;
				b->s[b->len++] = ' ';
			} while (b->len % TAB_STOP != 0);
			continue;
		}
		b->role[b->len] = (unsigned char)role;
		b->s[b->len++] = p[i];
	}
}

static void
lbuf_free(struct lbuf *b)
{
	free(b->s);
	free(b->role);
	memset(b, 0, sizeof *b);
}

/* --- cutting a line into pieces that fit -------------------------------- */

/* The character at BUF + I (LEN bytes in all) into *WC, its columns
 * into *W (an invalid byte or a control takes one); its length. */
static size_t
char_at(const char *buf, size_t i, size_t len, mbstate_t *ps, wchar_t *wc,
    int *w)
{
	size_t n = mbrtowc(wc, buf + i, len - i, ps);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(ps, 0, sizeof *ps);
		*wc = L'?';
		*w = 1;
		return 1;
	}
	if ((*w = wcwidth(*wc)) < 0)
		*w = 1;
	return n;
}

/* How a line of readable text goes on when it wraps: under its text, not
 * under its bullet or number ("- ", "12. "), after any "> ". Its length. */
static size_t
hang_of(const char *s, size_t len)
{
	size_t i = 0, k;

	while (i < len && (s[i] == ' ' || (s[i] == '>' && i + 1 < len &&
	    s[i + 1] == ' ')))
		i += s[i] == '>' ? 2 : 1;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == ' ')
		return i + 2;
	for (k = i; k < len && s[k] >= '0' && s[k] <= '9'; k++)
		;
	if (k > i && k + 1 < len && s[k] == '.' && s[k + 1] == ' ')
		return k + 2;
	return i;
}

/* Whether S (LEN bytes) is an underline or a rule: "===", "-----". */
static bool
is_rule(const char *s, size_t len)
{
	size_t i;

	if (len < HTML_TEXT_RULE_MIN || (s[0] != '=' && s[0] != '-'))
		return false;
	for (i = 1; i < len; i++)
		if (s[i] != s[0])
			return false;
	return true;
}

/* Whether a line may break after BUF[I] (of LEN): a hyphen between
 * letters ("well-known"), a slash in a path ("docs/page"); not in
 * "</a>" or "https://", nor in "2026-03-01" or "SEC-2026-004", which
 * read as one. */
static bool
is_joint(const char *buf, size_t i, size_t len)
{
	unsigned char prev = i > 0 ? (unsigned char)buf[i - 1] : ' ';
	unsigned char next = i + 1 < len ? (unsigned char)buf[i + 1] : ' ';

	if (buf[i] == '-')
		return (text_is_alpha(prev) || prev >= 0x80) &&
		    (text_is_alpha(next) || next >= 0x80);
	if (buf[i] != '/')
		return false;
	if (!text_is_alnum(next) && next < 0x80)
		return false;
	return text_is_alnum(prev) || prev >= 0x80 || prev == '.';
}

/* Whether a line may not start with WC: closing punctuation, and the
 * small kana and marks Japanese keeps after the character before. */
static bool
is_no_start(wchar_t wc)
{
	static const wchar_t no_start[] = L")]}.,:;!?"
	    L"\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff1f\uff01\uff09\uff3d"
	    L"\uff5d\u300d\u300f\u3011\u3015\u3009\u300b\u30fb\u30fc\u3005"
	    L"\u3041\u3043\u3045\u3047\u3049\u3063\u3083\u3085\u3087\u308e"
	    L"\u30a1\u30a3\u30a5\u30a7\u30a9\u30c3\u30e3\u30e5\u30e7\u30ee"
	    L"\u30f5\u30f6";

	return wc != L'\0' && wcschr(no_start, wc) != NULL;
}

/* Whether the word at BUF + FROM (up to a space or a wide character)
 * is wider than LIMIT columns: then it is cut where the edge falls, not
 * moved whole to a line of its own. */
static bool
is_long_word(const char *buf, size_t from, size_t len, int limit)
{
	mbstate_t ps;
	wchar_t wc;
	size_t i, n;
	int used = 0, w;

	memset(&ps, 0, sizeof ps);
	for (i = from; i < len && buf[i] != ' '; i += n) {
		n = char_at(buf, i, len, &ps, &wc, &w);
		if (w > 1 && i > from)
			break;
		if ((used += w) > limit)
			return true;
	}
	return false;
}

/* What becomes of each piece of a cut line: HANG goes before B[FROM, TO). */
typedef void (*cut_fn)(void *ctx, const char *hang, const struct lbuf *b,
    size_t from, size_t to);

/* Piece [K, END) of B, WIDTH columns, to FN: spaces it ends with are
 * dropped where they would pass the edge at COLS. Returns its width. */
static int
emit(cut_fn fn, void *ctx, const char *hang, const struct lbuf *b, size_t k,
    size_t end, int width, int cols)
{
	for (; end > k && b->s[end - 1] == ' ' && width > cols; width--)
		end--;
	fn(ctx, hang, b, k, end);
	return width;
}

/*
 * Cut line B into pieces of at most COLS columns: after a space, a hyphen
 * or a slash (is_joint()) where there is one, between wide (CJK)
 * characters, else where the edge falls. Spaces never start a piece.
 * IS_TEXT (a page read as text): a piece goes on under the text of its
 * list item, and an underline is as wide as the widest piece of the
 * heading above it, UNDER columns. Returns the width of the widest piece.
 */
static int
cut_line(const struct lbuf *b, int cols, bool is_text, int under, cut_fn fn,
    void *ctx)
{
	const char *buf = b->s != NULL ? b->s : "";
	char hang[64] = "";
	size_t i, j = b->len, k, n, brk = 0, hl;
	int used = 0, w, brk_used = 0, hw = 0, widest = 0, pw = 0;
	bool was_wide = false;
	mbstate_t ps;
	wchar_t wc;

	if (cols < 1)
		cols = 1;
	if (is_text && is_rule(buf, j)) {
		if (under > 0 && j > (size_t)under)
			j = (size_t)under;
		return emit(fn, ctx, "", b, 0, j > (size_t)cols ? (size_t)cols :
		    j, 0, cols);
	}
	if (is_text && (hl = hang_of(buf, j)) > 0 && hl < sizeof hang &&
	    (int)hl * 2 <= cols) {
		memset(hang, ' ', hl);
		hang[hl] = '\0';
		for (i = 0; i + 1 < hl; i++)
			if (buf[i] == '>' && buf[i + 1] == ' ')
				hang[i] = '>';
		hw = (int)hl;
	}
	memset(&ps, 0, sizeof ps);
	for (i = 0, k = 0; i < j; i += n) {
		n = char_at(buf, i, j, &ps, &wc, &w);
		if (buf[i] == ' ') {
			used += w;
			brk = i + n;
			brk_used = used;
			was_wide = false;
			continue;
		}
		/* Between CJK characters, unless this one may not start a
		 * line (then the break before the one before stands). */
		if (i > k && (w > 1 || was_wide) && !is_no_start(wc)) {
			brk = i;
			brk_used = used;
		}
		while (used + w > cols && i > k) {
			if (brk > k && brk <= i &&
			    !is_long_word(buf, brk, j, cols - hw)) {
				pw = emit(fn, ctx, k > 0 ? hang : "", b, k, brk,
				    brk_used, cols);
				used = hw + used - brk_used;
				k = brk;
			} else {
				pw = emit(fn, ctx, k > 0 ? hang : "", b, k, i,
				    used, cols);
				used = hw;
				k = i;
			}
			brk = 0;
			widest = pw > widest ? pw : widest;
		}
		used += w;
		was_wide = w > 1;
		if (is_joint(buf, i, j)) {
			brk = i + n;
			brk_used = used;
		}
	}
	if (k < j || k == 0)
		pw = emit(fn, ctx, k > 0 ? hang : "", b, k, j, used, cols);
	return pw > widest ? pw : widest;
}

/* --- lines ------------------------------------------------------------- */

void
doc_view_init(struct doc_view *v)
{
	memset(v, 0, sizeof *v);
	v->match = -1;
}

void
doc_view_empty(struct doc_view *v)
{
	size_t i, k;

	for (i = 0; i < v->n; i++) {
		for (k = 0; k < v->lines[i].n; k++)
			free(v->lines[i].runs[k].text);
		free(v->lines[i].runs);
	}
	free(v->lines);
	v->lines = NULL;
	v->n = v->cap = 0;
	v->cols = 0;
}

void
doc_view_free(struct doc_view *v)
{
	doc_view_empty(v);
	doc_view_init(v);
}

static struct doc_line *
line_new(struct doc_view *v, int indent, bool is_heading)
{
	struct doc_line *l;

	if (v->n == v->cap) {
		v->cap = v->cap > 0 ? v->cap * 2 : 64;
		v->lines = xreallocarray(v->lines, v->cap, sizeof *v->lines);
	}
	l = &v->lines[v->n++];
	memset(l, 0, sizeof *l);
	l->indent = indent;
	l->is_heading = is_heading;
	return l;
}

static void
run_add(struct doc_line *l, const char *s, size_t len, enum role role)
{
	l->runs = xreallocarray(l->runs, l->n + 1, sizeof *l->runs);
	l->runs[l->n].text = xstrndup(s, len);
	l->runs[l->n++].role = role;
}

/* Where the pieces of a line go: lines of V at INDENT, the first one
 * a heading when IS_HEADING. */
struct place {
	struct doc_view *v;
	int              indent;
	bool             is_heading;
};

/* A piece as a line, cut into runs where its role changes; the hang
 * before it in the role the line starts with. */
static void
to_line(void *ctx, const char *hang, const struct lbuf *b, size_t from,
    size_t to)
{
	struct place *p = ctx;
	struct doc_line *l = line_new(p->v, p->indent, p->is_heading);
	size_t i, k;

	p->is_heading = false;
	if (*hang != '\0')
		run_add(l, hang, strlen(hang), (enum role)b->role[0]);
	for (i = from; i < to; i = k) {
		for (k = i + 1; k < to && b->role[k] == b->role[i]; k++)
			;
		run_add(l, b->s + i, k - i, (enum role)b->role[i]);
	}
}

/* B as lines of V; returns the widest piece (see cut_line()). */
static int
wrap(struct doc_view *v, const struct lbuf *b, int indent, int width,
    bool is_heading, bool is_text, int under)
{
	struct place p = { v, indent, is_heading };

	return cut_line(b, width - indent, is_text, under, to_line, &p);
}

/* Each line of TEXT (a newline parts two) in ROLE, cut into pieces of
 * WIDTH columns for FN: IS_TEXT as a page read as text. With
 * IS_LAST_EMPTY, text ending in a newline ends in an empty line, and
 * empty text is one. */
static void
cut_text(const char *text, enum role role, int width, bool is_text,
    bool is_last_empty, cut_fn fn, void *ctx)
{
	struct lbuf b = { 0 };
	const char *s = text != NULL ? text : "", *eol;
	int under = 0;

	for (;;) {
		if (*s == '\0' && !is_last_empty)
			break;
		eol = strchr(s, '\n');
		b.len = 0;
		lbuf_add(&b, s, eol != NULL ? (size_t)(eol - s) : strlen(s), role);
		under = cut_line(&b, width, is_text, under, fn, ctx);
		if (eol == NULL)
			break;
		s = eol + 1;
	}
	lbuf_free(&b);
}

/* TEXT as lines of V at INDENT (see cut_text()). */
static void
text_lines(struct doc_view *v, const char *text, enum role role, int indent,
    int width, bool is_text, bool is_last_empty)
{
	struct place p = { v, indent, false };

	cut_text(text, role, width - indent, is_text, is_last_empty, to_line, &p);
}

void
doc_view_text(struct doc_view *v, const char *text, enum role role,
    int indent, int width)
{
	text_lines(v, text, role, indent, width, false, true);
}

void
doc_view_textf(struct doc_view *v, enum role role, int indent, int width,
    const char *fmt, ...)
{
	va_list ap;
	char *text;

	/* Allocated, so a long comment is laid out whole, not cut. */
	va_start(ap, fmt);
	text = text_vformat(fmt, ap);
	va_end(ap);
	doc_view_text(v, text, role, indent, width);
	free(text);
}

void
doc_view_blank(struct doc_view *v)
{
	line_new(v, 0, false);
}

void
doc_view_heading(struct doc_view *v, const char *text, int width)
{
	struct lbuf b = { 0 };

	if (v->n > 0)
		doc_view_blank(v);
	lbuf_add(&b, text, strlen(text), ROLE_HEADER);
	wrap(v, &b, 0, width, true, false, 0);
	lbuf_free(&b);
}

/* A piece of a plain cut, to the caller's function. */
struct piece_to {
	doc_piece_fn fn;
	void        *ctx;
};

static void
to_piece(void *ctx, const char *hang, const struct lbuf *b, size_t from,
    size_t to)
{
	struct piece_to *p = ctx;

	(void)hang;
	p->fn(p->ctx, b->s != NULL ? b->s + from : "", to - from);
}

void
doc_view_cut(const char *text, int width, doc_piece_fn piece, void *ctx)
{
	struct piece_to p = { piece, ctx };

	cut_text(text, ROLE_NORMAL, width, false, true, to_piece, &p);
}

/* --- a word-level diff as lines ----------------------------------------- */

static void
unchanged(struct doc_view *v, size_t n, int indent, int width)
{
	doc_view_textf(v, ROLE_DIM, indent, width, "(%zu unchanged line%s)", n,
	    n == 1 ? "" : "s");
}

void
doc_view_diff(struct doc_view *v, const struct worddiff *d, int indent,
    int width)
{
	static const char *const open[] = { "", "[-", "{+" };
	static const char *const close[] = { "", "-]", "+}" };
	static const enum role roles[] = { ROLE_NORMAL, ROLE_BAD, ROLE_GOOD };
	struct lbuf *ls = NULL;
	size_t n = 1, i, k, len, skipped = 0;
	const char *p, *eol, *nl = text_is_utf8() ? "\u21b5" : "\\n";
	enum wd_op op;
	bool is_shown;

	ls = xcalloc(1, sizeof *ls);
	for (i = 0; i < d->n; i++) {
		op = d->runs[i].op;
		for (p = d->runs[i].text; *p != '\0'; p = eol + 1) {
			eol = strchr(p, '\n');
			len = eol != NULL ? (size_t)(eol - p) : strlen(p);
			if (op != WD_SAME && (len > 0 || eol != NULL)) {
				lbuf_add(&ls[n - 1], open[op], 2, roles[op]);
				lbuf_add(&ls[n - 1], p, len, roles[op]);
				/* A line break that came or went shows. */
				if (eol != NULL)
					lbuf_add(&ls[n - 1], nl, strlen(nl),
					    roles[op]);
				lbuf_add(&ls[n - 1], close[op], 2, roles[op]);
				ls[n - 1].has_change = true;
			} else
				lbuf_add(&ls[n - 1], p, len, roles[op]);
			if (eol == NULL)
				break;
			ls = xreallocarray(ls, n + 1, sizeof *ls);
			memset(&ls[n++], 0, sizeof *ls);
		}
	}
	for (i = 0; i < n; i++) {
		is_shown = false;
		for (k = i >= CONTEXT ? i - CONTEXT : 0; k < n && k <= i + CONTEXT;
		    k++)
			is_shown |= ls[k].has_change;
		if (!is_shown) {
			skipped++;
			continue;
		}
		if (skipped > 0)
			unchanged(v, skipped, indent, width);
		skipped = 0;
		wrap(v, &ls[i], indent, width, false, false, 0);
	}
	if (skipped > 0 && skipped < n)
		unchanged(v, skipped, indent, width);
	for (i = 0; i < n; i++)
		lbuf_free(&ls[i]);
	free(ls);
}

/* --- showing, scrolling, searching -------------------------------------- */

int
doc_view_last_top(const struct doc_view *v)
{
	int last = (int)v->n - v->page;

	return last > 0 ? last : 0;
}

void
doc_view_fit(struct doc_view *v, int rows)
{
	v->page = rows > 1 ? rows : 1;
	if (v->top > doc_view_last_top(v))
		v->top = doc_view_last_top(v);
	if (v->top < 0)
		v->top = 0;
}

void
doc_view_draw(const struct doc_view *v, int y, int cols)
{
	const struct doc_line *l;
	enum role role;
	size_t k;
	int r, x;
	bool is_sel;

	for (r = 0; r < v->page && v->top + r < (int)v->n; r++) {
		l = &v->lines[v->top + r];
		is_sel = v->top + r == v->match;
		x = 1 + l->indent;
		if (is_sel) {
			attron(theme_attr(ROLE_SELECTED));
			mvhline(y + r, 0, ' ', cols);
			attroff(theme_attr(ROLE_SELECTED));
		}
		for (k = 0; k < l->n && x < cols - 1; k++) {
			role = is_sel ? ROLE_SELECTED : l->runs[k].role;
			attron(theme_attr(role));
			x += text_put(y + r, x, l->runs[k].text, cols - 1 - x, false);
			attroff(theme_attr(role));
		}
	}
}

const char *
doc_view_position(const struct doc_view *v, char *buf, size_t n)
{
	int last = v->top + v->page;

	buf[0] = '\0';
	if ((int)v->n > v->page)
		snprintf(buf, n, "lines %d-%d/%zu", v->top + 1, last < (int)v->n ?
		    last : (int)v->n, v->n);
	return buf;
}

unsigned
doc_view_scroll(struct doc_view *v, int line)
{
	int last = doc_view_last_top(v);

	v->top = line > last ? last : line < 0 ? 0 : line;
	return UI_HANDLED | UI_REDRAW;
}

unsigned
doc_view_handle(struct doc_view *v, enum action act)
{
	int page = v->page > 1 ? v->page - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		return doc_view_scroll(v, v->top + 1);
	case ACT_MOVE_UP:
		return doc_view_scroll(v, v->top - 1);
	case ACT_PAGE_DOWN:
		return doc_view_scroll(v, v->top + page);
	case ACT_PAGE_UP:
		return doc_view_scroll(v, v->top - page);
	case ACT_FIRST:
		return doc_view_scroll(v, 0);
	case ACT_LAST:
		return doc_view_scroll(v, doc_view_last_top(v));
	default:
		return UI_NONE;
	}
}

unsigned
doc_view_next_heading(struct doc_view *v)
{
	size_t i;

	for (i = (size_t)v->top + 1; i < v->n; i++)
		if (v->lines[i].is_heading && (int)i <= doc_view_last_top(v))
			return doc_view_scroll(v, (int)i);
	return doc_view_scroll(v, 0);
}

/* The text of line L, its runs joined, into BUF of N bytes. */
static const char *
line_text(const struct doc_line *l, char *buf, size_t n)
{
	size_t k, len = 0;

	buf[0] = '\0';
	for (k = 0; k < l->n && len < n; k++)
		len += (size_t)snprintf(buf + len, n - len, "%s", l->runs[k].text);
	return buf;
}

bool
doc_view_search(struct doc_view *v, const char *needle, int dir, bool is_new)
{
	char buf[2048];
	int i;

	if (is_new || v->match < 0)
		i = dir > 0 ? v->top : v->top + v->page - 1;
	else
		i = v->match + dir;
	if (i >= (int)v->n)
		i = (int)v->n - 1;
	for (; i >= 0 && i < (int)v->n; i += dir) {
		if (text_contains(line_text(&v->lines[i], buf, sizeof buf),
		    needle)) {
			v->match = i;
			if (i < v->top || i >= v->top + v->page)
				doc_view_scroll(v, i - v->page / 2);
			return true;
		}
	}
	return false;
}

/* --- a communication's outputs ----------------------------------------- */

struct doc_output *
doc_outputs_new(const struct comm_doc *d, size_t *n)
{
	const struct playbook *pb = d->pb;
	const char *variant = d->variant != NULL ? d->variant->id : "";
	struct doc_output *outs;
	size_t i;

	outs = xcalloc(pb->n_outputs + 1, sizeof *outs);
	*n = 0;
	for (i = 0; i < pb->n_outputs; i++)
		if (playbook_output_in_variant(&pb->outputs[i], variant))
			outs[(*n)++].o = &pb->outputs[i];
	if (*n == 0)
		*n = 1;
	return outs;
}

static void
output_clear(struct doc_output *out)
{
	rendered_clear(&out->r);
	free(out->readable);
	free(out->problem);
	free(out->hint);
	out->readable = out->problem = out->hint = NULL;
	out->source[0] = '\0';
}

void
doc_outputs_free(struct doc_output *outs, size_t n)
{
	size_t i;

	for (i = 0; outs != NULL && i < n; i++)
		output_clear(&outs[i]);
	free(outs);
}

/* Why OUT could not be made, for a person who may fix it: the message
 * (which names the field first, "cvss-v3: ...") and, when it does name a
 * field of the playbook, where that field is answered. */
static void
problem_set(struct doc_output *out, const struct comm_doc *d,
    const struct err *err)
{
	const struct pb_field *f = NULL;
	const struct pb_step *step = NULL;
	char field[64];
	size_t n = strcspn(err->msg, ": ");

	if (n > 0 && n < sizeof field && err->msg[n] == ':') {
		memcpy(field, err->msg, n);
		field[n] = '\0';
		f = playbook_field(d->pb, field, &step);
	}
	out->problem = xstrdup(err->msg);
	if (f != NULL)
		out->hint = xasprintf("The field is \"%s\", in the step \"%s\": "
		    "answer it in the playbook (Enter on the communication in "
		    "its incident), then come back.", f->label,
		    step != NULL ? step->title : "?");
	snprintf(out->source, sizeof out->source, "not made: see why below");
}

void
doc_output_render(struct session *s, const struct comm_doc *d,
    struct doc_output *out)
{
	struct err err = { 0 };

	if (out->is_rendered)
		return;
	out->is_rendered = true;
	output_clear(out);
	if (comm_preview(s, d, out->o != NULL ? out->o->id : NULL, NULL,
	    &out->r, &err) != ST_OK) {
		problem_set(out, d, &err);
		return;
	}
	comm_preview_source(&out->r, out->source, sizeof out->source);
	if (out->o != NULL && out->o->format != NULL &&
	    strcmp(out->o->format, "html") == 0 && out->r.text != NULL)
		out->readable = html_text(out->r.text, out->r.len);
}

const char *
doc_output_name(const struct doc_output *out)
{
	if (out->o == NULL)
		return "Page";
	return out->o->title != NULL ? out->o->title : out->o->id;
}

const char *
doc_output_format(const struct doc_output *out)
{
	return out->o != NULL && out->o->format != NULL ? out->o->format :
	    "markdown";
}

void
doc_view_output(struct doc_view *v, const struct doc_output *out,
    bool is_raw, int indent, int width)
{
	bool is_text = out->readable != NULL && !is_raw;

	if (out->problem == NULL) {
		text_lines(v, is_text ? out->readable : out->r.text, ROLE_NORMAL,
		    indent, width, is_text, false);
		return;
	}
	text_lines(v, "This output cannot be made from the communication as "
	    "it stands:", ROLE_NORMAL, indent, width, true, false);
	doc_view_blank(v);
	text_lines(v, out->problem, ROLE_ERROR, indent, width, true, false);
	if (out->hint != NULL) {
		doc_view_blank(v);
		text_lines(v, out->hint, ROLE_NORMAL, indent, width, true, false);
	}
}
