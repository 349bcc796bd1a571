/* tui/screen_approvals.c - "Waiting for me": drafts an approver sent
 * back to the acting user, with their comment (Enter opens the draft in
 * the runner), then what waits for the acting user's decision, the most
 * urgent first (Enter reads it in full, tui/screen_approval.c, where it
 * is decided). */
#include "config.h"

#include <curses.h>
#include <stdio.h>

#include "core/review.h"
#include "tui/doc_view.h"
#include "tui/incident_view.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"

#define ITEM_ROWS 2              /* rows an item takes */
#define REF_W     14             /* columns of the incident column */

/* The rows, each ITEM_ROWS high: RETURNED, then ITEMS; the cursor
 * counts across both. */
struct approvals {
	struct rowlist returned;     /* struct approval_returned, newest
	                              * first: the reader's own to-do */
	struct rowlist items;        /* struct waiting, most urgent first */
	size_t         cursor;
	int            top;          /* first item shown */
	int            page;         /* items that fit */
	int            first_row;    /* body row of the first item, for clicks */
	char           problem[512];
	long long      stamp;        /* the database's change stamp at load */
};

static size_t
rows_count(const struct approvals *v)
{
	return v->returned.count + v->items.count;
}

/* Row I when it is a returned draft, else NULL. */
static const struct approval_returned *
returned_at(const struct approvals *v, size_t i)
{
	return i < v->returned.count ? rowlist_at(&v->returned, i) : NULL;
}

/* Row I when it waits for a decision, else NULL. */
static const struct waiting *
waiting_at(const struct approvals *v, size_t i)
{
	return i >= v->returned.count && i < rows_count(v) ?
	    rowlist_at(&v->items, i - v->returned.count) : NULL;
}

/* The communication of row I, negative for a returned draft, so the
 * cursor stays on the same row across a reload; 0 for none. */
static long long
row_key(const struct approvals *v, size_t i)
{
	return returned_at(v, i) != NULL ? -returned_at(v, i)->comm_id :
	    waiting_at(v, i) != NULL ? waiting_at(v, i)->comm_id : 0;
}

static void
list_load(struct screen *sc, bool is_forced)
{
	struct approvals *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	long long stamp = session_change_stamp(s), keep;
	struct rowlist fresh, back;
	struct err err = { 0 };
	size_t i;

	if (!is_forced && stamp != 0 && stamp == v->stamp)
		return;
	keep = row_key(v, v->cursor);
	v->problem[0] = '\0';
	rowlist_init(&back, sizeof(struct approval_returned));
	if (approvals_waiting(s, &fresh, &err) != ST_OK ||
	    review_returned(s, &back, &err) != ST_OK) {
		snprintf(v->problem, sizeof v->problem, "%s", err.msg);
		rowlist_free(&fresh, (row_clear_fn)waiting_clear);
		rowlist_free(&back, (row_clear_fn)approval_returned_clear);
		return;
	}
	rowlist_free(&v->items, (row_clear_fn)waiting_clear);
	rowlist_free(&v->returned, (row_clear_fn)approval_returned_clear);
	v->items = fresh;
	v->returned = back;
	/* After the read: opening what waits may audit an access, which is
	 * no change to read again. */
	v->stamp = session_change_stamp(s);
	for (i = 0; keep != 0 && i < rows_count(v); i++)
		if (row_key(v, i) == keep)
			v->cursor = i;
	if (v->cursor >= rows_count(v))
		v->cursor = rows_count(v) > 0 ? rows_count(v) - 1 : 0;
}

static enum status
list_open(struct screen *sc, const void *arg, struct err *err)
{
	struct approvals *v = sc->priv;

	(void)arg;
	(void)err;
	rowlist_init(&v->items, sizeof(struct waiting));
	rowlist_init(&v->returned, sizeof(struct approval_returned));
	list_load(sc, true);
	return ST_OK;
}

static void
list_close(struct screen *sc)
{
	struct approvals *v = sc->priv;

	rowlist_free(&v->items, (row_clear_fn)waiting_clear);
	rowlist_free(&v->returned, (row_clear_fn)approval_returned_clear);
}

static void
list_reload(struct screen *sc)
{
	list_load(sc, false);
}

