/* tui/tui.c - the console's home screen: who you are and what herald knows. */
#include "config.h"

#include "tui/tui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "core/incident.h"
#include "util/xalloc.h"

#define RECENT_MAX 10
#define STATES_MAX 8               /* room for incident_states() */
#define KEY_ESC    27
#define CTRL_L     12

enum { PAIR_HIGH = 1, PAIR_MEDIUM };

/* What the home screen shows; loaded once, redrawn on every resize. */
struct home {
	struct session *s;
	struct rowlist  recent;        /* struct incident, newest first */
	long long       by_state[STATES_MAX]; /* like incident_states() */
	long long       total;
	long long       drills;
	bool            has_color;
	bool            is_utf8;
	char            problem[512];  /* why loading failed, or "" */
};

static void
die_hook(void)
{
	if (!isendwin())
		endwin();
}

/*
 * Copy the longest prefix of IN that fits in COLS display columns into OUT
 * (OUTSZ bytes) and return the columns used. Widths come from wcwidth(), so
 * a double-width character that would straddle the edge is left out rather
 * than cut. Invalid bytes and control characters become '?', so a title
 * can never send escape sequences to the terminal. When IN does not fit,
 * the last column holds ELLIPSIS (which must be one column wide).
 */
static int
fit_cols(const char *in, int cols, const char *ellipsis, char *out,
    size_t outsz)
{
	mbstate_t ps;
	size_t len = 0, n, elen = strlen(ellipsis);
	int used = 0, w, room;
	wchar_t wc;
	const char *p = in;

	out[0] = '\0';
	if (cols <= 0 || outsz < elen + 2)
		return 0;
	memset(&ps, 0, sizeof ps);
	while (*p != '\0') {
		n = mbrtowc(&wc, p, strlen(p), &ps);
		if (n == (size_t)-1 || n == (size_t)-2) {
			memset(&ps, 0, sizeof ps);
			wc = L'?';
			n = 1;
			w = 1;
		} else if ((w = wcwidth(wc)) < 0) {
			wc = L'?';
			w = 1;
		}
		/* Keep one column (and the bytes) for the ellipsis unless this
		 * is the last character. */
		room = p[n] == '\0' ? cols : cols - 1;
		if (used + w > room || len + n + elen + 1 > outsz) {
			if (used + 1 <= cols) {
				memcpy(out + len, ellipsis, elen + 1);
				used++;
			}
			return used;
		}
		if (wc == L'?' && *p != '?')
			out[len++] = '?';
		else {
			memcpy(out + len, p, n);
			len += n;
		}
		out[len] = '\0';
		used += w;
		p += n;
	}
	return used;
}

/* Draw S at row Y, column X, in at most COLS columns and never past the
 * right edge (curses would wrap); returns the columns used. */
static int
put_fit(struct home *h, int y, int x, const char *s, int cols)
{
	char buf[1024];
	int used;

	if (cols > COLS - x)
		cols = COLS - x;
	if (cols <= 0 || y < 0 || y >= LINES)
		return 0;
	used = fit_cols(s != NULL ? s : "", cols, h->is_utf8 ? "\u2026" : "~",
	    buf, sizeof buf);
	mvaddstr(y, x, buf);
	return used;
}

static void
home_load(struct home *h)
{
	const char *const *states = incident_states();
	struct incident_filter f = { .drills = -1 };
	struct err err = { 0 };
	enum status st;
	size_t k;

	st = incident_count(h->s, &f, &h->total, &err);
	for (k = 0; st == ST_OK && k < STATES_MAX && states[k] != NULL; k++) {
		f.state = states[k];
		st = incident_count(h->s, &f, &h->by_state[k], &err);
	}
	f.state = NULL;
	f.drills = 1;
	if (st == ST_OK)
		st = incident_count(h->s, &f, &h->drills, &err);
	f.drills = -1;
	f.limit = RECENT_MAX;
	if (st == ST_OK)
		st = incident_list(h->s, &f, &h->recent, &err);
	if (st != ST_OK)
		snprintf(h->problem, sizeof h->problem, "%s", err.msg);
}

static void
draw_status(struct home *h)
{
	const struct user *u = &h->s->user;
	char line[512], roles[256];
	size_t i, len = 0;
	const char *hint = " q quit ";
	int hintw = (int)strlen(hint);

	roles[0] = '\0';
	for (i = 0; u->roles != NULL && u->roles[i] != NULL &&
	    len < sizeof roles; i++)
		len += (size_t)snprintf(roles + len, sizeof roles - len, "%s%s",
		    i > 0 ? "," : "", u->roles[i]);
	if (u->id == 0)
		snprintf(line, sizeof line, " %s  read-only: not a herald user"
		    "  schema %d", h->s->login != NULL ? h->s->login : "?",
		    db_schema_version(h->s->db));
	else
		snprintf(line, sizeof line, " %s  %s  schema %d", h->s->login,
		    roles[0] != '\0' ? roles : "no roles",
		    db_schema_version(h->s->db));

	attron(A_REVERSE);
	mvhline(LINES - 1, 0, ' ', COLS);
	put_fit(h, LINES - 1, 0, line, COLS > hintw ? COLS - hintw : COLS);
	if (COLS > hintw * 3)
		mvaddstr(LINES - 1, COLS - hintw, hint);
	attroff(A_REVERSE);
}

