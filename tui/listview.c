/* tui/listview.c - keeps a page of rows and slides it by keyset fetches. */
#include "config.h"

#include "tui/listview.h"

#include <stdio.h>
#include <string.h>

#include "tui/screen.h"

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
