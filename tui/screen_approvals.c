/* tui/screen_approvals.c - "Waiting for me": what waits for the acting
 * user's decision, and each item read in full before deciding: its gates,
 * what changed since it was last approved, and every output as it will
 * go out. a approves, r rejects. Also the home screen's tile for it. */
#include "config.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/clock.h"
#include "core/deadline.h"
#include "core/render.h"
#include "core/review.h"
#include "core/worddiff.h"
#include "storage/q_approval.h"
#include "tui/html_text.h"
#include "tui/incident_view.h"
#include "tui/logins.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "tui/tile.h"
#include "util/xalloc.h"

#define TAB_STOP    8
#define CONTEXT     1      /* unchanged lines shown around a change */
#define COMMENT_MAX 1024

/* --- a document of wrapped lines, each in runs of one role -------------- */

struct seg {
	char     *text;
	enum role role;
};

struct dline {
	struct seg *segs;
	size_t      n;
	int         indent;
	bool        is_heading;   /* a section begins: Tab goes to the next */
};

struct doc {
	struct dline *lines;
	size_t        n, cap;
};

/* A line being made: its bytes and each byte's role. */
struct lbuf {
	char          *s;
	unsigned char *role;
	size_t         len, cap;
	bool           has_change;   /* a line of a diff with a change on it */
};

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

static void
doc_free(struct doc *d)
{
	size_t i, k;

	for (i = 0; i < d->n; i++) {
		for (k = 0; k < d->lines[i].n; k++)
			free(d->lines[i].segs[k].text);
		free(d->lines[i].segs);
	}
	free(d->lines);
	memset(d, 0, sizeof *d);
}

/* B[START, END) as one line of D, cut where its role changes. */
static void
doc_push(struct doc *d, const struct lbuf *b, size_t start, size_t end,
    int indent, bool is_heading)
{
	struct dline *l;
	size_t i, k;

	if (d->n == d->cap) {
		d->cap = d->cap > 0 ? d->cap * 2 : 64;
		d->lines = xreallocarray(d->lines, d->cap, sizeof *d->lines);
	}
	l = &d->lines[d->n++];
	memset(l, 0, sizeof *l);
	l->indent = indent;
	l->is_heading = is_heading;
	for (i = start; i < end; i = k) {
		for (k = i + 1; k < end && b->role[k] == b->role[i]; k++)
			;
		l->segs = xreallocarray(l->segs, l->n + 1, sizeof *l->segs);
		l->segs[l->n].text = xstrndup(b->s + i, k - i);
		l->segs[l->n++].role = (enum role)b->role[i];
	}
}

/* The byte length of the character at P (LEFT bytes remain) and its
 * columns, counted as tui/text.c counts them. */
static size_t
char_at(const char *p, size_t left, mbstate_t *ps, int *w)
{
	wchar_t wc;
	size_t n = mbrtowc(&wc, p, left, ps);

	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		memset(ps, 0, sizeof *ps);
		*w = 1;
		return 1;
	}
	if ((*w = wcwidth(wc)) < 0)
		*w = 1;
	return n;
}

/* B (one line, no newline) into D as lines of at most WIDTH columns
 * after INDENT, broken at spaces where there are some, inside a word
 * where there are none. An empty B is one empty line. */
static void
doc_wrap(struct doc *d, const struct lbuf *b, int indent, int width,
    bool is_heading)
{
	size_t i = 0, j, start, brk, end, n;
	mbstate_t ps;
	int used, w;

	if (width < 8)
		width = 8;
	do {
		start = brk = i;
		used = 0;
		memset(&ps, 0, sizeof ps);
		for (j = i; j < b->len; j += n) {
			n = char_at(b->s + j, b->len - j, &ps, &w);
			if (used + w > width && j > start)
				break;
			if (b->s[j] == ' ')
				brk = j;
			used += w;
		}
		if (j < b->len && b->s[j] == ' ')
			end = j;
		else if (j < b->len && brk > start)
			end = brk;
		else
			end = j;
		doc_push(d, b, start, end, indent, is_heading);
		is_heading = false;
		for (i = end; i < b->len && b->s[i] == ' '; i++)
			;
	} while (i < b->len);
}

/* TEXT (newlines start new lines) in ROLE into D. */
static void
doc_text(struct doc *d, const char *text, enum role role, int indent,
    int width)
{
	struct lbuf b = { 0 };
	const char *s = text != NULL ? text : "", *eol;

	for (;;) {
		eol = strchr(s, '\n');
		b.len = 0;
		lbuf_add(&b, s, eol != NULL ? (size_t)(eol - s) : strlen(s), role);
		doc_wrap(d, &b, indent, width - indent, false);
		if (eol == NULL)
			break;
		s = eol + 1;
	}
	lbuf_free(&b);
}