static attr_t
severity_attr(const struct home *h, const char *sev)
{
	if (sev == NULL)
		return A_NORMAL;
	if (strcmp(sev, "critical") == 0)
		return A_BOLD | (h->has_color ? COLOR_PAIR(PAIR_HIGH) : 0);
	if (strcmp(sev, "high") == 0)
		return h->has_color ? COLOR_PAIR(PAIR_HIGH) : A_BOLD;
	if (strcmp(sev, "medium") == 0 && h->has_color)
		return COLOR_PAIR(PAIR_MEDIUM);
	return A_NORMAL;
}

static void
draw_incidents(struct home *h, int y)
{
	const char *const *states = incident_states();
	struct incident *in;
	char line[512];
	size_t i, len;
	int idw = 2;

	len = (size_t)snprintf(line, sizeof line, "Incidents: %lld", h->total);
	for (i = 0; i < STATES_MAX && states[i] != NULL && len < sizeof line;
	    i++)
		len += (size_t)snprintf(line + len, sizeof line - len, "%s%lld %s",
		    i == 0 ? " (" : ", ", h->by_state[i], states[i]);
	if (h->drills > 0 && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len,
		    ", %lld drill%s", h->drills, h->drills == 1 ? "" : "s");
	if (len < sizeof line)
		snprintf(line + len, sizeof line - len, ")");
	put_fit(h, y, 1, line, COLS - 2);
	y += 2;

	if (h->recent.count == 0) {
		put_fit(h, y, 1, "No incidents yet (herald incident new "
		    "opens one).", COLS - 2);
		return;
	}
	for (i = 0; i < h->recent.count; i++) {
		in = rowlist_at(&h->recent, i);
		if (in->ref != NULL && (int)strlen(in->ref) > idw)
			idw = (int)strlen(in->ref);
	}
	snprintf(line, sizeof line, "%-*s  %-8s  %-9s  TITLE", idw, "ID",
	    "SEVERITY", "STATE");
	attron(A_BOLD);
	put_fit(h, y, 1, line, COLS - 2);
	attroff(A_BOLD);
	for (i = 0; i < h->recent.count && y + 1 < LINES - 1; i++) {
		in = rowlist_at(&h->recent, i);
		y++;
		put_fit(h, y, 1, in->ref, idw);
		attron(severity_attr(h, in->severity));
		put_fit(h, y, 1 + idw + 2, in->severity, 8);
		attroff(severity_attr(h, in->severity));
		put_fit(h, y, 1 + idw + 12, in->state, 9);
		put_fit(h, y, 1 + idw + 23, in->title, COLS - idw - 25);
	}
}

static void
home_draw(struct home *h)
{
	char title[1024];
	int y = 2;

	erase();
	snprintf(title, sizeof title, "herald %s %s", h->is_utf8 ? "\u2014" : "-",
	    db_path(h->s->db));
	attron(A_BOLD);
	put_fit(h, 0, 0, title, COLS);
	attroff(A_BOLD);
	if (h->problem[0] != '\0') {
		put_fit(h, y, 1, "Could not read the incidents:", COLS - 2);
		put_fit(h, y + 1, 1, h->problem, COLS - 2);
	} else
		draw_incidents(h, y);
	draw_status(h);
	refresh();
}

/* Run the console on S until the person quits: q, Q or Esc. */
enum status
tui_run(struct session *s, struct err *err)
{
	struct home h = { .s = s };
	const char *nc = getenv("NO_COLOR");
	SCREEN *scr;
	int ch;
	bool quit = false;

	rowlist_init(&h.recent, sizeof(struct incident));
	home_load(&h);

	scr = newterm(NULL, stdout, stdin);
	if (scr == NULL) {
		rowlist_free(&h.recent, (row_clear_fn)incident_clear);
		return err_set(err, ST_IO, "cannot start the console on terminal "
		    "type %s; set TERM or use a subcommand (herald --help)",
		    getenv("TERM") != NULL ? getenv("TERM") : "(unset)");
	}
	die_set_hook(die_hook);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	h.is_utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (has_colors() && (nc == NULL || *nc == '\0') && start_color() == OK) {
		use_default_colors();
		init_pair(PAIR_HIGH, COLOR_RED, -1);
		init_pair(PAIR_MEDIUM, COLOR_YELLOW, -1);
		h.has_color = true;
	}

	home_draw(&h);
	while (!quit) {
		errno = 0;
		ch = getch();
		switch (ch) {
		case ERR:
			/* A signal may interrupt the read; anything else means
			 * the terminal is gone. */
			quit = errno != EINTR;
			break;
		case 'q':
		case 'Q':
		case KEY_ESC:
			quit = true;
			break;
		case KEY_RESIZE:
		case CTRL_L:
			clearok(curscr, TRUE);
			home_draw(&h);
			break;
		default:
			break;
		}
	}

	endwin();
	delscreen(scr);
	die_set_hook(NULL);
	rowlist_free(&h.recent, (row_clear_fn)incident_clear);
	return ST_OK;
}
