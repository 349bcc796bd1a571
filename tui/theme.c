/* tui/theme.c - maps roles to attributes, in colour or monochrome. */
#include "config.h"

#include "tui/theme.h"

#include <stdlib.h>
#include <string.h>

static attr_t attrs[ROLE_COUNT];
static bool has_color;

void
theme_init(void)
{
	static const struct {
		enum role role;
		short     fg;
		attr_t    extra;
	} colours[] = {
		{ ROLE_CRITICAL, COLOR_RED, A_BOLD },
		{ ROLE_HIGH, COLOR_RED, 0 },
		{ ROLE_MEDIUM, COLOR_YELLOW, 0 },
		{ ROLE_GOOD, COLOR_GREEN, 0 },
		{ ROLE_WARN, COLOR_YELLOW, A_BOLD },
		{ ROLE_BAD, COLOR_RED, A_BOLD },
		{ ROLE_ERROR, COLOR_RED, A_BOLD },
		{ ROLE_HEADER, COLOR_CYAN, A_BOLD },
	};
	const char *nc = getenv("NO_COLOR");
	size_t i;

	/* Monochrome first: every role still reads without colour. */
	attrs[ROLE_NORMAL] = A_NORMAL;
	attrs[ROLE_TITLE] = A_BOLD;
	attrs[ROLE_STATUS] = A_REVERSE;
	attrs[ROLE_HEADER] = A_BOLD | A_UNDERLINE;
	attrs[ROLE_SELECTED] = A_REVERSE;
	attrs[ROLE_ERROR] = A_BOLD;
	attrs[ROLE_MESSAGE] = A_BOLD;
	attrs[ROLE_DIM] = A_DIM;
	attrs[ROLE_CRITICAL] = A_BOLD;
	attrs[ROLE_HIGH] = A_BOLD;
	attrs[ROLE_MEDIUM] = A_NORMAL;
	attrs[ROLE_GOOD] = A_NORMAL;
	attrs[ROLE_WARN] = A_BOLD;
	attrs[ROLE_BAD] = A_BOLD;
	has_color = false;
	if (!has_colors() || (nc != NULL && *nc != '\0') || start_color() != OK)
		return;
	use_default_colors();
	for (i = 0; i < sizeof colours / sizeof colours[0]; i++) {
		init_pair((short)(i + 1), colours[i].fg, -1);
		attrs[colours[i].role] = COLOR_PAIR(i + 1) | colours[i].extra;
	}
	has_color = true;
}

bool
theme_has_color(void)
{
	return has_color;
}

attr_t
theme_attr(enum role role)
{
	return (unsigned)role < ROLE_COUNT ? attrs[role] : A_NORMAL;
}

enum role
theme_severity(const char *severity)
{
	if (severity == NULL)
		return ROLE_NORMAL;
	if (strcmp(severity, "critical") == 0)
		return ROLE_CRITICAL;
	if (strcmp(severity, "high") == 0)
		return ROLE_HIGH;
	if (strcmp(severity, "medium") == 0)
		return ROLE_MEDIUM;
	return ROLE_NORMAL;
}
