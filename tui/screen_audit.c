/* tui/screen_audit.c - the audit log, newest first, a page at a time, under
 * the state of its hash chain. */
#include "config.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "core/audit.h"
#include "core/clock.h"
#include "tui/listview.h"
#include "tui/logins.h"
#include "tui/screen.h"
#include "tui/text.h"
#include "tui/theme.h"
#include "util/xalloc.h"

#define FOOTER_ROWS   3          /* a rule and two lines about the row */
#define SEARCH_MAX    2000       /* rows a search reads before it stops */
#define SEARCH_CHUNK  500
#define BIG_CHAIN     50000      /* longer chains are walked on request only */

enum acol { C_SEQ, C_TIME, C_ACTOR, C_ACTION, C_SUBJECT, C_DETAIL, NCOLS };

struct audit_screen {
	struct session     *s;
	struct listview     lv;            /* struct audit_row, newest first */
	struct logins       logins;        /* "user:ID" to logins, read once */
	char               *actor;         /* filter: "user:ID" or NULL */
	char               *subject;       /* filter: "kind:ID" or NULL */
	char                filter[256];   /* the filter as the person typed it */
	/* The last walk of the chain: audit_verify() is O(rows), so it runs
	 * on open and on an explicit refresh only, never on the timer. */
	bool                is_verified;
	enum status         verify_st;
	struct audit_report rep;
	char                verify_msg[512];
	char                verified_at[8];    /* local HH:MM */
	long long           head_seq;      /* the newest row's seq, per reload */
	bool                is_refresh;    /* Ctrl-L/F5 pressed: verify again */
	int                 width[NCOLS];  /* only grow, so columns stay put */
	int                 list_row;      /* body row of the first list row */
};

/* The listview's keyset fetch: display order is seq descending. */
static enum status
fetch(void *ctx, const void *anchor, bool is_backward, int limit,
    struct rowlist *out, struct err *err)
{
	struct audit_screen *a = ctx;
	const struct audit_row *r = anchor;

	if (limit > AUDIT_PAGE_MAX)
		limit = AUDIT_PAGE_MAX;
	return audit_page(a->s->db, a->actor, a->subject, r != NULL ? r->seq : 0,
	    is_backward, limit, out, err);
}

/* The newest row's seq (0 for an empty log), or -1 when unreadable. */
static long long
newest_seq(struct audit_screen *a)
{
	struct rowlist one;
	long long seq = -1;

	if (audit_page(a->s->db, NULL, NULL, 0, false, 1, &one, NULL) == ST_OK)
		seq = one.count > 0 ? ((struct audit_row *)rowlist_at(&one, 0))->seq : 0;
	rowlist_free(&one, (row_clear_fn)audit_row_clear);
	return seq;
}

/* Walk the whole chain. On a big log this takes seconds, so say so on the
 * line the result will take (ROW) before starting. */
static void
verify(struct audit_screen *a, int row)
{
	struct err err = { 0 };
	char note[128];
	struct tm tm;
	time_t now;

	a->head_seq = newest_seq(a);
	if (a->head_seq > BIG_CHAIN && row >= 0) {
		snprintf(note, sizeof note, "Verifying the audit chain: %lld rows...",
		    a->head_seq);
		attron(theme_attr(ROLE_DIM));
		mvhline(row, 0, ' ', COLS);
		text_put(row, 1, note, COLS - 2, false);
		attroff(theme_attr(ROLE_DIM));
		refresh();
	}
	a->verify_st = audit_verify(a->s->db, NULL, &a->rep, &err);
	snprintf(a->verify_msg, sizeof a->verify_msg, "%s", err.msg);
	now = clock_now();
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(a->verified_at, sizeof a->verified_at, "%H:%M", &tm) == 0)
		a->verified_at[0] = '\0';
	a->is_verified = true;
}

