/* tui/screen_users.c - who uses herald and with which roles; admins grant
 * and revoke roles here. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/user.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define FOOTER_ROWS 3            /* a rule, the roles, the keys */

struct users {
	struct rowlist list;             /* struct user, by login */
	int            cursor;           /* index into list */
	int            top;              /* first row shown */
	int            height;           /* list rows at the last draw */
	char           problem[512];     /* why the list could not load */
};

/* Read the list again, the cursor on KEEP (a login) when it is still
 * there, else at the same index. */
static void
load(struct screen *sc, const char *keep)
{
	struct users *u = sc->priv;
	struct err err = { 0 };
	const struct user *usr;
	char *login = keep != NULL ? xstrdup(keep) : NULL;
	size_t i;

	rowlist_free(&u->list, (row_clear_fn)user_clear);
	u->problem[0] = '\0';
	if (user_list(tui_session(sc->tui), &u->list, &err) != ST_OK) {
		snprintf(u->problem, sizeof u->problem, "%s", err.msg);
		rowlist_free(&u->list, (row_clear_fn)user_clear);
	}
	for (i = 0; login != NULL && i < u->list.count; i++) {
		usr = rowlist_at(&u->list, i);
		if (strcmp(usr->login, login) == 0) {
			u->cursor = (int)i;
			break;
		}
	}
	if (u->cursor >= (int)u->list.count)
		u->cursor = (int)u->list.count - 1;
	if (u->cursor < 0)
		u->cursor = 0;
	free(login);
}

static const struct user *
selected(const struct users *u)
{
	return rowlist_at(&u->list, (size_t)u->cursor);
}

static enum status
open_users(struct screen *sc, const void *arg, struct err *err)
{
	struct users *u = sc->priv;

	(void)arg;
	(void)err;
	rowlist_init(&u->list, sizeof(struct user));
	load(sc, NULL);
	return ST_OK;
}

static void
close_users(struct screen *sc)
{
	struct users *u = sc->priv;

	rowlist_free(&u->list, (row_clear_fn)user_clear);
}

static void
reload(struct screen *sc)
{
	const struct user *usr = selected(sc->priv);

	load(sc, usr != NULL ? usr->login : NULL);
}

/* The name to show: "(erased)" once the person's data was erased. */
static const char *
name_of(const struct user *usr)
{
	if (usr->erased_at != NULL)
		return "(erased)";
	return usr->name != NULL ? usr->name : "";
}

/* ROLES as "a, b, c" into BUF. */
static const char *
roles_text(const struct user *usr, char *buf, size_t n)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; usr->roles != NULL && usr->roles[i] != NULL && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s%s", i > 0 ? ", " : "",
		    usr->roles[i]);
	if (len == 0)
		snprintf(buf, n, "no roles");
	return buf;
}

enum ucol { C_LOGIN, C_NAME, C_EMAIL, C_ROLES, NCOLS };

/* Column widths for COLS: the natural ones, then the e-mail and name
 * columns give way (the e-mail goes first), so roles always show. */
