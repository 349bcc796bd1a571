/* tui/screen_preview.c - each output of a communication exactly as its
 * reader will get it, one tab an output; an HTML page read as text by
 * default, its raw bytes one key away. */
#include "config.h"

#include <ctype.h>
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/render.h"
#include "core/workflow.h"
#include "tui/html_text.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define TEXT_TOP 3           /* body rows above the text: tabs, title,
                              * what made it */
#define TAB_STOP 8
#define KEY_RAW  'r'         /* an HTML output: as text or raw */

/* One output, rendered when first shown, and its text (or why it could
 * not be rendered) cut into screen lines. */
struct output {
	const struct pb_output *o;    /* in the comm_doc's playbook; NULL:
	                               * the page of a variant without
	                               * outputs */
	bool                    is_rendered;
	struct rendered         r;    /* what the reader gets (r.text NULL
	                               * when it failed) and from what */
	char                   *readable; /* an HTML output as text, or NULL */
	char                    source[256]; /* "template X v3 (...)" */
	char                   *problem;  /* why it could not be rendered */
	char                  **lines;
	size_t                  n, cap;
	size_t                  err_from, err_to; /* the lines of the
	                                   * core's message in a problem */
	int                     cols; /* width the lines were cut for */
	bool                    is_cut_raw; /* cut from r.text, not readable */
};

/*
 * The text area shows the output's text alone: no numbers, no markers,
 * nothing a reader would not get. An HTML page shows as a browser would
 * read it out (headings, paragraphs, lists, links with their address)
 * unless the person asks for its raw bytes. Lines longer than the
 * screen wrap, at a space where there is one, since cutting them would
 * hide text.
 */
struct preview {
	long long       id;
	struct comm_doc doc;
	struct output  *outs;
	size_t          n_outs;
	size_t          tab;
	int             top;         /* first line shown */
	int             page;        /* text rows at the last draw */
	int             match;       /* line found by search, or -1 */
	bool            is_raw;      /* HTML as its bytes, not as text */
};

static void
lines_free(struct output *out)
{
	size_t i;

	for (i = 0; i < out->n; i++)
		free(out->lines[i]);
	free(out->lines);
	out->lines = NULL;
	out->n = out->cap = 0;
}

/* Piece [K, END) of BUF, WIDTH columns, after HANG, as one screen line:
 * spaces it ends with are dropped where they would pass the edge.
 * Returns its width. */
