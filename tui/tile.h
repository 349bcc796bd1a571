/* tui/tile.h - one box of the home screen: what needs attention. */
#ifndef HERALD_TUI_TILE_H
#define HERALD_TUI_TILE_H

#include "core/session.h"
#include "tui/screen.h"

/*
 * A tile reads its few figures, draws them in a box the home screen
 * gives it, and names the screen that Enter on it opens. Each tile is one
 * small module; later features add theirs to the list in screen_home.c.
 */
struct tile_ops {
	const char *title;
	size_t      priv_size;
	/* Read the figures; an error shows in the tile, not as a failure. */
	enum status (*load)(void *priv, struct session *s, struct err *err);
	void        (*free)(void *priv);
	/* How many lines the tile wants; 0: nothing to say now, and the
	 * home screen leaves the tile out. */
	int         (*lines)(const void *priv);
	/* Draw inside the box at Y, X, ROWS by COLS. */
	void        (*draw)(const void *priv, int y, int x, int rows, int cols);
	/* The screen Enter opens, or NULL. */
	const struct screen_ops *opens;
};

extern const struct tile_ops tile_incidents_ops;
extern const struct tile_ops tile_comms_ops;
extern const struct tile_ops tile_eol_ops;
extern const struct tile_ops tile_clocks_ops;
extern const struct tile_ops tile_approvals_ops;

#endif