static enum status
open_audit(struct screen *sc, const void *arg, struct err *err)
{
	struct audit_screen *a = sc->priv;

	(void)arg;
	(void)err;
	a->s = tui_session(sc->tui);
	listview_init(&a->lv, sizeof(struct audit_row),
	    (row_clear_fn)audit_row_clear, fetch, a);
	/* The rows the first draw will show: one fetch, not two. */
	listview_set_height(&a->lv, LINES - 4 - FOOTER_ROWS);
	/* Without the user list, actors show as user:ID: no reason to fail. */
	logins_load(&a->logins, a->s, NULL);
	/* A long chain takes seconds to walk: opening the screen must not;
	 * the person asks for it with F5. */
	a->head_seq = newest_seq(a);
	if (a->head_seq <= BIG_CHAIN)
		verify(a, 1);
	listview_first(&a->lv, false);
	return ST_OK;
}

static void
close_audit(struct screen *sc)
{
	struct audit_screen *a = sc->priv;

	listview_free(&a->lv);
	logins_free(&a->logins);
	free(a->actor);
	free(a->subject);
}

static void
reload(struct screen *sc)
{
	struct audit_screen *a = sc->priv;

	if (a->is_refresh) {
		a->is_refresh = false;
		verify(a, 1);
	} else
		a->head_seq = newest_seq(a);
	listview_reload(&a->lv);
}

/* AT (UTC RFC 3339) as local "YYYY-MM-DD HH:MM", or WITH_SECONDS as
 * "YYYY-MM-DD HH:MM:SS +ZZZZ". */