static int
lines_push(struct output *out, const char *hang, const char *buf, size_t k,
    size_t end, int width, int cols)
{
	for (; end > k && buf[end - 1] == ' ' && width > cols; width--)
		end--;
	if (out->n == out->cap) {
		out->cap = out->cap > 0 ? out->cap * 2 : 64;
		out->lines = xreallocarray(out->lines, out->cap,
		    sizeof *out->lines);
	}
	out->lines[out->n++] = xasprintf("%s%.*s", hang, (int)(end - k),
	    buf + k);
	return width;
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

/* Whether a line may break after BUF[I] (of LEN): a hyphen between
 * letters or digits ("well-known"), a slash in a path ("docs/page"), not
 * in "</a>" or "https://". */
static bool
is_joint(const char *buf, size_t i, size_t len)
{
	unsigned char prev = i > 0 ? (unsigned char)buf[i - 1] : ' ';
	unsigned char next = i + 1 < len ? (unsigned char)buf[i + 1] : ' ';

	if (buf[i] != '-' && buf[i] != '/')
		return false;
	if (!isalnum(next) && next < 0x80)
		return false;
	return isalnum(prev) || prev >= 0x80 || (buf[i] == '/' && prev == '.');
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

/*
 * Cut one line of text (LEN bytes at S, tabs expanded) into pieces of at
 * most COLS columns: after a space, a hyphen or a slash (is_joint())
 * where there is one, between wide (CJK) characters, else where the edge
 * falls. Spaces never start a piece. IS_TEXT (a page read as text): a
 * piece goes on under the text of its list item, and an underline is
 * as wide as the widest piece of the heading above it, UNDER columns.
 * Returns the width of the widest piece.
 */
static int
cut_line(struct output *out, const char *s, size_t len, int cols,
    bool is_text, int under)
{
	char *buf = xmalloc(len * TAB_STOP + 1), hang[64] = "";
	size_t i, j = 0, k, n, brk = 0, hl;
	int used = 0, w, brk_used = 0, hw = 0, widest = 0, pw = 0;
	bool was_wide = false;
	mbstate_t ps;
	wchar_t wc;

	for (i = 0; i < len; i++) {
		if (s[i] == '\t')
			do
				buf[j++] = ' ';
			while (j % TAB_STOP != 0);
		else
			buf[j++] = s[i];
	}
	buf[j] = '\0';
	if (is_text && is_rule(buf, j)) {
		if (under > 0 && j > (size_t)under)
			j = (size_t)under;
		widest = lines_push(out, "", buf, 0, j > (size_t)cols ?
		    (size_t)cols : j, 0, cols);
		goto end;
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
				pw = lines_push(out, k > 0 ? hang : "", buf, k,
				    brk, brk_used, cols);
				used = hw + used - brk_used;
				k = brk;
			} else {
				pw = lines_push(out, k > 0 ? hang : "", buf, k,
				    i, used, cols);
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
		pw = lines_push(out, k > 0 ? hang : "", buf, k, j, used, cols);
	widest = pw > widest ? pw : widest;
end:
	free(buf);
	return widest;
}

/* The lines of OUT's text in the view asked for, COLS wide. */
static void
cut(struct output *out, bool is_raw, int cols)
{
	const char *s, *eol;
	bool is_text = out->readable != NULL && !is_raw;
	size_t part;
	int under = 0;

	lines_free(out);
	out->is_cut_raw = is_raw;
	out->err_from = out->err_to = 0;
	s = out->problem != NULL ? out->problem : is_text ? out->readable :
	    out->r.text != NULL ? out->r.text : "";
	cols = cols > 1 ? cols : 1;
	for (part = 0; *s != '\0'; s = eol + 1) {
		eol = strchr(s, '\n');
		under = cut_line(out, s, eol != NULL ? (size_t)(eol - s) :
		    strlen(s), cols, is_text || out->problem != NULL, under);
		/* The problem: a line saying so, a blank, the message. */
		if (out->problem != NULL && ++part == 2)
			out->err_from = out->n;
		else if (out->problem != NULL && part == 3)
			out->err_to = out->n;
		if (eol == NULL)
			break;
	}
}

/* Why OUT could not be made, for a person who may fix it: the message
 * (which names the field first, "cvss-v3: ...") and, when it does name a
 * field of the playbook, where that field is answered. */
static void
problem_set(struct output *out, const struct comm_doc *d,
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
	if (f != NULL)
		out->problem = xasprintf("This output cannot be made from the "
		    "communication as it stands:\n\n%s\n\nThe field is \"%s\", "
		    "in the step \"%s\": answer it in the playbook (Enter on "
		    "the communication in its incident), then come back.",
		    err->msg, f->label,
		    step != NULL ? step->title : "?");
	else
		out->problem = xasprintf("This output cannot be made from the "
		    "communication as it stands:\n\n%s", err->msg);
}

/* Render OUT unless it is already: each output is rendered when first
 * shown, so opening the preview costs one rendering, not one an output. */
static void
render(struct session *s, struct preview *v, struct output *out)
{
	struct err err = { 0 };

	if (out->is_rendered)
		return;
	out->is_rendered = true;
	out->cols = 0;
	rendered_clear(&out->r);
	free(out->readable);
	out->readable = NULL;
	free(out->problem);
	out->problem = NULL;
	out->source[0] = '\0';
	if (comm_preview(s, &v->doc, out->o != NULL ? out->o->id : NULL,
	    NULL, &out->r, &err) != ST_OK) {
		problem_set(out, &v->doc, &err);
		snprintf(out->source, sizeof out->source, "not made: see why "
		    "below");
		return;
	}
	comm_preview_source(&out->r, out->source, sizeof out->source);
	if (out->o != NULL && out->o->format != NULL &&
	    strcmp(out->o->format, "html") == 0 && out->r.text != NULL)
		out->readable = html_text(out->r.text, out->r.len);
}

static void
outputs_free(struct preview *v)
{
	size_t i;

	for (i = 0; i < v->n_outs; i++) {
		lines_free(&v->outs[i]);
		rendered_clear(&v->outs[i].r);
		free(v->outs[i].readable);
		free(v->outs[i].problem);
	}
	free(v->outs);
	v->outs = NULL;
	v->n_outs = 0;
}

/* The outputs of the communication's variant, none rendered yet; a
 * variant without outputs still reads as a page. */
static void
outputs_load(struct preview *v)
{
	const struct playbook *pb = v->doc.pb;
	const char *variant = v->doc.variant != NULL ? v->doc.variant->id : "";
	size_t i;

	outputs_free(v);
	v->outs = xcalloc(pb->n_outputs + 1, sizeof *v->outs);
	for (i = 0; i < pb->n_outputs; i++)
		if (playbook_output_in_variant(&pb->outputs[i], variant))
			v->outs[v->n_outs++].o = &pb->outputs[i];
	if (v->n_outs == 0)
		v->n_outs = 1;
	if (v->tab >= v->n_outs)
		v->tab = 0;
}

static enum status
open_preview(struct screen *sc, const void *arg, struct err *err)
{
	struct preview *v = sc->priv;
	const long long *id = arg;
	struct session *s = tui_session(sc->tui);
	enum status st;

	v->match = -1;
	if (id == NULL || *id <= 0)
		return err_set(err, ST_INVALID, "which communication? open one "
		    "from its incident");
	v->id = *id;
	if ((st = comm_open(s, v->id, &v->doc, err)) != ST_OK)
		return st;
	outputs_load(v);
	tui_message(sc->tui, "Tab: next output  r: HTML as text or raw  "
	    "/: search");
	return ST_OK;
}

static void
close_preview(struct screen *sc)
{
	struct preview *v = sc->priv;

	outputs_free(v);
	comm_doc_clear(&v->doc);
}

/* Another console may have changed the answers: render again. */
static void
reload(struct screen *sc)
{
	struct preview *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct err err = { 0 };

	if (comm_reload(s, &v->doc, &err) != ST_OK) {
		tui_error(sc->tui, &err);
		return;
	}
	outputs_load(v);
}

static const char *
output_name(const struct output *out)
{
	if (out->o == NULL)
		return "Page";
	return out->o->title != NULL ? out->o->title : out->o->id;
}

static void
draw_tabs(const struct preview *v, int y, int cols)
{
	char label[256];
	size_t i;
	int x = 1;

	for (i = 0; i < v->n_outs && x < cols - 1; i++) {
		snprintf(label, sizeof label, " %s ", v->outs[i].o != NULL ?
		    v->outs[i].o->id : "page");
		attron(theme_attr(i == v->tab ? ROLE_SELECTED : ROLE_HEADER));
		x += text_put(y, x, label, cols - 1 - x, false) + 1;
		attroff(theme_attr(i == v->tab ? ROLE_SELECTED : ROLE_HEADER));
	}
}

/* "Output 2/4: CSAF document (csaf)  #12 SEC-2026-010  lines 1-20/31",
 * and below it what made the text: "template advisory.md v3 (sha256
 * 1a2b3c4d)", so an approver knows which words they approve, and for
 * an HTML page how it is shown. */
static void
draw_title(const struct preview *v, const struct output *out, int y,
    int cols)
{
	char line[512], pos[64] = "";
	const char *view = "";
	int pw, vw;

	snprintf(line, sizeof line, "Output %zu/%zu: %s (%s)  #%lld %s",
	    v->tab + 1, v->n_outs, output_name(out), out->o != NULL &&
	    out->o->format != NULL ? out->o->format : "markdown", v->id,
	    v->doc.incident_ref != NULL ? v->doc.incident_ref : "");
	if ((int)out->n > v->page)
		snprintf(pos, sizeof pos, "lines %d-%d/%zu", v->top + 1,
		    v->top + v->page < (int)out->n ? v->top + v->page :
		    (int)out->n, out->n);
	if (out->readable != NULL)
		view = v->is_raw ? "raw HTML; r: as text" :
		    "as text; r: raw HTML";
	pw = text_width(pos);
	vw = text_width(view);
	attron(theme_attr(ROLE_TITLE));
	text_put(y, 1, line, cols - 2 - (pw > 0 ? pw + 2 : 0), false);
	attroff(theme_attr(ROLE_TITLE));
	attron(theme_attr(ROLE_DIM));
	if (pw > 0)
		text_put(y, cols - 1 - pw, pos, pw, false);
	text_put(y + 1, 1, out->source, cols - 2 - (vw > 0 ? vw + 2 : 0),
	    false);
	attroff(theme_attr(ROLE_DIM));
	if (vw > 0 && vw < cols - 2) {
		attron(theme_attr(ROLE_HEADER));
		text_put(y + 1, cols - 1 - vw, view, vw, false);
		attroff(theme_attr(ROLE_HEADER));
	}
}

static int
last_top(const struct preview *v)
{
	int last = (int)v->outs[v->tab].n - v->page;

	return last > 0 ? last : 0;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	struct preview *v = sc->priv;
	struct output *out = &v->outs[v->tab];
	enum role role;
	int r, i;

	render(tui_session(sc->tui), v, out);
	if (cols - 2 != out->cols || v->is_raw != out->is_cut_raw) {
		out->cols = cols - 2;
		cut(out, v->is_raw, out->cols);
	}
	v->page = rows - TEXT_TOP > 1 ? rows - TEXT_TOP : 1;
	if (v->top > last_top(v))
		v->top = last_top(v);
	draw_tabs(v, top, cols);
	draw_title(v, out, top + 1, cols);
	for (r = 0; r < v->page && v->top + r < (int)out->n; r++) {
		i = v->top + r;
		/* Why it could not be made: the message itself stands out. */
		role = i == v->match ? ROLE_SELECTED : (size_t)i >=
		    out->err_from && (size_t)i < out->err_to ? ROLE_ERROR :
		    ROLE_NORMAL;
		attron(theme_attr(role));
		if (i == v->match)
			mvhline(top + TEXT_TOP + r, 1, ' ', cols - 2);
		text_put(top + TEXT_TOP + r, 1, out->lines[i], cols - 2, false);
		attroff(theme_attr(role));
	}
}

static unsigned
scroll_to(struct preview *v, int line)
{
	v->top = line > last_top(v) ? last_top(v) : line < 0 ? 0 : line;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
tab_by(struct preview *v, int by)
{
	v->tab = (v->tab + v->n_outs + (size_t)(by > 0 ? 1 : v->n_outs - 1)) %
	    v->n_outs;
	v->top = 0;
	v->match = -1;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct preview *v = sc->priv;
	int page = v->page > 1 ? v->page - 1 : 1;

	switch (act) {
	case ACT_MOVE_RIGHT:
	case ACT_NEXT_PANE:
		return tab_by(v, 1);
	case ACT_MOVE_LEFT:
		return tab_by(v, -1);
	case ACT_MOVE_DOWN:
		return scroll_to(v, v->top + 1);
	case ACT_MOVE_UP:
		return scroll_to(v, v->top - 1);
	case ACT_PAGE_DOWN:
		return scroll_to(v, v->top + page);
	case ACT_PAGE_UP:
		return scroll_to(v, v->top - page);
	case ACT_FIRST:
		return scroll_to(v, 0);
	case ACT_LAST:
		return scroll_to(v, last_top(v));
	case ACT_OPEN:
		return UI_HANDLED;      /* nothing to open: not a list */
	default:
		return UI_NONE;
	}
}

/* r: an HTML page as text or as its raw bytes (for every HTML tab, so
 * going from output to output keeps the choice). The key is the
 * screen's own, taken before the key table; the help lists it. */
static unsigned
key(struct screen *sc, int rc, wint_t ch)
{
	struct preview *v = sc->priv;
	const struct output *out = &v->outs[v->tab];

	if (rc != OK || ch != KEY_RAW)
		return UI_NONE;
	if (out->problem != NULL) {
		tui_message(sc->tui, "Nothing to show raw: %s could not be "
		    "made", output_name(out));
		return UI_HANDLED | UI_REDRAW;
	}
	if (out->readable == NULL) {
		tui_message(sc->tui, "%s is shown exactly as it is; r shows an "
		    "HTML page as text or raw", output_name(out));
		return UI_HANDLED | UI_REDRAW;
	}
	v->is_raw = !v->is_raw;
	v->top = 0;
	v->match = -1;
	return UI_HANDLED | UI_REDRAW;
}

/* Find NEEDLE in the output shown, from the last match (or the top line)
 * in DIR; the match is highlighted and scrolled to. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct preview *v = sc->priv;
	const struct output *out = &v->outs[v->tab];
	int i;

	if (is_new || v->match < 0)
		i = dir > 0 ? v->top : v->top + v->page - 1;
	else
		i = v->match + dir;
	if (i >= (int)out->n)
		i = (int)out->n - 1;
	for (; i >= 0 && i < (int)out->n; i += dir) {
		if (text_contains(out->lines[i], needle)) {
			v->match = i;
			if (i < v->top || i >= v->top + v->page)
				scroll_to(v, i - v->page / 2);
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_preview_ops = {
	.name = "preview",
	.title = "Preview",
	.priv_size = sizeof(struct preview),
	.open = open_preview,
	.close = close_preview,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.search = search,
	.key = key,
};