static void doc_textf(struct doc *d, enum role role, int indent, int width,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
doc_textf(struct doc *d, enum role role, int indent, int width,
    const char *fmt, ...)
{
	va_list ap;
	char buf[2048];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	doc_text(d, buf, role, indent, width);
}

static void
doc_heading(struct doc *d, const char *text, int width)
{
	struct lbuf b = { 0 };

	if (d->n > 0)
		doc_text(d, "", ROLE_NORMAL, 0, width);
	lbuf_add(&b, text, strlen(text), ROLE_HEADER);
	doc_wrap(d, &b, 0, width, true);
	lbuf_free(&b);
}

/* The text of line L, joined, into BUF of N bytes (for search). */
static const char *
dline_text(const struct dline *l, char *buf, size_t n)
{
	size_t k, len = 0;

	buf[0] = '\0';
	for (k = 0; k < l->n && len < n; k++)
		len += (size_t)snprintf(buf + len, n - len, "%s", l->segs[k].text);
	return buf;
}

static void
doc_draw(const struct doc *d, int first, int match, int y, int rows,
    int cols)
{
	const struct dline *l;
	size_t k;
	int r, x;

	for (r = 0; r < rows && first + r < (int)d->n; r++) {
		l = &d->lines[first + r];
		x = 1 + l->indent;
		if (first + r == match) {
			attron(theme_attr(ROLE_SELECTED));
			mvhline(y + r, 0, ' ', cols);
		}
		for (k = 0; k < l->n && x < cols - 1; k++) {
			attron(theme_attr(first + r == match ? ROLE_SELECTED :
			    l->segs[k].role));
			x += text_put(y + r, x, l->segs[k].text, cols - 1 - x,
			    false);
			attroff(theme_attr(first + r == match ? ROLE_SELECTED :
			    l->segs[k].role));
		}
		if (first + r == match)
			attroff(theme_attr(ROLE_SELECTED));
	}
}

/* --- a word-level diff as lines ----------------------------------------- */

/* D as lines, the changes coloured and marked [-deleted-] and
 * {+inserted+} on each line they touch (so it reads without colour too);
 * only the lines with a change, and CONTEXT lines around them, the rest
 * summed up as "(N unchanged lines)". */
static void
doc_diff(struct doc *doc, const struct worddiff *d, int indent, int width)
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
			doc_textf(doc, ROLE_DIM, indent, width, "(%zu unchanged "
			    "line%s)", skipped, skipped == 1 ? "" : "s");
		skipped = 0;
		doc_wrap(doc, &ls[i], indent, width - indent, false);
	}
	if (skipped > 0 && skipped < n)
		doc_textf(doc, ROLE_DIM, indent, width, "(%zu unchanged line%s)",
		    skipped, skipped == 1 ? "" : "s");
	for (i = 0; i < n; i++)
		lbuf_free(&ls[i]);
	free(ls);
}

/* --- the list: waiting for me ------------------------------------------- */

struct approvals {
	struct rowlist items;        /* struct waiting, most urgent first */
	size_t         cursor;
	int            top;          /* first item shown */
	int            page;         /* items that fit */
	int            first_row;    /* body row of the first item, for clicks */
	char           problem[512];
	long long      stamp;        /* the database's change stamp at load */
};

#define ITEM_ROWS 2              /* rows an item takes */

/* "2026-03-02 14:00" and whether it is past. */
static const char *
due_text(const char *due_at, char *buf, size_t n, bool *is_overdue)
{
	time_t due;

	*is_overdue = due_at != NULL && clock_parse(due_at, &due, NULL) ==
	    ST_OK && due < clock_now();
	return incident_view_time(due_at, TIME_MINUTE, buf, n);
}

static void
list_load(struct screen *sc, bool is_forced)
{
	struct approvals *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	long long stamp = session_change_stamp(s), keep = 0;
	struct rowlist fresh;
	struct err err = { 0 };
	size_t i;

	if (!is_forced && stamp != 0 && stamp == v->stamp)
		return;
	if (v->cursor < v->items.count)
		keep = ((struct waiting *)rowlist_at(&v->items, v->cursor))->comm_id;
	v->problem[0] = '\0';
	if (approvals_waiting(s, &fresh, &err) != ST_OK) {
		snprintf(v->problem, sizeof v->problem, "%s", err.msg);
		rowlist_free(&fresh, (row_clear_fn)waiting_clear);
		return;
	}
	rowlist_free(&v->items, (row_clear_fn)waiting_clear);
	v->items = fresh;
	/* After the read: opening what waits may audit an access, which is
	 * no change to read again. */
	v->stamp = session_change_stamp(s);
	for (i = 0; keep != 0 && i < v->items.count; i++)
		if (((struct waiting *)rowlist_at(&v->items, i))->comm_id == keep)
			v->cursor = i;
	if (v->cursor >= v->items.count)
		v->cursor = v->items.count > 0 ? v->items.count - 1 : 0;
}

static enum status
list_open(struct screen *sc, const void *arg, struct err *err)
{
	struct approvals *v = sc->priv;

	(void)arg;
	(void)err;
	rowlist_init(&v->items, sizeof(struct waiting));
	list_load(sc, true);
	return ST_OK;
}

static void
list_close(struct screen *sc)
{
	struct approvals *v = sc->priv;

	rowlist_free(&v->items, (row_clear_fn)waiting_clear);
}

static void
list_reload(struct screen *sc)
{
	list_load(sc, false);
}

