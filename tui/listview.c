/* tui/listview.c - keeps a page of rows and slides it by keyset fetches;
 * a short list read whole (wholelist_*) keeps its cursor across reloads. */
#include "config.h"

#include "tui/listview.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "core/session.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"

#undef clear    /* curses' clear() would swallow calls of the rows' clear */

void
listview_init(struct listview *lv, size_t size, row_clear_fn clear,
    listview_fetch_fn fetch, void *ctx)
{
	memset(lv, 0, sizeof *lv);
	lv->size = size;
	lv->clear = clear;
	lv->fetch = fetch;
	lv->ctx = ctx;
	lv->height = 10;
	rowlist_init(&lv->rows, size);
}

void
listview_free(struct listview *lv)
{
	rowlist_free(&lv->rows, lv->clear);
	rowlist_init(&lv->rows, lv->size);
}

static bool
fetch(struct listview *lv, const void *anchor, bool is_backward, int limit,
    struct rowlist *out)
{
	struct err err = { 0 };

	rowlist_init(out, lv->size);
	if (limit < 1)
		limit = 1;
	if (lv->fetch(lv->ctx, anchor, is_backward, limit, out, &err) != ST_OK) {
		snprintf(lv->problem, sizeof lv->problem, "%s", err.msg);
		rowlist_free(out, lv->clear);
		rowlist_init(out, lv->size);
		return false;
	}
	lv->problem[0] = '\0';
	return true;
}

/* Replace the page with PAGE (taking its rows), cursor at CURSOR. */
static void
take(struct listview *lv, struct rowlist *page, int cursor)
{
	rowlist_free(&lv->rows, lv->clear);
	lv->rows = *page;
	rowlist_init(page, lv->size);
	if (cursor >= (int)lv->rows.count)
		cursor = (int)lv->rows.count - 1;
	lv->cursor = cursor < 0 ? 0 : cursor;
}

/* Append MORE's rows after the page's, dropping as many from the front as
 * needed to stay within the height; frees MORE's array. */
static void
slide_down(struct listview *lv, struct rowlist *more)
{
	struct rowlist page;
	size_t drop = 0, i;

	if (lv->rows.count + more->count > (size_t)lv->height)
		drop = lv->rows.count + more->count - (size_t)lv->height;
	if (drop > lv->rows.count)
		drop = lv->rows.count;
	rowlist_init(&page, lv->size);
	for (i = 0; i < lv->rows.count; i++) {
		if (i < drop)
			lv->clear(rowlist_at(&lv->rows, i));
		else
			memcpy(rowlist_push(&page), rowlist_at(&lv->rows, i), lv->size);
	}
	for (i = 0; i < more->count; i++)
		memcpy(rowlist_push(&page), rowlist_at(more, i), lv->size);
	rowlist_free(more, NULL);
	rowlist_free(&lv->rows, NULL);
	lv->rows = page;
	lv->cursor -= (int)drop;
	if (drop > 0)
		lv->is_at_top = false;
}

/* Put MORE's rows before the page's, dropping rows from the end. */
static void
slide_up(struct listview *lv, struct rowlist *more)
{
	struct rowlist page;
	size_t keep, i, added = more->count;

	keep = (size_t)lv->height > more->count ? (size_t)lv->height - more->count : 0;
	if (keep > lv->rows.count)
		keep = lv->rows.count;
	rowlist_init(&page, lv->size);
	for (i = 0; i < more->count; i++)
		memcpy(rowlist_push(&page), rowlist_at(more, i), lv->size);
	for (i = 0; i < lv->rows.count; i++) {
		if (i < keep)
			memcpy(rowlist_push(&page), rowlist_at(&lv->rows, i), lv->size);
		else
			lv->clear(rowlist_at(&lv->rows, i));
	}
	rowlist_free(more, NULL);
	rowlist_free(&lv->rows, NULL);
	lv->rows = page;
	lv->cursor += (int)added;
}