static void
widths(const struct users *u, int cols, int w[NCOLS])
{
	static const char *const heads[NCOLS] = { "Login", "Name", "E-mail",
	    "Roles" };
	const struct user *usr;
	char buf[512];
	int c, avail, over;
	size_t i;

	for (c = 0; c < NCOLS; c++)
		w[c] = text_width(heads[c]);
	for (i = 0; i < u->list.count; i++) {
		usr = rowlist_at(&u->list, i);
		if (text_width(usr->login) > w[C_LOGIN])
			w[C_LOGIN] = text_width(usr->login);
		if (text_width(name_of(usr)) > w[C_NAME])
			w[C_NAME] = text_width(name_of(usr));
		if (usr->email != NULL && text_width(usr->email) > w[C_EMAIL])
			w[C_EMAIL] = text_width(usr->email);
		if (text_width(roles_text(usr, buf, sizeof buf)) > w[C_ROLES])
			w[C_ROLES] = text_width(buf);
	}
	if (w[C_LOGIN] > 16)
		w[C_LOGIN] = 16;
	if (w[C_NAME] > 28)
		w[C_NAME] = 28;
	if (w[C_EMAIL] > 32)
		w[C_EMAIL] = 32;
	if (w[C_ROLES] > 40)
		w[C_ROLES] = 40;
	/* Two columns of margin and two between each pair. */
	avail = cols - 2 - 2 * (NCOLS - 1) - 1;
	over = w[C_LOGIN] + w[C_NAME] + w[C_EMAIL] + w[C_ROLES] - avail;
	if (over > 0 && w[C_EMAIL] > 12) {
		c = w[C_EMAIL] - 12 < over ? w[C_EMAIL] - 12 : over;
		w[C_EMAIL] -= c;
		over -= c;
	}
	if (over > 0 && w[C_NAME] > 12) {
		c = w[C_NAME] - 12 < over ? w[C_NAME] - 12 : over;
		w[C_NAME] -= c;
		over -= c;
	}
	if (over > 0) {
		over -= w[C_EMAIL] + 2;
		w[C_EMAIL] = 0;              /* too narrow: no e-mail column */
	}
	if (over > 0)
		w[C_ROLES] -= over < w[C_ROLES] - 8 ? over : w[C_ROLES] - 8;
}

static void
draw_row(const struct user *usr, int y, int cols, const int w[NCOLS],
    bool is_sel)
{
	char buf[512];
	int x = 2;

	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	}
	text_put(y, x, usr->login, w[C_LOGIN], false);
	x += w[C_LOGIN] + 2;
	if (usr->erased_at != NULL && !is_sel)
		attron(theme_attr(ROLE_DIM));
	text_put(y, x, name_of(usr), w[C_NAME], false);
	if (usr->erased_at != NULL && !is_sel)
		attroff(theme_attr(ROLE_DIM));
	x += w[C_NAME] + 2;
	if (w[C_EMAIL] > 0) {
		text_put(y, x, usr->email != NULL ? usr->email : "", w[C_EMAIL], false);
		x += w[C_EMAIL] + 2;
	}
	text_put(y, x, roles_text(usr, buf, sizeof buf), cols - x - 1, false);
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

