/* tui/listview.h - a list that holds only the rows on screen (keyset paging). */
#ifndef HERALD_TUI_LISTVIEW_H
#define HERALD_TUI_LISTVIEW_H

#include <stdbool.h>

#include "storage/records.h"
#include "util/err.h"
#include "tui/actions.h"

/*
 * Fetch up to LIMIT rows into OUT (an initialised, empty rowlist), in
 * display order: those after ANCHOR (NULL: from the start), or with
 * IS_BACKWARD those before ANCHOR (NULL: the last rows), still returned in
 * display order. A screen implements this with a keyset query, so no page
 * costs more than the rows it returns, however long the list.
 */
typedef enum status (*listview_fetch_fn)(void *ctx, const void *anchor,
    bool is_backward, int limit, struct rowlist *out, struct err *err);

struct listview {
	struct rowlist     rows;     /* the rows on screen, in display order */
	int                cursor;   /* index of the selected row in rows */
	int                height;   /* rows that fit, set by listview_draw_rows */
	bool               is_at_top;  /* the page began at the list's first row
	                                * when it was last read */
	size_t             size;     /* sizeof one row */
	row_clear_fn       clear;
	listview_fetch_fn  fetch;
	void              *ctx;
	char               problem[256];   /* the last fetch's error, or "" */
};

void  listview_init(struct listview *lv, size_t size, row_clear_fn clear,
    listview_fetch_fn fetch, void *ctx);
void  listview_free(struct listview *lv);
/* Read the first page (IS_LAST: the last page). */
void  listview_first(struct listview *lv, bool is_last);
/* Read the page again around the selected row, keeping the cursor on it;
 * a page at the top of the list stays there, so new rows above show. */
void  listview_reload(struct listview *lv);
/* Move for ACT (up, down, pages, first, last); returns UI_* bits. */
unsigned listview_handle(struct listview *lv, enum action act);
/* Select the row at screen row ROW; false if there is none. */
bool  listview_select(struct listview *lv, int row);
/* The selected row, or NULL for an empty list. */
void *listview_selected(const struct listview *lv);
/* Set how many rows fit; fetches more if the page is now too short. */
void  listview_set_height(struct listview *lv, int height);

#endif