/* Whether the acting user holds a role that decides gates. */
static bool
is_approver(struct session *s)
{
	static const char *const roles[] = { "approver:legal", "approver:pr",
		"approver:security", "sro" };
	size_t i;

	for (i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (session_has_role(s, roles[i]))
			return true;
	return false;
}

/* An item in two rows: its incident and title, flagged when it changed
 * since it was approved; then the gate and role it waits for and the
 * nearest clock. */
static void
list_draw_item(const struct waiting *w, int y, int cols, bool is_sel)
{
	char ref[32], line[512], due[64];
	const char *flag = w->was_approved ? "changed since approved" :
	    w->is_preapproved ? "pre-approved template" : NULL;
	bool is_overdue;
	int x, refw = 14, fw = flag != NULL ? text_width(flag) + 2 : 0;

	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
		mvhline(y + 1, 0, ' ', cols);
	}
	snprintf(ref, sizeof ref, "%s", w->ref != NULL ? w->ref : "");
	if (ref[0] == '\0')
		snprintf(ref, sizeof ref, "#%lld", w->comm_id);
	text_put(y, 1, ref, refw - 1, false);
	snprintf(line, sizeof line, "%s: %s", w->kind != NULL ? w->kind : "",
	    w->title != NULL ? w->title : "");
	if (fw > 0 && fw > cols / 3)
		fw = 0;
	text_put(y, 1 + refw, line, cols - 2 - refw - fw, false);
	if (fw > 0) {
		if (!is_sel)
			attron(theme_attr(w->was_approved ? ROLE_WARN : ROLE_GOOD));
		text_put(y, cols - fw, flag, fw - 1, false);
		if (!is_sel)
			attroff(theme_attr(w->was_approved ? ROLE_WARN : ROLE_GOOD));
	}
	snprintf(line, sizeof line, "%s as %s", w->gate != NULL ? w->gate : "?",
	    w->role != NULL ? w->role : "?");
	x = 1 + refw + text_put(y + 1, 1 + refw, line, cols - 2 - refw, false);
	if (w->due_at != NULL && x + 6 < cols) {
		snprintf(line, sizeof line, "  due %s", due_text(w->due_at, due,
		    sizeof due, &is_overdue));
		if (!is_sel && is_overdue)
			attron(theme_attr(ROLE_BAD));
		text_put(y + 1, x, line, cols - 1 - x, false);
		if (!is_sel && is_overdue)
			attroff(theme_attr(ROLE_BAD));
	}
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

static void
list_draw(struct screen *sc, int top, int rows, int cols)
{
	struct approvals *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	char head[256];
	size_t i;
	int y;

	if (v->items.count == 0)
		snprintf(head, sizeof head, "Nothing waits for your decision.");
	else
		snprintf(head, sizeof head, "%zu waiting for your decision, the "
		    "most urgent first; Enter reads one", v->items.count);
	attron(theme_attr(ROLE_TITLE));
	text_put(top, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_TITLE));
	if (v->items.count == 0 && !is_approver(s)) {
		attron(theme_attr(ROLE_DIM));
		text_put(top + 1, 1, "You hold no approver role: gates are decided "
		    "by legal, PR, security and the SRO.", cols - 2, false);
		attroff(theme_attr(ROLE_DIM));
	}
	v->first_row = 2;
	v->page = (rows - 2 - (v->problem[0] != '\0')) / ITEM_ROWS;
	if (v->page < 1)
		v->page = 1;
	if ((int)v->cursor < v->top)
		v->top = (int)v->cursor;
	if ((int)v->cursor >= v->top + v->page)
		v->top = (int)v->cursor - v->page + 1;
	for (i = (size_t)v->top, y = top + 2; i < v->items.count &&
	    y + ITEM_ROWS <= top + rows; i++, y += ITEM_ROWS)
		list_draw_item(rowlist_at(&v->items, i), y, cols, i == v->cursor);
	if (v->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + rows - 1, 1, v->problem, cols - 2, true);
		attroff(theme_attr(ROLE_ERROR));
	}
}