void
listview_first(struct listview *lv, bool is_last)
{
	struct rowlist page;

	if (fetch(lv, NULL, is_last, lv->height, &page)) {
		lv->is_at_top = !is_last || page.count < (size_t)lv->height;
		take(lv, &page, is_last ? (int)page.count - 1 : 0);
	}
}

void
listview_reload(struct listview *lv)
{
	struct rowlist up, down, page;
	const void *anchor;
	size_t skip, i;
	int want;

	if (lv->rows.count == 0) {
		listview_first(lv, false);
		return;
	}
	/*
	 * The selected row anchors the page, so the cursor stays on it
	 * whatever came or went around it: the rows before it (as many as
	 * were above it on screen, or a screenful when the page began at the
	 * top, so rows new at the top show and push the cursor down), then
	 * the rows from it on. At least one row before it is read, as the
	 * keyset anchor of the rest; it is dropped when not wanted.
	 */
	want = lv->is_at_top ? lv->height - 1 : lv->cursor;
	if (!fetch(lv, listview_selected(lv), true, want > 0 ? want : 1, &up))
		return;
	anchor = up.count > 0 ? rowlist_at(&up, up.count - 1) : NULL;
	if (!fetch(lv, anchor, false, lv->height, &down)) {
		rowlist_free(&up, lv->clear);
		return;
	}
	skip = want > 0 ? 0 : up.count;
	rowlist_init(&page, lv->size);
	for (i = 0; i < up.count; i++) {
		if (i < skip)
			lv->clear(rowlist_at(&up, i));
		else
			memcpy(rowlist_push(&page), rowlist_at(&up, i), lv->size);
	}
	for (i = 0; i < down.count; i++) {
		if (page.count < (size_t)lv->height)
			memcpy(rowlist_push(&page), rowlist_at(&down, i), lv->size);
		else
			lv->clear(rowlist_at(&down, i));
	}
	lv->is_at_top = skip == 0 ? up.count < (size_t)want : up.count == 0;
	take(lv, &page, (int)(up.count - skip));
	rowlist_free(&up, NULL);
	rowlist_free(&down, NULL);
}

void
listview_set_height(struct listview *lv, int height)
{
	struct rowlist more;

	if (height < 1)
		height = 1;
	if (height == lv->height)
		return;
	lv->height = height;
	if ((int)lv->rows.count > height) {
		/* Keep the cursor on screen: drop rows from the far end. */
		while ((int)lv->rows.count > height) {
			if (lv->cursor >= height) {
				lv->is_at_top = false;
				lv->clear(rowlist_at(&lv->rows, 0));
				memmove(lv->rows.items, (char *)lv->rows.items + lv->size,
				    (lv->rows.count - 1) * lv->size);
				lv->cursor--;
			} else
				lv->clear(rowlist_at(&lv->rows, lv->rows.count - 1));
			lv->rows.count--;
		}
	} else if (lv->rows.count > 0 && fetch(lv, rowlist_at(&lv->rows,
	    lv->rows.count - 1), false, height - (int)lv->rows.count, &more))
		slide_down(lv, &more);
}