static void
draw_footer(int y, int cols)
{
	const char *const *r;
	char line[512];
	size_t len;

	attron(theme_attr(ROLE_DIM));
	mvhline(y, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
	attroff(theme_attr(ROLE_DIM));
	len = (size_t)snprintf(line, sizeof line, "Roles:");
	for (r = role_names(); *r != NULL && len < sizeof line; r++)
		len += (size_t)snprintf(line + len, sizeof line - len, " %s", *r);
	text_put(y + 1, 1, line, cols - 2, false);
	text_put(y + 2, 1, "+ grants a role to the selected user, - revokes one "
	    "(admins only).", cols - 2, false);
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	static const char *const heads[NCOLS] = { "Login", "Name", "E-mail",
	    "Roles" };
	struct users *u = sc->priv;
	int w[NCOLS], c, x = 2, i, footer = rows >= 10 ? FOOTER_ROWS : 0;

	if (u->problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(top + 1, 2, u->problem, cols - 4, false);
		attroff(theme_attr(ROLE_ERROR));
		return;
	}
	widths(u, cols, w);
	attron(theme_attr(ROLE_HEADER));
	mvhline(top, 0, ' ', cols);
	for (c = 0; c < NCOLS; c++) {
		if (w[c] == 0)
			continue;
		text_put(top, x, heads[c], c == C_ROLES ? cols - x - 1 : w[c], false);
		x += w[c] + 2;
	}
	attroff(theme_attr(ROLE_HEADER));
	u->height = rows - 1 - footer;
	if (u->cursor < u->top)
		u->top = u->cursor;
	if (u->cursor >= u->top + u->height)
		u->top = u->cursor - u->height + 1;
	if (u->top > (int)u->list.count - u->height)
		u->top = (int)u->list.count - u->height;
	if (u->top < 0)
		u->top = 0;
	if (u->list.count == 0)
		text_put(top + 1, 2, "No users yet.", cols - 4, false);
	for (i = 0; i < u->height && u->top + i < (int)u->list.count; i++)
		draw_row(rowlist_at(&u->list, (size_t)(u->top + i)), top + 1 + i, cols,
		    w, u->top + i == u->cursor);
	if (footer > 0)
		draw_footer(top + rows - footer, cols);
}

/* Ask for a role and grant it to (IS_GRANT) or revoke it from the
 * selected user; core decides who may. */
static unsigned
change_role(struct screen *sc, bool is_grant)
{
	struct users *u = sc->priv;
	struct session *s = tui_session(sc->tui);
	const struct user *usr = selected(u);
	struct err err = { 0 };
	char question[128], role[64], *login, *p;
	enum status st;

	if (usr == NULL)
		return UI_HANDLED;
	if (is_grant)
		snprintf(question, sizeof question, "Grant %s the role:", usr->login);
	else
		snprintf(question, sizeof question, "Revoke from %s the role:",
		    usr->login);
	if (!tui_prompt(sc->tui, question, role, sizeof role))
		return UI_HANDLED | UI_REDRAW;
	p = text_trim(role);
	if (*p == '\0') {
		tui_message(sc->tui, "no role given; nothing changed");
		return UI_HANDLED | UI_REDRAW;
	}
	login = xstrdup(usr->login);
	st = is_grant ? user_grant(s, login, p, &err) : user_revoke(s, login, p,
	    &err);
	if (st != ST_OK) {
		tui_message(sc->tui, "%s", err.msg);
		free(login);
		return UI_HANDLED | UI_REDRAW;
	}
	if (strcmp(login, s->login) == 0 && session_reload(s, &err) != ST_OK)
		tui_message(sc->tui, "%s", err.msg);
	else
		tui_message(sc->tui, is_grant ? "%s now has the role %s" :
		    "%s no longer has the role %s", login, p);
	load(sc, login);
	free(login);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct users *u = sc->priv;
	int n = (int)u->list.count, page = u->height > 1 ? u->height - 1 : 1;

	switch (act) {
	case ACT_MOVE_DOWN:
		u->cursor = u->cursor + 1 < n ? u->cursor + 1 : u->cursor;
		return UI_HANDLED | UI_REDRAW;
	case ACT_MOVE_UP:
		u->cursor = u->cursor > 0 ? u->cursor - 1 : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_DOWN:
		u->cursor = u->cursor + page < n ? u->cursor + page : n - 1;
		if (u->cursor < 0)
			u->cursor = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_PAGE_UP:
		u->cursor = u->cursor > page ? u->cursor - page : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_FIRST:
		u->cursor = 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_LAST:
		u->cursor = n > 0 ? n - 1 : 0;
		return UI_HANDLED | UI_REDRAW;
	case ACT_GRANT:
		return change_role(sc, true);
	case ACT_REVOKE:
		return change_role(sc, false);
	default:
		return UI_NONE;
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct users *u = sc->priv;
	int i = u->top + row - 1;

	(void)col;
	(void)is_double;
	if (row < 1 || row > u->height || i >= (int)u->list.count)
		return UI_NONE;
	u->cursor = i;
	return UI_HANDLED | UI_REDRAW;
}

/* The next user whose login, name, e-mail or a role holds NEEDLE,
 * wrapping around. */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct users *u = sc->priv;
	const struct user *usr;
	char buf[512];
	int n = (int)u->list.count, i, k;

	(void)is_new;  /* each search starts from the cursor anyway */
	for (k = 1; k <= n; k++) {
		i = ((u->cursor + dir * k) % n + n) % n;
		usr = rowlist_at(&u->list, (size_t)i);
		if (text_contains(usr->login, needle) || text_contains(usr->name, needle) ||
		    text_contains(usr->email, needle) ||
		    text_contains(roles_text(usr, buf, sizeof buf), needle)) {
			u->cursor = i;
			return true;
		}
	}
	return false;
}

const struct screen_ops screen_users_ops = {
	.name = "users",
	.title = "Users and roles",
	.priv_size = sizeof(struct users),
	.open = open_users,
	.close = close_users,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