static const char *
local_time(const char *at, bool with_seconds, char *buf, size_t n)
{
	struct tm tm;
	time_t t;

	if (at == NULL || clock_parse(at, &t, NULL) != ST_OK ||
	    localtime_r(&t, &tm) == NULL || strftime(buf, n, with_seconds ?
	    "%Y-%m-%d %H:%M:%S %z" : "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(buf, n, "%s", at != NULL ? at : "");
	return buf;
}

/* Draw MSG on up to two lines from Y, breaking at a space; returns the
 * lines used. */
static int
put_wrapped(int y, const char *msg, int cols)
{
	char first[512];
	size_t cut = 0, i;

	if (text_width(msg) <= cols) {
		text_put(y, 1, msg, cols, false);
		return 1;
	}
	for (i = 0; msg[i] != '\0' && i < sizeof first; i++) {
		if (msg[i] != ' ')
			continue;
		memcpy(first, msg, i);
		first[i] = '\0';
		if (text_width(first) > cols)
			break;
		cut = i;
	}
	if (cut == 0) {
		text_put(y, 1, msg, cols, false);
		return 1;
	}
	memcpy(first, msg, cut);
	first[cut] = '\0';
	text_put(y, 1, first, cols, false);
	text_put(y + 1, 1, msg + cut + 1, cols, false);
	return 2;
}

/* The chain's state as of the last walk; returns the lines used. */
static int
draw_chain(const struct audit_screen *a, int y, int cols)
{
	char line[1024];
	size_t len;
	long long newer;
	int n;

	if (!a->is_verified) {
		snprintf(line, sizeof line, "%lld rows, not verified yet: F5 or "
		    "Ctrl-L walks the whole chain (a few seconds)", a->head_seq);
		attron(theme_attr(ROLE_DIM));
		text_put(y, 1, line, cols - 2, false);
		attroff(theme_attr(ROLE_DIM));
		return 1;
	}
	if (a->verify_st != ST_OK) {
		attron(theme_attr(ROLE_ERROR));
		n = put_wrapped(y, a->verify_msg, cols - 2);
		attroff(theme_attr(ROLE_ERROR));
		return n;
	}
	len = (size_t)snprintf(line, sizeof line, "Chain intact, %lld row%s",
	    a->rep.count, a->rep.count == 1 ? "" : "s");
	if (a->rep.count > 0 && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len,
		    ", head %.12s%s", a->rep.head, text_is_utf8() ? "\u2026" : "...");
	if (a->verified_at[0] != '\0' && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len,
		    " (verified %s", a->verified_at);
	newer = a->head_seq - a->rep.count;
	if (a->verified_at[0] != '\0' && len < sizeof line)
		snprintf(line + len, sizeof line - len, newer > 0 ? "; %lld newer "
		    "row%s since, F5 verifies)" : ")", newer, newer == 1 ? "" : "s");
	attron(theme_attr(ROLE_GOOD));
	text_put(y, 1, line, cols - 2, false);
	attroff(theme_attr(ROLE_GOOD));
	return 1;
}

/* Grow the columns to fit the rows on screen; the detail takes the rest,
 * or goes (to the footer only) when fewer than 8 columns are left. */
static void
widths(struct audit_screen *a, int cols)
{
	static const int caps[NCOLS] = { 10, 16, 12, 22, 20, 0 };
	static const int mins[NCOLS] = { 3, 16, 5, 6, 7, 0 };
	const struct audit_row *r;
	char buf[32];
	int c, w, used = 1;
	size_t i;

	for (c = 0; c < C_DETAIL; c++)
		if (a->width[c] < mins[c])
			a->width[c] = mins[c];
	for (i = 0; i < a->lv.rows.count; i++) {
		r = rowlist_at(&a->lv.rows, i);
		snprintf(buf, sizeof buf, "%lld", r->seq);
		if ((w = text_width(buf)) > a->width[C_SEQ])
			a->width[C_SEQ] = w;
		if ((w = text_width(logins_actor(&a->logins, r->actor))) >
		    a->width[C_ACTOR])
			a->width[C_ACTOR] = w;
		if ((w = text_width(r->action)) > a->width[C_ACTION])
			a->width[C_ACTION] = w;
		if ((w = text_width(r->subject)) > a->width[C_SUBJECT])
			a->width[C_SUBJECT] = w;
	}
	for (c = 0; c < C_DETAIL; c++) {
		if (a->width[c] > caps[c])
			a->width[c] = caps[c];
		used += a->width[c] + 1;
	}
	a->width[C_DETAIL] = cols - used - 1 >= 8 ? cols - used - 1 : 0;
}

static void
draw_row(const struct audit_screen *a, const struct audit_row *r, int y,
    int cols, bool is_sel)
{
	const char *text[NCOLS];
	char seq[32], when[64], detail[512];
	int c, x = 1;

	snprintf(seq, sizeof seq, "%lld", r->seq);
	text[C_SEQ] = seq;
	text[C_TIME] = local_time(r->at, false, when, sizeof when);
	text[C_ACTOR] = logins_actor(&a->logins, r->actor);
	text[C_ACTION] = r->action;
	text[C_SUBJECT] = r->subject;
	/* As words in the list; the exact JSON is in the footer. */
	text[C_DETAIL] = audit_detail_text(r->detail, detail, sizeof detail);
	if (is_sel) {
		attron(theme_attr(ROLE_SELECTED));
		mvhline(y, 0, ' ', cols);
	}
	for (c = 0; c < NCOLS; c++) {
		if (a->width[c] == 0)
			continue;
		if (c == C_SEQ)             /* numbers right-aligned */
			x += a->width[c] - text_width(seq);
		if (c == C_DETAIL && !is_sel)
			attron(theme_attr(ROLE_DIM));
		text_put(y, x, text[c], a->width[c], false);
		if (c == C_DETAIL && !is_sel)
			attroff(theme_attr(ROLE_DIM));
		x += (c == C_SEQ ? text_width(seq) : a->width[c]) + 1;
	}
	if (is_sel)
		attroff(theme_attr(ROLE_SELECTED));
}

/* The selected row in full: who, when, its hash, and the whole detail. */
static void
draw_footer(const struct audit_screen *a, int y, int cols)
{
	const struct audit_row *r = listview_selected(&a->lv);
	const char *login;
	char line[1024], when[64], who[128];

	attron(theme_attr(ROLE_DIM));
	mvhline(y, 0, text_is_utf8() ? ACS_HLINE : '-', cols);
	attroff(theme_attr(ROLE_DIM));
	if (r == NULL)
		return;
	login = logins_actor(&a->logins, r->actor);
	if (strcmp(login, r->actor) != 0)
		snprintf(who, sizeof who, "%s (%s)", login, r->actor);
	else
		snprintf(who, sizeof who, "%s", r->actor);
	snprintf(line, sizeof line, "Row %lld by %s at %s, hash %.16s%s", r->seq,
	    who, local_time(r->at, true, when, sizeof when),
	    r->hash != NULL ? r->hash : "", text_is_utf8() ? "\u2026" : "...");
	text_put(y + 1, 1, line, cols - 2, false);
	snprintf(line, sizeof line, "%s %s %s", r->action, r->subject,
	    r->detail != NULL ? r->detail : "{}");
	text_put(y + 2, 1, line, cols - 2, false);
}

static void
draw(struct screen *sc, int top, int rows, int cols)
{
	static const char *const heads[NCOLS] = { "Seq", "Time", "Actor",
	    "Action", "Subject", "Detail" };
	struct audit_screen *a = sc->priv;
	int footer = rows >= 10 ? FOOTER_ROWS : 0, y = top, c, x = 1, i;
	char line[512];

	y += draw_chain(a, y, cols);
	if (a->filter[0] != '\0') {
		snprintf(line, sizeof line, "Filter: %s (c clears)", a->filter);
		attron(theme_attr(ROLE_MESSAGE));
		text_put(y++, 1, line, cols - 2, false);
		attroff(theme_attr(ROLE_MESSAGE));
	}
	widths(a, cols);
	attron(theme_attr(ROLE_HEADER));
	mvhline(y, 0, ' ', cols);
	for (c = 0; c < NCOLS; c++) {
		if (a->width[c] == 0)
			continue;
		text_put(y, c == C_SEQ ? x + a->width[c] - 3 : x, heads[c],
		    a->width[c], false);
		x += a->width[c] + 1;
	}
	attroff(theme_attr(ROLE_HEADER));
	y++;
	a->list_row = y - top;
	listview_set_height(&a->lv, top + rows - footer - y);
	if (a->lv.problem[0] != '\0') {
		attron(theme_attr(ROLE_ERROR));
		text_put(y, 1, a->lv.problem, cols - 2, false);
		attroff(theme_attr(ROLE_ERROR));
	} else if (a->lv.rows.count == 0)
		text_put(y, 1, a->filter[0] != '\0' ? "No rows match the filter." :
		    "The audit log is empty.", cols - 2, false);
	for (i = 0; i < (int)a->lv.rows.count && y + i < top + rows - footer; i++)
		draw_row(a, rowlist_at(&a->lv.rows, (size_t)i), y + i, cols,
		    i == a->lv.cursor);
	if (footer > 0)
		draw_footer(a, top + rows - footer, cols);
}

/* Read "actor=alice subject=incident:12" into *ACTOR and *SUBJECT
 * (caller frees); false with a message in ERR when it does not parse. */
static bool
parse_filter(const struct audit_screen *a, const char *text, char **actor,
    char **subject, struct err *err)
{
	char *copy = xstrdup(text), *tok, *save = NULL, *val;
	long long id;
	bool is_ok = true;

	*actor = *subject = NULL;
	for (tok = strtok_r(copy, " \t", &save); tok != NULL && is_ok;
	    tok = strtok_r(NULL, " \t", &save)) {
		if ((val = strchr(tok, '=')) == NULL || val[1] == '\0') {
			err_set(err, ST_INVALID, "%s: write key=value, as in "
			    "actor=alice subject=incident:12", tok);
			is_ok = false;
			break;
		}
		*val++ = '\0';
		if (strcmp(tok, "actor") == 0) {
			free(*actor);
			if (strcmp(val, "system") == 0 || strncmp(val, "user:", 5) == 0)
				*actor = xstrdup(val);
			else if ((id = logins_id(&a->logins, val)) != 0)
				*actor = xasprintf("user:%lld", id);
			else {
				*actor = NULL;
				err_set(err, ST_NOTFOUND, "no user %s (actor is a login, "
				    "\"system\" or user:ID)", val);
				is_ok = false;
			}
		} else if (strcmp(tok, "subject") == 0) {
			free(*subject);
			*subject = xstrdup(val);
			if (strchr(val, ':') == NULL) {
				err_set(err, ST_INVALID, "subject %s: write kind:ID, as in "
				    "incident:12", val);
				is_ok = false;
			}
		} else {
			err_set(err, ST_INVALID, "%s: filter by actor= or subject=", tok);
			is_ok = false;
		}
	}
	free(copy);
	if (!is_ok) {
		free(*actor);
		free(*subject);
		*actor = *subject = NULL;
	}
	return is_ok;
}

static unsigned
set_filter(struct screen *sc)
{
	struct audit_screen *a = sc->priv;
	struct err err = { 0 };
	char text[256], *actor, *subject, *p;

	if (!tui_prompt(sc->tui, "Filter (actor=alice subject=incident:12)",
	    text, sizeof text))
		return UI_HANDLED | UI_REDRAW;
	p = text_trim(text);
	if (!parse_filter(a, p, &actor, &subject, &err)) {
		tui_message(sc->tui, "%s", err.msg);
		return UI_HANDLED | UI_REDRAW;
	}
	free(a->actor);
	free(a->subject);
	a->actor = actor;
	a->subject = subject;
	snprintf(a->filter, sizeof a->filter, "%s", actor != NULL ||
	    subject != NULL ? p : "");
	listview_first(&a->lv, false);
	return UI_HANDLED | UI_REDRAW;
}

static unsigned
handle(struct screen *sc, enum action act)
{
	struct audit_screen *a = sc->priv;
	unsigned res;

	if ((res = listview_handle(&a->lv, act)) != UI_NONE)
		return res;
	switch (act) {
	case ACT_FILTER:
		return set_filter(sc);
	case ACT_CLEAR:
		free(a->actor);
		free(a->subject);
		a->actor = a->subject = NULL;
		a->filter[0] = '\0';
		listview_first(&a->lv, false);
		return UI_HANDLED | UI_REDRAW;
	case ACT_REFRESH:
		/* The loop reloads next; this reload walks the chain too. */
		a->is_refresh = true;
		return UI_NONE;
	default:
		return UI_NONE;
	}
}

static unsigned
click(struct screen *sc, int row, int col, bool is_double)
{
	struct audit_screen *a = sc->priv;

	(void)col;
	(void)is_double;
	if (!listview_select(&a->lv, row - a->list_row))
		return UI_NONE;
	return UI_HANDLED | UI_REDRAW;
}

static bool
matches(const struct audit_row *r, const char *needle)
{
	return text_contains(r->action, needle) || text_contains(r->subject, needle) ||
	    text_contains(r->detail, needle);
}

/*
 * Show CHUNK's rows from J on (taking CHUNK's rows, freeing the others),
 * the cursor on the first, filled up to the list's height with the rows
 * after them, or near the end of the log with those before them: how a
 * search lands on a row beyond the page.
 */
static void
show_from(struct audit_screen *a, struct rowlist *chunk, size_t j)
{
	struct listview *lv = &a->lv;
	struct rowlist page, more, both;
	struct err err = { 0 };
	size_t i, want = (size_t)lv->height;
	int cursor = 0;

	rowlist_init(&page, sizeof(struct audit_row));
	for (i = 0; i < chunk->count; i++) {
		if (i >= j && page.count < want)
			memcpy(rowlist_push(&page), rowlist_at(chunk, i), chunk->size);
		else
			audit_row_clear(rowlist_at(chunk, i));
	}
	rowlist_free(chunk, NULL);
	if (page.count > 0 && page.count < want) {
		if (fetch(a, rowlist_at(&page, page.count - 1), false,
		    (int)(want - page.count), &more, &err) == ST_OK)
			for (i = 0; i < more.count; i++)
				memcpy(rowlist_push(&page), rowlist_at(&more, i), more.size);
		else
			rowlist_free(&more, lv->clear);
		rowlist_free(&more, NULL);
	}
	if (page.count > 0 && page.count < want) {
		if (fetch(a, rowlist_at(&page, 0), true, (int)(want - page.count),
		    &more, &err) == ST_OK) {
			rowlist_init(&both, sizeof(struct audit_row));
			for (i = 0; i < more.count; i++)
				memcpy(rowlist_push(&both), rowlist_at(&more, i), more.size);
			for (i = 0; i < page.count; i++)
				memcpy(rowlist_push(&both), rowlist_at(&page, i), page.size);
			cursor = (int)more.count;
			rowlist_free(&page, NULL);
			page = both;
		} else
			rowlist_free(&more, lv->clear);
		rowlist_free(&more, NULL);
	}
	rowlist_free(&lv->rows, lv->clear);
	lv->rows = page;
	lv->cursor = cursor;
}

/*
 * The next row (DIR 1: older, -1: newer) whose action, subject or detail
 * holds NEEDLE: on screen first, then page by page, reading at most
 * SEARCH_MAX rows. When it gives up it shows the last row it read, so
 * the next search goes on from there.
 */
static bool
search(struct screen *sc, const char *needle, int dir, bool is_new)
{
	struct audit_screen *a = sc->priv;
	struct listview *lv = &a->lv;
	struct rowlist chunk;
	struct err err = { 0 };
	const struct audit_row *anchor;
	struct audit_row key = { 0 };
	int i, read = 0;

	(void)is_new;  /* each search starts from the cursor anyway */
	if (lv->rows.count == 0)
		return false;
	for (i = lv->cursor + dir; i >= 0 && i < (int)lv->rows.count; i += dir) {
		if (matches(rowlist_at(&lv->rows, (size_t)i), needle)) {
			lv->cursor = i;
			return true;
		}
	}
	anchor = rowlist_at(&lv->rows, dir > 0 ? lv->rows.count - 1 : 0);
	key.seq = anchor->seq;
	while (read < SEARCH_MAX) {
		if (fetch(a, &key, dir < 0, SEARCH_CHUNK, &chunk, &err) != ST_OK) {
			rowlist_free(&chunk, (row_clear_fn)audit_row_clear);
			tui_message(sc->tui, "%s", err.msg);
			return true;
		}
		if (chunk.count == 0) {
			rowlist_free(&chunk, NULL);
			return false;
		}
		read += (int)chunk.count;
		/* Walk away from the anchor: forward in display order when
		 * going older, backward when going newer. */
		for (i = dir > 0 ? 0 : (int)chunk.count - 1;
		    i >= 0 && i < (int)chunk.count; i += dir) {
			if (matches(rowlist_at(&chunk, (size_t)i), needle)) {
				show_from(a, &chunk, (size_t)i);
				return true;
			}
		}
		key.seq = ((struct audit_row *)rowlist_at(&chunk, dir > 0 ?
		    chunk.count - 1 : 0))->seq;
		if (read >= SEARCH_MAX) {
			show_from(a, &chunk, dir > 0 ? chunk.count - 1 : 0);
			tui_message(sc->tui, "no \"%s\" in the next %d rows; "
			    "%s searches on from here", needle, read, dir > 0 ? "n" : "N");
			return true;
		}
		rowlist_free(&chunk, (row_clear_fn)audit_row_clear);
	}
	return false;
}

const struct screen_ops screen_audit_ops = {
	.name = "audit",
	.title = "Audit log",
	.priv_size = sizeof(struct audit_screen),
	.open = open_audit,
	.close = close_audit,
	.reload = reload,
	.draw = draw,
	.handle = handle,
	.click = click,
	.search = search,
};