static unsigned
move_down(struct listview *lv, int by)
{
	struct rowlist more;
	int want = lv->cursor + by;

	if (lv->rows.count == 0)
		return UI_HANDLED;
	if (want < (int)lv->rows.count) {
		lv->cursor = want;
		return UI_HANDLED | UI_REDRAW;
	}
	if (!fetch(lv, rowlist_at(&lv->rows, lv->rows.count - 1), false,
	    want - (int)lv->rows.count + 1, &more))
		return UI_HANDLED | UI_REDRAW;
	lv->cursor = want;
	if (more.count > 0)
		slide_down(lv, &more);
	else
		rowlist_free(&more, NULL);
	if (lv->cursor >= (int)lv->rows.count)
		lv->cursor = (int)lv->rows.count - 1;
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
move_up(struct listview *lv, int by)
{
	struct rowlist more;
	int want = lv->cursor - by;

	if (lv->rows.count == 0)
		return UI_HANDLED;
	if (want >= 0) {
		lv->cursor = want;
		return UI_HANDLED | UI_REDRAW;
	}
	if (!fetch(lv, rowlist_at(&lv->rows, 0), true, -want, &more))
		return UI_HANDLED | UI_REDRAW;
	lv->is_at_top = more.count < (size_t)-want;
	lv->cursor = want;
	if (more.count > 0)
		slide_up(lv, &more);
	else
		rowlist_free(&more, NULL);
	if (lv->cursor < 0)
		lv->cursor = 0;
	return UI_HANDLED | UI_REDRAW;
}

unsigned
listview_handle(struct listview *lv, enum action act)
{
	switch (act) {
	case ACT_MOVE_DOWN:
		return move_down(lv, 1);
	case ACT_MOVE_UP:
		return move_up(lv, 1);
	case ACT_PAGE_DOWN:
		return move_down(lv, lv->height - 1 > 0 ? lv->height - 1 : 1);
	case ACT_PAGE_UP:
		return move_up(lv, lv->height - 1 > 0 ? lv->height - 1 : 1);
	case ACT_FIRST:
		listview_first(lv, false);
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		listview_first(lv, true);
		return UI_HANDLED | UI_REDRAW;
	default:
		return UI_NONE;
	}
}

bool
listview_select(struct listview *lv, int row)
{
	if (row < 0 || row >= (int)lv->rows.count)
		return false;
	lv->cursor = row;
	return true;
}

void *
listview_selected(const struct listview *lv)
{
	return rowlist_at(&lv->rows, (size_t)lv->cursor);
}

void
wholelist_open(struct wholelist *wl, struct session *s, size_t size,
    size_t id_at, row_clear_fn clear, wholelist_read_fn read)
{
	rowlist_init(&wl->list, size);
	wl->id_at = id_at;
	wl->clear = clear;
	wl->read = read;
	wholelist_load(wl, s, true, 0);
}

void
wholelist_close(struct wholelist *wl)
{
	rowlist_free(&wl->list, wl->clear);
}

static long long
id_of(const struct wholelist *wl, const void *row)
{
	long long id;

	memcpy(&id, (const char *)row + wl->id_at, sizeof id);
	return id;
}

const void *
wholelist_selected(const struct wholelist *wl)
{
	return wl->cursor >= 0 && (size_t)wl->cursor < wl->list.count ?
	    rowlist_at(&wl->list, (size_t)wl->cursor) : NULL;
}

void
wholelist_load(struct wholelist *wl, struct session *s, bool is_forced,
    long long keep)
{
	long long stamp = session_change_stamp(s);
	struct rowlist fresh;
	struct err err = { 0 };
	size_t i;

	if (!is_forced && stamp != 0 && stamp == wl->stamp)
		return;
	if (keep == 0 && wholelist_selected(wl) != NULL)
		keep = id_of(wl, wholelist_selected(wl));
	if (wl->read(s, &fresh, &err) != ST_OK) {
		snprintf(wl->problem, sizeof wl->problem, "%s", err.msg);
		rowlist_free(&fresh, wl->clear);
		return;
	}
	wl->problem[0] = '\0';
	rowlist_free(&wl->list, wl->clear);
	wl->list = fresh;
	wl->stamp = session_change_stamp(s);
	for (i = 0; keep != 0 && i < wl->list.count; i++)
		if (id_of(wl, rowlist_at(&wl->list, i)) == keep)
			wl->cursor = (int)i;
	if (wl->cursor >= (int)wl->list.count)
		wl->cursor = (int)wl->list.count - 1;
	if (wl->cursor < 0)
		wl->cursor = 0;
}

unsigned
wholelist_move(struct wholelist *wl, enum action act)
{
	int n = (int)wl->list.count, page = wl->height > 1 ? wl->height - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		wl->cursor = wl->cursor + 1 < n ? wl->cursor + 1 : wl->cursor;
		break;
	case ACT_MOVE_UP:
		wl->cursor = wl->cursor > 0 ? wl->cursor - 1 : 0;
		break;
	case ACT_PAGE_DOWN:
		wl->cursor = wl->cursor + page < n ? wl->cursor + page : n - 1;
		if (wl->cursor < 0)
			wl->cursor = 0;
		break;
	case ACT_PAGE_UP:
		wl->cursor = wl->cursor > page ? wl->cursor - page : 0;
		break;
	case ACT_FIRST:
		wl->cursor = 0;
		break;
	case ACT_LAST:
		wl->cursor = n > 0 ? n - 1 : 0;
		break;
	default:
		return UI_NONE;
	}
	return UI_HANDLED | UI_REDRAW;
}

