/* tui/keymap.h - which key does what, per screen and everywhere. */
#ifndef HERALD_TUI_KEYMAP_H
#define HERALD_TUI_KEYMAP_H

#include <stddef.h>

#include "tui/actions.h"

/* The action KEY (a curses key code) does on the screen SECTION, falling
 * back to the global bindings; ACT_NONE when unbound. */
enum action keymap_lookup(const char *section, int key);
/* The keys bound to ACT in SECTION (or globally), as "j, Down", into BUF. */
char       *keymap_keys(const char *section, enum action act, char *buf,
    size_t n);
/* The config name, help group and help text of ACT. */
const char *action_name(enum action act);
const char *action_group(enum action act);
const char *action_help(enum action act);

#endif