/* The first row of a row: its incident (or #id), "kind: title", and a
 * flag at the right edge in FLAG_ROLE (unless selected). */
static void
draw_first(int y, int cols, const char *ref, long long id, const char *kind,
    const char *title, const char *flag, enum role flag_role, bool is_sel)
{
	char buf[32], line[512];
	int fw = flag != NULL ? text_width(flag) + 2 : 0;

	snprintf(buf, sizeof buf, "%s", ref != NULL ? ref : "");
	if (buf[0] == '\0')
		snprintf(buf, sizeof buf, "#%lld", id);
	text_put(y, 1, buf, REF_W - 1, false);
	snprintf(line, sizeof line, "%s: %s", kind != NULL ? kind : "",
	    title != NULL ? title : "");
	if (fw > 0 && fw > cols / 3)
		fw = 0;
	text_put(y, 1 + REF_W, line, cols - 2 - REF_W - fw, false);
	if (fw > 0) {
		if (!is_sel)
			attron(theme_attr(flag_role));
		text_put(y, cols - fw, flag, fw - 1, false);
		if (!is_sel)
			attroff(theme_attr(flag_role));
	}
}

/* An item waiting in two rows: its incident and title, flagged when it
 * changed since it was approved; then the gate and role it waits for
 * and the nearest clock, "due 2026-03-02 00:00" or, in words as well as
 * in colour, "overdue by 4 d". */
static void
draw_waiting(const struct waiting *w, int y, int cols, bool is_sel)
{
	char line[512], due[64], left[64];
	enum role role;
	int x;

	draw_first(y, cols, w->ref, w->comm_id, w->kind, w->title,
	    w->was_approved ? "changed since approved" : w->is_preapproved ?
	    "pre-approved template" : NULL, w->was_approved ? ROLE_WARN :
	    ROLE_GOOD, is_sel);
	snprintf(line, sizeof line, "%s as %s", w->gate != NULL ? w->gate : "?",
	    w->role != NULL ? w->role : "?");
	x = 1 + REF_W + text_put(y + 1, 1 + REF_W, line, cols - 2 - REF_W,
	    false);
	if (w->due_at != NULL && x + 6 < cols) {
		role = incident_view_left(w->due_at, left, sizeof left);
		if (role == ROLE_BAD)
			snprintf(line, sizeof line, "  %s", left);
		else
			snprintf(line, sizeof line, "  due %s", incident_view_time(
			    w->due_at, TIME_MINUTE, due, sizeof due));
		if (!is_sel)
			attron(theme_attr(role));
		text_put(y + 1, x, line, cols - 1 - x, false);
		if (!is_sel)
			attroff(theme_attr(role));
	}
}

/* A draft returned to the reader in two rows: its incident and title,
 * flagged so; then who sent it back and the start of their comment
 * (the runner, which Enter opens, shows all of it). */
static void
draw_returned(const struct approval_returned *a, int y, int cols,
    bool is_sel)
{
	char line[1024];

	draw_first(y, cols, a->about, a->comm_id, a->kind, a->title,
	    "returned to you", ROLE_BAD, is_sel);
	snprintf(line, sizeof line, "%s (%s): %s", a->approver_name != NULL ?
	    a->approver_name : a->approver_login != NULL ? a->approver_login :
	    "an approver", a->rejection.role != NULL ? a->rejection.role : "?",
	    a->rejection.comment != NULL ? a->rejection.comment : "");
	text_put(y + 1, 1 + REF_W, line, cols - 2 - REF_W, false);
}

static void
draw_row(const struct approvals *v, size_t i, int y, int cols)
{
	bool is_sel = i == v->cursor;

	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
		mvhline(y + 1, 0, ' ', cols);
	}
	if (returned_at(v, i) != NULL)
		draw_returned(returned_at(v, i), y, cols, is_sel);
	else
		draw_waiting(waiting_at(v, i), y, cols, is_sel);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

/* A piece of the note below the heading, one row each. */
struct note_rows {
	int y, rows, cols;
};

static void
note_row(void *ctx, const char *s, size_t len)
{
	struct note_rows *n = ctx;
	char buf[256];

	if (n->rows <= 0)
		return;
	snprintf(buf, sizeof buf, "%.*s", (int)len, s);
	text_put(n->y++, 1, buf, n->cols, false);
	n->rows--;
}

