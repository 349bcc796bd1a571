/* tui/screen_compliance.c - (to be written). */
#include "config.h"

#include "tui/screen.h"

static enum status
open_screen(struct screen *sc, const void *arg, struct err *err)
{
	(void)sc;
	(void)arg;
	(void)err;
	return ST_OK;
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	(void)sc;
	(void)top;
	(void)rows;
	(void)cols;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	(void)sc;
	(void)act;
	return UI_NONE;
}

const struct screen_ops screen_compliance_ops = {
	.name = "compliance",
	.title = "Compliance",
	.open = open_screen,
	.draw = draw,
	.handle = handle,
};
