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

/*
 * A short list read whole (customers, subscribers): read again only when
 * the database's change stamp moved, the cursor kept on the same row id.
 */
struct session;
typedef enum status (*wholelist_read_fn)(struct session *s,
    struct rowlist *out, struct err *err);

struct wholelist {
	struct rowlist     list;     /* every row, in display order */
	int                cursor, top, height;
	char               problem[512];   /* the last read's error, or "" */
	long long          stamp;    /* the database's change stamp at load */
	size_t             id_at;    /* offset of the long long id in a row */
	row_clear_fn       clear;
	wholelist_read_fn  read;
};

/* Set up WL (zeroed) for rows of SIZE bytes whose id is at ID_AT, and
 * read it. */
void  wholelist_open(struct wholelist *wl, struct session *s, size_t size,
    size_t id_at, row_clear_fn clear, wholelist_read_fn read);
void  wholelist_close(struct wholelist *wl);
/* Read the list again unless IS_FORCED is false and nothing changed; the
 * cursor goes to KEEP (a row id), else stays on the selected row. */
void  wholelist_load(struct wholelist *wl, struct session *s, bool is_forced,
    long long keep);
/* The selected row, or NULL for an empty list. */
const void *wholelist_selected(const struct wholelist *wl);
/* Move for ACT (up, down, pages, first, last); UI_NONE for other acts. */
unsigned wholelist_move(struct wholelist *wl, enum action act);
/* Select the row at list row ROW (0: the first shown); false if none. */
bool  wholelist_select(struct wholelist *wl, int row);
/* Fit the list into ROWS screen rows, the cursor in view. */
void  wholelist_scroll(struct wholelist *wl, int rows);

/* True when ROW holds NEEDLE (a screen's own columns). */
typedef bool (*wholelist_match_fn)(const void *row, const char *needle);
/* Put the cursor on the next row (DIR 1) or the one before (DIR -1) that
 * MATCH finds NEEDLE in, wrapping around; false when none does. */
bool  wholelist_search(struct wholelist *wl, const char *needle, int dir,
    wholelist_match_fn match);

/*
 * For a screen whose priv is the struct wholelist and whose rows start
 * two lines below its top (a heading, then column heads).
 */
struct screen;
struct screen_ops;
void  wholelist_screen_load(struct screen *sc, bool is_forced,
    long long keep);
void  wholelist_screen_reload(struct screen *sc);
void  wholelist_screen_close(struct screen *sc);
/* The list's read error alone on the screen (false: draw nothing more),
 * else HEAD on the heading bar at TOP. */
bool  wholelist_draw_head(const struct wholelist *wl, int top, int cols,
    const char *head);
/* With 8 rows or more, a rule and HINT on the last two of the ROWS from
 * TOP; returns the lines it took (2 or 0). */
int   wholelist_draw_footer(int top, int rows, int cols, const char *hint);
/* Push OPS with the selected row's id (nothing for an empty list). */
unsigned wholelist_screen_push(struct screen *sc,
    const struct screen_ops *ops);
/* Select the clicked row; a double click pushes OPS with its id. */
unsigned wholelist_screen_click(struct screen *sc, int row, bool is_double,
    const struct screen_ops *ops);

#endif
