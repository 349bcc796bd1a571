/* tui/theme.h - colour roles: screens draw with roles, never raw colours. */
#ifndef HERALD_TUI_THEME_H
#define HERALD_TUI_THEME_H

#include <curses.h>
#include <stdbool.h>

enum role {
	ROLE_NORMAL, ROLE_TITLE, ROLE_STATUS, ROLE_HEADER, ROLE_SELECTED,
	ROLE_ERROR, ROLE_MESSAGE, ROLE_DIM, ROLE_CRITICAL, ROLE_HIGH,
	ROLE_MEDIUM, ROLE_GOOD, ROLE_WARN, ROLE_BAD, ROLE_COUNT
};

/* Pick the colour scheme: colours when the terminal has them and NO_COLOR
 * is unset, else monochrome attributes only. */
void   theme_init(void);
bool   theme_has_color(void);
attr_t theme_attr(enum role role);
/* The role for an incident severity ("critical", ...). */
enum role theme_severity(const char *severity);

#endif
