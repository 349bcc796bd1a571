/* tui/keymap.c - the key table: the same key does the same thing everywhere. */
#include "config.h"

#include "tui/keymap.h"

#include <curses.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#define KEY_ESCAPE 27
#define KEY_TAB    '\t'
#define KEY_CTRL_L 12
#define KEY_RETURN '\n'
#define KEY_CTRL_S 19

struct binding {
	const char *section;         /* "global" or a screen's name */
	int         key;
	enum action act;
};

/* Screens add their own sections here; "global" is looked up last. */
static const struct binding bindings[] = {
	{ "global", 'j', ACT_MOVE_DOWN },     { "global", KEY_DOWN, ACT_MOVE_DOWN },
	{ "global", 'k', ACT_MOVE_UP },       { "global", KEY_UP, ACT_MOVE_UP },
	{ "global", 'h', ACT_MOVE_LEFT },     { "global", KEY_LEFT, ACT_MOVE_LEFT },
	{ "global", 'l', ACT_MOVE_RIGHT },    { "global", KEY_RIGHT, ACT_MOVE_RIGHT },
	{ "global", KEY_NPAGE, ACT_PAGE_DOWN }, { "global", ' ', ACT_PAGE_DOWN },
	{ "global", KEY_PPAGE, ACT_PAGE_UP }, { "global", 'b', ACT_PAGE_UP },
	{ "global", 'g', ACT_FIRST },         { "global", KEY_HOME, ACT_FIRST },
	{ "global", 'G', ACT_LAST },          { "global", KEY_END, ACT_LAST },
	{ "global", KEY_TAB, ACT_NEXT_PANE },
	{ "global", KEY_RETURN, ACT_OPEN },   { "global", KEY_ENTER, ACT_OPEN },
	{ "global", '\r', ACT_OPEN },
	{ "global", 'q', ACT_BACK },          { "global", KEY_ESCAPE, ACT_BACK },
	{ "global", 'Q', ACT_QUIT },
	{ "global", '?', ACT_HELP },          { "global", KEY_F(1), ACT_HELP },
	{ "global", KEY_CTRL_L, ACT_REFRESH }, { "global", KEY_F(5), ACT_REFRESH },
	{ "global", '/', ACT_SEARCH },
	{ "global", 'n', ACT_SEARCH_NEXT },   { "global", 'N', ACT_SEARCH_PREV },
	{ "global", 'H', ACT_GO_HOME },       { "global", 'I', ACT_GO_INCIDENTS },
	{ "global", 'P', ACT_GO_PRODUCTS },   { "global", 'A', ACT_GO_AUDIT },
	{ "global", 'U', ACT_GO_USERS },      { "global", 'W', ACT_GO_APPROVALS },
	{ "global", 'K', ACT_GO_COMPLIANCE },
	{ "incidents", 's', ACT_SORT },       { "incidents", 'f', ACT_FILTER },
	{ "incidents", 'c', ACT_CLEAR },
	/* n opens an incident here, so the next match moves to >. */
	{ "incidents", 'n', ACT_NEW },        { "incidents", '>', ACT_SEARCH_NEXT },
	{ "incidents", '<', ACT_SEARCH_PREV },
	{ "audit", 'f', ACT_FILTER },         { "audit", 'c', ACT_CLEAR },
	{ "incident", 'e', ACT_EDIT },        { "incident", 'c', ACT_START },
	{ "incident", 'p', ACT_PREVIEW },
	{ "products", 'c', ACT_START },
	{ "preview", KEY_TAB, ACT_MOVE_RIGHT }, { "preview", KEY_BTAB, ACT_MOVE_LEFT },
	/* One communication waiting for a decision: read, then decide. */
	{ "approval", 'a', ACT_APPROVE },     { "approval", 'r', ACT_REJECT },
	{ "approval", 'p', ACT_PREVIEW },
	{ "users", '+', ACT_GRANT },          { "users", '-', ACT_REVOKE },
	/* Home opens the delivery screens; their own keys act on a row. */
	{ "home", 'S', ACT_GO_SUBSCRIBERS },  { "home", 'C', ACT_GO_CUSTOMERS },
	{ "home", 'O', ACT_GO_CHANNELS },
	{ "home", 'T', ACT_GO_TRUST },        { "home", 'B', ACT_GO_BREACHES },
	{ "home", 'D', ACT_GO_DRILLS },
	/* The SRO's dashboard, and the pieces an assessor asks for. */
	{ "compliance", 'e', ACT_EVALUATE },  { "compliance", 'v', ACT_HISTORY },
	{ "compliance", 'x', ACT_EXPORT },
	{ "trust", 'a', ACT_ADD },            { "trust", 'e', ACT_EDIT },
	{ "trust", 'd', ACT_DELETE },         { "trust", 'x', ACT_EXPORT },
	{ "trust", '+', ACT_MOVE_ROW_DOWN },  { "trust", '-', ACT_MOVE_ROW_UP },
	{ "breaches", 'a', ACT_ADD },         { "breaches", 'e', ACT_EDIT },
	{ "breaches", 'x', ACT_EXPORT },
	{ "drills", 's', ACT_START_DRILL },   { "drills", 'f', ACT_FINISH_DRILL },
	{ "subscribers", 'a', ACT_ADD },      { "subscribers", 'd', ACT_ERASE },
	{ "customers", 'a', ACT_ADD },        { "customers", 'd', ACT_ADD_DEPLOYMENT },
	{ "customer", 'd', ACT_ADD_DEPLOYMENT },
	{ "channels", 'R', ACT_RETRY },       { "channels", 'X', ACT_CANCEL_MESSAGE },
	{ "channels", 'p', ACT_SEND_DUE },
	/* The runner: Tab and Enter go into the form; while a field is
	 * typed in, the screen takes the keys before this table. */
	{ "runner", KEY_TAB, ACT_NEXT_FIELD }, { "runner", KEY_BTAB, ACT_PREV_FIELD },
	{ "runner", 'd', ACT_MARK_DONE },     { "runner", 'o', ACT_REOPEN },
	{ "runner", 'S', ACT_SUBMIT },        { "runner", 'u', ACT_UPDATE },
	{ "runner", 'D', ACT_PUBLISH },
	{ "runner", 'p', ACT_PREVIEW },       { "runner", 'e', ACT_EDIT },
	{ "runner", ' ', ACT_CHOOSE },
	{ "runner", 'm', ACT_KEEP_MINE },     { "runner", 't', ACT_TAKE_THEIRS },
	/* The new-incident form types every other key into its fields. */
	{ "new-incident", KEY_TAB, ACT_NEXT_FIELD },
	{ "new-incident", KEY_DOWN, ACT_NEXT_FIELD },
	{ "new-incident", KEY_BTAB, ACT_PREV_FIELD },
	{ "new-incident", KEY_UP, ACT_PREV_FIELD },
	{ "new-incident", ' ', ACT_CHOOSE },  { "new-incident", 'e', ACT_EDIT },
	{ "new-incident", KEY_F(2), ACT_CREATE },
	{ "new-incident", KEY_CTRL_S, ACT_CREATE },
	{ "new-incident", KEY_ESCAPE, ACT_CANCEL },
	{ "new-incident", KEY_F(1), ACT_HELP }, { "new-incident", '?', ACT_HELP },
	{ "new-incident", KEY_CTRL_L, ACT_REFRESH },
};