bool
wholelist_select(struct wholelist *wl, int row)
{
	int i = wl->top + row;

	if (row < 0 || row >= wl->height || i >= (int)wl->list.count)
		return false;
	wl->cursor = i;
	return true;
}

void
wholelist_scroll(struct wholelist *wl, int rows)
{
	wl->height = rows < 1 ? 1 : rows;
	if (wl->cursor < wl->top)
		wl->top = wl->cursor;
	if (wl->cursor >= wl->top + wl->height)
		wl->top = wl->cursor - wl->height + 1;
	if (wl->top > (int)wl->list.count - wl->height)
		wl->top = (int)wl->list.count - wl->height;
	if (wl->top < 0)
		wl->top = 0;
}

bool
wholelist_search(struct wholelist *wl, const char *needle, int dir,
    wholelist_match_fn match)
{
	int n = (int)wl->list.count, i, k;

	for (k = 1; k <= n; k++) {
		i = ((wl->cursor + dir * k) % n + n) % n;
		if (match(rowlist_at(&wl->list, (size_t)i), needle)) {
			wl->cursor = i;
			return true;
		}
	}
	return false;
}

void
wholelist_screen_load(struct screen *sc, bool is_forced, long long keep)
{
	wholelist_load(sc->priv, tui_session(sc->tui), is_forced, keep);
}

void
wholelist_screen_reload(struct screen *sc)
{
	wholelist_screen_load(sc, false, 0);
}

void
wholelist_screen_close(struct screen *sc)
{
	wholelist_close(sc->priv);
}

bool
wholelist_draw_head(const struct wholelist *wl, int top, int cols,
    const char *head)
{
	if (wl->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, wl->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return false;
	}
	attron(theme_attr(ROLE_HEADER));
	mvhline(top, 0, ' ', cols);
	text_put(top, 1, head, cols - 2, false);
	attroff(theme_attr(ROLE_HEADER));
	return true;
}

int
wholelist_draw_footer(int top, int rows, int cols, const char *hint)
{
	if (rows < 8)
		return 0;
	attron(theme_attr(ROLE_DIM));
	mvhline(top + rows - 2, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
	attroff(theme_attr(ROLE_DIM));
	text_put(top + rows - 1, 1, hint, cols - 2, false);
	return 2;
}

unsigned
wholelist_screen_push(struct screen *sc, const struct screen_ops *ops)
{
	const struct wholelist *wl = sc->priv;
	const void *row = wholelist_selected(wl);
	long long id;

	if (row == NULL)
		return UI_HANDLED;
	id = id_of(wl, row);
	tui_push(sc->tui, ops, &id);
	return UI_HANDLED | UI_REDRAW;
}

unsigned
wholelist_screen_click(struct screen *sc, int row, bool is_double,
    const struct screen_ops *ops)
{
	if (!wholelist_select(sc->priv, row - 2))
		return UI_NONE;
	if (is_double)
		wholelist_screen_push(sc, ops);
	return UI_HANDLED | UI_REDRAW;
}
