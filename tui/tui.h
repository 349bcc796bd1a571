/* tui/tui.h - the console's entry point. */
#ifndef HERALD_TUI_TUI_H
#define HERALD_TUI_TUI_H

#include "core/session.h"

/* Run the console on S until the person quits. */
enum status tui_run(struct session *s, struct err *err);

#endif