/* Screens whose own section is all their keys: a form typing into its
 * fields has no use for the global ones (q, j, / are letters there). */
static const char *const closed[] = { "new-incident" };

static bool
is_closed(const char *section)
{
	size_t i;

	for (i = 0; section != NULL && i < sizeof closed / sizeof closed[0]; i++)
		if (strcmp(closed[i], section) == 0)
			return true;
	return false;
}

static const struct {
	const char *name, *group, *help;
} actions[] = {
#define X(id, name, group, help) { name, group, help },
	ACTION_LIST(X)
#undef X
};

enum action
keymap_lookup(const char *section, int key)
{
	size_t i;

	for (i = 0; section != NULL && i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key && strcmp(bindings[i].section, section) == 0)
			return bindings[i].act;
	if (is_closed(section))
		return ACT_NONE;
	for (i = 0; i < sizeof bindings / sizeof bindings[0]; i++)
		if (bindings[i].key == key && strcmp(bindings[i].section, "global") == 0)
			return bindings[i].act;
	return ACT_NONE;
}

/* A person's name for KEY: "j", "Down", "Enter", "Esc". */
static const char *
key_label(int key, char *buf, size_t n)
{
	static const struct { int key; const char *name; } named[] = {
		{ KEY_DOWN, "Down" }, { KEY_UP, "Up" }, { KEY_LEFT, "Left" },
		{ KEY_RIGHT, "Right" }, { KEY_NPAGE, "PgDn" }, { KEY_PPAGE, "PgUp" },
		{ KEY_BTAB, "Shift-Tab" },
		{ KEY_HOME, "Home" }, { KEY_END, "End" }, { KEY_TAB, "Tab" },
		{ KEY_RETURN, "Enter" }, { KEY_ESCAPE, "Esc" }, { ' ', "Space" },
		{ KEY_CTRL_L, "Ctrl-L" }, { KEY_CTRL_S, "Ctrl-S" },
		{ KEY_F(1), "F1" }, { KEY_F(2), "F2" }, { KEY_F(5), "F5" },
	};
	size_t i;

	for (i = 0; i < sizeof named / sizeof named[0]; i++)
		if (named[i].key == key)
			return named[i].name;
	if (key == KEY_ENTER || key == '\r')
		return NULL;            /* shown once, as Enter */
	snprintf(buf, n, "%c", key > 32 && key < 127 ? key : '?');
	return buf;
}

char *
keymap_keys(const char *section, enum action act, char *buf, size_t n)
{
	const char *label;
	char one[8];
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof bindings / sizeof bindings[0] && len < n; i++) {
		if (strcmp(bindings[i].section, "global") == 0 && is_closed(section))
			continue;
		if (bindings[i].act != act || (strcmp(bindings[i].section, "global") != 0 &&
		    (section == NULL || strcmp(bindings[i].section, section) != 0)))
			continue;
		/* A screen's own binding hides the global one for that key. */
		if (strcmp(bindings[i].section, "global") == 0 &&
		    keymap_lookup(section, bindings[i].key) != act)
			continue;
		if ((label = key_label(bindings[i].key, one, sizeof one)) == NULL)
			continue;
		len += (size_t)snprintf(buf + len, n - len, "%s%s",
		    len > 0 ? ", " : "", label);
	}
	return buf;
}

const char *
action_name(enum action act)
{
	return (unsigned)act < ACT_COUNT ? actions[act].name : "?";
}

const char *
action_group(enum action act)
{
	return (unsigned)act < ACT_COUNT ? actions[act].group : "?";
}

const char *
action_help(enum action act)
{
	return (unsigned)act < ACT_COUNT ? actions[act].help : "?";
}
