/* tui/tui.c - the console (placeholder until the console lands). */
#include "config.h"

#include "tui/tui.h"

#include <curses.h>
#include <locale.h>

enum status
tui_run(struct session *s, struct err *err)
{
	(void)err;
	initscr();
	cbreak();
	noecho();
	mvprintw(0, 0, "herald - %s", db_path(s->db));
	mvprintw(2, 0, "Press q to quit.");
	refresh();
	while (getch() != 'q')
		;
	endwin();
	return ST_OK;
}
