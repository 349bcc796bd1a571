/* tui/loop.c - the console's one event loop, its screen stack and its lines. */
#include "config.h"

#include "tui/tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/clock.h"
#include "core/deadline.h"
#include "tui/form_view.h"
#include "tui/keymap.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define STACK_MAX    16
#define MIN_COLS     60
#define MIN_ROWS     15
#define TICK_MS      1000        /* so clocks tick and data refreshes */
#define MODAL_MS     100         /* how soon a modal notices Ctrl-C */
#define RELOAD_TICKS 5           /* read the data again every 5 s */
#define KEY_ESCAPE   27

struct tui {
	struct session *s;
	struct screen   stack[STACK_MAX];
	int             depth;
	char            message[512];
	bool            is_error;
	char            search[256];
	int             ticks;
	/* The nearest running clock, read with the data (every RELOAD_TICKS
	 * and on reload), not on every key: the status line shows it. */
	struct deadline nearest;
	bool            has_nearest;
	long long       nearest_stamp;   /* the database's change stamp then */
};

/* Set from signal handlers only; the loop acts on them. */
static volatile sig_atomic_t got_stop;

static void
on_stop(int sig)
{
	(void)sig;
	got_stop = 1;
}

/* A fatal signal: put the terminal back before dying of it. endwin() is
 * not async-signal-safe, but the process is about to end either way, and
 * a terminal left in raw mode is worse. */