/* The line above the rows: what is there and what Enter does. */
static void
draw_head(const struct approvals *v, int y, int cols)
{
	char head[256];

	if (v->items.count > 0)
		snprintf(head, sizeof head, "%zu waiting for your decision, the "
		    "most urgent first; Enter reads one", v->items.count);
	else if (v->returned.count > 0)
		snprintf(head, sizeof head, "Nothing waits for your decision; "
		    "Enter opens a draft returned to you");
	else
		snprintf(head, sizeof head, "Nothing waits for your decision.");
	attron(theme_attr(ROLE_TITLE));
	text_put(y, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_TITLE));
}

static void
list_draw(struct screen *sc, int top, int rows, int cols)
{
	struct approvals *v = sc->priv;
	struct session *s = tui_session(sc->tui);
	struct note_rows note = { top + 1, rows - 1, cols - 2 };
	size_t i;
	int y;

	draw_head(v, top, cols);
	if (rows_count(v) == 0 && !review_is_decider(s)) {
		attron(theme_attr(ROLE_DIM));
		doc_view_cut("You hold no approver role: gates are decided by "
		    "legal, PR, security and the SRO.", cols - 2, note_row, &note);
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
	for (i = (size_t)v->top, y = top + 2; i < rows_count(v) &&
	    y + ITEM_ROWS <= top + rows; i++, y += ITEM_ROWS)
		draw_row(v, i, y, cols);
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
	const struct approval_returned *a = returned_at(v, v->cursor);

	if (a != NULL)
		tui_push(sc->tui, &screen_runner_ops, &a->comm_id);
	else if (waiting_at(v, v->cursor) != NULL)
		tui_push(sc->tui, &screen_approval_ops, waiting_at(v, v->cursor));
	else
		tui_message(sc->tui, "nothing waits for your decision");
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
list_move(struct approvals *v, long by)
{
	long c = (long)v->cursor + by, n = (long)rows_count(v);

	if (n == 0)
		return UI_HANDLED;
	c = c < 0 ? 0 : c >= n ? n - 1 : c;
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
		return list_move(v, -(long)rows_count(v));
	case ACT_LAST:
		return list_move(v, (long)rows_count(v));
	case ACT_OPEN:
		return list_open_item(sc);
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		list_load(sc, true);
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

/* a and r decide on the item screen only: here they say so. The keys
 * are the item screen's (its key table section), not this list's. */
static unsigned
list_key(struct screen *sc, int rc, wint_t ch)
{
	struct approvals *v = sc->priv;

	if (rc != OK || (ch != 'a' && ch != 'r'))
		return UI_NONE;
	tui_message(sc->tui, waiting_at(v, v->cursor) != NULL ? "Enter reads "
	    "it first: you decide on the words you have read" :
	    "Nothing here waits for your decision");
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
list_click(struct screen *sc, int row, int col, bool is_double)
{
	struct approvals *v = sc->priv;
	long i = v->top + (row - v->first_row) / ITEM_ROWS;

	(void)col;
	if (row < v->first_row || i >= (long)rows_count(v))
		return UI_NONE;
	v->cursor = (size_t)i;
	return is_double ? list_open_item(sc) : UI_HANDLED | UI_REDRAW;
}

static bool
row_matches(const struct approvals *v, size_t i, const char *needle)
{
	const struct approval_returned *a = returned_at(v, i);
	const struct waiting *w = waiting_at(v, i);

	if (a != NULL)
		return text_contains(a->about, needle) || text_contains(a->title,
		    needle) || text_contains(a->kind, needle) ||
		    text_contains(a->rejection.comment, needle);
	return w != NULL && (text_contains(w->ref, needle) ||
	    text_contains(w->title, needle) || text_contains(w->gate, needle) ||
	    text_contains(w->kind, needle));
}

static bool
list_search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct approvals *v = sc->priv;
	long i;

	i = (long)v->cursor + (is_new ? 0 : dir);
	for (; i >= 0 && i < (long)rows_count(v); i += dir) {
		if (row_matches(v, (size_t)i, needle)) {
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
	.key = list_key,
};