static unsigned
list_open_item(struct screen *sc)
{
	struct approvals *v = sc->priv;

	if (v->cursor >= v->items.count) {
		tui_message(sc->tui, "nothing waits for your decision");
		return UI_HANDLED | UI_REDRAW;
	}
	tui_push(sc->tui, &screen_approval_ops, rowlist_at(&v->items,
	    v->cursor));
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
list_move(struct approvals *v, long by)
{
	long c = (long)v->cursor + by;

	if (v->items.count == 0)
		return UI_HANDLED;
	c = c < 0 ? 0 : c >= (long)v->items.count ? (long)v->items.count - 1 : c;
	v->cursor = (size_t)c;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
list_handle(struct screen *sc, enum action act)
{
	struct approvals *v = sc->priv;

	switch (act) {
	case ACT_MOVE_DOWN:
		return list_move(v, 1);
	case ACT_MOVE_UP:
		return list_move(v, -1);
	case ACT_PAGE_DOWN:
		return list_move(v, v->page);
	case ACT_PAGE_UP:
		return list_move(v, -v->page);
	case ACT_FIRST:
		return list_move(v, -(long)v->items.count);
	case ACT_LAST:
		return list_move(v, (long)v->items.count);
	case ACT_OPEN:
		return list_open_item(sc);
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		list_load(sc, true);
		return UI_HANDLED | UI_REDRAW;
	case ACT_APPROVE:
	case ACT_REJECT:
		tui_message(sc->tui, "Enter reads it first: you decide on the "
		    "words you have read");
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static unsigned
list_click(struct screen *sc, int row, int col, bool is_double)
{
	struct approvals *v = sc->priv;
	long i = v->top + (row - v->first_row) / ITEM_ROWS;

	(void)col;
	if (row < v->first_row || i >= (long)v->items.count)
		return UI_NONE;
	v->cursor = (size_t)i;
	return is_double ? list_open_item(sc) : UI_HANDLED | UI_REDRAW;
}

static bool
list_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct approvals *v = sc->priv;
	const struct waiting *w;
	long i;

	i = (long)v->cursor + (is_new ? 0 : dir);
	for (; i >= 0 && i < (long)v->items.count; i += dir) {
		w = rowlist_at(&v->items, (size_t)i);
		if (text_contains(w->ref, needle) || text_contains(w->title,
		    needle) || text_contains(w->gate, needle) ||
		    text_contains(w->kind, needle)) {
			v->cursor = (size_t)i;
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_approvals_ops = {
	.name = "approvals",
	.title = "Waiting for me",
	.priv_size = sizeof(struct approvals),
	.open = list_open,
	.close = list_close,
	.reload = list_reload,
	.draw = list_draw,
	.handle = list_handle,
	.click = list_click,
	.search = list_search,
};

/* --- one item: read it, then decide ------------------------------------- */

/* One output as it will go out. */
struct item_output {
	char *title;             /* "Advisory (markdown)" */
	char *source;            /* what made it, or why it could not be */
	char *text;              /* as a person reads it; NULL: not made */
	bool  is_html;           /* TEXT is an HTML page read as text */
};

/* What changed in one output since the approval diffed against. */
struct item_change {
	char           *title;
	struct worddiff d;
	const char     *what;    /* "new since then", ...; NULL: nothing to add */
};

struct item {
	long long           id;
	char               *gate;        /* the gate the list offered */
	struct comm_doc     doc;
	struct review       rev;         /* at the content shown */
	char                shown[65];   /* the content hash shown: decided on */
	char                now[65];     /* the hash now, when it changed since */
	struct rowlist      clocks;      /* struct deadline */
	struct logins       logins;
	struct item_output *outs;
	size_t              n_outs;
	struct item_change *changes;
	size_t              n_changes;
	char                change_problem[512];
	const struct pb_step *turn_step; /* the gate the person decides */
	const char         *turn_role;
	char                turn_why[512]; /* why they cannot decide now */
	struct doc          lines;
	int                 cols;        /* width LINES were built for */
	int                 top, page, match;
	long long           stamp;
};

static void
outs_free(struct item *v)
{
	size_t i;

	for (i = 0; i < v->n_outs; i++) {
		free(v->outs[i].title);
		free(v->outs[i].source);
		free(v->outs[i].text);
	}
	free(v->outs);
	v->outs = NULL;
	v->n_outs = 0;
}

static void
changes_free(struct item *v)
{
	size_t i;

	for (i = 0; i < v->n_changes; i++) {
		free(v->changes[i].title);
		worddiff_clear(&v->changes[i].d);
	}
	free(v->changes);
	v->changes = NULL;
	v->n_changes = 0;
}

/* Every output of the variant rendered, exactly as the preview and the
 * publisher make it (comm_preview()); an HTML page as text. */
static void
outs_load(struct item *v, struct session *s)
{
	const struct playbook *pb = v->doc.pb;
	const char *variant = v->doc.variant != NULL ? v->doc.variant->id : "";
	const struct pb_output *used;
	struct item_output *o;
	struct rendered r;
	struct err err;
	char source[256];
	size_t i, n = 0;

	v->outs = xcalloc(pb->n_outputs + 1, sizeof *v->outs);
	for (i = 0; i <= pb->n_outputs; i++) {
		if (i < pb->n_outputs &&
		    !playbook_output_in_variant(&pb->outputs[i], variant))
			continue;
		if (i == pb->n_outputs && n > 0)
			break;
		o = &v->outs[n++];
		memset(&r, 0, sizeof r);
		memset(&err, 0, sizeof err);
		used = NULL;
		if (comm_preview(s, &v->doc, i < pb->n_outputs ?
		    pb->outputs[i].id : NULL, &used, &r, &err) != ST_OK) {
			o->title = xstrdup(i < pb->n_outputs ? (pb->outputs[i].title
			    != NULL ? pb->outputs[i].title : pb->outputs[i].id) :
			    "Page");
			o->source = xasprintf("cannot be made as it stands: %s",
			    err.msg);
			rendered_clear(&r);
			continue;
		}
		o->title = used != NULL ? xasprintf("%s (%s)", used->title != NULL ?
		    used->title : used->id, used->format != NULL ? used->format :
		    "markdown") : xstrdup("Page (markdown)");
		o->source = xstrdup(comm_preview_source(&r, source, sizeof source));
		if (used != NULL && used->format != NULL &&
		    strcmp(used->format, "html") == 0 && r.text != NULL) {
			o->text = html_text(r.text, r.len);
			o->is_html = true;
		}
		if (o->text == NULL)
			o->text = xstrdup(r.text != NULL ? r.text : "");
		rendered_clear(&r);
	}
	v->n_outs = n;
}

/* The text a person reads of output OUT of content_outputs(): an HTML
 * page as text. Allocated. */
static char *
readable(const json_t *out)
{
	const char *text = json_string_value(json_object_get(out, "text"));
	const char *format = json_string_value(json_object_get(out, "format"));
	char *s;

	if (text == NULL)
		return xstrdup("");
	if (format != NULL && strcmp(format, "html") == 0 &&
	    (s = html_text(text, strlen(text))) != NULL)
		return s;
	return xstrdup(text);
}

static const json_t *
output_by_id(const json_t *outs, const char *id)
{
	const json_t *o;
	size_t i;

	json_array_foreach(outs, i, o)
		if (id != NULL && json_string_value(json_object_get(o, "id")) != NULL &&
		    strcmp(json_string_value(json_object_get(o, "id")), id) == 0)
			return o;
	return NULL;
}

static void
change_push(struct item *v, const json_t *o, const char *old,
    const char *new_text, const char *what)
{
	const char *title = json_string_value(json_object_get(o, "title"));
	const char *format = json_string_value(json_object_get(o, "format"));
	struct item_change *c;

	v->changes = xreallocarray(v->changes, v->n_changes + 1,
	    sizeof *v->changes);
	c = &v->changes[v->n_changes++];
	c->title = xasprintf("%s (%s)", title != NULL ? title :
	    json_string_value(json_object_get(o, "id")) != NULL ?
	    json_string_value(json_object_get(o, "id")) : "output",
	    format != NULL ? format : "markdown");
	worddiff(old, new_text, &c->d);
	c->what = what;
}

/* What changed in each output since the last approval, from its
 * snapshot to the content now, word by word. */
static void
changes_load(struct item *v)
{
	const struct approval *a = v->rev.last_approval;
	json_t *then = NULL, *now = NULL;
	const json_t *o, *t;
	struct err err = { 0 };
	char *x, *y;
	size_t i;

	v->change_problem[0] = '\0';
	if (a == NULL || !review_is_stale(&v->rev, a))
		return;
	if (a->snapshot == NULL || content_outputs(a->snapshot, &then, &err) !=
	    ST_OK || content_outputs(v->rev.content.canon, &now, &err) != ST_OK) {
		snprintf(v->change_problem, sizeof v->change_problem, "What "
		    "changed cannot be shown: %s", a->snapshot == NULL ?
		    "the approval kept no snapshot" : err.msg);
		goto end;
	}
	json_array_foreach(now, i, o) {
		t = output_by_id(then, json_string_value(json_object_get(o, "id")));
		x = t != NULL ? readable(t) : xstrdup("");
		y = readable(o);
		change_push(v, o, x, y, t == NULL ? "new since then" :
		    strcmp(x, y) == 0 && !json_equal(json_object_get(o, "text"),
		    json_object_get(t, "text")) ? "its HTML changed, not its text" :
		    NULL);
		free(x);
		free(y);
	}
	json_array_foreach(then, i, t) {
		if (output_by_id(now, json_string_value(json_object_get(t, "id"))) !=
		    NULL)
			continue;
		x = readable(t);
		change_push(v, t, x, "", "gone since then");
		free(x);
	}
end:
	json_decref(then);
	json_decref(now);
}

/* Whether the person may decide now, and on which gate. */
static void
turn_load(struct item *v, struct session *s)
{
	struct err err = { 0 };

	v->turn_why[0] = '\0';
	v->turn_step = NULL;
	v->turn_role = NULL;
	if (review_my_turn(s, &v->rev, v->gate, &v->turn_step, &v->turn_role,
	    &err) == ST_OK)
		return;
	snprintf(v->turn_why, sizeof v->turn_why, "%s", err.msg);
	memset(&err, 0, sizeof err);
	/* The gate offered may have passed meanwhile: another one? */
	if (v->gate != NULL && review_my_turn(s, &v->rev, NULL, &v->turn_step,
	    &v->turn_role, &err) == ST_OK)
		v->turn_why[0] = '\0';
}

static void
item_unload(struct item *v)
{
	outs_free(v);
	changes_free(v);
	review_clear(&v->rev);
	comm_doc_clear(&v->doc);
	rowlist_free(&v->clocks, (row_clear_fn)deadline_clear);
	logins_free(&v->logins);
	doc_free(&v->lines);
}

/* The clocks, the gates, the decisions and the changes of the words
 * shown, read again with REV (taken); the outputs stay. */
static void
item_take(struct item *v, struct session *s, struct review *rev)
{
	review_clear(&v->rev);
	v->rev = *rev;
	memset(rev, 0, sizeof *rev);
	rowlist_free(&v->clocks, (row_clear_fn)deadline_clear);
	if (deadline_for_communication(s, v->id, &v->clocks, NULL) != ST_OK)
		rowlist_init(&v->clocks, sizeof(struct deadline));
	logins_free(&v->logins);
	logins_load(&v->logins, s, NULL);
	changes_free(v);
	changes_load(v);
	turn_load(v, s);
	v->cols = 0;
}

/* Read the item as it is now and show it: on opening it, on F5, after a
 * conflict and after a decision. Opening a communication is an access
 * (audited when its incident is under embargo), so the timer does not
 * do this. */
static enum status
item_read(struct screen *sc, struct err *err)
{
	struct item *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct comm_doc doc = { 0 };
	struct review rev = { 0 };
	enum status st;

	if ((st = comm_open(s, v->id, &doc, err)) != ST_OK ||
	    (st = review_load(s, &doc, &rev, err)) != ST_OK) {
		review_clear(&rev);
		comm_doc_clear(&doc);
		return st;
	}
	item_unload(v);
	v->doc = doc;
	snprintf(v->shown, sizeof v->shown, "%s", rev.content.hash);
	v->now[0] = '\0';
	outs_load(v, s);
	item_take(v, s, &rev);
	/* After this read, so its own audit row does not count as a change. */
	v->stamp = session_change_stamp(s);
	return ST_OK;
}

/*
 * The timer: when the database changed, read the communication again
 * (comm_reload(), not an access of its own). Gates and decisions follow
 * while the words are the same; when the words changed, what is shown
 * stays (the person may be half-way through reading it) and a line says
 * so: a decision is on the words shown, and core refuses it as a
 * conflict. F5 shows the new words.
 */
static enum status
item_follow(struct screen *sc, struct err *err)
{
	struct item *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	long long stamp = session_change_stamp(s);
	struct review rev = { 0 };
	enum status st;

	if (stamp != 0 && stamp == v->stamp)
		return ST_OK;
	v->stamp = stamp;
	if ((st = comm_reload(s, &v->doc, err)) != ST_OK ||
	    (st = review_load(s, &v->doc, &rev, err)) != ST_OK) {
		review_clear(&rev);
		return st;
	}
	if (strcmp(rev.content.hash, v->shown) != 0) {
		snprintf(v->now, sizeof v->now, "%s", rev.content.hash);
		review_clear(&rev);
		v->cols = 0;
	} else
		item_take(v, s, &rev);
	v->stamp = session_change_stamp(s);
	return ST_OK;
}

static enum status
item_open(struct screen *sc, const void *arg, struct err *err)
{
	struct item *v = sc->priv;
	const struct waiting *w = arg;

	v->match = -1;
	rowlist_init(&v->clocks, sizeof(struct deadline));
	if (w == NULL || w->comm_id <= 0)
		return err_set(err, ST_INVALID, "which communication? open one "
		    "from the list of what waits for you");
	v->id = w->comm_id;
	v->gate = xstrdup_or_null(w->gate);
	return item_read(sc, err);
}

static void
item_close(struct screen *sc)
{
	struct item *v = sc->priv;

	item_unload(v);
	free(v->gate);
}

static void
item_reload(struct screen *sc)
{
	struct err err = { 0 };

	if (item_follow(sc, &err) != ST_OK)
		tui_error(sc->tui, &err);
}

/* The name of user ID ("Lena Fischer"), else the login. */
static const char *
person(const struct item *v, long long id, char *buf, size_t n)
{
	const struct user *u;
	size_t i;

	for (i = 0; i < v->logins.users.count; i++) {
		u = rowlist_at(&v->logins.users, i);
		if (u->id != id)
			continue;
		snprintf(buf, n, "%s", u->name != NULL && *u->name != '\0' ?
		    u->name : u->login);
		return buf;
	}
	snprintf(buf, n, "user %lld", id);
	return buf;
}

static void
build_head(struct item *v, int w)
{
	const struct communication *c = &v->doc.comm;
	const struct deadline *d;
	time_t now = clock_now();
	char left[64], when[64];
	size_t i;

	doc_textf(&v->lines, ROLE_TITLE, 0, w, "%s  #%lld %s: %s",
	    v->doc.incident_ref != NULL ? v->doc.incident_ref : "", c->id,
	    c->kind, c->title);
	doc_textf(&v->lines, c->state != NULL && strcmp(c->state, "in-review")
	    == 0 ? ROLE_NORMAL : ROLE_WARN, 0, w, "%s, revision %lld, "
	    "audience %s, playbook %s %s", c->state, c->revision, c->audience,
	    c->playbook, c->playbook_version != NULL ? c->playbook_version : "");
	for (i = 0; i < v->clocks.count; i++) {
		d = rowlist_at(&v->clocks, i);
		if (d->stopped_at[0] != '\0')
			continue;
		doc_textf(&v->lines, deadline_is_overdue(d, now) ? ROLE_BAD :
		    ROLE_NORMAL, 0, w, "Clock %s: %s, due %s", d->clock_id,
		    deadline_left(d, now, left, sizeof left), d->due_at[0] != '\0' ?
		    incident_view_time(d->due_at, TIME_ZONE, when, sizeof when) :
		    "when a fix is available");
	}
	if (v->turn_why[0] == '\0' && v->turn_step != NULL)
		doc_textf(&v->lines, ROLE_MESSAGE, 0, w, "You decide %s (%s) as "
		    "%s: a approves these exact words, r rejects them with a "
		    "comment, p previews each output.", v->turn_step->title != NULL ?
		    v->turn_step->title : v->turn_step->id, v->turn_step->id,
		    v->turn_role);
	else
		doc_textf(&v->lines, ROLE_WARN, 0, w, "You cannot decide now: %s",
		    v->turn_why);
	doc_textf(&v->lines, ROLE_DIM, 0, w, "Content %.16s (sha256 of "
	    "canonical form %d): a decision holds for these words only",
	    v->shown, CONTENT_CANON_VERSION);
}

/* Each gate: its state in words, and core's note for a person ("stale:
 * Lena Fischer must look again"), else how many of each role it has. */
static void
build_gates(struct item *v, int w)
{
	static const char *const states[] = { "waiting", "passed",
		"passes on pre-approval" };
	const struct gate_status *g;
	const struct gate_role *r;
	char roles[512];
	size_t i, k, len;

	doc_heading(&v->lines, "Gates", w);
	if (v->rev.n_gates == 0)
		doc_text(&v->lines, "This playbook asks for no approval.", ROLE_DIM,
		    2, w);
	for (i = 0; i < v->rev.n_gates; i++) {
		g = &v->rev.gates[i];
		for (k = 0, len = 0, roles[0] = '\0'; k < g->n_roles &&
		    len < sizeof roles; k++) {
			r = &g->roles[k];
			len += (size_t)snprintf(roles + len, sizeof roles - len,
			    "%s%s %d of %d", k > 0 ? ", " : "", r->role, r->have,
			    r->need);
		}
		doc_textf(&v->lines, g->state == GATE_WAITING ? ROLE_WARN :
		    ROLE_GOOD, 2, w, "%s (%s): %s%s%s", g->step != NULL &&
		    g->step->title != NULL ? g->step->title : "gate",
		    g->step != NULL ? g->step->id : "?", g->note[0] != '\0' ?
		    g->note : states[g->state], g->note[0] != '\0' ? "" : "; ",
		    g->note[0] != '\0' ? "" : roles);
	}
}

static void
build_decisions(struct item *v, int w)
{
	const struct approval *a;
	char who[256], when[64];
	bool is_stale;
	size_t i;

	if (v->rev.decisions.count == 0 && v->rev.rejection == NULL)
		return;
	doc_heading(&v->lines, "Decisions on this revision", w);
	for (i = 0; i < v->rev.decisions.count; i++) {
		a = rowlist_at(&v->rev.decisions, i);
		is_stale = strcmp(a->decision, "approved") == 0 &&
		    review_is_stale(&v->rev, a);
		doc_textf(&v->lines, is_stale ? ROLE_WARN : strcmp(a->decision,
		    "approved") == 0 ? ROLE_GOOD : ROLE_BAD, 2, w, "%s %s %s as "
		    "%s, %s%s", person(v, a->approver_id, who, sizeof who),
		    a->decision, a->gate, a->role, incident_view_time(a->decided_at,
		    TIME_MINUTE, when, sizeof when), is_stale ? "; stale: the "
		    "words changed since" : "");
		if (a->comment != NULL && *a->comment != '\0')
			doc_textf(&v->lines, ROLE_DIM, 4, w, "\"%s\"", a->comment);
	}
}

static void
build_changes(struct item *v, int w)
{
	const struct approval *a = v->rev.last_approval;
	char who[256], when[64], head[512];
	size_t i;

	if (a == NULL || !review_is_stale(&v->rev, a))
		return;
	snprintf(head, sizeof head, "Changed since %s %s it on %s", person(v,
	    a->approver_id, who, sizeof who), a->decision,
	    incident_view_time(a->decided_at, TIME_MINUTE, when, sizeof when));
	doc_heading(&v->lines, head, w);
	if (v->change_problem[0] != '\0')
		doc_text(&v->lines, v->change_problem, ROLE_ERROR, 2, w);
	else if (v->n_changes == 0)
		doc_text(&v->lines, "No output changed; what changed is not in "
		    "any output's words.", ROLE_DIM, 2, w);
	for (i = 0; i < v->n_changes; i++) {
		if (v->changes[i].d.n_changed == 0) {
			doc_textf(&v->lines, ROLE_DIM, 2, w, "%s: unchanged%s%s",
			    v->changes[i].title, v->changes[i].what != NULL ?
			    "; " : "", v->changes[i].what != NULL ?
			    v->changes[i].what : "");
			continue;
		}
		doc_textf(&v->lines, ROLE_TITLE, 2, w, "%s%s%s", v->changes[i].title,
		    v->changes[i].what != NULL ? ": " : "",
		    v->changes[i].what != NULL ? v->changes[i].what : "");
		doc_diff(&v->lines, &v->changes[i].d, 4, w);
	}
}

static void
build_outputs(struct item *v, int w)
{
	char head[512];
	size_t i;

	for (i = 0; i < v->n_outs; i++) {
		snprintf(head, sizeof head, "Output %zu/%zu: %s", i + 1, v->n_outs,
		    v->outs[i].title);
		doc_heading(&v->lines, head, w);
		doc_textf(&v->lines, v->outs[i].text != NULL ? ROLE_DIM : ROLE_ERROR,
		    2, w, "%s%s", v->outs[i].source, v->outs[i].is_html ?
		    "; an HTML page shown as text (p, then r: its raw HTML)" : "");
		if (v->outs[i].text != NULL) {
			doc_text(&v->lines, "", ROLE_NORMAL, 0, w);
			doc_text(&v->lines, v->outs[i].text, ROLE_NORMAL, 2, w);
		}
	}
}

static void
item_build(struct item *v, int cols)
{
	int w = cols - 2;

	doc_free(&v->lines);
	build_head(v, w);
	build_gates(v, w);
	build_decisions(v, w);
	build_changes(v, w);
	build_outputs(v, w);
	v->cols = cols;
}

static int
item_last_top(const struct item *v)
{
	int last = (int)v->lines.n - v->page;

	return last > 0 ? last : 0;
}

static void
item_draw(struct screen *sc, int top, int rows, int cols)
{
	struct item *v = sc->priv;
	char pos[64];

	if (cols != v->cols)
		item_build(v, cols);
	/* Words changed while they are read: said above them, however far
	 * down the person has scrolled. */
	if (v->now[0] != '\0' && rows > 2) {
		attron(theme_attr(ROLE_WARN));
		mvhline(top, 0, ' ', cols);
		text_put(top, 1, "Someone changed it since you opened it: F5 shows "
		    "the new words; a decision on these is refused.", cols - 2,
		    false);
		attroff(theme_attr(ROLE_WARN));
		top++;
		rows--;
	}
	v->page = rows;
	if (v->top > item_last_top(v))
		v->top = item_last_top(v);
	doc_draw(&v->lines, v->top, v->match, top, rows, cols);
	if ((int)v->lines.n > rows) {
		snprintf(pos, sizeof pos, " %d-%d/%zu ", v->top + 1, v->top + rows <
		    (int)v->lines.n ? v->top + rows : (int)v->lines.n, v->lines.n);
		attron(theme_attr(ROLE_DIM));
		text_put(top, cols - 1 - text_width(pos), pos, text_width(pos),
		    false);
		attroff(theme_attr(ROLE_DIM));
	}
}

static unsigned
item_scroll(struct item *v, int line)
{
	v->top = line > item_last_top(v) ? item_last_top(v) : line < 0 ? 0 : line;
	return UI_HANDLED | UI_REDRAW;
}

/* Tab: the next section's heading at the top (after the last, the
 * first). */
static unsigned
item_next_section(struct item *v)
{
	size_t i;

	for (i = (size_t)v->top + 1; i < v->lines.n; i++)
		if (v->lines.lines[i].is_heading && (int)i <= item_last_top(v))
			return item_scroll(v, (int)i);
	return item_scroll(v, 0);
}

/*
 * a or r: the acting user's decision on the words shown, through core.
 * The hash of what they read goes with it, so an edit made meanwhile is
 * refused as a conflict (and the new words are shown); a rejection needs
 * a comment, which its author reads on the incident and the home screen.
 */
static unsigned
item_decide(struct screen *sc, bool is_approve)
{
	struct item *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct decision in = { 0 };
	struct err err = { 0 };
	char comment[COMMENT_MAX] = "", question[512], gate[128];
	const char *state;
	long long id = 0;
	enum status st;

	if (v->turn_step == NULL) {
		tui_message(sc->tui, "You cannot decide now: %s", v->turn_why);
		return UI_HANDLED | UI_REDRAW;
	}
	if (is_approve)
		snprintf(question, sizeof question, "Approve as %s? Comment "
		    "(optional), Enter:", v->turn_role);
	else
		snprintf(question, sizeof question, "Reject as %s: why? (the "
		    "author reads it)", v->turn_role);
	if (!tui_prompt(sc->tui, question, comment, sizeof comment)) {
		tui_message(sc->tui, "Nothing decided");
		return UI_HANDLED | UI_REDRAW;
	}
	snprintf(gate, sizeof gate, "%s", v->turn_step->id);
	in.gate = gate;
	in.decision = is_approve ? "approved" : "rejected";
	in.comment = comment[0] != '\0' ? comment : NULL;
	in.content_hash = v->shown;
	st = approval_decide(s, &v->doc, &in, &id, &err);
	if (st != ST_OK) {
		tui_error(sc->tui, &err);
		if (st == ST_CONFLICT && item_read(sc, &err) == ST_OK)
			v->top = 0;
		return UI_HANDLED | UI_REDRAW;
	}
	/* Where it stands now, for the message; the list shows the rest. */
	state = comm_reload(s, &v->doc, &err) == ST_OK &&
	    v->doc.comm.state != NULL ? v->doc.comm.state : "";
	if (!is_approve)
		tui_message(sc->tui, "Rejected #%lld: back to its author as a "
		    "draft", v->id);
	else if (strcmp(state, "approved") == 0)
		tui_message(sc->tui, "Approved #%lld %s: all gates passed", v->id,
		    gate);
	else
		tui_message(sc->tui, "Approved #%lld %s; other gates wait", v->id,
		    gate);
	return UI_POP;
}

static unsigned
item_handle(struct screen *sc, enum action act)
{
	struct item *v = sc->priv;
	struct err err = { 0 };
	int page = v->page > 1 ? v->page - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		return item_scroll(v, v->top + 1);
	case ACT_MOVE_UP:
		return item_scroll(v, v->top - 1);
	case ACT_PAGE_DOWN:
		return item_scroll(v, v->top + page);
	case ACT_PAGE_UP:
		return item_scroll(v, v->top - page);
	case ACT_FIRST:
		return item_scroll(v, 0);
	case ACT_LAST:
		return item_scroll(v, item_last_top(v));
	case ACT_NEXT_PANE:
		return item_next_section(v);
	case ACT_OPEN:
		return UI_HANDLED;
	case ACT_APPROVE:
		return item_decide(sc, true);
	case ACT_REJECT:
		return item_decide(sc, false);
	case ACT_PREVIEW:
		tui_push(sc->tui, &screen_preview_ops, &v->id);
		return UI_HANDLED | UI_REDRAW;
	case ACT_REFRESH:
		/* F5 shows the words as they are now, changed or not. */
		clearok(curscr, TRUE);
		if (item_read(sc, &err) != ST_OK)
			tui_error(sc->tui, &err);
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

static bool
item_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct item *v = sc->priv;
	char buf[2048];
	int i;

	if (is_new || v->match < 0)
		i = dir > 0 ? v->top : v->top + v->page - 1;
	else
		i = v->match + dir;
	if (i >= (int)v->lines.n)
		i = (int)v->lines.n - 1;
	for (; i >= 0 && i < (int)v->lines.n; i += dir) {
		if (text_contains(dline_text(&v->lines.lines[i], buf, sizeof buf),
		    needle)) {
			v->match = i;
			if (i < v->top || i >= v->top + v->page)
				item_scroll(v, i - v->page / 2);
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_approval_ops = {
	.name = "approval",
	.title = "Approval",
	.priv_size = sizeof(struct item),
	.open = item_open,
	.close = item_close,
	.reload = item_reload,
	.draw = item_draw,
	.handle = item_handle,
	.search = item_search,
};

/* --- the home tile: waiting for me, and returned to me ------------------ */

#define TILE_SHOWN 3

struct approvals_tile {
	struct rowlist waiting;      /* struct waiting */
	struct rowlist returned;     /* struct approval_returned */
	bool           is_decider;   /* holds a role that decides gates */
};

static enum status
tile_load(void *priv, struct session *s, struct err *err)
{
	struct approvals_tile *t = priv;
	enum status st;

	t->is_decider = is_approver(s);
	rowlist_init(&t->returned, sizeof(struct approval_returned));
	if ((st = approvals_waiting(s, &t->waiting, err)) != ST_OK)
		return st;
	return review_returned(s, &t->returned, err);
}

static void
tile_free(void *priv)
{
	struct approvals_tile *t = priv;

	rowlist_free(&t->waiting, (row_clear_fn)waiting_clear);
	rowlist_free(&t->returned, (row_clear_fn)approval_returned_clear);
}

static size_t
shown(const struct rowlist *l)
{
	return l->count < TILE_SHOWN ? l->count : TILE_SHOWN;
}

static int
tile_lines(const void *priv)
{
	const struct approvals_tile *t = priv;

	/* Nothing to say to someone who decides nothing and has nothing
	 * returned: the home screen leaves the tile out. */
	if (!t->is_decider && t->returned.count == 0)
		return 0;
	return (t->is_decider ? 1 + (int)shown(&t->waiting) : 0) +
	    2 * (int)shown(&t->returned);
}

/* Each draft returned to the reader, first, since it is their own
 * to-do: "Returned to you: SEC-2026-004 advisory - Lena Fischer:" and
 * the comment below it, as wide as the tile. */
static int
tile_draw_returned(const struct approvals_tile *t, int y, int x, int rows,
    int cols)
{
	const struct approval_returned *a;
	char line[1024];
	size_t i;
	int r = 0;

	for (i = 0; i < shown(&t->returned) && r + 1 < rows; i++) {
		a = rowlist_at(&t->returned, i);
		snprintf(line, sizeof line, "Returned to you: %s %s %s %s:",
		    a->about != NULL ? a->about : "", a->kind != NULL ? a->kind :
		    "", text_is_utf8() ? "\u2014" : "-", a->approver_name != NULL ?
		    a->approver_name : a->approver_login != NULL ?
		    a->approver_login : "?");
		attron(theme_attr(ROLE_BAD));
		text_put(y + r++, x, line, cols, false);
		attroff(theme_attr(ROLE_BAD));
		text_put(y + r++, x + 2, a->rejection.comment != NULL ?
		    a->rejection.comment : "", cols - 2, false);
	}
	return r;
}

static void
tile_draw(const void *priv, int y, int x, int rows, int cols)
{
	const struct approvals_tile *t = priv;
	const struct waiting *w;
	char line[512], due[64];
	bool is_overdue;
	size_t i;
	int r = 0;

	r += tile_draw_returned(t, y, x, t->is_decider ? rows - 1 : rows, cols);
	if (!t->is_decider || r >= rows)
		return;
	snprintf(line, sizeof line, "Waiting for me: %zu%s", t->waiting.count,
	    t->waiting.count > 0 ? " (W lists them)" : "");
	if (t->waiting.count > 0)
		attron(theme_attr(ROLE_WARN));
	text_put(y + r++, x, line, cols, false);
	if (t->waiting.count > 0)
		attroff(theme_attr(ROLE_WARN));
	for (i = 0; i < shown(&t->waiting) && r < rows; i++) {
		w = rowlist_at(&t->waiting, i);
		snprintf(line, sizeof line, "%-12s  %s  %s%s%s", w->ref != NULL ?
		    w->ref : "", w->gate != NULL ? w->gate : "", w->title != NULL ?
		    w->title : "", w->due_at != NULL ? "  due " : "",
		    w->due_at != NULL ? due_text(w->due_at, due, sizeof due,
		    &is_overdue) : "");
		text_put(y + r++, x, line, cols, false);
	}
}

const struct tile_ops tile_approvals_ops = {
	.title = "Approvals",
	.priv_size = sizeof(struct approvals_tile),
	.load = tile_load,
	.free = tile_free,
	.lines = tile_lines,
	.draw = tile_draw,
	.opens = &screen_approvals_ops,
};