static void
on_fatal(int sig)
{
	endwin();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
die_hook(void)
{
	if (!isendwin())
		endwin();
}

static void
signals_set(bool is_on)
{
	static const int stops[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	static const int fatals[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = is_on ? on_stop : SIG_DFL;
	for (i = 0; i < sizeof stops / sizeof stops[0]; i++)
		sigaction(stops[i], &sa, NULL);
	sa.sa_handler = is_on ? on_fatal : SIG_DFL;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < sizeof fatals / sizeof fatals[0]; i++)
		sigaction(fatals[i], &sa, NULL);
}

struct session *
tui_session(struct tui *t)
{
	return t->s;
}

void
tui_message(struct tui *t, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->message, sizeof t->message, fmt, ap);
	va_end(ap);
	t->is_error = false;
}

void
tui_error(struct tui *t, const struct err *err)
{
	snprintf(t->message, sizeof t->message, "%s", err->msg);
	t->is_error = true;
}

static struct screen *
top(struct tui *t)
{
	return t->depth > 0 ? &t->stack[t->depth - 1] : NULL;
}

enum status
tui_push(struct tui *t, const struct screen_ops *ops, const void *arg)
{
	struct screen *sc;
	struct err err = { 0 };
	enum status st;

	if (t->depth == STACK_MAX) {
		tui_message(t, "too many screens open; go back first");
		return ST_INVALID;
	}
	sc = &t->stack[t->depth];
	memset(sc, 0, sizeof *sc);
	sc->ops = ops;
	sc->tui = t;
	sc->priv = ops->priv_size > 0 ? xcalloc(1, ops->priv_size) : NULL;
	if ((st = ops->open(sc, arg, &err)) != ST_OK) {
		if (ops->close != NULL)
			ops->close(sc);
		free(sc->priv);
		tui_error(t, &err);
		return st;
	}
	t->depth++;
	return ST_OK;
}

static void
pop(struct tui *t)
{
	struct screen *sc = top(t);

	if (sc == NULL)
		return;
	if (sc->ops->close != NULL)
		sc->ops->close(sc);
	free(sc->priv);
	t->depth--;
	/* The screen below gets focus: another process may have changed
	 * what it shows. */
	if ((sc = top(t)) != NULL && sc->ops->reload != NULL)
		sc->ops->reload(sc);
}

/* Go to OPS: back down the stack if it is open, else open it over home. */
static void
go_to(struct tui *t, const struct screen_ops *ops)
{
	int i;

	for (i = t->depth - 1; i >= 0; i--) {
		if (t->stack[i].ops == ops) {
			while (t->depth > i + 1)
				pop(t);
			return;
		}
	}
	while (t->depth > 1)
		pop(t);
	if (ops != &screen_home_ops)
		tui_push(t, ops, NULL);
}

static void
draw_title(struct tui *t)
{
	struct screen *sc = top(t);
	char line[512];
	int used;

	attron(theme_attr(ROLE_TITLE));
	snprintf(line, sizeof line, " herald %s %s", text_is_utf8() ? "\u203a" : ">",
	    sc != NULL ? sc->ops->title : "");
	mvhline(0, 0, ' ', COLS);
	used = text_put(0, 0, line, COLS, false);
	if (COLS - used > 12)
		text_put(0, used + 2, session_path(t->s), COLS - used - 3, false);
	attroff(theme_attr(ROLE_TITLE));
}

/* Read the nearest running clock again; a failure shows no clock
 * rather than a stale one. */
static void
read_nearest(struct tui *t)
{
	long long stamp = session_change_stamp(t->s);
	struct rowlist l;

	/* Working the clocks out reads every running communication: skip it
	 * while nothing in the database changed (the time left is worked
	 * out from the due time at each draw). */
	if (stamp != 0 && stamp == t->nearest_stamp)
		return;
	t->nearest_stamp = stamp;
	deadline_clear(&t->nearest);
	t->has_nearest = false;
	if (deadline_running(t->s, 1, &l, NULL) == ST_OK && l.count > 0) {
		t->nearest = *(struct deadline *)rowlist_at(&l, 0);
		memset(rowlist_at(&l, 0), 0, sizeof t->nearest); /* now ours */
		t->has_nearest = true;
	}
	rowlist_free(&l, (row_clear_fn)deadline_clear);
}

/* "SEC-2026-004 regulator 5 h 20 min left", or no clocks running. */
static void
nearest_text(const struct tui *t, char *buf, size_t n, bool *is_overdue)
{
	const struct deadline *d = &t->nearest;
	time_t now = clock_now();
	char left[64];

	*is_overdue = false;
	if (!t->has_nearest) {
		snprintf(buf, n, "no clocks running");
		return;
	}
	*is_overdue = deadline_is_overdue(d, now);
	snprintf(buf, n, "%s %s %s", d->incident_ref != NULL ?
	    d->incident_ref : "", d->clock_id, deadline_left(d, now, left,
	    sizeof left));
}

/* The status line: who, roles, and the last message or the main keys. */
static void
draw_status(struct tui *t)
{
	const struct user *u = &t->s->user;
	static const char hint[] = " ?:help q:back Q:quit ";
	char line[512], roles[256] = "", clocks[256];
	size_t i, len = 0;
	int hintw = (int)sizeof hint - 1, y = LINES - 1, used;
	bool is_overdue;

	for (i = 0; u->roles != NULL && u->roles[i] != NULL && len < sizeof roles; i++)
		len += (size_t)snprintf(roles + len, sizeof roles - len, "%s%s",
		    i > 0 ? "," : "", u->roles[i]);
	attron(theme_attr(ROLE_STATUS));
	mvhline(y, 0, ' ', COLS);
	if (t->message[0] != '\0') {
		if (t->is_error)
			attron(A_BOLD);
		text_put(y, 1, t->message, COLS - hintw - 2, false);
		attroff(A_BOLD);
	} else {
		if (u->id == 0)
			snprintf(line, sizeof line, "%s  read-only: not a herald user",
			    t->s->login);
		else
			snprintf(line, sizeof line, "%s  %s  ", t->s->login,
			    roles[0] != '\0' ? roles : "no roles");
		used = text_put(y, 1, line, COLS - hintw - 2, false);
		if (u->id != 0 && used < COLS - hintw - 2) {
			nearest_text(t, clocks, sizeof clocks, &is_overdue);
			if (is_overdue)
				attron(A_BOLD);
			text_put(y, 1 + used, clocks, COLS - hintw - 2 - used,
			    false);
			attroff(A_BOLD);
		}
	}
	text_put(y, COLS - hintw, hint, hintw, false);
	attroff(theme_attr(ROLE_STATUS));
}

/* Show the cursor where the screen types, or hide it. */
static void
place_cursor(struct screen *sc)
{
	int y, x;

	if (sc != NULL && sc->ops->cursor != NULL && sc->ops->cursor(sc, &y, &x)) {
		curs_set(1);
		move(y, x);
	} else
		curs_set(0);
}

static void
draw(struct tui *t)
{
	struct screen *sc = top(t);
	char need[64], have[64];

	erase();
	if (COLS < MIN_COLS || LINES < MIN_ROWS) {
		/* One line if it fits, else two: a narrow terminal still
		 * reads its own size. */
		snprintf(need, sizeof need, "herald needs at least %dx%d;",
		    MIN_COLS, MIN_ROWS);
		snprintf(have, sizeof have, "this terminal is %dx%d.", COLS,
		    LINES);
		if (text_width(need) + 1 + text_width(have) <= COLS) {
			text_put(0, 0, need, COLS, false);
			text_put(0, text_width(need) + 1, have, COLS, false);
		} else {
			text_put(0, 0, need, COLS, false);
			text_put(1, 0, have, COLS, false);
		}
		refresh();
		return;
	}
	draw_title(t);
	if (sc != NULL) {
		sc->rows = LINES - 2;
		sc->ops->draw(sc, 1, LINES - 2, COLS);
	}
	draw_status(t);
	place_cursor(sc);
	refresh();
}

void
tui_frame(struct tui *t)
{
	if (COLS < MIN_COLS || LINES < MIN_ROWS)
		return;
	draw_title(t);
	draw_status(t);
}

/* A signal can land between a check of got_stop and a blocking read, and
 * no key would follow to wake it: so wait in short slices, looking at
 * got_stop between them. */
bool
tui_wait_key(int *rc, wint_t *ch)
{
	bool is_key = false;

	timeout(MODAL_MS);
	while (!got_stop) {
		errno = 0;
		if ((*rc = get_wch(ch)) != ERR) {
			is_key = true;
			break;
		}
		if (errno != 0 && errno != EINTR)
			break;                  /* the terminal went away */
	}
	timeout(TICK_MS);
	return is_key;
}

bool
tui_prompt(struct tui *t, const char *question, char *buf, size_t n)
{
	struct line_edit le = { 0 };
	bool is_changed, is_done = false, is_kept = false;
	char *text;
	size_t len;
	wint_t ch;
	int rc, x, cx;

	line_edit_set(&le, NULL);
	curs_set(1);
	while (!is_done) {
		attron(theme_attr(ROLE_STATUS));
		mvhline(LINES - 1, 0, ' ', COLS);
		x = text_put(LINES - 1, 1, question, COLS - 20, false) + 2;
		cx = line_edit_draw(&le, LINES - 1, x, COLS - x - 1);
		attroff(theme_attr(ROLE_STATUS));
		move(LINES - 1, cx);
		refresh();
		if (!tui_wait_key(&rc, &ch))
			is_done = true;         /* the loop acts on it */
		else if (rc == KEY_CODE_YES && ch == KEY_RESIZE) {
			/* The old bottom line may now be mid-screen. */
			erase();
			tui_frame(t);
		} else if (rc == OK && ch == KEY_ESCAPE)
			is_done = true;
		else if ((rc == OK && (ch == '\n' || ch == '\r')) ||
		    (rc == KEY_CODE_YES && ch == KEY_ENTER))
			is_done = is_kept = true;
		else
			line_edit_key(&le, rc, ch, &is_changed);
	}
	curs_set(0);
	if (is_kept) {
		/* At most N - 1 bytes, never half a character. */
		text = line_edit_text(&le);
		if ((len = strlen(text)) >= n) {
			len = n - 1;
			while (len > 0 && ((unsigned char)text[len] & 0xc0) == 0x80)
				len--;
		}
		memcpy(buf, text, len);
		buf[len] = '\0';
		free(text);
	}
	line_edit_free(&le);
	return is_kept;
}

void
tui_search_clear(struct tui *t)
{
	t->search[0] = '\0';
}

static unsigned
search(struct tui *t, struct screen *sc, int dir, bool is_new)
{
	if (sc->ops->search == NULL) {
		tui_message(t, "nothing to search on this screen");
		return UI_REDRAW;
	}
	if (is_new && !tui_prompt(t, "Search:", t->search, sizeof t->search))
		return UI_REDRAW;
	if (t->search[0] == '\0') {
		tui_message(t, "search for what? press / first");
		return UI_REDRAW;
	}
	if (!sc->ops->search(sc, t->search, dir, is_new))
		tui_message(t, "no %s match for \"%s\"", dir > 0 ? "further" :
		    "earlier", t->search);
	return UI_REDRAW;
}

/* What is left to the loop once the screen passed on ACT. */
static unsigned
global(struct tui *t, struct screen *sc, enum action act)
{
	switch (act) {
	case ACT_BACK:
		return t->depth > 1 ? UI_POP : UI_QUIT;
	case ACT_QUIT:
		return UI_QUIT;
	case ACT_HELP:
		if (sc->ops != &screen_help_ops)
			tui_push(t, &screen_help_ops, sc->ops);
		return UI_REDRAW;
	case ACT_REFRESH:
		clearok(curscr, TRUE);
		return UI_RELOAD;
	case ACT_SEARCH:
		return search(t, sc, 1, true);
	case ACT_SEARCH_NEXT:
		return search(t, sc, 1, false);
	case ACT_SEARCH_PREV:
		return search(t, sc, -1, false);
	case ACT_GO_HOME:
		go_to(t, &screen_home_ops);
		return UI_REDRAW;
	case ACT_GO_INCIDENTS:
		go_to(t, &screen_incidents_ops);
		return UI_REDRAW;
	case ACT_GO_PRODUCTS:
		go_to(t, &screen_products_ops);
		return UI_REDRAW;
	case ACT_GO_AUDIT:
		go_to(t, &screen_audit_ops);
		return UI_REDRAW;
	case ACT_GO_USERS:
		go_to(t, &screen_users_ops);
		return UI_REDRAW;
	case ACT_GO_APPROVALS:
		go_to(t, &screen_approvals_ops);
		return UI_REDRAW;
	case ACT_GO_COMPLIANCE:
		go_to(t, &screen_compliance_ops);
		return UI_REDRAW;
	default:
		return UI_NONE;
	}
}

/* A click: on the status line's hints, or on the screen's body. */
static unsigned
click(struct tui *t, struct screen *sc)
{
	MEVENT me;
	bool is_double;

	if (getmouse(&me) != OK)
		return UI_NONE;
	is_double = (me.bstate & BUTTON1_DOUBLE_CLICKED) != 0;
	if (me.y == LINES - 1) {
		if (me.x >= COLS - 22 && me.x < COLS - 15)
			return global(t, sc, ACT_HELP);
		if (me.x >= COLS - 15 && me.x < COLS - 8)
			return global(t, sc, ACT_BACK);
		if (me.x >= COLS - 8)
			return UI_QUIT;
		return UI_NONE;
	}
	if (me.y >= 1 && me.y < LINES - 1 && sc->ops->click != NULL)
		return sc->ops->click(sc, me.y - 1, me.x, is_double);
	return UI_NONE;
}

static unsigned
dispatch(struct tui *t, int rc, wint_t ch)
{
	struct screen *sc = top(t);
	enum action act;
	unsigned res;
	int key = (int)ch;

	if (rc == KEY_CODE_YES && ch == KEY_RESIZE)
		return UI_REDRAW;
	if (rc == KEY_CODE_YES && ch == KEY_MOUSE)
		return click(t, sc);
	t->message[0] = '\0';
	if (sc->ops->key != NULL && (res = sc->ops->key(sc, rc, ch)) &
	    UI_HANDLED)
		return res;
	/* A typed character whose code point is that of a function key
	 * (U+0102 is KEY_DOWN, U+0161 KEY_BTAB) is no key of the table. */
	act = rc == OK && ch >= KEY_MIN ? ACT_NONE :
	    keymap_lookup(sc->ops->name, key);
	res = sc->ops->handle != NULL ? sc->ops->handle(sc, act) : UI_NONE;
	if (!(res & UI_HANDLED) && !(res & (UI_POP | UI_QUIT)))
		res |= global(t, sc, act);
	return res;
}

static void
run(struct tui *t)
{
	struct screen *sc;
	unsigned res = UI_REDRAW;
	wint_t ch;
	int rc;

	while (t->depth > 0) {
		if (got_stop)
			break;
		if (res & UI_RELOAD)
			read_nearest(t);
		if (res & UI_RELOAD && (sc = top(t))->ops->reload != NULL)
			sc->ops->reload(sc);
		if (res & (UI_REDRAW | UI_RELOAD))
			draw(t);
		errno = 0;
		rc = get_wch(&ch);
		if (rc == ERR) {
			if (errno != 0 && errno != EINTR)
				break;                  /* the terminal went away */
			/* The tick: read again now and then, for changes made
			 * by another process. */
			res = ++t->ticks % RELOAD_TICKS == 0 ? UI_RELOAD : UI_NONE;
			continue;
		}
		res = dispatch(t, rc, ch);
		if (res & UI_QUIT)
			break;
		if (res & UI_POP) {
			pop(t);
			res |= UI_REDRAW;
		}
		res |= UI_REDRAW;
	}
}

enum status
tui_run(struct session *s, struct err *err)
{
	struct tui t = { .s = s };
	SCREEN *scr;
	enum status st;

	if ((scr = newterm(NULL, stdout, stdin)) == NULL)
		return err_set(err, ST_IO, "cannot start the console on terminal "
		    "type %s; set TERM or use a subcommand (herald --help)",
		    getenv("TERM") != NULL ? getenv("TERM") : "(unset)");
	die_set_hook(die_hook);
	signals_set(true);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(TICK_MS);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED, NULL);
	mouseinterval(200);
	text_set_utf8(strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	theme_init();
	read_nearest(&t);
	st = tui_push(&t, &screen_home_ops, NULL);
	if (st == ST_OK)
		run(&t);
	else
		err_set(err, st, "%s", t.message);
	while (t.depth > 0)
		pop(&t);
	deadline_clear(&t.nearest);
	endwin();
	delscreen(scr);
	signals_set(false);
	die_set_hook(NULL);
	got_stop = 0;
	return st;
}
